//! The typed client: one method per server function, taking and answering the app's own wire
//! types. Each method sends the server function's own argument struct to the function's own
//! path, so a renamed function, argument or field breaks the build, not a test at run time.
//!
//! A call answers `Ok` only for `200 OK`; anything else is a [`Refused`] with the status and
//! the decoded [`AppError`]. Both ways the body must be exactly what the type says: a field
//! the type does not know fails the test instead of being dropped unseen.

use super::{read_json, TestApp};
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
    AdhocInput, ChildTimeline, GroupRound, IndicatorAdmin, IndicatorEdit, IndividualInput,
    JointInput, JointView, PlanRoundInput, RoundPlanning, Saved, UnitCounts, UnitDashboard,
};
use app::auth::password::{InviteUser, PasswordLink, RequestPasswordReset, SetPassword};
use app::auth::second_factor::{
    BeginSecondFactor, ConfirmSecondFactor, GetSecondFactor, NewSecondFactor, SecondFactorStatus,
};
use app::auth::{Login, LoginNext, Logout, Me, UnlockAccount, WhoAmI};
use app::care::answers::{
    AddOwnView, AnswerFocusMeeting, AnswerMeeting, GiveMeetingFeedback, MarkPlanRead,
};
use app::care::meetings::{
    CancelMeeting, GetChildCare, GetMeeting, ProposeFocusMeeting, SaveMeetingMinutes,
};
use app::care::overview::GetUnitCare;
use app::care::plans::{GetPlan, PlanSaved, SaveActionPlan};
use app::care::specialists::InviteSpecialistToMeeting;
use app::care::{ChildCare, MeetingPage, PlanPage, ProposeMeeting, SaveMinutes, SavePlan};
use app::care::{InviteToMeeting, UnitCare};
use app::domain::{AssessmentSettings, ChildId, FollowUpId, GroupId, IndicatorId, RoundId, UnitId};
use app::domain::{MeetingId, PlanId};
use app::error::{AppError, ProblemCode};
use app::org::access::{GetAccessSettings, SaveAccessSettings};
use app::org::child_page::GetChildPage;
use app::org::home::{GetHome, GetUnitGroups};
use app::org::import::{CsvFile, ImportCsv, ImportKind, ImportReport};
use app::org::people::{
    EndGuardianship, EndGuardianshipInput, EndMembership, EndMembershipInput, GetPeople,
    InviteSpecialist, InviteSpecialistInput, PeoplePage, ResetSecondFactor, SetUserDisabled,
};
use app::org::{AccessSettings, ChildPage, GroupRoster, Home};
use app::wire::parent::ParentNews;
use leptos::server_fn::ServerFn;
use reqwest::StatusCode;
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::any::type_name;
use std::fmt::Debug;

/// A call the server refused: the HTTP status and the error its body decodes to.
#[derive(Clone, Debug, PartialEq)]
pub struct Refused {
    pub status: StatusCode,
    pub error: AppError,
}

impl Refused {
    /// The codes of an `Invalid` answer's problems, in order; empty for any other refusal.
    pub fn codes(&self) -> Vec<ProblemCode> {
        match &self.error {
            AppError::Invalid { problems } => problems.iter().map(|p| p.code).collect(),
            _ => Vec::new(),
        }
    }

    /// The code of the first problem of an `Invalid` answer.
    pub fn code(&self) -> Option<ProblemCode> {
        self.codes().first().copied()
    }
}

/// What a typed call answers: the function's result, or the refusal.
pub type Answer<T> = Result<T, Refused>;

pub trait AnswerExt {
    /// The HTTP status the answer came with.
    fn status(&self) -> StatusCode;
}

impl<T> AnswerExt for Answer<T> {
    fn status(&self) -> StatusCode {
        match self {
            Ok(_) => StatusCode::OK,
            Err(refused) => refused.status,
        }
    }
}

/// Decodes an answer strictly: `200 OK` into `T`, anything else into an [`AppError`] whose
/// status matches the one it was sent with.
async fn answer<T: DeserializeOwned + Serialize>(res: reqwest::Response) -> Answer<T> {
    let (status, body) = read_json(res).await;
    if status == StatusCode::OK {
        let value: T = strictly(&body, status);
        return Ok(value);
    }
    let error: AppError = strictly(&body, status);
    assert_eq!(
        status.as_u16(),
        error.status(),
        "{error:?} came with status {status}"
    );
    Err(Refused { status, error })
}

