//! Building a new order from what a resident typed into a form: the service form (its
//! own questions included) and the micro-wish form. The pages hand over the text as
//! typed; what is trimmed, dropped when blank, or converted to the contract's spelling
//! is decided here, and the result is checked by the same rules the engine and the
//! server apply ([`check_order`]).

use std::collections::BTreeMap;

use crate::model::{Channel, Field, NewOrder, OnBehalfOf, OrderKind, Service};
use crate::phone::MobileNumber;
use crate::schedule::local_datetime;
use crate::service_form::{check_answers, read_typed, Typed};
use crate::validation::{check_new_order, FieldProblem};

/// Problems by the name of the form control they belong to: `title`, `contact_phone`,
/// `attributes.<code>` for a service's own question.
pub type Problems = Vec<(String, FieldProblem)>;

/// The name under which a problem with a service's question `code` is reported, by the
/// app at the control and by the server in problem+json.
pub fn answer_field(code: &str) -> String {
    format!("attributes.{code}")
}

/// What a resident typed into an order form, control by control, untrimmed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OrderForm {
    pub title: String,
    pub description: String,
    pub address: String,
    pub contact_phone: String,
    /// A `datetime-local` value (`2026-11-25T09:30`), in the community's wall time.
    pub preferred_time: String,
    /// A service's own questions, by field code.
    pub answers: BTreeMap<String, Typed>,
}

fn optional(text: &str) -> Option<String> {
    let trimmed = text.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_string())
}

/// `datetime-local` gives the community's wall time; the contract wants RFC 3339. Other
/// text is left as typed, for the check to name.
fn preferred_time(typed: &str) -> Option<String> {
    optional(typed).map(|typed| local_datetime(&typed))
}

/// Every problem with `order`: its own fields, and the answers to `fields`, the
/// questions of its service (none for a wish, or where the service is not known here).
pub fn check_order(fields: &[Field], order: &NewOrder) -> Problems {
    let mut problems: Problems = check_new_order(order)
        .into_iter()
        .map(|(field, problem)| (field.to_string(), problem))
        .collect();
    problems.extend(
        check_answers(fields, &order.attributes)
            .into_iter()
            .map(|(code, problem)| (answer_field(&code), problem)),
    );
    problems
}

/// The order `form` asks of `service`, or every problem with what was typed, each by
/// its control (a question that cannot be read is named once, for why it cannot).
pub fn service_order(service: &Service, form: &OrderForm) -> Result<NewOrder, Problems> {
    let mut unreadable = Problems::new();
    let mut attributes = BTreeMap::new();
    for field in &service.fields {
        let typed = form.answers.get(&field.code).cloned().unwrap_or_default();
        match read_typed(field, &typed) {
            Ok(Some(answer)) => {
                attributes.insert(field.code.clone(), answer);
            }
            Ok(None) => {}
            Err(problem) => unreadable.push((answer_field(&field.code), problem)),
        }
    }
    let order = NewOrder {
        kind: OrderKind::Service,
        service_id: Some(service.id.clone()),
        title: form.title.trim().to_string(),
        description: form.description.trim().to_string(),
        address: optional(&form.address),
        contact_phone: optional(&form.contact_phone),
        preferred_time: preferred_time(&form.preferred_time),
        attributes,
        on_behalf_of: None,
        channel: None,
    };
    let mut problems = unreadable;
    for (field, problem) in check_order(&service.fields, &order) {
        if !problems.iter().any(|(named, _)| *named == field) {
            problems.push((field, problem));
        }
    }
    if problems.is_empty() {
        Ok(order)
    } else {
        Err(problems)
    }
}

/// The micro-wish `form` describes, or every problem with what was typed.
pub fn wish_order(form: &OrderForm) -> Result<NewOrder, Problems> {
    let order = NewOrder {
        kind: OrderKind::Wish,
        service_id: None,
        title: form.title.trim().to_string(),
        description: form.description.trim().to_string(),
        address: optional(&form.address),
        contact_phone: optional(&form.contact_phone),
        preferred_time: preferred_time(&form.preferred_time),
        attributes: BTreeMap::new(),
        on_behalf_of: None,
        channel: None,
    };
    let problems = check_order(&[], &order);
    if problems.is_empty() {
        Ok(order)
    } else {
        Err(problems)
    }
}

/// Who an order is filed for by staff (事务代办), as typed at the workbench: the
/// resident's number and name, whether they agreed, and how the request came.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OnBehalfForm {
    pub phone: String,
    pub name: String,
    /// The resident agreed that the community keeps their number and name.
    pub consent: bool,
    pub channel: Option<Channel>,
}

/// `order` (built by [`service_order`] or [`wish_order`]) filed for the resident `form`
/// names, or every problem with what was typed, by control: `on_behalf_of.phone` (a
/// mobile number, stored as its 11 digits), `on_behalf_of.name`, `on_behalf_of.consent`
/// (asked every time, though the server needs it only to make the resident an account)
/// and `channel`. Without a contact phone of its own, the order gives the resident's.
pub fn on_behalf(mut order: NewOrder, form: &OnBehalfForm) -> Result<NewOrder, Problems> {
    let phone = MobileNumber::parse(&form.phone)
        .map(|n| n.as_str().to_string())
        .unwrap_or_else(|_| form.phone.trim().to_string());
    if order.contact_phone.is_none() && MobileNumber::parse(&phone).is_ok() {
        order.contact_phone = Some(phone.clone());
    }
    order.on_behalf_of = Some(OnBehalfOf {
        phone,
        name: optional(&form.name),
        consent: form.consent,
    });
    order.channel = form.channel;
    let mut problems = check_order(&[], &order);
    // The service's own questions were checked when `order` was built.
    problems.retain(|(field, _)| !field.starts_with("attributes."));
    if !form.consent {
        problems.push((
            "on_behalf_of.consent".to_string(),
            FieldProblem::ConsentRequired,
        ));
    }
    if problems.is_empty() {
        Ok(order)
    } else {
        Err(problems)
    }
}

