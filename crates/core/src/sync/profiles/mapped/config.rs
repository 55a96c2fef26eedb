//! The description of a backend for the `mapped` profile, as `config.json` carries it
//! under `mapping`: per resource, its path, method and envelope (JSON pointers), field
//! renames and constant fields, the id and version fields, the pagination style, the
//! authentication (a person's own sign-in, never a shared secret), how a 200 answer says
//! it failed, and how error statuses map onto the engine's classes. It is checked when
//! the app starts, and an error names the key that is wrong, as a path.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};

use crate::model::OrderStatus;

use super::record::{parse_zone, FieldFormat, RecordShape};

/// What is wrong in a description, with the key it is about (`mapping.orders.list.path`).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("config.json: {key}: {problem}")]
pub struct MappingError {
    pub key: String,
    pub problem: String,
}

fn wrong(key: &str, problem: &str) -> MappingError {
    MappingError {
        key: format!("mapping.{key}"),
        problem: problem.to_string(),
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// The community's zone (`+08:00`, the default), for times written without one.
    #[serde(default)]
    pub time_zone: Option<String>,
    #[serde(default)]
    pub auth: Auth,
    /// Where a phone number finds the user who signs in, for a backend without sign-in.
    #[serde(default)]
    pub users: Option<UsersMapping>,
    pub orders: OrdersMapping,
    /// Reference data the backend has; what it lacks is not offered.
    #[serde(default)]
    pub references: ReferencesMapping,
    #[serde(default)]
    pub errors: ErrorsMapping,
}

/// How every request proves it may ask. `config.json` is public (anyone can read it from
/// the app), so it never holds a secret: a key here is one the backend publishes for
/// its apps (Supabase's anon key), and a person's access comes from their own sign-in.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(try_from = "AuthKeys")]
pub enum Auth {
    #[default]
    None,
    /// Refused: a token in `config.json` is everyone's token.
    Bearer { token: String },
    /// A public key in a header of the backend's own (`apikey`, `X-Api-Key`).
    Header { name: String, value: String },
    /// A public key as a query parameter on every request (`?api_key=`).
    Query { name: String, value: String },
    /// Each person signs in with their number and a code or password, and their own
    /// token goes with their requests.
    // Boxed: the description is kept whole in the profile, and this is its largest part.
    SignIn(Box<SignInMapping>),
}

/// What a person types beside their number to sign in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Secret {
    /// A code the backend sends by text message (`send_code`).
    Code,
    /// Their password at the backend.
    Password,
}

#[derive(Clone, Debug, PartialEq)]
pub struct SignInMapping {
    pub with: Secret,
    /// How to have the backend text a code (required `with: code`).
    pub send_code: Option<SendCode>,
    /// Where the number and the secret are posted, as JSON.
    pub path: String,
    pub phone_field: String,
    /// The number as the backend keeps it, `{phone}` where the 11 digits go
    /// (`+86{phone}` for E.164); the digits alone without it.
    pub phone_value: Option<String>,
    pub secret_field: String,
    /// Fields sent as given with every sign-in (`{"grantType": "sms", "clientId": …}`):
    /// public values only.
    pub body: Map<String, Value>,
    /// Where the token is in the answer (`/token`, `/data/access_token`).
    pub token: String,
    /// Where a refresh token is in the answer, when the backend gives one.
    pub refresh_token: Option<String>,
    /// Who signed in: pointers into the sign-in answer, or into `user.path`'s answer.
    pub user: UserPointers,
    /// The header the token goes in (`Authorization`), and what goes before it
    /// (`Bearer `).
    pub header: String,
    pub prefix: String,
    /// How an expired token is renewed without asking the person again.
    pub refresh: Option<RefreshMapping>,
    /// Headers sent with every request besides the token, the sign-in's included: a key
    /// the backend publishes for its apps (Supabase's `apikey`, RuoYi-Vue-Plus's
    /// `clientid`), never a secret.
    pub headers: BTreeMap<String, String>,
}

/// `auth` as `config.json` writes it: a style and the keys that style takes, read flat
/// and made an [`Auth`] here (see [`PaginationKeys`] for why not a tagged enum).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AuthKeys {
    style: AuthStyle,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    value: Option<String>,
    #[serde(default)]
    token: Option<String>,
    #[serde(default)]
    with: Option<Secret>,
    #[serde(default)]
    send_code: Option<SendCode>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    phone_field: Option<String>,
    #[serde(default)]
    phone_value: Option<String>,
    #[serde(default)]
    secret_field: Option<String>,
    #[serde(default)]
    body: Option<Map<String, Value>>,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    user: Option<UserPointers>,
    #[serde(default)]
    header: Option<String>,
    #[serde(default)]
    prefix: Option<String>,
    #[serde(default)]
    refresh: Option<RefreshMapping>,
    #[serde(default)]
    headers: Option<BTreeMap<String, String>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum AuthStyle {
    None,
    Bearer,
    Header,
    Query,
    SignIn,
}

