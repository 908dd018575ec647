//! Reports for leaders, area leaders and the municipality (issue 19): rounds over time, and the
//! committee's measure 2, the grade-0 language assessment (`language`).

mod language;
mod rounds;
mod rounds_csv;
