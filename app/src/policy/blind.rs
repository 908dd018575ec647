//! The blind rule (*blind vurdering*): an access rule, so it lives with the policy. Who assesses
//! a child in a round gives their own position before seeing a colleague's.

use crate::domain::UserId;

/// Whether `viewer` may see `author`'s individual assessment of a child in a round (DESIGN §1
/// "Two steps"): nobody who assesses that child anchors on a colleague's view before giving
/// their own. Leaders who do not assess, and everyone once the joint position is set, may.
pub fn may_see_individual(
    viewer: UserId,
    author: UserId,
    viewer_assesses: bool,
    viewer_has_submitted: bool,
    joint_is_set: bool,
) -> bool {
    viewer == author || !viewer_assesses || viewer_has_submitted || joint_is_set
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blind_rule() {
        let me: UserId = "00000000-0000-4000-8000-000000000001".parse().unwrap();
        let colleague: UserId = "00000000-0000-4000-8000-000000000002".parse().unwrap();
        // (viewer assesses, has submitted, joint set) -> may see colleague's
        let cases = [
            (true, false, false, false),
            (true, true, false, true),
            (true, false, true, true),
            (false, false, false, true),
        ];
        for (assesses, submitted, joint, expected) in cases {
            assert_eq!(
                may_see_individual(me, colleague, assesses, submitted, joint),
                expected,
                "assesses={assesses} submitted={submitted} joint={joint}"
            );
        }
        assert!(may_see_individual(me, me, true, false, false));
    }
}
