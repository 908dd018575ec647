use anyhow::Context;
use clap::{Parser, Subcommand};
use tvaers::config::ServeConfig;

/// Tværs – trivsel på tværs.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (migrations are applied at start-up).
    Serve(ServeConfig),
    /// Load the fictional demo municipality into an empty database and print its logins.
    SeedDemo(ServeConfig),
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    match Cli::parse().command {
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
    }
}
