//! Sending e-mail over SMTP: invitations and password resets (issue 15). A letter carries no
//! child data, only that the person is invited to (or asked to reset their password in) Tværs,
//! and a link, in the person's language (Danish by default).

use crate::i18n::Locale;
use leptos_i18n::td_string;
use leptos_i18n::Locale as _;
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};

/// What a one-time link is for; also its stored `purpose`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Invite,
    Reset,
}

impl Purpose {
    pub fn code(self) -> &'static str {
        match self {
            Purpose::Invite => "invite",
            Purpose::Reset => "reset",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("SMTP URL: {0}")]
    Url(String),
    #[error("sender address: {0}")]
    From(String),
    #[error("recipient address")]
    To,
    #[error("building the message: {0}")]
    Build(String),
    #[error("SMTP: {0}")]
    Smtp(String),
}

/// The SMTP connection settings and the address links point to.
#[derive(Clone)]
pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    public_url: String,
}

impl std::fmt::Debug for Mailer {
    // The SMTP URL may hold a password: never in a log line.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Mailer")
            .field("from", &self.from.to_string())
            .field("public_url", &self.public_url)
            .finish_non_exhaustive()
    }
}

impl Mailer {
    /// `smtp_url` as lettre reads it: `smtp://host:port` (plain, or `?tls=required` for
    /// STARTTLS), `smtps://user:pass@host` (TLS from the start). `public_url` is where people
    /// reach Tværs, e.g. `https://tvaers.kommune.dk`: links are built from it, never from a
    /// request's Host header, which a stranger could set to their own site.
    pub fn new(smtp_url: &str, from: &str, public_url: &str) -> Result<Self, MailError> {
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(smtp_url)
            .map_err(|err| MailError::Url(err.to_string()))?
            .build();
        let from = from
            .parse::<Mailbox>()
            .map_err(|err| MailError::From(err.to_string()))?;
        Ok(Self {
            transport,
            from,
            public_url: public_url.trim_end_matches('/').to_owned(),
        })
    }

    /// The page where the link's holder sets a password.
    pub fn link(&self, token: &str) -> String {
        format!("{}/password/{token}", self.public_url)
    }

    /// Sends the letter for `purpose` with `link` to `to`, in `language` (a locale code;
    /// Danish when unknown).
    pub async fn send(
        &self,
        to: &str,
        language: Option<&str>,
        purpose: Purpose,
        link: &str,
    ) -> Result<(), MailError> {
        self.deliver(to, Letter::new(locale(language), purpose, link))
            .await
    }

    /// Tells `to` that something waits for them in Tværs (issue 16): which, but nothing of
    /// it — no child, no time, no place — and a link to the front page, where they sign in.
    pub async fn notify(
        &self,
        to: &str,
        language: Option<&str>,
        notice: Notice,
    ) -> Result<(), MailError> {
        let link = format!("{}/", self.public_url);
        self.deliver(to, Letter::notice(locale(language), notice, &link))
            .await
    }

    async fn deliver(&self, to: &str, letter: Letter) -> Result<(), MailError> {
        let to = to.parse::<Mailbox>().map_err(|_| MailError::To)?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(letter.subject)
            .header(ContentType::TEXT_PLAIN)
            .body(letter.body)
            .map_err(|err| MailError::Build(err.to_string()))?;
        self.transport
            .send(message)
            .await
            .map_err(|err| MailError::Smtp(err.to_string()))?;
        Ok(())
    }
}

/// The locale of a stored language code; Danish by default.
pub fn locale(language: Option<&str>) -> Locale {
    language
        .and_then(|code| Locale::get_all().iter().find(|l| l.as_str() == code))
        .copied()
        .unwrap_or(Locale::da)
}

/// The code of one of the app's languages, as stored in `users.language`.
pub fn known_language(code: &str) -> Option<&'static str> {
    Locale::get_all()
        .iter()
        .map(|l| l.as_str())
        .find(|known| *known == code)
}

