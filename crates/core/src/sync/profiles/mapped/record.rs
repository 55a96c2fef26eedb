//! How one kind of record is written at a mapped backend, and the conversions both ways:
//! field names (dotted for a field inside an object: `assignee.id` ↔ a flat `handlerId`),
//! value words (our `dispatched` ↔ their status code `1`), how moments are written (a
//! local time without a zone in the community's zone, epoch milliseconds, a date), and
//! the shape of the items of a list field (a service's questions, a grid's contacts).
//! Their ids may be JSON numbers (a Java `Long`): ours are text, so numbers in id fields
//! are read as their digits.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{Map, Value};
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, Time, UtcOffset};

use crate::sync::profiles::client_side::{instant_ms, stamp};

#[derive(Clone, Debug, Default, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecordShape {
    /// An object inside each record whose fields count as the record's own, when read
    /// (Strapi v4's `/attributes`, beside the record's `id`).
    #[serde(default)]
    pub flatten: Option<String>,
    /// Our field → theirs; either may be dotted for a field inside an object.
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
    /// Our field → (our value → theirs): their words or codes, any JSON value.
    #[serde(default)]
    pub values: BTreeMap<String, BTreeMap<String, Value>>,
    /// Our field → how they write a moment.
    #[serde(default)]
    pub formats: BTreeMap<String, FieldFormat>,
    /// Our list field → the shape of its items.
    #[serde(default)]
    pub items: BTreeMap<String, RecordShape>,
}

/// How a backend writes a field's value: a moment (ours is RFC 3339), or an object kept
/// as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FieldFormat {
    /// An object as JSON text in a text column (`{"floor":"3"}`), for a backend with no
    /// JSON type: a service's answers in RuoYi's `varchar`.
    JsonText,
    /// `2026-11-23T13:00:00+08:00`, as ours.
    Rfc3339,
    /// `2026-11-23 13:00:00`, in the community's zone (Java's `yyyy-MM-dd HH:mm:ss`).
    Local,
    /// Milliseconds since 1970 as a JSON number.
    EpochMs,
    /// `2026-11-23`, a day in the community's zone.
    Date,
}

const LOCAL: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day] [hour]:[minute]:[second]");
const DAY: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]");

/// A zone written `+08:00`, as `mapping.time_zone` carries it.
pub fn parse_zone(text: &str) -> Option<UtcOffset> {
    UtcOffset::parse(
        text,
        format_description!("[offset_hour sign:mandatory]:[offset_minute]"),
    )
    .ok()
}

impl FieldFormat {
    /// Their value as ours (`None` when it cannot be read).
    pub fn read(self, theirs: &Value, zone: UtcOffset) -> Option<Value> {
        if self == FieldFormat::JsonText {
            return match theirs {
                Value::String(text) if text.trim().is_empty() => Some(Value::Object(Map::new())),
                Value::String(text) => serde_json::from_str(text).ok(),
                other => Some(other.clone()),
            };
        }
        self.read_moment(theirs, zone).map(Value::from)
    }

    /// Their moment as ours.
    fn read_moment(self, theirs: &Value, zone: UtcOffset) -> Option<String> {
        let moment = match (self, theirs) {
            // A space for the `T`, as RFC 3339 allows and PocketBase writes
            // (`2026-11-23 05:00:00.123Z`).
            (FieldFormat::Rfc3339, Value::String(text)) => {
                let text = match text.get(10..11) {
                    Some(" ") => format!("{}T{}", &text[..10], &text[11..]),
                    _ => text.clone(),
                };
                OffsetDateTime::parse(&text, &Rfc3339).ok()?
            }
            (FieldFormat::Local, Value::String(text)) => PrimitiveDateTime::parse(text, LOCAL)
                .ok()?
                .assume_offset(zone),
            (FieldFormat::Date, Value::String(text)) => {
                PrimitiveDateTime::new(Date::parse(text, DAY).ok()?, Time::MIDNIGHT)
                    .assume_offset(zone)
            }
            (FieldFormat::EpochMs, Value::Number(ms)) => {
                return ms.as_i64().map(stamp).filter(|s| !s.is_empty())
            }
            (FieldFormat::EpochMs, Value::String(ms)) => {
                return ms.parse::<i64>().ok().map(stamp).filter(|s| !s.is_empty())
            }
            _ => return None,
        };
        i64::try_from(moment.unix_timestamp_nanos() / 1_000_000)
            .ok()
            .map(stamp)
    }

