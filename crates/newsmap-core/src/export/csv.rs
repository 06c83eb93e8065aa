//! CSV: one row per mention.

use super::{ExportError, round3, selected_mentions};
use crate::collection::Collection;
use crate::filter::Filter;
use crate::gazetteer::Gazetteer;

/// The CSV header, in column order.
pub const CSV_COLUMNS: [&str; 16] = [
    "document",
    "title",
    "source",
    "date",
    "surface",
    "sentence",
    "place_id",
    "name",
    "kind",
    "country",
    "region",
    "lat",
    "lon",
    "radius_km",
    "confidence",
    "corrected",
];

/// CSV (RFC 4180, UTF-8, header row) with one row per mention that `filter` keeps (see
/// [`super::selected_mentions`]), in document load order then text order. `document` is
/// the document's path; an unresolved mention (or one a correction marked "not a place")
/// has empty place columns; `corrected` is `true` when a user's correction decided the
/// mention.
pub fn csv(gaz: &Gazetteer, coll: &Collection, filter: &Filter) -> Result<String, ExportError> {
    let bytes = write_csv(Vec::new(), gaz, coll, filter)?;
    String::from_utf8(bytes)
        .map_err(|e| ExportError::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

/// [`csv()`], written to `out` a row at a time.
pub(super) fn write_csv<W: std::io::Write>(
    out: W,
    gaz: &Gazetteer,
    coll: &Collection,
    filter: &Filter,
) -> Result<W, ExportError> {
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(out);
    w.write_record(CSV_COLUMNS)?;
    for r in selected_mentions(gaz, coll, filter) {
        let Some((pd, m)) = coll.mention(r) else {
            continue;
        };
        let doc = &pd.doc;
        let mut row: Vec<String> = vec![
            doc.path.clone(),
            doc.title.clone().unwrap_or_default(),
            doc.source_label(),
            doc.date.clone().unwrap_or_default(),
            m.surface(&doc.text).to_string(),
            m.sentence_text(&doc.text).to_string(),
        ];
        match &m.resolution {
            Some(res) => {
                let p = gaz.place(res.place);
                row.extend([
                    p.id.clone(),
                    gaz.display_name(p).to_string(),
                    p.kind.as_str().to_string(),
                    gaz.country_name(p).unwrap_or_default().to_string(),
                    gaz.region_name(p).unwrap_or_default().to_string(),
                    p.lat.to_string(),
                    p.lon.to_string(),
                    if p.radius_km > 0.0 {
                        round3(f64::from(p.radius_km)).to_string()
                    } else {
                        String::new()
                    },
                    round3(res.confidence).to_string(),
                ]);
            }
            None => row.extend(std::iter::repeat_n(String::new(), 9)),
        }
        row.push(m.correction.is_some().to_string());
        w.write_record(&row)?;
    }
    Ok(w.into_inner().map_err(|e| e.into_error())?)
}
