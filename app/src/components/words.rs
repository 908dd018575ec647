//! The user's words for the domain's values, and its dates.

use crate::domain::{AgeBand, AssessmentContext, IndicatorArea, Position, UnitKind};
use crate::i18n::*;
use crate::I18n;

/// A date as the app shows it everywhere: `dd.mm.yyyy`.
pub fn format_date(date: time::Date) -> String {
    format!(
        "{:02}.{:02}.{}",
        date.day(),
        u8::from(date.month()),
        date.year()
    )
}

pub fn position_word(i18n: I18n, position: Position) -> String {
    match position {
        Position::Green => t_string!(i18n, position.green),
        Position::Yellow => t_string!(i18n, position.yellow),
        Position::Red => t_string!(i18n, position.red),
    }
    .to_string()
}

pub fn position_meaning(i18n: I18n, position: Position) -> String {
    match position {
        Position::Green => t_string!(i18n, position.green_means),
        Position::Yellow => t_string!(i18n, position.yellow_means),
        Position::Red => t_string!(i18n, position.red_means),
    }
    .to_string()
}

pub fn context_word(i18n: I18n, context: AssessmentContext) -> String {
    match context {
        AssessmentContext::Overall => t_string!(i18n, context.overall),
        AssessmentContext::PlayWithPeers => t_string!(i18n, context.play_with_peers),
        AssessmentContext::AdultContact => t_string!(i18n, context.adult_contact),
        AssessmentContext::DailyRoutines => t_string!(i18n, context.daily_routines),
        AssessmentContext::Learning => t_string!(i18n, context.learning),
        AssessmentContext::HomeAndFamily => t_string!(i18n, context.home_and_family),
    }
    .to_string()
}

pub fn area_word(i18n: I18n, area: IndicatorArea) -> String {
    match area {
        IndicatorArea::SocialSkills => t_string!(i18n, indicator_area.social_skills),
        IndicatorArea::SecurityAndCare => t_string!(i18n, indicator_area.security_and_care),
        IndicatorArea::Participation => t_string!(i18n, indicator_area.participation),
        IndicatorArea::SelfFeeling => t_string!(i18n, indicator_area.self_feeling),
    }
    .to_string()
}

pub fn age_band_word(i18n: I18n, band: AgeBand) -> String {
    match band {
        AgeBand::Toddler => t_string!(i18n, age_band.toddler),
        AgeBand::Preschool => t_string!(i18n, age_band.preschool),
        AgeBand::School => t_string!(i18n, age_band.school),
    }
    .to_string()
}

pub fn unit_kind_word(i18n: I18n, kind: UnitKind) -> String {
    match kind {
        UnitKind::HealthVisiting => t_string!(i18n, unit_kind.health_visiting),
        UnitKind::Childminding => t_string!(i18n, unit_kind.childminding),
        UnitKind::Nursery => t_string!(i18n, unit_kind.nursery),
        UnitKind::Kindergarten => t_string!(i18n, unit_kind.kindergarten),
        UnitKind::School => t_string!(i18n, unit_kind.school),
    }
    .to_string()
}
