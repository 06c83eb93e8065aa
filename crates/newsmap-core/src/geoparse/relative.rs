//! Relative locations: "a village around 10 kilometers south of Kurakhove", "20 km
//! north-east of Pokrovsk", "on the outskirts of Bakhmut". The place named is the anchor;
//! the text puts the event at a point derived from it, with an uncertainty radius.

use std::sync::OnceLock;

use geo::{Destination, Geodesic, Point};
use regex::Regex;
use serde::Serialize;

/// A location given relative to a named place.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, serde::Deserialize)]
pub struct Relative {
    /// Distance from the anchor in km (0 for "on the outskirts of").
    pub distance_km: f64,
    /// Bearing from the anchor in degrees clockwise from north.
    pub bearing_deg: f64,
    /// How far the real place may be from the derived point, in km.
    pub radius_km: f64,
    /// Latitude of the derived point.
    pub lat: f64,
    /// Longitude of the derived point.
    pub lon: f64,
}

/// Distance, unit and direction right before a name, written as words.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Offset {
    /// Distance in km.
    pub distance_km: f64,
    /// Bearing in degrees.
    pub bearing_deg: f64,
    /// Uncertainty in km.
    pub radius_km: f64,
}

fn pattern() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?ix)
            (?:
              (?P<num>\d+(?:[.,]\d+)?) | (?P<word>one|two|three|four|five|six|seven|eight|nine|ten|
                eleven|twelve|fifteen|twenty|thirty|forty|fifty|a\ few|several)
            )
            \s*-?\s*
            (?P<unit>km|kms|kilometers|kilometres|kilometer|kilometre|miles|mile|mi)\.?
            (?:\s*\([^)]{0,40}\))?
            \s+(?:to\ the\s+)?
            (?P<dir>north[-\ ]?east|north[-\ ]?west|south[-\ ]?east|south[-\ ]?west|north|south|east|west)
            (?:ern|ward|wards)?
            \s+of\s+
            (?:the\s+(?:[\w'’-]+\s+){0,3}?(?:city|town|village|hub|settlement|port|centre|center|capital|stronghold)\s+of\s+)?
            $",
        )
        .ok()
    })
    .as_ref()
}

fn outskirts() -> Option<&'static Regex> {
    static RE: OnceLock<Option<Regex>> = OnceLock::new();
    RE.get_or_init(|| {
        Regex::new(
            r"(?ix)
            (?:outskirts|edge|fringes?)\s+of\s+
            (?:the\s+(?:[\w'’-]+\s+){0,3}?(?:city|town|village|hub|settlement|port|capital)\s+of\s+)?
            $",
        )
        .ok()
    })
    .as_ref()
}

fn number(word: &str) -> Option<f64> {
    Some(match word.to_lowercase().as_str() {
        "one" => 1.0,
        "two" => 2.0,
        "three" => 3.0,
        "four" => 4.0,
        "five" => 5.0,
        "six" => 6.0,
        "seven" => 7.0,
        "eight" => 8.0,
        "nine" => 9.0,
        "ten" => 10.0,
        "eleven" => 11.0,
        "twelve" => 12.0,
        "fifteen" => 15.0,
        "twenty" => 20.0,
        "thirty" => 30.0,
        "forty" => 40.0,
        "fifty" => 50.0,
        "a few" => 3.0,
        "several" => 5.0,
        _ => return None,
    })
}

fn bearing(dir: &str) -> Option<f64> {
    let d: String = dir
        .to_lowercase()
        .chars()
        .filter(|c| c.is_ascii_alphabetic())
        .collect();
    Some(match d.as_str() {
        "north" => 0.0,
        "northeast" => 45.0,
        "east" => 90.0,
        "southeast" => 135.0,
        "south" => 180.0,
        "southwest" => 225.0,
        "west" => 270.0,
        "northwest" => 315.0,
        _ => return None,
    })
}

/// The offset that `before` (the text of the sentence up to a name) ends with, if any.
pub fn offset_before(before: &str) -> Option<Offset> {
    // Only the end of the sentence before the name matters.
    let start = before.char_indices().rev().nth(160).map_or(0, |(i, _)| i);
    let tail = &before[start..];
    if let Some(c) = pattern().and_then(|re| re.captures(tail)) {
        let amount = match (c.name("num"), c.name("word")) {
            (Some(n), _) => n.as_str().replace(',', ".").parse::<f64>().ok()?,
            (None, Some(w)) => number(w.as_str())?,
            _ => return None,
        };
        let unit = c.name("unit")?.as_str().to_lowercase();
        let km = if unit.starts_with('m') {
            amount * 1.609_344
        } else {
            amount
        };
        if !(0.0..=2000.0).contains(&km) {
            return None;
        }
        return Some(Offset {
            distance_km: km,
            bearing_deg: bearing(c.name("dir")?.as_str())?,
            // The direction is one of eight (±22.5°) and the distance is rounded.
            radius_km: (0.4 * km).max(2.0),
        });
    }
    if outskirts().is_some_and(|re| re.is_match(tail)) {
        return Some(Offset {
            distance_km: 0.0,
            bearing_deg: 0.0,
            radius_km: 5.0,
        });
    }
    None
}

impl Offset {
    /// The point this offset makes from an anchor at `lat`, `lon`.
    pub fn applied_at(self, lat: f64, lon: f64) -> Relative {
        let p = Geodesic.destination(
            Point::new(lon, lat),
            self.bearing_deg,
            self.distance_km * 1000.0,
        );
        Relative {
            distance_km: self.distance_km,
            bearing_deg: self.bearing_deg,
            radius_km: self.radius_km,
            lat: p.y(),
            lon: p.x(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_distance_direction_and_outskirts() {
        let o = offset_before(
            "seized a small village in the eastern Donetsk region, around 10 kilometers (six miles) south of the industrial hub of ",
        );
        assert_eq!(
            o.map(|o| (o.distance_km, o.bearing_deg)),
            Some((10.0, 180.0))
        );
        let o = offset_before("shelling 20 km north-east of ");
        assert_eq!(
            o.map(|o| (o.distance_km, o.bearing_deg)),
            Some((20.0, 45.0))
        );
        let o = offset_before("a town five miles west of ");
        assert!(o.is_some_and(|o| (o.distance_km - 8.05).abs() < 0.01 && o.bearing_deg == 270.0));
        let o = offset_before("fighting on the outskirts of ");
        assert_eq!(o.map(|o| (o.distance_km, o.radius_km)), Some((0.0, 5.0)));
        assert_eq!(offset_before("troops moved south of "), None);
        assert_eq!(offset_before("10 km south of the river near "), None);
    }

    #[test]
    fn derives_a_point() {
        let r = Offset {
            distance_km: 10.0,
            bearing_deg: 180.0,
            radius_km: 4.0,
        }
        .applied_at(47.985, 37.281);
        assert!((r.lat - (47.985 - 0.09)).abs() < 0.01, "{}", r.lat);
        assert!((r.lon - 37.281).abs() < 0.001);
    }
}
