//! Web Push (RFC 8030) from the reference server: the VAPID key pair (RFC 8292) made on
//! first start and kept in the database, each device's subscription, and the encrypted
//! request (RFC 8291, `aes128gcm`, by `web-push-native`) sent with a retry when the push
//! service is busy (429, 5xx) and the subscription dropped when it is gone (404, 410).
//!
//! Only the browsers' push services are sent to (`https://`, their hosts), unless the
//! deployment names another origin (`--push-service`, the test tree's local push service):
//! an endpoint is whatever a client says, and the server must not be made to post to its
//! own network.

use std::time::Duration;

use base64ct::{Base64UrlUnpadded, Encoding};
use serde::{Deserialize, Serialize};
use sqlx::SqlitePool;
use web_push_native::jwt_simple::algorithms::{
    ECDSAP256KeyPairLike, ECDSAP256PublicKeyLike, ES256KeyPair,
};
use web_push_native::{p256, Auth, WebPushBuilder};

use crate::clock;
use crate::error::ApiError;

/// A device's subscription, as `PushSubscription.toJSON()` gives it.
#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Subscription {
    pub endpoint: String,
    #[serde(default, rename = "expirationTime")]
    #[schema(value_type = Option<f64>)]
    pub expiration_time: Option<serde_json::Value>,
    pub keys: SubscriptionKeys,
}

#[derive(Clone, Debug, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionKeys {
    /// The device's P-256 public key, base64url (65 bytes, uncompressed).
    pub p256dh: String,
    /// The device's authentication secret, base64url (16 bytes).
    pub auth: String,
}

/// `POST /push/unsubscribe`: the device's endpoint, no longer to be sent to.
#[derive(Clone, Debug, Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    pub endpoint: String,
}

/// What `GET /push/key` answers: the server's VAPID public key, base64url, for
/// `pushManager.subscribe({ applicationServerKey })`.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct ServerKey {
    pub public_key: String,
}

/// The hosts of the browsers' push services: Chrome's, Firefox's, Edge's, Safari's.
const PUSH_SERVICE_HOSTS: [&str; 4] = [
    "fcm.googleapis.com",
    "push.services.mozilla.com",
    "notify.windows.com",
    "push.apple.com",
];

/// How many times a message is tried when the push service is busy or unreachable.
const ATTEMPTS: u32 = 4;
/// The longest a `Retry-After` is waited for; a longer one gives up (the inbox has it).
const LONGEST_WAIT: Duration = Duration::from_secs(60);

/// The server's side of Web Push.
#[derive(Clone)]
pub struct Pusher {
    key: std::sync::Arc<ES256KeyPair>,
    public_key: String,
    contact: String,
    client: reqwest::Client,
    /// Origins besides the browsers' push services (`--push-service`).
    extra_origins: Vec<String>,
}

/// What became of one message to one device.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// The subscription is no more (404, 410): dropped.
    Gone,
    Failed(String),
}

