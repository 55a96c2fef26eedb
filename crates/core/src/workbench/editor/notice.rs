//! A notice (社区公告) as the workbench's editor holds it while someone types.

use crate::model::Notice;
use crate::order_form::Problems;
use crate::workbench::notices::{check, NoticeBody};

use super::optional;

/// A notice as typed; empty dates are open-ended.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct NoticeDraft {
    pub id: String,
    pub title: String,
    pub body: String,
    pub starts_on: String,
    pub ends_on: String,
    pub pinned: bool,
}

impl NoticeDraft {
    pub fn of(notice: &Notice) -> NoticeDraft {
        NoticeDraft {
            id: notice.id.clone(),
            title: notice.title.clone(),
            body: notice.body.clone(),
            starts_on: notice.starts_on.clone().unwrap_or_default(),
            ends_on: notice.ends_on.clone().unwrap_or_default(),
            pinned: notice.pinned,
        }
    }

    /// A new notice under `id` (made on the device, so two admins adding one at the same
    /// moment never write over each other's), showing from `today`.
    pub fn blank(id: &str, today: &str) -> NoticeDraft {
        NoticeDraft {
            id: format!("n-{id}"),
            starts_on: today.to_string(),
            ..NoticeDraft::default()
        }
    }

    /// The notice as `PUT /notices/{id}` takes it, checked by the rules the server
    /// applies ([`check`]).
    pub fn to_body(&self) -> Result<NoticeBody, Problems> {
        let body = NoticeBody {
            id: None,
            updated_at: None,
            title: self.title.trim().to_string(),
            body: self.body.trim().to_string(),
            starts_on: optional(&self.starts_on),
            ends_on: optional(&self.ends_on),
            pinned: self.pinned,
        };
        let problems = check(&body);
        if problems.is_empty() {
            Ok(body)
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::FieldProblem;

    #[test]
    fn a_notice_needs_a_title_and_ends_after_it_starts() {
        let mut draft = NoticeDraft::blank("0190", "2026-12-01");
        assert_eq!(draft.id, "n-0190");
        draft.ends_on = "2026-11-30".into();
        let problems = draft.to_body().expect_err("no title, ends first");
        assert!(problems.contains(&("title".into(), FieldProblem::Required)));
        assert!(problems.contains(&("ends_on".into(), FieldProblem::EndsTooEarly)));
        draft.title = " 周四义诊 ".into();
        draft.ends_on = " ".into();
        let body = draft.to_body().expect("valid");
        assert_eq!((body.title.as_str(), body.ends_on), ("周四义诊", None));
    }
}
