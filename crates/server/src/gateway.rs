//! Running the program a deployment gave for its SMS gateway (`--sms-command` for sign-in
//! codes, `--notify-command` for what people are told): the phone number (11 digits) as
//! its one argument, the message on its standard input, exit 0 when it went out. What
//! the program prints is not read, let alone logged: a script tracing its commands would
//! put the code, or the resident's number and message, in a log more people read.

use std::path::Path;
use std::process::{ExitStatus, Stdio};
use std::time::Duration;

use tokio::io::AsyncWriteExt;

/// Why a message did not go out.
#[derive(Debug, thiserror::Error)]
pub enum GatewayFailure {
    #[error("cannot run {program}: {reason}")]
    CannotRun { program: String, reason: String },
    #[error("the program exited with {0}")]
    Failed(ExitStatus),
    #[error("the program took longer than {0:?}")]
    TimedOut(Duration),
}

/// Runs `program` for `phone_digits` with `input` on its standard input, for at most
/// `timeout` (then it is killed).
pub async fn run(
    program: &Path,
    phone_digits: &str,
    input: &str,
    timeout: Duration,
) -> Result<(), GatewayFailure> {
    let cannot = |reason: String| GatewayFailure::CannotRun {
        program: program.display().to_string(),
        reason,
    };
    let attempt = async {
        let mut child = tokio::process::Command::new(program)
            .arg(phone_digits)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .kill_on_drop(true)
            .spawn()
            .map_err(|e| cannot(e.to_string()))?;
        if let Some(mut stdin) = child.stdin.take() {
            stdin
                .write_all(input.as_bytes())
                .await
                .map_err(|e| cannot(format!("its standard input: {e}")))?;
        }
        let status = child.wait().await.map_err(|e| cannot(e.to_string()))?;
        if status.success() {
            Ok(())
        } else {
            Err(GatewayFailure::Failed(status))
        }
    };
    tokio::time::timeout(timeout, attempt)
        .await
        .unwrap_or(Err(GatewayFailure::TimedOut(timeout)))
}
