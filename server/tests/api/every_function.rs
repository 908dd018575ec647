//! Every server function, walked: none answers GET (SECURITY S5), and each answers a request it
//! cannot decode — a bad UUID, a wrong JSON type, a missing field, a malformed, empty or `null`
//! body, invalid UTF-8, deep nesting — with 400 and `{"error":"undecodable"}`, nothing more
//! (SECURITY S7). An `/api/…` name that is no server function gets a short 404.
//!
//! The walk is built from the app's own server-function types, and checked against the paths
//! the app registers: a new server function that is not walked here fails
//! `the_walk_covers_every_server_function_the_app_registers`.

use crate::common::TestApp;
use crate::on_both_backends;
use app::assessment::dashboard::{CompleteFollowUp, GetCountsOverview, GetUnitDashboard};
use app::assessment::group::{GetGroupRound, GetJointView};
use app::assessment::news::GetParentNews;
use app::assessment::planning::{
    GetIndicatorAdmin, GetOutboxKey, GetRoundPlanning, PlanRound, RetireIndicator,
    SaveAssessmentSettings, SaveIndicator,
};
use app::assessment::save::{SaveAdhoc, SaveIndividual, SetJoint};
use app::assessment::timeline::GetChildTimeline;
use app::assessment::{
    AdhocInput, Draft, IndicatorEdit, IndividualInput, JointInput, PlanRoundInput, WindowInput,
};
use app::auth::password::{InviteUser, PasswordLink, RequestPasswordReset, SetPassword};
use app::auth::second_factor::{BeginSecondFactor, ConfirmSecondFactor, GetSecondFactor};
use app::auth::{GetSsoOffer, Login, Logout, UnlockAccount, WhoAmI};
use app::backend::db::DbKind;
use app::care::answers::{
    AddOwnView, AnswerFocusMeeting, AnswerMeeting, GiveMeetingFeedback, MarkPlanRead,
};
use app::care::meetings::{
    CancelMeeting, GetChildCare, GetMeeting, ProposeFocusMeeting, SaveMeetingMinutes,
};
use app::care::overview::GetUnitCare;
use app::care::plans::{GetPlan, SaveActionPlan};
use app::care::specialists::InviteSpecialistToMeeting;
use app::care::InviteToMeeting;
use app::care::{ProposeMeeting, SaveMinutes, SavePlan};
use app::domain::{
    AgeBand, AssessmentContext, AssessmentSettings, ChildId, FollowUpId, GroupId, IdempotencyKey,
    IndicatorArea, IndicatorId, Position, RoundId, UnitId, UserId,
};
use app::domain::{MeetingAnswer, MeetingId, MeetingMinutes, PlanForm, PlanId, PlanStatus};
use app::org::access::{GetAccessSettings, SaveAccessSettings};
use app::org::child_page::GetChildPage;
use app::org::home::{GetHome, GetUnitGroups};
use app::org::import::{CsvFile, ImportCsv, ImportKind};
use app::org::people::{
    EndGuardianship, EndGuardianshipInput, EndMembership, EndMembershipInput, GetPeople,
    InviteSpecialist, InviteSpecialistInput, ResetSecondFactor, SetUserDisabled,
};
use app::org::AccessSettings;
use app::transition::consent::{GiveTransferConsent, RevokeTransferConsent};
use app::transition::settings::{GetTransferRules, SaveTransferRules};
use app::transition::staff::{GetChildTransitions, HandOverRecord, SaveTransitionDescription};
use app::transition::{GiveConsent, SaveDescription};
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use serde::Serialize;
use serde_json::{json, Value};
use std::collections::BTreeSet;

on_both_backends!(
    no_server_function_answers_get,
    every_server_function_answers_an_undecodable_request_with_400,
    an_unknown_server_function_gets_a_short_not_found,
);

/// How a server function's arguments travel.
enum Args {
    /// URL-encoded, no arguments.
    Nothing,
    /// URL-encoded fields (Leptos' default), as a JSON object of strings.
    Form(Value),
    /// A JSON object.
    Json(Value),
}

struct Endpoint {
    path: &'static str,
    /// A well-formed request, of ids that exist nowhere: it decodes, and changes nothing.
    args: Args,
}

