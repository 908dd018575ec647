//! Reports for leaders, area leaders and the municipality (issue 19).

mod rounds;
mod rounds_csv;