    /// Our value in their format (`None` when ours cannot be read).
    pub fn write(self, ours: &Value, zone: UtcOffset) -> Option<Value> {
        if self == FieldFormat::JsonText {
            return Some(Value::from(ours.to_string()));
        }
        let ms = instant_ms(ours.as_str()?)?;
        let moment = OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000).ok()?;
        let local = moment.to_offset(zone);
        match self {
            FieldFormat::Rfc3339 => Some(ours.clone()),
            FieldFormat::Local => local.format(LOCAL).ok().map(Value::from),
            FieldFormat::Date => local.format(DAY).ok().map(Value::from),
            FieldFormat::EpochMs => Some(Value::from(ms)),
            FieldFormat::JsonText => None,
        }
    }
}

/// The value at a dotted path (`assignee.id`).
fn get<'a>(record: &'a Value, path: &str) -> Option<&'a Value> {
    path.split('.').try_fold(record, |at, key| at.get(key))
}

/// Puts `value` at a dotted path, making the objects on the way.
fn put(record: &mut Map<String, Value>, path: &str, value: Value) {
    match path.split_once('.') {
        None => {
            record.insert(path.to_string(), value);
        }
        Some((head, rest)) => {
            let inner = record
                .entry(head.to_string())
                .or_insert_with(|| Value::Object(Map::new()));
            if !inner.is_object() {
                *inner = Value::Object(Map::new());
            }
            if let Value::Object(inner) = inner {
                put(inner, rest, value);
            }
        }
    }
}

/// Whether two scalars are the same value, whatever the JSON type: a code `1` and `"1"`.
fn same_scalar(a: &Value, b: &Value) -> bool {
    a == b || (scalar_text(a).is_some() && scalar_text(a) == scalar_text(b))
}

fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Our value named by a value map's key: `true`/`false` are booleans, the rest words.
fn our_value(key: &str) -> Value {
    match key {
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        _ => Value::from(key),
    }
}

impl RecordShape {
    /// The first segment of every field of theirs this shape renames.
    fn their_roots(&self) -> Vec<&str> {
        self.fields
            .values()
            .map(|theirs| theirs.split('.').next().unwrap_or(theirs))
            .collect()
    }

    /// Their record in our names, words and formats; `ids` are our fields read as text
    /// when they come as numbers. Fields they have that are not renamed keep their name.
    pub fn read(&self, theirs: &Value, zone: UtcOffset, ids: &[&str]) -> Value {
        let Value::Object(their_fields) = theirs else {
            return theirs.clone();
        };
        if let Some(inner) = self.flatten.as_deref().and_then(|p| theirs.pointer(p)) {
            // The container goes, its fields take its place (an order's own
            // `attributes` inside Strapi's `attributes` is the order's).
            let mut flat = their_fields.clone();
            if let Some(container) = self.flatten.as_deref().and_then(|p| p.split('/').nth(1)) {
                flat.remove(container);
            }
            if let Value::Object(inner) = inner {
                for (key, value) in inner {
                    flat.insert(key.clone(), value.clone());
                }
            }
            let unflattened = RecordShape {
                flatten: None,
                ..self.clone()
            };
            return unflattened.read(&Value::Object(flat), zone, ids);
        }
        let renamed = self.their_roots();
        let mut ours = Map::new();
        for (key, value) in their_fields {
            if !renamed.contains(&key.as_str()) {
                ours.insert(key.clone(), value.clone());
            }
        }
        for (our, their) in &self.fields {
            let value = get(theirs, their).cloned().unwrap_or(Value::Null);
            put(&mut ours, our, value);
        }
        let mut ours = Value::Object(ours);
        for (field, words) in &self.values {
            let Some(slot) = pointer_of(&mut ours, field) else {
                continue;
            };
            if let Some((our, _)) = words.iter().find(|(_, their)| same_scalar(their, slot)) {
                *slot = our_value(our);
            }
        }
        for (field, format) in &self.formats {
            let Some(slot) = pointer_of(&mut ours, field) else {
                continue;
            };
            if !slot.is_null() {
                if let Some(value) = format.read(slot, zone) {
                    *slot = value;
                }
            }
        }
        for (field, shape) in &self.items {
            if let Some(Value::Array(list)) = pointer_of(&mut ours, field) {
                for item in list.iter_mut() {
                    *item = shape.read(item, zone, &["id"]);
                }
            }
        }
        for field in ids {
            if let Some(slot) = pointer_of(&mut ours, field) {
                if let Value::Number(n) = slot {
                    *slot = Value::from(n.to_string());
                }
            }
        }
        ours
    }

