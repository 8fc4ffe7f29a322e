//! Decoding of text files in the encodings banks actually use.

use encoding_rs::Encoding;

/// Decodes `bytes` with the named encoding (any WHATWG label: `utf-8`, `windows-1252`, `utf-16le`…; `utf-16`
/// lets the byte-order mark decide). A byte-order mark always wins over the label, as it does in every
/// spreadsheet program. Returns the text and whether any byte could not be decoded (replaced by U+FFFD).
pub fn decode(bytes: &[u8], label: &str) -> Result<(String, bool), String> {
    let label = label.trim().to_ascii_lowercase();
    let enc = if label == "utf-16" {
        encoding_rs::UTF_16LE
    } else {
        Encoding::for_label(label.as_bytes()).ok_or_else(|| format!("unknown encoding '{label}'"))?
    };
    let (text, _used, had_errors) = enc.decode(bytes);
    Ok((text.into_owned(), had_errors))
}

/// Whether the bytes look like a binary file rather than text in some encoding: NUL bytes that a UTF-16
/// byte-order mark does not explain, or mostly control characters.
pub fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return false;
    }
    let controls = head.iter().filter(|&&b| b < 0x09 || (b > 0x0d && b < 0x20)).count();
    head.contains(&0) || controls * 10 > head.len().max(1)
}
