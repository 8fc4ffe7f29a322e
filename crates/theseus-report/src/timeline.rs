//! The timeline picture: one lane per subject on a horizontal time axis with month ticks.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime};
use theseus_analysis::output::TimelineEvent;

use crate::html::{esc, num, truncate, w};

const LANE_H: f64 = 30.0;
const TOP: f64 = 12.0;
const RIGHT: f64 = 24.0;
/// Colour of `payment` events; indicator codes get the palette below in code order.
const PAYMENT_COLOUR: &str = "#8c8c8c";
/// Colours of the victim-warning mark, as in the report's badge.
const VICTIM_BG: &str = "#fff5dc";
const VICTIM_MARK: &str = "#e69500";
const VICTIM_INK: &str = "#6e4500";
/// Colour-blind-safe colours first (Okabe–Ito without its yellow), then distinct extras. Past twelve codes the
/// colours repeat with another dot shape (diamond, then square), so that every code stays distinguishable.
const PALETTE: [&str; 12] = [
    "#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9", "#7f3c8d", "#8c564b", "#bcbd22", "#1a1a1a",
    "#e7298a", "#393b79",
];

/// Draws the events as a standalone `<svg>` `width` pixels wide; the height follows from the number of lanes.
///
/// There is one lane per subject (in order of the subject's first event), a dot per event coloured by its
/// code (`payment` in grey), a `<title>` tooltip per dot with the date, code, text and record id, and a legend
/// of the codes. Events whose time stamp cannot be read as an ISO date are left out of the picture and counted
/// in a note under it. No events gives a small "no dated events" placeholder.
pub fn timeline_svg(events: &[TimelineEvent], width: f64) -> String {
    timeline_svg_marked(events, width, &BTreeSet::new())
}

