//! The mapped profile on the wire: requests with the person's token or the backend's
//! public key, answers sorted into the engine's classes by status and, for a backend that
//! answers 200 to everything, by the code in the body; envelopes in and out.

use serde_json::{Map, Value};

use crate::sync::error::SyncError;
use crate::sync::http::{HttpRequest, HttpResponse, Method, Transport};

use super::config::{Auth, ErrorsMapping, InBand, Mapping};
use crate::sync::profiles::client_side::refused;
use crate::sync::profiles::wire::segment;

pub fn bad(message: impl Into<String>) -> SyncError {
    SyncError::BadResponse(message.into())
}

/// The part of `value` an envelope pointer names (the whole of it without one).
pub fn unwrap(value: Value, pointer: &Option<String>) -> Result<Value, SyncError> {
    match pointer.as_deref() {
        None | Some("") => Ok(value),
        Some(pointer) => value
            .pointer(pointer)
            .cloned()
            .ok_or_else(|| bad(format!("no `{pointer}` in the answer"))),
    }
}

/// `value` placed at a pointer (`/ticket` gives `{"ticket": value}`).
pub fn wrap(value: Value, pointer: &Option<String>) -> Value {
    let Some(pointer) = pointer.as_deref().filter(|p| !p.is_empty()) else {
        return value;
    };
    pointer
        .trim_start_matches('/')
        .split('/')
        .rev()
        .fold(value, |inner, key| {
            let mut object = Map::new();
            object.insert(key.replace("~1", "/").replace("~0", "~"), inner);
            Value::Object(object)
        })
}

/// A JSON body, or `null` for an empty one.
pub fn json(response: &HttpResponse) -> Result<Value, SyncError> {
    if response.body.trim().is_empty() {
        return Ok(Value::Null);
    }
    serde_json::from_str(&response.body).map_err(|e| bad(e.to_string()))
}

/// Text from a string or a number (an id a Java backend sends as a `Long`).
pub fn text_of(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Whether a code is among the listed ones, whatever its JSON type (`500` or `"500"`).
fn listed(code: &Value, list: &[Value]) -> bool {
    list.iter()
        .any(|known| known == code || (text_of(known).is_some() && text_of(known) == text_of(code)))
}

/// Builds requests and sorts answers for one description.
pub struct Wire<'a> {
    pub base_url: &'a str,
    pub mapping: &'a Mapping,
}

impl Wire<'_> {
    /// A request to `path` with `query`, carrying `token` as the description says.
    pub fn request(
        &self,
        method: Method,
        path: &str,
        query: &[(String, String)],
        token: Option<&str>,
    ) -> HttpRequest {
        let mut pairs: Vec<String> = query
            .iter()
            .map(|(k, v)| format!("{}={}", segment(k), segment(v)))
            .collect();
        if let Auth::Query { name, value } = &self.mapping.auth {
            pairs.push(format!("{}={}", segment(name), segment(value)));
        }
        let separator = if path.contains('?') { '&' } else { '?' };
        let url = if pairs.is_empty() {
            format!("{}{path}", self.base_url)
        } else {
            format!("{}{path}{separator}{}", self.base_url, pairs.join("&"))
        };
        self.authorised(HttpRequest::new(method, url), token)
    }

    pub fn authorised(&self, request: HttpRequest, token: Option<&str>) -> HttpRequest {
        let mut request = request.header("accept", "application/json");
        match (&self.mapping.auth, token) {
            (Auth::Header { name, value }, _) => request.header(name, value.clone()),
            (Auth::SignIn(sign_in), token) => {
                for (name, value) in &sign_in.headers {
                    request = request.header(name, value.clone());
                }
                match token {
                    Some(token) => {
                        request.header(&sign_in.header, format!("{}{token}", sign_in.prefix))
                    }
                    None => request,
                }
            }
            _ => request,
        }
    }

    /// Sends a request; an answer that is not a success, by its status or by its code in
    /// the body, comes back sorted into the engine's classes.
    pub async fn exchange<T: Transport>(
        &self,
        net: &T,
        request: HttpRequest,
    ) -> Result<HttpResponse, SyncError> {
        let response = net.send(request).await?;
        if !response.is_success() {
            return Err(classify(&self.mapping.errors, &response));
        }
        if let Some(in_band) = &self.mapping.errors.in_band {
            if let Ok(body) = serde_json::from_str::<Value>(&response.body) {
                if let Some(error) = in_band_error(&self.mapping.errors, in_band, &body) {
                    return Err(error);
                }
            }
        }
        Ok(response)
    }
}