impl Pusher {
    /// The key pair kept in the database, made on first start.
    pub async fn start(
        pool: &SqlitePool,
        contact: String,
        extra_origins: Vec<String>,
    ) -> Result<Pusher, sqlx::Error> {
        let fresh = Base64UrlUnpadded::encode_string(&ES256KeyPair::generate().to_bytes());
        // Two instances starting at once keep the first one's key.
        sqlx::query("INSERT INTO server_keys (name, value) VALUES ('vapid', ?) ON CONFLICT (name) DO NOTHING")
            .bind(&fresh)
            .execute(pool)
            .await?;
        let stored: String =
            sqlx::query_scalar("SELECT value FROM server_keys WHERE name = 'vapid'")
                .fetch_one(pool)
                .await?;
        let key = Base64UrlUnpadded::decode_vec(&stored)
            .ok()
            .and_then(|bytes| ES256KeyPair::from_bytes(&bytes).ok())
            .ok_or_else(|| {
                sqlx::Error::Decode("the stored VAPID key is not a P-256 private key".into())
            })?;
        let public_key = Base64UrlUnpadded::encode_string(
            &key.public_key().public_key().to_bytes_uncompressed(),
        );
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(15))
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| sqlx::Error::Configuration(Box::new(e)))?;
        Ok(Pusher {
            key: std::sync::Arc::new(key),
            public_key,
            contact,
            client,
            extra_origins: extra_origins
                .into_iter()
                .map(|o| o.trim_end_matches('/').to_string())
                .collect(),
        })
    }

    pub fn public_key(&self) -> ServerKey {
        ServerKey {
            public_key: self.public_key.clone(),
        }
    }

    /// Whether the server sends to `endpoint`: a browser's push service over HTTPS, or an
    /// origin the deployment named.
    fn sends_to(&self, endpoint: &reqwest::Url) -> bool {
        let origin = endpoint.origin().ascii_serialization();
        if self.extra_origins.contains(&origin) {
            return true;
        }
        endpoint.scheme() == "https"
            && endpoint.host_str().is_some_and(|host| {
                PUSH_SERVICE_HOSTS
                    .iter()
                    .any(|known| host == *known || host.ends_with(&format!(".{known}")))
            })
    }

    /// Every problem with `subscription`, by field.
    pub fn check(&self, subscription: &Subscription) -> Result<(), ApiError> {
        let endpoint = reqwest::Url::parse(&subscription.endpoint)
            .ok()
            .filter(|_| subscription.endpoint.len() <= 2000);
        if !endpoint.is_some_and(|url| self.sends_to(&url)) {
            return Err(ApiError::field(
                "endpoint",
                "not the address of a push service this server sends to",
            ));
        }
        if device_key(&subscription.keys.p256dh).is_none() {
            return Err(ApiError::field(
                "keys.p256dh",
                "not a P-256 public key in base64url",
            ));
        }
        if device_auth(&subscription.keys.auth).is_none() {
            return Err(ApiError::field(
                "keys.auth",
                "not a 16-byte secret in base64url",
            ));
        }
        Ok(())
    }

    /// Sends `payload` to one device, trying again while the push service is busy.
    pub async fn send(&self, to: &Stored, payload: &[u8], urgency: &str, topic: &str) -> Outcome {
        let (Ok(endpoint), Some(key), Some(auth)) = (
            to.endpoint.parse::<axum::http::Uri>(),
            device_key(&to.p256dh),
            device_auth(&to.auth),
        ) else {
            return Outcome::Gone;
        };
        let builder = WebPushBuilder::new(endpoint, key, auth).with_valid_duration(VALID_FOR);
        // The crate's own VAPID header names the push service without its port; RFC 8292
        // asks for the origin, port and all, so the signature is made here.
        let vapid = match self.vapid(&to.endpoint) {
            Ok(vapid) => vapid,
            Err(e) => return Outcome::Failed(format!("cannot sign: {e}")),
        };
        let mut wait = Duration::from_secs(1);
        let mut last = String::new();
        for _ in 0..ATTEMPTS {
            let request = match builder.build(payload.to_vec()) {
                Ok(request) => request,
                Err(e) => return Outcome::Failed(format!("cannot encrypt: {e}")),
            };
            let (mut parts, body) = request.into_parts();
            if let Ok(value) = vapid.parse() {
                parts
                    .headers
                    .insert(axum::http::header::AUTHORIZATION, value);
            }
            if let Ok(value) = urgency.parse() {
                parts.headers.insert("urgency", value);
            }
            if let Ok(value) = topic.parse() {
                parts.headers.insert("topic", value);
            }
            let request =
                match reqwest::Request::try_from(axum::http::Request::from_parts(parts, body)) {
                    Ok(request) => request,
                    Err(e) => return Outcome::Failed(format!("cannot send: {e}")),
                };
            match self.client.execute(request).await {
                Ok(answer) if answer.status().is_success() => return Outcome::Delivered,
                Ok(answer) if matches!(answer.status().as_u16(), 404 | 410) => {
                    return Outcome::Gone
                }
                Ok(answer)
                    if answer.status().as_u16() == 429 || answer.status().is_server_error() =>
                {
                    last = format!("the push service answered {}", answer.status());
                    if let Some(after) = retry_after(&answer) {
                        if after > LONGEST_WAIT {
                            break;
                        }
                        wait = after;
                    }
                }
                Ok(answer) => {
                    return Outcome::Failed(format!(
                        "the push service refused it: {}",
                        answer.status()
                    ))
                }
                Err(e) => last = format!("the push service could not be reached: {e}"),
            }
            tokio::time::sleep(wait).await;
            wait = wait.saturating_mul(2);
        }
        Outcome::Failed(last)
    }
}

