//! A service's own questions (its `fields`): reading what the resident typed into typed
//! answers, and checking answers, the same way on the device and on the server.

use std::collections::BTreeMap;

use time::macros::format_description;

use crate::model::{AttributeValue, Field, FieldType};
use crate::schedule::local_datetime;
use crate::validation::{char_len, FieldProblem, ADDRESS_MAX, DESCRIPTION_MAX};

/// What a form control holds: the text typed, or the option keys ticked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Typed {
    #[default]
    Empty,
    Text(String),
    Choices(Vec<String>),
}

/// The answer in `typed` for `field`, or why it is not one. `Ok(None)`: left empty.
pub fn read_typed(field: &Field, typed: &Typed) -> Result<Option<AttributeValue>, FieldProblem> {
    let text = match typed {
        Typed::Empty => return Ok(None),
        Typed::Text(text) if text.trim().is_empty() => return Ok(None),
        Typed::Choices(keys) if keys.is_empty() => return Ok(None),
        Typed::Text(text) => text.trim(),
        Typed::Choices(keys) => {
            return Ok(Some(AttributeValue::Choices(keys.clone())));
        }
    };
    let answer = match field.datatype {
        FieldType::String | FieldType::Text => AttributeValue::Text(text.to_string()),
        FieldType::Number => {
            // Phones' Chinese keyboards type full-width digits.
            let ascii: String = text
                .chars()
                .map(|c| match c {
                    '０'..='９' => char::from(b'0' + (c as u32 - '０' as u32) as u8),
                    '．' => '.',
                    other => other,
                })
                .collect();
            let number = parse_number(&ascii).ok_or(FieldProblem::NotANumber)?;
            if !number.is_finite() {
                return Err(FieldProblem::NotANumber);
            }
            AttributeValue::Number(number)
        }
        FieldType::Date => AttributeValue::Text(text.to_string()),
        // `datetime-local` gives wall time; the contract writes the community's offset.
        FieldType::Datetime => AttributeValue::Text(local_datetime(text)),
        FieldType::Single => AttributeValue::Choices(vec![text.to_string()]),
        FieldType::Multi => AttributeValue::Choices(vec![text.to_string()]),
    };
    Ok(Some(answer))
}

/// A plain decimal (`12`, `-3.5`, `+4`, `.5`, `007`), read through serde_json, which the
/// app carries anyway: `str::parse::<f64>` brings core's float tables, about 14 KiB gzip
/// of wasm (BENCHMARKS.md). Exponents are refused: nobody types `1e3` for a floor.
pub fn parse_number(text: &str) -> Option<f64> {
    let (sign, unsigned) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.strip_prefix('+').unwrap_or(text)),
    };
    let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    if (int.is_empty() && frac.is_empty()) || !digits(int) || !digits(frac) {
        return None;
    }
    // JSON allows no leading zeros and no bare point.
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let json = if frac.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{frac}")
    };
    serde_json::from_str(&json).ok()
}

fn check_one(field: &Field, answer: &AttributeValue) -> Option<FieldProblem> {
    let is_option = |key: &String| field.options.iter().any(|o| &o.key == key);
    match (field.datatype, answer) {
        (FieldType::String, AttributeValue::Text(text)) => {
            (char_len(text) > ADDRESS_MAX).then_some(FieldProblem::TooLong { max: ADDRESS_MAX })
        }
        (FieldType::Text, AttributeValue::Text(text)) => (char_len(text) > DESCRIPTION_MAX)
            .then_some(FieldProblem::TooLong {
                max: DESCRIPTION_MAX,
            }),
        (FieldType::Number, AttributeValue::Number(n)) => {
            (!n.is_finite()).then_some(FieldProblem::NotANumber)
        }
        (FieldType::Number, _) => Some(FieldProblem::NotANumber),
        (FieldType::Date, AttributeValue::Text(text)) => {
            time::Date::parse(text, format_description!("[year]-[month]-[day]"))
                .is_err()
                .then_some(FieldProblem::NotADate)
        }
        (FieldType::Date, _) => Some(FieldProblem::NotADate),
        (FieldType::Datetime, AttributeValue::Text(text)) => {
            (!crate::schedule::is_showable(text)).then_some(FieldProblem::NotATime)
        }
        (FieldType::Datetime, _) => Some(FieldProblem::NotATime),
        (FieldType::Single, AttributeValue::Choices(keys)) => {
            (keys.len() != 1 || !keys.iter().all(is_option)).then_some(FieldProblem::NotAChoice)
        }
        (FieldType::Multi, AttributeValue::Choices(keys)) => {
            (!keys.iter().all(is_option)).then_some(FieldProblem::NotAChoice)
        }
        (FieldType::Single | FieldType::Multi, _) => Some(FieldProblem::NotAChoice),
        // A number typed into a text field is still text the resident meant.
        (FieldType::String | FieldType::Text, _) => None,
    }
}

