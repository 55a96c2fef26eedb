//! The description of a backend for the `mapped` profile, as `config.json` carries it
//! under `mapping`: per resource, its path, method and envelope (JSON pointers), field
//! renames and constant fields, the id and version fields, the pagination style, the
//! authentication, and how error statuses map onto the engine's classes. It is checked
//! when the app starts, and an error names the key that is wrong, as a path.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::Value;

use crate::model::OrderStatus;

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
    #[serde(default)]
    pub auth: Auth,
    /// Where a phone number finds the user who signs in.
    pub users: UsersMapping,
    pub orders: OrdersMapping,
    /// Reference data the backend has; what it lacks is not offered.
    #[serde(default)]
    pub references: ReferencesMapping,
    #[serde(default)]
    pub errors: ErrorsMapping,
}

/// How every request proves it may ask.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(tag = "style", rename_all = "snake_case", deny_unknown_fields)]
pub enum Auth {
    #[default]
    None,
    /// `Authorization: Bearer <token>`.
    Bearer { token: String },
    /// A header of the backend's own (`X-Api-Key`).
    Header { name: String, value: String },
    /// A query parameter on every request (`?api_key=`).
    Query { name: String, value: String },
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
    /// One order; the path has `{id}`.
    pub get: ReadMapping,
    pub create: WriteMapping,
    /// A step: the changed fields go with this method to this path (with `{id}`).
    pub update: WriteMapping,
    /// Our field name → theirs, for any field of the contract's `Order`.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Fields sent with every create, as given (`{"source": "yizhan"}`).
    #[serde(default)]
    pub constants: BTreeMap<String, Value>,
    /// Our status → theirs, where their words differ.
    #[serde(default)]
    pub statuses: BTreeMap<String, String>,
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
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReadMapping {
    pub path: String,
    #[serde(default)]
    pub envelope: Option<String>,
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
}

/// How a list comes in pages.
#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(tag = "style", rename_all = "snake_case", deny_unknown_fields)]
pub enum Pagination {
    /// Everything in one answer.
    #[default]
    None,
    /// `?page=2&per_page=50`, counting from `first`.
    Page {
        param: String,
        size_param: String,
        size: u32,
        #[serde(default = "first_page")]
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
}

fn first_page() -> u32 {
    1
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
}

/// Which statuses mean what to the engine (design.md, "The outbox"). The defaults are
/// the contract's.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ErrorsMapping {
    /// Where the human-readable message is in an error body.
    #[serde(default)]
    pub message_pointer: Option<String>,
    #[serde(default = "retry_statuses")]
    pub retry: Vec<u16>,
    #[serde(default = "sign_in_statuses")]
    pub sign_in: Vec<u16>,
    #[serde(default = "conflict_statuses")]
    pub conflict: Vec<u16>,
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
        let orders = &self.orders;
        check_path("users.path", &self.users.path, false)?;
        check_pointer("users.envelope", &self.users.envelope)?;
        check_path("orders.list.path", &orders.list.path, false)?;
        check_pointer("orders.list.envelope", &orders.list.envelope)?;
        check_path("orders.get.path", &orders.get.path, true)?;
        check_pointer("orders.get.envelope", &orders.get.envelope)?;
        check_path(
            "orders.create.path",
            &orders.create.path,
            orders.create.method == WriteMethod::Put,
        )?;
        check_pointer("orders.create.envelope", &orders.create.envelope)?;
        check_pointer("orders.create.body_envelope", &orders.create.body_envelope)?;
        check_path("orders.update.path", &orders.update.path, true)?;
        check_pointer("orders.update.envelope", &orders.update.envelope)?;
        check_pointer("orders.update.body_envelope", &orders.update.body_envelope)?;
        if let Pagination::Cursor { next_pointer, .. } = &orders.list.pagination {
            check_pointer(
                "orders.list.pagination.next_pointer",
                &Some(next_pointer.clone()),
            )?;
        }
        if let Pagination::Page { size: 0, .. } | Pagination::Offset { size: 0, .. } =
            orders.list.pagination
        {
            return Err(wrong("orders.list.pagination.size", "at least 1"));
        }
        for ours in orders.fields.keys() {
            if !ORDER_FIELDS.contains(&ours.as_str()) {
                return Err(wrong(
                    &format!("orders.fields.{ours}"),
                    "not a field of an order (id, title, status, version, updated_at, …)",
                ));
            }
        }
        for ours in orders.statuses.keys() {
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
        ];
        for (name, resource) in references {
            if let Some(resource) = resource {
                check_path(&format!("references.{name}.path"), &resource.path, false)?;
                check_pointer(&format!("references.{name}.envelope"), &resource.envelope)?;
            }
        }
        check_pointer("errors.message_pointer", &self.errors.message_pointer)?;
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
}

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

        let pointer = problem_with(|c| c["orders"]["get"]["envelope"] = json!("data"));
        assert_eq!(pointer.key, "mapping.orders.get.envelope");

        let no_id = problem_with(|c| c["orders"]["update"]["path"] = json!("/tickets"));
        assert_eq!(no_id.key, "mapping.orders.update.path");

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
