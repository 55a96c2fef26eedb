//! A grid (网格) and the contacts posted in its buildings, as the workbench's editor
//! holds them while someone types: 1+6, 1+3+N or 1+1+N, whatever the street office's
//! structure, each contact with a role, title, phone, WeChat id and duty hours.

use crate::model::{Contact, ContactRole, Grid};
use crate::order_form::Problems;
use crate::workbench::grids::{check, ContactBody, GridBody};

use super::{next_id, optional};

/// One contact as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactDraft {
    pub id: String,
    pub name: String,
    pub role: ContactRole,
    pub title: String,
    pub phone: String,
    pub wechat: String,
    pub duty_hours: String,
    pub note: String,
}

/// A grid as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GridDraft {
    pub id: String,
    pub name: String,
    pub area: String,
    pub contacts: Vec<ContactDraft>,
}

impl ContactDraft {
    fn of(contact: &Contact) -> ContactDraft {
        ContactDraft {
            id: contact.id.clone(),
            name: contact.name.clone(),
            role: contact.role,
            title: contact.title.clone(),
            phone: contact.phone.clone(),
            wechat: contact.wechat.clone().unwrap_or_default(),
            duty_hours: contact.duty_hours.clone().unwrap_or_default(),
            note: contact.note.clone().unwrap_or_default(),
        }
    }
}

impl GridDraft {
    pub fn of(grid: &Grid) -> GridDraft {
        GridDraft {
            id: grid.id.clone(),
            name: grid.name.clone(),
            area: grid.area.clone(),
            contacts: grid.contacts.iter().map(ContactDraft::of).collect(),
        }
    }

    /// A new grid under `fresh`, an id the device just made (`Env::new_id`): not one
    /// counted from the grids it holds, which another admin's device counts alike, and
    /// whose `PUT` would replace theirs.
    pub fn blank(fresh: &str) -> GridDraft {
        GridDraft {
            id: format!("g-{fresh}"),
            name: String::new(),
            area: String::new(),
            contacts: Vec::new(),
        }
    }

    /// A new contact of this grid, a grid worker unless chosen otherwise, under an id no
    /// contact of any grid uses.
    pub fn blank_contact(&self, grids: &[Grid]) -> ContactDraft {
        let taken = grids
            .iter()
            .flat_map(|g| g.contacts.iter().map(|c| c.id.as_str()))
            .chain(self.contacts.iter().map(|c| c.id.as_str()));
        ContactDraft {
            id: next_id(&format!("c-{}-", self.id), 2, taken),
            name: String::new(),
            role: ContactRole::GridWorker,
            title: String::new(),
            phone: String::new(),
            wechat: String::new(),
            duty_hours: String::new(),
            note: String::new(),
        }
    }

    /// The grid as the administration API takes it, checked by the rules the server
    /// applies ([`check`]): text trimmed, what was left empty absent.
    pub fn to_grid(&self, before: Option<&Grid>) -> Result<Grid, Problems> {
        let contacts: Vec<Contact> = self
            .contacts
            .iter()
            .map(|contact| Contact {
                id: contact.id.clone(),
                name: contact.name.trim().to_string(),
                role: contact.role,
                title: contact.title.trim().to_string(),
                phone: contact.phone.trim().to_string(),
                wechat: optional(&contact.wechat),
                duty_hours: optional(&contact.duty_hours),
                note: optional(&contact.note),
            })
            .collect();
        let body = GridBody {
            id: None,
            updated_at: None,
            name: self.name.trim().to_string(),
            area: self.area.trim().to_string(),
            contacts: contacts
                .iter()
                .map(|c| ContactBody {
                    id: Some(c.id.clone()),
                    name: c.name.clone(),
                    role: c.role,
                    title: c.title.clone(),
                    phone: c.phone.clone(),
                    wechat: c.wechat.clone(),
                    duty_hours: c.duty_hours.clone(),
                    note: c.note.clone(),
                })
                .collect(),
        };
        let problems = check(&body);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Grid {
            id: self.id.clone(),
            name: body.name,
            area: body.area,
            contacts,
            updated_at: before.map(|g| g.updated_at.clone()).unwrap_or_default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> Grid {
        Grid {
            id: "g-1".into(),
            name: "第一网格".into(),
            area: "育华里 1–6 号楼".into(),
            contacts: vec![Contact {
                id: "c-g-1-01".into(),
                name: "张秀梅".into(),
                role: ContactRole::GridWorker,
                title: "网格员".into(),
                phone: "13800011001".into(),
                wechat: Some("yuhua-zxm".into()),
                duty_hours: None,
                note: None,
            }],
            updated_at: "2026-11-01T09:00:00+08:00".into(),
        }
    }

    #[test]
    fn an_unchanged_draft_is_the_grid_it_opened() {
        let before = grid();
        assert_eq!(GridDraft::of(&before).to_grid(Some(&before)), Ok(before));
    }

    #[test]
    fn a_contact_without_a_phone_is_said_at_its_field() {
        let grids = vec![grid()];
        let mut draft = GridDraft::of(&grids[0]);
        let mut added = draft.blank_contact(&grids);
        added.name = "赵丽".into();
        draft.contacts.push(added);
        let problems = draft.to_grid(None).expect_err("no phone");
        assert!(
            problems
                .iter()
                .any(|(field, _)| field == "contacts[1].phone"),
            "{problems:?}"
        );
    }

    #[test]
    fn two_admins_adding_a_grid_from_the_same_list_never_share_an_id() {
        // Each device holds the same grids; a shared id would make the second PUT
        // replace the first admin's new grid.
        let at_the_station = GridDraft::blank("0193a1b2-0000-7000-8000-000000000001");
        let at_home = GridDraft::blank("0193a1b2-0000-7000-8000-000000000002");
        assert_ne!(at_the_station.id, at_home.id);
        for draft in [at_the_station, at_home] {
            assert_eq!(
                crate::workbench::check_admin_id(&draft.id),
                None,
                "{}",
                draft.id
            );
            let contact = draft.blank_contact(&[]);
            assert_eq!(
                crate::workbench::check_admin_id(&contact.id),
                None,
                "{}",
                contact.id
            );
        }
    }

    #[test]
    fn new_grids_and_contacts_take_ids_nobody_uses_and_blank_extras_are_absent() {
        let grids = vec![grid()];
        let mut draft = GridDraft::blank("0193a1b2-0000-7000-8000-000000000003");
        assert_eq!(draft.id, "g-0193a1b2-0000-7000-8000-000000000003");
        let mut first = GridDraft::of(&grids[0]).blank_contact(&grids);
        assert_eq!(first.id, "c-g-1-02");
        first.wechat = "  ".into();
        first.name = " 王芳 ".into();
        first.title = "网格员".into();
        first.phone = "13800011009".into();
        draft.name = "第二网格".into();
        draft.contacts.push(first);
        let made = draft.to_grid(None).expect("valid");
        assert_eq!(made.contacts[0].name, "王芳");
        assert_eq!(made.contacts[0].wechat, None);
    }
}
