//! People, as staff keep them (issue 17): finding someone (`GET /users?q=`), registering
//! a resident who has no account (`POST /users`, with their consent), an admin's edit of
//! a user (`PUT /users/{id}`), and a resident's own profile (`PUT /me`).

use serde::{Deserialize, Serialize};

use super::{Found, Problems};
use crate::model::Role;
use crate::phone::MobileNumber;
use crate::validation::{FieldProblem, ADDRESS_MAX, TITLE_MAX};

/// The longest name of a person.
pub const NAME_MAX: usize = 30;
/// The longest search.
pub const SEARCH_MAX: usize = TITLE_MAX;

/// What `GET /users?q=` looks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Search {
    /// Nothing typed: everyone (of the role asked for).
    Everyone,
    /// Digits of a phone number, matched anywhere in the normalised number: `0001`,
    /// `138 0000`, `+86 138-0000-0001` (spaces, hyphens and the country code dropped).
    PhoneDigits(String),
    /// Part of a name, as typed (trimmed).
    Name(String),
}

/// What `q` asks for, or why it cannot be searched for.
pub fn search(q: &str) -> Result<Search, FieldProblem> {
    let q = q.trim();
    if q.is_empty() {
        return Ok(Search::Everyone);
    }
    if q.chars().count() > SEARCH_MAX {
        return Err(FieldProblem::TooLong { max: SEARCH_MAX });
    }
    if crate::validation::has_control_chars(q) {
        return Err(FieldProblem::Unprintable);
    }
    let compact: String = q
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '\u{3000}'))
        .collect();
    let national = compact
        .strip_prefix("+86")
        .or_else(|| compact.strip_prefix("0086"))
        .unwrap_or(&compact);
    if !national.is_empty() && national.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(Search::PhoneDigits(national.to_string()));
    }
    Ok(Search::Name(q.to_string()))
}

fn check_name(found: &mut Found, name: &str) {
    found.text("name", name, true, NAME_MAX);
}

// A resident registered by staff (`POST /users`): a grid worker, a dispatcher or an
// admin, with the resident's consent to keep their number and name. The phone is
// normalised as sign-in does; `grid_id` defaults to the recorder's grid, else the
// community's first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct NewResident {
    pub phone: String,
    pub name: String,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default)]
    pub grid_id: Option<String>,
    pub consent: bool,
}

/// Every problem with `body`, by field; else the resident's number, normalised. Whether
/// the grid exists is the server's to say.
pub fn check_new_resident(body: &NewResident) -> Result<MobileNumber, Problems> {
    let mut found = Found::default();
    let phone = MobileNumber::parse(&body.phone).ok();
    if phone.is_none() {
        found.add("phone", FieldProblem::NotAMobileNumber);
    }
    check_name(&mut found, &body.name);
    found.optional_text("address", body.address.as_deref(), ADDRESS_MAX);
    if !body.consent {
        found.add("consent", FieldProblem::ConsentRequired);
    }
    let problems = found.finish();
    match phone {
        Some(phone) if problems.is_empty() => Ok(phone),
        _ => Err(problems),
    }
}

// An admin's edit of a user (`PUT /users/{id}`), replacing these four: `active: false`
// ends their sessions and refuses their sign-in. And `birth_year`, what an appointment
// for residents of an age reads, where it is sent: `null` forgets it, left out keeps it
// (a client that never heard of it does not erase it).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UserUpdate {
    pub name: String,
    #[serde(default)]
    pub grid_id: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    pub active: bool,
    #[serde(
        default,
        deserialize_with = "present",
        skip_serializing_if = "Option::is_none"
    )]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<i32>))]
    pub birth_year: Option<Option<i32>>,
}

/// A member that is there, `null` or not: `Some` of it (left out, `default` gives `None`).
fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// The years of birth a community keeps.
pub const BIRTH_YEARS: std::ops::RangeInclusive<i32> = 1900..=2100;

/// Every problem with `body` as the admin `admin_id` writes it for user `user_id`: no
/// one deactivates themselves (the community must not lose its last admin by a slip).
pub fn check_user_update(body: &UserUpdate, user_id: &str, admin_id: &str) -> Problems {
    let mut found = Found::default();
    check_name(&mut found, &body.name);
    found.optional_text("address", body.address.as_deref(), ADDRESS_MAX);
    if body
        .birth_year
        .flatten()
        .is_some_and(|year| !BIRTH_YEARS.contains(&year))
    {
        found.add(
            "birth_year",
            FieldProblem::OutOfRange {
                min: i64::from(*BIRTH_YEARS.start()),
                max: i64::from(*BIRTH_YEARS.end()),
            },
        );
    }
    if !body.active && user_id == admin_id {
        found.add("active", FieldProblem::NotOnYourself);
    }
    found.finish()
}

/// Every problem with giving user `user_id` exactly `roles`, as the admin `admin_id`
/// (`PUT /users/{id}/roles`): no one removes their own admin role, for the same reason.
pub fn check_roles(roles: &[Role], user_id: &str, admin_id: &str) -> Problems {
    let mut found = Found::default();
    if user_id == admin_id && !roles.contains(&Role::Admin) {
        found.add("roles", FieldProblem::NotOnYourself);
    }
    found.finish()
}