fn nothing<F: ServerFn>() -> Endpoint {
    Endpoint {
        path: F::PATH,
        args: Args::Nothing,
    }
}

fn form<F: ServerFn + Serialize>(args: F) -> Endpoint {
    Endpoint {
        path: F::PATH,
        args: Args::Form(serde_json::to_value(args).expect("serialises")),
    }
}

fn json<F: ServerFn + Serialize>(args: F) -> Endpoint {
    Endpoint {
        path: F::PATH,
        args: Args::Json(serde_json::to_value(args).expect("serialises")),
    }
}

fn draft() -> Draft {
    Draft {
        key: IdempotencyKey::random(),
        group: GroupId::random(),
        child: ChildId::random(),
        position: Position::Yellow,
        context: AssessmentContext::Overall,
        note: "walk".to_owned(),
    }
}

/// Form fields a server function takes as optional: the login's second-factor code, which
/// the form's first submit does not have.
const OPTIONAL_FORM_FIELDS: &[&str] = &["code"];

/// Every server function of the app, with a well-formed request. Logout comes last: its
/// well-formed request ends the session.
fn endpoints() -> Vec<Endpoint> {
    vec![
        form(Login {
            username: "nobody.here".to_owned(),
            password: "not the password".to_owned(),
            code: Some("123456".to_owned()),
        }),
        nothing::<WhoAmI>(),
        nothing::<GetSsoOffer>(),
        nothing::<GetSecondFactor>(),
        nothing::<BeginSecondFactor>(),
        form(ConfirmSecondFactor {
            code: "123456".to_owned(),
        }),
        json(UnlockAccount {
            username: "nobody.here".to_owned(),
        }),
        json(InviteUser {
            username: "nobody.here".to_owned(),
        }),
        json(PasswordLink {
            token: "no-such-link".to_owned(),
        }),
        json(SetPassword {
            token: "no-such-link".to_owned(),
            password: "not the password".to_owned(),
        }),
        json(RequestPasswordReset {
            username: "nobody.here".to_owned(),
        }),
        nothing::<GetHome>(),
        nothing::<GetParentNews>(),
        json(GetUnitGroups {
            unit: UnitId::random(),
        }),
        json(GetChildPage {
            child: ChildId::random(),
        }),
        json(ImportCsv {
            kind: ImportKind::Groups,
            file: CsvFile(b"tilbud;gruppe\n".to_vec()),
        }),
        json(GetGroupRound {
            group: GroupId::random(),
        }),
        json(GetJointView {
            group: GroupId::random(),
        }),
        json(GetChildTimeline {
            child: ChildId::random(),
        }),
        json(SaveIndividual {
            input: IndividualInput {
                draft: draft(),
                round: RoundId::random(),
                indicators: vec![IndicatorId::random()],
                // Options are sent empty: a missing `Option` decodes as `None`.
                base_version: None,
            },
        }),
        json(SetJoint {
            input: JointInput {
                draft: draft(),
                round: RoundId::random(),
                base_version: None,
            },
        }),
        json(SaveAdhoc {
            input: AdhocInput { draft: draft() },
        }),
        nothing::<GetOutboxKey>(),
        json(GetUnitDashboard {
            unit: UnitId::random(),
        }),
        json(CompleteFollowUp {
            follow_up: FollowUpId::random(),
            done_on: "2026-11-23".to_owned(),
        }),
        nothing::<GetCountsOverview>(),
        nothing::<GetRoundPlanning>(),
        json(PlanRound {
            input: PlanRoundInput {
                name: "walk".to_owned(),
                windows: vec![WindowInput {
                    kind: "kindergarten".to_owned(),
                    starts_on: "2027-03-01".to_owned(),
                    ends_on: "2027-03-31".to_owned(),
                }],
                units: vec![UnitId::random()],
            },
        }),
        nothing::<GetIndicatorAdmin>(),
        json(SaveIndicator {
            edit: IndicatorEdit {
                replaces: None,
                position: Position::Green,
                age_band: AgeBand::Preschool,
                area: IndicatorArea::SocialSkills,
                text: "walk".to_owned(),
            },
        }),
        json(RetireIndicator {
            indicator: IndicatorId::random(),
        }),
        json(SaveAssessmentSettings {
            settings: AssessmentSettings::default(),
        }),
        nothing::<GetAccessSettings>(),
        json(SaveAccessSettings {
            settings: AccessSettings::default(),
        }),
        nothing::<GetPeople>(),
        json(EndMembership {
            input: EndMembershipInput {
                membership: "00000000-0000-4000-8000-000000000000"
                    .parse()
                    .expect("an id"),
                stops_on: time::macros::date!(2026 - 11 - 23),
            },
        }),
        json(SetUserDisabled {
            user: UserId::random(),
            disabled: false,
        }),
        json(ResetSecondFactor {
            user: UserId::random(),
        }),
        json(EndGuardianship {
            input: EndGuardianshipInput {
                guardian: UserId::random(),
                child: ChildId::random(),
                stops_on: time::macros::date!(2026 - 11 - 23),
            },
        }),
        json(InviteSpecialist {
            input: InviteSpecialistInput {
                child: ChildId::random(),
                specialist: "nobody.here".to_owned(),
                ends_on: time::macros::date!(2026 - 11 - 23),
            },
        }),
        json(GetChildCare {
            child: ChildId::random(),
        }),
        json(GetMeeting {
            meeting: MeetingId::random(),
        }),
        json(ProposeFocusMeeting {
            input: ProposeMeeting {
                child: ChildId::random(),
                follow_up: None,
                concern: "walk".to_owned(),
                place: "walk".to_owned(),
                times: vec!["2030-01-01T10:00".to_owned()],
                staff: vec![],
                guardians: vec![],
            },
        }),
        json(SaveMeetingMinutes {
            input: SaveMinutes {
                meeting: MeetingId::random(),
                version: 1,
                minutes: MeetingMinutes::default(),
                held_on: None,
            },
        }),
        json(CancelMeeting {
            meeting: MeetingId::random(),
        }),
        json(AnswerFocusMeeting {
            input: AnswerMeeting {
                meeting: MeetingId::random(),
                answer: MeetingAnswer::Declined,
                time: None,
                note: String::new(),
            },
        }),
        json(GiveMeetingFeedback {
            meeting: MeetingId::random(),
            listened: 3,
            knows_next: 3,
            comment: String::new(),
        }),
        json(AddOwnView {
            plan: PlanId::random(),
            text: "walk".to_owned(),
        }),
        json(MarkPlanRead {
            plan: PlanId::random(),
            version: 1,
        }),
        json(GetPlan {
            plan: PlanId::random(),
        }),
        json(GetUnitCare {
            unit: UnitId::random(),
        }),
        json(InviteSpecialistToMeeting {
            input: InviteToMeeting {
                meeting: MeetingId::random(),
                specialist: "nobody.here".to_owned(),
                role: app::domain::SpecialistRole::Psychologist,
                ends_on: time::macros::date!(2026 - 11 - 23),
            },
        }),
        json(SaveActionPlan {
            input: SavePlan {
                child: ChildId::random(),
                plan: None,
                version: 0,
                status: PlanStatus::Active,
                form: PlanForm::default(),
                meeting: None,
                follows: None,
            },
        }),
        json(GetChildTransitions {
            child: ChildId::random(),
        }),
        json(app::transition::lookups::GetChildLookups {
            child: ChildId::random(),
        }),
        nothing::<app::spot_check::GetSpotCheck>(),
        json(app::reports::rounds::GetRoundsReport {
            scope: "walk".to_owned(),
            by: String::new(),
        }),
        json(app::spot_check::DecideSpotCheck {
            decision: app::wire::spot_check::SpotCheckDecision {
                item: app::domain::SpotCheckItemId::random(),
                verdict: app::wire::spot_check::Verdict::Flagged,
                note: "walk".to_owned(),
            },
        }),
        // Out of range: refused, so the walk changes no setting.
        json(app::spot_check::SaveSpotCheckSample { size: 99 }),
        // An empty file: refused, so the walk imports nothing.
        json(app::reports::language::ImportLanguageAssessments {
            file: CsvFile(Vec::new()),
        }),
        json(app::reports::language::GetLanguageReport {
            language: "da".to_owned(),
        }),
        json(SaveTransitionDescription {
            input: SaveDescription {
                child: ChildId::random(),
                from_unit: UnitId::random(),
                to_unit: UnitId::random(),
                description: app::domain::TransitionDescription {
                    strengths: "walk".to_owned(),
                    what_helps: "walk".to_owned(),
                    watch_for: "walk".to_owned(),
                },
                version: 0,
            },
        }),
        json(HandOverRecord {
            child: ChildId::random(),
        }),
        json(GiveTransferConsent {
            input: GiveConsent {
                child: ChildId::random(),
                from_unit: UnitId::random(),
                to_unit: UnitId::random(),
                items: app::domain::ConsentItems {
                    assessments: true,
                    plans: false,
                    meetings: false,
                    description: false,
                },
                valid_until: "2027-08-31".to_owned(),
                // Options are sent empty: a missing `Option` decodes as `None`.
                paper: None,
            },
        }),
        json(RevokeTransferConsent {
            child: ChildId::random(),
            from_unit: UnitId::random(),
            to_unit: UnitId::random(),
        }),
        nothing::<GetTransferRules>(),
        json(SaveTransferRules {
            rules: app::domain::TransferRules::default(),
        }),
        nothing::<Logout>(),
    ]
}

