//! The community's notices (`/notices`, issue 17): several, each shown between two dates,
//! pinned ones first. Which notices show on a day, and in what order, is decided here, so
//! that the app can keep showing the right ones offline as the days pass.

use serde::{Deserialize, Serialize};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

use super::{parse_date, Found, Problems};
use crate::model::Notice;
use crate::validation::{FieldProblem, TITLE_MAX};

/// The longest notice.
pub const NOTICE_BODY_MAX: usize = 2000;

// A notice as an admin writes it (`PUT /notices/{id}`); `id` and `updated_at` may come
// back and are ignored. Dates are the community's, YYYY-MM-DD, both included; `null` is
// open-ended.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NoticeBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    pub title: String,
    #[serde(default)]
    pub body: String,
    #[serde(default)]
    pub starts_on: Option<String>,
    #[serde(default)]
    pub ends_on: Option<String>,
    #[serde(default)]
    pub pinned: bool,
}

/// Every problem with `body`, by field: a title of 1 to 60 characters, a body of at most
/// 2,000, dates as `YYYY-MM-DD` with `ends_on` not before `starts_on`.
pub fn check(body: &NoticeBody) -> Problems {
    let mut found = Found::default();
    found.text("title", &body.title, true, TITLE_MAX);
    found.text("body", &body.body, false, NOTICE_BODY_MAX);
    let starts = found.optional_date("starts_on", body.starts_on.as_deref());
    let ends = found.optional_date("ends_on", body.ends_on.as_deref());
    if let (Some(starts), Some(ends)) = (starts, ends) {
        if ends < starts {
            found.add("ends_on", FieldProblem::EndsTooEarly);
        }
    }
    found.finish()
}

/// Whether `notice` shows on the community's `day`. A date that cannot be read limits
/// nothing (the server never stores one).
pub fn shows_on(notice: &Notice, day: Date) -> bool {
    let date = |text: &Option<String>| text.as_deref().and_then(parse_date);
    date(&notice.starts_on).is_none_or(|starts| starts <= day)
        && date(&notice.ends_on).is_none_or(|ends| day <= ends)
}

/// Newest first: by `starts_on`, or for a notice without one the day it was last
/// written, then by when it was last written.
fn newness(notice: &Notice) -> (Option<Date>, Option<OffsetDateTime>) {
    let written = OffsetDateTime::parse(&notice.updated_at, &Rfc3339).ok();
    let day = notice
        .starts_on
        .as_deref()
        .and_then(parse_date)
        .or_else(|| written.map(|t| crate::schedule::in_community(t).unwrap_or(t).date()));
    (day, written)
}

/// The order of the board: pinned first, then the newest (its `starts_on`, else the day
/// it was last written; then when it was last written), then by id.
pub fn sort(notices: &mut [Notice]) {
    notices.sort_by(|a, b| {
        b.pinned
            .cmp(&a.pinned)
            .then_with(|| newness(b).cmp(&newness(a)))
            .then_with(|| a.id.cmp(&b.id))
    });
}

/// The notices that show on `day`, in the board's order ([`sort`]).
pub fn showing(notices: &[Notice], day: Date) -> Vec<Notice> {
    let mut shown: Vec<Notice> = notices
        .iter()
        .filter(|n| shows_on(n, day))
        .cloned()
        .collect();
    sort(&mut shown);
    shown
}

/// What `GET /community` answers as `announcement` on `day`, for apps before notices:
/// the body of the first notice showing, or "".
pub fn announcement(notices: &[Notice], day: Date) -> String {
    showing(notices, day)
        .into_iter()
        .next()
        .map(|n| n.body)
        .unwrap_or_default()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use time::macros::date;

    /// A notice written on 20 November 2026 (`sync::store`'s tests use it too).
    pub(crate) fn notice(
        id: &str,
        starts: Option<&str>,
        ends: Option<&str>,
        pinned: bool,
    ) -> Notice {
        Notice {
            id: id.into(),
            title: format!("通知 {id}"),
            body: format!("内容 {id}"),
            starts_on: starts.map(str::to_string),
            ends_on: ends.map(str::to_string),
            pinned,
            updated_at: "2026-11-20T02:00:00Z".into(),
        }
    }

    #[test]
    fn a_notice_shows_from_its_first_day_to_its_last_both_included() {
        let n = notice("a", Some("2026-12-01"), Some("2026-12-03"), false);
        assert!(!shows_on(&n, date!(2026 - 11 - 30)));
        assert!(shows_on(&n, date!(2026 - 12 - 01)));
        assert!(shows_on(&n, date!(2026 - 12 - 03)));
        assert!(!shows_on(&n, date!(2026 - 12 - 04)));
        assert!(shows_on(
            &notice("b", None, None, false),
            date!(2099 - 01 - 01)
        ));
    }

    #[test]
    fn pinned_first_then_the_newest() {
        let mut later = notice("later", Some("2026-12-02"), None, false);
        later.updated_at = "2026-11-01T00:00:00Z".into();
        let notices = vec![
            notice("old", Some("2026-11-01"), None, false),
            later,
            notice("pin", Some("2026-10-01"), None, true),
            notice("future", Some("2026-12-09"), None, true),
            notice("undated", None, None, false),
            notice("past", None, Some("2026-12-01"), true),
        ];
        let ids: Vec<String> = showing(&notices, date!(2026 - 12 - 05))
            .into_iter()
            .map(|n| n.id)
            .collect();
        // `undated` was written on 2026-11-20 (Shanghai): newer than `old`, older than `later`.
        assert_eq!(ids, ["pin", "later", "undated", "old"]);
        assert_eq!(announcement(&notices, date!(2026 - 12 - 05)), "内容 pin");
        assert_eq!(announcement(&[], date!(2026 - 12 - 05)), "");
    }

    #[test]
    fn a_notice_ends_on_or_after_the_day_it_starts() {
        let body = NoticeBody {
            title: "停水通知".into(),
            starts_on: Some("2026-12-05".into()),
            ends_on: Some("2026-12-04".into()),
            ..NoticeBody::default()
        };
        assert_eq!(
            check(&body),
            vec![("ends_on".to_string(), FieldProblem::EndsTooEarly)]
        );
        let one_day = NoticeBody {
            ends_on: Some("2026-12-05".into()),
            ..body.clone()
        };
        assert!(check(&one_day).is_empty());
        let bad = NoticeBody {
            title: "告".repeat(61),
            body: "字".repeat(2001),
            starts_on: Some("12/05".into()),
            ends_on: None,
            ..body
        };
        assert_eq!(
            check(&bad),
            vec![
                ("title".to_string(), FieldProblem::TooLong { max: 60 }),
                ("body".into(), FieldProblem::TooLong { max: 2000 }),
                ("starts_on".into(), FieldProblem::NotADate),
            ]
        );
    }
}
