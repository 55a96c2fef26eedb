//! Text messages for people without the app (issue 18): a resident whose order was filed
//! for them, or anyone who chose texts. A deployment plugs its SMS gateway in as a
//! [`Notifier`] beside the sign-in codes' `CodeSender` (README, "Telling people by text").
//!
//! Gateways in China send only templates registered in advance, with parameters: each
//! message names its template (the inbox kind), its parameters, and the whole text in the
//! person's language for gateways that take free text.

use std::sync::Arc;

use serde::Serialize;
use sqlx::SqliteConnection;
use yizhan_core::phone::MobileNumber;

use crate::auth::sender::{SendError, SendResult};

/// One text message.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct TextMessage {
    /// The template's name: the inbox kind (`done`, `shift_soon`…).
    pub template: &'static str,
    /// The template's parameters.
    pub params: TextParams,
    /// The whole message in the person's language.
    pub text: String,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct TextParams {
    pub title: String,
    pub note: Option<String>,
}

pub trait Notifier: Send + Sync {
    fn notify(&self, phone: &MobileNumber, message: &TextMessage) -> SendResult;
}

/// A server without a gateway for messages. In demo mode the message goes to the log,
/// for the trainer to see; otherwise nowhere (a log is read by more people than the
/// resident), with a warning that says so.
pub struct LogNotifier {
    pub demo: bool,
}

impl Notifier for LogNotifier {
    fn notify(&self, phone: &MobileNumber, message: &TextMessage) -> SendResult {
        if self.demo {
            tracing::info!(phone = %phone.masked(), template = message.template, text = %message.text, "text message (demo mode)");
        } else {
            tracing::warn!(phone = %phone.masked(), template = message.template, "no --notify-command: a text message was not sent");
        }
        Box::pin(async { Ok(()) })
    }
}

/// Hands each message to a program the deployment chose (`--notify-command`): run with
/// the phone number (11 digits) as its one argument and the message on its standard
/// input as one line of JSON (`{"template":…,"params":{…},"text":…}`); exit 0 when sent.
pub struct CommandNotifier {
    pub program: std::path::PathBuf,
}

const COMMAND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

impl Notifier for CommandNotifier {
    fn notify(&self, phone: &MobileNumber, message: &TextMessage) -> SendResult {
        let program = self.program.clone();
        let digits = phone.as_str().to_string();
        let masked = phone.masked();
        let line = serde_json::to_string(message).map(|json| format!("{json}\n"));
        Box::pin(async move {
            let line = line.map_err(|e| SendError(format!("cannot write the message: {e}")))?;
            crate::gateway::run(&program, &digits, &line, COMMAND_TIMEOUT)
                .await
                .map_err(|failure| {
                    tracing::warn!(phone = %masked, %failure, "the notify command failed");
                    SendError("the text message could not be sent".into())
                })
        })
    }
}

/// Texts a person may get in an hour, and in a day: a text costs the community money and
/// a phone that buzzes all day gets switched off. Past the limit, the inbox has it.
pub const TEXTS_PER_HOUR: i64 = 3;
pub const TEXTS_PER_DAY: i64 = 10;

/// Counts a text to `user_id` at `now` (Unix seconds) if the limits allow it; `false`
/// when they do not. Inside the caller's write transaction, so two passes cannot both
/// take the last one.
pub async fn take_allowance(
    conn: &mut SqliteConnection,
    user_id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    sqlx::query("DELETE FROM texts_sent WHERE at <= ?")
        .bind(now.saturating_sub(24 * 3600))
        .execute(&mut *conn)
        .await?;
    let (hour, day): (i64, i64) = sqlx::query_as(
        "SELECT COALESCE(SUM(at > ?), 0), COUNT(*) FROM texts_sent WHERE user_id = ?",
    )
    .bind(now.saturating_sub(3600))
    .bind(user_id)
    .fetch_one(&mut *conn)
    .await?;
    if hour >= TEXTS_PER_HOUR || day >= TEXTS_PER_DAY {
        return Ok(false);
    }
    sqlx::query("INSERT INTO texts_sent (user_id, at) VALUES (?, ?)")
        .bind(user_id)
        .bind(now)
        .execute(&mut *conn)
        .await?;
    Ok(true)
}

/// The notifier a configuration asks for.
pub fn notifier(program: Option<&std::path::Path>, demo: bool) -> Arc<dyn Notifier> {
    match program {
        Some(program) => Arc::new(CommandNotifier {
            program: program.to_path_buf(),
        }),
        None => Arc::new(LogNotifier { demo }),
    }
}
