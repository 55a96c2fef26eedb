//! A resident's micro-wish, from a terminal: yizhan-core used on its own, with a backend
//! profile, a transport and an environment written here rather than the app's.
//!
//! ```text
//! cargo run -p yizhan-server -- --demo --listen 127.0.0.1:8080   # in one terminal
//! cargo run -p yizhan-core --example resident                      # in another
//! cargo run -p yizhan-core --example resident -- http://127.0.0.1:8080/api/v1 13800000001
//! ```
//!
//! It signs in with the demo server's code, queues a wish while nothing is sent, lets
//! the engine deliver it, reads it back from the server, cancels it and syncs again. It
//! exits non-zero if any step does not end as the contract says, so `make test` runs it.
//!
//! What each part is for:
//! - [`Contract`] is a profile: it implements [`Backend`], turning the engine's
//!   operations into requests of `shared/api-contract.md` and answers back into the
//!   contract's types and the engine's error classes ([`classify`]). The crate's own
//!   [`yizhan_core::sync::profiles::YizhanProfile`] does the same, whole; this one offers
//!   only what a resident's wish needs, and says "not offered" for the rest.
//! - [`Ureq`] is a transport: it moves an [`HttpRequest`] and never retries (the engine
//!   decides that).
//! - [`Terminal`] is the environment: the clock, randomness for backoff, new ids.
//! - [`MemoryStore`] keeps the device's data; an app keeps it on disk (IndexedDB in the
//!   browser) behind the same [`yizhan_core::sync::Store`] trait.

use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use futures::executor::block_on;
use serde::Deserialize;
use serde_json::json;
use yizhan_core::lifecycle::{Action, Step};
use yizhan_core::model::{NewOrder, Order, OrderKind, OrderStatus, Page, Shift, TransitionRequest};
use yizhan_core::sync::classify::classify;
use yizhan_core::sync::{
    Abilities, Attempt, Backend, Engine, Env, Fetched, HttpRequest, HttpResponse, MemoryStore,
    Method, NetworkError, Reference, Session, SessionUser, SyncError, Transport,
};

/// The contract, for a resident's wishes. A profile holds where the backend is and
/// anything else its requests need; the token comes with each call.
#[derive(Clone)]
struct Contract {
    base_url: String,
}

impl Contract {
    fn request(&self, method: Method, path: &str, token: &str) -> HttpRequest {
        HttpRequest::new(method, format!("{}{path}", self.base_url))
            .header("authorization", format!("Bearer {token}"))
            .header("accept", "application/json")
    }

    /// Sends, and reads a 2xx answer as `T`; anything else becomes the engine's class.
    async fn exchange<T: for<'de> Deserialize<'de>, N: Transport>(
        net: &N,
        request: HttpRequest,
    ) -> Result<T, SyncError> {
        let response = net.send(request).await?;
        if !response.is_success() {
            return Err(classify(&response));
        }
        serde_json::from_str(&response.body).map_err(|e| SyncError::BadResponse(e.to_string()))
    }
}

fn to_json<T: serde::Serialize>(value: &T) -> Result<String, SyncError> {
    serde_json::to_string(value).map_err(|e| SyncError::BadResponse(e.to_string()))
}

#[derive(Deserialize)]
struct CodeSent {
    #[serde(default)]
    dev_code: Option<String>,
}

#[derive(Deserialize)]
struct Signed {
    token: String,
    user: SessionUser,
}

impl Backend for Contract {
    fn abilities(&self) -> Abilities {
        Abilities {
            needs_code: true,
            needs_password: false,
            has_calendar: false,
            has_inbox: false,
            staff_work: false,
            takes_steps: true,
            takes_wishes: true,
            workbench: false,
            edits_profile: false,
            offers: Vec::new(),
        }
    }

