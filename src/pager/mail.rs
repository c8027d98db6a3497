//! The email copy of a voice message, through the SMTP relay in the roster's
//! `mail_settings` (as oncall-twilio's Flask-Mail used it: `mail_use_tls` means STARTTLS;
//! port 465 means TLS from the first byte).

use crate::oncall::roster::MailSettings;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart, header::ContentType};
use lettre::transport::smtp::authentication::Credentials;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

/// Mail settings complete enough to send with.
pub fn usable(m: Option<&MailSettings>) -> bool {
    m.is_some_and(|m| {
        m.to_email.as_deref().is_some_and(|s| !s.is_empty())
            && m.mail_server.as_deref().is_some_and(|s| !s.is_empty())
    })
}

/// Sends `subject`/`text` with an optional attachment (`name`, `content type`, bytes).
pub async fn send(
    settings: &MailSettings,
    subject: &str,
    text: &str,
    attachment: Option<(&str, &str, Vec<u8>)>,
) -> anyhow::Result<String> {
    let to = settings
        .to_email
        .as_deref()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| anyhow::anyhow!("mail_settings.to_email is not set"))?;
    let from = settings
        .from_email
        .as_deref()
        .filter(|s| !s.is_empty())
        .unwrap_or("relay@localhost");
    let to_box: Mailbox = to
        .parse()
        .map_err(|e| anyhow::anyhow!("mail_settings.to_email {to:?}: {e}"))?;
    let from_box: Mailbox = from
        .parse()
        .map_err(|e| anyhow::anyhow!("mail_settings.from_email {from:?}: {e}"))?;
    let body = SinglePart::plain(text.to_string());
    let builder = Message::builder()
        .from(from_box)
        .to(to_box)
        .subject(subject);
    let email = match attachment {
        Some((name, ctype, bytes)) => {
            builder.multipart(MultiPart::mixed().singlepart(body).singlepart(
                Attachment::new(name.to_string()).body(
                    bytes,
                    ContentType::parse(ctype).unwrap_or(ContentType::TEXT_PLAIN),
                ),
            ))?
        }
        None => builder.singlepart(body)?,
    };
    let (transport, server, port) = transport(settings, Duration::from_secs(30))?;
    transport
        .send(email)
        .await
        .map_err(|e| anyhow::anyhow!("SMTP {server}:{port}: {}", crate::exit::chain(&e)))?;
    Ok(to.to_string())
}

/// The SMTP connection the settings describe: port 465 is TLS from the first byte,
/// `mail_use_tls` STARTTLS (required), otherwise plain; credentials when a user is set.
fn transport(
    settings: &MailSettings,
    timeout: Duration,
) -> anyhow::Result<(AsyncSmtpTransport<Tokio1Executor>, String, u16)> {
    let server = settings
        .mail_server
        .as_deref()
        .filter(|s| !s.is_empty())
        .ok_or_else(|| anyhow::anyhow!("mail_settings.mail_server is not set"))?;
    let port = settings.mail_port.unwrap_or(25);
    let mut transport = if port == 465 {
        AsyncSmtpTransport::<Tokio1Executor>::relay(server)?
    } else if settings.mail_use_tls.unwrap_or(false) {
        AsyncSmtpTransport::<Tokio1Executor>::starttls_relay(server)?
    } else {
        AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(server)
    }
    .port(port)
    .timeout(Some(timeout));
    if let (Some(user), Some(pass)) = (
        settings.mail_username.as_deref().filter(|s| !s.is_empty()),
        settings.mail_password.as_ref(),
    ) {
        transport = transport.credentials(Credentials::new(
            user.to_string(),
            pass.expose().to_string(),
        ));
    }
    Ok((transport.build(), server.to_string(), port))
}

/// Connects as [`send`] would (TLS or STARTTLS as configured, then authentication) and
/// says NOOP: no mail is sent. `relay doctor`'s check; `Ok` describes what held.
pub async fn check(settings: &MailSettings, timeout: Duration) -> anyhow::Result<String> {
    let (transport, server, port) = transport(settings, timeout)?;
    let ok = transport
        .test_connection()
        .await
        .map_err(|e| anyhow::anyhow!("SMTP {server}:{port}: {}", crate::exit::chain(&e)))?;
    anyhow::ensure!(ok, "SMTP {server}:{port} did not answer NOOP");
    let tls = if port == 465 {
        ", TLS"
    } else if settings.mail_use_tls.unwrap_or(false) {
        ", STARTTLS"
    } else {
        ""
    };
    let auth = match settings.mail_username.as_deref().filter(|s| !s.is_empty()) {
        Some(u) if settings.mail_password.is_some() => format!(", authenticated as {u}"),
        _ => String::new(),
    };
    Ok(format!("{server}:{port}{tls}{auth}"))
}