fn strictly<T: DeserializeOwned + Serialize>(body: &serde_json::Value, status: StatusCode) -> T {
    let value: T = serde_json::from_value(body.clone()).unwrap_or_else(|err| {
        panic!(
            "a {status} answer is not a {}: {err}: {body}",
            type_name::<T>()
        )
    });
    let again = serde_json::to_value(&value).expect("serialises");
    assert_eq!(
        &again,
        body,
        "the {status} answer holds more or other than a {}",
        type_name::<T>()
    );
    value
}

// Every server function has its method, also those no test calls yet.
#[allow(dead_code)]
impl TestApp {
    /// Calls a server function whose arguments travel as JSON.
    pub(super) async fn json_fn<F>(&self, args: F) -> Answer<F::Output>
    where
        F: ServerFn<Error = AppError> + Serialize,
        F::Output: DeserializeOwned + Serialize + Debug,
    {
        answer(
            self.send(self.raw().post(self.url(F::PATH)).json(&args))
                .await,
        )
        .await
    }

    /// Calls a server function whose arguments travel URL-encoded (Leptos' default).
    pub(super) async fn form_fn<F>(&self, args: F) -> Answer<F::Output>
    where
        F: ServerFn<Error = AppError> + Serialize,
        F::Output: DeserializeOwned + Serialize + Debug,
    {
        answer(
            self.send(self.raw().post(self.url(F::PATH)).form(&args))
                .await,
        )
        .await
    }

    // ---- signing in ----

    /// Signs in with a password only, as the form's first submit does.
    pub async fn login(&self, username: &str, password: &str) -> Answer<LoginNext> {
        self.form_fn(Login {
            username: username.to_owned(),
            password: password.to_owned(),
            code: None,
        })
        .await
    }

    /// Signs in with a password and a second factor's code (or a recovery code).
    pub async fn login_with_code(
        &self,
        username: &str,
        password: &str,
        code: &str,
    ) -> Answer<LoginNext> {
        self.form_fn(Login {
            username: username.to_owned(),
            password: password.to_owned(),
            code: Some(code.to_owned()),
        })
        .await
    }

    // ---- the second factor (issue 15 item 3) ----

    pub async fn second_factor(&self) -> Answer<SecondFactorStatus> {
        self.form_fn(GetSecondFactor {}).await
    }

    pub async fn begin_second_factor(&self) -> Answer<NewSecondFactor> {
        self.form_fn(BeginSecondFactor {}).await
    }

    pub async fn confirm_second_factor(&self, code: &str) -> Answer<Vec<String>> {
        self.form_fn(ConfirmSecondFactor {
            code: code.to_owned(),
        })
        .await
    }

    pub async fn reset_second_factor(&self, user: app::domain::UserId) -> Answer<()> {
        self.json_fn(ResetSecondFactor { user }).await
    }

    pub async fn logout(&self) -> Answer<()> {
        self.form_fn(Logout {}).await
    }

    pub async fn whoami(&self) -> Answer<Option<Me>> {
        self.form_fn(WhoAmI {}).await
    }

    pub async fn unlock_account(&self, username: &str) -> Answer<()> {
        self.json_fn(UnlockAccount {
            username: username.to_owned(),
        })
        .await
    }

    // ---- passwords by e-mail (issue 15) ----

    pub async fn invite_user(&self, username: &str) -> Answer<()> {
        self.json_fn(InviteUser {
            username: username.to_owned(),
        })
        .await
    }

    pub async fn password_link(&self, token: &str) -> Answer<app::wire::password::LinkPurpose> {
        self.json_fn(PasswordLink {
            token: token.to_owned(),
        })
        .await
    }

    pub async fn set_password(&self, token: &str, password: &str) -> Answer<()> {
        self.json_fn(SetPassword {
            token: token.to_owned(),
            password: password.to_owned(),
        })
        .await
    }

    pub async fn request_password_reset(&self, username: &str) -> Answer<()> {
        self.json_fn(RequestPasswordReset {
            username: username.to_owned(),
        })
        .await
    }

    // ---- people administration (issue 15) ----

