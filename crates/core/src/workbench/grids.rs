//! `PUT /grids/{id}` (admins): a grid with its posted contacts, replaced whole.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use super::{check_admin_id, Found, Problems};
use crate::model::ContactRole;
use crate::validation::{FieldProblem, NOTE_MAX, TITLE_MAX};

/// Contacts one grid posts.
pub const CONTACTS_MAX: usize = 50;
/// The longest WeChat id.
pub const WECHAT_MAX: usize = 40;

/// A grid as GET returns it; `id` and `updated_at` may come back and are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct GridBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    pub name: String,
    #[serde(default)]
    pub area: String,
    #[serde(default)]
    pub contacts: Vec<ContactBody>,
}

/// A contact as GET returns it; without `id` the server names it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ContactBody {
    #[serde(default)]
    pub id: Option<String>,
    pub name: String,
    pub role: ContactRole,
    #[serde(default)]
    pub title: String,
    pub phone: String,
    #[serde(default)]
    pub wechat: Option<String>,
    #[serde(default)]
    pub duty_hours: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

/// Every problem with `body`, by field (`contacts[2].phone`). Whether a contact's id
/// belongs to another grid is the server's to say.
pub fn check(body: &GridBody) -> Problems {
    let mut found = Found::default();
    found.text("name", &body.name, true, TITLE_MAX);
    found.text("area", &body.area, false, NOTE_MAX);
    if body.contacts.len() > CONTACTS_MAX {
        found.add("contacts", FieldProblem::TooMany { max: CONTACTS_MAX });
    }
    let mut ids = HashSet::new();
    for (index, contact) in body.contacts.iter().enumerate() {
        let at = |member: &str| format!("contacts[{index}].{member}");
        if let Some(id) = &contact.id {
            if let Some(problem) = check_admin_id(id) {
                found.add(at("id"), problem);
            }
            if !ids.insert(id.as_str()) {
                found.add(at("id"), FieldProblem::Duplicate);
            }
        }
        found.text(at("name"), &contact.name, true, TITLE_MAX);
        found.text(at("title"), &contact.title, false, TITLE_MAX);
        found.dialable(at("phone"), &contact.phone);
        found.optional_text(at("wechat"), contact.wechat.as_deref(), WECHAT_MAX);
        found.optional_text(at("duty_hours"), contact.duty_hours.as_deref(), TITLE_MAX);
        found.optional_text(at("note"), contact.note.as_deref(), NOTE_MAX);
    }
    found.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn contacts_are_named_by_their_place_and_ids_are_once_each() {
        let contact = |id: &str, phone: &str| ContactBody {
            id: Some(id.into()),
            name: "张网格".into(),
            role: ContactRole::GridWorker,
            title: String::new(),
            phone: phone.into(),
            wechat: None,
            duty_hours: None,
            note: None,
        };
        let body = GridBody {
            name: "第一网格".into(),
            contacts: vec![
                contact("c-1", "13800000001"),
                contact("c-1", "call me"),
                contact("c/2", "110"),
            ],
            ..GridBody::default()
        };
        assert_eq!(
            check(&body),
            vec![
                ("contacts[1].id".to_string(), FieldProblem::Duplicate),
                ("contacts[1].phone".into(), FieldProblem::NotDialable),
                ("contacts[2].id".into(), FieldProblem::NotAnId),
            ]
        );
    }
}
