//! Report tests over a small hand-made analysis (see `fixture.rs`; `cargo run -p theseus-report --example
//! sample` writes it out for a visual check).

use std::collections::BTreeSet;

use theseus_analysis::output::{Analysis, Network, TimelineEvent};

use crate::fixture::{SHA, UNLINKED, VICTIM, big_network, cash_ids, event, sample};
use crate::{EvidenceFile, ReportMeta, network_svg, render_html, timeline_svg};

fn meta() -> ReportMeta {
    ReportMeta {
        title: "Operation Lantern — financial analysis".into(),
        workspace: "/cases/lantern".into(),
        generated_at: "2024-08-02T14:05:00Z".into(),
        files: vec![
            EvidenceFile { name: "statement_vellani_2024.csv".into(), sha256: SHA.into(), size: 1_834_221, batch: 1 },
            EvidenceFile { name: "aurora & partners <export>.xlsx".into(), sha256: SHA.into(), size: 92_110, batch: 2 },
        ],
        quarantine_count: 3,
        theseus_version: "0.0.0".into(),
        alerts: vec![crate::AlertState {
            subject: "s001".into(),
            alert: "A-0123456789".into(),
            decision: Some("needs_information".into()),
            detail: "ask the bank for the KYC file (ana, 2024-08-01)".into(),
        }],
    }
}

#[test]
fn an_analysts_decision_shows_on_the_card() {
    let html = render_html(&sample(), &meta());
    assert!(html.contains("A-0123456789</span> needs information — ask the bank for the KYC file (ana, 2024-08-01)"));
}

/// The values of every `attr="…"` in `html`.
fn attr_values<'a>(html: &'a str, attr: &str) -> Vec<&'a str> {
    let pat = format!(" {attr}=\"");
    html.match_indices(&pat)
        .map(|(i, _)| {
            let rest = &html[i + pat.len()..];
            &rest[..rest.find('"').unwrap_or(rest.len())]
        })
        .collect()
}

fn assert_balanced_svg(svg: &str) {
    assert!(svg.starts_with("<svg"), "starts with <svg: {}", &svg[..svg.len().min(40)]);
    assert!(svg.ends_with("</svg>"));
    assert_eq!(svg.matches("<svg").count(), svg.matches("</svg>").count());
    for tag in ["g", "text", "title", "defs", "marker"] {
        let open = svg.matches(&format!("<{tag}>")).count() + svg.matches(&format!("<{tag} ")).count();
        assert_eq!(open, svg.matches(&format!("</{tag}>")).count(), "<{tag}> balanced");
    }
}

#[test]
fn data_is_escaped() {
    let html = render_html(&sample(), &meta());
    assert!(!html.contains("<script"), "no raw <script> anywhere");
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("Ana P. &quot;Ani&quot; &amp; co"));
    assert!(html.contains("aurora &amp; partners &lt;export&gt;.xlsx"));
    let svg = network_svg(&sample().network, 800.0, 600.0);
    assert!(!svg.contains("<script"));
}