    pub async fn people(&self) -> Answer<PeoplePage> {
        self.form_fn(GetPeople {}).await
    }

    pub async fn end_membership(&self, input: EndMembershipInput) -> Answer<()> {
        self.json_fn(EndMembership { input }).await
    }

    pub async fn end_guardianship(&self, input: EndGuardianshipInput) -> Answer<()> {
        self.json_fn(EndGuardianship { input }).await
    }

    pub async fn set_user_disabled(&self, user: app::domain::UserId, disabled: bool) -> Answer<()> {
        self.json_fn(SetUserDisabled { user, disabled }).await
    }

    pub async fn invite_specialist(&self, input: InviteSpecialistInput) -> Answer<()> {
        self.json_fn(InviteSpecialist { input }).await
    }

    // ---- the organisation ----

    pub async fn home(&self) -> Answer<Home> {
        self.form_fn(GetHome {}).await
    }

    pub async fn unit_groups(&self, unit: UnitId) -> Answer<Vec<GroupRoster>> {
        self.json_fn(GetUnitGroups { unit }).await
    }

    pub async fn child_page(&self, child: ChildId) -> Answer<ChildPage> {
        self.json_fn(GetChildPage { child }).await
    }

    // ---- the spot check of lookups ----

    pub async fn spot_check(&self) -> Answer<app::wire::spot_check::SpotCheckPage> {
        self.form_fn(app::spot_check::GetSpotCheck {}).await
    }

    pub async fn decide_spot_check(
        &self,
        decision: app::wire::spot_check::SpotCheckDecision,
    ) -> Answer<()> {
        self.json_fn(app::spot_check::DecideSpotCheck { decision })
            .await
    }

    pub async fn save_spot_check_sample(&self, size: i64) -> Answer<()> {
        self.json_fn(app::spot_check::SaveSpotCheckSample { size })
            .await
    }

    pub async fn access_settings(&self) -> Answer<AccessSettings> {
        self.form_fn(GetAccessSettings {}).await
    }

    pub async fn save_access_settings(&self, settings: AccessSettings) -> Answer<()> {
        self.json_fn(SaveAccessSettings { settings }).await
    }

    /// Uploads `content` as a UTF-8 file.
    pub async fn import_csv(&self, kind: ImportKind, content: &str) -> Answer<ImportReport> {
        self.import_file(kind, content.as_bytes()).await
    }

    /// Uploads the file's bytes as they are, in whatever encoding, as the admin page does.
    pub async fn import_file(&self, kind: ImportKind, bytes: &[u8]) -> Answer<ImportReport> {
        self.json_fn(ImportCsv {
            kind,
            file: CsvFile(bytes.to_vec()),
        })
        .await
    }

    // ---- rounds and assessments ----

    pub async fn group_round(&self, group: GroupId) -> Answer<GroupRound> {
        self.json_fn(GetGroupRound { group }).await
    }

    pub async fn joint_view(&self, group: GroupId) -> Answer<JointView> {
        self.json_fn(GetJointView { group }).await
    }

    pub async fn child_timeline(&self, child: ChildId) -> Answer<ChildTimeline> {
        self.json_fn(GetChildTimeline { child }).await
    }

    pub async fn parent_news(&self) -> Answer<ParentNews> {
        self.form_fn(GetParentNews {}).await
    }

    pub async fn save_individual(&self, input: &IndividualInput) -> Answer<Saved> {
        self.json_fn(SaveIndividual {
            input: input.clone(),
        })
        .await
    }

    pub async fn set_joint(&self, input: &JointInput) -> Answer<Saved> {
        self.json_fn(SetJoint {
            input: input.clone(),
        })
        .await
    }

    pub async fn save_adhoc(&self, input: &AdhocInput) -> Answer<Saved> {
        self.json_fn(SaveAdhoc {
            input: input.clone(),
        })
        .await
    }

    pub async fn outbox_key(&self) -> Answer<String> {
        self.form_fn(GetOutboxKey {}).await
    }

    // ---- follow-ups and dashboards ----

    pub async fn unit_dashboard(&self, unit: UnitId) -> Answer<UnitDashboard> {
        self.json_fn(GetUnitDashboard { unit }).await
    }

