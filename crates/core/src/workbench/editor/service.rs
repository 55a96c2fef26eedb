//! A service of the catalogue as the workbench's editor holds it while someone types,
//! and the [`Service`] it becomes. Options are typed one per line; an option whose text
//! is kept keeps its key, so the answers of orders already made still name it.

use crate::model::{Field, FieldOption, FieldType, Service, ServiceKind};
use crate::order_form::Problems;
use crate::validation::FieldProblem;
use crate::workbench::services::{check, ServiceBody};

/// One question as typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionDraft {
    pub code: String,
    pub label: String,
    pub datatype: FieldType,
    pub required: bool,
    /// One option per line.
    pub options: String,
}

/// A service as typed in the editor.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServiceDraft {
    pub id: String,
    pub code: String,
    pub name: String,
    pub category: String,
    pub kind: ServiceKind,
    pub description: String,
    /// Hours as typed; empty for no promise.
    pub sla_hours: String,
    pub active: bool,
    pub questions: Vec<QuestionDraft>,
}

impl QuestionDraft {
    /// A new question of a service that has `taken` codes already.
    pub fn blank(taken: &[QuestionDraft]) -> QuestionDraft {
        QuestionDraft {
            code: next_code("q", taken.iter().map(|q| q.code.as_str())),
            label: String::new(),
            datatype: FieldType::String,
            required: false,
            options: String::new(),
        }
    }

    /// Whether the question is answered by choosing (its options are asked for).
    pub fn is_choice(&self) -> bool {
        matches!(self.datatype, FieldType::Single | FieldType::Multi)
    }
}

impl ServiceDraft {
    /// The editor open on `service`.
    pub fn of(service: &Service) -> ServiceDraft {
        ServiceDraft {
            id: service.id.clone(),
            code: service.code.clone(),
            name: service.name.clone(),
            category: service.category.clone(),
            kind: service.kind,
            description: service.description.clone(),
            sla_hours: service.sla_hours.map(|h| h.to_string()).unwrap_or_default(),
            active: service.active,
            questions: service
                .fields
                .iter()
                .map(|field| QuestionDraft {
                    code: field.code.clone(),
                    label: field.label.clone(),
                    datatype: field.datatype,
                    required: field.required,
                    options: field
                        .options
                        .iter()
                        .map(|option| option.label.as_str())
                        .collect::<Vec<_>>()
                        .join("\n"),
                })
                .collect(),
        }
    }

    /// A new service of `kind` beside the `catalogue`, under `fresh`, an id the device
    /// just made, with the next code of its kind (D, P, S).
    pub fn blank(kind: ServiceKind, catalogue: &[Service], fresh: &str) -> ServiceDraft {
        let prefix = match kind {
            ServiceKind::Direct => "D",
            ServiceKind::Proxy => "P",
            ServiceKind::Special => "S",
        };
        // The id is one the device just made, as a grid's (`GridDraft::blank`): two
        // admins counting from the same catalogue must not write the same record. The
        // code people read is counted; a code taken meanwhile is refused at its field.
        let id = format!("svc-{fresh}");
        let code = next_code(prefix, catalogue.iter().map(|s| s.code.as_str()));
        ServiceDraft {
            id,
            code,
            name: String::new(),
            category: String::new(),
            kind,
            description: String::new(),
            sla_hours: String::new(),
            active: true,
            questions: Vec::new(),
        }
    }

    /// The questions as the resident's form will ask them (the editor's preview draws
    /// them as they are typed).
    pub fn fields(&self, before: Option<&Service>) -> Vec<Field> {
        self.questions
            .iter()
            .map(|question| {
                let kept = before
                    .and_then(|service| service.fields.iter().find(|f| f.code == question.code));
                Field {
                    code: question.code.trim().to_string(),
                    label: question.label.trim().to_string(),
                    datatype: question.datatype,
                    required: question.required,
                    options: if question.is_choice() {
                        options(&question.options, kept.map(|f| f.options.as_slice()))
                    } else {
                        Vec::new()
                    },
                }
            })
            .collect()
    }

    /// The service this draft describes, checked by the rules the server applies
    /// ([`check`]): text trimmed, options keyed. `before` is the service as it was, whose
    /// option keys are kept for options whose text is kept. Hours that are not a whole
    /// number are said at `sla_hours`.
    pub fn to_service(&self, before: Option<&Service>) -> Result<Service, Problems> {
        let sla_hours = match self.sla_hours.trim() {
            "" => None,
            typed => match typed.parse::<u32>() {
                Ok(hours) => Some(hours),
                Err(_) => return Err(vec![("sla_hours".to_string(), FieldProblem::NotANumber)]),
            },
        };
        let body = ServiceBody {
            id: None,
            updated_at: None,
            code: self.code.trim().to_string(),
            name: self.name.trim().to_string(),
            category: self.category.trim().to_string(),
            kind: self.kind,
            description: self.description.trim().to_string(),
            sla_hours,
            fields: self.fields(before),
            active: self.active,
        };
        let problems = check(&body);
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Service {
            id: self.id.clone(),
            code: body.code,
            name: body.name,
            category: body.category,
            kind: body.kind,
            description: body.description,
            sla_hours: body.sla_hours,
            fields: body.fields,
            active: body.active,
            updated_at: before.map(|s| s.updated_at.clone()).unwrap_or_default(),
        })
    }
}

