use crate::error::{AppError, ProblemCode};
use crate::i18n::*;
use crate::I18n;
use leptos::prelude::*;

/// An error in the user's language, announced to screen readers. Never shows internals. The
/// words follow a switch of language at once, like every other text.
#[component]
pub fn ErrorMessage(error: AppError) -> impl IntoView {
    let i18n = use_i18n();
    let problems = match &error {
        AppError::Invalid { problems } => problems.clone(),
        _ => vec![],
    };
    let summary = move || summary_text(i18n, &error);
    view! {
        <div class="error" role="alert">
            <p>{summary}</p>
            {(!problems.is_empty())
                .then(|| {
                    view! {
                        <ul class="problems">
                            {problems
                                .into_iter()
                                .map(|p| {
                                    let code = p.code;
                                    let line = p.line;
                                    let what = move || problem_text(i18n, code, line > 0);
                                    let field = p.field.clone();
                                    view! {
                                        <li>
                                            {(line > 0)
                                                .then(|| {
                                                    view! {
                                                        <span class="problem-line">
                                                            {t!(i18n, problem.line)} " " {line}
                                                            ": "
                                                        </span>
                                                    }
                                                })}
                                            {(!field.is_empty()).then(|| view! { <code>{field}</code> " – " })}
                                            {what}
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
        </div>
    }
}

fn summary_text(i18n: I18n, error: &AppError) -> String {
    match error {
        AppError::Unauthenticated => t_string!(i18n, error.unauthenticated),
        AppError::BadCredentials => t_string!(i18n, error.bad_credentials),
        AppError::Throttled => t_string!(i18n, error.throttled),
        AppError::CodeNeeded => t_string!(i18n, second_factor.code_needed),
        AppError::BadCode => t_string!(i18n, second_factor.bad_code),
        AppError::SecondFactorSetup => t_string!(i18n, second_factor.setup_needed),
        AppError::NotFound => t_string!(i18n, error.not_found),
        AppError::Forbidden => t_string!(i18n, error.forbidden),
        AppError::Invalid { .. } | AppError::Undecodable => t_string!(i18n, error.invalid),
        AppError::Conflict { .. } => t_string!(i18n, error.conflict),
        AppError::KeyReused => t_string!(i18n, error.key_reused),
        AppError::Link { problem } => {
            crate::components::password_words::link_problem(i18n, *problem)
        }
        AppError::WeakPassword { problem } => {
            crate::components::password_words::password_problem(i18n, *problem)
        }
        AppError::MailOff => t_string!(i18n, password.mail_off),
        AppError::Unreachable => t_string!(i18n, error.unreachable),
        AppError::Internal => t_string!(i18n, error.internal),
    }
    .to_string()
}

/// What a problem says. `in_file`: it names a line of an imported file, where a code can mean
/// something of its own (`Overlapping` there is two placements of a child, not two meeting
/// times).
fn problem_text(i18n: I18n, code: ProblemCode, in_file: bool) -> String {
    match code {
        ProblemCode::Missing => t_string!(i18n, problem.missing),
        ProblemCode::TooLong => t_string!(i18n, problem.too_long),
        ProblemCode::FileTooLarge => t_string!(i18n, problem.file_too_large),
        ProblemCode::BadDate => t_string!(i18n, problem.bad_date),
        ProblemCode::BadKind => t_string!(i18n, problem.bad_kind),
        ProblemCode::BadRole => t_string!(i18n, problem.bad_role),
        ProblemCode::BadFlag => t_string!(i18n, problem.bad_flag),
        ProblemCode::BadUsername => t_string!(i18n, problem.bad_username),
        ProblemCode::BadEmail => t_string!(i18n, problem.bad_email),
        ProblemCode::UnknownUnit => t_string!(i18n, problem.unknown_unit),
        ProblemCode::UnknownGroup => t_string!(i18n, problem.unknown_group),
        ProblemCode::UnknownChild => t_string!(i18n, problem.unknown_child),
        ProblemCode::UnknownArea => t_string!(i18n, problem.unknown_area),
        ProblemCode::Duplicate => t_string!(i18n, problem.duplicate),
        ProblemCode::WrongColumns => t_string!(i18n, problem.wrong_columns),
        ProblemCode::NotCsv => t_string!(i18n, problem.not_csv),
        ProblemCode::Empty => t_string!(i18n, problem.empty),
        ProblemCode::NoteRequired => t_string!(i18n, problem.note_required),
        ProblemCode::UnknownPosition => t_string!(i18n, problem.unknown_position),
        ProblemCode::UnknownContext => t_string!(i18n, problem.unknown_context),
        ProblemCode::UnknownIndicator => t_string!(i18n, problem.unknown_indicator),
        ProblemCode::RoundClosed => t_string!(i18n, problem.round_closed),
        ProblemCode::NotInGroup => t_string!(i18n, problem.not_in_group),
        ProblemCode::TooFewIndividual => t_string!(i18n, problem.too_few_individual),
        ProblemCode::BadWindow => t_string!(i18n, problem.bad_window),
        ProblemCode::NoUnits => t_string!(i18n, problem.no_units),
        ProblemCode::SelfGrant => t_string!(i18n, problem.self_grant),
        ProblemCode::UnknownPerson => t_string!(i18n, problem.unknown_person),
        ProblemCode::NotStaffOfUnit => t_string!(i18n, problem.not_staff_of_unit),
        ProblemCode::UnknownEncoding => t_string!(i18n, problem.unknown_encoding),
        ProblemCode::TooEarly => t_string!(i18n, problem.too_early),
        ProblemCode::LocksOut => t_string!(i18n, problem.locks_out),
        ProblemCode::AlreadySetUp => t_string!(i18n, problem.already_set_up),
        ProblemCode::Overlapping if in_file => t_string!(i18n, problem.overlapping_placement),
        ProblemCode::Overlapping => t_string!(i18n, problem.overlapping),
        ProblemCode::OutOfRange => t_string!(i18n, problem.out_of_range),
        ProblemCode::NeedsCustody => t_string!(i18n, problem.needs_custody),
        ProblemCode::NotInvited => t_string!(i18n, problem.not_invited),
        ProblemCode::Closed => t_string!(i18n, problem.closed),
        ProblemCode::BadStatus => t_string!(i18n, problem.bad_status),
        ProblemCode::NotMoving => t_string!(i18n, problem.not_moving),
        ProblemCode::NotAllowedHere => t_string!(i18n, problem.not_allowed_here),
        ProblemCode::TooLate => t_string!(i18n, problem.too_late),
        ProblemCode::OtherChild => t_string!(i18n, problem.other_child),
        ProblemCode::OpenPlacement => t_string!(i18n, problem.open_placement),
        ProblemCode::EndsBeforeStart => t_string!(i18n, problem.ends_before_start),
        ProblemCode::UnknownChoice => t_string!(i18n, problem.unknown_choice),
        ProblemCode::BadSchoolYear => t_string!(i18n, problem.bad_school_year),
        ProblemCode::FutureSchoolYear => t_string!(i18n, problem.future_school_year),
        ProblemCode::BeforeBirth => t_string!(i18n, problem.before_birth),
        ProblemCode::BadEffort => t_string!(i18n, problem.bad_effort),
        ProblemCode::NotAtSchool => t_string!(i18n, problem.not_at_school),
    }
    .to_string()
}
