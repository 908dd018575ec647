//! The words for meetings and plans, in the reader's language.

use crate::domain::{MeetingAnswer, MeetingStatus, PlanStatus, Role, SpecialistRole};
use crate::i18n::*;
use crate::wire::parent_care::Participant;
use crate::I18n;

/// A meeting time (`YYYY-MM-DDTHH:MM`) as people read it: `10.12.2026 08:30`.
pub fn format_meeting_time(text: &str) -> String {
    match crate::domain::parse_meeting_time(text) {
        Some(at) => format!(
            "{} {:02}:{:02}",
            super::format_date(at.date()),
            at.hour(),
            at.minute()
        ),
        None => text.to_owned(),
    }
}

pub fn meeting_status_word(i18n: I18n, status: MeetingStatus) -> String {
    match status {
        MeetingStatus::Invited => t_string!(i18n, meeting.status_invited),
        MeetingStatus::Held => t_string!(i18n, meeting.status_held),
        MeetingStatus::Cancelled => t_string!(i18n, meeting.status_cancelled),
    }
    .to_string()
}

pub fn plan_status_word(i18n: I18n, status: PlanStatus) -> String {
    match status {
        PlanStatus::Active => t_string!(i18n, plan.status_active),
        PlanStatus::Evaluated => t_string!(i18n, plan.status_evaluated),
        PlanStatus::Closed => t_string!(i18n, plan.status_closed),
    }
    .to_string()
}

pub fn answer_word(i18n: I18n, answer: Option<MeetingAnswer>) -> String {
    match answer {
        Some(MeetingAnswer::Accepted) => t_string!(i18n, meeting.answer_accepted),
        Some(MeetingAnswer::Declined) => t_string!(i18n, meeting.answer_declined),
        Some(MeetingAnswer::OtherTime) => t_string!(i18n, meeting.answer_other_time),
        None => t_string!(i18n, meeting.answer_none),
    }
    .to_string()
}

pub fn role_word(i18n: I18n, role: Role) -> String {
    match role {
        Role::Pedagogue => t_string!(i18n, role.pedagogue),
        Role::Teacher => t_string!(i18n, role.teacher),
        Role::Childminder => t_string!(i18n, role.childminder),
        Role::HealthVisitor => t_string!(i18n, role.health_visitor),
        Role::UnitLeader => t_string!(i18n, role.unit_leader),
        Role::AreaLeader => t_string!(i18n, role.area_leader),
        Role::Specialist => t_string!(i18n, role.specialist),
        Role::Administrator => t_string!(i18n, role.administrator),
    }
    .to_string()
}

pub fn specialist_word(i18n: I18n, role: SpecialistRole) -> String {
    match role {
        SpecialistRole::SpeechHearing => t_string!(i18n, meeting.specialist_speech_hearing),
        SpecialistRole::FamilyCounsellor => t_string!(i18n, meeting.specialist_family_counsellor),
        SpecialistRole::Psychologist => t_string!(i18n, meeting.specialist_psychologist),
        SpecialistRole::HealthVisitor => t_string!(i18n, meeting.specialist_health_visitor),
    }
    .to_string()
}

pub fn participant_word(i18n: I18n, who: Participant) -> String {
    match who {
        Participant::Staff(role) => role_word(i18n, role),
        Participant::Specialist(role) => specialist_word(i18n, role),
        Participant::Parents => t_string!(i18n, meeting.participant_parents).to_string(),
    }
}

/// The SMTTE name of a plan field, as the version list names what changed.
pub fn plan_field_word(i18n: I18n, field: &str) -> String {
    match field {
        "context" => t_string!(i18n, plan.context),
        "goals" => t_string!(i18n, plan.goals),
        "actions" => t_string!(i18n, plan.actions),
        "signs" => t_string!(i18n, plan.signs),
        "evaluate_on" => t_string!(i18n, plan.evaluate_on),
        "evaluation" => t_string!(i18n, plan.evaluation),
        other => return other.to_owned(),
    }
    .to_string()
}