/// The options typed one per line (blank lines left out), each keeping the key it had
/// where its text is unchanged, the others keyed anew.
fn options(typed: &str, before: Option<&[FieldOption]>) -> Vec<FieldOption> {
    let before = before.unwrap_or_default();
    let mut made: Vec<FieldOption> = Vec::new();
    for label in typed.lines().map(str::trim).filter(|l| !l.is_empty()) {
        let kept = before
            .iter()
            .find(|option| option.label == label && !made.iter().any(|m| m.key == option.key));
        let key = match kept {
            Some(option) => option.key.clone(),
            None => next_code(
                "o",
                before
                    .iter()
                    .map(|o| o.key.as_str())
                    .chain(made.iter().map(|o| o.key.as_str())),
            ),
        };
        made.push(FieldOption {
            key,
            label: label.to_string(),
        });
    }
    made
}

/// `<prefix><n>` (two digits at least, as the catalogue's own ids) for the first `n`
/// from 1 that none of `taken` is.
fn next_code<'a>(prefix: &str, taken: impl Iterator<Item = &'a str> + Clone) -> String {
    super::next_id(prefix, 2, taken)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service() -> Service {
        Service {
            id: "svc-p01".into(),
            code: "P01".into(),
            name: "代缴水电费".into(),
            category: "代办".into(),
            kind: ServiceKind::Proxy,
            description: String::new(),
            sla_hours: Some(48),
            fields: vec![Field {
                code: "utility".into(),
                label: "缴哪一项".into(),
                datatype: FieldType::Single,
                required: true,
                options: vec![
                    FieldOption {
                        key: "water".into(),
                        label: "水费".into(),
                    },
                    FieldOption {
                        key: "power".into(),
                        label: "电费".into(),
                    },
                ],
            }],
            active: true,
            updated_at: "2026-11-01T09:00:00+08:00".into(),
        }
    }

    #[test]
    fn an_unchanged_draft_is_the_service_it_opened() {
        let before = service();
        assert_eq!(
            ServiceDraft::of(&before).to_service(Some(&before)),
            Ok(before)
        );
    }

    #[test]
    fn options_whose_text_is_kept_keep_their_keys_and_new_ones_get_new_keys() {
        let before = service();
        let mut draft = ServiceDraft::of(&before);
        draft.questions[0].options = "电费\n\n燃气费\n水费".into();
        let after = draft.to_service(Some(&before)).expect("valid");
        let keys: Vec<(&str, &str)> = after.fields[0]
            .options
            .iter()
            .map(|o| (o.key.as_str(), o.label.as_str()))
            .collect();
        assert_eq!(
            keys,
            [("power", "电费"), ("o01", "燃气费"), ("water", "水费")]
        );
    }

    #[test]
    fn the_server_s_rules_are_said_at_the_fields_before_anything_is_sent() {
        let mut draft = ServiceDraft::blank(
            ServiceKind::Direct,
            &[],
            "0193a1b2-0000-7000-8000-000000000004",
        );
        draft.questions.push(QuestionDraft::blank(&draft.questions));
        draft.questions[0].datatype = FieldType::Single;
        let problems = draft.to_service(None).expect_err("empty");
        let fields: Vec<&str> = problems.iter().map(|(field, _)| field.as_str()).collect();
        for field in ["name", "category", "fields[0].label", "fields[0].options"] {
            assert!(fields.contains(&field), "{field} in {fields:?}");
        }
    }

    #[test]
    fn a_promise_must_be_whole_hours_in_range_or_nothing() {
        let mut draft = ServiceDraft::of(&service());
        draft.sla_hours = "两天".into();
        assert_eq!(
            draft.to_service(None),
            Err(vec![("sla_hours".into(), FieldProblem::NotANumber)])
        );
        draft.sla_hours = "0".into();
        assert!(draft.to_service(None).is_err());
        draft.sla_hours = "99999999999".into();
        assert!(draft.to_service(None).is_err());
        draft.sla_hours = "9000".into();
        assert!(draft.to_service(None).is_err());
        draft.sla_hours = " ".into();
        assert_eq!(draft.to_service(None).map(|s| s.sla_hours), Ok(None));
    }

    #[test]
    fn a_new_service_takes_an_id_and_code_nobody_uses_and_text_questions_have_no_options() {
        let catalogue = vec![service()];
        let mut draft = ServiceDraft::blank(
            ServiceKind::Proxy,
            &catalogue,
            "0193a1b2-0000-7000-8000-000000000005",
        );
        assert_eq!(
            (draft.id.as_str(), draft.code.as_str()),
            ("svc-0193a1b2-0000-7000-8000-000000000005", "P02")
        );
        draft.name = "代领药品".into();
        draft.category = "代办".into();
        draft.questions.push(QuestionDraft::blank(&draft.questions));
        draft.questions[0].label = "在哪家医院".into();
        draft.questions[0].options = "left over".into();
        let made = draft.to_service(None).expect("valid");
        assert_eq!(made.fields[0].code, "q01");
        assert!(made.fields[0].options.is_empty());
    }
}
