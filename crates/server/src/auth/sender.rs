//! How a one-time code reaches a phone.
//!
//! A deployment implements [`CodeSender`] over its SMS gateway (Aliyun SMS, Tencent Cloud
//! SMS, a carrier's HTTP API…) and passes it to `AppState`; see README, "Sending codes".

use std::future::Future;
use std::pin::Pin;

use yizhan_core::phone::MobileNumber;

pub type SendResult = Pin<Box<dyn Future<Output = Result<(), SendError>> + Send>>;

#[derive(Debug, thiserror::Error)]
#[error("the code could not be sent: {0}")]
pub struct SendError(pub String);

pub trait CodeSender: Send + Sync {
    fn send(&self, phone: &MobileNumber, code: &str) -> SendResult;
}

/// Writes the code to the server's log. For development and demo mode, and for a street
/// office that reads codes out to residents by phone until it has a gateway.
pub struct LogSender;

impl CodeSender for LogSender {
    fn send(&self, phone: &MobileNumber, code: &str) -> SendResult {
        tracing::info!(phone = %phone.masked(), code, "sign-in code");
        Box::pin(async { Ok(()) })
    }
}