/// What is wrong with the resident's part of a form filed on their behalf (their phone,
/// name, consent, and the channel), on its own: with the order's own problems, every
/// problem of the form is said at once.
pub fn check_on_behalf(form: &OnBehalfForm) -> Problems {
    let order = NewOrder {
        kind: OrderKind::Wish,
        service_id: None,
        title: "-".to_string(),
        description: String::new(),
        address: None,
        contact_phone: None,
        preferred_time: None,
        attributes: BTreeMap::new(),
        on_behalf_of: None,
        channel: None,
    };
    match on_behalf(order, form) {
        Ok(_) => Vec::new(),
        Err(problems) => problems
            .into_iter()
            .filter(|(field, _)| field.starts_with("on_behalf_of") || field == "channel")
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AttributeValue, FieldType, ServiceKind};

    fn stairwell_light() -> Service {
        Service {
            id: "s-light".into(),
            code: "light".into(),
            name: "楼道灯维修".into(),
            category: "维修".into(),
            kind: ServiceKind::Direct,
            description: String::new(),
            sla_hours: Some(24),
            active: true,
            updated_at: "2026-11-01T00:00:00+08:00".into(),
            fields: vec![Field {
                code: "floor".into(),
                label: "楼层".into(),
                datatype: FieldType::Number,
                required: true,
                options: Vec::new(),
            }],
        }
    }

    #[test]
    fn a_service_order_is_trimmed_its_answers_typed_and_blank_optionals_dropped() {
        let form = OrderForm {
            title: "  楼道灯不亮 ".into(),
            description: " 三楼 ".into(),
            address: "   ".into(),
            contact_phone: " 13800000001 ".into(),
            answers: BTreeMap::from([("floor".into(), Typed::Text("３".into()))]),
            ..OrderForm::default()
        };
        let order = service_order(&stairwell_light(), &form).expect("a good form");
        assert_eq!(order.title, "楼道灯不亮");
        assert_eq!(order.description, "三楼");
        assert_eq!(order.address, None);
        assert_eq!(order.contact_phone.as_deref(), Some("13800000001"));
        assert_eq!(order.service_id.as_deref(), Some("s-light"));
        assert_eq!(
            order.attributes.get("floor"),
            Some(&AttributeValue::Number(3.0))
        );
    }

    #[test]
    fn every_problem_is_named_by_its_control_and_an_unreadable_answer_once() {
        let form = OrderForm {
            title: " ".into(),
            contact_phone: "12345".into(),
            answers: BTreeMap::from([("floor".into(), Typed::Text("三楼".into()))]),
            ..OrderForm::default()
        };
        let problems = service_order(&stairwell_light(), &form).expect_err("problems");
        assert_eq!(
            problems,
            vec![
                ("attributes.floor".into(), FieldProblem::NotANumber),
                ("title".into(), FieldProblem::Required),
                ("contact_phone".into(), FieldProblem::NotAMobileNumber),
            ]
        );
        let unanswered = OrderForm {
            title: "灯".into(),
            ..OrderForm::default()
        };
        assert_eq!(
            service_order(&stairwell_light(), &unanswered),
            Err(vec![("attributes.floor".into(), FieldProblem::Required)])
        );
    }

    #[test]
    fn an_order_filed_for_a_resident_asks_their_consent_and_how_it_came() {
        let wish = wish_order(&OrderForm {
            title: "帮忙买药".into(),
            ..OrderForm::default()
        })
        .expect("a good wish");
        let form = OnBehalfForm {
            phone: " 139-0000-0009 ".into(),
            name: " 赵奶奶 ".into(),
            consent: true,
            channel: Some(Channel::Phone),
        };
        let filed = on_behalf(wish.clone(), &form).expect("a good filing");
        let resident = filed.on_behalf_of.clone().expect("on behalf of");
        assert_eq!(resident.phone, "13900000009");
        assert_eq!(resident.name.as_deref(), Some("赵奶奶"));
        assert_eq!(filed.channel, Some(Channel::Phone));
        assert_eq!(filed.contact_phone.as_deref(), Some("13900000009"));
        let refused = OnBehalfForm {
            phone: "1390000".into(),
            name: String::new(),
            consent: false,
            channel: None,
        };
        assert_eq!(
            on_behalf(wish, &refused),
            Err(vec![
                ("channel".into(), FieldProblem::Required),
                ("on_behalf_of.phone".into(), FieldProblem::NotAMobileNumber),
                ("on_behalf_of.consent".into(), FieldProblem::ConsentRequired),
            ])
        );
    }

    #[test]
    fn a_wish_takes_the_wall_time_in_the_communitys_offset_and_names_a_partial_one() {
        let form = OrderForm {
            title: "陪我去医院".into(),
            preferred_time: "2026-12-01T09:30".into(),
            ..OrderForm::default()
        };
        let wish = wish_order(&form).expect("a good wish");
        assert_eq!(wish.kind, OrderKind::Wish);
        assert_eq!(
            wish.preferred_time.as_deref(),
            Some("2026-12-01T09:30:00+08:00")
        );
        let partial = OrderForm {
            preferred_time: "2026-12-01T09".into(),
            ..form
        };
        assert_eq!(
            wish_order(&partial),
            Err(vec![("preferred_time".into(), FieldProblem::NotATime)])
        );
    }
}
