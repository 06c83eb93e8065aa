//! KML 2.2: a Document with one Placemark per place and per relative location.

use std::io::Write;

use quick_xml::Writer;
use quick_xml::events::{BytesCData, BytesDecl, BytesEnd, BytesStart, BytesText, Event};

use super::{ExportError, relative_label, relative_out, round3, selected_relatives};
use crate::collection::{Collection, MentionRef, ParsedDocument};
use crate::filter::Filter;
use crate::gazetteer::Gazetteer;
use crate::geoparse::Mention;

const KML_NS: &str = "http://www.opengis.net/kml/2.2";

/// KML 2.2 of what `filter` keeps: a `<Document>` with one `<Placemark>` per place (most
/// mentioned first) and one per relative location. Each has its `<name>`, a
/// `<description>` holding its excerpts as HTML (title, source, date, the sentence with the
/// name in bold), `<ExtendedData>` (`id`, `kind`, `country`, `region`, `mentions`) and a
/// `<Point>`.
pub fn kml(gaz: &Gazetteer, coll: &Collection, filter: &Filter) -> Result<String, ExportError> {
    let bytes = write_kml(Vec::new(), gaz, coll, filter)?;
    String::from_utf8(bytes)
        .map_err(|e| ExportError::Io(std::io::Error::new(std::io::ErrorKind::InvalidData, e)))
}

/// [`kml()`], written to `out` a placemark at a time.
pub(super) fn write_kml<W: Write>(
    out: W,
    gaz: &Gazetteer,
    coll: &Collection,
    filter: &Filter,
) -> Result<W, ExportError> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.write_event(Event::Start(
        BytesStart::new("kml").with_attributes([("xmlns", KML_NS)]),
    ))?;
    w.write_event(Event::Start(BytesStart::new("Document")))?;
    text_element(&mut w, "name", "newsmap")?;
    for pm in crate::filter::places(coll, gaz, filter) {
        let p = gaz.place(pm.place);
        let mentions: Vec<(&ParsedDocument, &Mention)> = pm
            .mentions
            .iter()
            .filter_map(|&r| coll.mention(r))
            .collect();
        let country = gaz.country_name(p).unwrap_or_default();
        let region = gaz.region_name(p).unwrap_or_default();
        let count = mentions.len().to_string();
        let radius = round3(f64::from(p.radius_km)).to_string();
        let mut data = vec![
            ("id", p.id.as_str()),
            ("kind", p.kind.as_str()),
            ("country", country),
            ("region", region),
            ("mentions", count.as_str()),
        ];
        if !p.admin2.is_empty() {
            data.push(("district", p.admin2.as_str()));
        }
        if p.radius_km > 0.0 {
            data.push(("radius_km", radius.as_str()));
        }
        placemark(
            &mut w,
            gaz.display_name(p),
            &mentions,
            &data,
            (p.lon, p.lat),
        )?;
    }
    for r in selected_relatives(gaz, coll, filter) {
        relative_placemark(&mut w, gaz, coll, r)?;
    }
    w.write_event(Event::End(BytesEnd::new("Document")))?;
    w.write_event(Event::End(BytesEnd::new("kml")))?;
    let mut out = w.into_inner();
    out.write_all(b"\n")?;
    Ok(out)
}

fn relative_placemark(
    w: &mut Writer<impl Write>,
    gaz: &Gazetteer,
    coll: &Collection,
    r: MentionRef,
) -> Result<(), ExportError> {
    let Some((pd, m)) = coll.mention(r) else {
        return Ok(());
    };
    let (Some(rel), Some(res)) = (relative_out(gaz, m), &m.resolution) else {
        return Ok(());
    };
    let anchor = gaz.place(res.place);
    let name = relative_label(rel.distance_km, rel.bearing_deg, gaz.display_name(anchor));
    let id = format!("{}+{}km@{}", rel.anchor, rel.distance_km, rel.bearing_deg);
    let country = gaz.country_name(anchor).unwrap_or_default();
    let region = gaz.region_name(anchor).unwrap_or_default();
    let (distance, bearing, radius) = (
        round3(rel.distance_km).to_string(),
        rel.bearing_deg.to_string(),
        round3(rel.radius_km).to_string(),
    );
    placemark(
        w,
        &name,
        &[(pd, m)],
        &[
            ("id", id.as_str()),
            ("kind", "relative"),
            ("country", country),
            ("region", region),
            ("mentions", "1"),
            ("anchor", rel.anchor.as_str()),
            ("distance_km", distance.as_str()),
            ("bearing_deg", bearing.as_str()),
            ("radius_km", radius.as_str()),
        ],
        (rel.lon, rel.lat),
    )
}