impl Pusher {
    /// The `Authorization` header for a message to `endpoint` (RFC 8292): a JWT for the
    /// push service's origin, signed with the server's key, and that key.
    fn vapid(&self, endpoint: &str) -> Result<String, String> {
        use web_push_native::jwt_simple::prelude::{Claims, Duration as JwtDuration};
        let origin = reqwest::Url::parse(endpoint)
            .map_err(|e| e.to_string())?
            .origin()
            .ascii_serialization();
        let claims = Claims::create(JwtDuration::from_secs(VALID_FOR.as_secs()))
            .with_audience(origin)
            .with_subject(&self.contact);
        let token = self.key.sign(claims).map_err(|e| e.to_string())?;
        Ok(format!("vapid t={token}, k={}", self.public_key))
    }
}

/// How long a message and its signature are good for: the push service keeps it this
/// long for a device that is off (`TTL`); RFC 8292 allows a signature 24 hours at most.
const VALID_FOR: Duration = Duration::from_secs(12 * 60 * 60);

/// A `Retry-After` in seconds (push services do not send dates).
fn retry_after(answer: &reqwest::Response) -> Option<Duration> {
    let seconds: u64 = answer
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse()
        .ok()?;
    Some(Duration::from_secs(seconds))
}

fn device_key(text: &str) -> Option<p256::PublicKey> {
    let bytes = Base64UrlUnpadded::decode_vec(text.trim_end_matches('=')).ok()?;
    p256::PublicKey::from_sec1_bytes(&bytes).ok()
}

fn device_auth(text: &str) -> Option<Auth> {
    let bytes = Base64UrlUnpadded::decode_vec(text.trim_end_matches('=')).ok()?;
    // `Auth::clone_from_slice` panics on any other length.
    (bytes.len() == 16).then(|| Auth::clone_from_slice(&bytes))
}

/// A subscription as stored.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Stored {
    pub endpoint: String,
    pub p256dh: String,
    pub auth: String,
}

/// Keeps `subscription` for `user_id`. A device's endpoint signed in as someone else
/// moves to them: one device rings for the person using it.
pub async fn subscribe(
    pool: &SqlitePool,
    user_id: &str,
    subscription: &Subscription,
) -> Result<(), ApiError> {
    let mut tx = crate::db::write(pool).await?;
    sqlx::query(
        "INSERT INTO push_subscriptions (endpoint, user_id, p256dh, auth, created_at)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (endpoint) DO UPDATE SET user_id = excluded.user_id,
             p256dh = excluded.p256dh, auth = excluded.auth",
    )
    .bind(&subscription.endpoint)
    .bind(user_id)
    .bind(&subscription.keys.p256dh)
    .bind(&subscription.keys.auth)
    .bind(clock::now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Forgets `endpoint` if it is `user_id`'s.
pub async fn unsubscribe(pool: &SqlitePool, user_id: &str, endpoint: &str) -> Result<(), ApiError> {
    let mut tx = crate::db::write(pool).await?;
    sqlx::query("DELETE FROM push_subscriptions WHERE endpoint = ? AND user_id = ?")
        .bind(endpoint)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A subscription the push service says is gone.
pub async fn forget(pool: &SqlitePool, endpoint: &str) -> Result<(), sqlx::Error> {
    let mut tx = crate::db::write(pool).await?;
    sqlx::query("DELETE FROM push_subscriptions WHERE endpoint = ?")
        .bind(endpoint)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

/// `user_id`'s devices.
pub async fn devices(
    conn: &mut sqlx::SqliteConnection,
    user_id: &str,
) -> Result<Vec<Stored>, sqlx::Error> {
    sqlx::query_as(
        "SELECT endpoint, p256dh, auth FROM push_subscriptions WHERE user_id = ? ORDER BY endpoint",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
}