    async fn request_code<N: Transport>(
        &self,
        net: &N,
        phone: &str,
    ) -> Result<Option<String>, SyncError> {
        let request = HttpRequest::new(Method::Post, format!("{}/auth/code", self.base_url))
            .json(json!({ "phone": phone }).to_string());
        let sent: CodeSent = Self::exchange(net, request).await?;
        Ok(sent.dev_code)
    }

    async fn sign_in<N: Transport>(
        &self,
        net: &N,
        phone: &str,
        secret: &str,
    ) -> Result<(Session, SessionUser), SyncError> {
        let request = HttpRequest::new(Method::Post, format!("{}/auth/session", self.base_url))
            .json(json!({ "phone": phone, "code": secret }).to_string());
        let signed: Signed = Self::exchange(net, request).await?;
        let session = Session {
            token: signed.token,
            user_id: signed.user.id.clone(),
            name: signed.user.name.clone(),
            roles: signed.user.roles.clone(),
            grid_id: signed.user.grid_id.clone(),
            refresh_token: None,
        };
        Ok((session, signed.user))
    }

    /// `PUT /orders/{id}` is idempotent: a resend after a lost answer gets the stored
    /// order, so what the engine knows of earlier sends is not needed.
    async fn create_order<N: Transport>(
        &self,
        net: &N,
        token: &str,
        id: &str,
        order: &NewOrder,
        _attempt: Attempt,
    ) -> Result<Order, SyncError> {
        let request = self
            .request(Method::Put, &format!("/orders/{id}"), token)
            .json(to_json(order)?);
        Self::exchange(net, request).await
    }

    async fn transition<N: Transport>(
        &self,
        net: &N,
        token: &str,
        order_id: &str,
        version: i64,
        request: &TransitionRequest,
    ) -> Result<Order, SyncError> {
        let path = format!("/orders/{order_id}/transitions");
        let request = self
            .request(Method::Post, &path, token)
            .header("if-match", format!("\"{version}\""))
            .json(to_json(request)?);
        Self::exchange(net, request).await
    }

    async fn orders_since<N: Transport>(
        &self,
        net: &N,
        token: &str,
        cursor: Option<&str>,
    ) -> Result<Page<Order>, SyncError> {
        let path = match cursor {
            Some(cursor) => format!("/orders?since={cursor}"),
            None => "/orders".to_string(),
        };
        Self::exchange(net, self.request(Method::Get, &path, token)).await
    }

    /// The community's reference data is the app's business: not offered here.
    async fn reference<N: Transport>(
        &self,
        _net: &N,
        _token: &str,
        _kind: Reference,
        _etag: Option<&str>,
    ) -> Result<Fetched, SyncError> {
        Ok(Fetched::NotOffered)
    }

    async fn shift_signup<N: Transport>(
        &self,
        _net: &N,
        _token: &str,
        _shift_id: &str,
        _take: bool,
    ) -> Result<Shift, SyncError> {
        Err(SyncError::BadResponse("shifts are not offered here".into()))
    }
}

/// HTTP/1.1 over ureq, blocking inside the engine's futures (a terminal has nothing else
/// to do meanwhile). Non-2xx answers are answers, for the engine to class.
struct Ureq(ureq::Agent);

impl Ureq {
    fn new() -> Ureq {
        let config = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .timeout_global(Some(Duration::from_secs(20)))
            .build();
        Ureq(config.into())
    }
}

impl Transport for Ureq {
    async fn send(&self, request: HttpRequest) -> Result<HttpResponse, NetworkError> {
        let mut outgoing = ureq::http::Request::builder()
            .method(request.method.as_str())
            .uri(&request.url);
        for (name, value) in &request.headers {
            outgoing = outgoing.header(name, value);
        }
        let outgoing = outgoing
            .body(request.body.unwrap_or_default())
            .map_err(|error| NetworkError::Failed(error.to_string()))?;
        let mut response = self.0.run(outgoing).map_err(|error| match error {
            ureq::Error::Timeout(_) => NetworkError::Timeout,
            other => NetworkError::Failed(other.to_string()),
        })?;
        let headers = response
            .headers()
            .iter()
            .filter_map(|(name, value)| Some((name.to_string(), value.to_str().ok()?.to_string())))
            .collect();
        let body = response
            .body_mut()
            .read_to_string()
            .map_err(|error| NetworkError::Failed(error.to_string()))?;
        Ok(HttpResponse {
            status: response.status().as_u16(),
            headers,
            body,
        })
    }
}

