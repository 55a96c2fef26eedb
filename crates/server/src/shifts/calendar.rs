//! A volunteer's signed-up shifts as iCalendar (RFC 5545), for `mine.ics`: one VEVENT per
//! shift, its UID the shift id, times in UTC so every calendar app reads them the same.

use sqlx::SqlitePool;
use time::macros::format_description;
use time::OffsetDateTime;

use super::{ShiftRow, SELECT_SHIFT};
use crate::clock;
use crate::error::ApiError;
use crate::users::User;

/// Every shift `user` signed up for (cancelled ones too, marked so), as a calendar file.
pub async fn mine(pool: &SqlitePool, user: &User) -> Result<String, ApiError> {
    let sql = format!(
        "{SELECT_SHIFT} WHERE s.community_id = ?2
           AND EXISTS (SELECT 1 FROM shift_signups x WHERE x.shift_id = s.id AND x.user_id = ?1)
         ORDER BY s.starts_at"
    );
    let rows: Vec<ShiftRow> = sqlx::query_as(&sql)
        .bind(&user.id)
        .bind(&user.community_id)
        .fetch_all(pool)
        .await?;
    Ok(calendar(&rows, clock::now()))
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

fn calendar(shifts: &[ShiftRow], now: i64) -> String {
    let mut lines = vec![
        "BEGIN:VCALENDAR".to_string(),
        "VERSION:2.0".to_string(),
        "PRODID:-//Yizhan//Volunteer shifts//ZH".to_string(),
        "CALSCALE:GREGORIAN".to_string(),
        "METHOD:PUBLISH".to_string(),
        "X-WR-CALNAME:驿站志愿值班".to_string(),
    ];
    for shift in shifts {
        lines.push("BEGIN:VEVENT".into());
        lines.push(format!("UID:{}", text(&shift.id)));
        lines.push(format!("DTSTAMP:{}", utc_stamp(now)));
        lines.push(format!("DTSTART:{}", utc_stamp(shift.starts_at)));
        lines.push(format!("DTEND:{}", utc_stamp(shift.ends_at)));
        lines.push(format!(
            "SUMMARY:{}",
            text(&format!("{}（{}）", shift.title, shift.team))
        ));
        if let Some(station) = &shift.station_name {
            lines.push(format!("LOCATION:{}", text(station)));
        }
        if shift.cancelled {
            lines.push("STATUS:CANCELLED".into());
        }
        lines.push(format!("LAST-MODIFIED:{}", utc_stamp(shift.updated_at)));
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
