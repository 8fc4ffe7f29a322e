//! Hand-rolled formatting into byte buffers: integers, money in cents, dates, CSV fields. The statement
//! writers format millions of rows; going through `format!` and the `csv` crate per field would cost more
//! than generating the data.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

/// Appends an unsigned integer.
pub(crate) fn uint(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// Appends an unsigned integer left-padded with zeros to `width` digits.
#[inline]
pub(crate) fn pad(out: &mut Vec<u8>, v: u64, width: usize) {
    // Fast paths for the two- and four-digit fields of dates and times.
    if width == 2 && v < 100 {
        out.extend_from_slice(&[b'0' + (v / 10) as u8, b'0' + (v % 10) as u8]);
        return;
    }
    if width == 4 && v < 10_000 {
        out.extend_from_slice(&[
            b'0' + (v / 1000) as u8,
            b'0' + (v / 100 % 10) as u8,
            b'0' + (v / 10 % 10) as u8,
            b'0' + (v % 10) as u8,
        ]);
        return;
    }
    pad_slow(out, v, width);
}

fn pad_slow(out: &mut Vec<u8>, v: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    let mut v = v;
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    let start = buf.len().saturating_sub(width).min(i);
    out.extend_from_slice(&buf[start..]);
}

fn grouped(out: &mut Vec<u8>, units: u64, sep: u8) {
    if units < 1000 {
        uint(out, units);
        return;
    }
    grouped(out, units / 1000, sep);
    out.push(sep);
    pad(out, units % 1000, 3);
}

/// German number format, signed: `-1.234,50`.
pub(crate) fn de_amount(out: &mut Vec<u8>, cents: i64) {
    if cents < 0 {
        out.push(b'-');
    }
    let a = cents.unsigned_abs();
    grouped(out, a / 100, b'.');
    out.push(b',');
    pad(out, a % 100, 2);
}

/// English number format: `1,234.50`, with a minus sign when `signed` and negative.
pub(crate) fn en_amount(out: &mut Vec<u8>, cents: i64, signed: bool) {
    if signed && cents < 0 {
        out.push(b'-');
    }
    let a = cents.unsigned_abs();
    grouped(out, a / 100, b',');
    out.push(b'.');
    pad(out, a % 100, 2);
}

/// An unsigned English amount as a CSV field: quoted when the thousands separator is the delimiter.
pub(crate) fn field_amount_en(out: &mut Vec<u8>, cents: i64, delim: u8) {
    let quote = delim == b',' && cents.unsigned_abs() >= 100_000;
    if quote {
        out.push(b'"');
    }
    en_amount(out, cents, false);
    if quote {
        out.push(b'"');
    }
}

/// A signed English amount as a CSV field.
pub(crate) fn field_amount_en_signed(out: &mut Vec<u8>, cents: i64, delim: u8) {
    let quote = delim == b',' && cents.unsigned_abs() >= 100_000;
    if quote {
        out.push(b'"');
    }
    en_amount(out, cents, true);
    if quote {
        out.push(b'"');
    }
}

/// A plain decimal with a point and no grouping: `-1234.50`.
pub(crate) fn plain_amount(out: &mut Vec<u8>, cents: i64) {
    if cents < 0 {
        out.push(b'-');
    }
    let a = cents.unsigned_abs();
    uint(out, a / 100);
    out.push(b'.');
    pad(out, a % 100, 2);
}

/// `YYYY-MM-DD`.
pub(crate) fn iso_date(out: &mut Vec<u8>, d: NaiveDate) {
    pad(out, d.year() as u64, 4);
    out.push(b'-');
    pad(out, u64::from(d.month()), 2);
    out.push(b'-');
    pad(out, u64::from(d.day()), 2);
}

/// `YYYY-MM-DD HH:MM:SS` (or with `T` as separator).
pub(crate) fn iso_datetime(out: &mut Vec<u8>, t: NaiveDateTime, sep: u8) {
    iso_date(out, t.date());
    out.push(sep);
    hms(out, t);
}

/// `HH:MM:SS`.
pub(crate) fn hms(out: &mut Vec<u8>, t: NaiveDateTime) {
    pad(out, u64::from(t.hour()), 2);
    out.push(b':');
    pad(out, u64::from(t.minute()), 2);
    out.push(b':');
    pad(out, u64::from(t.second()), 2);
}

/// `+01:00`-style offset from whole hours.
pub(crate) fn offset(out: &mut Vec<u8>, hours: i64) {
    out.push(if hours < 0 { b'-' } else { b'+' });
    pad(out, hours.unsigned_abs(), 2);
    out.extend_from_slice(b":00");
}

/// `DD.MM.YYYY`.
pub(crate) fn de_date(out: &mut Vec<u8>, d: NaiveDate) {
    pad(out, u64::from(d.day()), 2);
    out.push(b'.');
    pad(out, u64::from(d.month()), 2);
    out.push(b'.');
    pad(out, d.year() as u64, 4);
}

/// `MM/DD/YYYY`.
pub(crate) fn us_date(out: &mut Vec<u8>, d: NaiveDate) {
    pad(out, u64::from(d.month()), 2);
    out.push(b'/');
    pad(out, u64::from(d.day()), 2);
    out.push(b'/');
    pad(out, d.year() as u64, 4);
}

/// `MM/DD/YYYY hh:mm AM` (12-hour clock).
pub(crate) fn us_datetime(out: &mut Vec<u8>, t: NaiveDateTime) {
    us_date(out, t.date());
    out.push(b' ');
    let h = t.hour();
    let h12 = match h % 12 {
        0 => 12,
        x => x,
    };
    pad(out, u64::from(h12), 2);
    out.push(b':');
    pad(out, u64::from(t.minute()), 2);
    out.extend_from_slice(if h < 12 { b" AM" } else { b" PM" });
}

/// Appends a CSV field, quoted when it contains the delimiter, a quote or a line break.
pub(crate) fn field(out: &mut Vec<u8>, s: &str, delim: u8) {
    let b = s.as_bytes();
    if b.iter().any(|&c| c == delim || c == b'"' || c == b'\n' || c == b'\r') {
        out.push(b'"');
        for &c in b {
            if c == b'"' {
                out.push(b'"');
            }
            out.push(c);
        }
        out.push(b'"');
    } else {
        out.extend_from_slice(b);
    }
}

/// Appends a JSON string literal.
pub(crate) fn json_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    for c in s.chars() {
        match c {
            '"' => out.extend_from_slice(b"\\\""),
            '\\' => out.extend_from_slice(b"\\\\"),
            '\n' => out.extend_from_slice(b"\\n"),
            '\r' => out.extend_from_slice(b"\\r"),
            '\t' => out.extend_from_slice(b"\\t"),
            c if (c as u32) < 0x20 => {
                out.extend_from_slice(b"\\u00");
                let v = c as u32;
                out.push(b"0123456789abcdef"[(v >> 4) as usize]);
                out.push(b"0123456789abcdef"[(v & 15) as usize]);
            }
            c => {
                let mut buf = [0u8; 4];
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
            }
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(f: impl Fn(&mut Vec<u8>)) -> String {
        let mut v = vec![];
        f(&mut v);
        String::from_utf8(v).unwrap()
    }

    #[test]
    fn numbers() {
        assert_eq!(s(|o| de_amount(o, -123_450)), "-1.234,50");
        assert_eq!(s(|o| de_amount(o, 5)), "0,05");
        assert_eq!(s(|o| de_amount(o, 123_456_789)), "1.234.567,89");
        assert_eq!(s(|o| en_amount(o, -123_450, false)), "1,234.50");
        assert_eq!(s(|o| en_amount(o, -100_000_000, true)), "-1,000,000.00");
        assert_eq!(s(|o| plain_amount(o, -1205)), "-12.05");
        assert_eq!(s(|o| pad(o, 42, 6)), "000042");
        assert_eq!(s(|o| uint(o, 0)), "0");
    }

    #[test]
    fn dates() {
        let t = crate::calendar::date(2026, 3, 5).and_hms_opt(0, 7, 9).unwrap();
        assert_eq!(s(|o| us_datetime(o, t)), "03/05/2026 12:07 AM");
        let t = crate::calendar::date(2026, 3, 5).and_hms_opt(13, 7, 9).unwrap();
        assert_eq!(s(|o| us_datetime(o, t)), "03/05/2026 01:07 PM");
        assert_eq!(s(|o| iso_datetime(o, t, b'T')), "2026-03-05T13:07:09");
        assert_eq!(s(|o| offset(o, 2)), "+02:00");
    }

    #[test]
    fn csv_and_json() {
        assert_eq!(s(|o| field(o, "Petrov, Aleksandr", b',')), "\"Petrov, Aleksandr\"");
        assert_eq!(s(|o| field(o, "a \"b\"", b';')), "\"a \"\"b\"\"\"");
        assert_eq!(s(|o| field(o, "plain", b';')), "plain");
        assert_eq!(s(|o| json_str(o, "a\"\n\u{1}ü")), "\"a\\\"\\n\\u0001ü\"");
    }
}
