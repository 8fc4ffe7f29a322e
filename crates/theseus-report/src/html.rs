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

/// An amount as written in a source or an analysis text (`1234`, `-83.5`, `4389.54`), with comma grouping and
/// a consistent number of decimals: none for whole amounts, at least two otherwise (`1,234`, `-83.50`,
/// `4,389.54`). `None` when `raw` is not a plain decimal number.
pub(crate) fn amount(raw: &str) -> Option<String> {
    let (sign, digits) = match raw.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", raw.strip_prefix('+').unwrap_or(raw)),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    if int.is_empty() || !int.bytes().all(|b| b.is_ascii_digit()) || !frac.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    if digits.contains('.') && frac.is_empty() {
        return None;
    }
    let int = int.trim_start_matches('0');
    let int: u64 = if int.is_empty() { 0 } else { int.parse().ok()? };
    let frac = frac.trim_end_matches('0');
    let mut out = format!("{sign}{}", grouped(int));
    if !frac.is_empty() {
        out.push('.');
        out.push_str(frac);
        if frac.len() < 2 {
            out.push('0');
        }
    }
    Some(out)
}

/// Whether `s` starts with a three-letter currency code standing alone (`EUR`, `GBP`; not `THB-012`).
fn currency_at(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 3
        && b[..3].iter().all(u8::is_ascii_uppercase)
        && b.get(3).is_none_or(|c| !c.is_ascii_alphanumeric() && !matches!(c, b'-' | b'_' | b'/' | b':'))
}

/// Whether `s` ends with a three-letter currency code standing alone, as in `EUR 4300`.
fn currency_before(s: &str) -> bool {
    let b = s.as_bytes();
    let n = b.len();
    n >= 3
        && b[n - 3..].iter().all(u8::is_ascii_uppercase)
        && (n == 3 || !b[n - 4].is_ascii_alphanumeric() && !matches!(b[n - 4], b'-' | b'_' | b'/' | b':'))
}

/// The standalone numbers of `text`: byte ranges of digit runs with an optional decimal part that are not part
/// of a date, an identifier, a phone number or an already grouped figure.
fn numbers(text: &str) -> Vec<(usize, usize)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        if i + 1 < b.len() && b[i] == b'.' && b[i + 1].is_ascii_digit() {
            i += 1;
            while i < b.len() && b[i].is_ascii_digit() {
                i += 1;
            }
        }
        let before_ok = start == 0 || {
            let c = b[start - 1];
            !c.is_ascii_alphanumeric()
                && !matches!(c, b'+' | b'-' | b'.' | b'/' | b':' | b',' | b'_' | b'#')
                && c < 0x80
        };
        let after_ok = i == b.len() || {
            let c = b[i];
            // A comma or point followed by a digit continues the figure (`9,870`, `1.2.3`).
            let continues = matches!(c, b',' | b'.') && b.get(i + 1).is_some_and(u8::is_ascii_digit);
            let glued = c.is_ascii_alphanumeric() || matches!(c, b'-' | b'/' | b':' | b'_' | b'%') || c >= 0x80;
            !continues && !glued
        };
        if before_ok && after_ok {
            out.push((start, i));
        }
    }
    out
}

/// `text` with its amounts written the report's way (see [`amount`]): a number is taken for an amount when a
/// currency code follows it (`11890 EUR`) or precedes it (`EUR 11890`), or when it is the first figure of
/// `<number> of <amount>` (`23030 of 23830 EUR`). Dates, identifiers, phone numbers and counts are left alone.
pub(crate) fn amounts_in(text: &str) -> String {
    let found = numbers(text);
    let is_money = |k: usize| {
        let (s, e) = found[k];
        text[e..].strip_prefix(' ').is_some_and(currency_at) || text[..s].strip_suffix(' ').is_some_and(currency_before)
    };
    let mut out = String::with_capacity(text.len() + 8);
    let mut last = 0;
    for (k, &(s, e)) in found.iter().enumerate() {
        let money = is_money(k) || (k + 1 < found.len() && text[e..found[k + 1].0].eq(" of ") && is_money(k + 1));
        if !money {
            continue;
        }
        if let Some(formatted) = amount(&text[s..e]) {
            out.push_str(&text[last..s]);
            out.push_str(&formatted);
            last = e;
        }
    }
    out.push_str(&text[last..]);
    out
}

