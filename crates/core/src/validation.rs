//! What the contract allows in what residents type, checked the same way on the device
//! (at the field, before anything is queued) and on the server.

use crate::lifecycle::{Action, Actor, Step};
use crate::model::{AttributeValue, NewOrder, OrderKind};
use crate::phone::MobileNumber;

pub const TITLE_MAX: usize = 60;
pub const DESCRIPTION_MAX: usize = 1000;
pub const NOTE_MAX: usize = 500;
pub const ADDRESS_MAX: usize = 120;
/// Answers one order may carry: more than any service asks (a form of 50 questions is
/// not a form an elderly resident fills in), few enough to bound what is stored.
pub const ANSWERS_MAX: usize = 50;
/// Options one multiple-choice answer may name, and the length of a question's code.
pub const CHOICES_MAX: usize = 50;
pub const CODE_MAX: usize = 64;
/// The stars a resident gives when confirming an order is done.
pub const RATING_MIN: i64 = 1;
pub const RATING_MAX: i64 = 5;

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
    /// More entries than the field holds (answers, chosen options).
    TooMany {
        max: usize,
    },
    /// A number outside `min..=max`.
    OutOfRange {
        min: i64,
        max: i64,
    },
    /// Control characters (other than line breaks and tabs) that nobody types and that
    /// would garble what the next person reads.
    Unprintable,
    /// Not a number people dial: a mobile, a landline with its area code, a short number.
    NotDialable,
    /// Not an id an admin may choose: 1 to 64 letters, digits, `-` or `_`.
    NotAnId,
    /// The same value twice where each must differ (two contacts' ids, two options' keys).
    Duplicate,
    /// A choice question without options to choose from.
    NoOptions,
    /// Options on a question that is not a choice.
    OptionsNotAllowed,
    /// Not a time of day as `HH:MM`.
    NotAClockTime,
    /// Not a day of the week, 1 (Monday) to 7 (Sunday).
    NotAWeekday,
    /// An end that is not after its start.
    EndsTooEarly,
    /// More days between two dates than allowed.
    SpanTooLong {
        max_days: u32,
    },
    /// More shifts than one request makes.
    TooManyShifts {
        max: usize,
    },
    /// No day of the series falls between its dates.
    NoneInRange,
    /// The resident has not agreed to what is recorded for them.
    ConsentRequired,
    /// Something this person may not change themselves.
    NotChangeable,
    /// Something no one may do to their own account.
    NotOnYourself,
    /// A code or id another record of the community already has: only the server
    /// knows.
    Taken,
    /// A grid, station or service the community does not have (any more): only the
    /// server knows.
    NotHere,
    /// A number registered with another community on the same server.
    OtherCommunity,
    /// Not a check-in code: six letters and digits, as the resident's phone shows it.
    NotACheckInCode,
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
            FieldProblem::TooMany { max } => (texts.field_too_many)(*max),
            FieldProblem::OutOfRange { min, max } => (texts.field_out_of_range)(*min, *max),
            FieldProblem::Unprintable => texts.field_unprintable.to_string(),
            FieldProblem::NotDialable => texts.field_not_dialable.to_string(),
            FieldProblem::NotAnId => texts.field_not_an_id.to_string(),
            FieldProblem::Duplicate => texts.field_duplicate.to_string(),
            FieldProblem::NoOptions => texts.field_no_options.to_string(),
            FieldProblem::OptionsNotAllowed => texts.field_options_not_allowed.to_string(),
            FieldProblem::NotAClockTime => texts.field_not_clock_time.to_string(),
            FieldProblem::NotAWeekday => texts.field_not_weekday.to_string(),
            FieldProblem::EndsTooEarly => texts.field_ends_too_early.to_string(),
            FieldProblem::SpanTooLong { max_days } => (texts.field_span_too_long)(*max_days),
            FieldProblem::TooManyShifts { max } => (texts.field_too_many_shifts)(*max),
            FieldProblem::NoneInRange => texts.field_none_in_range.to_string(),
            FieldProblem::ConsentRequired => texts.field_consent_required.to_string(),
            FieldProblem::NotChangeable => texts.field_not_changeable.to_string(),
            FieldProblem::NotOnYourself => texts.field_not_on_yourself.to_string(),
            FieldProblem::Taken => texts.field_taken.to_string(),
            FieldProblem::NotHere => texts.field_not_here.to_string(),
            FieldProblem::OtherCommunity => texts.field_other_community.to_string(),
            FieldProblem::NotACheckInCode => texts.field_not_check_in_code.to_string(),
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
            FieldProblem::TooMany { max } => format!("at most {max} entries"),
            FieldProblem::OutOfRange { min, max } => format!("from {min} to {max}"),
            FieldProblem::Unprintable => {
                "control characters are not allowed (line breaks and tabs are)".to_string()
            }
            FieldProblem::NotDialable => {
                "a phone number: digits, with + - ( ) or spaces".to_string()
            }
            FieldProblem::NotAnId => "1 to 64 letters, digits, - or _".to_string(),
            FieldProblem::Duplicate => "used twice".to_string(),
            FieldProblem::NoOptions => "a choice needs at least one option".to_string(),
            FieldProblem::OptionsNotAllowed => {
                "only single and multi fields have options".to_string()
            }
            FieldProblem::NotAClockTime => "a time of day as HH:MM".to_string(),
            FieldProblem::NotAWeekday => "days are 1 (Monday) to 7 (Sunday)".to_string(),
            FieldProblem::EndsTooEarly => "must end after it starts".to_string(),
            FieldProblem::SpanTooLong { max_days } => format!("at most {max_days} days"),
            FieldProblem::TooManyShifts { max } => format!("at most {max} shifts at once"),
            FieldProblem::NoneInRange => {
                "none of these weekdays falls between the dates".to_string()
            }
            FieldProblem::ConsentRequired => "the resident's consent is needed (true)".to_string(),
            FieldProblem::NotChangeable => "cannot be changed here".to_string(),
            FieldProblem::NotOnYourself => "not on your own account".to_string(),
            FieldProblem::Taken => "already used by another record of this community".to_string(),
            FieldProblem::NotHere => "not one this community has".to_string(),
            FieldProblem::OtherCommunity => "registered with another community".to_string(),
            FieldProblem::NotACheckInCode => {
                "a check-in code: 6 letters and digits, as the phone shows it".to_string()
            }
        }
    }

    /// The problem whose [`message`](FieldProblem::message) the server sent, when it is
    /// one without figures in it: the reference server says every problem in these
    /// words, so that an app can say it again in its person's language.
    pub fn from_message(message: &str) -> Option<FieldProblem> {
        FieldProblem::WITHOUT_FIGURES
            .into_iter()
            .find(|problem| problem.message() == message)
    }

    /// Every problem whose message has no figures in it.
    const WITHOUT_FIGURES: [FieldProblem; 23] = [
        FieldProblem::Required,
        FieldProblem::NotAMobileNumber,
        FieldProblem::NotANumber,
        FieldProblem::NotADate,
        FieldProblem::NotATime,
        FieldProblem::NotAChoice,
        FieldProblem::Unprintable,
        FieldProblem::NotDialable,
        FieldProblem::NotAnId,
        FieldProblem::Duplicate,
        FieldProblem::NoOptions,
        FieldProblem::OptionsNotAllowed,
        FieldProblem::NotAClockTime,
        FieldProblem::NotAWeekday,
        FieldProblem::EndsTooEarly,
        FieldProblem::NoneInRange,
        FieldProblem::ConsentRequired,
        FieldProblem::NotChangeable,
        FieldProblem::NotOnYourself,
        FieldProblem::Taken,
        FieldProblem::NotHere,
        FieldProblem::OtherCommunity,
        FieldProblem::NotACheckInCode,
    ];
}