/// Every problem with the answers to a service's questions, by field code: required ones
/// missing, and answers of the wrong kind. Answers to questions the service does not ask
/// are ignored (an old form after the catalogue changed).
pub fn check_answers(
    fields: &[Field],
    answers: &BTreeMap<String, AttributeValue>,
) -> Vec<(String, FieldProblem)> {
    let mut problems = Vec::new();
    for field in fields {
        match answers.get(&field.code) {
            None if field.required => problems.push((field.code.clone(), FieldProblem::Required)),
            None => {}
            Some(AttributeValue::Choices(keys)) if field.required && keys.is_empty() => {
                problems.push((field.code.clone(), FieldProblem::Required))
            }
            Some(answer) => {
                if let Some(problem) = check_one(field, answer) {
                    problems.push((field.code.clone(), problem));
                }
            }
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::FieldOption;

    fn field(code: &str, datatype: FieldType, required: bool) -> Field {
        Field {
            code: code.into(),
            label: code.into(),
            datatype,
            required,
            options: vec![
                FieldOption {
                    key: "am".into(),
                    label: "上午".into(),
                },
                FieldOption {
                    key: "pm".into(),
                    label: "下午".into(),
                },
            ],
        }
    }

    fn typed(field: &Field, text: &str) -> Result<Option<AttributeValue>, FieldProblem> {
        read_typed(field, &Typed::Text(text.into()))
    }

    #[test]
    fn numbers_accept_full_width_digits_and_refuse_words() {
        let floor = field("floor", FieldType::Number, true);
        assert_eq!(
            typed(&floor, "１２"),
            Ok(Some(AttributeValue::Number(12.0)))
        );
        assert_eq!(
            typed(&floor, " 3.5 "),
            Ok(Some(AttributeValue::Number(3.5)))
        );
        assert_eq!(typed(&floor, "三楼"), Err(FieldProblem::NotANumber));
        assert_eq!(typed(&floor, "  "), Ok(None));
    }

    #[test]
    fn plain_decimals_read_as_the_standard_parser_reads_them() {
        for text in ["12", "-3.5", "+4", ".5", "007", "3.", "0", "123456.789"] {
            let expected: f64 = text.parse().expect("std reads it");
            assert_eq!(parse_number(text), Some(expected), "{text}");
        }
        for bad in ["", ".", "-", "1e3", "1,5", "三", "1.2.3", "--1"] {
            assert_eq!(parse_number(bad), None, "{bad}");
        }
    }

    #[test]
    fn a_local_datetime_gets_the_communitys_offset() {
        let when = field("when", FieldType::Datetime, true);
        let answer = typed(&when, "2026-11-25T09:30")
            .expect("ok")
            .expect("answer");
        assert_eq!(
            answer,
            AttributeValue::Text("2026-11-25T09:30:00+08:00".into())
        );
        assert!(check_answers(&[when], &BTreeMap::from([("when".into(), answer)])).is_empty());
    }

    #[test]
    fn required_missing_wrong_kinds_and_unknown_options_are_named_by_field() {
        let fields = [
            field("floor", FieldType::Number, true),
            field("day", FieldType::Date, true),
            field("slot", FieldType::Single, true),
            field("extras", FieldType::Multi, false),
            field("note", FieldType::Text, false),
        ];
        let answers = BTreeMap::from([
            ("day".to_string(), AttributeValue::Text("2026-02-30".into())),
            (
                "slot".to_string(),
                AttributeValue::Choices(vec!["night".into()]),
            ),
            (
                "extras".to_string(),
                AttributeValue::Choices(vec!["am".into(), "pm".into()]),
            ),
            ("unasked".to_string(), AttributeValue::Number(1.0)),
        ]);
        assert_eq!(
            check_answers(&fields, &answers),
            vec![
                ("floor".to_string(), FieldProblem::Required),
                ("day".to_string(), FieldProblem::NotADate),
                ("slot".to_string(), FieldProblem::NotAChoice),
            ]
        );
    }
}
