use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// The kind of offer a unit is (Danish *tilbud*).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum UnitKind {
    HealthVisiting,
    Childminding,
    Nursery,
    Kindergarten,
    School,
}

impl UnitKind {
    pub const ALL: [UnitKind; 5] = [
        UnitKind::HealthVisiting,
        UnitKind::Childminding,
        UnitKind::Nursery,
        UnitKind::Kindergarten,
        UnitKind::School,
    ];

    /// The stable code stored in the database and accepted in CSV files.
    pub fn code(self) -> &'static str {
        match self {
            UnitKind::HealthVisiting => "health_visiting",
            UnitKind::Childminding => "childminding",
            UnitKind::Nursery => "nursery",
            UnitKind::Kindergarten => "kindergarten",
            UnitKind::School => "school",
        }
    }

    /// Accepts the code or the Danish word a municipality's own export uses.
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim().to_lowercase();
        Self::ALL.into_iter().find(|k| {
            k.code() == t
                || match k {
                    UnitKind::HealthVisiting => t == "sundhedspleje",
                    UnitKind::Childminding => t == "dagpleje",
                    UnitKind::Nursery => t == "vuggestue",
                    UnitKind::Kindergarten => t == "børnehave" || t == "boernehave",
                    UnitKind::School => t == "skole",
                }
        })
    }
}

impl FromStr for UnitKind {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        Self::parse(s).ok_or(())
    }
}

/// What a staff member does in a unit, area or municipality. Guardians are not staff and have
/// no role: they relate to a child through a guardianship.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Pedagogue,
    Teacher,
    Childminder,
    HealthVisitor,
    UnitLeader,
    AreaLeader,
    Specialist,
    Administrator,
}

/// Which level of the organisation a role's membership attaches to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleLevel {
    Unit,
    Area,
    Municipality,
}

impl Role {
    pub const ALL: [Role; 8] = [
        Role::Pedagogue,
        Role::Teacher,
        Role::Childminder,
        Role::HealthVisitor,
        Role::UnitLeader,
        Role::AreaLeader,
        Role::Specialist,
        Role::Administrator,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Pedagogue => "pedagogue",
            Role::Teacher => "teacher",
            Role::Childminder => "childminder",
            Role::HealthVisitor => "health_visitor",
            Role::UnitLeader => "unit_leader",
            Role::AreaLeader => "area_leader",
            Role::Specialist => "specialist",
            Role::Administrator => "administrator",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim().to_lowercase();
        Self::ALL.into_iter().find(|r| {
            r.code() == t
                || match r {
                    Role::Pedagogue => t == "pædagog" || t == "paedagog",
                    Role::Teacher => t == "lærer" || t == "laerer",
                    Role::Childminder => t == "dagplejer",
                    Role::HealthVisitor => t == "sundhedsplejerske",
                    Role::UnitLeader => t == "leder",
                    Role::AreaLeader => t == "områdeleder" || t == "omraadeleder",
                    Role::Specialist => t == "specialist",
                    Role::Administrator => t == "administrator",
                }
        })
    }

    pub fn level(self) -> RoleLevel {
        match self {
            Role::Pedagogue
            | Role::Teacher
            | Role::Childminder
            | Role::HealthVisitor
            | Role::UnitLeader => RoleLevel::Unit,
            Role::AreaLeader => RoleLevel::Area,
            Role::Specialist | Role::Administrator => RoleLevel::Municipality,
        }
    }

    /// Staff who work with the children day to day.
    pub fn is_close_staff(self) -> bool {
        matches!(
            self,
            Role::Pedagogue | Role::Teacher | Role::Childminder | Role::HealthVisitor
        )
    }
}

/// A child's name as registered. Both parts are required and bounded, so a page can always show
/// it and no import can smuggle in a megabyte of text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PersonName {
    first: String,
    last: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NameError {
    Missing,
    TooLong,
}

impl PersonName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(first: &str, last: &str) -> Result<Self, NameError> {
        let (first, last) = (first.trim(), last.trim());
        if first.is_empty() || last.is_empty() {
            return Err(NameError::Missing);
        }
        if first.chars().count() > Self::MAX_CHARS || last.chars().count() > Self::MAX_CHARS {
            return Err(NameError::TooLong);
        }
        Ok(Self {
            first: first.to_owned(),
            last: last.to_owned(),
        })
    }

    pub fn first(&self) -> &str {
        &self.first
    }
    pub fn last(&self) -> &str {
        &self.last
    }
    pub fn full(&self) -> String {
        format!("{} {}", self.first, self.last)
    }
}

/// A username: what a person types at the login screen. Lower-case, trimmed, bounded.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Username(String);

impl Username {
    pub fn parse(text: &str) -> Option<Self> {
        let t = text.trim().to_lowercase();
        let ok = (2..=64).contains(&t.chars().count())
            && t.chars()
                .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | '_' | '@'));
        ok.then_some(Self(t))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_kinds_parse_from_codes_and_danish_words() {
        let cases = [
            ("nursery", Some(UnitKind::Nursery)),
            ("Vuggestue", Some(UnitKind::Nursery)),
            (" børnehave ", Some(UnitKind::Kindergarten)),
            ("sundhedspleje", Some(UnitKind::HealthVisiting)),
            ("dagpleje", Some(UnitKind::Childminding)),
            ("skole", Some(UnitKind::School)),
            ("fritidshjem", None),
            ("", None),
        ];
        for (text, expected) in cases {
            assert_eq!(UnitKind::parse(text), expected, "{text:?}");
        }
        for kind in UnitKind::ALL {
            assert_eq!(UnitKind::parse(kind.code()), Some(kind));
        }
    }

    #[test]
    fn roles_parse_from_codes_and_danish_titles() {
        assert_eq!(Role::parse("Pædagog"), Some(Role::Pedagogue));
        assert_eq!(Role::parse("leder"), Some(Role::UnitLeader));
        assert_eq!(Role::parse("områdeleder"), Some(Role::AreaLeader));
        assert_eq!(Role::parse("rektor"), None);
        for role in Role::ALL {
            assert_eq!(Role::parse(role.code()), Some(role));
        }
    }

    #[test]
    fn only_leaders_above_unit_level_attach_to_areas() {
        assert_eq!(Role::AreaLeader.level(), RoleLevel::Area);
        assert_eq!(Role::UnitLeader.level(), RoleLevel::Unit);
        assert_eq!(Role::Administrator.level(), RoleLevel::Municipality);
        assert!(Role::Teacher.is_close_staff());
        assert!(!Role::UnitLeader.is_close_staff());
    }

    #[test]
    fn names_must_have_both_parts_and_a_bounded_length() {
        assert_eq!(
            PersonName::parse("Ada", "").unwrap_err(),
            NameError::Missing
        );
        assert_eq!(
            PersonName::parse("  ", "Lund").unwrap_err(),
            NameError::Missing
        );
        let long = "x".repeat(101);
        assert_eq!(
            PersonName::parse(&long, "Lund").unwrap_err(),
            NameError::TooLong
        );
        let name = PersonName::parse(" Ada ", "Lund").unwrap();
        assert_eq!(name.full(), "Ada Lund");
    }

    #[test]
    fn usernames_are_normalised_and_restricted() {
        assert_eq!(Username::parse(" Anna.P ").unwrap().as_str(), "anna.p");
        assert!(Username::parse("a").is_none());
        assert!(Username::parse("anna p").is_none());
        assert!(Username::parse("anna;drop").is_none());
    }
}
