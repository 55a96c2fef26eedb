//! `PUT /community` (admins): the name, district, hotline and announcement residents see,
//! and whether residents choose their own grid.

use serde::{Deserialize, Serialize};

use super::{Found, Problems};
use crate::validation::{DESCRIPTION_MAX, TITLE_MAX};

/// The body `GET /community` returns; `id` and `updated_at` may come back with it and are
/// ignored. `announcement` writes the notice `announcement` (pinned) when it differs from
/// what GET answered, and removes it when "" (see README); absent, the notices stay as
/// they are. `residents_choose_grid` absent leaves the setting as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CommunityBody {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    pub name: String,
    pub district: String,
    pub hotline: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announcement: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub residents_choose_grid: Option<bool>,
}

/// Every problem with `body`, by field.
pub fn check(body: &CommunityBody) -> Problems {
    let mut found = Found::default();
    found.text("name", &body.name, true, TITLE_MAX);
    found.text("district", &body.district, false, TITLE_MAX);
    found.dialable("hotline", &body.hotline);
    found.optional_text(
        "announcement",
        body.announcement.as_deref(),
        DESCRIPTION_MAX,
    );
    found.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::FieldProblem;

    #[test]
    fn a_community_needs_a_name_and_a_number_to_dial() {
        let body = CommunityBody {
            name: " ".into(),
            hotline: "1".repeat(10_000),
            announcement: Some("公".repeat(1001)),
            ..CommunityBody::default()
        };
        assert_eq!(
            check(&body),
            vec![
                ("name".to_string(), FieldProblem::Required),
                ("hotline".to_string(), FieldProblem::NotDialable),
                (
                    "announcement".to_string(),
                    FieldProblem::TooLong { max: 1000 }
                ),
            ]
        );
        let fine = CommunityBody {
            name: "育华里社区".into(),
            hotline: "022-23456789".into(),
            ..CommunityBody::default()
        };
        assert!(check(&fine).is_empty());
    }
}
