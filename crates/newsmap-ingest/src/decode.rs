//! Bytes to text: byte-order marks, declared charsets, and detection for texts that do not
//! say (Windows-1251 and KOI8-R Russian, ISO-8859-x, Windows-1252).

use encoding_rs::{Encoding, UTF_8, UTF_16BE, UTF_16LE};

use super::IngestError;

/// Whether the bytes look binary (NUL bytes or many control bytes near the start). UTF-16
/// with a byte-order mark is text.
pub fn looks_binary(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    let sample = &bytes[..bytes.len().min(8192)];
    if sample.contains(&0) {
        return true;
    }
    let controls = sample
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C | 0x1B))
        .count();
    controls * 100 > sample.len().max(1)
}

/// The charset a page or message declares in its first bytes (`<meta charset="...">`,
/// `encoding="..."`), when it names one `encoding_rs` knows.
pub fn declared_charset(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    for marker in ["charset=", "encoding="] {
        let mut from = 0;
        while let Some(at) = head[from..].find(marker) {
            let rest = &head[from + at + marker.len()..];
            let rest = rest.trim_start_matches(['"', '\'', ' ']);
            let label: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
                .collect();
            if let Some(enc) = Encoding::for_label(label.as_bytes()) {
                return Some(enc);
            }
            from += at + marker.len();
        }
    }
    None
}

/// Decodes text: a byte-order mark wins, then valid UTF-8, then the declared charset (for
/// pages), then a statistical guess. Binary content is refused.
pub fn decode(bytes: &[u8], declared: Option<&'static Encoding>) -> Result<String, IngestError> {
    if bytes.is_empty() {
        return Err(IngestError::Empty);
    }
    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        let (text, had_errors) = enc.decode_without_bom_handling(&bytes[bom_len..]);
        if had_errors && enc != UTF_8 {
            return Err(IngestError::NotText(format!("invalid {}", enc.name())));
        }
        return Ok(text.into_owned());
    }
    if looks_binary(bytes) {
        return Err(IngestError::NotText("binary content".into()));
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let enc = declared
        .filter(|e| *e != UTF_8 && *e != UTF_16LE && *e != UTF_16BE)
        .unwrap_or_else(|| {
            let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
            det.feed(bytes, true);
            det.guess(None, chardetng::Utf8Detection::Deny)
        });
    let (text, _, _) = enc.decode(bytes);
    Ok(text.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_cyrillic_single_byte_encodings() {
        let ru = "Российские войска обстреляли Курскую область и Покровск, сообщили в штабе. \
                  Жители города эвакуированы в безопасные районы области.";
        for enc in [encoding_rs::WINDOWS_1251, encoding_rs::KOI8_R] {
            let (bytes, _, _) = enc.encode(ru);
            assert_eq!(
                decode(&bytes, None).ok().as_deref(),
                Some(ru),
                "{}",
                enc.name()
            );
        }
    }

    #[test]
    fn declared_charset_is_read() {
        let page = b"<html><head><meta charset=\"windows-1251\"></head>";
        assert_eq!(declared_charset(page), Some(encoding_rs::WINDOWS_1251));
        assert_eq!(declared_charset(b"<html>"), None);
    }
}