/// Compares two texts in natural order: runs of digits compare by value, so `line 9` sorts before `line 10`
/// and `/report/transaction[2]` before `/report/transaction[10]`.
pub(crate) fn natural_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    use std::cmp::Ordering;
    let (a, b) = (a.as_bytes(), b.as_bytes());
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].is_ascii_digit() && b[j].is_ascii_digit() {
            let (si, sj) = (i, j);
            while i < a.len() && a[i].is_ascii_digit() {
                i += 1;
            }
            while j < b.len() && b[j].is_ascii_digit() {
                j += 1;
            }
            let (da, db) = (trim_zeros(&a[si..i]), trim_zeros(&b[sj..j]));
            let ord = da.len().cmp(&db.len()).then_with(|| da.cmp(db)).then_with(|| (i - si).cmp(&(j - sj)));
            if ord != Ordering::Equal {
                return ord;
            }
        } else {
            if a[i] != b[j] {
                return a[i].cmp(&b[j]);
            }
            i += 1;
            j += 1;
        }
    }
    (a.len() - i).cmp(&(b.len() - j))
}

fn trim_zeros(d: &[u8]) -> &[u8] {
    let k = d.iter().position(|&c| c != b'0').unwrap_or(d.len());
    &d[k..]
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

    #[test]
    fn amounts_are_grouped_with_consistent_decimals() {
        assert_eq!(amount("11890").as_deref(), Some("11,890"));
        assert_eq!(amount("83.5").as_deref(), Some("83.50"));
        assert_eq!(amount("554.0").as_deref(), Some("554"));
        assert_eq!(amount("-4389.54").as_deref(), Some("-4,389.54"));
        assert_eq!(amount("0.00012").as_deref(), Some("0.00012"));
        assert_eq!(amount("12a"), None);
        assert_eq!(amount("1."), None);
        assert_eq!(
            amounts_in("14 cash deposits within 30 days (11890 EUR), no salary credit in the 90 days around them"),
            "14 cash deposits within 30 days (11,890 EUR), no salary credit in the 90 days around them"
        );
        assert_eq!(
            amounts_in("in 5 consecutive months, 23030 of 23830 EUR received was sent on within 24 hours"),
            "in 5 consecutive months, 23,030 of 23,830 EUR received was sent on within 24 hours"
        );
        assert_eq!(amounts_in("7 stays (554.0 EUR); EUR 4300 paid"), "7 stays (554 EUR); EUR 4,300 paid");
        // Dates, identifiers, phone numbers, codes and grouped figures stay as they are.
        for text in [
            "2026-03-02 phone +4917092681613 THB-014 DE28200698129169911863",
            "EUR 9,870 in total, 2024 THB-012",
            "line 2226, 78 % of 12000 cases",
        ] {
            assert_eq!(amounts_in(text), text);
        }
    }

    #[test]
    fn natural_order() {
        use std::cmp::Ordering::*;
        assert_eq!(natural_cmp("line 9", "line 10"), Less);
        assert_eq!(natural_cmp("sheet 'X' row 100", "sheet 'X' row 20"), Greater);
        assert_eq!(natural_cmp("/report/transaction[2]/amount", "/report/transaction[10]"), Less);
        assert_eq!(natural_cmp("line 7", "line 7"), Equal);
        assert_eq!(natural_cmp("line 07", "line 7"), Greater);
        assert_eq!(natural_cmp("a", "a1"), Less);
    }
}
