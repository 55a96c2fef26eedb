//! The fingerprint of a JSON request as the client sent it: what makes a resend the same
//! request, whatever this server does with it afterwards.

use serde_json::Value;

use crate::auth::digest;

/// SHA-256 of the canonical form of `body`: object members sorted by key, members whose
/// value is `null` left out (absent and null mean the same to the contract), no white
/// space. Two sends of one request have the same fingerprint however the client's JSON
/// library ordered or spaced them.
pub fn fingerprint(body: &Value) -> String {
    let mut text = String::new();
    write_canonical(body, &mut text);
    digest(&text)
}

fn write_canonical(value: &Value, out: &mut String) {
    match value {
        Value::Object(members) => {
            let mut sorted: Vec<(&String, &Value)> =
                members.iter().filter(|(_, v)| !v.is_null()).collect();
            sorted.sort_by(|a, b| a.0.cmp(b.0));
            out.push('{');
            for (i, (key, member)) in sorted.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                write_canonical(member, out);
            }
            out.push('}');
        }
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_canonical(item, out);
            }
            out.push(']');
        }
        scalar => out.push_str(&scalar.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn order_spacing_and_nulls_do_not_change_it_values_do() {
        let a = json!({"kind":"wish","title":"买菜","address":null,"attributes":{"b":1,"a":[2,1]}});
        let b: Value = serde_json::from_str(
            r#"{ "attributes": {"a": [2, 1], "b": 1}, "title": "买菜", "kind": "wish" }"#,
        )
        .unwrap_or_default();
        assert_eq!(fingerprint(&a), fingerprint(&b));
        let c = json!({"kind":"wish","title":"买菜 ","attributes":{"b":1,"a":[2,1]}});
        assert_ne!(fingerprint(&a), fingerprint(&c));
        let d = json!({"kind":"wish","title":"买菜","attributes":{"b":1,"a":[1,2]}});
        assert_ne!(fingerprint(&a), fingerprint(&d));
    }
}
