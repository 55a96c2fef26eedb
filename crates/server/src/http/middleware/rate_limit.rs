//! The general rate limit of the contract (429 `rate_limited` with `Retry-After`), per
//! client address: sustained `--rate-limit` requests a minute, bursts up to as many.
//!
//! Keyed by address rather than by token: a made-up token per request would otherwise
//! buy a fresh allowance. The address is [`ClientAddr`], which knows about proxies.

use std::net::IpAddr;
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use super::client_address::ClientAddr;
use crate::error::ApiError;

/// Forget idle clients every this many requests, so the table stays small.
const PRUNE_EVERY: u32 = 4096;

#[derive(Clone)]
pub struct Limiter {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    requests: Arc<AtomicU32>,
}

impl Limiter {
    /// `None` when `per_minute` is 0 (no limit).
    pub fn new(per_minute: u32) -> Option<Limiter> {
        let quota = Quota::per_minute(NonZeroU32::new(per_minute)?);
        Some(Limiter {
            limiter: Arc::new(RateLimiter::keyed(quota)),
            requests: Arc::new(AtomicU32::new(0)),
        })
    }

    /// How long `client` must wait, or `None` when it may go ahead.
    fn wait_for(&self, client: IpAddr) -> Option<u64> {
        if self
            .requests
            .fetch_add(1, Ordering::Relaxed)
            .is_multiple_of(PRUNE_EVERY)
        {
            self.limiter.retain_recent();
        }
        let refused = self.limiter.check_key(&client).err()?;
        let wait = refused.wait_time_from(DefaultClock::default().now());
        Some(wait.as_secs_f64().ceil().max(1.0) as u64)
    }
}

pub async fn apply(
    State(limiter): State<Option<Limiter>>,
    request: Request,
    next: Next,
) -> Response {
    if let Some(limiter) = &limiter {
        if let Some(ClientAddr(client)) = request.extensions().get::<ClientAddr>().copied() {
            if let Some(retry_after) = limiter.wait_for(client) {
                tracing::warn!(%client, retry_after, "rate limited");
                return ApiError::RateLimited { retry_after }.into_response();
            }
        }
    }
    next.run(request).await
}