    /// Marks a follow-up done; the date goes as the form typed it (`YYYY-MM-DD`).
    pub async fn complete_follow_up(&self, follow_up: FollowUpId, done_on: &str) -> Answer<()> {
        self.json_fn(CompleteFollowUp {
            follow_up,
            done_on: done_on.to_owned(),
        })
        .await
    }

    pub async fn counts_overview(&self) -> Answer<Vec<UnitCounts>> {
        self.form_fn(GetCountsOverview {}).await
    }

    // ---- reports ----

    pub async fn rounds_report(
        &self,
        scope: Option<&str>,
        by: Option<&str>,
    ) -> Answer<app::wire::report::RoundsReport> {
        self.json_fn(app::reports::rounds::GetRoundsReport {
            scope: scope.unwrap_or_default().to_owned(),
            by: by.unwrap_or_default().to_owned(),
        })
        .await
    }

    // ---- planning and the indicator set ----

    pub async fn round_planning(&self) -> Answer<RoundPlanning> {
        self.form_fn(GetRoundPlanning {}).await
    }

    pub async fn plan_round(&self, input: &PlanRoundInput) -> Answer<RoundId> {
        self.json_fn(PlanRound {
            input: input.clone(),
        })
        .await
    }

    pub async fn indicator_admin(&self) -> Answer<IndicatorAdmin> {
        self.form_fn(GetIndicatorAdmin {}).await
    }

    pub async fn save_indicator(&self, edit: &IndicatorEdit) -> Answer<IndicatorId> {
        self.json_fn(SaveIndicator { edit: edit.clone() }).await
    }

    pub async fn retire_indicator(&self, indicator: IndicatorId) -> Answer<()> {
        self.json_fn(RetireIndicator { indicator }).await
    }

    pub async fn save_assessment_settings(&self, settings: AssessmentSettings) -> Answer<()> {
        self.json_fn(SaveAssessmentSettings { settings }).await
    }

    // ---- focus meetings and action plans ----

    pub async fn child_care(&self, child: ChildId) -> Answer<ChildCare> {
        self.json_fn(GetChildCare { child }).await
    }

    pub async fn meeting(&self, meeting: MeetingId) -> Answer<MeetingPage> {
        self.json_fn(GetMeeting { meeting }).await
    }

    pub async fn propose_meeting(&self, input: ProposeMeeting) -> Answer<MeetingId> {
        self.json_fn(ProposeFocusMeeting { input }).await
    }

    pub async fn save_minutes(&self, input: SaveMinutes) -> Answer<u32> {
        self.json_fn(SaveMeetingMinutes { input }).await
    }

    pub async fn cancel_meeting(&self, meeting: MeetingId) -> Answer<()> {
        self.json_fn(CancelMeeting { meeting }).await
    }

    pub async fn answer_meeting(&self, input: AnswerMeeting) -> Answer<()> {
        self.json_fn(AnswerFocusMeeting { input }).await
    }

    pub async fn meeting_feedback(
        &self,
        meeting: MeetingId,
        listened: u8,
        knows_next: u8,
        comment: &str,
    ) -> Answer<()> {
        let comment = comment.to_owned();
        self.json_fn(GiveMeetingFeedback {
            meeting,
            listened,
            knows_next,
            comment,
        })
        .await
    }

    pub async fn invite_to_meeting(&self, input: InviteToMeeting) -> Answer<()> {
        self.json_fn(InviteSpecialistToMeeting { input }).await
    }

    pub async fn unit_care(&self, unit: UnitId) -> Answer<UnitCare> {
        self.json_fn(GetUnitCare { unit }).await
    }

    pub async fn plan(&self, plan: PlanId) -> Answer<PlanPage> {
        self.json_fn(GetPlan { plan }).await
    }

    pub async fn save_plan(&self, input: SavePlan) -> Answer<PlanSaved> {
        self.json_fn(SaveActionPlan { input }).await
    }

    pub async fn plan_own_view(&self, plan: PlanId, text: &str) -> Answer<()> {
        let text = text.to_owned();
        self.json_fn(AddOwnView { plan, text }).await
    }

    pub async fn mark_plan_read(&self, plan: PlanId, version: u32) -> Answer<time::Date> {
        self.json_fn(MarkPlanRead { plan, version }).await
    }
}
