//! Publication dates: from metadata strings in the usual formats, and from datelines at the
//! top of an article. Always `YYYY-MM-DD`; never guessed from a file's modification time.

use std::sync::OnceLock;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};
use regex::Regex;

/// A metadata date (RFC 3339, RFC 2822, ISO dates with or without time, "November 24,
/// 2024", "24 ноября 2024") as `YYYY-MM-DD`.
pub fn normalize(s: &str) -> Option<String> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    let date = DateTime::parse_from_rfc3339(s)
        .map(|d| d.date_naive())
        .or_else(|_| DateTime::parse_from_rfc2822(s).map(|d| d.date_naive()))
        .ok()
        .or_else(|| {
            [
                "%Y-%m-%dT%H:%M:%S%.f",
                "%Y-%m-%d %H:%M:%S",
                "%Y-%m-%dT%H:%M",
            ]
            .iter()
            .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
            .map(|d| d.date())
        })
        .or_else(|| {
            let head = s.get(..10)?;
            NaiveDate::parse_from_str(head, "%Y-%m-%d").ok()
        })
        .or_else(|| pdf_date(s))
        .or_else(|| find_date(s));
    date.filter(|d| (1900..=2200).contains(&d.year()))
        .map(|d| d.format("%Y-%m-%d").to_string())
}

/// A PDF date: `D:20241124093000+02'00'`.
fn pdf_date(s: &str) -> Option<NaiveDate> {
    let digits = s.strip_prefix("D:")?;
    let ymd = digits.get(..8)?;
    NaiveDate::parse_from_str(ymd, "%Y%m%d").ok()
}

const MONTHS: [(&str, u32); 12] = [
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("may", 5),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];

/// Russian and Ukrainian month names in the genitive ("24 ноября 2024", "24 листопада").
const MONTHS_CYRILLIC: [(&str, u32); 24] = [
    ("январ", 1),
    ("феврал", 2),
    ("март", 3),
    ("апрел", 4),
    ("ма", 5),
    ("июн", 6),
    ("июл", 7),
    ("август", 8),
    ("сентябр", 9),
    ("октябр", 10),
    ("ноябр", 11),
    ("декабр", 12),
    ("січ", 1),
    ("лют", 2),
    ("берез", 3),
    ("квіт", 4),
    ("трав", 5),
    ("черв", 6),
    ("лип", 7),
    ("серп", 8),
    ("верес", 9),
    ("жовт", 10),
    ("листопад", 11),
    ("груд", 12),
];

fn month_number(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    if w.is_ascii() {
        if w.len() < 3 {
            return None;
        }
        return MONTHS
            .iter()
            .find(|(m, _)| w.starts_with(m))
            .map(|&(_, n)| n);
    }
    // Longest stem first ("ма" would take "марта").
    let mut best: Option<(usize, u32)> = None;
    for &(stem, n) in &MONTHS_CYRILLIC {
        if w.starts_with(stem) && best.is_none_or(|(len, _)| stem.len() > len) {
            best = Some((stem.len(), n));
        }
    }
    best.map(|(_, n)| n)
}

fn date_patterns() -> &'static [Regex; 3] {
    static R: OnceLock<[Regex; 3]> = OnceLock::new();
    R.get_or_init(|| {
        let p = |s: &str| Regex::new(s).unwrap_or_else(|e| panic!("date pattern: {e}"));
        [
            // November 24, 2024 / Nov. 24 2024
            p(r"\b(\p{L}{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+((?:19|20)\d\d)\b"),
            // 24 November 2024 / 24 ноября 2024 г.
            p(r"\b(\d{1,2})\s+(\p{L}{3,9})\.?,?\s+((?:19|20)\d\d)\b"),
            // 2024-11-24
            p(r"\b((?:19|20)\d\d)-(\d\d)-(\d\d)\b"),
        ]
    })
}

fn find_date(s: &str) -> Option<NaiveDate> {
    let [a, b, c] = date_patterns();
    // Which capture holds the year, the month and the day in each pattern.
    let layouts: [(&Regex, [usize; 3]); 3] = [(a, [3, 1, 2]), (b, [3, 2, 1]), (c, [1, 2, 3])];
    let mut found: Vec<(usize, NaiveDate)> = Vec::new();
    for (re, [yi, mi, di]) in layouts {
        for m in re.captures_iter(s) {
            let (Some(all), Some(y), Some(mo), Some(d)) =
                (m.get(0), m.get(yi), m.get(mi), m.get(di))
            else {
                continue;
            };
            let month = mo
                .as_str()
                .parse::<u32>()
                .ok()
                .or_else(|| month_number(mo.as_str()));
            if let (Some(mo), Ok(d), Ok(y)) = (month, d.as_str().parse(), y.as_str().parse())
                && let Some(date) = NaiveDate::from_ymd_opt(y, mo, d)
            {
                found.push((all.start(), date));
            }
        }
    }
    found.sort();
    found.first().map(|&(_, d)| d)
}

/// A date written near the top of an article (a dateline or "Published November 24,
/// 2024"), as `YYYY-MM-DD`.
pub fn dateline(text: &str) -> Option<String> {
    let mut end = text.len().min(400);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    find_date(&text[..end])
        .filter(|d| (1900..=2200).contains(&d.year()))
        .map(|d| d.format("%Y-%m-%d").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn metadata_formats() {
        for (s, want) in [
            ("2024-11-24T09:30:00+02:00", "2024-11-24"),
            ("Sun, 24 Nov 2024 09:30:00 +0000", "2024-11-24"),
            ("2024-11-24", "2024-11-24"),
            ("2024-11-24T09:30:00", "2024-11-24"),
            ("D:20241124093000+02'00'", "2024-11-24"),
            ("November 24, 2024", "2024-11-24"),
            ("24 ноября 2024 г.", "2024-11-24"),
            ("24 листопада 2024", "2024-11-24"),
            ("3 марта 2023", "2023-03-03"),
        ] {
            assert_eq!(normalize(s).as_deref(), Some(want), "{s}");
        }
        assert_eq!(normalize("yesterday"), None);
    }

    #[test]
    fn datelines() {
        assert_eq!(
            dateline("KYIV, Nov. 24, 2024 (Reuters) - Russian forces...").as_deref(),
            Some("2024-11-24")
        );
        assert_eq!(dateline("No date here at all."), None);
    }
}