    /// Our record in their names, words and formats. Only what `ours` has is written.
    pub fn write(&self, ours: &Map<String, Value>, zone: UtcOffset) -> Map<String, Value> {
        let mut converted = Value::Object(ours.clone());
        for (field, words) in &self.values {
            if let Some(slot) = pointer_of(&mut converted, field) {
                if let Some(theirs) = scalar_text(slot).and_then(|ours| words.get(&ours)) {
                    *slot = theirs.clone();
                }
            }
        }
        for (field, format) in &self.formats {
            if let Some(slot) = pointer_of(&mut converted, field) {
                if slot.is_null() {
                    continue;
                }
                if let Some(theirs) = format.write(slot, zone) {
                    *slot = theirs;
                }
            }
        }
        let mut theirs = Map::new();
        let renamed_roots: Vec<&str> = self
            .fields
            .keys()
            .map(|our| our.split('.').next().unwrap_or(our))
            .collect();
        if let Value::Object(converted) = &converted {
            for (key, value) in converted {
                if !renamed_roots.contains(&key.as_str()) {
                    theirs.insert(key.clone(), value.clone());
                }
            }
        }
        for (our, their) in &self.fields {
            if let Some(value) = get(&converted, our) {
                put(&mut theirs, their, value.clone());
            }
        }
        theirs
    }

    /// Their name for one of our fields.
    pub fn their_name<'a>(&'a self, ours: &'a str) -> &'a str {
        self.fields.get(ours).map_or(ours, String::as_str)
    }
}

