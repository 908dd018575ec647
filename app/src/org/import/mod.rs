//! Import of the municipality's own CSV exports (Danish Excel style: `;` separator; UTF-8 with
//! or without BOM, or Windows-1252 as Excel's "CSV (semikolonsepareret)" saves it). All or
//! nothing: a file with any bad row imports nothing, and every bad row is reported with its
//! line number.
//!
//! A row of the children file is a placement (optional last column `slutdato`, its last day):
//! a row for a child already imported moves it or ends a placement rather than being refused
//! (`backend::store::import::children`; docs/OPERATIONS.md, *Children who move*).

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Units,
    Groups,
    Children,
    Guardians,
    Staff,
    /// Which groups each staff member works in (for narrowed access).
    StaffGroups,
}

impl ImportKind {
    pub const ALL: [ImportKind; 6] = [
        ImportKind::Units,
        ImportKind::Groups,
        ImportKind::Children,
        ImportKind::Guardians,
        ImportKind::Staff,
        ImportKind::StaffGroups,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Units => "units",
            ImportKind::Groups => "groups",
            ImportKind::Children => "children",
            ImportKind::Guardians => "guardians",
            ImportKind::Staff => "staff",
            ImportKind::StaffGroups => "staff_groups",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == text)
    }

    /// The header line a file of this kind must start with.
    pub fn header(self) -> &'static str {
        match self {
            ImportKind::Units => "område;tilbud;type",
            ImportKind::Groups => "tilbud;gruppe",
            ImportKind::Children => {
                "eksternt_id;fornavn;efternavn;fødselsdato;tilbud;gruppe;startdato"
            }
            ImportKind::Guardians => {
                "barn_eksternt_id;brugernavn;navn;forældremyndighed;adressebeskyttelse"
            }
            ImportKind::Staff => "brugernavn;navn;rolle;tilbud;område;startdato;slutdato",
            ImportKind::StaffGroups => "brugernavn;tilbud;gruppe",
        }
    }

    /// The optional last column a file of this kind may add to its header; a file without it
    /// imports as before. The children's `slutdato` is a placement's last day (read by
    /// `parse`); the staff's and guardians' `e-mail` is taken off before parsing (`email`).
    pub fn optional_column(self) -> Option<&'static str> {
        match self {
            ImportKind::Children => Some("slutdato"),
            ImportKind::Staff | ImportKind::Guardians => Some("e-mail"),
            ImportKind::Units | ImportKind::Groups | ImportKind::StaffGroups => None,
        }
    }
}

/// Files larger than this are refused whole: a municipality's export is far smaller. The
/// browser checks it before sending; the server checks it again.
pub const MAX_BYTES: usize = 5 * 1024 * 1024;
/// Rows per file, for the same reason.
pub const MAX_ROWS: usize = 20_000;

/// The uploaded file as it lies on disk, bytes and not text: the browser's own decoding would
/// turn Excel's Windows-1252 `æøå` into U+FFFD before the server could tell which encoding the
/// file is in (`parse::encoding`). Base64 in JSON: a third larger, where a list of numbers
/// would be four times.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CsvFile(pub Vec<u8>);