#[test]
fn every_cited_record_has_an_anchor() {
    let a = sample();
    let html = render_html(&a, &meta());
    let ids: Vec<&str> = attr_values(&html, "id");
    for s in &a.subjects {
        for h in &s.hits {
            for e in &h.evidence {
                let anchor = crate::html::anchor("src-", e);
                assert!(ids.contains(&anchor.as_str()), "anchor for {e}");
                assert!(html.contains(&format!("href=\"#{anchor}\"")), "link to {e}");
            }
        }
    }
    // Plain ids are kept as they are.
    assert!(html.contains(r#"id="src-tx-0001""#));
    assert!(html.contains(r##"href="#src-tx-0001""##));
    // Every in-page link has its target.
    for href in attr_values(&html, "href") {
        let target = href.strip_prefix('#').expect("only in-page links");
        assert!(ids.contains(&target), "target of #{target}");
    }
    // A record cited but missing from the sources still gets a row, marked as missing.
    assert!(html.contains(r#"id="src-missing-record-7" class="missing""#));
    // Ids are unique.
    let mut sorted = ids.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), ids.len(), "duplicate element ids");
}

#[test]
fn victim_warning_is_shown() {
    let a = sample();
    let html = render_html(&a, &meta());
    assert!(html.contains("Likely victim — do not treat as an offender without review"));
    assert!(html.contains("the pattern of controlled wages of an exploited worker"));
    // The warning is inside the victim's card.
    let card = html.find(r#"id="subj-s003""#).expect("card of the victim");
    let next = html[card..].find("</article>").expect("card end") + card;
    assert!(html[card..next].contains(r#"class="victim-warning""#));
}

#[test]
fn timeline_rows_link_their_subject_and_record() {
    let html = render_html(&sample(), &meta());
    let table = html.split(r#"<table class="events">"#).nth(1).expect("events table");
    let table = &table[..table.find("</table>").expect("end of table")];
    // Events name their subject by name (as the analysis does) or by id; both link to the card.
    assert!(table.contains(r##"href="#subj-s001""##));
    assert!(table.contains(r##"href="#subj-s003""##));
    assert_eq!(table.matches(r#"class="rec""#).count(), sample().timeline.len());
}

#[test]
fn report_is_offline_and_printable() {
    let html = render_html(&sample(), &meta());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.trim_end().ends_with("</html>"));
    for external in ["http://", "https://", "<script", "<link", "@import", "url(http"] {
        let hits: Vec<_> = html
            .match_indices(external)
            .filter(|(i, _)| !html[*i..].starts_with("http://www.w3.org/2000/svg"))
            .collect();
        assert!(hits.is_empty(), "external reference {external}");
    }
    assert!(html.contains("@media print"));
    assert!(html.contains("listed in the workspace quarantine"));
    assert_eq!(html.matches("<section").count(), 16);
    assert_eq!(html.matches("<section").count(), html.matches("</section>").count());
    assert_eq!(html.matches("<article").count(), 4, "one card per subject with a score");
}

#[test]
fn pictures_are_well_formed() {
    let a = sample();
    assert_balanced_svg(&network_svg(&a.network, 900.0, 600.0));
    assert_balanced_svg(&network_svg(&Network::default(), 900.0, 600.0));
    assert_balanced_svg(&timeline_svg(&a.timeline, 900.0));
    assert_balanced_svg(&timeline_svg(&[], 900.0));
    let html = render_html(&a, &meta());
    assert_eq!(html.matches("<svg").count(), 2);
    assert_eq!(html.matches("</svg>").count(), 2);
    assert!(network_svg(&Network::default(), 900.0, 600.0).contains("No network"));
    assert!(timeline_svg(&[], 900.0).contains("No dated events"));
    // More codes than colours: the dots change shape, and the picture stays well formed.
    let many: Vec<TimelineEvent> =
        (0..30).map(|i| event(&format!("2024-{:02}-10", i % 12 + 1), "A", &format!("THB-{i:03}"), "x", "r")).collect();
    let svg = timeline_svg(&many, 700.0);
    assert_balanced_svg(&svg);
    assert!(svg.contains("<polygon") && svg.contains(r#"width="9" height="9""#));
}

#[test]
fn rendering_is_deterministic() {
    let a = sample();
    assert_eq!(render_html(&a, &meta()), render_html(&a, &meta()));
    let big = big_network(150);
    let first = network_svg(&big, 1000.0, 800.0);
    assert_eq!(first, network_svg(&big, 1000.0, 800.0));
    assert_balanced_svg(&first);
    // Many nodes: only the important ones are labelled.
    let labels = first.split(r#"<g class="labels""#).nth(1).expect("labels");
    let labels = labels.split(r#"<g class="legend""#).next().unwrap_or_default().matches("<text").count();
    assert!(labels <= 45, "{labels} labels");
}

/// The `<text>` elements of the labels group of a network picture: x, y, anchor and the unescaped text.
fn labels(svg: &str) -> (f64, Vec<(f64, f64, String, String)>) {
    let group = svg.split(r#"<g class="labels""#).nth(1).expect("labels group");
    let font: f64 = attr_values(group, "font-size")[0].parse().expect("font size");
    let group = &group[..group.find("</g>").expect("end of labels")];
    let texts = group
        .split("<text ")
        .skip(1)
        .map(|t| {
            let x: f64 = attr_values(&format!(" {t}"), "x")[0].parse().expect("x");
            let y: f64 = attr_values(&format!(" {t}"), "y")[0].parse().expect("y");
            let anchor = attr_values(&format!(" {t}"), "text-anchor").first().map_or("start", |a| a).to_string();
            let text = &t[t.find('>').expect("text start") + 1..t.find("</text>").expect("text end")];
            let text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'");
            (x, y, anchor, text.replace("&amp;", "&"))
        })
        .collect();
    (font, texts)
}

#[test]
fn layout_stays_in_the_frame() {
    for (net, w, h) in [(big_network(150), 1000.0, 800.0), (sample().network, 1076.0, 480.0)] {
        let svg = network_svg(&net, w, h);
        for (name, limit) in [("cx", w), ("cy", h)] {
            for v in attr_values(&svg, name) {
                let v: f64 = v.parse().expect("number");
                assert!((0.0..=limit).contains(&v), "{name}={v}");
            }
        }
        // Label boxes too, with text 0.6 × the font size wide per character.
        let (font, texts) = labels(&svg);
        assert!(!texts.is_empty());
        for (x, y, anchor, text) in texts {
            let tw = text.chars().count() as f64 * font * 0.6;
            let (left, right) = match anchor.as_str() {
                "end" => (x - tw, x),
                "middle" => (x - tw / 2.0, x + tw / 2.0),
                _ => (x, x + tw),
            };
            assert!(left >= 0.0 && right <= w, "label {text:?} from {left:.1} to {right:.1} in {w}");
            assert!(y - font >= 0.0 && y <= h, "label {text:?} at y {y}");
        }
    }
}

#[test]
fn empty_analysis_renders() {
    let html = render_html(&Analysis::default(), &ReportMeta::default());
    assert!(html.contains("No network"));
    assert!(html.contains("No dated events"));
    assert!(html.contains("No record is cited"));
    assert!(html.contains("No indicator fired on any subject"));
    assert_eq!(html.matches("<svg").count(), html.matches("</svg>").count());
}

/// The HTML of the element with `id` up to the end of its `tag`.
fn element<'a>(html: &'a str, id: &str, tag: &str) -> &'a str {
    let start = html.find(&format!(r#"id="{id}""#)).unwrap_or_else(|| panic!("element {id}"));
    let end = html[start..].find(&format!("</{tag}>")).expect("element end") + start;
    &html[start..end]
}

/// The `<tbody>` of the first table with `class` in `html`.
fn table<'a>(html: &'a str, class: &str) -> &'a str {
    let t = html.split(&format!(r#"<table class="{class}">"#)).nth(1).unwrap_or_else(|| panic!("table {class}"));
    &t[..t.find("</table>").expect("end of table")]
}

fn rows(tbody: &str) -> Vec<&str> {
    tbody.split("<tr").skip(2).collect()
}

const BADGE: &str = "Likely victim – review";

/// The nearest char boundary of `s` at or before `i`.
fn boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[test]
fn a_victim_is_marked_wherever_named() {
    let html = render_html(&sample(), &meta());
    let name = crate::html::esc(VICTIM);
    // Timeline table: every row of the victim carries the badge.
    let events = rows(table(&html, "events"));
    let subject_cells: Vec<&str> = events.iter().map(|r| r.split("<td").nth(2).expect("subject cell")).collect();
    assert_eq!(subject_cells.iter().filter(|c| c.contains(&name)).count(), 3);
    for cell in &subject_cells {
        assert_eq!(cell.contains(&name), cell.contains(BADGE), "timeline row {cell}");
    }
    // Timeline picture: the victim's lane is marked and the legend says what the mark means.
    let svg = &html[html.find(r#"<svg xmlns="http://www.w3.org/2000/svg" class="timeline""#).expect("timeline")..];
    assert!(svg.contains(&format!("⚠ {name}")), "lane label");
    assert!(svg.contains("⚠ Likely victim – review"), "lane legend");
    // Links table: every end that is the victim has the badge, and nothing else has it.
    let links = rows(table(&html, "links"));
    for row in &links {
        let cells: Vec<&str> = row.split("<td").skip(1).take(2).collect();
        for cell in cells {
            assert_eq!(cell.contains(&name), cell.contains(BADGE), "link end {cell}");
        }
    }
    assert_eq!(links.iter().filter(|r| r.contains(BADGE)).count(), 2);
    // Running text in another subject's card: the mark follows the name.
    let boss = element(&html, "subj-s001", "article");
    assert!(boss.contains(&format!("{name} <span class=\"vmark\"")), "corroboration line");
    assert!(!boss.contains("(likely victim)"), "the mark replaces the analysis' words");
    // Network picture: the label is marked.
    assert!(network_svg(&sample().network, 1076.0, 480.0).contains(&format!("⚠ {name}")));
    // Everywhere: outside the victim's own card every mention of the name is followed by a warning close by
    // (a badge, a mark, or the tooltip's words).
    let card = element(&html, "subj-s003", "article");
    let card_at = html.find(card).expect("card");
    for (i, _) in html.match_indices(name.as_str()) {
        if (card_at..card_at + card.len()).contains(&i) {
            continue;
        }
        let after = &html[i..boundary(&html, i + 120)];
        assert!(
            html[..i].ends_with("⚠ ") || after.contains("ikely victim") || after.contains("IKELY VICTIM"),
            "name without a warning at {i}: {}",
            &html[boundary(&html, i.saturating_sub(120))..boundary(&html, i + 200)]
        );
    }
}

#[test]
fn the_summary_states_the_configured_rule() {
    let mut a = sample();
    let html = render_html(&a, &meta());
    let summary = element(&html, "summary", "section");
    assert!(summary.contains("at least 2 distinct indicators and a score of at least 5.5"), "{summary}");
    assert!(summary.contains("no single indicator makes an alert"));
    a.config.min_distinct = 1;
    a.config.alert_threshold = 3.0;
    let html = render_html(&a, &meta());
    let summary = element(&html, "summary", "section");
    assert!(summary.contains("at least 1 distinct indicator and a score of at least 3"), "{summary}");
    assert!(!summary.contains("no single indicator"));
    assert!(summary.contains("a single indicator can make an alert"));
}

#[test]
fn the_timeline_says_what_it_shows() {
    let html = render_html(&sample(), &meta());
    let section = element(&html, "timeline", "section");
    assert!(!section.contains("largest payments"));
    assert!(section.contains("12 dated events, one lane per subject: the evidence records of the indicator hits, up to the first 12 of each hit, and 2 payments."), "{section}");
    assert!(section.contains("1 hit rests on more records than the timeline shows"));
    assert!(section.contains("Evidence without a date, such as registry records"));
}

#[test]
fn the_method_section_gives_the_configuration() {
    let mut a = sample();
    // A rule the pack gives no weight to shows its default.
    a.config.weights.remove("THB-030");
    let html = render_html(&a, &meta());
    let method = element(&html, "method", "section");
    assert!(method.contains("<h2>14. How this analysis was made</h2>"));
    assert!(method.contains("Theseus 0.0.0"));
    assert!(
        method
            .contains("2 settings differ from the defaults of this version of Theseus: <code>alert_threshold</code>, <code>weights</code>.")
    );
    assert!(method.contains(r#"<th>Alert threshold</th><td class="num">5.5</td>"#));
    assert!(method.contains(r#"<th>Distinct indicators needed</th><td class="num">2</td>"#));
    assert!(method.contains(r#"<th>Hub degree limit</th><td class="num">5</td>"#));
    assert!(method.contains(r#"<span class="code">+10000000000</span>"#), "stop-list");
    assert!(method.contains(r#"<span class="code">vivastreet</span>"#), "ad merchants");
    assert!(method.contains(r#"<span class="code">RO</span>"#), "origin countries");
    assert!(method.contains(r#"<th><span class="code">THB-002</span></th><td>expense_words = "#), "rule parameters");
    assert!(method.contains(
        r#"max_amount = 150.0; mccs = [&quot;7011&quot;, &quot;3501-3999&quot;]; min_stays = 3; window_days = 14</td>"#
    ));
    assert!(method.contains("<th>Sexual exploitation</th>"), "typologies");
    // Every weight, with the title of the indicators that fired.
    for (code, weight) in &a.config.weights {
        assert!(method.contains(&format!(r#"<span class="code">{code}</span>"#)), "{code}");
        let _ = weight;
    }
    assert!(method.contains("Payments for accommodation of third parties"));
    assert!(method.contains("1 (default)"), "an indicator without a configured weight");
    // The TOML reads back as the same configuration.
    let cfg = sample().config;
    let toml = crate::report::config_toml(&cfg);
    let back = theseus_analysis::Config::from_toml(&toml).expect("valid TOML");
    assert!(back == cfg, "the configuration does not read back the same");
    // The section comes before the evidence files, and the contents list it.
    let order: Vec<usize> = ["id=\"method\"", "id=\"evidence-files\"", "id=\"sources\""]
        .iter()
        .map(|s| html.find(s).expect("section"))
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]));
    assert!(html.contains(r##"<li><a href="#method">How this analysis was made</a></li>"##));
    assert!(html.contains("<h2>15. Evidence files</h2>") && html.contains("<h2>16. Sources appendix</h2>"));
}

#[test]
fn the_appendix_lists_exactly_the_linked_records_in_file_order() {
    let html = render_html(&sample(), &meta());
    let appendix = element(&html, "sources", "section");
    let rows: Vec<&str> = attr_values(appendix, "id").into_iter().filter(|id| id.starts_with("src-")).collect();
    let linked: BTreeSet<&str> =
        attr_values(&html, "href").into_iter().filter_map(|h| h.strip_prefix("#src-")).collect();
    let listed: BTreeSet<&str> = rows.iter().map(|r| &r[4..]).collect();
    assert_eq!(listed, linked, "the appendix lists the linked records, no more, no fewer");
    assert!(!html.contains(UNLINKED), "a record nothing links to is not listed");
    assert!(appendix.contains("The 36 records linked from this report"), "count: {}", &appendix[..400]);
    assert!(appendix.contains("The analysis output names 1 more source record,"));
    assert!(html.contains(r#"<span class="v">36</span><span class="k">records cited in this report</span>"#));
    // The registry record named in a score explanation is linked, and so listed.
    assert!(listed.contains("own-0002"));
    // Order: file name, then locator in natural order; the record without a source last.
    let pos = |id: &str| rows.iter().position(|r| *r == format!("src-{}", crate::html::anchor("", id))).expect(id);
    assert!(pos("tx-0031") < pos("tx-0030"), "row 9 before row 10");
    assert!(pos("tx-0001") < pos("tx-0002") && pos("tx-0002") < pos("tx-0012"), "line 9, 10, 20");
    assert!(pos("tx-0021") < pos("tx 0005/A") && pos("tx 0005/A") < pos("tx-0022"), "line 99, 100, 101");
    assert!(pos("tx-0042") < pos("ent-s001"), "aurora… before registry…");
    assert!(pos("ent-s003") < pos("own-0002"), "registry line 3 before line 12");
    assert!(pos("own-0002") < pos("tx-0050"), "registry… before str-report…");
    assert_eq!(rows.last(), Some(&"src-missing-record-7"));
    // One heading per file, with its record count, extractor and SHA-256.
    assert!(appendix.contains(&format!(
        r#"registry.ftm.jsonl <span class="muted small">· 4 records · read by ftm 0.0.0 · SHA-256</span> <span class="hash muted">{SHA}</span>"#
    )));
}

#[test]
fn evidence_reads_as_dates_and_amounts() {
    let html = render_html(&sample(), &meta());
    let boss = element(&html, "subj-s001", "article");
    // The first record: date, time, signed amount with grouping, the id in the title and for print.
    assert!(boss.contains(
        r##"<a class="rec" href="#src-tx-0001" title="Record tx-0001&#10;"##.replace("&#10;", "\n").as_str()
    ));
    assert!(boss.contains(r#"data-id="tx-0001">2024-02-03 10:00 +1,234.50 EUR</a>"#), "label");
    assert!(boss.contains(r#"data-id="tx 0005/A">2024-03-01 08:00 −1,050 EUR</a>"#), "debit");
    // Twelve records in full, the other eight on a "+8 more" line, each still a link.
    let hit = &boss[boss.find(r#"<span class="code">THB-003"#).expect("hit")..];
    let hit = &hit[..hit.find(r#"<div class="hit">"#).unwrap_or(hit.len())];
    let more = &hit[hit.find(r#"<span class="more">"#).expect("more line")..];
    assert!(more.contains("+8 more:"));
    assert_eq!(more.matches(r#"class="rec""#).count(), 8);
    for id in cash_ids() {
        assert!(hit.contains(&format!(r##"href="#src-{id}""##)), "{id} linked");
    }
    // Registry records show their type and name; one naming the victim gets the mark.
    let victim = element(&html, "subj-s003", "article");
    assert!(victim.contains(r#"data-id="ent-s001">Person Marco Vellani</a>"#));
    let name = crate::html::esc(VICTIM);
    assert!(victim.contains(&format!(r#"data-id="ent-s003">Person {name}</a> <span class="vmark""#)));
    // A long id gets a short form for the compact lists on paper.
    let mut a = sample();
    let long = "0047026c016fe7de9e98f1975be547c559222b5f".to_string();
    a.subjects[3].hits[0].evidence.push(long.clone());
    let html = render_html(&a, &meta());
    assert!(html.contains(&format!(r#"data-id="{long}" data-short="0047026c016f">0047026c01…</a>"#)));
    // Print shows the id after the label.
    assert!(html.contains(r#"a.rec[data-id]:not(.id)::after { content: " [" attr(data-id) "]""#));
}

#[test]
fn identifier_hits_name_their_registry_record_and_no_empty_date() {
    let html = render_html(&sample(), &meta());
    let victim = element(&html, "subj-s003", "article");
    let hit = &victim[victim.find("THB-014").expect("hit")..];
    let hit = &hit[..hit.find(r#"<div class="recs">"#).expect("records")];
    assert!(hit.contains(r##"<span>Registry record <b><a class="rec id" href="#src-ent-s003""##), "{hit}");
    assert!(!hit.contains("entity:"));
    assert!(!hit.contains("Date") && !hit.contains("Period"), "{hit}");
    assert!(victim.contains("Not alerted: score below 5.5"));
    assert!(element(&html, "subj-s004", "article").contains("Not alerted: 1 distinct indicator of 2 needed"));
}

#[test]
fn amounts_have_thousands_separators() {
    let html = render_html(&sample(), &meta());
    assert!(html.contains("11,890 EUR in total, 9,870 EUR of it within 30 days"), "finding");
    assert!(html.contains("2,100 EUR in 2 payment(s), 2024-03-15 – 2024-05-27"), "link label");
    assert!(html.contains("Cash deposit 1,300 EUR."), "timeline text");
    assert!(html.contains("credit 1,800 EUR payroll from Hotel Aurora GmbH"), "source summary");
    assert!(!html.contains("11890") && !html.contains("5400 EUR"));
}

#[test]
fn ad_operations_show_their_movement_city_by_city() {
    let mut a = sample();
    let html = render_html(&a, &meta());
    assert!(!html.contains("Movement of online ad operations"), "no operations, no chart");
    a.ad_operations = vec![theseus_analysis::output::AdOperation {
        id: "adop-0123456789abcdef".into(),
        ads: vec!["site.ad.1".into(), "site.ad.2".into(), "site.ad.3".into()],
        posters: vec!["site.user.9".into()],
        identifiers: vec!["phone:+4915112345678".into()],
        score: 9.0,
        alert: true,
        signals: vec!["one phone in 2 cities".into()],
        timeline: vec![
            ("Hamburg".into(), "2026-03-01T21:10:00+01:00".into(), "2026-03-05T20:00:00+01:00".into(), 2),
            ("Bremen".into(), "2026-03-09T21:00:00+01:00".into(), "2026-03-09T21:00:00+01:00".into(), 1),
        ],
    }];
    let html = render_html(&a, &meta());
    let section = element(&html, "timeline", "section");
    assert!(section.contains("Movement of online ad operations"), "{section}");
    assert!(section.contains("adop-0123456789abcdef (alerted) — 3 ads, phone:+4915112345678"));
    let svg = &section[section.find(r#"<svg class="movement""#).expect("movement chart")..];
    let hamburg = svg.find(">Hamburg</text>").expect("Hamburg row");
    let bremen = svg.find(">Bremen</text>").expect("Bremen row");
    assert!(hamburg < bremen, "stays in the order they happened");
    assert!(svg.contains("Hamburg: 2 ad(s), 2026-03-01 21:10 to 2026-03-05 20:00"));
    assert!(svg.contains(">2026-03-01</text>") && svg.contains(">2026-03-09</text>"), "the time axis");
}
