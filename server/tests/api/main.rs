//! Integration tests through the real HTTP server, each run on SQLite and on PostgreSQL.

mod common;

mod access;
mod audit_children;
mod auth;
mod care;
mod compression;
mod every_function;
mod guardianship_end;
mod hardening;
mod health;
mod import;
mod import_encoding;
mod instances;
mod moves;
mod narrowed;
mod oidc;
mod ops;
mod page_streams;
mod parent_phone;
mod passwords;
mod people;
mod pg_roles;
mod proxy;
mod record;
mod reports;
mod retention;
mod rounds;
mod schema;
mod scope;
mod second_factor;
mod setup;
mod spot_check;
mod storage;
mod throttle;
mod transitions;
