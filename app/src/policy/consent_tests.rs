// The cases' tables read best as tuples spelled out where they are written.
#![allow(clippy::type_complexity)]

use super::*;
use time::macros::date;

const TODAY: Date = date!(2027 - 08 - 10);

fn items(assessments: bool, plans: bool) -> ConsentItems {
    ConsentItems {
        assessments,
        plans,
        meetings: false,
        description: false,
    }
}

struct World {
    mother: UserId,
    father: UserId,
    kindergarten: UnitId,
    school: UnitId,
}

impl World {
    fn new() -> Self {
        Self {
            mother: UserId::random(),
            father: UserId::random(),
            kindergarten: UnitId::random(),
            school: UnitId::random(),
        }
    }

    fn consent(&self, guardian: UserId, items: ConsentItems, until: Date) -> ConsentFact {
        ConsentFact {
            guardian,
            from_unit: self.kindergarten,
            to_unit: self.school,
            items,
            valid_until: until,
            revoked: false,
        }
    }
}

fn rules(all: bool, with_consent: bool) -> TransferRules {
    TransferRules {
        with_consent,
        all_custody_holders: all,
        ..TransferRules::default()
    }
}

#[test]
fn what_a_consent_opens_under_each_rule() {
    let w = World::new();
    let later = date!(2028 - 07 - 31);
    let sooner = date!(2027 - 12 - 31);
    let both = [w.mother, w.father];
    let mother_only = [w.mother];
    let revoked = ConsentFact {
        revoked: true,
        ..w.consent(w.mother, items(true, true), later)
    };
    // (case, consents, custody holders, all must agree, with consent at all, expected)
    let cases: Vec<(
        &str,
        Vec<ConsentFact>,
        &[UserId],
        bool,
        bool,
        Option<(ConsentItems, Date)>,
    )> = vec![
        ("no consent: nothing", vec![], &both, false, true, None),
        (
            "one suffices: the mother's consent opens what she chose",
            vec![w.consent(w.mother, items(true, false), later)],
            &both,
            false,
            true,
            Some((items(true, false), later)),
        ),
        (
            "one suffices: both consents together",
            vec![
                w.consent(w.mother, items(true, false), sooner),
                w.consent(w.father, items(false, true), later),
            ],
            &both,
            false,
            true,
            Some((items(true, true), later)),
        ),
        (
            "all must agree: the father has not: nothing",
            vec![w.consent(w.mother, items(true, true), later)],
            &both,
            true,
            true,
            None,
        ),
        (
            "all must agree: only what both chose, until the first last day",
            vec![
                w.consent(w.mother, items(true, true), later),
                w.consent(w.father, items(true, false), sooner),
            ],
            &both,
            true,
            true,
            Some((items(true, false), sooner)),
        ),
        (
            "all must agree: the only custody holder suffices",
            vec![w.consent(w.mother, items(false, true), later)],
            &mother_only,
            true,
            true,
            Some((items(false, true), later)),
        ),
        ("revoked: nothing", vec![revoked], &both, false, true, None),
        (
            "expired yesterday: nothing",
            vec![w.consent(w.mother, items(true, true), TODAY.previous_day().unwrap())],
            &both,
            false,
            true,
            None,
        ),
        (
            "last day today: still open",
            vec![w.consent(w.mother, items(true, true), TODAY)],
            &both,
            false,
            true,
            Some((items(true, true), TODAY)),
        ),
        (
            "given by a guardian who no longer holds custody: nothing",
            vec![w.consent(w.father, items(true, true), later)],
            &mother_only,
            false,
            true,
            None,
        ),
        (
            "the municipality lets nothing follow the child: nothing",
            vec![w.consent(w.mother, items(true, true), later)],
            &both,
            false,
            false,
            None,
        ),
    ];
    for (case, consents, holders, all, with_consent, expected) in cases {
        let got = opened(&consents, holders, rules(all, with_consent), TODAY);
        let expected: Vec<Opened> = expected
            .into_iter()
            .map(|(items, until)| Opened {
                from_unit: w.kindergarten,
                to_unit: w.school,
                items,
                until,
            })
            .collect();
        assert_eq!(got, expected, "{case}");
    }
}

#[test]
fn each_move_is_decided_on_its_own() {
    let w = World::new();
    let nursery = UnitId::random();
    let until = date!(2028 - 01 - 01);
    let earlier_move = ConsentFact {
        from_unit: nursery,
        to_unit: w.kindergarten,
        ..w.consent(w.mother, items(false, true), until)
    };
    let got = opened(
        &[earlier_move, w.consent(w.mother, items(true, false), until)],
        &[w.mother],
        rules(false, true),
        TODAY,
    );
    assert_eq!(got.len(), 2);
    assert!(got
        .iter()
        .any(|o| o.from_unit == nursery && o.items == items(false, true)));
    assert!(got
        .iter()
        .any(|o| o.from_unit == w.kindergarten && o.items == items(true, false)));
}
