//! The words for a refused password link or password (issue 15): the error message and the
//! password page both show them.

use crate::i18n::*;
use crate::wire::password::{LinkProblem, PasswordProblem};
use crate::I18n;

pub fn link_problem(i18n: I18n, problem: LinkProblem) -> &'static str {
    match problem {
        LinkProblem::Unknown => t_string!(i18n, password.link_unknown),
        LinkProblem::Used => t_string!(i18n, password.link_used),
        LinkProblem::Expired => t_string!(i18n, password.link_expired),
    }
}

pub fn password_problem(i18n: I18n, problem: PasswordProblem) -> &'static str {
    match problem {
        PasswordProblem::TooShort => t_string!(i18n, password.too_short),
        PasswordProblem::TooLong => t_string!(i18n, password.too_long),
        PasswordProblem::Common => t_string!(i18n, password.common),
    }
}
