//! `PUT /services/{id}` (admins): a service of the catalogue, with its own questions;
//! `PUT /service-order`: the order residents see it in.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::{Found, Problems};
use crate::model::{Field, FieldType, Service, ServiceKind};
use crate::validation::{FieldProblem, DESCRIPTION_MAX, TITLE_MAX};

/// The longest code of a service, of one of its questions, of an option.
pub const SERVICE_CODE_MAX: usize = 20;
/// Questions one service may ask.
pub const FIELDS_MAX: usize = 30;
/// A year: longer promises are not service levels.
pub const SLA_HOURS_MAX: u32 = 24 * 366;

/// A service as GET returns it; `id` and `updated_at` may come back and are ignored.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ServiceBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    pub code: String,
    pub name: String,
    pub category: String,
    pub kind: ServiceKind,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub sla_hours: Option<u32>,
    #[serde(default)]
    pub fields: Vec<Field>,
    #[serde(default = "active_by_default")]
    pub active: bool,
}

fn active_by_default() -> bool {
    true
}

/// The most services one order lists.
pub const ORDER_MAX: usize = 500;

// The catalogue's order (`PUT /service-order`, admins): the services listed come first,
// in this order; any not listed follow, as they were.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ServiceOrder {
    pub ids: Vec<String>,
}

/// Every problem with `order`, at `ids`: one to 500 ids an admin may choose, each once.
/// Whether they are the community's services is the server's to say.
pub fn check_order(order: &ServiceOrder) -> Problems {
    let mut found = Found::default();
    let mut seen = HashSet::new();
    if order.ids.is_empty() {
        found.add("ids", FieldProblem::Required);
    } else if order.ids.len() > ORDER_MAX {
        found.add("ids", FieldProblem::TooMany { max: ORDER_MAX });
    } else if order
        .ids
        .iter()
        .any(|id| super::check_admin_id(id).is_some())
    {
        found.add("ids", FieldProblem::NotAnId);
    } else if !order.ids.iter().all(|id| seen.insert(id.as_str())) {
        found.add("ids", FieldProblem::Duplicate);
    }
    found.finish()
}

/// The catalogue's order with service `id` moved one place up (or down) among the
/// services of its kind, the others where they were; `None` when it is first (last) of
/// its kind already, or not in `catalogue`.
pub fn moved(catalogue: &[Service], id: &str, up: bool) -> Option<ServiceOrder> {
    let at = catalogue.iter().position(|service| service.id == id)?;
    let kind = catalogue.get(at)?.kind;
    let same_kind = |i: &usize| catalogue.get(*i).is_some_and(|s| s.kind == kind);
    let other = if up {
        (0..at).rev().find(same_kind)?
    } else {
        (at + 1..catalogue.len()).find(same_kind)?
    };
    let mut ids: Vec<String> = catalogue.iter().map(|service| service.id.clone()).collect();
    ids.swap(at, other);
    Some(ServiceOrder { ids })
}

/// Every problem with `body`, by field (`fields[2].options[0].key`). Whether another
/// service already has its code is the server's to say.
pub fn check(body: &ServiceBody) -> Problems {
    let mut found = Found::default();
    found.text("code", &body.code, true, SERVICE_CODE_MAX);
    found.text("name", &body.name, true, TITLE_MAX);
    found.text("category", &body.category, true, TITLE_MAX);
    found.text("description", &body.description, false, DESCRIPTION_MAX);
    if body.sla_hours.is_some_and(|h| h == 0 || h > SLA_HOURS_MAX) {
        found.add(
            "sla_hours",
            FieldProblem::OutOfRange {
                min: 1,
                max: i64::from(SLA_HOURS_MAX),
            },
        );
    }
    if body.fields.len() > FIELDS_MAX {
        found.add("fields", FieldProblem::TooMany { max: FIELDS_MAX });
    }
    let mut codes = HashSet::new();
    for (index, field) in body.fields.iter().enumerate() {
        let at = |member: &str| format!("fields[{index}].{member}");
        found.text(at("code"), &field.code, true, SERVICE_CODE_MAX);
        if !codes.insert(field.code.trim()) {
            found.add(at("code"), FieldProblem::Duplicate);
        }
        found.text(at("label"), &field.label, true, TITLE_MAX);
        let choice = matches!(field.datatype, FieldType::Single | FieldType::Multi);
        if choice && field.options.is_empty() {
            found.add(at("options"), FieldProblem::NoOptions);
        }
        if !choice && !field.options.is_empty() {
            found.add(at("options"), FieldProblem::OptionsNotAllowed);
        }
        let mut keys = HashSet::new();
        for (n, option) in field.options.iter().enumerate() {
            let key = format!("{}[{n}].key", at("options"));
            found.text(key.clone(), &option.key, true, SERVICE_CODE_MAX);
            found.text(
                format!("{}[{n}].label", at("options")),
                &option.label,
                true,
                TITLE_MAX,
            );
            if !keys.insert(option.key.trim()) {
                found.add(key, FieldProblem::Duplicate);
            }
        }
    }
    found.finish()
}

