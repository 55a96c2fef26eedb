//! How a one-time code reaches a phone.
//!
//! A deployment implements [`CodeSender`] over its SMS gateway (Aliyun SMS, Tencent Cloud
//! SMS, a carrier's HTTP API…) and passes it to `AppState`; see README, "Sending codes".

use std::future::Future;
use std::pin::Pin;

use yizhan_core::phone::MobileNumber;

use crate::gateway::GatewayFailure;

pub type SendResult = Pin<Box<dyn Future<Output = Result<(), SendError>> + Send>>;

#[derive(Debug, thiserror::Error)]
#[error("the code could not be sent: {0}")]
pub struct SendError(pub String);

pub trait CodeSender: Send + Sync {
    fn send(&self, phone: &MobileNumber, code: &str) -> SendResult;
}

/// The sender of a server with no SMS gateway. In demo mode it writes the code to the
/// log (the answer carries it too). Otherwise the code goes nowhere: a log is read by
/// more people than the resident, and whoever reads a code can sign in as them. It says
/// so in the log, and the resident is told the code could not be sent.
pub struct LogSender {
    pub demo: bool,
}

impl CodeSender for LogSender {
    fn send(&self, phone: &MobileNumber, code: &str) -> SendResult {
        if self.demo {
            tracing::info!(phone = %phone.masked(), code, "sign-in code (demo mode)");
            return Box::pin(async { Ok(()) });
        }
        tracing::error!(
            phone = %phone.masked(),
            "no SMS gateway: a sign-in code was asked for and cannot be sent (README, \"Sending codes\")"
        );
        Box::pin(async {
            Err(SendError(
                "this community has not set up text messages yet; ask at the service station"
                    .to_string(),
            ))
        })
    }
}

/// Hands each code to a program the deployment chose (`--sms-command`): the program is
/// run with the phone number (11 digits) as its one argument and the code on its
/// standard input, and exits 0 when the message went out. Any SMS gateway's command-line
/// tool or a short script around `curl` fits; the code never appears on a command line,
/// where every user of the machine could read it.
pub struct CommandSender {
    pub program: std::path::PathBuf,
}

/// How long the program may take before the resident is told to ask again.
const COMMAND_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(15);

impl CodeSender for CommandSender {
    fn send(&self, phone: &MobileNumber, code: &str) -> SendResult {
        let program = self.program.clone();
        let phone_digits = phone.as_str().to_string();
        let masked = phone.masked();
        let input = format!("{code}\n");
        Box::pin(async move {
            match crate::gateway::run(&program, &phone_digits, &input, COMMAND_TIMEOUT).await {
                Ok(()) => Ok(()),
                Err(GatewayFailure::TimedOut(_)) => {
                    Err(SendError("the SMS command took too long".into()))
                }
                Err(failure) => {
                    tracing::warn!(phone = %masked, %failure, "the SMS command failed");
                    Err(SendError(
                        "the text message could not be sent; try again".into(),
                    ))
                }
            }
        })
    }
}
