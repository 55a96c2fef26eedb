//! What the contract allows in what residents type, checked the same way on the device
//! (at the field, before anything is queued) and on the server.

use crate::model::{NewOrder, OrderKind};
use crate::phone::MobileNumber;

pub const TITLE_MAX: usize = 60;
pub const DESCRIPTION_MAX: usize = 1000;
pub const NOTE_MAX: usize = 500;
pub const ADDRESS_MAX: usize = 120;

/// What is wrong with one field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldProblem {
    Required,
    TooLong {
        max: usize,
    },
    NotAMobileNumber,
    NotANumber,
    NotADate,
    NotATime,
    /// Not one of the field's options.
    NotAChoice,
}

impl FieldProblem {
    /// The message a resident reads at the field, in their language.
    pub fn localized(&self, texts: &crate::i18n::Texts) -> String {
        match self {
            FieldProblem::Required => texts.field_required.to_string(),
            FieldProblem::TooLong { max } => (texts.field_too_long)(*max),
            FieldProblem::NotAMobileNumber => texts.field_not_mobile.to_string(),
            FieldProblem::NotANumber => texts.field_not_number.to_string(),
            FieldProblem::NotADate => texts.field_not_date.to_string(),
            FieldProblem::NotATime => texts.field_not_time.to_string(),
            FieldProblem::NotAChoice => texts.field_not_choice.to_string(),
        }
    }

    /// The English message, as the server's problem+json carries it.
    pub fn message(&self) -> String {
        match self {
            FieldProblem::Required => "required".to_string(),
            FieldProblem::TooLong { max } => format!("at most {max} characters"),
            FieldProblem::NotAMobileNumber => {
                "not a mainland mobile number: 11 digits starting with 1".to_string()
            }
            FieldProblem::NotANumber => "a number".to_string(),
            FieldProblem::NotADate => "a date as YYYY-MM-DD".to_string(),
            FieldProblem::NotATime => "a time as RFC 3339 with offset".to_string(),
            FieldProblem::NotAChoice => "one of the field's options".to_string(),
        }
    }
}

/// Length in characters (not bytes) after trimming, as the contract counts.
pub fn char_len(text: &str) -> usize {
    text.trim().chars().count()
}

fn check_len(
    problems: &mut Vec<(&'static str, FieldProblem)>,
    field: &'static str,
    text: &str,
    max: usize,
) {
    if char_len(text) > max {
        problems.push((field, FieldProblem::TooLong { max }));
    }
}

/// Every problem with a new order's own fields, by field. Whether the service exists and
/// its required questions are answered needs the catalogue: see the server and the app.
pub fn check_new_order(order: &NewOrder) -> Vec<(&'static str, FieldProblem)> {
    let mut problems = Vec::new();
    if char_len(&order.title) == 0 {
        problems.push(("title", FieldProblem::Required));
    }
    check_len(&mut problems, "title", &order.title, TITLE_MAX);
    check_len(
        &mut problems,
        "description",
        &order.description,
        DESCRIPTION_MAX,
    );
    if let Some(address) = &order.address {
        check_len(&mut problems, "address", address, ADDRESS_MAX);
    }
    if let Some(phone) = order
        .contact_phone
        .as_deref()
        .filter(|p| !p.trim().is_empty())
    {
        if MobileNumber::parse(phone).is_err() {
            problems.push(("contact_phone", FieldProblem::NotAMobileNumber));
        }
    }
    if order.kind == OrderKind::Service
        && order
            .service_id
            .as_deref()
            .is_none_or(|id| id.trim().is_empty())
    {
        problems.push(("service_id", FieldProblem::Required));
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn wish(title: &str) -> NewOrder {
        NewOrder {
            kind: OrderKind::Wish,
            service_id: None,
            title: title.to_string(),
            description: String::new(),
            address: None,
            contact_phone: None,
            preferred_time: None,
            attributes: Default::default(),
        }
    }

    #[test]
    fn limits_count_characters_not_bytes() {
        // 60 Chinese characters are 180 bytes and still a valid title.
        assert!(check_new_order(&wish(&"灯".repeat(60))).is_empty());
        assert_eq!(
            check_new_order(&wish(&"灯".repeat(61))),
            vec![("title", FieldProblem::TooLong { max: 60 })]
        );
    }

    #[test]
    fn a_blank_title_is_missing() {
        assert_eq!(
            check_new_order(&wish("   ")),
            vec![("title", FieldProblem::Required)]
        );
    }

    #[test]
    fn a_service_order_names_its_service_and_a_phone_must_be_a_mobile() {
        let mut order = wish("修楼道灯");
        order.kind = OrderKind::Service;
        order.contact_phone = Some("12345".into());
        assert_eq!(
            check_new_order(&order),
            vec![
                ("contact_phone", FieldProblem::NotAMobileNumber),
                ("service_id", FieldProblem::Required)
            ]
        );
    }

    proptest! {
        #[test]
        fn titles_within_the_limit_pass(title in "\\PC{1,60}") {
            prop_assume!(!title.trim().is_empty());
            prop_assert!(check_new_order(&wish(&title)).is_empty());
        }
    }
}
