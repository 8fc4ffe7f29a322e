//! Small text helpers shared by the HTML page and the SVG pictures: escaping, anchors, number formats.

/// Writes into a `String`; formatting into a `String` cannot fail, so the result is dropped.
macro_rules! w {
    ($dst:expr, $($arg:tt)*) => {{
        use ::std::fmt::Write as _;
        let _ = $dst.write_fmt(format_args!($($arg)*));
    }};
}
pub(crate) use w;

/// Escapes text for HTML and SVG content and for double- or single-quoted attribute values.
pub(crate) fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Control characters other than tab and newline are not allowed in HTML or XML text.
            c if c.is_control() && c != '\t' && c != '\n' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// An element id made of `prefix` and a record or subject id.
///
/// Ids made by Theseus are hex digests and are kept as they are, so the anchor reads `src-<record id>`. Ids a
/// source gave its records may contain spaces, `#` or other characters that break a URL fragment; those
/// characters (and `~`, which keeps the mapping one-to-one) are written as `~XX` per UTF-8 byte.
pub(crate) fn anchor(prefix: &str, id: &str) -> String {
    let mut out = String::with_capacity(prefix.len() + id.len());
    out.push_str(prefix);
    for c in id.chars() {
        if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':') {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push('~');
                out.push_str(&format!("{b:02X}"));
            }
        }
    }
    out
}

/// Cuts `s` to at most `max` characters, ending with an ellipsis when cut.
pub(crate) fn truncate(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out = out.trim_end().to_string();
    out.push('…');
    out
}

/// A score with one decimal.
pub(crate) fn score(x: f64) -> String {
    if x.is_finite() { format!("{x:.1}") } else { "–".to_string() }
}

/// An integer with thin-space-free comma grouping: `1234567` → `1,234,567`.
pub(crate) fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A file size in bytes and in a readable unit: `1,234,567 bytes (1.2 MB)`.
pub(crate) fn bytes(n: u64) -> String {
    const UNITS: [&str; 5] = ["KB", "MB", "GB", "TB", "PB"];
    if n < 1000 {
        return format!("{n} bytes");
    }
    let mut v = n as f64 / 1000.0;
    let mut unit = 0;
    while v >= 1000.0 && unit + 1 < UNITS.len() {
        v /= 1000.0;
        unit += 1;
    }
    format!("{} bytes ({v:.1} {})", grouped(n), UNITS[unit])
}

/// The name of a chain role code (see `Hit::roles`).
pub(crate) fn role_name(code: &str) -> &str {
    match code {
        "R" => "Recruiter",
        "T" => "Transporter",
        "X" => "Exploiter",
        "F" => "Facilitator",
        "B" => "Beneficiary",
        "CB" => "Complicit business",
        "V" => "Victim",
        "BU" => "Buyer",
        other => other,
    }
}

/// A number for SVG coordinates: one decimal, no `-0.0`.
pub(crate) fn num(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r == 0.0 || !r.is_finite() {
        "0".to_string()
    } else if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(esc(r#"<a href="x">&'"#), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }

    #[test]
    fn anchors_keep_plain_ids_and_encode_the_rest() {
        assert_eq!(anchor("src-", "ab12:x.y_z-1"), "src-ab12:x.y_z-1");
        assert_eq!(anchor("src-", "a b#~é"), "src-a~20b~23~7E~C3~A9");
    }

    #[test]
    fn formats() {
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(999), "999");
        assert_eq!(bytes(12), "12 bytes");
        assert_eq!(bytes(1_234_567), "1,234,567 bytes (1.2 MB)");
        assert_eq!(truncate("abcdefgh", 5), "abcd…");
        assert_eq!(num(-0.01), "0");
        assert_eq!(num(3.0), "3");
        assert_eq!(num(3.25), "3.3");
    }
}