/// The slot at a dotted path, when the path leads to one.
fn pointer_of<'a>(record: &'a mut Value, path: &str) -> Option<&'a mut Value> {
    path.split('.')
        .try_fold(record, |at, key| at.as_object_mut()?.get_mut(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn china() -> UtcOffset {
        parse_zone("+08:00").expect("a zone")
    }

    fn ruoyi_order() -> RecordShape {
        serde_json::from_value(json!({
            "fields": { "id": "clientId", "title": "orderTitle", "status": "status",
                        "assignee.id": "handlerId", "assignee.name": "handlerName",
                        "updated_at": "updateTime", "preferred_time": "expectTime" },
            "values": { "status": { "submitted": 0, "dispatched": 1 },
                        "kind": { "service": "1", "wish": "2" } },
            "formats": { "updated_at": "local", "preferred_time": "local" }
        }))
        .expect("a shape")
    }

    #[test]
    fn their_record_reads_in_our_names_words_and_times() {
        let theirs = json!({
            "orderId": 1024, "clientId": "0193-a", "orderTitle": "修灯", "status": 1,
            "kind": "2", "handlerId": 7, "handlerName": "王静",
            "updateTime": "2026-11-23 13:00:00", "expectTime": null, "remark": "x"
        });
        let ours = ruoyi_order().read(&theirs, china(), &["id", "assignee.id"]);
        assert_eq!(ours["id"], "0193-a");
        assert_eq!(ours["title"], "修灯");
        assert_eq!(ours["status"], "dispatched", "the code 1 is dispatched");
        assert_eq!(ours["kind"], "wish", "\"2\" is a wish");
        assert_eq!(ours["assignee"], json!({"id": "7", "name": "王静"}));
        assert_eq!(
            ours["updated_at"], "2026-11-23T05:00:00.000Z",
            "13:00 in Beijing is 05:00 UTC"
        );
        assert_eq!(ours["preferred_time"], Value::Null);
        assert_eq!(ours["orderId"], 1024, "fields not renamed keep their name");
        assert_eq!(ours["remark"], "x");
    }

    #[test]
    fn our_record_writes_in_their_names_words_and_times() {
        let ours = json!({ "id": "0193-a", "title": "修灯", "status": "dispatched",
                           "kind": "service", "preferred_time": "2026-11-23T05:30:00Z" });
        let Value::Object(ours) = ours else {
            unreachable!()
        };
        let theirs = ruoyi_order().write(&ours, china());
        assert_eq!(theirs["clientId"], "0193-a");
        assert_eq!(theirs["orderTitle"], "修灯");
        assert_eq!(theirs["status"], 1);
        assert_eq!(theirs["kind"], "1");
        assert_eq!(theirs["expectTime"], "2026-11-23 13:30:00");
        assert!(
            !theirs.contains_key("handlerId"),
            "only what ours has is written"
        );
    }

    #[test]
    fn every_format_reads_and_writes_the_same_moment() {
        let ours = json!("2026-11-23T05:00:00.000Z");
        for format in [
            FieldFormat::Rfc3339,
            FieldFormat::Local,
            FieldFormat::EpochMs,
        ] {
            let theirs = format.write(&ours, china()).expect("written");
            assert_eq!(
                format.read(&theirs, china()),
                Some(ours.clone()),
                "{format:?}"
            );
        }
        assert_eq!(
            FieldFormat::Date.write(&ours, china()),
            Some(json!("2026-11-23"))
        );
        assert_eq!(
            FieldFormat::Date.read(&json!("2026-11-23"), china()),
            Some(json!("2026-11-22T16:00:00.000Z")),
            "a day starts at local midnight"
        );
        assert_eq!(FieldFormat::Local.read(&json!("23/11/2026"), china()), None);
        assert_eq!(
            FieldFormat::Rfc3339.read(&json!("2026-11-23 05:00:00.000Z"), china()),
            Some(ours),
            "PocketBase's space"
        );
    }

    #[test]
    fn an_object_kept_as_text_reads_back_whole() {
        let answers = json!({ "floor": "3", "rooms": ["kitchen"] });
        let theirs = FieldFormat::JsonText
            .write(&answers, china())
            .expect("written");
        assert!(theirs.is_string(), "{theirs}");
        assert_eq!(FieldFormat::JsonText.read(&theirs, china()), Some(answers));
        assert_eq!(
            FieldFormat::JsonText.read(&json!(""), china()),
            Some(json!({})),
            "an empty column is no answers"
        );
    }

    #[test]
    fn a_flattened_record_keeps_its_own_field_of_the_containers_name() {
        let shape: RecordShape = serde_json::from_value(json!({
            "flatten": "/attributes", "fields": { "id": "client_id" }
        }))
        .expect("a shape");
        let ours = shape.read(
            &json!({ "id": 1, "attributes": { "client_id": "o-1", "attributes": { "floor": "3" } } }),
            china(),
            &["id"],
        );
        assert_eq!(ours["id"], "o-1");
        assert_eq!(
            ours["attributes"],
            json!({ "floor": "3" }),
            "Strapi v4's `attributes` inside `attributes`"
        );
    }

    #[test]
    fn list_items_have_their_own_shape() {
        let shape: RecordShape = serde_json::from_value(json!({
            "fields": { "id": "serviceId", "fields": "questions" },
            "items": { "fields": { "fields": { "code": "questionCode" } } }
        }))
        .expect("a shape");
        let ours = shape.read(
            &json!({ "serviceId": 3, "questions": [{ "questionCode": "floor" }] }),
            china(),
            &["id"],
        );
        assert_eq!(ours["id"], "3");
        assert_eq!(ours["fields"][0]["code"], "floor");
    }
}
