//! The SMTP settings (issue 15): where invitations and password resets are sent from. Without
//! `--smtp-url` mail is off; the server says so at start, and the functions that need mail
//! answer that it is off (503) instead of failing.

use anyhow::Context;
use app::backend::mail::Mailer;
use clap::Args;

#[derive(Args, Clone, Debug, Default)]
pub struct MailConfig {
    /// The SMTP server letters go through: `smtp://127.0.0.1:2525` (plain, for a local relay;
    /// `?tls=required` for STARTTLS) or `smtps://user:pass@host` (TLS). None: mail is off.
    #[arg(long, env = "TVAERS_SMTP_URL")]
    pub smtp_url: Option<String>,
    /// The sender of every letter, e.g. `Tværs <tvaers@kommune.dk>`.
    #[arg(
        long,
        env = "TVAERS_MAIL_FROM",
        default_value = "Tværs <tvaers@localhost>"
    )]
    pub mail_from: String,
}

impl MailConfig {
    /// The mailer, if SMTP is configured; links in letters start with `site` (the public
    /// address). A malformed URL or sender stops the start, with the flag named.
    pub fn mailer(&self, site: &str) -> anyhow::Result<Option<Mailer>> {
        let Some(url) = self.smtp_url.as_deref().filter(|u| !u.is_empty()) else {
            tracing::warn!(
                "mail is off: no --smtp-url, so invitations and password resets cannot be sent"
            );
            return Ok(None);
        };
        let mailer = Mailer::new(url, &self.mail_from, site)
            .context("--smtp-url / --mail-from (TVAERS_SMTP_URL / TVAERS_MAIL_FROM)")?;
        tracing::info!(from = %self.mail_from, links = %site, "mail is on");
        Ok(Some(mailer))
    }
}

#[cfg(test)]
mod tests {
    use super::MailConfig;

    #[test]
    fn without_an_smtp_url_mail_is_off_and_a_bad_one_stops_the_start() {
        let off = MailConfig::default();
        assert!(off
            .mailer("http://127.0.0.1:3000")
            .expect("no error")
            .is_none());
        let on = MailConfig {
            smtp_url: Some("smtps://user:secret@mail.kommune.dk".into()),
            mail_from: "Tværs <tvaers@kommune.dk>".into(),
        };
        let mailer = on
            .mailer("https://tvaers.kommune.dk")
            .expect("valid")
            .expect("on");
        assert!(!format!("{mailer:?}").contains("secret"));
        let bad = MailConfig {
            smtp_url: Some("gopher://x".into()),
            ..on
        };
        assert!(bad.mailer("https://tvaers.kommune.dk").is_err());
    }
}