#[cfg(test)]
mod tests {

    fn listed(id: &str, kind: ServiceKind) -> Service {
        Service {
            id: id.into(),
            code: id.to_uppercase(),
            name: id.into(),
            category: "类".into(),
            kind,
            description: String::new(),
            sla_hours: None,
            fields: Vec::new(),
            active: true,
            updated_at: "2026-11-30T02:00:00Z".into(),
        }
    }

    #[test]
    fn a_service_moves_past_the_next_of_its_own_kind_and_no_further() {
        let catalogue = vec![
            listed("d1", ServiceKind::Direct),
            listed("p1", ServiceKind::Proxy),
            listed("d2", ServiceKind::Direct),
            listed("p2", ServiceKind::Proxy),
        ];
        let up = moved(&catalogue, "d2", true).map(|order| order.ids);
        assert_eq!(
            up,
            Some(vec!["d2".into(), "p1".into(), "d1".into(), "p2".into()])
        );
        assert_eq!(moved(&catalogue, "d1", true), None, "first of its kind");
        assert_eq!(moved(&catalogue, "p2", false), None, "last of its kind");
        assert_eq!(moved(&catalogue, "gone", false), None);
        let order = ServiceOrder {
            ids: vec!["d1".into(), "d1".into()],
        };
        assert_eq!(
            check_order(&order),
            vec![("ids".to_string(), FieldProblem::Duplicate)]
        );
        assert!(check_order(&ServiceOrder::default()).len() == 1, "empty");
    }
    use super::*;
    use crate::model::FieldOption;

    fn body() -> ServiceBody {
        ServiceBody {
            id: None,
            updated_at: None,
            code: "S03".into(),
            name: "楼道灯维修".into(),
            category: "特色服务".into(),
            kind: ServiceKind::Special,
            description: String::new(),
            sla_hours: Some(24),
            fields: Vec::new(),
            active: true,
        }
    }

    #[test]
    fn questions_are_named_by_their_place_in_the_list() {
        let mut service = body();
        let field = |code: &str, datatype, options: Vec<FieldOption>| Field {
            code: code.into(),
            label: "楼层".into(),
            datatype,
            required: true,
            options,
        };
        let option = |key: &str| FieldOption {
            key: key.into(),
            label: "一".into(),
        };
        service.fields = vec![
            field("floor", FieldType::Number, vec![option("a")]),
            field("floor", FieldType::Single, Vec::new()),
            field("kind", FieldType::Multi, vec![option("a"), option("a")]),
        ];
        service.sla_hours = Some(0);
        assert_eq!(
            check(&service),
            vec![
                (
                    "sla_hours".to_string(),
                    FieldProblem::OutOfRange { min: 1, max: 8784 }
                ),
                ("fields[0].options".into(), FieldProblem::OptionsNotAllowed),
                ("fields[1].code".into(), FieldProblem::Duplicate),
                ("fields[1].options".into(), FieldProblem::NoOptions),
                ("fields[2].options[1].key".into(), FieldProblem::Duplicate),
            ]
        );
        assert!(check(&body()).is_empty());
    }
}