impl Serialize for CsvFile {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use base64::Engine;
        serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for CsvFile {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use base64::Engine;
        let text = String::deserialize(deserializer)?;
        base64::engine::general_purpose::STANDARD
            .decode(text)
            .map(CsvFile)
            .map_err(serde::de::Error::custom)
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub kind: ImportKind,
    /// Rows written.
    pub rows: u32,
}

use crate::error::AppError;
use leptos::prelude::*;
use leptos::server_fn::codec::Json;

#[cfg(feature = "ssr")]
mod email;
#[cfg(feature = "ssr")]
pub mod parse;

/// Imports one CSV file of the given kind into the administrator's own municipality.
#[server(name = ImportCsv, prefix = "/api", endpoint = "import_csv", input = Json)]
pub async fn import_csv(kind: ImportKind, file: CsvFile) -> Result<ImportReport, AppError> {
    use crate::backend::audit::{self, Entry, Outcome};
    use crate::backend::context::{fail, Caller, Target};
    use crate::backend::db::begin_write_on;
    use crate::backend::store::{import, org};
    use crate::policy::Action;

    let caller = Caller::current()?;
    let mut conn = caller.state.db.conn().await?;
    let db = &caller.state.db;
    let Some(municipality) = org::user_municipality(&mut conn, caller.user.user_id).await? else {
        return fail(AppError::Forbidden);
    };
    let purpose = format!("import {}", kind.code());
    caller
        .authorize(
            &mut conn,
            Action::ManageOrganisation,
            Target::Municipality(municipality),
            &purpose,
        )
        .await?;
    // The optional e-mail column comes off first: the parser knows the columns it always has.
    let split = email::split(kind, &file.0);
    let rows = match parse::parse_file(kind, &split.file, caller.state.clock.today()) {
        Ok(rows) if split.problems.is_empty() => rows,
        Ok(_) => {
            return fail(AppError::Invalid {
                problems: split.problems,
            })
        }
        Err(mut problems) => {
            problems.extend(split.problems);
            problems.sort_by_key(|p| p.line);
            return fail(AppError::Invalid { problems });
        }
    };
    let now = caller.state.clock.unix();
    let importer = import::Importer {
        user: caller.user.user_id,
        municipality,
    };
    let mut tx = begin_write_on(&mut conn, db.kind()).await?;
    match import::apply(&mut tx, importer, &rows, now).await? {
        // The transaction is dropped unwritten: nothing half saved.
        import::Applied::Refused(problems) => fail(AppError::Invalid { problems }),
        import::Applied::Written(written) => {
            let addresses = email::by_username(&rows, &split.addresses);
            crate::backend::store::password_links::set_emails(&mut tx, municipality, &addresses)
                .await?;
            tx.commit().await?;
            // One row per access the file created, with its ids (SECURITY L1), then the
            // summary; the answer waits until all are committed.
            let receipts: Vec<_> = written
                .granted
                .iter()
                .map(|granted| {
                    audit::enqueue(
                        db,
                        granted_entry(granted, now, caller.user.user_id, &purpose),
                    )
                })
                .collect();
            let entry = Entry {
                at: now,
                user: Some(caller.user.user_id),
                unit: None,
                action: "import",
                child: None,
                criterion: Some(format!("{}:{}", kind.code(), written.rows)),
                purpose: &purpose,
                outcome: Outcome::Succeeded,
            };
            let summary = audit::enqueue(db, entry);
            for receipt in receipts {
                receipt.committed().await?;
            }
            summary.committed().await?;
            Ok(ImportReport {
                kind,
                rows: written.rows,
            })
        }
    }
}

/// A placement's last day in the audit log: the ISO date, or `open` for none.
#[cfg(feature = "ssr")]
fn last_day(ends_on: Option<time::Date>) -> String {
    ends_on.map_or_else(|| "open".to_owned(), |d| d.to_string())
}

/// The audit row of one access an import created or ended: `import_membership` with the unit
/// (and the membership, user and role in the criterion), `import_guardianship` with the child,
/// `import_enrolment` / `import_enrolment_end` with the child and the placement's unit (and the
/// enrolment, group and dates in the criterion).
#[cfg(feature = "ssr")]
fn granted_entry<'a>(
    granted: &crate::backend::store::import::Granted,
    now: i64,
    importer: crate::domain::UserId,
    purpose: &'a str,
) -> crate::backend::audit::Entry<'a> {
    use crate::backend::audit::{Entry, Outcome};
    use crate::backend::store::import::Granted;
    let (unit, action, child, criterion) = match granted {
        Granted::Membership {
            id,
            user,
            role,
            unit,
            area,
        } => {
            let mut criterion = format!("membership:{id} user:{user} role:{}", role.code());
            if let Some(area) = area {
                criterion.push_str(&format!(" area:{area}"));
            }
            (*unit, "import_membership", None, criterion)
        }
        Granted::GroupWork { user, unit, group } => (
            Some(*unit),
            "import_staff_group",
            None,
            format!("user:{user} group:{group}"),
        ),
        Granted::Guardianship {
            user,
            child,
            has_custody,
        } => (
            None,
            "import_guardianship",
            Some(*child),
            format!("user:{user} custody:{}", if *has_custody { 1 } else { 0 }),
        ),
        // Ids and dates only: the child's name never goes to the log.
        Granted::Placement {
            enrolment,
            child,
            unit,
            group,
            starts_on,
            ends_on,
        } => (
            Some(*unit),
            "import_enrolment",
            Some(*child),
            format!(
                "enrolment:{enrolment} group:{group} from:{starts_on} to:{}",
                last_day(*ends_on)
            ),
        ),
        Granted::PlacementEnd {
            enrolment,
            child,
            unit,
            group,
            ends_on,
        } => (
            Some(*unit),
            "import_enrolment_end",
            Some(*child),
            format!(
                "enrolment:{enrolment} group:{group} to:{}",
                last_day(*ends_on)
            ),
        ),
    };
    Entry {
        at: now,
        user: Some(importer),
        unit,
        action,
        child,
        criterion: Some(criterion),
        purpose,
        outcome: Outcome::Succeeded,
    }
}
