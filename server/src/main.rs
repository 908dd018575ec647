use anyhow::Context;
use clap::{Parser, Subcommand};
use tvaers::config::ServeConfig;

/// Tværs – trivsel på tværs.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// How the log is written: `text`, or `json` (one JSON object a line, for a log collector).
    #[arg(
        long,
        global = true,
        env = "TVAERS_LOG_FORMAT",
        value_enum,
        default_value = "text"
    )]
    log_format: tvaers::observe::LogFormat,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (migrations are applied at start-up).
    Serve(ServeConfig),
    /// Load the fictional demo municipality into an empty database and print its logins.
    SeedDemo(ServeConfig),
    /// Put a municipality into service on an empty database: the municipality and its first
    /// administrator, whose one-time link to set a password is printed here.
    Setup(tvaers::setup::SetupArgs),
    /// The retention job: deletes what is past its deletion date (`tvaers serve` runs it
    /// daily; `retention run` runs it now).
    Retention {
        #[command(subcommand)]
        command: tvaers::retention::RetentionCommand,
    },
    /// A consistent copy of the database into a new folder, while the server runs.
    Backup(tvaers::backup::BackupArgs),
    /// Put a backup back in place of the database (the server stopped), then delete again what
    /// was deleted since the backup was taken, before any server answers on it.
    Restore(tvaers::restore::RestoreArgs),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // Parsed first: the log's format is one of its flags.
    let cli = Cli::parse();
    tvaers::observe::init_logging(cli.log_format);
    match cli.command {
        Command::Serve(config) => tvaers::serve(config).await,
        Command::SeedDemo(config) => {
            let db = tvaers::router::open_database(&config).await?;
            let logins = tvaers::demo::seed(&db, &time::OffsetDateTime::now_utc().date())
                .await
                .context("seeding the demo municipality")?;
            tvaers::demo::print_logins(&logins);
            db.close().await;
            Ok(())
        }
        Command::Retention { command } => tvaers::retention::run_command(command).await,
        Command::Backup(args) => tvaers::backup::run_command(args).await,
        Command::Restore(args) => tvaers::restore::run_command(args).await,
        Command::Setup(args) => {
            // The flags are checked before the database is opened or migrated.
            let input = tvaers::setup::SetupInput::parse(&args)?;
            let db = tvaers::router::open_database(&args.serve).await?;
            let now = time::OffsetDateTime::now_utc().unix_timestamp();
            let made = tvaers::setup::set_up(&db, &input, now).await;
            db.close().await;
            let made = made?;
            let until = time::OffsetDateTime::from_unix_timestamp(made.expires_at)?;
            println!(
                "{} is set up. Its administrator \"{}\" sets a password once, by {} UTC, at:\n\n  {}\n\n\
                 Start the server (`tvaers serve` with the same database flags) before opening it.",
                input.municipality,
                input.admin_username.as_str(),
                until.format(&time::format_description::well_known::Rfc3339)?,
                tvaers::setup::link_address(&args.serve, &made.token),
            );
            Ok(())
        }
    }
}