/// The roles someone added by number ends up with: those they hold (`held`, as the
/// contract spells them) and the ones `chosen`, resident always among them; `None` when
/// they hold every chosen role already (nothing to send). Adding someone never takes a
/// role away.
pub fn roles_after_adding(held: &[String], chosen: &[Role]) -> Option<Vec<Role>> {
    let held: Vec<Role> = held.iter().filter_map(|role| Role::parse(role)).collect();
    if chosen.iter().all(|role| held.contains(role)) {
        return None;
    }
    let mut given = held;
    for role in std::iter::once(Role::Resident).chain(chosen.iter().copied()) {
        if !given.contains(&role) {
            given.push(role);
        }
    }
    Some(given)
}

// A resident's own profile (`PUT /me`). `grid_id` absent or null leaves it as it is; a
// different grid only where the community lets residents choose
// (`residents_choose_grid`). `address` null clears it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ProfileUpdate {
    pub name: String,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid_id: Option<String>,
}

/// Every problem with `body` for someone of grid `current_grid` in a community where
/// residents choose their grid or not.
pub fn check_profile(
    body: &ProfileUpdate,
    current_grid: Option<&str>,
    residents_choose_grid: bool,
) -> Problems {
    let mut found = Found::default();
    check_name(&mut found, &body.name);
    found.optional_text("address", body.address.as_deref(), ADDRESS_MAX);
    if let Some(grid) = body.grid_id.as_deref() {
        if !residents_choose_grid && Some(grid) != current_grid {
            found.add("grid_id", FieldProblem::NotChangeable);
        }
    }
    found.finish()
}

#[cfg(test)]
mod tests {

    #[test]
    fn adding_someone_by_number_gives_the_roles_chosen_and_takes_none_away() {
        let held = vec!["resident".to_string(), "dispatcher".to_string()];
        assert_eq!(
            roles_after_adding(&held, &[Role::Dispatcher]),
            None,
            "nothing to send"
        );
        assert_eq!(
            roles_after_adding(&held, &[Role::Volunteer]),
            Some(vec![Role::Resident, Role::Dispatcher, Role::Volunteer])
        );
        assert_eq!(
            roles_after_adding(&[], &[Role::Volunteer]),
            Some(vec![Role::Resident, Role::Volunteer])
        );
    }
    use super::*;

    #[test]
    fn a_search_is_digits_of_a_phone_or_part_of_a_name() {
        assert_eq!(search("  "), Ok(Search::Everyone));
        assert_eq!(search("0001"), Ok(Search::PhoneDigits("0001".into())));
        assert_eq!(
            search("+86 138-0000"),
            Ok(Search::PhoneDigits("1380000".into()))
        );
        assert_eq!(search("曹菊"), Ok(Search::Name("曹菊".into())));
        assert_eq!(search("王 3"), Ok(Search::Name("王 3".into())));
        assert_eq!(
            search(&"王".repeat(61)),
            Err(FieldProblem::TooLong { max: 60 })
        );
    }

    #[test]
    fn a_resident_is_registered_only_with_their_consent() {
        let body = NewResident {
            phone: "+86 139-0000-0009".into(),
            name: "赵奶奶".into(),
            consent: true,
            ..NewResident::default()
        };
        assert_eq!(
            check_new_resident(&body).map(|n| n.as_str().to_string()),
            Ok("13900000009".into())
        );
        let refused = NewResident {
            phone: "12345".into(),
            name: String::new(),
            consent: false,
            ..body
        };
        assert_eq!(
            check_new_resident(&refused),
            Err(vec![
                ("phone".to_string(), FieldProblem::NotAMobileNumber),
                ("name".into(), FieldProblem::Required),
                ("consent".into(), FieldProblem::ConsentRequired),
            ])
        );
    }

    #[test]
    fn no_admin_deactivates_themselves() {
        let body = UserUpdate {
            name: "陈主任".into(),
            active: false,
            ..UserUpdate::default()
        };
        assert_eq!(
            check_user_update(&body, "u-6", "u-6"),
            vec![("active".to_string(), FieldProblem::NotOnYourself)]
        );
        assert!(check_user_update(&body, "u-2", "u-6").is_empty());
    }

    #[test]
    fn a_resident_moves_grid_only_where_the_community_lets_them() {
        let body = ProfileUpdate {
            name: "李万章".into(),
            address: Some("3 号楼 501".into()),
            grid_id: Some("g-2".into()),
        };
        assert_eq!(
            check_profile(&body, Some("g-1"), false),
            vec![("grid_id".to_string(), FieldProblem::NotChangeable)]
        );
        assert!(check_profile(&body, Some("g-1"), true).is_empty());
        assert!(check_profile(&body, Some("g-2"), false).is_empty());
        let long = ProfileUpdate {
            name: "名".repeat(31),
            address: Some("址".repeat(121)),
            grid_id: None,
        };
        assert_eq!(
            check_profile(&long, Some("g-1"), false),
            vec![
                ("name".to_string(), FieldProblem::TooLong { max: 30 }),
                ("address".into(), FieldProblem::TooLong { max: 120 }),
            ]
        );
    }
}
