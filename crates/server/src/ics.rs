//! iCalendar (RFC 5545) files of what someone signed up for (`/shifts/mine.ics`,
//! `/activities/mine.ics`): one VEVENT each, its UID the record's id, times in UTC so every
//! calendar app reads them the same.

use time::macros::format_description;
use time::OffsetDateTime;

/// One event of a calendar file. Times are Unix seconds.
pub struct Event<'a> {
    pub uid: &'a str,
    pub starts_at: i64,
    pub ends_at: i64,
    pub summary: String,
    pub location: Option<&'a str>,
    pub cancelled: bool,
    /// Not yet sure to happen for this person (in line for a place).
    pub tentative: bool,
    pub updated_at: i64,
}

fn utc_stamp(unix_seconds: i64) -> String {
    OffsetDateTime::from_unix_timestamp(unix_seconds)
        .unwrap_or(OffsetDateTime::UNIX_EPOCH)
        .format(format_description!(
            "[year][month][day]T[hour][minute][second]Z"
        ))
        .unwrap_or_default()
}

/// TEXT values escape backslash, semicolon, comma and newlines.
fn text(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace('\n', "\\n")
}

/// Lines longer than 75 octets are folded (CRLF and a space), never inside a character.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for ch in line.chars() {
        if width + ch.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(ch);
        width += ch.len_utf8();
    }
    out.push_str("\r\n");
    out
}

/// A calendar named `name` holding `events`, stamped `now`.
pub fn calendar(name: &str, events: &[Event<'_>], now: i64) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Yizhan//Community service post//ZH".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        format!("X-WR-CALNAME:{}", text(name)),
    ];
    for event in events {
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}", text(event.uid)));
        lines.push(format!("DTSTAMP:{}", utc_stamp(now)));
        lines.push(format!("DTSTART:{}", utc_stamp(event.starts_at)));
        lines.push(format!("DTEND:{}", utc_stamp(event.ends_at)));
        lines.push(format!("SUMMARY:{}", text(&event.summary)));
        if let Some(location) = event.location {
            lines.push(format!("LOCATION:{}", text(location)));
        }
        if event.cancelled {
            lines.push("STATUS:CANCELLED".into());
        } else if event.tentative {
            lines.push("STATUS:TENTATIVE".into());
        }
        lines.push(format!("LAST-MODIFIED:{}", utc_stamp(event.updated_at)));
        lines.push("END:VEVENT".into());
    }
    lines.push("END:VCALENDAR".into());
    lines.iter().map(|line| fold(line)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_chinese_lines_fold_between_characters() {
        let line = format!("SUMMARY:{}", "清".repeat(40));
        let folded = fold(&line);
        for physical in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{} octets", physical.len());
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end(), line);
    }

    #[test]
    fn text_escapes_what_icalendar_reserves() {
        assert_eq!(text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
    }
}
