//! The network picture: a deterministic force-directed layout drawn as a standalone SVG.
//!
//! The layout starts from positions drawn from a fixed-seed generator and runs Fruchterman–Reingold with a weak
//! pull towards the centre (so that unconnected parts of the network stay in the frame). Nothing depends on the
//! clock or on hash-map order: the same network always gives the same picture, byte for byte. Positions carry
//! no meaning beyond "these are connected"; the report says so next to the picture.

use std::collections::{BTreeMap, BTreeSet};

use theseus_analysis::output::{Edge, Network, Node};

use crate::html::{amounts_in, esc, num, score, truncate, w};

/// Space kept free around the drawing.
const MARGIN: f64 = 16.0;
/// Room kept inside the plot for the largest node and its rings.
const NODE_PAD: f64 = 28.0;
/// Above this many nodes only the most important ones are labelled.
const LABEL_ALL_UP_TO: usize = 40;
/// How many labels at most when not all nodes are labelled.
const MAX_LABELS: usize = 45;
/// Longest label drawn, in characters; the full label is in the node's tooltip.
const LABEL_CHARS: usize = 24;

/// Draws `network` as a standalone `<svg>` of `width` × `height` pixels (with a `viewBox`, so it scales).
///
/// Nodes are shaped and coloured by kind (person circle, company square, account diamond, counterparty grey
/// circle, asset triangle, identifier hollow diamond, user account hexagon), sized by score, ringed in red
/// when the subject is alerted and in dashed amber when it carries a victim warning. Edges are styled by kind
/// (payments solid with an arrow, shared identifiers dashed, ownership and directorship dotted). Every node
/// and edge has a `<title>` tooltip with its full label. A legend of the kinds present is drawn at the bottom.
/// An empty network gives a framed "no network" placeholder.
pub fn network_svg(network: &Network, width: f64, height: f64) -> String {
    let width = if width.is_finite() { width.max(240.0) } else { 960.0 };
    let height = if height.is_finite() { height.max(160.0) } else { 640.0 };
    let mut o = String::with_capacity(4096 + network.nodes.len() * 400 + network.edges.len() * 300);
    w!(
        o,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="network" width="{}" height="{}" viewBox="0 0 {} {}" role="img" aria-label="Network of subjects, accounts and counterparties" font-family="Helvetica, Arial, sans-serif">"##,
        num(width),
        num(height),
        num(width),
        num(height)
    );
    o.push_str("<title>Network of subjects, accounts and counterparties</title>");
    w!(
        o,
        r##"<rect x="0.5" y="0.5" width="{}" height="{}" fill="#ffffff" stroke="#c8c8c8"/>"##,
        num(width - 1.0),
        num(height - 1.0)
    );
    if network.nodes.is_empty() {
        w!(
            o,
            r##"<text x="{}" y="{}" text-anchor="middle" font-size="14" fill="#666666">No network: the analysis found no linked parties.</text>"##,
            num(width / 2.0),
            num(height / 2.0)
        );
        o.push_str("</svg>");
        return o;
    }

    // Index the nodes; a repeated id keeps its first node.
    let mut index: BTreeMap<&str, usize> = BTreeMap::new();
    let mut nodes: Vec<&Node> = Vec::with_capacity(network.nodes.len());
    for node in &network.nodes {
        if !index.contains_key(node.id.as_str()) {
            index.insert(node.id.as_str(), nodes.len());
            nodes.push(node);
        }
    }
    let n = nodes.len();
    let edges: Vec<(usize, usize, &Edge)> = network
        .edges
        .iter()
        .filter_map(|e| Some((*index.get(e.from.as_str())?, *index.get(e.to.as_str())?, e)))
        .collect();
    let mut degree = vec![0usize; n];
    let mut pairs: BTreeSet<(usize, usize)> = BTreeSet::new();
    for &(a, b, _) in &edges {
        if a != b {
            degree[a] += 1;
            degree[b] += 1;
            pairs.insert((a.min(b), a.max(b)));
        }
    }
    let pairs: Vec<(usize, usize)> = pairs.into_iter().collect();

    // Legend first: its height decides the room left for the plot.
    let legend = Legend::new(&nodes, &edges);
    let legend_rows = legend.rows(width - 2.0 * MARGIN);
    let legend_h = legend_rows.len() as f64 * 20.0 + 8.0;
    let plot_x = MARGIN;
    let plot_y = MARGIN;
    let plot_w = width - 2.0 * MARGIN;
    let plot_h = (height - 2.0 * MARGIN - legend_h).max(80.0);

    let (pos, radius) = place(&nodes, &pairs, [plot_x, plot_y, plot_w, plot_h]);

    o.push_str(
        r##"<defs><marker id="thn-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#4d4d4d"/></marker></defs>"##,
    );

    // Edges.
    o.push_str(r#"<g class="edges" fill="none">"#);
    for &(a, b, e) in &edges {
        draw_edge(&mut o, e, nodes[a], nodes[b], pos[a], pos[b], radius[a], radius[b]);
    }
    o.push_str("</g>");

    // Nodes, the most important last so that they are drawn on top.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&x, &y| importance(nodes[x], degree[x]).total_cmp(&importance(nodes[y], degree[y])).then(x.cmp(&y)));
    o.push_str(r#"<g class="nodes">"#);
    for &i in &order {
        draw_node(&mut o, nodes[i], pos[i], radius[i], degree[i]);
    }
    o.push_str("</g>");

    // Labels: all when few nodes, else the most important ones.
    let labelled: Vec<usize> = if n <= LABEL_ALL_UP_TO {
        order.iter().rev().copied().collect()
    } else {
        order.iter().rev().take(MAX_LABELS).copied().collect()
    };
    let font = if n <= 60 { 11.0 } else { 10.0 };
    w!(
        o,
        r##"<g class="labels" font-size="{}" fill="#1a1a1a" stroke="#ffffff" stroke-width="3" stroke-linejoin="round" paint-order="stroke">"##,
        num(font)
    );
    // Labels are placed most important first: on the side of the node that faces the centre of the picture (so
    // that they run into the picture, not off it), else on the other side, else above or below it, each shifted
    // as needed to stay inside the frame; the first spot that covers neither a label already placed nor a node
    // wins. With few nodes every label is drawn, at the spot that covers least; with many, a label that finds
    // no free spot is left out (it stays in the tooltip). A subject with a victim warning has its label marked
    // with ⚠, as in the legend.
    let frame = [2.0, 2.0, width - 2.0, plot_y + plot_h];
    let centre_x = plot_x + plot_w / 2.0;
    let node_boxes: Vec<[f64; 4]> = (0..n)
        .map(|i| {
            let e = radius[i] + ring_room(nodes[i]);
            [pos[i].0 - e, pos[i].1 - e, pos[i].0 + e, pos[i].1 + e]
        })
        .collect();
    let mut placed: Vec<[f64; 4]> = Vec::new();
    for &i in &labelled {
        let (x, y) = pos[i];
        let r = radius[i] + ring_room(nodes[i]);
        let text = label_text(nodes[i]);
        let text_w = label_width(&text, font);
        let right = label_box(x + r + 3.0, y, text_w, font, true, frame);
        let left = label_box(x - r - 3.0, y, text_w, font, false, frame);
        let above = label_box(x - text_w / 2.0, y - r - font * 0.8, text_w, font, true, frame);
        let below = label_box(x - text_w / 2.0, y + r + font * 0.8, text_w, font, true, frame);
        // Each spot with the text anchor that keeps the text next to the node whatever its real width (the
        // estimate is generous): left-hand labels end at the node, labels above and below are centred on it.
        let spots = if x > centre_x {
            [(left, "end"), (right, "start"), (above, "middle"), (below, "middle")]
        } else {
            [(right, "start"), (left, "end"), (above, "middle"), (below, "middle")]
        };
        let covered = |b: &[f64; 4]| -> f64 {
            let overlap = |p: &[f64; 4]| {
                let w = (b[2].min(p[2]) - b[0].max(p[0])).max(0.0);
                let h = (b[3].min(p[3]) - b[1].max(p[1])).max(0.0);
                w * h
            };
            placed.iter().map(overlap).sum::<f64>() + node_boxes.iter().map(overlap).sum::<f64>()
        };
        let costs: Vec<f64> = spots.iter().map(|(b, _)| covered(b)).collect();
        let choice = match costs.iter().position(|c| *c <= 0.0) {
            Some(k) => Some(spots[k]),
            None if n <= LABEL_ALL_UP_TO => {
                let k = (0..spots.len()).min_by(|a, b| costs[*a].total_cmp(&costs[*b])).unwrap_or(0);
                Some(spots[k])
            }
            None => None,
        };
        let Some((bbox, anchor)) = choice else {
            continue;
        };
        placed.push(bbox);
        let tx = match anchor {
            "end" => bbox[2],
            "middle" => (bbox[0] + bbox[2]) / 2.0,
            _ => bbox[0],
        };
        let anchor_attr = if anchor == "start" { String::new() } else { format!(r#" text-anchor="{anchor}""#) };
        w!(
            o,
            r#"<text x="{}" y="{}"{}>{}</text>"#,
            num(tx),
            num((bbox[1] + bbox[3]) / 2.0 + font * 0.35),
            anchor_attr,
            esc(&text)
        );
    }
    o.push_str("</g>");

    legend.draw(&mut o, &legend_rows, MARGIN, plot_y + plot_h + 8.0);
    o.push_str("</svg>");
    o
}

/// Positions and radii of the nodes in the plot box `[x, y, width, height]`: the force-directed layout, fitted
/// to the box, then with overlapping nodes pushed apart.
fn place(nodes: &[&Node], pairs: &[(usize, usize)], plot: [f64; 4]) -> (Vec<(f64, f64)>, Vec<f64>) {
    let [x, y, w, h] = plot;
    let raw = layout(nodes.len(), pairs, w, h);
    let mut pos = fit(&raw, x + NODE_PAD, y + NODE_PAD, w - 2.0 * NODE_PAD, h - 2.0 * NODE_PAD);
    let radius: Vec<f64> = nodes.iter().map(|node| node_radius(node)).collect();
    let extent: Vec<f64> = nodes.iter().zip(&radius).map(|(node, r)| outer_radius(node, *r)).collect();
    separate(&mut pos, &extent, [x, y, x + w, y + h]);
    (pos, radius)
}

/// How a node kind is drawn.
#[derive(Clone, Copy, PartialEq)]
enum Shape {
    Circle,
    Square,
    Diamond,
    Triangle,
    Hexagon,
}

/// Shape, fill, stroke, base radius and legend name of a node kind.
fn node_style(kind: &str) -> (Shape, &'static str, &'static str, f64, &'static str) {
    match kind {
        "person" => (Shape::Circle, "#3b6ea5", "#1d3f66", 7.0, "Person"),
        "company" => (Shape::Square, "#7b5ea7", "#4a3470", 7.0, "Company"),
        "account" => (Shape::Diamond, "#4f8f6f", "#2c5a43", 5.0, "Account"),
        "counterparty" => (Shape::Circle, "#bdbdbd", "#7a7a7a", 4.5, "Counterparty"),
        "asset" => (Shape::Triangle, "#c28a2c", "#7d5717", 6.5, "Asset"),
        "identifier" => (Shape::Diamond, "#ffffff", "#4d4d4d", 4.5, "Identifier"),
        "useraccount" => (Shape::Hexagon, "#3a9aa8", "#22636d", 5.5, "User account"),
        _ => (Shape::Circle, "#e0e0e0", "#6b6b6b", 5.0, "Other"),
    }
}

/// Stroke colour, dash pattern, arrow, curved, width and legend name of an edge kind.
fn edge_style(kind: &str) -> (&'static str, Option<&'static str>, bool, &'static str) {
    match kind {
        "payment" => ("#4d4d4d", None, true, "Payment (arrow: direction)"),
        "shared_identifier" => ("#2a7fa8", Some("6 4"), false, "Shared identifier"),
        "ownership" | "directorship" => ("#7b5ea7", Some("1.5 3"), false, "Ownership / directorship"),
        "employment" => ("#8a6d3b", Some("8 3 2 3"), false, "Employment"),
        "family" | "associate" => ("#8c8c8c", Some("10 4"), false, "Family / associate"),
        "holds_account" => ("#9aa5ad", None, false, "Holds account"),
        "ad_payment" => ("#b5456b", None, false, "Ad fees paid by card"),
        "ad_contact" => ("#b5456b", Some("6 4"), false, "Contact in flagged ads"),
        _ => ("#aaaaaa", Some("3 3"), false, "Other link"),
    }
}

fn node_radius(node: &Node) -> f64 {
    let base = node_style(&node.kind).3;
    let bonus = if node.score.is_finite() && node.score > 0.0 { (node.score.sqrt() * 2.2).min(12.0) } else { 0.0 };
    base + bonus
}

/// Width of a label's text, estimated at 0.6 × the font size per character (a little more than the average
/// advance of Helvetica or Arial, so that the estimate errs on the safe side).
pub(crate) fn label_width(text: &str, font: f64) -> f64 {
    text.chars().count() as f64 * font * 0.6
}

/// The label drawn for a node: its label cut to [`LABEL_CHARS`], marked with ⚠ for a victim warning.
fn label_text(node: &Node) -> String {
    let text = truncate(&node.label, LABEL_CHARS);
    if node.victim_warning { format!("⚠ {text}") } else { text }
}

/// The box `[left, top, right, bottom]` of a label of width `text_w` starting at `x` (running right) or ending
/// at `x` (running left), centred on `y`, shifted so that it stays inside `frame`.
fn label_box(x: f64, y: f64, text_w: f64, font: f64, rightwards: bool, frame: [f64; 4]) -> [f64; 4] {
    let mut left = if rightwards { x } else { x - text_w };
    left = left.min(frame[2] - text_w).max(frame[0]);
    let half = font * 0.6;
    let cy = y.min(frame[3] - half).max(frame[1] + half);
    [left, cy - half, left + text_w, cy + half]
}

/// Radius of a node with its rings and their stroke: the room it takes in the picture.
fn outer_radius(node: &Node, r: f64) -> f64 {
    if node.alert || node.victim_warning { r + 3.5 + ring_room(node) - 3.0 } else { r + 1.0 }
}

/// Pushes apart nodes that overlap (drawn shapes and rings closer than a small gap), keeping each node inside
/// `frame` (`[left, top, right, bottom]`). The force-directed layout spaces nodes by their links, not by their
/// size, so a large subject can otherwise sit on top of its neighbour. Deterministic: pairs are visited in
/// index order and coincident nodes part along a direction fixed by the pair.
fn separate(pos: &mut [(f64, f64)], extent: &[f64], frame: [f64; 4]) {
    const GAP: f64 = 3.0;
    let n = pos.len();
    let clamp = |p: (f64, f64), e: f64| {
        let x = if frame[2] - frame[0] > 2.0 * e { p.0.clamp(frame[0] + e, frame[2] - e) } else { p.0 };
        let y = if frame[3] - frame[1] > 2.0 * e { p.1.clamp(frame[1] + e, frame[3] - e) } else { p.1 };
        (x, y)
    };
    for _ in 0..300 {
        let mut moved = false;
        for i in 0..n {
            for j in (i + 1)..n {
                let need = extent[i] + extent[j] + GAP;
                let (mut dx, mut dy) = (pos[j].0 - pos[i].0, pos[j].1 - pos[i].1);
                let d2 = dx * dx + dy * dy;
                if d2 >= need * need {
                    continue;
                }
                let mut d = d2.sqrt();
                if d < 1e-6 {
                    let a = ((i * 31 + j * 17) % 360) as f64 * std::f64::consts::PI / 180.0;
                    (dx, dy, d) = (a.cos(), a.sin(), 1.0);
                }
                // The smaller node moves more, so that big subjects stay where the layout put them.
                let share_i = extent[i] / (extent[i] + extent[j]);
                let push = (need - d) + 0.01;
                let (ux, uy) = (dx / d, dy / d);
                pos[i] =
                    clamp((pos[i].0 - ux * push * (1.0 - share_i), pos[i].1 - uy * push * (1.0 - share_i)), extent[i]);
                pos[j] = clamp((pos[j].0 + ux * push * share_i, pos[j].1 + uy * push * share_i), extent[j]);
                moved = true;
            }
        }
        if !moved {
            break;
        }
    }
}

/// Extra room the rings take around a node.
fn ring_room(node: &Node) -> f64 {
    match (node.alert, node.victim_warning) {
        (true, true) => 8.0,
        (true, false) | (false, true) => 4.5,
        (false, false) => 0.0,
    }
}

fn importance(node: &Node, degree: usize) -> f64 {
    let flagged = if node.alert || node.victim_warning { 1000.0 } else { 0.0 };
    let s = if node.score.is_finite() { node.score.max(0.0) } else { 0.0 };
    flagged + s * 10.0 + degree as f64
}

fn shape_markup(shape: Shape, x: f64, y: f64, r: f64) -> String {
    let poly = |pts: &[(f64, f64)]| {
        let p: Vec<String> = pts.iter().map(|(px, py)| format!("{},{}", num(*px), num(*py))).collect();
        format!(r#"<polygon points="{}""#, p.join(" "))
    };
    match shape {
        Shape::Circle => format!(r#"<circle cx="{}" cy="{}" r="{}""#, num(x), num(y), num(r)),
        Shape::Square => {
            let s = r * 0.9;
            format!(r#"<rect x="{}" y="{}" width="{}" height="{}""#, num(x - s), num(y - s), num(2.0 * s), num(2.0 * s))
        }
        Shape::Diamond => poly(&[(x, y - r * 1.2), (x + r * 1.2, y), (x, y + r * 1.2), (x - r * 1.2, y)]),
        Shape::Triangle => poly(&[(x, y - r * 1.2), (x + r * 1.1, y + r * 0.8), (x - r * 1.1, y + r * 0.8)]),
        Shape::Hexagon => {
            let pts: Vec<(f64, f64)> = (0..6)
                .map(|k| {
                    let a = std::f64::consts::PI / 3.0 * k as f64;
                    (x + r * a.cos(), y + r * a.sin())
                })
                .collect();
            poly(&pts)
        }
    }
}

fn draw_node(o: &mut String, node: &Node, (x, y): (f64, f64), r: f64, degree: usize) {
    let (shape, fill, stroke, _, kind_name) = node_style(&node.kind);
    w!(o, "<g>");
    let mut title = format!("{}\n{} · {}", node.label, kind_name, node.id);
    if node.score > 0.0 {
        title.push_str(&format!("\nscore {}", score(node.score)));
    }
    if node.alert {
        title.push_str("\nALERTED subject");
    }
    if node.victim_warning {
        title.push_str("\nLIKELY VICTIM: review before treating as an offender");
    }
    title.push_str(&format!("\n{degree} link(s)"));
    w!(o, "<title>{}</title>", esc(&title));
    let mut ring = r + 3.5;
    if node.alert {
        w!(
            o,
            r##"<circle cx="{}" cy="{}" r="{}" fill="none" stroke="#c62828" stroke-width="2.5"/>"##,
            num(x),
            num(y),
            num(ring)
        );
        ring += 3.5;
    }
    if node.victim_warning {
        w!(
            o,
            r##"<circle cx="{}" cy="{}" r="{}" fill="none" stroke="#e69500" stroke-width="2.5" stroke-dasharray="4 3"/>"##,
            num(x),
            num(y),
            num(ring)
        );
    }
    w!(o, r#"{} fill="{}" stroke="{}" stroke-width="1.2"/></g>"#, shape_markup(shape, x, y, r), fill, stroke);
}

#[allow(clippy::too_many_arguments)] // One call site; a struct would only rename the arguments.
fn draw_edge(o: &mut String, e: &Edge, from: &Node, to: &Node, p: (f64, f64), q: (f64, f64), rp: f64, rq: f64) {
    let (stroke, dash, arrow, _) = edge_style(&e.kind);
    let width = if e.kind == "payment" { 1.2 + ((e.evidence.len().max(1)) as f64).ln().min(3.0) * 0.5 } else { 1.3 };
    let name = |n: &Node| {
        if n.victim_warning { format!("{} (LIKELY VICTIM: review)", n.label) } else { n.label.clone() }
    };
    let mut title = format!("{} → {}\n{}", name(from), name(to), e.kind.replace('_', " "));
    if !e.label.is_empty() {
        title.push_str(&format!(": {}", amounts_in(&e.label)));
    }
    title.push_str(&format!("\n{} record(s)", e.evidence.len()));
    let dash_attr = dash.map(|d| format!(r#" stroke-dasharray="{d}""#)).unwrap_or_default();
    let marker = if arrow { r#" marker-end="url(#thn-arrow)""# } else { "" };
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let len = (dx * dx + dy * dy).sqrt();
    w!(o, "<path");
    if len < 1e-6 {
        // A loop (payment to self): a small circle above the node.
        w!(o, r#" d="M{},{} a7,7 0 1,1 0.1,0""#, num(p.0), num(p.1 - rp),);
    } else if e.kind == "payment" {
        // Payments bend to their left, so that flows in both directions between two parties stay apart.
        let bend = 0.12 * len;
        let (nx, ny) = (-dy / len, dx / len);
        let c = ((p.0 + q.0) / 2.0 + nx * bend, (p.1 + q.1) / 2.0 + ny * bend);
        let start = toward(p, c, rp + 1.0);
        let end = toward(q, c, rq + ring_room(to) + 2.0);
        w!(o, r#" d="M{},{} Q{},{} {},{}""#, num(start.0), num(start.1), num(c.0), num(c.1), num(end.0), num(end.1));
    } else {
        let start = toward(p, q, rp);
        let end = toward(q, p, rq);
        w!(o, r#" d="M{},{} L{},{}""#, num(start.0), num(start.1), num(end.0), num(end.1));
    }
    w!(
        o,
        r#" stroke="{}" stroke-width="{}"{}{}><title>{}</title></path>"#,
        stroke,
        num(width),
        dash_attr,
        marker,
        esc(&title)
    );
}

/// The point at distance `d` from `p` in the direction of `q` (or `p` itself when they coincide).
fn toward(p: (f64, f64), q: (f64, f64), d: f64) -> (f64, f64) {
    let (dx, dy) = (q.0 - p.0, q.1 - p.1);
    let len = (dx * dx + dy * dy).sqrt();
    if len < 1e-9 || d >= len {
        return p;
    }
    (p.0 + dx / len * d, p.1 + dy / len * d)
}

/// SplitMix64: a tiny, well-mixed generator, so that the layout's starting positions are fixed by a seed.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_f64(&mut self) -> f64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        (z >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Fruchterman–Reingold in a `w` × `h` frame, with a pull towards the centre instead of walls.
fn layout(n: usize, pairs: &[(usize, usize)], w: f64, h: f64) -> Vec<(f64, f64)> {
    if n == 0 {
        return Vec::new();
    }
    if n == 1 {
        return vec![(w / 2.0, h / 2.0)];
    }
    let mut rng = SplitMix64(0x7E5E_05F0_11A7_0000 ^ n as u64);
    let mut pos: Vec<(f64, f64)> =
        (0..n).map(|_| (w * (0.1 + 0.8 * rng.next_f64()), h * (0.1 + 0.8 * rng.next_f64()))).collect();
    let k = (w * h / n as f64).sqrt() * 0.6;
    let k2 = k * k;
    let iterations = if n <= 200 { 400 } else { (400 * 200 * 200 / (n * n)).max(40) };
    let t0 = w.min(h) / 8.0;
    let (cx, cy) = (w / 2.0, h / 2.0);
    // A linear pull towards the centre. Its strength sets the size of the picture relative to k (the
    // equilibrium radius is about 0.6·√(w·h)/√gravity, whatever n), and it keeps unconnected parts and isolated
    // nodes from drifting off. The final `fit` rescales, so no clamping to the frame is needed.
    // The pull is weaker along the longer side, so that the cloud takes the frame's aspect instead of a disc.
    let gravity = 2.0;
    let (gx, gy) = if w >= h { (gravity * (h / w).powi(2), gravity) } else { (gravity, gravity * (w / h).powi(2)) };
    let mut disp = vec![(0.0f64, 0.0f64); n];
    for it in 0..iterations {
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        for i in 0..n {
            for j in (i + 1)..n {
                let (mut dx, mut dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                let mut d2 = dx * dx + dy * dy;
                if d2 < 1e-4 {
                    // Coincident nodes: push apart along a fixed direction that depends on the pair only.
                    dx = 0.01 * ((i * 7 + j * 13) % 17) as f64 + 0.01;
                    dy = 0.01 * ((i * 11 + j * 5) % 19) as f64 + 0.01;
                    d2 = dx * dx + dy * dy;
                }
                let f = k2 / d2; // (k² / d) / d: force over distance, to scale the unnormalised vector.
                disp[i].0 += dx * f;
                disp[i].1 += dy * f;
                disp[j].0 -= dx * f;
                disp[j].1 -= dy * f;
            }
        }
        for &(a, b) in pairs {
            let (dx, dy) = (pos[a].0 - pos[b].0, pos[a].1 - pos[b].1);
            let d = (dx * dx + dy * dy).sqrt();
            let f = d / k; // (d² / k) / d
            disp[a].0 -= dx * f;
            disp[a].1 -= dy * f;
            disp[b].0 += dx * f;
            disp[b].1 += dy * f;
        }
        let t = t0 * (1.0 - it as f64 / iterations as f64) + 0.5;
        for i in 0..n {
            let (dx, dy) = (disp[i].0 + (cx - pos[i].0) * gx, disp[i].1 + (cy - pos[i].1) * gy);
            let d = (dx * dx + dy * dy).sqrt();
            if d > 1e-9 {
                let step = d.min(t);
                pos[i].0 += dx / d * step;
                pos[i].1 += dy / d * step;
            }
        }
    }
    pos
}

/// Scales raw positions into the box at (`x`, `y`) of `w` × `h`, keeping the aspect within a factor 1.6.
fn fit(raw: &[(f64, f64)], x: f64, y: f64, w: f64, h: f64) -> Vec<(f64, f64)> {
    if raw.is_empty() {
        return Vec::new();
    }
    let (mut x0, mut x1, mut y0, mut y1) = (f64::MAX, f64::MIN, f64::MAX, f64::MIN);
    for &(px, py) in raw {
        x0 = x0.min(px);
        x1 = x1.max(px);
        y0 = y0.min(py);
        y1 = y1.max(py);
    }
    let (rw, rh) = (x1 - x0, y1 - y0);
    let mut sx = if rw > 1e-9 { w.max(1.0) / rw } else { f64::INFINITY };
    let mut sy = if rh > 1e-9 { h.max(1.0) / rh } else { f64::INFINITY };
    if sx.is_infinite() && sy.is_infinite() {
        return raw.iter().map(|_| (x + w / 2.0, y + h / 2.0)).collect();
    }
    sx = sx.min(sy * 1.6);
    sy = sy.min(sx * 1.6);
    let (ox, oy) = (x + (w - rw * sx) / 2.0, y + (h - rh * sy) / 2.0);
    raw.iter()
        .map(|&(px, py)| {
            let fx = if sx.is_finite() { ox + (px - x0) * sx } else { x + w / 2.0 };
            let fy = if sy.is_finite() { oy + (py - y0) * sy } else { y + h / 2.0 };
            (fx, fy)
        })
        .collect()
}

/// One legend entry.
enum Item {
    Node(&'static str),
    Edge(&'static str),
    AlertRing,
    VictimRing,
}

impl Item {
    fn label(&self) -> &'static str {
        match self {
            Item::Node(kind) => node_style(kind).4,
            Item::Edge(kind) => edge_style(kind).3,
            Item::AlertRing => "Alerted subject",
            Item::VictimRing => "Victim warning",
        }
    }

    fn width(&self) -> f64 {
        let sym = if matches!(self, Item::Edge(_)) { 34.0 } else { 20.0 };
        sym + self.label().chars().count() as f64 * 6.2 + 18.0
    }
}

/// The legend of the kinds actually present in the network.
struct Legend {
    items: Vec<Item>,
}

impl Legend {
    fn new(nodes: &[&Node], edges: &[(usize, usize, &Edge)]) -> Self {
        const NODE_KINDS: [&str; 8] =
            ["person", "company", "account", "counterparty", "asset", "identifier", "useraccount", "other"];
        const EDGE_KINDS: [&str; 9] = [
            "payment",
            "shared_identifier",
            "ownership",
            "employment",
            "family",
            "holds_account",
            "ad_payment",
            "ad_contact",
            "other",
        ];
        let mut items = Vec::new();
        let node_names: BTreeSet<&str> = nodes.iter().map(|n| node_style(&n.kind).4).collect();
        for kind in NODE_KINDS {
            if node_names.contains(node_style(kind).4) {
                items.push(Item::Node(kind));
            }
        }
        if nodes.iter().any(|n| n.alert) {
            items.push(Item::AlertRing);
        }
        if nodes.iter().any(|n| n.victim_warning) {
            items.push(Item::VictimRing);
        }
        let edge_names: BTreeSet<&str> = edges.iter().map(|(_, _, e)| edge_style(&e.kind).3).collect();
        for kind in EDGE_KINDS {
            if edge_names.contains(edge_style(kind).3) {
                items.push(Item::Edge(kind));
            }
        }
        Legend { items }
    }

    /// Item indices per row, wrapping at `max_w`.
    fn rows(&self, max_w: f64) -> Vec<Vec<usize>> {
        let mut rows: Vec<Vec<usize>> = Vec::new();
        let mut x = f64::MAX;
        for (i, item) in self.items.iter().enumerate() {
            let iw = item.width();
            if x + iw > max_w {
                rows.push(Vec::new());
                x = 0.0;
            }
            if let Some(row) = rows.last_mut() {
                row.push(i);
            }
            x += iw;
        }
        rows
    }

    fn draw(&self, o: &mut String, rows: &[Vec<usize>], x0: f64, y0: f64) {
        if rows.is_empty() {
            return;
        }
        w!(o, r##"<g class="legend" font-size="11" fill="#333333">"##);
        for (r, row) in rows.iter().enumerate() {
            let cy = y0 + 10.0 + r as f64 * 20.0;
            let mut x = x0;
            for &i in row {
                let item = &self.items[i];
                let text_x = match item {
                    Item::Node(kind) => {
                        let (shape, fill, stroke, _, _) = node_style(kind);
                        w!(
                            o,
                            r#"{} fill="{}" stroke="{}" stroke-width="1.2"/>"#,
                            shape_markup(shape, x + 7.0, cy, 5.5),
                            fill,
                            stroke
                        );
                        x + 18.0
                    }
                    Item::AlertRing | Item::VictimRing => {
                        let (color, dash) = if matches!(item, Item::AlertRing) {
                            ("#c62828", "")
                        } else {
                            ("#e69500", r#" stroke-dasharray="4 3""#)
                        };
                        w!(
                            o,
                            r##"<circle cx="{}" cy="{}" r="4" fill="#3b6ea5"/><circle cx="{}" cy="{}" r="7" fill="none" stroke="{}" stroke-width="2"{}/>"##,
                            num(x + 7.0),
                            num(cy),
                            num(x + 7.0),
                            num(cy),
                            color,
                            dash
                        );
                        x + 18.0
                    }
                    Item::Edge(kind) => {
                        let (stroke, dash, arrow, _) = edge_style(kind);
                        let dash_attr = dash.map(|d| format!(r#" stroke-dasharray="{d}""#)).unwrap_or_default();
                        let marker = if arrow { r#" marker-end="url(#thn-arrow)""# } else { "" };
                        w!(
                            o,
                            r#"<path d="M{},{} L{},{}" stroke="{}" stroke-width="1.6"{}{}/>"#,
                            num(x),
                            num(cy),
                            num(x + 28.0),
                            num(cy),
                            stroke,
                            dash_attr,
                            marker
                        );
                        x + 34.0
                    }
                };
                w!(o, r#"<text x="{}" y="{}">{}</text>"#, num(text_x), num(cy + 4.0), esc(item.label()));
                x += item.width();
            }
        }
        o.push_str("</g>");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: usize, kind: &str, score: f64, alert: bool, victim: bool) -> Node {
        Node {
            id: format!("n{id}"),
            label: format!("Node {id}"),
            kind: kind.into(),
            score,
            alert,
            victim_warning: victim,
        }
    }

    /// Five high-scoring subjects, linked to each other, each with many counterparties: the demo's shape, where
    /// the layout put one big subject on top of another.
    #[test]
    fn nodes_do_not_overlap() {
        let mut nodes = Vec::new();
        let mut pairs = Vec::new();
        for hub in 0..5 {
            nodes.push(node(hub, "person", 10.0 + hub as f64 * 1.5, true, hub % 2 == 1));
        }
        for a in 0..5 {
            for b in (a + 1)..5 {
                pairs.push((a, b));
            }
        }
        for leaf in 5..260 {
            nodes.push(node(leaf, "counterparty", 0.0, false, false));
            pairs.push(((leaf * 7) % 5, leaf));
        }
        let refs: Vec<&Node> = nodes.iter().collect();
        let plot = [16.0, 16.0, 1044.0, 740.0];
        let (pos, radius) = place(&refs, &pairs, plot);
        for i in 0..refs.len() {
            let e = outer_radius(refs[i], radius[i]);
            assert!(pos[i].0 - e >= plot[0] - 1e-6 && pos[i].0 + e <= plot[0] + plot[2] + 1e-6, "node {i} x");
            assert!(pos[i].1 - e >= plot[1] - 1e-6 && pos[i].1 + e <= plot[1] + plot[3] + 1e-6, "node {i} y");
            for j in (i + 1)..refs.len() {
                let d = ((pos[i].0 - pos[j].0).powi(2) + (pos[i].1 - pos[j].1).powi(2)).sqrt();
                let need = e + outer_radius(refs[j], radius[j]);
                assert!(d >= need, "nodes {i} and {j} overlap: {d:.1} < {need:.1}");
            }
        }
    }

    #[test]
    fn label_boxes_stay_in_the_frame() {
        let frame = [2.0, 2.0, 998.0, 700.0];
        for (x, y, right) in [(990.0, 5.0, true), (10.0, 699.0, false), (500.0, 300.0, true)] {
            let b = label_box(x, y, 150.0, 11.0, right, frame);
            assert!(b[0] >= frame[0] && b[2] <= frame[2] && b[1] >= frame[1] && b[3] <= frame[3], "{b:?}");
            assert!((b[2] - b[0] - 150.0).abs() < 1e-9);
        }
    }
}