/// What a content-free notice tells its reader waits for them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// An invitation to a focus meeting about their child.
    MeetingInvitation,
    /// The child moves on: a transition description, a consent to decide on, and a copy of
    /// everything registered wait on their pages (issue 17).
    Transition,
    /// A leader flagged a lookup in the spot check (issue 18 item 4): for the administrators.
    FlaggedLookup,
}

/// A letter's words: a subject and a plain-text body with the link.
#[derive(Debug, PartialEq)]
pub struct Letter {
    pub subject: String,
    pub body: String,
}

impl Letter {
    pub fn new(locale: Locale, purpose: Purpose, link: &str) -> Self {
        let (subject, text) = match purpose {
            Purpose::Invite => (
                td_string!(locale, password.mail_invite_subject),
                td_string!(locale, password.mail_invite_body),
            ),
            Purpose::Reset => (
                td_string!(locale, password.mail_reset_subject),
                td_string!(locale, password.mail_reset_body),
            ),
        };
        let closing = td_string!(locale, password.mail_closing);
        Self {
            subject: subject.to_owned(),
            body: format!("{text}\n\n{link}\n\n{closing}\n"),
        }
    }

    pub fn notice(locale: Locale, notice: Notice, link: &str) -> Self {
        let (subject, text) = match notice {
            Notice::MeetingInvitation => (
                td_string!(locale, meeting.mail_subject),
                td_string!(locale, meeting.mail_body),
            ),
            Notice::Transition => (
                td_string!(locale, transition.mail_subject),
                td_string!(locale, transition.mail_body),
            ),
            Notice::FlaggedLookup => (
                td_string!(locale, spot_check.mail_subject),
                td_string!(locale, spot_check.mail_body),
            ),
        };
        let closing = td_string!(locale, password.mail_closing);
        Self {
            subject: subject.to_owned(),
            body: format!("{text}\n\n{link}\n\n{closing}\n"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_letter_is_in_the_persons_language_and_danish_by_default() {
        let link = "https://tvaers.example/password/abc";
        let danish = Letter::new(locale(None), Purpose::Invite, link);
        assert_eq!(danish, Letter::new(Locale::da, Purpose::Invite, link));
        assert_eq!(
            danish,
            Letter::new(locale(Some("xx")), Purpose::Invite, link)
        );
        let english = Letter::new(locale(Some("en")), Purpose::Invite, link);
        assert_ne!(danish.subject, english.subject);
        assert!(english.body.contains(link));
        let reset = Letter::new(Locale::en, Purpose::Reset, link);
        assert_eq!(known_language("so"), Some("so"));
        assert_eq!(known_language("de"), None);
        assert_ne!(reset.subject, english.subject);
    }

    #[test]
    fn a_notice_says_what_waits_and_nothing_of_it() {
        let link = "https://tvaers.example/";
        for l in Locale::get_all() {
            let letter = Letter::notice(*l, Notice::MeetingInvitation, link);
            assert!(letter.body.contains(link));
            assert!(!letter.subject.is_empty());
        }
        let danish = Letter::notice(Locale::da, Notice::MeetingInvitation, link);
        let arabic = Letter::notice(Locale::ar, Notice::MeetingInvitation, link);
        assert_ne!(danish.body, arabic.body);
    }

    #[test]
    fn links_are_built_from_the_configured_address_only() {
        let mailer = Mailer::new(
            "smtp://127.0.0.1:2525",
            "Tværs <tvaers@kommune.dk>",
            "https://t.dk/",
        )
        .expect("valid settings");
        assert_eq!(mailer.link("tok"), "https://t.dk/password/tok");
        assert!(Mailer::new("ftp://x", "a@b.dk", "https://t.dk").is_err());
        assert!(Mailer::new("smtp://127.0.0.1", "not an address", "https://t.dk").is_err());
    }
}
