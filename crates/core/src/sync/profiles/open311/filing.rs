//! Filing an order with a GeoReport server, and finding it again: the form `POST
//! requests.json` takes, the order's number that every filing carries, the search for
//! an earlier filing, and tokens resolved into request ids.

use crate::model::{AttributeValue, NewOrder, Order, OrderKind};
use crate::sync::error::SyncError;
use crate::sync::http::Transport;

use super::auth::Open311Token;
use super::progress::ServerRef;
use super::wire::{Receipt, ServiceRequest};
use super::Open311Profile;
use crate::sync::profiles::client_side::{refused, stamp, submitted};
use crate::sync::profiles::wire::{body, segment};

/// How far before the device queued an order its filing is looked for: phones' clocks
/// are often wrong by hours.
const CLOCK_SLACK_MS: i64 = 24 * 3600 * 1000;

/// The line that lets a resend find its first filing. First in the description, where a
/// server that shortens descriptions keeps it.
pub fn order_number_line(id: &str) -> String {
    format!("驿站单号：{id}")
}

/// Whether `text` carries `line`, even where a server joined or trimmed the lines, and
/// not as the start of a longer order number.
fn mentions(text: &str, line: &str) -> bool {
    text.match_indices(line).any(|(at, _)| {
        text[at + line.len()..]
            .chars()
            .next()
            .is_none_or(|next| !(next.is_ascii_alphanumeric() || next == '-'))
    })
}

/// What a search for an earlier filing found.
pub enum Search {
    /// The request and the id the server gave it.
    Found {
        id: String,
        request: ServiceRequest,
    },
    Absent,
    /// The server refused the search: it cannot tell whether it has the order.
    Unsupported,
}

impl Open311Profile {
    /// The service an order is filed under.
    pub(super) fn service_code(
        &self,
        kind: OrderKind,
        service_id: Option<&String>,
    ) -> Result<String, SyncError> {
        match kind {
            OrderKind::Wish => self.settings.wish_service_code.clone().ok_or_else(|| {
                refused(
                    422,
                    "not_offered",
                    "this city's service platform takes no wishes",
                )
            }),
            OrderKind::Service => service_id
                .cloned()
                .ok_or_else(|| refused(422, "validation", "no service chosen")),
        }
    }

    /// The form `POST requests.json` takes.
    pub(super) fn request_form(
        &self,
        id: &str,
        order: &NewOrder,
        service_code: String,
        who: &Open311Token,
    ) -> Vec<(String, String)> {
        let mut pairs = vec![("api_key".to_string(), self.settings.api_key.clone())];
        if let Some(jurisdiction) = &self.settings.jurisdiction_id {
            pairs.push(("jurisdiction_id".into(), jurisdiction.clone()));
        }
        pairs.push(("service_code".into(), service_code));
        match (&order.address, self.settings.location) {
            (Some(address), _) if !address.trim().is_empty() => {
                pairs.push(("address_string".into(), address.clone()));
            }
            (_, Some(location)) => {
                pairs.push(("lat".into(), location.lat.to_string()));
                pairs.push(("long".into(), location.long.to_string()));
            }
            _ => {}
        }
        let phone = order
            .contact_phone
            .clone()
            .unwrap_or_else(|| who.phone.clone());
        if !phone.is_empty() {
            pairs.push(("phone".into(), phone));
        }
        let preferred = order
            .preferred_time
            .as_ref()
            .map(|time| format!("期望时间：{time}"));
        let description = [
            Some(order_number_line(id)),
            Some(order.title.clone()),
            Some(order.description.clone()),
            preferred,
        ]
        .into_iter()
        .flatten()
        .filter(|line| !line.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n");
        pairs.push(("description".into(), description));
        for (code, value) in &order.attributes {
            match value {
                AttributeValue::Text(text) => {
                    pairs.push((format!("attribute[{code}]"), text.clone()));
                }
                AttributeValue::Number(number) => {
                    pairs.push((format!("attribute[{code}]"), number.to_string()));
                }
                // A singlevaluelist answer is one key; GeoReport writes a list's with `[]`.
                // The profile does not hold the catalogue, so one key goes as a single
                // value either way.
                AttributeValue::Choices(keys) if keys.len() == 1 => {
                    pairs.push((format!("attribute[{code}]"), keys[0].clone()));
                }
                AttributeValue::Choices(keys) => pairs.extend(
                    keys.iter()
                        .map(|key| (format!("attribute[{code}][]"), key.clone())),
                ),
            }
        }
        pairs
    }

    /// A request filed before under `id`, among the service's requests since the
    /// device queued it (`queued_at`, Unix ms).
    pub(super) async fn find_filed<T: Transport>(
        &self,
        net: &T,
        id: &str,
        service_code: &str,
        queued_at: i64,
    ) -> Result<Search, SyncError> {
        let query = [
            ("service_code", service_code.to_string()),
            ("start_date", stamp(queued_at - CLOCK_SLACK_MS)),
        ];
        let found = match self.exchange(net, self.get("requests.json", &query)).await {
            Ok(response) => body::<Vec<ServiceRequest>>(&response)?,
            Err(SyncError::Rejected { .. }) => return Ok(Search::Unsupported),
            Err(error) => return Err(error),
        };
        let line = order_number_line(id);
        Ok(found
            .into_iter()
            .find_map(|request| {
                let id = request.service_request_id.clone()?;
                let text = request.description.as_deref()?;
                mentions(text, &line).then_some(Search::Found { id, request })
            })
            .unwrap_or(Search::Absent))
    }

    /// The request's id once the server has given one.
    pub(super) async fn resolve<T: Transport>(
        &self,
        net: &T,
        token: &str,
    ) -> Result<Option<String>, SyncError> {
        let resource = format!("tokens/{}.json", segment(token));
        let answer: Vec<Receipt> = body(&self.exchange(net, self.get(&resource, &[])).await?)?;
        Ok(answer.into_iter().find_map(|r| r.service_request_id))
    }

    /// The order as filed: the device's copy, with the server's reference and notice.
    pub(super) fn filed(
        &self,
        id: &str,
        order: &NewOrder,
        owner: &str,
        at: &ServerRef,
        notice: Option<String>,
    ) -> Order {
        let mut filed = submitted(id, order, owner, &stamp((self.now_ms)()));
        if let Some(entry) = filed.timeline.first_mut() {
            entry.id = at.entry_id();
            entry.note = notice.filter(|n| !n.trim().is_empty());
        }
        filed
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_order_number_is_found_joined_or_trimmed_but_not_inside_a_longer_one() {
        let line = order_number_line("0190-ab");
        assert!(mentions("驿站单号：0190-ab\n楼道灯坏了", &line));
        assert!(mentions("楼道灯坏了 驿站单号：0190-ab 三楼", &line));
        assert!(mentions("驿站单号：0190-ab", &line));
        assert!(!mentions("驿站单号：0190-abc\n楼道灯坏了", &line));
        assert!(!mentions("驿站单号：0190-ab-2", &line));
    }
}
