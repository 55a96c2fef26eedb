//! Plays back answers recorded from a real backend, checking that a profile makes
//! exactly the recorded requests.
#![allow(dead_code)] // each test binary uses its own part of this module

use std::cell::RefCell;
use std::collections::VecDeque;

use serde::Deserialize;
use serde_json::Value;
use yizhan_core::sync::{Attempt, HttpRequest, HttpResponse, NetworkError, Transport};

pub const BASE: &str = "http://127.0.0.1:3000";

/// The first send of an order queued at 2026-11-23T05:00:00Z.
pub const FIRST: Attempt = Attempt {
    maybe_sent: false,
    queued_at: 1_795_410_000_000,
    owner_id: String::new(),
};

/// A send after one that may have reached the server.
pub const AGAIN: Attempt = Attempt {
    maybe_sent: true,
    queued_at: 1_795_410_000_000,
    owner_id: String::new(),
};

#[derive(Deserialize)]
pub struct Exchange {
    pub request: RecordedRequest,
    pub response: RecordedResponse,
}

#[derive(Deserialize)]
pub struct RecordedRequest {
    pub method: String,
    pub path: String,
    #[serde(default)]
    pub body: Option<Value>,
}

#[derive(Deserialize)]
pub struct RecordedResponse {
    pub status: u16,
    pub body: String,
}

/// Plays a recording back: every request must be the next recorded one.
pub struct Replay {
    pub exchanges: RefCell<VecDeque<Exchange>>,
    pub check_bodies: bool,
    pub sent: RefCell<Vec<Option<Value>>>,
}

impl Replay {
    /// The recording `fixtures/<fixtures>/<name>.json`.
    pub fn of(fixtures: &str, name: &str) -> Replay {
        let path = format!(
            "{}/tests/fixtures/{fixtures}/{name}.json",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(&path).expect("a recorded fixture");
        let exchanges: Vec<Exchange> = serde_json::from_str(&text).expect("a recording");
        Replay {
            exchanges: RefCell::new(exchanges.into()),
            check_bodies: true,
            sent: RefCell::default(),
        }
    }

    /// A backend that must not be asked anything.
    pub fn empty() -> Replay {
        Replay {
            exchanges: RefCell::default(),
            check_bodies: true,
            sent: RefCell::default(),
        }
    }

    /// The same exchanges for a request body that differs on purpose.
    pub fn any_body(self) -> Replay {
        Replay {
            check_bodies: false,
            ..self
        }
    }

    /// Leaves out the first `n` exchanges (a test that starts partway through).
    pub fn skip(self, n: usize) -> Replay {
        self.exchanges.borrow_mut().drain(..n);
        self
    }

    pub fn finished(&self) -> bool {
        self.exchanges.borrow().is_empty()
    }
}

impl Transport for Replay {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, NetworkError> {
        let next = self
            .exchanges
            .borrow_mut()
            .pop_front()
            .expect("no request beyond the recording");
        assert_eq!(request.method.as_str(), next.request.method);
        assert_eq!(request.url, format!("{BASE}{}", next.request.path));
        let sent: Option<Value> = request
            .body
            .as_deref()
            // A form (GeoReport's POST) is compared as the text it is.
            .map(|b| serde_json::from_str(b).unwrap_or_else(|_| Value::String(b.to_string())));
        self.sent.borrow_mut().push(sent.clone());
        if self.check_bodies {
            assert_eq!(sent, next.request.body, "the body of {}", next.request.path);
        }
        Ok(HttpResponse {
            status: next.response.status,
            headers: Vec::new(),
            body: next.response.body,
        })
    }
}

/// Lent to an engine, the recording can still be checked afterwards.
impl Transport for &Replay {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, NetworkError> {
        (**self).send(request).await
    }
}
