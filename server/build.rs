//! `sqlx::migrate!` embeds the migration files at compile time, but on stable Rust it cannot tell
//! cargo to rebuild when one is added or changed: this does.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