/// [`timeline_svg`] with the lanes named in `victims` marked as those of subjects with a victim warning: the
/// lane is shaded amber, its label starts with ⚠, every dot's tooltip repeats the warning, and the legend
/// explains the mark. A likely victim is never shown in a lane of its own without the warning.
pub fn timeline_svg_marked(events: &[TimelineEvent], width: f64, victims: &BTreeSet<String>) -> String {
    let width = if width.is_finite() { width.max(320.0) } else { 960.0 };
    let dated: Vec<(NaiveDateTime, &TimelineEvent)> =
        events.iter().filter_map(|e| parse_ts(&e.ts).map(|t| (t, e))).collect();
    let undated = events.len() - dated.len();
    let mut o = String::with_capacity(2048 + dated.len() * 250);

    if dated.is_empty() {
        let height = 64.0;
        open(&mut o, width, height);
        let text = if undated == 0 {
            "No dated events.".to_string()
        } else {
            format!("No event has a readable date ({undated} event(s) are listed in the table only).")
        };
        w!(
            o,
            r##"<text x="{}" y="{}" text-anchor="middle" font-size="13" fill="#666666">{}</text></svg>"##,
            num(width / 2.0),
            num(height / 2.0 + 4.0),
            esc(&text)
        );
        return o;
    }

    // Lanes in order of first appearance.
    let mut lanes: Vec<&str> = Vec::new();
    for (_, e) in &dated {
        if !lanes.contains(&e.subject.as_str()) {
            lanes.push(e.subject.as_str());
        }
    }
    let codes: BTreeSet<&str> = dated.iter().map(|(_, e)| e.code.as_str()).collect();
    let style = |code: &str| -> (&'static str, usize) {
        if code == "payment" {
            return (PAYMENT_COLOUR, 0);
        }
        let i = codes.iter().filter(|c| **c != "payment").position(|c| *c == code).unwrap_or(0);
        (PALETTE[i % PALETTE.len()], (i / PALETTE.len()) % 3)
    };

    let label_w = (width * 0.22).clamp(90.0, 200.0);
    let x0 = label_w + 12.0;
    let x1 = width - RIGHT;
    let plot_w = (x1 - x0).max(10.0);
    let axis_y = TOP + lanes.len() as f64 * LANE_H;

    // Legend rows (codes), laid out before the height is known.
    let mut legend_rows: Vec<Vec<&str>> = vec![Vec::new()];
    let mut lx = 0.0;
    for code in &codes {
        let iw = 24.0 + code.chars().count() as f64 * 6.5;
        if lx + iw > width - 24.0 && legend_rows.last().is_some_and(|r| !r.is_empty()) {
            legend_rows.push(Vec::new());
            lx = 0.0;
        }
        if let Some(row) = legend_rows.last_mut() {
            row.push(code);
        }
        lx += iw;
    }
    let any_victim = lanes.iter().any(|l| victims.contains(*l));
    if any_victim {
        legend_rows.push(Vec::new());
    }
    let legend_y = axis_y + 40.0;
    let note_h = if undated > 0 { 18.0 } else { 0.0 };
    let height = legend_y + legend_rows.len() as f64 * 18.0 + note_h + 6.0;
    open(&mut o, width, height);

    // Time scale, padded so that the first and last dots are not on the frame.
    let secs = |t: &NaiveDateTime| t.and_utc().timestamp() as f64;
    let mut t_min = dated.iter().map(|(t, _)| secs(t)).fold(f64::MAX, f64::min);
    let mut t_max = dated.iter().map(|(t, _)| secs(t)).fold(f64::MIN, f64::max);
    if t_max - t_min < 86_400.0 * 30.0 {
        let mid = (t_min + t_max) / 2.0;
        t_min = mid - 86_400.0 * 15.0;
        t_max = mid + 86_400.0 * 15.0;
    }
    let pad = (t_max - t_min) * 0.03;
    t_min -= pad;
    t_max += pad;
    let x_of = |t: f64| x0 + (t - t_min) / (t_max - t_min) * plot_w;

    // Lane backgrounds and labels.
    for (i, lane) in lanes.iter().enumerate() {
        let y = TOP + i as f64 * LANE_H;
        let victim = victims.contains(*lane);
        if victim {
            w!(
                o,
                r##"<rect x="1" y="{}" width="{}" height="{}" fill="{}"/><rect x="1" y="{}" width="5" height="{}" fill="{}"/>"##,
                num(y),
                num(width - 2.0),
                num(LANE_H),
                VICTIM_BG,
                num(y),
                num(LANE_H),
                VICTIM_MARK
            );
        } else if i % 2 == 0 {
            w!(o, r##"<rect x="0" y="{}" width="{}" height="{}" fill="#f4f5f7"/>"##, num(y), num(width), num(LANE_H));
        }
        let max_chars = ((label_w - 8.0) / 6.6).max(6.0) as usize;
        let (shown, tip, colour, weight) = if victim {
            (
                format!("⚠ {}", truncate(lane, max_chars.saturating_sub(2))),
                format!("{lane}\nLIKELY VICTIM: review before treating as an offender"),
                VICTIM_INK,
                r#" font-weight="bold""#,
            )
        } else {
            (truncate(lane, max_chars), lane.to_string(), "#222222", "")
        };
        w!(
            o,
            r##"<text x="{}" y="{}" text-anchor="end" font-size="11" fill="{}"{}><title>{}</title>{}</text>"##,
            num(x0 - 10.0),
            num(y + LANE_H / 2.0 + 4.0),
            colour,
            weight,
            esc(&tip),
            esc(&shown)
        );
    }

    // Month ticks.
    let first = DateTime::from_timestamp(t_min as i64, 0).map(|d| d.date_naive()).unwrap_or_default();
    let last = DateTime::from_timestamp(t_max as i64, 0).map(|d| d.date_naive()).unwrap_or_default();
    let m_first = first.year() as i64 * 12 + first.month0() as i64;
    let m_last = last.year() as i64 * 12 + last.month0() as i64;
    let max_ticks = ((plot_w / 62.0).floor() as i64).max(2);
    let step =
        [1i64, 2, 3, 6, 12, 24, 60, 120, 600].into_iter().find(|s| (m_last - m_first) / s < max_ticks).unwrap_or(1200);
    w!(o, r##"<g class="axis" font-size="10" fill="#444444">"##);
    w!(
        o,
        r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#555555" stroke-width="1"/>"##,
        num(x0),
        num(axis_y),
        num(x1),
        num(axis_y)
    );
    let mut m = m_first.div_euclid(step) * step;
    while m <= m_last + step {
        let date = NaiveDate::from_ymd_opt(m.div_euclid(12) as i32, m.rem_euclid(12) as u32 + 1, 1);
        if let Some(date) = date {
            let t = secs(&date.and_hms_opt(0, 0, 0).unwrap_or_default());
            if t >= t_min && t <= t_max {
                let x = x_of(t);
                let label = if step >= 12 { date.format("%Y").to_string() } else { date.format("%Y-%m").to_string() };
                w!(
                    o,
                    r##"<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d5d8dc" stroke-width="1"/><line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#555555"/><text x="{}" y="{}" text-anchor="middle">{}</text>"##,
                    num(x),
                    num(TOP),
                    num(x),
                    num(axis_y),
                    num(x),
                    num(axis_y),
                    num(x),
                    num(axis_y + 5.0),
                    num(x),
                    num(axis_y + 17.0),
                    label
                );
            }
        }
        m += step;
    }
    o.push_str("</g>");

    // Dots; events that fall on the same spot of a lane are fanned out vertically.
    const FAN: [f64; 5] = [0.0, -7.0, 7.0, -11.0, 11.0];
    let mut used: std::collections::BTreeMap<(usize, i64), usize> = std::collections::BTreeMap::new();
    o.push_str(r##"<g class="events" stroke="#ffffff" stroke-width="1">"##);
    for (t, e) in &dated {
        let lane = lanes.iter().position(|l| *l == e.subject).unwrap_or(0);
        let x = x_of(secs(t));
        let slot = used.entry((lane, (x / 6.0).round() as i64)).or_insert(0);
        let y = TOP + lane as f64 * LANE_H + LANE_H / 2.0 + FAN[*slot % FAN.len()];
        *slot += 1;
        let warning = if victims.contains(&e.subject) { " (LIKELY VICTIM: review)" } else { "" };
        let title = format!("{} · {} · {}{warning}\n{}\nrecord {}", e.ts, e.code, e.subject, e.text, e.record);
        let (fill, shape) = style(&e.code);
        dot(&mut o, x, y, fill, shape, Some(&title));
    }
    o.push_str("</g>");

    // Legend of codes.
    w!(o, r##"<g class="legend" font-size="11" fill="#333333">"##);
    for (r, row) in legend_rows.iter().enumerate() {
        let cy = legend_y + r as f64 * 18.0;
        let mut x = 12.0;
        for code in row {
            let (fill, shape) = style(code);
            dot(&mut o, x + 5.0, cy, fill, shape, None);
            w!(o, r#"<text x="{}" y="{}">{}</text>"#, num(x + 14.0), num(cy + 4.0), esc(code));
            x += 24.0 + code.chars().count() as f64 * 6.5;
        }
    }
    if any_victim {
        let cy = legend_y + (legend_rows.len() - 1) as f64 * 18.0;
        w!(
            o,
            r##"<rect x="12" y="{}" width="10" height="12" fill="{}" stroke="{}"/><text x="26" y="{}" fill="{}">⚠ Likely victim – review: the subject of this lane carries a victim warning; do not treat as an offender without review</text>"##,
            num(cy - 6.0),
            VICTIM_BG,
            VICTIM_MARK,
            num(cy + 4.0),
            VICTIM_INK
        );
    }
    o.push_str("</g>");
    if undated > 0 {
        w!(
            o,
            r##"<text x="12" y="{}" font-size="11" fill="#666666">{} event(s) without a readable date are listed in the table only.</text>"##,
            num(height - 8.0),
            undated
        );
    }
    o.push_str("</svg>");
    o
}

/// One event dot: a circle, diamond or square (`shape` 0, 1, 2) with an optional tooltip.
fn dot(o: &mut String, x: f64, y: f64, fill: &str, shape: usize, title: Option<&str>) {
    match shape {
        0 => w!(o, r#"<circle cx="{}" cy="{}" r="5""#, num(x), num(y)),
        1 => w!(
            o,
            r#"<polygon points="{},{} {},{} {},{} {},{}""#,
            num(x),
            num(y - 6.0),
            num(x + 6.0),
            num(y),
            num(x),
            num(y + 6.0),
            num(x - 6.0),
            num(y)
        ),
        _ => w!(o, r#"<rect x="{}" y="{}" width="9" height="9""#, num(x - 4.5), num(y - 4.5)),
    }
    let close = match shape {
        0 => "circle",
        1 => "polygon",
        _ => "rect",
    };
    match title {
        Some(t) => w!(o, r#" fill="{}" fill-opacity="0.9"><title>{}</title></{}>"#, fill, esc(t), close),
        None => w!(o, r#" fill="{}"/>"#, fill),
    }
}

fn open(o: &mut String, width: f64, height: f64) {
    w!(
        o,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="timeline" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="Timeline of events per subject" font-family="Helvetica, Arial, sans-serif"><title>Timeline of events per subject</title><rect x="0.5" y="0.5" width="{}" height="{}" fill="#ffffff" stroke="#c8c8c8"/>"##,
        num(width),
        num(height),
        num(width),
        num(height),
        num(width - 1.0),
        num(height - 1.0)
    );
}

/// Reads an ISO date or date-time as sources give it (with or without zone, `T` or space, fractions).
pub(crate) fn parse_ts(s: &str) -> Option<NaiveDateTime> {
    let s = s.trim();
    if let Ok(t) = DateTime::parse_from_rfc3339(s) {
        return Some(t.naive_local());
    }
    for f in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, f) {
            return Some(t);
        }
    }
    let head = s.get(..10).unwrap_or(s);
    NaiveDate::parse_from_str(head, "%Y-%m-%d").ok().and_then(|d| d.and_hms_opt(0, 0, 0))
}

#[cfg(test)]
mod tests {
    use super::parse_ts;

    #[test]
    fn reads_the_usual_iso_forms() {
        for s in ["2024-03-05", "2024-03-05T10:11:12", "2024-03-05 10:11", "2024-03-05T10:11:12.5+02:00", "2024-03-05Z"]
        {
            assert_eq!(parse_ts(s).map(|t| t.date().to_string()).as_deref(), Some("2024-03-05"), "{s}");
        }
        assert!(parse_ts("05/03/2024").is_none());
        assert!(parse_ts("").is_none());
    }
}
