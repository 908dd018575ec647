//! All SQL lives here, one file per part of the domain. Functions take plain ids and dates and
//! return domain or wire types; they decide nothing about access.

pub mod assessment;
pub mod catalogue;
mod default_indicators;
pub mod import;
pub mod org;
pub mod people;

use time::Date;

pub(crate) fn date_text(date: Date) -> String {
    date.to_string()
}

pub(crate) fn parse_date(text: &str) -> Result<Date, sqlx::Error> {
    Date::parse(text, &time::format_description::well_known::Iso8601::DATE)
        .map_err(|e| sqlx::Error::Decode(Box::new(e)))
}

pub(crate) fn parse_id<T: std::str::FromStr>(text: &str) -> Result<T, sqlx::Error>
where
    T::Err: std::error::Error + Send + Sync + 'static,
{
    text.parse::<T>()
        .map_err(|e| sqlx::Error::Decode(Box::new(e)))
}