#[test]
fn the_walk_covers_every_server_function_the_app_registers() {
    let registered: BTreeSet<(String, String)> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, method)| (path.to_owned(), method.to_string()))
        .collect();
    let walked: BTreeSet<(String, String)> = endpoints()
        .iter()
        .map(|e| (e.path.to_owned(), "POST".to_owned()))
        .collect();
    assert_eq!(
        walked.len(),
        endpoints().len(),
        "a server function is walked twice"
    );
    assert_eq!(
        registered, walked,
        "the app registers other server functions (or methods) than this file walks: add the \
         new one to `endpoints`"
    );
}

async fn no_server_function_answers_get(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    for signed_in in [false, true] {
        if signed_in {
            app.login_ok("leder").await;
        }
        for endpoint in endpoints() {
            let query = match &endpoint.args {
                Args::Nothing => String::new(),
                Args::Form(args) | Args::Json(args) => format!("?{}", encoded(&flat(args))),
            };
            let res = app.get(&format!("{}{query}", endpoint.path)).await;
            let status = res.status();
            assert!(
                status == StatusCode::METHOD_NOT_ALLOWED || status == StatusCode::NOT_FOUND,
                "GET {} (signed in: {signed_in}) answered {status}",
                endpoint.path
            );
        }
    }
}

