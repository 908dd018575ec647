use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use uuid::Uuid;

/// Ids are random UUIDs so that one never reveals how many records exist or in what order they
/// were made, and so that no personal number (CPR) is ever needed to tell children apart.
macro_rules! uuid_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(Uuid);

        impl $name {
            #[cfg(feature = "ssr")]
            pub fn random() -> Self {
                Self(Uuid::new_v4())
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.hyphenated().fmt(f)
            }
        }

        impl FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

uuid_id!(MunicipalityId);
uuid_id!(AreaId);
uuid_id!(UnitId);
uuid_id!(GroupId);
uuid_id!(
    /// A child's internal id. Together with an optional municipal external id it is the only
    /// identifier a child has (SECURITY P4).
    ChildId
);
uuid_id!(UserId);
uuid_id!(RoundId);
uuid_id!(AssessmentId);
uuid_id!(IndicatorId);
uuid_id!(FollowUpId);
uuid_id!(
    /// A focus meeting (*fokusmøde*).
    MeetingId
);
uuid_id!(MeetingTimeId);
uuid_id!(
    /// An action plan (*handleplan*); its versions share the id.
    PlanId
);
uuid_id!(
    /// One lookup drawn for the leader's spot check (issue 18 item 4).
    SpotCheckItemId
);
uuid_id!(
    /// Made by the browser for each write it may have to send again (SECURITY O5).
    IdempotencyKey
);

impl IdempotencyKey {
    /// A fresh key from the browser's (or server's) random source.
    pub fn from_bytes(bytes: [u8; 16]) -> Self {
        Self(uuid::Builder::from_random_bytes(bytes).into_uuid())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_survives_a_round_trip_through_text_and_json() {
        let id = ChildId::random();
        assert_eq!(id.to_string().parse::<ChildId>().unwrap(), id);
        let json = serde_json::to_string(&id).unwrap();
        assert_eq!(json, format!("\"{id}\""));
        assert_eq!(serde_json::from_str::<ChildId>(&json).unwrap(), id);
    }

    #[test]
    fn text_that_is_not_a_uuid_is_refused() {
        assert!("1234567890".parse::<ChildId>().is_err());
        assert!("".parse::<UnitId>().is_err());
    }
}