fn placemark(
    w: &mut Writer<impl Write>,
    name: &str,
    mentions: &[(&ParsedDocument, &Mention)],
    data: &[(&str, &str)],
    (lon, lat): (f64, f64),
) -> Result<(), ExportError> {
    w.write_event(Event::Start(BytesStart::new("Placemark")))?;
    text_element(w, "name", name)?;
    w.write_event(Event::Start(BytesStart::new("description")))?;
    let html = description(mentions);
    for part in BytesCData::escaped(&html) {
        w.write_event(Event::CData(part))?;
    }
    w.write_event(Event::End(BytesEnd::new("description")))?;
    w.write_event(Event::Start(BytesStart::new("ExtendedData")))?;
    for (key, value) in data {
        w.write_event(Event::Start(
            BytesStart::new("Data").with_attributes([("name", *key)]),
        ))?;
        text_element(w, "value", value)?;
        w.write_event(Event::End(BytesEnd::new("Data")))?;
    }
    w.write_event(Event::End(BytesEnd::new("ExtendedData")))?;
    w.write_event(Event::Start(BytesStart::new("Point")))?;
    text_element(w, "coordinates", &format!("{lon},{lat}"))?;
    w.write_event(Event::End(BytesEnd::new("Point")))?;
    w.write_event(Event::End(BytesEnd::new("Placemark")))?;
    Ok(())
}

/// `<name>text</name>`, the text escaped and stripped of characters XML cannot hold.
fn text_element(w: &mut Writer<impl Write>, tag: &str, text: &str) -> Result<(), ExportError> {
    let text = xml_chars(text);
    w.write_event(Event::Start(BytesStart::new(tag)))?;
    w.write_event(Event::Text(BytesText::new(&text)))?;
    w.write_event(Event::End(BytesEnd::new(tag)))?;
    Ok(())
}

/// The excerpts as HTML: per mention, the title (a link when there is an address), the
/// source and date, and the sentence with the name in bold.
fn description(mentions: &[(&ParsedDocument, &Mention)]) -> String {
    let mut html = String::new();
    for (pd, m) in mentions {
        let doc = &pd.doc;
        html.push_str("<p>");
        let title = doc.title.as_deref().unwrap_or("");
        match (&doc.url, title.is_empty()) {
            (Some(url), _) => {
                let label = if title.is_empty() {
                    url.as_str()
                } else {
                    title
                };
                html.push_str(&format!(
                    "<a href=\"{}\"><b>{}</b></a><br/>",
                    esc(url),
                    esc(label)
                ));
            }
            (None, false) => html.push_str(&format!("<b>{}</b><br/>", esc(title))),
            (None, true) => {}
        }
        html.push_str(&format!("<i>{}", esc(&doc.source_label())));
        if let Some(date) = &doc.date {
            html.push_str(&format!(", {}", esc(date)));
        }
        html.push_str("</i><br/>");
        let text = &doc.text;
        let (s0, s1) = m.sentence;
        let parts = (
            text.get(s0..m.start),
            text.get(m.start..m.end),
            text.get(m.end..s1),
        );
        if let (Some(before), Some(name), Some(after)) = parts {
            html.push_str(&format!(
                "{}<b>{}</b>{}",
                esc(before),
                esc(name),
                esc(after)
            ));
        } else {
            html.push_str(&esc(text.get(s0..s1).unwrap_or_default()));
        }
        if m.correction.is_some() {
            html.push_str(" <i>(corrected)</i>");
        }
        html.push_str("</p>\n");
    }
    html
}

/// HTML-escaped text (which then holds no `]]>`), without characters XML cannot hold.
fn esc(s: &str) -> String {
    quick_xml::escape::escape(xml_chars(s).as_ref()).into_owned()
}

/// The text without the characters XML 1.0 forbids (control characters other than tab,
/// line feed and carriage return; U+FFFE, U+FFFF).
fn xml_chars(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if s.contains(bad) {
        s.chars().filter(|&c| !bad(c)).collect::<String>().into()
    } else {
        s.into()
    }
}
