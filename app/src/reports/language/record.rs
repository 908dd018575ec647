//! The child's grade-0 language assessments in everything registered (GDPR art. 15): the only
//! place Tværs shows a child's own value, to the custody holders who download the record
//! (docs/ACCESS.md, "The grade-0 language assessment"). Under address protection the school's
//! name is left out, as every place in the record is.

use crate::backend::db::Conn;
use crate::backend::record_pdf::{RecordEntry, RecordSection};
use crate::backend::store::{language, transitions};
use crate::care::read::local_date;
use crate::components::format_date;
use crate::domain::{deleted_on, ChildId, Effort};
use crate::error::AppError;
use crate::i18n::*;

/// The section, one entry per school year; `years` is the retention period.
pub async fn section(
    conn: &mut Conn,
    child: ChildId,
    locale: Locale,
    hide_places: bool,
    years: i64,
    empty: String,
) -> Result<RecordSection, AppError> {
    let mut entries = Vec::new();
    for value in language::of_child(conn, child).await? {
        let registered = local_date(value.created_at);
        let mut facts = vec![
            (
                td_string!(locale, language.record_effort).to_owned(),
                effort_word(locale, value.effort),
            ),
            (
                td_string!(locale, transition.record_date).to_owned(),
                format_date(local_date(value.imported_at)),
            ),
            (
                td_string!(locale, transition.record_deleted_on).to_owned(),
                format_date(deleted_on(registered, years)),
            ),
        ];
        if !hide_places {
            facts.push((
                td_string!(locale, transition.record_place).to_owned(),
                transitions::unit_name(conn, value.unit).await?,
            ));
        }
        entries.push(RecordEntry {
            title: format!(
                "{} · {}",
                td_string!(locale, language.school_year),
                value.school_year.label()
            ),
            facts,
            text: vec![td_string!(locale, language.record_why).to_owned()],
        });
    }
    Ok(RecordSection {
        heading: td_string!(locale, language.record_section).to_owned(),
        empty,
        entries,
    })
}

pub fn effort_word(locale: Locale, effort: Effort) -> String {
    match effort {
        Effort::General => td_string!(locale, language.effort_general),
        Effort::Focused => td_string!(locale, language.effort_focused),
        Effort::Special => td_string!(locale, language.effort_special),
    }
    .to_owned()
}