/// The message an error body carries, where the description says it is.
fn message_of(errors: &ErrorsMapping, body: &Value) -> Option<String> {
    let pointer = errors.message_pointer.as_deref()?;
    body.pointer(pointer)
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// A 200 answer that says it failed, sorted; `None` when it says it went well (or says
/// nothing: a bare list).
fn in_band_error(errors: &ErrorsMapping, in_band: &InBand, body: &Value) -> Option<SyncError> {
    let code = body.pointer(&in_band.pointer)?;
    if listed(code, &in_band.success) {
        return None;
    }
    if listed(code, &in_band.sign_in) {
        return Some(SyncError::Unauthorized);
    }
    if listed(code, &in_band.retry) {
        return Some(SyncError::Retry {
            status: 503,
            retry_after: None,
        });
    }
    if listed(code, &in_band.conflict) {
        return Some(SyncError::Conflict { current: None });
    }
    let code = text_of(code).unwrap_or_default();
    let message = message_of(errors, body).unwrap_or_else(|| format!("code {code}"));
    Some(refused(422, &format!("code_{code}"), &message))
}

/// An answer that is not a success, sorted by the description's classes.
pub fn classify(errors: &ErrorsMapping, response: &HttpResponse) -> SyncError {
    let status = response.status;
    if errors.sign_in.contains(&status) {
        return SyncError::Unauthorized;
    }
    if errors.retry.contains(&status) {
        return SyncError::Retry {
            status,
            retry_after: response.retry_after(),
        };
    }
    // The backend's record changed under the step: the engine pulls, and the step is
    // weighed again from the order as it then is.
    if errors.conflict.contains(&status) {
        return SyncError::Conflict { current: None };
    }
    let message = serde_json::from_str::<Value>(&response.body)
        .ok()
        .and_then(|body| message_of(errors, &body))
        .unwrap_or_else(|| format!("HTTP {status}"));
    refused(status, &format!("http_{status}"), &message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn ruoyi_errors() -> ErrorsMapping {
        serde_json::from_value(json!({
            "message_pointer": "/msg",
            "in_band": { "pointer": "/code", "success": [200], "sign_in": [401] }
        }))
        .expect("errors")
    }

    #[test]
    fn a_200_that_says_500_is_a_refusal_with_their_message() {
        let errors = ruoyi_errors();
        let in_band = errors.in_band.clone().expect("in band");
        let refusal = in_band_error(
            &errors,
            &in_band,
            &json!({"code": 500, "msg": "工单已派发，不能取消"}),
        );
        assert!(
            matches!(&refusal, Some(SyncError::Rejected { message, .. }) if message == "工单已派发，不能取消"),
            "{refusal:?}"
        );
        assert_eq!(
            in_band_error(
                &errors,
                &in_band,
                &json!({"code": "401", "msg": "认证失败"})
            ),
            Some(SyncError::Unauthorized),
            "a code as text counts the same"
        );
        assert_eq!(
            in_band_error(&errors, &in_band, &json!({"code": 200, "msg": "操作成功"})),
            None
        );
        assert_eq!(
            in_band_error(&errors, &in_band, &json!([1, 2])),
            None,
            "a bare list says nothing"
        );
    }
}