/// What a server said at one field, in the person's language where it used the words of
/// a [`FieldProblem`] (the reference server always does); another server's own words
/// as they came.
pub fn server_words(said: &[String], texts: &crate::i18n::Texts) -> String {
    said.iter()
        .map(|message| match FieldProblem::from_message(message) {
            Some(problem) => problem.localized(texts),
            None => message.clone(),
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// Length in characters (not bytes) after trimming, as the contract counts.
pub fn char_len(text: &str) -> usize {
    text.trim().chars().count()
}

/// Characters that take no room on the screen: zero-width spaces and joiners, word
/// joiners, the byte-order mark, soft hyphens, bidirectional marks and fillers. A title
/// of nothing but these looks empty to everyone who reads it.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || matches!(c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}'
            | '\u{17B5}' | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}')
}

/// Whether `text` shows nothing: empty, or only white space and invisible characters.
pub fn is_blank(text: &str) -> bool {
    text.chars().all(is_invisible)
}

/// Whether `text` holds control characters other than line breaks and tabs.
pub fn has_control_chars(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

fn check_len(
    problems: &mut Vec<(&'static str, FieldProblem)>,
    field: &'static str,
    text: &str,
    max: usize,
) {
    if char_len(text) > max {
        problems.push((field, FieldProblem::TooLong { max }));
    } else if has_control_chars(text) {
        problems.push((field, FieldProblem::Unprintable));
    }
}

/// A note on a step (a reason, a reply): at most [`NOTE_MAX`] characters, printable.
pub fn check_note(note: &str) -> Option<FieldProblem> {
    if char_len(note) > NOTE_MAX {
        Some(FieldProblem::TooLong { max: NOTE_MAX })
    } else if has_control_chars(note) {
        Some(FieldProblem::Unprintable)
    } else {
        None
    }
}

/// A time the resident would like: RFC 3339 with its offset, as the contract writes
/// times. Blank means none.
pub fn check_preferred_time(text: &str) -> Option<FieldProblem> {
    let text = text.trim();
    let fine = text.is_empty() || crate::schedule::is_showable(text);
    (!fine).then_some(FieldProblem::NotATime)
}

/// The size of the answers, whatever the service asks: a bounded number of answers with
/// short codes, text within the longest field's limit, a bounded number of choices.
/// Whether each answer fits its question is [`crate::service_form::check_answers`].
fn check_answers_size(
    problems: &mut Vec<(&'static str, FieldProblem)>,
    answers: &std::collections::BTreeMap<String, AttributeValue>,
) {
    if answers.len() > ANSWERS_MAX {
        problems.push(("attributes", FieldProblem::TooMany { max: ANSWERS_MAX }));
        return;
    }
    for (code, answer) in answers {
        let problem = match answer {
            _ if code.chars().count() > CODE_MAX || has_control_chars(code) => {
                Some(FieldProblem::NotAChoice)
            }
            AttributeValue::Text(text) if char_len(text) > DESCRIPTION_MAX => {
                Some(FieldProblem::TooLong {
                    max: DESCRIPTION_MAX,
                })
            }
            AttributeValue::Text(text) if has_control_chars(text) => {
                Some(FieldProblem::Unprintable)
            }
            AttributeValue::Choices(keys) if keys.len() > CHOICES_MAX => {
                Some(FieldProblem::TooMany { max: CHOICES_MAX })
            }
            AttributeValue::Choices(keys)
                if keys
                    .iter()
                    .any(|k| k.chars().count() > CODE_MAX || has_control_chars(k)) =>
            {
                Some(FieldProblem::NotAChoice)
            }
            _ => None,
        };
        if let Some(problem) = problem {
            problems.push(("attributes", problem));
            return;
        }
    }
}

/// Every problem with a lifecycle step, by the field of the contract's transition request:
/// a reason where the action must say why (declining, reopening, rejecting), a note of at
/// most [`NOTE_MAX`] printable characters, a rating of [`RATING_MIN`] to [`RATING_MAX`]
/// stars with a confirmation, and the volunteer a dispatch goes to. Whether the person
/// may take the step at all is [`crate::lifecycle::next_status`]'s question.
///
/// These are the rules for the order's owner and the staff; someone confirming an order
/// they filed on its owner's behalf has their own: [`check_transition_as`].
pub fn check_transition(step: &Step) -> Vec<(&'static str, FieldProblem)> {
    check_transition_as(step, Actor::default())
}

/// [`check_transition`] for `actor` as they stand to the order. The one difference:
/// confirming an order filed on its owner's behalf, by its filer
/// ([`Actor::is_filer_for_owner`]), needs a note saying how they know it is done
/// ("confirmed by phone with her"), and the rating is the owner's to give: it may be
/// left out, and is [`RATING_MIN`] to [`RATING_MAX`] stars when given.
pub fn check_transition_as(step: &Step, actor: Actor) -> Vec<(&'static str, FieldProblem)> {
    let mut problems = Vec::new();
    let note = step.note.as_deref().unwrap_or("");
    let for_owner = step.action == Action::Confirm && actor.is_filer_for_owner();
    if (step.action.needs_note() || for_owner) && is_blank(note) {
        problems.push(("note", FieldProblem::Required));
    } else if let Some(problem) = check_note(note) {
        problems.push(("note", problem));
    }
    let stars_fine = |stars: i64| (RATING_MIN..=RATING_MAX).contains(&stars);
    let rating_fine = if for_owner {
        step.rating.is_none_or(stars_fine)
    } else {
        step.rating.is_some_and(stars_fine)
    };
    if step.action == Action::Confirm && !rating_fine {
        problems.push((
            "rating",
            FieldProblem::OutOfRange {
                min: RATING_MIN,
                max: RATING_MAX,
            },
        ));
    }
    if step.action == Action::Dispatch
        && step
            .assignee_id
            .as_deref()
            .is_none_or(|id| id.trim().is_empty())
    {
        problems.push(("assignee_id", FieldProblem::Required));
    }
    problems
}

/// Every problem with a new order's own fields, by field. Whether the service exists and
/// its required questions are answered needs the catalogue: see the server and the app.
pub fn check_new_order(order: &NewOrder) -> Vec<(&'static str, FieldProblem)> {
    let mut problems = Vec::new();
    if is_blank(&order.title) {
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
    if let Some(problem) = order
        .preferred_time
        .as_deref()
        .and_then(check_preferred_time)
    {
        problems.push(("preferred_time", problem));
    }
    check_answers_size(&mut problems, &order.attributes);
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
    check_on_behalf(&mut problems, order);
    problems
}

/// The longest name given for a resident an order is filed for.
pub const FILED_FOR_NAME_MAX: usize = 30;

/// An order filed on a resident's behalf names them by a mobile number (and a name, if
/// given) and says how it reached the community: both `on_behalf_of` and `channel`, or
/// neither. Their consent is needed to make them an account, which only the server knows
/// it will ([`crate::order_form::on_behalf`] asks for it every time).
fn check_on_behalf(problems: &mut Vec<(&'static str, FieldProblem)>, order: &NewOrder) {
    match (&order.on_behalf_of, order.channel) {
        (Some(_), None) => problems.push(("channel", FieldProblem::Required)),
        (None, Some(_)) => problems.push(("on_behalf_of", FieldProblem::Required)),
        _ => {}
    }
    let Some(resident) = &order.on_behalf_of else {
        return;
    };
    if MobileNumber::parse(&resident.phone).is_err() {
        problems.push(("on_behalf_of.phone", FieldProblem::NotAMobileNumber));
    }
    if let Some(name) = &resident.name {
        check_len(problems, "on_behalf_of.name", name, FILED_FOR_NAME_MAX);
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn every_problem_without_figures_is_known_again_by_its_words() {
        let mut seen = std::collections::BTreeSet::new();
        for problem in FieldProblem::WITHOUT_FIGURES {
            assert_eq!(
                FieldProblem::from_message(&problem.message()),
                Some(problem.clone())
            );
            assert!(
                seen.insert(problem.message()),
                "{problem:?} shares its words"
            );
        }
        assert_eq!(FieldProblem::from_message("at most 30 characters"), None);
        let zh = crate::i18n::texts(crate::i18n::Lang::ZhHans);
        assert_eq!(
            server_words(
                &[FieldProblem::NotHere.message(), "its own words".into()],
                zh
            ),
            "社区里没有这一项，可能刚被删掉了; its own words"
        );
    }
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
            on_behalf_of: None,
            channel: None,
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

    #[test]
    fn a_title_of_invisible_characters_is_missing() {
        for title in [
            "\u{200B}\u{200B}",
            "\u{FEFF}",
            " \u{2060}\u{200D} ",
            "\u{3164}",
        ] {
            assert_eq!(
                check_new_order(&wish(title)),
                vec![("title", FieldProblem::Required)],
                "{title:?}"
            );
        }
        // A visible character among them is a title.
        assert!(check_new_order(&wish("\u{200B}灯")).is_empty());
    }

    #[test]
    fn control_characters_are_refused_line_breaks_are_not() {
        assert_eq!(
            check_new_order(&wish("灯\u{0007}")),
            vec![("title", FieldProblem::Unprintable)]
        );
        let mut order = wish("修灯");
        order.description = "一楼\n二楼\t三楼".into();
        assert!(check_new_order(&order).is_empty());
        order.description = "\u{001B}[2J".into();
        assert_eq!(
            check_new_order(&order),
            vec![("description", FieldProblem::Unprintable)]
        );
    }

    #[test]
    fn a_preferred_time_is_a_time_with_its_offset() {
        let mut order = wish("买菜");
        order.preferred_time = Some("2026-12-01T09:00:00+08:00".into());
        assert!(check_new_order(&order).is_empty());
        for bad in [
            "明天上午",
            "2026-12-01T09:00",
            "9999-12-31T23:59:00-23:59",
            &"9".repeat(5000),
        ] {
            order.preferred_time = Some(bad.to_string());
            assert_eq!(
                check_new_order(&order),
                vec![("preferred_time", FieldProblem::NotATime)]
            );
        }
    }

    #[test]
    fn answers_are_bounded_in_number_and_size() {
        let mut order = wish("买菜");
        order.attributes = (0..=ANSWERS_MAX)
            .map(|i| (format!("q{i}"), AttributeValue::Number(1.0)))
            .collect();
        assert_eq!(
            check_new_order(&order),
            vec![("attributes", FieldProblem::TooMany { max: ANSWERS_MAX })]
        );
        order.attributes = [(
            "note".to_string(),
            AttributeValue::Text("字".repeat(60_000)),
        )]
        .into_iter()
        .collect();
        assert_eq!(
            check_new_order(&order),
            vec![(
                "attributes",
                FieldProblem::TooLong {
                    max: DESCRIPTION_MAX
                }
            )]
        );
        order.attributes = [("k".repeat(65), AttributeValue::Number(1.0))]
            .into_iter()
            .collect();
        assert_eq!(
            check_new_order(&order),
            vec![("attributes", FieldProblem::NotAChoice)]
        );
    }

    #[test]
    fn every_problem_is_said_in_every_language_and_in_the_servers_english() {
        use crate::i18n::{texts, Lang};
        let all = [
            FieldProblem::Required,
            FieldProblem::TooLong { max: 60 },
            FieldProblem::NotAMobileNumber,
            FieldProblem::NotANumber,
            FieldProblem::NotADate,
            FieldProblem::NotATime,
            FieldProblem::NotAChoice,
            FieldProblem::TooMany { max: 50 },
            FieldProblem::OutOfRange { min: 1, max: 5 },
            FieldProblem::Unprintable,
            FieldProblem::NotDialable,
            FieldProblem::NotAnId,
            FieldProblem::Duplicate,
            FieldProblem::NoOptions,
            FieldProblem::OptionsNotAllowed,
            FieldProblem::NotAClockTime,
            FieldProblem::NotAWeekday,
            FieldProblem::EndsTooEarly,
            FieldProblem::SpanTooLong { max_days: 366 },
            FieldProblem::TooManyShifts { max: 200 },
            FieldProblem::NoneInRange,
            FieldProblem::ConsentRequired,
            FieldProblem::NotChangeable,
            FieldProblem::NotOnYourself,
            FieldProblem::Taken,
            FieldProblem::NotHere,
            FieldProblem::OtherCommunity,
            FieldProblem::NotACheckInCode,
        ];
        for problem in &all {
            assert!(!problem.message().is_empty(), "{problem:?}");
            let said: Vec<String> = [Lang::ZhHans, Lang::ZhHant, Lang::En]
                .into_iter()
                .map(|lang| problem.localized(texts(lang)))
                .collect();
            assert!(said.iter().all(|s| !s.trim().is_empty()), "{problem:?}");
            assert_ne!(said[0], said[2], "{problem:?} in English");
        }
        // Each says something of its own in each language.
        for lang in [Lang::ZhHans, Lang::ZhHant, Lang::En] {
            let mut said: Vec<String> = all.iter().map(|p| p.localized(texts(lang))).collect();
            said.sort();
            said.dedup();
            assert_eq!(said.len(), all.len(), "{lang:?}");
        }
    }

    #[test]
    fn an_order_filed_for_a_resident_names_them_and_how_it_came() {
        use crate::model::{Channel, OnBehalfOf};
        let mut order = wish("帮我买药");
        order.on_behalf_of = Some(OnBehalfOf {
            phone: "+86 139 0000 0009".into(),
            name: Some("赵奶奶".into()),
            consent: true,
        });
        assert_eq!(
            check_new_order(&order),
            vec![("channel", FieldProblem::Required)]
        );
        order.channel = Some(Channel::Phone);
        assert!(check_new_order(&order).is_empty());
        order.on_behalf_of = Some(OnBehalfOf {
            phone: "12345".into(),
            name: Some("名".repeat(31)),
            consent: false,
        });
        assert_eq!(
            check_new_order(&order),
            vec![
                ("on_behalf_of.phone", FieldProblem::NotAMobileNumber),
                ("on_behalf_of.name", FieldProblem::TooLong { max: 30 }),
            ]
        );
        order.on_behalf_of = None;
        assert_eq!(
            check_new_order(&order),
            vec![("on_behalf_of", FieldProblem::Required)]
        );
    }

    #[test]
    fn the_filer_confirms_with_a_note_and_the_rating_is_the_owners_to_give() {
        use crate::model::Role;
        let filer = Actor {
            filed_as: Some(Role::GridWorker),
            ..Actor::default()
        };
        let bare = Step::new(Action::Confirm);
        assert_eq!(
            check_transition_as(&bare, filer),
            vec![("note", FieldProblem::Required)]
        );
        assert!(check_transition_as(&bare.clone().noting("电话里和她确认了"), filer).is_empty());
        assert_eq!(
            check_transition_as(&bare.clone().noting("确认了").rated(6), filer),
            vec![(
                "rating",
                FieldProblem::OutOfRange {
                    min: RATING_MIN,
                    max: RATING_MAX
                }
            )]
        );
        // The owner rates, and needs no note.
        let owner = Actor {
            is_owner: true,
            ..filer
        };
        assert_eq!(check_transition_as(&bare, owner), check_transition(&bare));
        assert!(check_transition_as(&bare.clone().rated(5), owner).is_empty());
    }

    proptest! {
        #[test]
        fn titles_within_the_limit_pass(title in "\\PC{1,60}") {
            // Fillers and variation selectors alone show nothing: not a title.
            prop_assume!(!is_blank(&title));
            prop_assert!(check_new_order(&wish(&title)).is_empty());
        }

        #[test]
        fn a_title_of_only_invisible_characters_is_always_missing(
            title in "[\\u{200B}-\\u{200F}\\u{2060}-\\u{2064}\\u{FEFF}\\u{3164}\\u{FE00}-\\u{FE0F} \\t\\n]{1,20}"
        ) {
            prop_assert_eq!(
                check_new_order(&wish(&title)),
                vec![("title", FieldProblem::Required)]
            );
        }
    }
}
