//! Reports for leaders, area leaders and the municipality (issue 19): rounds over time, the
//! committee's two measures, each as a chart, a table and a CSV file.

#[cfg(feature = "ssr")]
pub mod csv;
pub mod language;
pub mod rounds;
#[cfg(feature = "ssr")]
pub mod rounds_read;
pub mod rounds_table;
