//! The general rate limit of the contract (429 `rate_limited` with `Retry-After`), per
//! client address: sustained `--rate-limit` requests a minute, bursts up to as many.
//!
//! Keyed by address rather than by token: a made-up token per request would otherwise
//! buy a fresh allowance. Behind a reverse proxy, `--client-ip-header` names the header
//! carrying the resident's address.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderName};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use governor::clock::{Clock, DefaultClock};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::error::ApiError;

/// Forget idle clients every this many requests, so the table stays small.
const PRUNE_EVERY: u32 = 4096;

#[derive(Clone)]
pub struct Limiter {
    limiter: Arc<DefaultKeyedRateLimiter<IpAddr>>,
    client_ip_header: Option<HeaderName>,
    requests: Arc<AtomicU32>,
}

impl Limiter {
    /// `None` when `per_minute` is 0 (no limit).
    pub fn new(per_minute: u32, client_ip_header: Option<HeaderName>) -> Option<Limiter> {
        let quota = Quota::per_minute(NonZeroU32::new(per_minute)?);
        Some(Limiter {
            limiter: Arc::new(RateLimiter::keyed(quota)),
            client_ip_header,
            requests: Arc::new(AtomicU32::new(0)),
        })
    }

    fn client(&self, headers: &HeaderMap, peer: Option<SocketAddr>) -> Option<IpAddr> {
        let forwarded = self.client_ip_header.as_ref().and_then(|name| {
            // X-Forwarded-For lists the client first, then each proxy.
            let value = headers.get(name)?.to_str().ok()?;
            value.split(',').next()?.trim().parse().ok()
        });
        forwarded.or(peer.map(|peer| peer.ip()))
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
        let peer = request
            .extensions()
            .get::<ConnectInfo<SocketAddr>>()
            .map(|info| info.0);
        if let Some(client) = limiter.client(request.headers(), peer) {
            if let Some(retry_after) = limiter.wait_for(client) {
                tracing::warn!(%client, retry_after, "rate limited");
                return ApiError::RateLimited { retry_after }.into_response();
            }
        }
    }
    next.run(request).await
}