/// The top-level fields as query text, for a GET that tries its luck.
fn flat(args: &Value) -> Vec<(String, String)> {
    args.as_object()
        .map(|fields| {
            fields
                .iter()
                .map(|(k, v)| {
                    (
                        k.clone(),
                        v.as_str().map_or_else(|| v.to_string(), str::to_owned),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

/// Fields URL-encoded, as a form sends them.
fn encoded(fields: &[(String, String)]) -> String {
    let mut url = reqwest::Url::parse("http://form.invalid/").expect("a URL");
    url.query_pairs_mut().extend_pairs(fields);
    url.query().unwrap_or_default().to_owned()
}

/// Sends a request with the test client's session cookie, unlike `TestApp::raw`.
async fn send(app: &TestApp, req: reqwest::RequestBuilder) -> reqwest::Response {
    let req = match app.session_token() {
        Some(token) => req.header(
            reqwest::header::COOKIE,
            format!("__Host-tvaers_session={token}"),
        ),
        None => req,
    };
    req.send().await.expect("the server answers")
}

/// One request the server cannot decode: what it is, its content type, its body.
struct Case {
    what: String,
    content_type: &'static str,
    body: Vec<u8>,
}

const JSON: &str = "application/json";
const FORM: &str = "application/x-www-form-urlencoded";

fn case(what: impl Into<String>, content_type: &'static str, body: impl Into<Vec<u8>>) -> Case {
    Case {
        what: what.into(),
        content_type,
        body: body.into(),
    }
}

/// Invalid UTF-8, for inside a string.
const NOT_UTF8: [u8; 3] = [0xff, 0xfe, 0xc3];

/// Every undecodable request for one server function.
fn undecodable(args: &Args) -> Vec<Case> {
    let mut cases = Vec::new();
    match args {
        Args::Nothing => {
            // Nothing to get wrong but the bytes themselves.
            cases.push(case("invalid UTF-8", FORM, NOT_UTF8));
        }
        Args::Form(sample) => {
            let fields = flat(sample);
            cases.push(case("empty body", FORM, ""));
            cases.push(case(
                "invalid UTF-8",
                FORM,
                [b"username=".as_slice(), &NOT_UTF8].concat(),
            ));
            let deep = format!("{}=1", "a[".repeat(64) + &"]".repeat(64));
            cases.push(case("deep nesting", FORM, deep));
            // A field the function takes as optional (`#[server(default)]`) may be left out.
            let required = |i: &usize| !OPTIONAL_FORM_FIELDS.contains(&fields[*i].0.as_str());
            for missing in (0..fields.len()).filter(required) {
                let kept: Vec<_> = fields
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| *i != missing)
                    .map(|(_, f)| f.clone())
                    .collect();
                cases.push(case(
                    format!("missing field {}", fields[missing].0),
                    FORM,
                    encoded(&kept),
                ));
            }
        }
        Args::Json(sample) => {
            let text = sample.to_string();
            cases.push(case("empty body", JSON, ""));
            cases.push(case("null", JSON, "null"));
            cases.push(case("malformed", JSON, &text[..text.len() / 2]));
            cases.push(case("trailing garbage", JSON, format!("{text}}}")));
            cases.push(case("an array", JSON, "[]"));
            cases.push(case("a number", JSON, "42"));
            cases.push(case("a string", JSON, "\"text\""));
            cases.push(case("no fields", JSON, "{}"));
            let deep = "[".repeat(10_000) + &"]".repeat(10_000);
            cases.push(case("deep nesting", JSON, deep));
            let deep_field = format!(
                "{{\"{}\":{}{}}}",
                first_field(sample),
                "{\"a\":".repeat(5_000),
                "}".repeat(5_000)
            );
            cases.push(case("deep nesting in a field", JSON, deep_field));
            cases.push(case("invalid UTF-8", JSON, with_invalid_utf8(sample)));
            for (path, mutated) in mutations(sample) {
                cases.push(case(path, JSON, mutated.to_string()));
            }
        }
    }
    cases
}

fn first_field(sample: &Value) -> String {
    sample
        .as_object()
        .and_then(|o| o.keys().next().cloned())
        .expect("a server function with JSON arguments has a field")
}

/// The sample with its first string made of invalid UTF-8 (or, with no string, a field name).
fn with_invalid_utf8(sample: &Value) -> Vec<u8> {
    const MARK: &str = "MARKxMARK";
    let mut marked = sample.clone();
    let text = if replace_first_string(&mut marked, MARK) {
        marked.to_string()
    } else {
        let text = sample.to_string();
        format!("{{\"{MARK}\":1,{}", &text[1..])
    };
    let (before, after) = text.split_once(MARK).expect("the mark");
    [before.as_bytes(), &NOT_UTF8, after.as_bytes()].concat()
}

fn replace_first_string(value: &mut Value, with: &str) -> bool {
    match value {
        Value::String(s) => {
            *s = with.to_owned();
            true
        }
        Value::Array(items) => items.iter_mut().any(|v| replace_first_string(v, with)),
        Value::Object(fields) => fields.values_mut().any(|v| replace_first_string(v, with)),
        _ => false,
    }
}

/// For every value in the sample: the sample with that value of a wrong type, with a string
/// that is no UUID where a UUID was, and (for every field of an object) without the field
/// unless it may be left out.
fn mutations(sample: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    mutate(sample, &mut Vec::new(), sample, &mut out);
    out
}

#[derive(Clone)]
enum Step {
    Field(String),
    Item(usize),
}

fn mutate(root: &Value, path: &mut Vec<Step>, here: &Value, out: &mut Vec<(String, Value)>) {
    // A value of another type.
    let wrong = match here {
        Value::String(_) => json!(7),
        Value::Number(_) => json!("7"),
        Value::Bool(_) => json!("yes"),
        Value::Array(_) | Value::Object(_) => json!(true),
        // An `Option` left empty: anything decodes as `None` only when it is null.
        Value::Null => json!({ "unexpected": [] }),
    };
    if !path.is_empty() {
        out.push((
            format!("wrong type at {}", name(path)),
            replaced(root, path, wrong),
        ));
    }
    if let Value::String(text) = here {
        if text.parse::<UnitId>().is_ok() {
            for bad in ["not-a-uuid", "'; DROP TABLE children; --", "", "0"] {
                out.push((
                    format!("bad UUID {bad:?} at {}", name(path)),
                    replaced(root, path, json!(bad)),
                ));
            }
        }
        let codes = [
            "yellow",
            "green",
            "overall",
            "preschool",
            "social_skills",
            "groups",
        ];
        if codes.contains(&text.as_str()) {
            out.push((
                format!("unknown code at {}", name(path)),
                replaced(root, path, json!("purple")),
            ));
        }
    }
    if let Value::Object(fields) = here {
        for (key, value) in fields {
            path.push(Step::Field(key.clone()));
            mutate(root, path, value, out);
            // A field that may be missing (an `Option`) is sent as null in the sample.
            if !value.is_null() {
                let mut copy = root.clone();
                if let Value::Object(o) = at(&mut copy, &path[..path.len() - 1]) {
                    o.remove(key);
                }
                out.push((format!("missing field {}", name(path)), copy));
            }
            path.pop();
        }
    }
    if let Value::Array(items) = here {
        for (i, item) in items.iter().enumerate() {
            path.push(Step::Item(i));
            mutate(root, path, item, out);
            path.pop();
        }
    }
}

fn name(path: &[Step]) -> String {
    path.iter()
        .map(|s| match s {
            Step::Field(f) => format!(".{f}"),
            Step::Item(i) => format!("[{i}]"),
        })
        .collect()
}

/// The root with the value at `path` replaced.
fn replaced(root: &Value, path: &[Step], value: Value) -> Value {
    let mut copy = root.clone();
    *at(&mut copy, path) = value;
    copy
}

fn at<'v>(value: &'v mut Value, path: &[Step]) -> &'v mut Value {
    path.iter().fold(value, |v, step| match step {
        Step::Field(f) => &mut v[f.as_str()],
        Step::Item(i) => &mut v[*i],
    })
}

async fn every_server_function_answers_an_undecodable_request_with_400(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    app.login_ok("leder").await;
    let before = app.count("SELECT COUNT(*) FROM assessments").await;
    let mut wrong = Vec::new();
    let mut sent = 0;
    for endpoint in endpoints() {
        // The well-formed request decodes: anything but 400 (mostly not found or forbidden).
        let well_formed = match &endpoint.args {
            Args::Nothing => app
                .raw()
                .post(app.url(endpoint.path))
                .header("content-type", FORM)
                .body(""),
            Args::Form(args) => app.raw().post(app.url(endpoint.path)).form(&flat(args)),
            Args::Json(args) => app.raw().post(app.url(endpoint.path)).json(args),
        };
        let status = send(&app, well_formed).await.status();
        assert_ne!(
            status,
            StatusCode::BAD_REQUEST,
            "the well-formed request to {} does not decode: the walk is out of date",
            endpoint.path
        );
        for case in undecodable(&endpoint.args) {
            let res = send(
                &app,
                app.raw()
                    .post(app.url(endpoint.path))
                    .header("content-type", case.content_type)
                    .body(case.body),
            )
            .await;
            sent += 1;
            let status = res.status();
            let text = res.text().await.expect("a body");
            let body: Option<Value> = serde_json::from_str(&text).ok();
            if status != StatusCode::BAD_REQUEST || body != Some(json!({"error": "undecodable"})) {
                wrong.push(format!(
                    "{} {}: {status} {text:.200}",
                    endpoint.path, case.what
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} of {sent} undecodable requests were not a plain 400:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
    assert!(sent > 150, "the walk sent {sent} requests");
    assert_eq!(app.count("SELECT COUNT(*) FROM assessments").await, before);
}

async fn an_unknown_server_function_gets_a_short_not_found(kind: DbKind) {
    let app = TestApp::spawn(kind).await;
    for signed_in in [false, true] {
        if signed_in {
            app.login_ok("leder").await;
        }
        for name in ["no_such_function", "child_page/extra", "LOGIN", "login.php"] {
            let (status, body) = app.call(name, json!({})).await;
            let path = format!("/api/{name}");
            assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
            assert_eq!(body, json!({"error": "not_found"}), "{path}");
        }
    }
}
