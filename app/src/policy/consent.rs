//! What a custody holder's consent opens (SECURITY C1–C3): from one place, to one place, which
//! items, until when. Pure, like the rest of the policy: the caller loads the consents as
//! facts, this module decides which hold today under the municipality's rules, and
//! `scope::transferred` decides what a reader of the new place then reads.

use crate::domain::{ConsentItems, TransferRules, UnitId, UserId};
use time::Date;

/// One consent row as stored, with whether it was revoked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ConsentFact {
    pub guardian: UserId,
    pub from_unit: UnitId,
    pub to_unit: UnitId,
    pub items: ConsentItems,
    pub valid_until: Date,
    pub revoked: bool,
}

/// What passes from one place to another today.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Opened {
    pub from_unit: UnitId,
    pub to_unit: UnitId,
    pub items: ConsentItems,
    /// The last day it holds (the earliest of the consents it rests on where all must agree).
    pub until: Date,
}

/// The consents that hold today, per move. A consent counts only while its giver holds custody
/// (`custody_holders` today), before its last day and unrevoked. Where one custody holder
/// suffices, what any of them consented to passes; where all must agree, only what every one
/// of them consented to, and only once each has. A municipality that lets nothing follow the
/// child opens nothing, whatever was consented.
pub fn opened(
    consents: &[ConsentFact],
    custody_holders: &[UserId],
    rules: TransferRules,
    today: Date,
) -> Vec<Opened> {
    if !rules.with_consent || custody_holders.is_empty() {
        return Vec::new();
    }
    let holds = |c: &&ConsentFact| {
        !c.revoked && c.valid_until >= today && custody_holders.contains(&c.guardian)
    };
    let mut moves: Vec<(UnitId, UnitId)> = Vec::new();
    for c in consents.iter().filter(holds) {
        if !moves.contains(&(c.from_unit, c.to_unit)) {
            moves.push((c.from_unit, c.to_unit));
        }
    }
    let mut result = Vec::new();
    for (from_unit, to_unit) in moves {
        let of_move: Vec<&ConsentFact> = consents
            .iter()
            .filter(holds)
            .filter(|c| c.from_unit == from_unit && c.to_unit == to_unit)
            .collect();
        let opened = if rules.all_custody_holders {
            every_holder(&of_move, custody_holders)
        } else {
            any_holder(&of_move)
        };
        if let Some((items, until)) = opened.filter(|(items, _)| items.any()) {
            result.push(Opened {
                from_unit,
                to_unit,
                items,
                until,
            });
        }
    }
    result
}

/// One custody holder suffices: what any consented to, until the last of those days.
fn any_holder(consents: &[&ConsentFact]) -> Option<(ConsentItems, Date)> {
    let until = consents.iter().map(|c| c.valid_until).max()?;
    let items = consents
        .iter()
        .fold(ConsentItems::default(), |acc, c| acc.or(c.items));
    Some((items, until))
}

/// All must agree: what each custody holder consented to (their consents taken together),
/// until the first of their last days.
fn every_holder(consents: &[&ConsentFact], holders: &[UserId]) -> Option<(ConsentItems, Date)> {
    let mut items: Option<ConsentItems> = None;
    let mut until: Option<Date> = None;
    for holder in holders {
        let own: Vec<&&ConsentFact> = consents.iter().filter(|c| c.guardian == *holder).collect();
        let own_items = own
            .iter()
            .fold(ConsentItems::default(), |acc, c| acc.or(c.items));
        let own_until = own.iter().map(|c| c.valid_until).max()?;
        items = Some(items.map_or(own_items, |acc| acc.and(own_items)));
        until = Some(until.map_or(own_until, |acc| acc.min(own_until)));
    }
    Some((items?, until?))
}

#[cfg(test)]
#[path = "consent_tests.rs"]
mod tests;