impl TryFrom<AuthKeys> for Auth {
    type Error = String;

    fn try_from(keys: AuthKeys) -> Result<Auth, String> {
        // Every key given, and whether a style that does not sign in may have it.
        let given = [
            ("name", keys.name.is_some()),
            ("value", keys.value.is_some()),
            ("token", keys.token.is_some()),
            ("with", keys.with.is_some()),
            ("send_code", keys.send_code.is_some()),
            ("path", keys.path.is_some()),
            ("phone_field", keys.phone_field.is_some()),
            ("phone_value", keys.phone_value.is_some()),
            ("secret_field", keys.secret_field.is_some()),
            ("body", keys.body.is_some()),
            ("refresh_token", keys.refresh_token.is_some()),
            ("user", keys.user.is_some()),
            ("header", keys.header.is_some()),
            ("prefix", keys.prefix.is_some()),
            ("refresh", keys.refresh.is_some()),
            ("headers", keys.headers.is_some()),
        ];
        let except = |taken: &[&str]| -> Vec<(&str, bool)> {
            given
                .iter()
                .filter(|(key, _)| !taken.contains(key))
                .copied()
                .collect()
        };
        Ok(match keys.style {
            AuthStyle::None => {
                only(&given)?;
                Auth::None
            }
            AuthStyle::Bearer => {
                only(&except(&["token"]))?;
                Auth::Bearer {
                    token: needed(keys.token, "token")?,
                }
            }
            AuthStyle::Header | AuthStyle::Query => {
                only(&except(&["name", "value"]))?;
                let (name, value) = (needed(keys.name, "name")?, needed(keys.value, "value")?);
                match keys.style {
                    AuthStyle::Header => Auth::Header { name, value },
                    _ => Auth::Query { name, value },
                }
            }
            AuthStyle::SignIn => {
                only(&[
                    ("name", keys.name.is_some()),
                    ("value", keys.value.is_some()),
                ])?;
                Auth::SignIn(Box::new(SignInMapping {
                    with: needed(keys.with, "with")?,
                    send_code: keys.send_code,
                    path: needed(keys.path, "path")?,
                    phone_field: needed(keys.phone_field, "phone_field")?,
                    phone_value: keys.phone_value,
                    secret_field: needed(keys.secret_field, "secret_field")?,
                    body: keys.body.unwrap_or_default(),
                    token: needed(keys.token, "token")?,
                    refresh_token: keys.refresh_token,
                    user: needed(keys.user, "user")?,
                    header: keys.header.unwrap_or_else(|| "Authorization".into()),
                    prefix: keys.prefix.unwrap_or_else(|| "Bearer ".into()),
                    refresh: keys.refresh,
                    headers: keys.headers.unwrap_or_default(),
                }))
            }
        })
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SendCode {
    /// `GET` puts the number in the query, `POST` in a JSON body.
    #[serde(default = "get_method")]
    pub method: String,
    pub path: String,
    pub phone_field: String,
    /// As `auth.phone_value`.
    #[serde(default)]
    pub phone_value: Option<String>,
    /// Fields sent as given (public values only).
    #[serde(default)]
    pub body: Map<String, Value>,
}

fn get_method() -> String {
    "GET".into()
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserPointers {
    /// A request that answers who the token belongs to (`/getInfo`); without it the
    /// pointers read the sign-in answer.
    #[serde(default)]
    pub path: Option<String>,
    pub id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub grid_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RefreshMapping {
    pub path: String,
    /// The body field that carries the refresh token; without it the current token goes
    /// in its header (PocketBase's `auth-refresh`).
    #[serde(default)]
    pub refresh_field: Option<String>,
    /// Where the new token is in the answer.
    pub token: String,
    /// Where a new refresh token is, when the backend turns them over.
    #[serde(default)]
    pub refresh_token: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UsersMapping {
    pub path: String,
    /// The query parameter that filters by phone number.
    pub phone_param: String,
    #[serde(default)]
    pub envelope: Option<String>,
    /// Our field name → theirs (`id`, `name`, `grid_id`).
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OrdersMapping {
    pub list: ListMapping,
    /// One order by the client's id; the path has `{id}`. Or see `find`.
    #[serde(default)]
    pub get: Option<ReadMapping>,
    /// One order by the client's id through the list, filtered by this query parameter
    /// (a backend whose own id is not ours: `GET /list?clientId=…`).
    #[serde(default)]
    pub find: Option<FindMapping>,
    pub create: WriteMapping,
    /// A step: the changed fields go with this method to this path. The order's id goes
    /// in the path (`{id}` ours, `{server_id}` theirs), in `id_param`, or in the body.
    pub update: WriteMapping,
    /// Their field with their own id for an order (a `Long` they make), kept beside ours.
    #[serde(default)]
    pub server_id: Option<String>,
    /// Our field name → theirs, for any field of the contract's `Order` (dotted inside an
    /// object: `assignee.id`, `assignee.name`), and `step_note`: where a step's note
    /// goes on a backend without a timeline.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Fields sent with every create, as given (`{"source": "yizhan"}`).
    #[serde(default)]
    pub constants: BTreeMap<String, Value>,
    /// Our status → theirs, where their words differ (or use `values.status`).
    #[serde(default)]
    pub statuses: BTreeMap<String, String>,
    /// Our field → (our value → theirs, any JSON value: a code `1`, a word).
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, Value>>,
    /// Our field → how they write its moments (`local`, `epoch_ms`, `date`, `rfc3339`).
    #[serde(default)]
    pub formats: BTreeMap<String, FieldFormat>,
    /// Our fields the backend sets itself: read, never written.
    #[serde(default)]
    pub read_only: Vec<String>,
    /// An object inside each record whose fields count as the record's own (Strapi v4's
    /// `/attributes`).
    #[serde(default)]
    pub flatten: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FindMapping {
    pub param: String,
    /// The parameter's value, `{id}` where the id goes (`eq.{id}` for PostgREST,
    /// `(client_id='{id}')` for PocketBase's `filter`); the id alone without it.
    #[serde(default)]
    pub value: Option<String>,
    /// Where the records are in the answer, when not where the list has them (a
    /// backend that pages only when asked to: `""` for a bare list).
    #[serde(default)]
    pub envelope: Option<String>,
}

/// A query value from a template with `{id}` (the id alone without one).
pub fn fill(template: &Option<String>, id: &str) -> String {
    match template {
        Some(template) => template.replace("{id}", id),
        None => id.to_string(),
    }
}

impl OrdersMapping {
    /// The record shape of an order: renames, value words (statuses among them) and
    /// time formats.
    pub fn shape(&self) -> RecordShape {
        let mut values = self.values.clone();
        if !self.statuses.is_empty() {
            let statuses = values.entry("status".into()).or_default();
            for (ours, theirs) in &self.statuses {
                statuses
                    .entry(ours.clone())
                    .or_insert_with(|| Value::from(theirs.as_str()));
            }
        }
        let mut fields = self.fields.clone();
        fields.remove("step_note");
        RecordShape {
            flatten: self.flatten.clone(),
            fields,
            values,
            formats: self.formats.clone(),
            items: BTreeMap::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListMapping {
    pub path: String,
    #[serde(default)]
    pub envelope: Option<String>,
    /// The query parameter that keeps the signed-in user's orders.
    #[serde(default)]
    pub owner_param: Option<String>,
    #[serde(default)]
    pub pagination: Pagination,
    /// Where the list's total count is (`/total`): paging ends there.
    #[serde(default)]
    pub total_pointer: Option<String>,
    /// Headers sent with every list request (`Prefer: count=exact`): public values only.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadMapping {
    pub path: String,
    #[serde(default)]
    pub envelope: Option<String>,
    /// How the records are written there, when not in the contract's shape.
    #[serde(default)]
    pub record: RecordShape,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum WriteMethod {
    Post,
    Put,
    Patch,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WriteMapping {
    pub method: WriteMethod,
    pub path: String,
    /// Where the written record is in the answer.
    #[serde(default)]
    pub envelope: Option<String>,
    /// Where the record goes in the request body (`/data` sends `{"data": {...}}`).
    #[serde(default)]
    pub body_envelope: Option<String>,
    /// The query parameter that carries the order's id (their own where they have one),
    /// and its value with `{id}` where the id goes (`eq.{id}`).
    #[serde(default)]
    pub id_param: Option<String>,
    #[serde(default)]
    pub id_value: Option<String>,
    /// Headers sent with the write (`Prefer: return=representation`): public values only.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
}

/// How a list comes in pages.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(try_from = "PaginationKeys")]
pub enum Pagination {
    /// Everything in one answer.
    #[default]
    None,
    /// `?page=2&per_page=50`, counting from `first`.
    Page {
        param: String,
        size_param: String,
        size: u32,
        first: u32,
    },
    /// `?offset=100&limit=50`.
    Offset {
        param: String,
        size_param: String,
        size: u32,
    },
    /// The answer says where the next page starts (`next_pointer`), sent back in `param`.
    Cursor { param: String, next_pointer: String },
    /// The next page's address is in the `Link` header (`rel="next"`).
    Link,
    /// `Range: 0-49` items, the total in the answer's `Content-Range: 0-49/123`
    /// (PostgREST, with `Prefer: count=exact` among the list's `headers`).
    Range { size: u32 },
}

fn first_page() -> u32 {
    1
}

/// `pagination` as `config.json` writes it: a style and the keys that style takes. Read
/// flat and made a [`Pagination`] here, because serde's internally tagged enums buffer
/// the whole value first, which cost every first load kilobytes of code (BENCHMARKS.md,
/// issue 15).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PaginationKeys {
    style: PaginationStyle,
    #[serde(default)]
    param: Option<String>,
    #[serde(default)]
    size_param: Option<String>,
    #[serde(default)]
    size: Option<u32>,
    #[serde(default)]
    first: Option<u32>,
    #[serde(default)]
    next_pointer: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "snake_case")]
enum PaginationStyle {
    None,
    Page,
    Offset,
    Cursor,
    Link,
    Range,
}

/// A key the style needs, or serde's words for its absence.
fn needed<T>(value: Option<T>, key: &str) -> Result<T, String> {
    value.ok_or_else(|| format!("missing field `{key}`"))
}

/// Refuses keys the style does not take, as `deny_unknown_fields` would.
fn only(given: &[(&str, bool)]) -> Result<(), String> {
    match given.iter().find(|(_, present)| *present) {
        Some((key, _)) => Err(format!("unknown field `{key}` for this style")),
        None => Ok(()),
    }
}

impl TryFrom<PaginationKeys> for Pagination {
    type Error = String;

    fn try_from(keys: PaginationKeys) -> Result<Pagination, String> {
        let PaginationKeys {
            style,
            param,
            size_param,
            size,
            first,
            next_pointer,
        } = keys;
        let (has_param, has_size_param, has_size) =
            (param.is_some(), size_param.is_some(), size.is_some());
        let (has_first, has_next) = (first.is_some(), next_pointer.is_some());
        Ok(match style {
            PaginationStyle::None | PaginationStyle::Link => {
                only(&[
                    ("param", has_param),
                    ("size_param", has_size_param),
                    ("size", has_size),
                    ("first", has_first),
                    ("next_pointer", has_next),
                ])?;
                match style {
                    PaginationStyle::Link => Pagination::Link,
                    _ => Pagination::None,
                }
            }
            PaginationStyle::Page => {
                only(&[("next_pointer", has_next)])?;
                Pagination::Page {
                    param: needed(param, "param")?,
                    size_param: needed(size_param, "size_param")?,
                    size: needed(size, "size")?,
                    first: first.unwrap_or_else(first_page),
                }
            }
            PaginationStyle::Offset => {
                only(&[("first", has_first), ("next_pointer", has_next)])?;
                Pagination::Offset {
                    param: needed(param, "param")?,
                    size_param: needed(size_param, "size_param")?,
                    size: needed(size, "size")?,
                }
            }
            PaginationStyle::Cursor => {
                only(&[
                    ("size_param", has_size_param),
                    ("size", has_size),
                    ("first", has_first),
                ])?;
                Pagination::Cursor {
                    param: needed(param, "param")?,
                    next_pointer: needed(next_pointer, "next_pointer")?,
                }
            }
            PaginationStyle::Range => {
                only(&[
                    ("param", has_param),
                    ("size_param", has_size_param),
                    ("first", has_first),
                    ("next_pointer", has_next),
                ])?;
                Pagination::Range {
                    size: needed(size, "size")?,
                }
            }
        })
    }
}

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReferencesMapping {
    #[serde(default)]
    pub community: Option<ReadMapping>,
    #[serde(default)]
    pub services: Option<ReadMapping>,
    #[serde(default)]
    pub grids: Option<ReadMapping>,
    #[serde(default)]
    pub stations: Option<ReadMapping>,
    /// The duty rota, to read (signing up is the reference server's).
    #[serde(default)]
    pub shifts: Option<ReadMapping>,
}

/// Which statuses mean what to the engine (design.md, "The outbox"). The defaults are
/// the contract's.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorsMapping {
    /// Where the human-readable message is in an error body.
    #[serde(default)]
    pub message_pointer: Option<String>,
    /// For a backend that answers 200 to everything and says in the body how it went.
    #[serde(default)]
    pub in_band: Option<InBand>,
    #[serde(default = "retry_statuses")]
    pub retry: Vec<u16>,
    #[serde(default = "sign_in_statuses")]
    pub sign_in: Vec<u16>,
    #[serde(default = "conflict_statuses")]
    pub conflict: Vec<u16>,
}

/// How a 200 answer says it failed (`{"code": 500, "msg": "…"}`): the field at `pointer`
/// is one of `success`, or the answer is an error, sorted by the lists below (a refusal,
/// with the message at `message_pointer`, when in none of them). An answer without the
/// field (a bare list) is read as it is.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InBand {
    pub pointer: String,
    pub success: Vec<Value>,
    #[serde(default)]
    pub sign_in: Vec<Value>,
    #[serde(default)]
    pub retry: Vec<Value>,
    #[serde(default)]
    pub conflict: Vec<Value>,
}

fn retry_statuses() -> Vec<u16> {
    vec![408, 425, 429, 500, 502, 503, 504]
}

fn sign_in_statuses() -> Vec<u16> {
    vec![401]
}

fn conflict_statuses() -> Vec<u16> {
    vec![409, 412]
}

impl Default for ErrorsMapping {
    fn default() -> ErrorsMapping {
        ErrorsMapping {
            message_pointer: None,
            in_band: None,
            retry: retry_statuses(),
            sign_in: sign_in_statuses(),
            conflict: conflict_statuses(),
        }
    }
}

/// The contract's `Order` fields a description may rename.
const ORDER_FIELDS: [&str; 18] = [
    "id",
    "kind",
    "service_id",
    "title",
    "description",
    "address",
    "contact_phone",
    "preferred_time",
    "attributes",
    "status",
    "version",
    "owner_id",
    "assignee",
    "rating",
    "created_at",
    "updated_at",
    "deleted",
    "timeline",
];

fn check_pointer(key: &str, pointer: &Option<String>) -> Result<(), MappingError> {
    match pointer {
        Some(p) if !p.is_empty() && !p.starts_with('/') => Err(wrong(
            key,
            "a JSON pointer starts with `/` (`/data/items`), or is empty for the whole body",
        )),
        _ => Ok(()),
    }
}

fn check_path(key: &str, path: &str, needs_id: bool) -> Result<(), MappingError> {
    if !path.starts_with('/') {
        return Err(wrong(key, "a path starts with `/`"));
    }
    if needs_id && !path.contains("{id}") {
        return Err(wrong(
            key,
            "this path needs `{id}` where the record's id goes",
        ));
    }
    Ok(())
}

impl Mapping {
    /// Reads `mapping` from `config.json`, then checks what serde cannot: pointers,
    /// paths, renamed fields, statuses and error codes.
    pub fn parse(value: &Value) -> Result<Mapping, MappingError> {
        let mapping: Mapping = serde_path_to_error::deserialize(value).map_err(|error| {
            let path = error.path().to_string();
            MappingError {
                key: if path == "." {
                    "mapping".into()
                } else {
                    format!("mapping.{path}")
                },
                problem: error.into_inner().to_string(),
            }
        })?;
        mapping.check()?;
        Ok(mapping)
    }

    /// What serde cannot check; `AppConfig::parse` calls it for the mapped profile.
    pub fn check(&self) -> Result<(), MappingError> {
        if let Some(zone) = &self.time_zone {
            if parse_zone(zone).is_none() {
                return Err(wrong("time_zone", "an offset such as `+08:00`"));
            }
        }
        self.check_auth()?;
        let orders = &self.orders;
        check_path("orders.list.path", &orders.list.path, false)?;
        check_pointer("orders.list.envelope", &orders.list.envelope)?;
        check_pointer("orders.list.total_pointer", &orders.list.total_pointer)?;
        match (&orders.get, &orders.find) {
            (None, None) => return Err(wrong(
                "orders.get",
                "say how one order is read: `get` (a path with `{id}`) or `find` (a list filter)",
            )),
            (Some(get), _) => {
                check_path("orders.get.path", &get.path, true)?;
                check_pointer("orders.get.envelope", &get.envelope)?;
            }
            (None, Some(_)) => {}
        }
        check_path(
            "orders.create.path",
            &orders.create.path,
            orders.create.method == WriteMethod::Put,
        )?;
        check_pointer("orders.create.envelope", &orders.create.envelope)?;
        check_pointer("orders.create.body_envelope", &orders.create.body_envelope)?;
        check_path("orders.update.path", &orders.update.path, false)?;
        if orders.update.path.contains("{server_id}") && orders.server_id.is_none() {
            return Err(wrong(
                "orders.server_id",
                "the path has `{server_id}`: name their field with their own id",
            ));
        }
        check_pointer("orders.update.envelope", &orders.update.envelope)?;
        check_pointer("orders.update.body_envelope", &orders.update.body_envelope)?;
        if let Pagination::Cursor { next_pointer, .. } = &orders.list.pagination {
            check_pointer(
                "orders.list.pagination.next_pointer",
                &Some(next_pointer.clone()),
            )?;
        }
        if let Pagination::Page { size: 0, .. }
        | Pagination::Offset { size: 0, .. }
        | Pagination::Range { size: 0 } = orders.list.pagination
        {
            return Err(wrong("orders.list.pagination.size", "at least 1"));
        }
        let is_field = |ours: &str| {
            let root = ours.split('.').next().unwrap_or(ours);
            ORDER_FIELDS.contains(&root)
        };
        for ours in orders.fields.keys() {
            if !is_field(ours) && ours != "step_note" {
                return Err(wrong(
                    &format!("orders.fields.{ours}"),
                    "not a field of an order (id, title, status, version, updated_at, assignee.id, …)",
                ));
            }
        }
        let named = [
            ("values", orders.values.keys().collect::<Vec<_>>()),
            ("formats", orders.formats.keys().collect()),
            ("read_only", orders.read_only.iter().collect()),
        ];
        for (key, fields) in named {
            if let Some(ours) = fields.into_iter().find(|ours| !is_field(ours)) {
                return Err(wrong(
                    &format!("orders.{key}.{ours}"),
                    "not a field of an order (id, title, status, version, updated_at, assignee.id, …)",
                ));
            }
        }
        let statuses = orders.statuses.keys().chain(
            orders
                .values
                .get("status")
                .into_iter()
                .flat_map(|m| m.keys()),
        );
        for ours in statuses {
            if !OrderStatus::ALL
                .iter()
                .any(|status| status.as_str() == ours)
            {
                return Err(wrong(
                    &format!("orders.statuses.{ours}"),
                    "not a status (submitted, dispatched, accepted, in_progress, completed, closed, cancelled, rejected)",
                ));
            }
        }
        let references = [
            ("community", &self.references.community),
            ("services", &self.references.services),
            ("grids", &self.references.grids),
            ("stations", &self.references.stations),
            ("shifts", &self.references.shifts),
        ];
        for (name, resource) in references {
            if let Some(resource) = resource {
                check_path(&format!("references.{name}.path"), &resource.path, false)?;
                check_pointer(&format!("references.{name}.envelope"), &resource.envelope)?;
            }
        }
        let headers = [
            ("orders.list.headers", &orders.list.headers),
            ("orders.create.headers", &orders.create.headers),
            ("orders.update.headers", &orders.update.headers),
        ];
        for (key, headers) in headers {
            check_headers(key, headers)?;
        }
        check_pointer("errors.message_pointer", &self.errors.message_pointer)?;
        if let Some(in_band) = &self.errors.in_band {
            check_pointer("errors.in_band.pointer", &Some(in_band.pointer.clone()))?;
            if in_band.success.is_empty() {
                return Err(wrong(
                    "errors.in_band.success",
                    "at least the value that means success (`[200]`)",
                ));
            }
        }
        let codes = [
            ("errors.retry", &self.errors.retry),
            ("errors.sign_in", &self.errors.sign_in),
            ("errors.conflict", &self.errors.conflict),
        ];
        for (key, list) in codes {
            if let Some(code) = list.iter().find(|c| !(400..=599).contains(*c)) {
                return Err(wrong(
                    key,
                    &format!("{code} is not an error status (400–599)"),
                ));
            }
        }
        Ok(())
    }

    /// The zone times without one are in.
    pub fn zone(&self) -> time::UtcOffset {
        self.time_zone
            .as_deref()
            .and_then(parse_zone)
            .unwrap_or(CHINA_STANDARD_TIME)
    }

    fn check_auth(&self) -> Result<(), MappingError> {
        match &self.auth {
            Auth::Bearer { .. } => Err(wrong(
                "auth",
                "a token in config.json is everyone's: anyone can read it from the app. Use `sign_in`, which gives each person their own",
            )),
            Auth::SignIn(sign_in) => {
                if self.orders.list.owner_param.is_some() {
                    return Err(wrong(
                        "orders.list.owner_param",
                        "with `sign_in` the backend answers each person their own orders (its rules or row-level security): no owner parameter",
                    ));
                }
                check_path("auth.path", &sign_in.path, false)?;
                check_pointer("auth.token", &Some(sign_in.token.clone()))?;
                check_pointer("auth.refresh_token", &sign_in.refresh_token)?;
                if let Some(path) = &sign_in.user.path {
                    check_path("auth.user.path", path, false)?;
                }
                check_pointer("auth.user.id", &Some(sign_in.user.id.clone()))?;
                check_pointer("auth.user.name", &sign_in.user.name)?;
                check_pointer("auth.user.grid_id", &sign_in.user.grid_id)?;
                match (&sign_in.with, &sign_in.send_code) {
                    (Secret::Code, None) => {
                        return Err(wrong(
                            "auth.send_code",
                            "signing in with a code needs the request that sends it",
                        ))
                    }
                    (_, Some(send)) => {
                        check_path("auth.send_code.path", &send.path, false)?;
                        if !matches!(send.method.as_str(), "GET" | "POST") {
                            return Err(wrong("auth.send_code.method", "GET or POST"));
                        }
                    }
                    _ => {}
                }
                check_headers("auth.headers", &sign_in.headers)?;
                if let Some(refresh) = &sign_in.refresh {
                    check_path("auth.refresh.path", &refresh.path, false)?;
                    check_pointer("auth.refresh.token", &Some(refresh.token.clone()))?;
                    check_pointer("auth.refresh.refresh_token", &refresh.refresh_token)?;
                }
                Ok(())
            }
            _ => match &self.users {
                Some(users) => {
                    check_path("users.path", &users.path, false)?;
                    check_pointer("users.envelope", &users.envelope)
                }
                None => Err(wrong(
                    "users",
                    "without `auth.style: sign_in`, say where a phone number finds the user",
                )),
            },
        }
    }
}

/// Static headers carry public values: a person's token is never one of them.
fn check_headers(key: &str, headers: &BTreeMap<String, String>) -> Result<(), MappingError> {
    match headers.keys().find(|name| {
        matches!(
            name.to_ascii_lowercase().as_str(),
            "authorization" | "cookie"
        )
    }) {
        Some(name) => Err(wrong(
            &format!("{key}.{name}"),
            "config.json is public: a person's credentials come from their own sign-in",
        )),
        None => Ok(()),
    }
}

/// Beijing time: China keeps one zone and no summer time.
const CHINA_STANDARD_TIME: time::UtcOffset = time::macros::offset!(+8);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A backend unlike ours: tickets under `/data`, its own words for fields and
    /// statuses, page numbers, an API key in a header.
    fn example() -> Value {
        json!({
            "auth": { "style": "header", "name": "X-Api-Key", "value": "k-123" },
            "users": { "path": "/people", "phone_param": "mobile", "envelope": "/data",
                       "fields": { "id": "pid", "name": "full_name" } },
            "orders": {
                "list": { "path": "/tickets", "envelope": "/data/items", "owner_param": "owner",
                          "pagination": { "style": "page", "param": "page", "size_param": "per_page", "size": 50 } },
                "get": { "path": "/tickets/{id}", "envelope": "/data" },
                "create": { "method": "PUT", "path": "/tickets/{id}", "envelope": "/data", "body_envelope": "/ticket" },
                "update": { "method": "PATCH", "path": "/tickets/{id}", "envelope": "/data" },
                "fields": { "id": "uuid", "title": "subject", "status": "state", "version": "rev", "updated_at": "modified" },
                "constants": { "source": "yizhan" },
                "statuses": { "submitted": "new", "closed": "done" }
            },
            "references": { "services": { "path": "/catalogue", "envelope": "/items" } },
            "errors": { "message_pointer": "/error/message" }
        })
    }

    #[test]
    fn a_complete_description_reads() {
        let mapping = Mapping::parse(&example()).expect("valid");
        assert_eq!(
            mapping.orders.list.pagination,
            Pagination::Page {
                param: "page".into(),
                size_param: "per_page".into(),
                size: 50,
                first: 1
            }
        );
        assert_eq!(mapping.orders.create.method, WriteMethod::Put);
        assert_eq!(
            mapping.errors.retry,
            retry_statuses(),
            "the contract's classes by default"
        );
        assert_eq!(mapping.references.community, None, "not offered");
    }

    fn problem_with(change: impl FnOnce(&mut Value)) -> MappingError {
        let mut config = example();
        change(&mut config);
        Mapping::parse(&config).expect_err("refused")
    }

    #[test]
    fn each_mistake_names_its_key() {
        let typo = problem_with(|c| {
            c["orders"]["list"]["pagnation"] = json!({ "style": "none" });
        });
        assert_eq!(typo.key, "mapping.orders.list.pagnation");
        assert!(typo.problem.contains("pagnation"), "{typo}");

        let missing = problem_with(|c| {
            c["orders"]["list"]["pagination"] =
                json!({ "style": "page", "param": "page", "size": 5 });
        });
        assert_eq!(missing.key, "mapping.orders.list.pagination");
        assert!(missing.problem.contains("size_param"), "{missing}");

        let style = problem_with(|c| c["auth"] = json!({ "style": "kerberos" }));
        assert_eq!(style.key, "mapping.auth.style");

        // A key another style takes is still a mistake here, named, not ignored.
        let stray = problem_with(|c| {
            c["orders"]["list"]["pagination"] = json!({ "style": "link", "size": 50 });
        });
        assert_eq!(stray.key, "mapping.orders.list.pagination");
        assert!(stray.problem.contains("`size`"), "{stray}");
        let stray = problem_with(|c| {
            c["auth"] = json!({ "style": "header", "name": "apikey", "value": "k", "token": "t" })
        });
        assert_eq!(stray.key, "mapping.auth");
        assert!(stray.problem.contains("`token`"), "{stray}");
        let unknown = problem_with(|c| c["auth"] = json!({ "style": "none", "colour": "red" }));
        assert_eq!(unknown.key, "mapping.auth.colour");
        let half = problem_with(|c| c["auth"] = json!({ "style": "query", "name": "api_key" }));
        assert!(half.problem.contains("missing field `value`"), "{half}");

        let pointer = problem_with(|c| c["orders"]["get"]["envelope"] = json!("data"));
        assert_eq!(pointer.key, "mapping.orders.get.envelope");

        let no_id = problem_with(|c| c["orders"]["get"]["path"] = json!("/tickets"));
        assert_eq!(no_id.key, "mapping.orders.get.path");

        let theirs = problem_with(|c| c["orders"]["update"]["path"] = json!("/t/{server_id}"));
        assert_eq!(theirs.key, "mapping.orders.server_id");

        let secret = problem_with(|c| c["auth"] = json!({ "style": "bearer", "token": "s3cr3t" }));
        assert_eq!(secret.key, "mapping.auth");
        assert!(secret.problem.contains("sign_in"), "{secret}");

        let zone = problem_with(|c| c["time_zone"] = json!("Asia/Shanghai"));
        assert_eq!(zone.key, "mapping.time_zone");

        let in_band =
            problem_with(|c| c["errors"]["in_band"] = json!({ "pointer": "/code", "success": [] }));
        assert_eq!(in_band.key, "mapping.errors.in_band.success");

        let no_sender = problem_with(|c| {
            c["orders"]["list"]["owner_param"] = Value::Null;
            c["auth"] = json!({ "style": "sign_in", "with": "code", "path": "/login",
                                "phone_field": "phone", "secret_field": "code",
                                "token": "/token", "user": { "id": "/user/id" } })
        });
        assert_eq!(no_sender.key, "mapping.auth.send_code");

        let owner = problem_with(|c| {
            c["auth"] = json!({ "style": "sign_in", "with": "password", "path": "/login",
                                "phone_field": "username", "secret_field": "password",
                                "token": "/token", "user": { "id": "/user/id" } })
        });
        assert_eq!(owner.key, "mapping.orders.list.owner_param");

        let value = problem_with(|c| c["orders"]["values"]["colour"] = json!({ "red": 1 }));
        assert_eq!(value.key, "mapping.orders.values.colour");

        let field = problem_with(|c| c["orders"]["fields"]["colour"] = json!("color"));
        assert_eq!(field.key, "mapping.orders.fields.colour");

        let status = problem_with(|c| c["orders"]["statuses"]["lost"] = json!("gone"));
        assert_eq!(status.key, "mapping.orders.statuses.lost");

        let code = problem_with(|c| c["errors"]["retry"] = json!([503, 200]));
        assert_eq!(code.key, "mapping.errors.retry");
        assert!(
            code.to_string()
                .starts_with("config.json: mapping.errors.retry: 200"),
            "{code}"
        );

        let method = problem_with(|c| c["orders"]["create"]["method"] = json!("GET"));
        assert_eq!(method.key, "mapping.orders.create.method");
    }
}
