//! The reports of issue 19, by report: the committee's measure 2, the grade-0 language
//! assessment (`language`).

mod language;
