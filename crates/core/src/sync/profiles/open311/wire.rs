//! GeoReport v2's JSON shapes (wiki.open311.org/GeoReport_v2), and how they read into the
//! contract's types. Servers differ in what they leave out, so almost everything is
//! optional, and numbers may come as text.

use serde::{Deserialize, Deserializer};

use crate::model::{Field, FieldOption, FieldType, Service, ServiceKind};

/// An id servers send as a number or as text.
fn id_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum Id {
        Text(String),
        Number(serde_json::Number),
    }
    Ok(match Option::<Id>::deserialize(deserializer)? {
        Some(Id::Text(text)) if !text.trim().is_empty() => Some(text),
        Some(Id::Number(number)) => Some(number.to_string()),
        _ => None,
    })
}

/// One entry of `services.json`.
#[derive(Debug, Deserialize)]
pub struct ServiceSummary {
    pub service_code: String,
    pub service_name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Whether `services/{code}.json` has attributes to ask.
    #[serde(default)]
    pub metadata: bool,
    #[serde(default)]
    pub group: Option<String>,
}

/// `services/{code}.json`.
#[derive(Debug, Deserialize)]
pub struct ServiceDefinition {
    #[serde(default)]
    pub attributes: Vec<Attribute>,
}

#[derive(Debug, Deserialize)]
pub struct Attribute {
    /// `false`: a notice to show, not a question.
    #[serde(default = "yes")]
    pub variable: bool,
    pub code: String,
    pub datatype: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub order: i64,
    #[serde(default)]
    pub values: Vec<AttributeChoice>,
}

fn yes() -> bool {
    true
}

#[derive(Debug, Deserialize)]
pub struct AttributeChoice {
    pub key: String,
    pub name: String,
}

/// One entry of `requests.json`.
#[derive(Debug, Deserialize)]
pub struct ServiceRequest {
    #[serde(default, deserialize_with = "id_text")]
    pub service_request_id: Option<String>,
    /// `open` or `closed`; anything else, or nothing, reads as open.
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub status_notes: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub agency_responsible: Option<String>,
    #[serde(default)]
    pub updated_datetime: Option<String>,
}

/// The answer to `POST requests.json`: the request's id, or a token to resolve later.
#[derive(Debug, Deserialize)]
pub struct Receipt {
    #[serde(default, deserialize_with = "id_text")]
    pub service_request_id: Option<String>,
    #[serde(default, deserialize_with = "id_text")]
    pub token: Option<String>,
    #[serde(default)]
    pub service_notice: Option<String>,
}

/// GeoReport's error body: `[{"code": 403, "description": "Invalid api_key"}]`.
#[derive(Debug, Deserialize)]
struct Complaint {
    #[serde(default)]
    description: Option<String>,
}

/// What the server said was wrong, in its words, for a parked entry's message.
pub fn complaint(body: &str) -> Option<String> {
    let said: Vec<Complaint> = serde_json::from_str(body).ok()?;
    let words: Vec<String> = said.into_iter().filter_map(|c| c.description).collect();
    (!words.is_empty()).then(|| words.join("; "))
}

/// A GeoReport service as the catalogue shows it. Everything GeoReport offers is done
/// by the city for the resident, hence "代办"; `as_of` stands for the time GeoReport
/// does not give.
pub fn catalogue_entry(
    summary: ServiceSummary,
    definition: Option<ServiceDefinition>,
    as_of: &str,
) -> Service {
    let mut attributes = definition.map(|d| d.attributes).unwrap_or_default();
    attributes.sort_by_key(|a| a.order);
    let mut notices = Vec::new();
    let mut fields = Vec::new();
    for attribute in attributes {
        if !attribute.variable {
            notices.push(attribute.description);
            continue;
        }
        let datatype = match attribute.datatype.as_str() {
            "number" => FieldType::Number,
            "datetime" => FieldType::Datetime,
            "text" => FieldType::Text,
            "singlevaluelist" => FieldType::Single,
            "multivaluelist" => FieldType::Multi,
            _ => FieldType::String,
        };
        fields.push(Field {
            label: if attribute.description.trim().is_empty() {
                attribute.code.clone()
            } else {
                attribute.description
            },
            code: attribute.code,
            datatype,
            required: attribute.required,
            options: attribute
                .values
                .into_iter()
                .map(|choice| FieldOption {
                    key: choice.key,
                    label: choice.name,
                })
                .collect(),
        });
    }
    let description = std::iter::once(summary.description.unwrap_or_default())
        .chain(notices)
        .filter(|text| !text.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    Service {
        id: summary.service_code.clone(),
        code: summary.service_code,
        name: summary.service_name,
        category: summary.group.unwrap_or_default(),
        kind: ServiceKind::Proxy,
        description,
        sla_hours: None,
        fields,
        active: true,
        updated_at: as_of.to_string(),
    }
}

/// `application/x-www-form-urlencoded`, as `POST requests.json` takes it.
pub fn form(pairs: &[(String, String)]) -> String {
    pairs
        .iter()
        .map(|(name, value)| {
            format!(
                "{}={}",
                crate::sync::profiles::wire::segment(name),
                crate::sync::profiles::wire::segment(value)
            )
        })
        .collect::<Vec<_>>()
        .join("&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_come_as_numbers_or_text_and_blank_is_none() {
        let read: Vec<Receipt> = serde_json::from_str(
            r#"[{"service_request_id":293944},{"token":"12345","service_request_id":""}]"#,
        )
        .expect("receipts");
        assert_eq!(read[0].service_request_id.as_deref(), Some("293944"));
        assert_eq!(read[1].service_request_id, None);
        assert_eq!(read[1].token.as_deref(), Some("12345"));
    }

    #[test]
    fn form_values_are_encoded_whole() {
        let body = form(&[
            ("attribute[WHERE]".into(), "3 楼 & 4 楼".into()),
            ("api_key".into(), "k=1".into()),
        ]);
        assert_eq!(
            body,
            "attribute%5BWHERE%5D=3%20%E6%A5%BC%20%26%204%20%E6%A5%BC&api_key=k%3D1"
        );
    }

    #[test]
    fn an_error_body_reads_in_the_servers_words() {
        assert_eq!(
            complaint(r#"[{"code":403,"description":"Invalid api_key"}]"#).as_deref(),
            Some("Invalid api_key")
        );
        assert_eq!(complaint("<html>"), None);
    }
}