/// The terminal's clock and randomness. Ids are UUIDs, as the contract asks of clients.
struct Terminal;

impl Env for Terminal {
    fn now_ms(&self) -> i64 {
        SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |since| {
                i64::try_from(since.as_millis()).unwrap_or(i64::MAX)
            })
    }

    fn random_unit(&self) -> f64 {
        f64::from(uuid::Uuid::new_v4().as_u128() as u32) / f64::from(u32::MAX)
    }

    fn new_id(&self) -> String {
        uuid::Uuid::now_v7().to_string()
    }
}

/// Why the walk stopped.
#[derive(Debug, thiserror::Error)]
enum Stop {
    #[error("{0}")]
    Account(#[from] yizhan_core::sync::AccountError),
    #[error("{0}")]
    Backend(#[from] SyncError),
    #[error("{0}")]
    Submit(#[from] yizhan_core::sync::SubmitError),
    #[error("{0}")]
    Store(#[from] yizhan_core::sync::StoreError),
    #[error("{0}")]
    NotAsPromised(String),
}

async fn walk(base_url: &str, phone: &str) -> Result<(), Stop> {
    let profile = Contract {
        base_url: base_url.trim_end_matches('/').to_string(),
    };
    let mut engine = Engine::open(MemoryStore::default(), profile, Ureq::new(), Terminal).await?;

    // Signing in is online and never queued: a code is good for minutes.
    let code = engine.request_code(phone).await?.ok_or_else(|| {
        Stop::NotAsPromised("no code came back: is the server in --demo mode?".into())
    })?;
    let user = engine.sign_in(phone, &code).await?;
    println!("signed in as {} ({})", user.name, user.id);

    // Queued first, on the device: a resident with no signal has it all the same.
    let id = Terminal.new_id();
    let wish = NewOrder {
        kind: OrderKind::Wish,
        service_id: None,
        title: "帮忙换一下三楼楼道灯泡".into(),
        description: "晚上看不见台阶（yizhan-core example）".into(),
        address: None,
        contact_phone: None,
        preferred_time: None,
        attributes: Default::default(),
        on_behalf_of: None,
        channel: None,
    };
    engine.submit_order(id.clone(), wish).await?;
    println!("queued wish {id}: {} waiting", engine.summary().waiting);

    let report = engine.sync().await?;
    if let Some(error) = report.interrupted_by {
        return Err(error.into());
    }
    let sent = engine
        .snapshot()
        .orders
        .get(&id)
        .filter(|local| local.acknowledged)
        .ok_or_else(|| Stop::NotAsPromised("the wish was not acknowledged".into()))?;
    println!(
        "sent: the server holds it as {:?}, version {}",
        sent.order.status, sent.order.version
    );

    engine
        .request_transition(&id, Step::new(Action::Cancel).noting("不需要了"))
        .await?;
    engine.sync().await?;
    let status = engine.snapshot().orders.get(&id).map(|l| l.order.status);
    if status != Some(OrderStatus::Cancelled) || engine.summary().waiting > 0 {
        return Err(Stop::NotAsPromised(format!(
            "after the cancel: {status:?}, {} waiting",
            engine.summary().waiting
        )));
    }
    println!("cancelled; nothing waiting on the device");
    Ok(())
}

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let base_url = args
        .next()
        .unwrap_or_else(|| "http://127.0.0.1:8080/api/v1".into());
    let phone = args.next().unwrap_or_else(|| "13800000001".into());
    match block_on(walk(&base_url, &phone)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(stop) => {
            eprintln!("resident example: {stop}");
            ExitCode::FAILURE
        }
    }
}
