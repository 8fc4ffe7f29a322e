//! The HTML document, section by section.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDateTime;

use theseus_analysis::Config;
use theseus_analysis::output::{Analysis, Edge, Hit, Node, SourceRef, Subject, TimelineEvent};

use crate::html::{amount, amounts_in, anchor, bytes, esc, grouped, natural_cmp, role_name, score, truncate, w};
use crate::style::CSS;
use crate::timeline::parse_ts;
use crate::{EvidenceFile, ReportMeta, network_svg, timeline_svg_marked};

/// Width of the pictures in SVG units; they scale down to the page.
const PICTURE_W: f64 = 1076.0;
/// Evidence records shown in full on a hit or a link; the rest are listed compactly under "+N more".
const SHOWN_RECORDS: usize = 12;
/// Evidence records per indicator hit that the analysis puts on the timeline (`theseus_analysis::score`).
const TIMELINE_PER_HIT: usize = 12;

/// Section numbers, in document order.
const S_SUMMARY: usize = 1;
const S_SUBJECTS: usize = 2;
const S_DETAILS: usize = 3;
const S_NETWORK: usize = 4;
const S_TIMELINE: usize = 5;
const S_CHAIN: usize = 6;
const S_MONEY: usize = 7;
const S_CONFISCATION: usize = 8;
const S_COMPENSATION: usize = 9;
const S_FUNDS: usize = 10;
const S_ELEMENTS: usize = 11;
const S_HUBS: usize = 12;
const S_NOTICES: usize = 13;
const S_METHOD: usize = 14;
const S_FILES: usize = 15;
const S_SOURCES: usize = 16;

mod case;

/// Table of contents: anchor, number, title.
const SECTIONS: [(&str, usize, &str); 16] = [
    ("summary", S_SUMMARY, "Summary"),
    ("subjects", S_SUBJECTS, "Ranked subjects"),
    ("subject-details", S_DETAILS, "Subject details"),
    ("network", S_NETWORK, "Network"),
    ("timeline", S_TIMELINE, "Timeline"),
    ("chain", S_CHAIN, "The chain: operations and roles"),
    ("money", S_MONEY, "The money trail"),
    ("confiscation", S_CONFISCATION, "Confiscation schedule"),
    ("compensation", S_COMPENSATION, "Compensation of the victims"),
    ("funds", S_FUNDS, "Source and application of funds"),
    ("elements", S_ELEMENTS, "Offence elements without testimony"),
    ("hubs", S_HUBS, "Identifiers set aside (hubs)"),
    ("notices", S_NOTICES, "Notices"),
    ("method", S_METHOD, "How this analysis was made"),
    ("evidence-files", S_FILES, "Evidence files"),
    ("sources", S_SOURCES, "Sources appendix"),
];

/// The badge shown next to a subject with a victim warning, in tables and lists.
const VICTIM_BADGE: &str = r#"<span class="badge victim" title="Likely victim: do not treat as an offender without review">Likely victim – review</span>"#;
/// The compact mark put after the name of a subject with a victim warning in running text.
const VICTIM_MARK: &str = r#"<span class="vmark" title="Likely victim: this subject carries a victim warning; do not treat as an offender without review">⚠ likely victim</span>"#;

/// Lookups shared by the sections, and the record links made so far.
struct Ctx<'a> {
    a: &'a Analysis,
    /// Subjects in rank order (score, highest first; the analysis order breaks ties).
    ranked: Vec<&'a Subject>,
    /// Rank (1-based) by subject id.
    rank: BTreeMap<&'a str, usize>,
    /// Subject by id.
    by_id: BTreeMap<&'a str, &'a Subject>,
    /// Subject by name, for names that only one subject has (timeline events name their subject).
    by_name: BTreeMap<&'a str, Option<&'a Subject>>,
    /// Network nodes by id.
    nodes: BTreeMap<&'a str, &'a Node>,
    /// Names of subjects with a victim warning, longest first, to mark them wherever they appear in text.
    victim_names: Vec<&'a str>,
    /// Alerts and their decisions.
    alerts: &'a [crate::AlertState],
    /// Every record id a link has been made to; the sources appendix lists exactly these.
    linked: RefCell<BTreeSet<String>>,
}

impl<'a> Ctx<'a> {
    fn new(a: &'a Analysis, alerts: &'a [crate::AlertState]) -> Self {
        let mut ranked: Vec<&Subject> = a.subjects.iter().collect();
        ranked.sort_by(|x, y| y.score.total_cmp(&x.score));
        let rank = ranked.iter().enumerate().map(|(i, s)| (s.id.as_str(), i + 1)).collect();
        let by_id = a.subjects.iter().map(|s| (s.id.as_str(), s)).collect();
        let mut by_name: BTreeMap<&str, Option<&Subject>> = BTreeMap::new();
        for s in &a.subjects {
            by_name.entry(s.name.as_str()).and_modify(|e| *e = None).or_insert(Some(s));
        }
        let nodes = a.network.nodes.iter().map(|n| (n.id.as_str(), n)).collect();
        let mut victim_names: Vec<&str> = a
            .subjects
            .iter()
            .filter(|s| s.victim_warning.is_some())
            .map(|s| s.name.trim())
            .filter(|n| n.chars().count() >= 3)
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        victim_names.sort_by_key(|n| std::cmp::Reverse(n.len()));
        Ctx { a, ranked, rank, by_id, by_name, nodes, victim_names, alerts, linked: RefCell::new(BTreeSet::new()) }
    }

    /// Subjects that get a card: an indicator, any score, or a victim warning (which must never be hidden).
    fn detailed(&self) -> impl Iterator<Item = &&'a Subject> {
        self.ranked.iter().filter(|s| has_card(s))
    }

    /// The subject a timeline event or a network end refers to, by id or by a name no other subject has.
    fn subject_of(&self, key: &str) -> Option<&'a Subject> {
        self.by_id.get(key).copied().or_else(|| self.by_name.get(key).copied().flatten())
    }

    /// The display name of a subject id (the key itself when it is not a subject id).
    fn subject_name<'b>(&'b self, key: &'b str) -> &'b str {
        self.by_id.get(key).map_or(key, |s| s.name.as_str())
    }

    /// Whether a subject key (id or name) or a network node id stands for a subject with a victim warning.
    /// A name several subjects share counts when any of them carries a warning: a warning too many is safe,
    /// one too few is not.
    fn is_victim(&self, key: &str) -> bool {
        if let Some(s) = self.by_id.get(key) {
            return s.victim_warning.is_some();
        }
        self.nodes.get(key).is_some_and(|n| n.victim_warning)
            || self.a.subjects.iter().any(|s| s.name == key && s.victim_warning.is_some())
    }

    /// Data text as HTML: escaped, amounts written the report's way, and the name of every subject with a
    /// victim warning followed by the victim mark.
    fn text(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 16);
        let mut rest = text;
        while let Some((at, name)) = self.next_victim_name(rest) {
            out.push_str(&esc(&amounts_in(&rest[..at + name.len()])));
            out.push(' ');
            out.push_str(VICTIM_MARK);
            rest = &rest[at + name.len()..];
            // The analysis may have said it in words already: the mark replaces them.
            const SAID: &str = " (likely victim)";
            if rest.get(..SAID.len()).is_some_and(|r| r.eq_ignore_ascii_case(SAID)) {
                rest = &rest[SAID.len()..];
            }
        }
        out.push_str(&esc(&amounts_in(rest)));
        out
    }

    /// The first whole-word occurrence of a victim's name in `text` (the longest name at the same place).
    fn next_victim_name(&self, text: &str) -> Option<(usize, &'a str)> {
        let mut best: Option<(usize, &str)> = None;
        for name in &self.victim_names {
            let mut from = 0;
            while let Some(i) = text[from..].find(name).map(|i| i + from) {
                let before = text[..i].chars().next_back().is_none_or(|c| !c.is_alphanumeric());
                let after = text[i + name.len()..].chars().next().is_none_or(|c| !c.is_alphanumeric());
                if before && after {
                    if best.is_none_or(|(b, _)| i < b) {
                        best = Some((i, name));
                    }
                    break;
                }
                from = i + name.chars().next().map_or(1, char::len_utf8);
            }
        }
        best
    }

    /// Marks `id` as linked from the report, so that the sources appendix lists it.
    fn link(&self, id: &str) {
        self.linked.borrow_mut().insert(id.to_string());
    }
}

fn has_card(s: &Subject) -> bool {
    !s.hits.is_empty() || s.score > 0.0 || s.alert || s.victim_warning.is_some()
}

pub(crate) fn render(a: &Analysis, chain: Option<&theseus_chain::Chain>, meta: &ReportMeta) -> String {
    let ctx = Ctx::new(a, &meta.alerts);
    // The sections that link records are written first, so that the summary and the appendix can count and
    // list exactly the records linked.
    let mut body = String::with_capacity(64 * 1024);
    ranked_subjects(&mut body, &ctx);
    subject_cards(&mut body, &ctx);
    network(&mut body, a, &ctx);
    timeline(&mut body, a, &ctx);
    case::sections(&mut body, &ctx, chain);
    hubs(&mut body, a);
    notices(&mut body, a);
    method(&mut body, a, meta);
    evidence_files(&mut body, &meta.files);
    let linked = ctx.linked.take();

    let mut o = String::with_capacity(body.len() + 16 * 1024 + linked.len() * 600);
    head(&mut o, meta);
    header(&mut o, meta);
    summary(&mut o, a, meta, &ctx, linked.len());
    o.push_str(&body);
    sources(&mut o, a, &ctx, &linked);
    w!(
        o,
        "<footer>Generated by Theseus {} on {} from workspace {}. Every cited record links to its row in section {}, \
         which names the evidence file, its SHA-256, where the record sits in the file and which extractor read \
         it.</footer>\n</body>\n</html>\n",
        esc(or_dash(&meta.theseus_version)),
        esc(or_dash(&meta.generated_at)),
        esc(or_dash(&meta.workspace)),
        S_SOURCES
    );
    o
}

fn or_dash(s: &str) -> &str {
    if s.trim().is_empty() { "–" } else { s }
}

/// How a record is shown: read from its source's one-line summary.
///
/// Transactions (`"<ISO time stamp> <account> <credit|debit> <amount> <currency> <channel> …"`) show their
/// date, time and amount, signed from the account's side (+ credit, − debit); registry records
/// (`"<Schema> <caption>"`) their schema and caption; anything else its summary, cut short; a record without
/// a source its id, cut short. The second value says whether the label names a party (registry records and
/// other summaries), so that a victim's name in it gets its mark.
fn rec_label(id: &str, src: Option<&SourceRef>) -> (String, bool) {
    let Some(src) = src else {
        return (short_id(id), false);
    };
    let t: Vec<&str> = src.summary.split_whitespace().collect();
    if t.len() >= 5
        && let Some(ts) = parse_ts(t[0])
        && matches!(t[2], "credit" | "debit")
        && let Some(value) = amount(t[3])
        && t[4].len() == 3
        && t[4].bytes().all(|b| b.is_ascii_uppercase())
    {
        let sign = if t[2] == "credit" { "+" } else { "−" };
        let value = value.trim_start_matches('-');
        let when =
            if t[0].len() > 10 { ts.format("%Y-%m-%d %H:%M").to_string() } else { ts.format("%Y-%m-%d").to_string() };
        return (format!("{when} {sign}{value} {}", t[4]), false);
    }
    let summary = src.summary.trim();
    if summary.is_empty() {
        return (short_id(id), false);
    }
    (truncate(&amounts_in(summary), 44), true)
}

/// A long record id cut to its first ten characters; short ids as they are.
fn short_id(id: &str) -> String {
    if id.chars().count() > 16 { format!("{}…", id.chars().take(10).collect::<String>()) } else { id.to_string() }
}

/// A link to a cited record, shown by its [`rec_label`], with the full id in the tooltip and, on paper, after
/// the label. A label naming a subject with a victim warning is followed by the victim mark.
fn rec_link(o: &mut String, ctx: &Ctx, id: &str) {
    ctx.link(id);
    let src = ctx.a.sources.get(id);
    let (label, names_party) = rec_label(id, src);
    let title = match src {
        Some(s) => format!("Record {id}\n{} · {}\n{}", s.file, s.locator, amounts_in(&s.summary)),
        None => format!("Record {id}: not in the analysis sources"),
    };
    // On paper the compact "+N more" lists give the first twelve characters of a long id (see the style sheet).
    let short = if id.chars().count() > 12 {
        format!(r#" data-short="{}""#, esc(&id.chars().take(12).collect::<String>()))
    } else {
        String::new()
    };
    w!(
        o,
        r##"<a class="rec{}" href="#{}" title="{}" data-id="{}"{}>{}</a>"##,
        if src.is_some() { "" } else { " missing" },
        anchor("src-", id),
        esc(&title),
        esc(id),
        short,
        esc(&label)
    );
    if names_party && ctx.next_victim_name(&label).is_some() {
        o.push(' ');
        o.push_str(VICTIM_MARK);
    }
}

/// A link to a cited record that shows the record id itself (ids named in a sentence).
fn rec_id_link(o: &mut String, ctx: &Ctx, id: &str) {
    ctx.link(id);
    let title =
        ctx.a.sources.get(id).map_or_else(String::new, |s| format!("{} · {}\n{}", s.file, s.locator, s.summary));
    w!(
        o,
        r##"<a class="rec id" href="#{}" title="{}" data-id="{}">{}</a>"##,
        anchor("src-", id),
        esc(&title),
        esc(id),
        esc(id)
    );
}

/// Record links: the first [`SHOWN_RECORDS`] in full, the rest on a compact "+N more" line (each still a link,
/// so that every record stays cited; on paper these carry the first twelve characters of a long id, not all).
fn rec_links(o: &mut String, ctx: &Ctx, ids: &[String]) {
    for id in ids.iter().take(SHOWN_RECORDS) {
        rec_link(o, ctx, id);
        o.push(' ');
    }
    if ids.len() > SHOWN_RECORDS {
        w!(o, r#"<span class="more"><span class="lbl">+{} more:</span> "#, grouped((ids.len() - SHOWN_RECORDS) as u64));
        for id in &ids[SHOWN_RECORDS..] {
            rec_link(o, ctx, id);
            o.push(' ');
        }
        o.push_str("</span>");
    }
}

/// A list of record links with a label and a count.
fn rec_list(o: &mut String, ctx: &Ctx, label: &str, ids: &[String]) {
    w!(o, r#"<div class="recs"><span class="lbl">{} ({}):</span> "#, esc(label), grouped(ids.len() as u64));
    if ids.is_empty() {
        o.push_str(r#"<span class="lbl">none cited</span>"#);
    }
    rec_links(o, ctx, ids);
    o.push_str("</div>");
}

/// A sentence of the analysis in which the ids of cited records (such as the registry record tying an account
/// to its holder) become links; the rest is written as [`Ctx::text`].
fn text_with_records(o: &mut String, ctx: &Ctx, line: &str) {
    let mut last = 0;
    let mut start = None;
    let bytes = line.as_bytes();
    for i in 0..=bytes.len() {
        let space = i == bytes.len() || bytes[i].is_ascii_whitespace();
        match (start, space) {
            (None, false) => start = Some(i),
            (Some(s), true) => {
                let word = line[s..i].trim_end_matches([',', '.', ';', ':', ')']).trim_start_matches('(');
                let ws = s + line[s..i].find(word).unwrap_or(0);
                if !word.is_empty() && ctx.a.sources.contains_key(word) {
                    o.push_str(&ctx.text(&line[last..ws]));
                    rec_id_link(o, ctx, word);
                    last = ws + word.len();
                }
                start = None;
            }
            _ => {}
        }
    }
    o.push_str(&ctx.text(&line[last..]));
}

/// A link to a subject's card, or the plain name when it has none.
fn subject_link(o: &mut String, ctx: &Ctx, s: &Subject, shown: &str) {
    if has_card(s) {
        let rank = ctx.rank.get(s.id.as_str()).copied().unwrap_or(0);
        w!(o, r##"<a class="xref" href="#{}" data-target="card {}">{}</a>"##, anchor("subj-", &s.id), rank, esc(shown));
    } else {
        o.push_str(&esc(shown));
    }
}

fn victim_badge(o: &mut String, s: &Subject) {
    if s.victim_warning.is_some() {
        o.push(' ');
        o.push_str(VICTIM_BADGE);
    }
}

fn head(o: &mut String, meta: &ReportMeta) {
    let title = if meta.title.trim().is_empty() { "Case report" } else { meta.title.as_str() };
    w!(
        o,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" \
         content=\"width=device-width, initial-scale=1\">\n<meta name=\"generator\" content=\"Theseus {}\">\n\
         <title>{}</title>\n<style>{}</style>\n</head>\n<body>\n",
        esc(&meta.theseus_version),
        esc(title),
        CSS
    );
}

fn header(o: &mut String, meta: &ReportMeta) {
    let title = if meta.title.trim().is_empty() { "Case report" } else { meta.title.as_str() };
    w!(
        o,
        r#"<header class="doc-header"><p class="kicker">Theseus · case report</p><h1>{}</h1><dl class="meta"><dt>Generated</dt><dd>{}</dd><dt>Workspace</dt><dd>{}</dd><dt>Theseus version</dt><dd>{}</dd></dl>"#,
        esc(title),
        esc(or_dash(&meta.generated_at)),
        esc(or_dash(&meta.workspace)),
        esc(or_dash(&meta.theseus_version))
    );
    w!(
        o,
        r#"<p class="caveat">This report presents the results of an automated first-pass analysis. Indicators are grounds for inquiry, not proof of an offence, and a subject's role is a hypothesis to be checked. Every finding cites the records it rests on; each cited record links to its row in the sources appendix (section {}), which identifies the evidence file by its SHA-256 and the record's place in it. Section {} gives the settings the analysis ran with.</p>"#,
        S_SOURCES,
        S_METHOD
    );
    o.push_str("</header>\n");
    o.push_str(r#"<nav class="toc"><b>Contents</b><ol>"#);
    for (id, _, title) in SECTIONS {
        w!(o, r##"<li><a href="#{}">{}</a></li>"##, id, esc(title));
    }
    o.push_str("</ol></nav>\n");
}

fn section_open(o: &mut String, id: &str, number: usize, title: &str, major: bool) {
    w!(
        o,
        r#"<section id="{}"{}><h2>{}. {}</h2>"#,
        id,
        if major { r#" class="major""# } else { "" },
        number,
        esc(title)
    );
}

fn figure(o: &mut String, value: String, label: &str, class: &str) {
    w!(
        o,
        r#"<div class="figure{}{}"><span class="v">{}</span><span class="k">{}</span></div>"#,
        if class.is_empty() { "" } else { " " },
        class,
        esc(&value),
        esc(label)
    );
}

/// A number of a threshold or weight, as short as it can be written exactly (`4`, `1.5`).
fn setting(x: f64) -> String {
    if x.is_finite() && x.fract() == 0.0 && x.abs() < 1e15 { format!("{x:.0}") } else { format!("{x}") }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n as u64), if n == 1 { one } else { many })
}

fn summary(o: &mut String, a: &Analysis, meta: &ReportMeta, ctx: &Ctx, linked: usize) {
    let st = &a.stats;
    let cfg = &a.config;
    // The summary follows the header on the first page.
    section_open(o, "summary", S_SUMMARY, "Summary", false);
    match &st.period {
        Some((from, to)) => {
            w!(o, "<p>Period covered by the transactions: <b>{}</b> to <b>{}</b>.</p>", esc(from), esc(to))
        }
        None => o.push_str("<p>No dated transactions were analysed.</p>"),
    }
    let victims = a.subjects.iter().filter(|s| s.victim_warning.is_some()).count();
    o.push_str(r#"<div class="figures">"#);
    figure(o, grouped(st.transactions as u64), "transactions analysed", "");
    figure(o, grouped(st.accounts as u64), "statement accounts", "");
    figure(o, grouped(st.entities as u64), "registry entities", "");
    figure(o, grouped(st.identifier_links as u64), "shared identifiers used to link parties", "");
    figure(o, grouped(a.subjects.len() as u64), "subjects analysed", "");
    figure(o, grouped(st.subjects_flagged as u64), "subjects with at least one indicator", "");
    figure(
        o,
        grouped(st.subjects_alerted as u64),
        "subjects alerted",
        if st.subjects_alerted > 0 { "strong" } else { "" },
    );
    figure(o, grouped(victims as u64), "subjects with a victim warning", if victims > 0 { "warn" } else { "" });
    figure(o, grouped(a.hubs.len() as u64), "identifiers set aside as hubs", "");
    figure(o, grouped(meta.files.len() as u64), "evidence files", "");
    figure(o, grouped(linked as u64), "records cited in this report", "");
    figure(o, grouped(meta.quarantine_count as u64), "records rejected at ingestion", "");
    o.push_str("</div>");

    let alerted: Vec<&&Subject> = ctx.ranked.iter().filter(|s| s.alert).collect();
    if alerted.is_empty() {
        o.push_str("<p>No subject passed the alert threshold.</p>");
    } else {
        w!(o, "<p><b>Alerted subjects</b> ({}): ", alerted.len());
        for (i, s) in alerted.iter().enumerate() {
            if i > 0 {
                o.push_str("; ");
            }
            subject_link(o, ctx, s, &s.name);
            w!(o, " (score {})", score(s.score));
            victim_badge(o, s);
        }
        o.push_str(".</p>");
    }
    if victims > 0 {
        w!(
            o,
            r#"<p>{} {} a victim warning: the indicators on them point to a victim's account. They must not be treated as offenders without review; see their cards in section {}. Wherever such a subject appears in this report, its name carries the badge {} or, in running text, the mark {}.</p>"#,
            VICTIM_BADGE,
            plural(victims, "subject carries", "subjects carry"),
            S_DETAILS,
            VICTIM_BADGE,
            VICTIM_MARK
        );
    }
    w!(
        o,
        "<p>A subject's score is the sum of the weights of the distinct indicators that fired on its accounts (an \
         indicator that fires on several accounts counts once), plus a corroboration bonus for links to other \
         flagged subjects; each card shows the sum line by line. A subject is alerted when it has at least {} and \
         a score of at least {}{} (section {} lists the weights and thresholds of this run).</p>",
        plural(cfg.min_distinct, "distinct indicator", "distinct indicators"),
        setting(cfg.alert_threshold),
        if cfg.min_distinct >= 2 {
            ": red flags are read in combination, and no single indicator makes an alert"
        } else {
            ". With this configuration a single indicator can make an alert"
        },
        S_METHOD
    );
    if !a.hubs.is_empty() {
        w!(
            o,
            "<p>{} and not used to link parties: shared by more than {} parties, or on the \
             stop-list (section {}).</p>",
            plural(a.hubs.len(), "identifier was set aside as a hub", "identifiers were set aside as hubs"),
            cfg.hub_degree,
            S_HUBS
        );
    }
    if !a.notices.is_empty() {
        w!(
            o,
            "<p>{} (section {}); a missing indicator is not evidence of anything.</p>",
            plural(a.notices.len(), "notice says what could not be checked", "notices say what could not be checked"),
            S_NOTICES
        );
    }
    if meta.quarantine_count == 0 {
        o.push_str("<p>No record was rejected at ingestion.</p>");
    } else {
        w!(
            o,
            "<p>{} rejected at ingestion and {} not part of this analysis; they are listed in the workspace \
             quarantine.</p>",
            plural(meta.quarantine_count, "record was", "records were"),
            if meta.quarantine_count == 1 { "is" } else { "are" }
        );
    }
    o.push_str("</section>\n");
}

/// Roles by support, highest first, at most `n`.
fn top_roles(s: &Subject, n: usize) -> Vec<(&str, f64)> {
    let mut roles: Vec<(&str, f64)> = s.roles.iter().map(|(k, v)| (k.as_str(), *v)).filter(|(_, v)| *v > 0.0).collect();
    roles.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(y.0)));
    roles.truncate(n);
    roles
}

fn roles_text(roles: &[(&str, f64)]) -> String {
    roles
        .iter()
        .map(|(code, support)| format!("{} {}", role_name(code), score(*support)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Distinct indicator codes of a subject's hits, in order, with their titles.
fn codes(s: &Subject) -> Vec<(&str, &str)> {
    let mut seen = BTreeSet::new();
    s.hits.iter().filter(|h| seen.insert(h.code.as_str())).map(|h| (h.code.as_str(), h.title.as_str())).collect()
}

fn ranked_subjects(o: &mut String, ctx: &Ctx) {
    section_open(o, "subjects", S_SUBJECTS, "Ranked subjects", true);
    let listed: Vec<&&Subject> = ctx.detailed().collect();
    let unlisted = ctx.ranked.len() - listed.len();
    if listed.is_empty() {
        w!(
            o,
            r#"<p class="empty">No indicator fired on any subject ({} analysed).</p></section>"#,
            plural(ctx.ranked.len(), "subject", "subjects")
        );
        o.push('\n');
        return;
    }
    w!(
        o,
        "<p>Subjects on which at least one indicator fired, highest score first. The name links to the subject's \
         details in section {}.</p>",
        S_DETAILS
    );
    o.push_str(
        r#"<table class="ranked"><thead><tr><th class="num">Rank</th><th>Subject</th><th class="num">Score</th><th>Alert</th><th>Top roles (support)</th><th>Indicators fired</th></tr></thead><tbody>"#,
    );
    for s in &listed {
        let rank = ctx.rank.get(s.id.as_str()).copied().unwrap_or(0);
        w!(
            o,
            r#"<tr{}><td class="num">{}</td><td class="name">"#,
            if s.alert { r#" class="is-alert""# } else { "" },
            rank
        );
        subject_link(o, ctx, s, &s.name);
        victim_badge(o, s);
        w!(o, r#"</td><td class="num">{}</td><td>"#, score(s.score));
        if s.alert {
            o.push_str(r#"<span class="badge alert">Yes</span>"#);
        } else {
            o.push_str(r#"<span class="badge no">No</span>"#);
        }
        w!(o, "</td><td>{}</td><td>", esc(&roles_text(&top_roles(s, 3))));
        for (i, (code, title)) in codes(s).iter().enumerate() {
            if i > 0 {
                o.push(' ');
            }
            w!(o, r#"<span class="code" title="{}">{}</span>"#, esc(title), esc(code));
        }
        o.push_str("</td></tr>");
    }
    o.push_str("</tbody></table>");
    if unlisted > 0 {
        w!(
            o,
            r#"<p class="muted small">{} further {} analysed and no indicator fired on them; they are not listed.</p>"#,
            grouped(unlisted as u64),
            if unlisted == 1 { "subject was" } else { "subjects were" }
        );
    }
    o.push_str("</section>\n");
}

fn subject_cards(o: &mut String, ctx: &Ctx) {
    section_open(o, "subject-details", S_DETAILS, "Subject details", true);
    let mut any = false;
    for s in ctx.detailed() {
        if !any {
            w!(
                o,
                r#"<p class="muted small">Evidence records are shown by date, time and amount, signed from the account holder's side (+ money in, − money out), or by the registry record's type and name; each links to its row in section {}, and its full record id is in the tooltip and, on paper, after it.</p>"#,
                S_SOURCES
            );
        }
        any = true;
        subject_card(o, ctx, s);
    }
    if !any {
        o.push_str(r#"<p class="empty">No subject to detail.</p>"#);
    }
    o.push_str("</section>\n");
}

/// Why a subject is not alerted, from the run's configuration.
fn no_alert_reason(s: &Subject, cfg: &Config) -> String {
    let distinct = codes(s).len();
    if distinct < cfg.min_distinct {
        format!(
            "Not alerted: {} of {} needed",
            plural(distinct, "distinct indicator", "distinct indicators"),
            cfg.min_distinct
        )
    } else if s.score < cfg.alert_threshold {
        format!("Not alerted: score below {}", setting(cfg.alert_threshold))
    } else {
        "Not alerted".to_string()
    }
}

fn subject_card(o: &mut String, ctx: &Ctx, s: &Subject) {
    let rank = ctx.rank.get(s.id.as_str()).copied().unwrap_or(0);
    let class = if s.victim_warning.is_some() {
        "card victim"
    } else if s.alert {
        "card alerted"
    } else {
        "card"
    };
    w!(
        o,
        r#"<article class="{}" id="{}"><div class="card-head"><span class="rank">#{}</span><h3>{}</h3>"#,
        class,
        anchor("subj-", &s.id),
        rank,
        esc(&s.name)
    );
    if s.alert {
        o.push_str(r#"<span class="badge alert">Alert</span>"#);
    } else {
        w!(o, r#"<span class="badge no">{}</span>"#, esc(&no_alert_reason(s, &ctx.a.config)));
    }
    victim_badge(o, s);
    w!(o, r#"<span class="score">Score <b>{}</b></span></div>"#, score(s.score));

    if let Some(text) = &s.victim_warning {
        w!(
            o,
            r#"<div class="victim-warning" role="note"><p class="vw-title">&#9888; Likely victim — do not treat as an offender without review</p><p>{}</p></div>"#,
            esc(text)
        );
    }

    o.push_str(r#"<dl class="facts">"#);
    w!(o, r#"<dt>Subject id</dt><dd class="mono">{}</dd>"#, esc(&s.id));
    for al in ctx.alerts.iter().filter(|a| a.subject == s.id) {
        let state = match &al.decision {
            Some(d) => format!("{} — {}", d.replace('_', " "), al.detail),
            None => "open: no decision recorded".to_string(),
        };
        w!(o, r#"<dt>Alert</dt><dd><span class="mono">{}</span> {}</dd>"#, esc(&al.alert), esc(&state));
    }
    w!(o, r#"<dt>Accounts</dt><dd class="mono">{}</dd>"#, esc(&list_or_none(&s.accounts)));
    o.push_str(r#"<dt>Linked entities</dt><dd class="mono">"#);
    if s.entities.is_empty() {
        o.push_str("none");
    }
    for (i, e) in s.entities.iter().enumerate() {
        if i > 0 {
            o.push_str(", ");
        }
        if ctx.a.sources.contains_key(e) {
            rec_id_link(o, ctx, e);
        } else {
            o.push_str(&esc(e));
        }
    }
    o.push_str("</dd>");
    let roles = top_roles(s, usize::MAX);
    w!(
        o,
        "<dt>Role hypotheses</dt><dd>{}</dd>",
        if roles.is_empty() { "none".to_string() } else { esc(&roles_text(&roles)) }
    );
    o.push_str("</dl>");

    if !s.score_explained.is_empty() {
        o.push_str(r#"<h4>How the score was made</h4><ul class="plain">"#);
        for line in &s.score_explained {
            o.push_str("<li>");
            text_with_records(o, ctx, line);
            o.push_str("</li>");
        }
        o.push_str("</ul>");
    }

    w!(o, "<h4>Indicators ({})</h4>", s.hits.len());
    if s.hits.is_empty() {
        o.push_str(r#"<p class="empty">No indicator fired.</p>"#);
    }
    for h in &s.hits {
        hit(o, ctx, h);
    }

    if !s.corroboration.is_empty() {
        o.push_str(r#"<h4>Corroboration</h4><ul class="plain">"#);
        for line in &s.corroboration {
            w!(o, "<li>{}</li>", ctx.text(line));
        }
        o.push_str("</ul>");
    }
    o.push_str("</article>\n");
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() { "none".to_string() } else { items.join(", ") }
}

fn hit(o: &mut String, ctx: &Ctx, h: &Hit) {
    w!(
        o,
        r#"<div class="hit"><div class="hit-head"><span class="code">{}</span><b>{}</b><span class="weight">weight {}</span></div><p class="finding">{}</p><div class="hit-meta">"#,
        esc(&h.code),
        esc(&h.title),
        score(h.weight),
        ctx.text(&h.finding)
    );
    if let Some(entity) = h.account.strip_prefix("entity:") {
        // Identifier indicators fire on a registry record, not on an account.
        o.push_str("<span>Registry record <b>");
        if ctx.a.sources.contains_key(entity) {
            rec_id_link(o, ctx, entity);
        } else {
            w!(o, r#"<span class="mono">{}</span>"#, esc(entity));
        }
        o.push_str("</b></span>");
    } else if !h.account.is_empty() {
        w!(o, r#"<span>Account <b class="mono">{}</b></span>"#, esc(&h.account));
    }
    let (from, to) = (h.period.0.trim(), h.period.1.trim());
    match (from.is_empty(), to.is_empty()) {
        (true, true) => {}
        (false, true) => w!(o, "<span>Date <b>{}</b></span>", esc(from)),
        (true, false) => w!(o, "<span>Date <b>{}</b></span>", esc(to)),
        (false, false) if from == to => w!(o, "<span>Date <b>{}</b></span>", esc(from)),
        (false, false) => w!(o, "<span>Period <b>{}</b> to <b>{}</b></span>", esc(from), esc(to)),
    }
    if !h.roles.is_empty() {
        let roles: Vec<String> = h.roles.iter().map(|r| format!("{} ({})", role_name(r), r)).collect();
        w!(o, "<span>Points to <b>{}</b></span>", esc(&roles.join(", ")));
    }
    o.push_str("</div>");
    rec_list(o, ctx, "Evidence records", &h.evidence);
    o.push_str("</div>");
}

/// A network end in the list of links: its label, a link to the subject's card when it has one, and the victim
/// badge when the subject carries a warning.
fn party(o: &mut String, ctx: &Ctx, key: &str) {
    let label = ctx.nodes.get(key).map_or(key, |n| n.label.as_str());
    match ctx.subject_of(key) {
        Some(s) => subject_link(o, ctx, s, label),
        None => o.push_str(&esc(label)),
    }
    if ctx.is_victim(key) {
        o.push(' ');
        o.push_str(VICTIM_BADGE);
    }
}

fn network(o: &mut String, a: &Analysis, ctx: &Ctx) {
    section_open(o, "network", S_NETWORK, "Network", true);
    let net = &a.network;
    let drawn = |e: &Edge| ctx.nodes.contains_key(e.from.as_str()) && ctx.nodes.contains_key(e.to.as_str());
    let undrawn = net.edges.iter().filter(|e| !drawn(e)).count();
    w!(
        o,
        "<p>{} and {}: every subject on which an indicator fired and every party one link away from one. The \
         layout is computed deterministically; positions carry no meaning beyond showing what is connected. Node \
         size grows with the subject's score; a red ring marks an alerted subject, a dashed amber ring and ⚠ a \
         subject with a victim warning.{} Hover a node or link for its full label; the links are listed with \
         their records below (shown by date, time and amount, signed as on the statement they come from: + money \
         in, − money out).</p>",
        plural(net.nodes.len(), "node", "nodes"),
        plural(net.edges.len(), "link", "links"),
        if net.nodes.len() > 40 { " With this many nodes only the most important are labelled." } else { "" }
    );
    o.push_str(r#"<figure class="picture">"#);
    let height = if net.nodes.is_empty() {
        180.0
    } else if net.nodes.len() <= 12 {
        480.0
    } else if net.nodes.len() <= 60 {
        640.0
    } else {
        820.0
    };
    o.push_str(&network_svg(net, PICTURE_W, height));
    o.push_str("</figure>");
    if undrawn > 0 {
        w!(
            o,
            r#"<p class="muted small">{} an end that is not a node of the network; {} listed below but not drawn.</p>"#,
            plural(undrawn, "link names", "links name"),
            if undrawn == 1 { "it is" } else { "they are" }
        );
    }
    if !net.edges.is_empty() {
        o.push_str(
            r#"<h4>Links</h4><table class="links"><thead><tr><th>From</th><th>To</th><th>Kind</th><th>Label</th><th>Records</th></tr></thead><tbody>"#,
        );
        for e in &net.edges {
            o.push_str("<tr><td>");
            party(o, ctx, &e.from);
            o.push_str("</td><td>");
            party(o, ctx, &e.to);
            w!(
                o,
                r#"</td><td class="nowrap">{}</td><td>{}</td><td class="recs">"#,
                esc(&e.kind.replace('_', " ")),
                ctx.text(&e.label)
            );
            if e.evidence.is_empty() {
                o.push('–');
            }
            rec_links(o, ctx, &e.evidence);
            o.push_str("</td></tr>");
        }
        o.push_str("</tbody></table>");
    }
    o.push_str("</section>\n");
}

fn timeline<'a>(o: &mut String, a: &'a Analysis, ctx: &Ctx<'a>) {
    section_open(o, "timeline", S_TIMELINE, "Timeline", true);
    if a.timeline.is_empty() {
        o.push_str(r#"<p class="empty">No dated events.</p>"#);
        ad_movement(o, a);
        o.push_str("</section>\n");
        return;
    }
    // Lanes are named after the subjects, whether an event names its subject by id or by name; two subjects
    // with the same name are told apart by their id.
    let lane_key = |key: &'a str| -> &'a str { ctx.subject_of(key).map_or(key, |s| s.id.as_str()) };
    let mut names: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for e in &a.timeline {
        let id = lane_key(&e.subject);
        names.entry(ctx.subject_name(id)).or_default().insert(id);
    }
    let lane_name = |key: &'a str| -> String {
        let id = lane_key(key);
        let name = ctx.subject_name(id);
        if names.get(name).is_some_and(|ids| ids.len() > 1) {
            format!("{name} ({})", id.chars().take(8).collect::<String>())
        } else {
            name.to_string()
        }
    };
    let events: Vec<TimelineEvent> =
        a.timeline.iter().map(|e| TimelineEvent { subject: lane_name(&e.subject), ..e.clone() }).collect();
    let victim_lanes: BTreeSet<String> = a
        .timeline
        .iter()
        .zip(&events)
        .filter(|(e, _)| ctx.is_victim(&e.subject))
        .map(|(_, s)| s.subject.clone())
        .collect();
    timeline_intro(o, a, ctx);
    o.push_str(r#"<figure class="picture">"#);
    o.push_str(&timeline_svg_marked(&events, PICTURE_W, &victim_lanes));
    o.push_str("</figure>");
    o.push_str(
        r#"<table class="events"><thead><tr><th>Date</th><th>Subject</th><th>Code</th><th>What happened</th><th>Record</th></tr></thead><tbody>"#,
    );
    for (e, shown) in a.timeline.iter().zip(&events) {
        w!(o, r#"<tr><td class="nowrap">{}</td><td>"#, esc(&e.ts));
        match ctx.subject_of(&e.subject) {
            Some(s) => subject_link(o, ctx, s, &shown.subject),
            None => o.push_str(&esc(&shown.subject)),
        }
        if ctx.is_victim(&e.subject) {
            o.push(' ');
            o.push_str(VICTIM_BADGE);
        }
        w!(
            o,
            r#"</td><td><span class="code">{}</span></td><td>{}</td><td class="recs">"#,
            esc(&e.code),
            ctx.text(&e.text)
        );
        if e.record.is_empty() {
            o.push('–');
        } else {
            rec_link(o, ctx, &e.record);
        }
        o.push_str("</td></tr>");
    }
    o.push_str("</tbody></table>");
    ad_movement(o, a);
    o.push_str("</section>\n");
}

/// Where online ad operations posted, city by city over time: one small chart per operation, the alerted
/// ones first (at most six).
fn ad_movement(o: &mut String, a: &Analysis) {
    let ops: Vec<_> = a.ad_operations.iter().filter(|op| !op.timeline.is_empty()).take(6).collect();
    if ops.is_empty() {
        return;
    }
    w!(
        o,
        r#"<h3 id="ad-movement">Movement of online ad operations</h3><p>{} of {} linked by shared contacts, text or images; each bar is a stay in one city, from the first to the last ad posted there.</p>"#,
        plural(ops.len(), "operation", "operations"),
        a.ad_operations.len()
    );
    for op in ops {
        let spans: Vec<(&str, NaiveDateTime, NaiveDateTime, usize)> = op
            .timeline
            .iter()
            .filter_map(|(city, first, last, n)| Some((city.as_str(), parse_ts(first)?, parse_ts(last)?, *n)))
            .take(14)
            .collect();
        let (Some(start), Some(end)) = (spans.iter().map(|s| s.1).min(), spans.iter().map(|s| s.2).max()) else {
            continue;
        };
        // Contacts first, image hashes shortened: the heading names what links the ads.
        let mut ids: Vec<&String> = op.identifiers.iter().collect();
        ids.sort_by_key(|i| i.starts_with("image:"));
        let contacts: Vec<String> = ids
            .into_iter()
            .take(4)
            .map(|i| match i.strip_prefix("image:") {
                Some(h) => format!("image {}…", h.get(..12).unwrap_or(h)),
                None => i.clone(),
            })
            .collect();
        let total = (end - start).num_minutes().max(1) as f64;
        let (left, width, row) = (130.0, 600.0, 18.0);
        let height = 24.0 + row * spans.len() as f64;
        w!(
            o,
            r#"<h4>{}{} — {} ads, {}</h4>"#,
            esc(&op.id),
            if op.alert { " (alerted)" } else { "" },
            op.ads.len(),
            esc(&contacts.join(", "))
        );
        if op.timeline.len() > spans.len() {
            w!(o, "<p class=\"small\">The first {} of {} stays.</p>", spans.len(), op.timeline.len());
        }
        if !op.signals.is_empty() {
            w!(o, "<p class=\"small\">{}</p>", esc(&op.signals.join("; ")));
        }
        w!(
            o,
            r#"<svg class="movement" viewBox="0 0 {:.0} {height:.0}" width="100%" role="img" aria-label="Cities where operation {} posted ads, over time">"#,
            left + width + 60.0,
            esc(&op.id)
        );
        for (i, (city, first, last, n)) in spans.iter().enumerate() {
            let y = 8.0 + row * i as f64;
            let x0 = left + width * (*first - start).num_minutes() as f64 / total;
            let x1 = (left + width * (*last - start).num_minutes() as f64 / total).max(x0 + 3.0);
            w!(
                o,
                r##"<text x="{:.1}" y="{:.1}" font-size="11" text-anchor="end">{}</text><rect x="{x0:.1}" y="{:.1}" width="{:.1}" height="10" fill="#b5456b"><title>{}: {} ad(s), {} to {}</title></rect><text x="{:.1}" y="{:.1}" font-size="10">{n}</text>"##,
                left - 6.0,
                y + 9.0,
                esc(city),
                y,
                x1 - x0,
                esc(city),
                n,
                first.format("%Y-%m-%d %H:%M"),
                last.format("%Y-%m-%d %H:%M"),
                x1 + 4.0,
                y + 9.0
            );
        }
        w!(
            o,
            r#"<text x="{left:.0}" y="{:.1}" font-size="10">{}</text><text x="{:.0}" y="{:.1}" font-size="10" text-anchor="end">{}</text></svg>"#,
            height - 2.0,
            start.format("%Y-%m-%d"),
            left + width,
            height - 2.0,
            end.format("%Y-%m-%d")
        );
    }
}

/// What the timeline shows, told from the data: the evidence records of the hits (at most
/// [`TIMELINE_PER_HIT`] each, when the data bears that out), payments singled out, and what is left out.
fn timeline_intro(o: &mut String, a: &Analysis, ctx: &Ctx) {
    let on_timeline: BTreeSet<&str> = a.timeline.iter().map(|e| e.record.as_str()).collect();
    let payments = a.timeline.iter().filter(|e| e.code == "payment").count();
    let hit_events = a.timeline.len() - payments;
    // Events per subject and code against the hits they come from.
    let mut groups: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for e in a.timeline.iter().filter(|e| e.code != "payment") {
        let key = ctx.subject_of(&e.subject).map_or(e.subject.as_str(), |s| s.id.as_str());
        *groups.entry((key, e.code.as_str())).or_default() += 1;
    }
    let hits_in = |key: &str, code: &str| -> usize {
        ctx.by_id.get(key).map_or(0, |s| s.hits.iter().filter(|h| h.code == code).count())
    };
    let capped = groups.iter().all(|((key, code), n)| *n <= TIMELINE_PER_HIT * hits_in(key, code).max(1));
    let cut = a
        .subjects
        .iter()
        .flat_map(|s| s.hits.iter())
        .filter(|h| {
            h.evidence.len() > TIMELINE_PER_HIT && h.evidence.iter().any(|id| !on_timeline.contains(id.as_str()))
        })
        .count();
    let undated = a
        .subjects
        .iter()
        .flat_map(|s| s.hits.iter())
        .any(|h| h.evidence.iter().take(TIMELINE_PER_HIT).any(|id| !on_timeline.contains(id.as_str())));
    w!(o, "<p>{}, one lane per subject", plural(a.timeline.len(), "dated event", "dated events"));
    if hit_events > 0 {
        if capped {
            w!(o, ": the evidence records of the indicator hits, up to the first {TIMELINE_PER_HIT} of each hit");
        } else {
            o.push_str(": the evidence records of the indicator hits");
        }
    }
    if payments > 0 {
        w!(o, "{}{}", if hit_events > 0 { ", and " } else { ": " }, plural(payments, "payment", "payments"));
    }
    o.push('.');
    if capped && cut > 0 {
        w!(
            o,
            " {} more records than the timeline shows; the subject cards (section {}) list them all.",
            plural(cut, "hit rests on", "hits rest on"),
            S_DETAILS
        );
    }
    if undated {
        o.push_str(" Evidence without a date, such as registry records, is listed on the subject cards only.");
    }
    o.push_str(" Hover a dot for its text; every event is listed with its record below.");
    if !ctx.victim_names.is_empty() {
        o.push_str(" Lanes of subjects with a victim warning are shaded amber and marked ⚠.");
    }
    o.push_str("</p>");
}

fn hubs(o: &mut String, a: &Analysis) {
    section_open(o, "hubs", S_HUBS, "Identifiers set aside (hubs)", true);
    if a.hubs.is_empty() {
        o.push_str(r#"<p class="empty">No identifier was set aside.</p></section>"#);
        o.push('\n');
        return;
    }
    w!(
        o,
        "<p>These identifiers were not used to link parties: an identifier carried by more than {} distinct \
         parties (a switchboard, a payment processor, a placeholder) or on the stop-list shows no real connection. \
         The reason is given for each.</p>",
        a.config.hub_degree
    );
    o.push_str(
        r#"<table><thead><tr><th>Kind</th><th>Identifier</th><th class="num">Parties sharing it</th><th>Why it was set aside</th></tr></thead><tbody>"#,
    );
    for h in &a.hubs {
        w!(
            o,
            r#"<tr><td>{}</td><td class="mono">{}</td><td class="num">{}</td><td>{}</td></tr>"#,
            esc(&h.kind),
            esc(&h.value),
            grouped(h.degree as u64),
            esc(&h.reason)
        );
    }
    o.push_str("</tbody></table></section>\n");
}

fn notices(o: &mut String, a: &Analysis) {
    section_open(o, "notices", S_NOTICES, "Notices", false);
    if a.notices.is_empty() {
        o.push_str(r#"<p class="empty">The analysis reported nothing it could not check.</p></section>"#);
        o.push('\n');
        return;
    }
    o.push_str(
        "<p>What the analysis could not check, in its own words. A missing indicator neither incriminates nor \
         clears anyone.</p><ul class=\"plain\">",
    );
    for n in &a.notices {
        w!(o, "<li>{}</li>", esc(n));
    }
    o.push_str("</ul></section>\n");
}

/// A list of values in code style, or "none".
fn value_list(o: &mut String, items: &[String]) {
    if items.is_empty() {
        o.push_str(r#"<span class="muted">none</span>"#);
    }
    for (i, v) in items.iter().enumerate() {
        if i > 0 {
            o.push(' ');
        }
        w!(o, r#"<span class="code">{}</span>"#, esc(v));
    }
}

fn method(o: &mut String, a: &Analysis, meta: &ReportMeta) {
    let cfg = &a.config;
    section_open(o, "method", S_METHOD, "How this analysis was made", true);
    w!(
        o,
        "<p>Theseus {} read the evidence files of section {}, linked the parties through shared identifiers, ran \
         its financial indicators on every statement account and scored the subjects, with the settings below. \
         To repeat the run on the same files, save the configuration at the end of this section as a TOML file and \
         run <code>theseus analyze --config &lt;file&gt;</code>.</p>",
        esc(or_dash(&meta.theseus_version)),
        S_FILES
    );
    let changed = changed_settings(cfg);
    if changed.is_empty() {
        o.push_str(
            "<p>Every setting is the default of this version of Theseus; the defaults are documented in the code \
             with their sources.</p>",
        );
    } else {
        w!(
            o,
            "<p>{} from the defaults of this version of Theseus: {}.</p>",
            plural(changed.len(), "setting differs", "settings differ"),
            changed.iter().map(|k| format!("<code>{k}</code>")).collect::<Vec<_>>().join(", ")
        );
    }
    o.push_str(r#"<h4>Scoring and linking</h4><table class="settings"><tbody>"#);
    w!(
        o,
        r#"<tr><th>Alert threshold</th><td class="num">{}</td><td>A subject is alerted from this score on, with enough distinct indicators.</td></tr>"#,
        esc(&setting(cfg.alert_threshold))
    );
    w!(
        o,
        r#"<tr><th>Distinct indicators needed</th><td class="num">{}</td><td>Red flags are read in combination: an indicator that fires on several accounts counts once.</td></tr>"#,
        cfg.min_distinct
    );
    w!(
        o,
        r#"<tr><th>Hub degree limit</th><td class="num">{}</td><td>An identifier carried by more distinct parties than this is a hub and is not used to link (section {}).</td></tr>"#,
        cfg.hub_degree,
        S_HUBS
    );
    o.push_str(r#"<tr><th>Stop-list</th><td class="num">"#);
    w!(o, "{}", grouped(cfg.stop_list.len() as u64));
    o.push_str("</td><td>Identifiers never used to link: ");
    value_list(o, &cfg.stop_list);
    o.push_str("</td></tr></tbody></table>");

    // Weights: the configured codes and every code that fired, with the titles the hits give.
    let mut titles: BTreeMap<&str, &str> = BTreeMap::new();
    let mut fired: BTreeMap<&str, usize> = BTreeMap::new();
    for s in &a.subjects {
        for code in codes(s) {
            *fired.entry(code.0).or_default() += 1;
            titles.entry(code.0).or_insert(code.1);
        }
    }
    let all: BTreeSet<&str> = cfg.weights.keys().map(String::as_str).chain(fired.keys().copied()).collect();
    o.push_str(
        r#"<h4>Indicator weights</h4><table class="weights"><thead><tr><th>Code</th><th>Indicator</th><th class="num">Weight</th><th class="num">Subjects it fired on</th></tr></thead><tbody>"#,
    );
    for code in &all {
        let weight = match cfg.weights.get(*code) {
            Some(w) => setting(*w),
            None => format!("{} (default)", setting(cfg.weight(code))),
        };
        w!(
            o,
            r#"<tr><td><span class="code">{}</span></td><td>{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
            esc(code),
            titles
                .get(code)
                .map_or_else(|| r#"<span class="muted">did not fire in this run</span>"#.to_string(), |t| esc(t)),
            esc(&weight),
            grouped(fired.get(code).copied().unwrap_or(0) as u64)
        );
    }
    o.push_str("</tbody></table>");
    o.push_str(r#"<p class="muted small">An indicator without a configured weight weighs 1.</p>"#);

    o.push_str(r#"<h4>Lists and limits of the indicators</h4><table class="settings"><tbody>"#);
    w!(
        o,
        r#"<tr><th>Ad-site merchants (THB-001)</th><td class="num">{}</td><td>Card merchant descriptors of adult and classified ad sites, matched as case-insensitive parts of the descriptor: "#,
        grouped(cfg.ad_merchants.len() as u64)
    );
    value_list(o, &cfg.ad_merchants);
    o.push_str("</td></tr>");
    w!(
        o,
        r#"<tr><th>Origin countries (THB-026)</th><td class="num">{}</td><td>Countries of origin for remittance corridors (ISO 3166-1 alpha-2): "#,
        grouped(cfg.origin_countries.len() as u64)
    );
    value_list(o, &cfg.origin_countries);
    o.push_str("</td></tr></tbody></table>");

    o.push_str(
        r#"<h4>Rule parameters</h4><table class="settings"><thead><tr><th>Rule</th><th>Parameters</th></tr></thead><tbody>"#,
    );
    for (code, params) in &cfg.rules {
        let list: Vec<String> = params.iter().map(|(k, v)| format!("{k} = {v}")).collect();
        w!(o, r#"<tr><th><span class="code">{}</span></th><td>{}</td></tr>"#, esc(code), esc(&list.join("; ")));
    }
    o.push_str("</tbody></table>");
    o.push_str(
        r#"<h4>Typologies</h4><table class="settings"><thead><tr><th>Typology</th><th class="num">Threshold</th><th class="num">Window (days)</th><th>Rules</th></tr></thead><tbody>"#,
    );
    for t in cfg.typologies.values() {
        w!(
            o,
            r#"<tr><th>{}</th><td class="num">{}</td><td class="num">{}</td><td>{}</td></tr>"#,
            esc(&t.title),
            esc(&setting(t.threshold)),
            t.window_days,
            esc(&t.rules.join(", "))
        );
    }
    o.push_str("</tbody></table>");
    o.push_str(r#"<h4>The configuration as a file</h4><pre class="toml">"#);
    o.push_str(&esc(&config_toml(cfg)));
    o.push_str("</pre></section>\n");
}

/// The configuration keys whose values differ from [`Config::default`].
fn changed_settings(cfg: &Config) -> Vec<String> {
    let d = Config::default();
    let mut out = Vec::new();
    let same = |a: f64, b: f64| a.to_bits() == b.to_bits();
    if !same(cfg.alert_threshold, d.alert_threshold) {
        out.push("alert_threshold".to_string());
    }
    if cfg.min_distinct != d.min_distinct {
        out.push("min_distinct".into());
    }
    if cfg.hub_degree != d.hub_degree {
        out.push("hub_degree".into());
    }
    if cfg.stop_list != d.stop_list {
        out.push("stop_list".into());
    }
    if cfg.ad_merchants != d.ad_merchants {
        out.push("ad_merchants".into());
    }
    if cfg.origin_countries != d.origin_countries {
        out.push("origin_countries".into());
    }
    if cfg.weights != d.weights {
        out.push("weights".into());
    }
    if cfg.disabled != d.disabled {
        out.push("disabled".into());
    }
    for (code, p) in &cfg.rules {
        if d.rules.get(code) != Some(p) {
            out.push(format!("rules.{code}"));
        }
    }
    for (key, t) in &cfg.typologies {
        if d.typologies.get(key) != Some(t) {
            out.push(format!("typologies.{key}"));
        }
    }
    if !cfg.custom.is_empty() {
        out.push("custom".into());
    }
    out
}

/// The configuration as the TOML file `theseus analyze --config` reads.
pub(crate) fn config_toml(cfg: &Config) -> String {
    cfg.to_toml()
}

fn evidence_files(o: &mut String, files: &[EvidenceFile]) {
    section_open(o, "evidence-files", S_FILES, "Evidence files", true);
    if files.is_empty() {
        o.push_str(r#"<p class="empty">No evidence file was listed for this report.</p></section>"#);
        o.push('\n');
        return;
    }
    o.push_str(
        "<p>The evidence files of the workspace, as ingested. The SHA-256 identifies each file's exact bytes: \
         recompute it to check that the copy in hand is the one analysed.</p>",
    );
    o.push_str(
        r#"<table><thead><tr><th>File</th><th>SHA-256</th><th class="num">Size</th><th class="num">Batch</th></tr></thead><tbody>"#,
    );
    let mut total = 0u64;
    for f in files {
        total = total.saturating_add(f.size);
        w!(
            o,
            r#"<tr><td>{}</td><td class="hash">{}</td><td class="num">{}</td><td class="num">{}</td></tr>"#,
            esc(&f.name),
            esc(&f.sha256),
            esc(&bytes(f.size)),
            f.batch
        );
    }
    w!(
        o,
        r#"</tbody></table><p class="muted small">{}, {} in all.</p></section>"#,
        plural(files.len(), "file", "files"),
        esc(&bytes(total))
    );
    o.push('\n');
}

/// Orders the appendix: by evidence file (name, then SHA-256 when two versions of a file share a name), then by
/// the record's place in it in natural order (line 9 before line 10), then by id; records without a source
/// last, by id.
fn source_order(a: &(&str, Option<&SourceRef>), b: &(&str, Option<&SourceRef>)) -> std::cmp::Ordering {
    match (a.1, b.1) {
        (Some(x), Some(y)) => natural_cmp(&x.file, &y.file)
            .then_with(|| x.sha256.cmp(&y.sha256))
            .then_with(|| natural_cmp(&x.locator, &y.locator))
            .then_with(|| a.0.cmp(b.0)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.0.cmp(b.0),
    }
}

/// The evidence file (name and SHA-256) of an appendix row.
fn file_of<'s>(row: &(&str, Option<&'s SourceRef>)) -> Option<(&'s str, &'s str)> {
    row.1.map(|s| (s.file.as_str(), s.sha256.as_str()))
}

fn sources(o: &mut String, a: &Analysis, ctx: &Ctx, linked: &BTreeSet<String>) {
    section_open(o, "sources", S_SOURCES, "Sources appendix", true);
    if linked.is_empty() {
        o.push_str(r#"<p class="empty">No record is cited.</p></section>"#);
        o.push('\n');
        return;
    }
    let mut rows: Vec<(&str, Option<&SourceRef>)> = linked.iter().map(|id| (id.as_str(), a.sources.get(id))).collect();
    rows.sort_by(source_order);
    let missing = rows.iter().filter(|(_, s)| s.is_none()).count();
    w!(
        o,
        "<p>The {} linked from this report, grouped by evidence file (named with its SHA-256 and the extractor \
         that read it) and sorted by place in the file. Each row gives where the record sits in the file \
         (locator), its id and what the record says.",
        plural(rows.len(), "record", "records")
    );
    let unlisted = a.sources.keys().filter(|id| !linked.contains(*id)).count();
    if unlisted > 0 {
        w!(
            o,
            " The analysis output names {} more source {}, behind links that this report does not show; {} not \
             listed.",
            grouped(unlisted as u64),
            if unlisted == 1 { "record" } else { "records" },
            if unlisted == 1 { "it is" } else { "they are" }
        );
    }
    o.push_str("</p>");
    if missing > 0 {
        w!(
            o,
            r#"<p><b>{} no source entry in the analysis output</b>; {} marked below and cannot be traced from this report alone.</p>"#,
            plural(missing, "cited record has", "cited records have"),
            if missing == 1 { "it is" } else { "they are" }
        );
    }
    o.push_str(
        r#"<table class="sources"><thead><tr><th>Locator</th><th>Record id</th><th>What the record says</th></tr></thead><tbody>"#,
    );
    // One heading row per evidence file (with its extractor when all its records were read by the same one),
    // then its records.
    let mut start = 0;
    while start < rows.len() {
        let group = file_of(&rows[start]);
        let len = rows[start..].iter().take_while(|r| file_of(r) == group).count();
        let members = &rows[start..start + len];
        let extractors: BTreeSet<&str> = members.iter().filter_map(|r| r.1.map(|s| s.extractor.as_str())).collect();
        let common = if extractors.len() == 1 { extractors.first().copied() } else { None };
        match group {
            Some((file, sha)) => {
                w!(
                    o,
                    r#"<tr class="file-group"><th colspan="3">{} <span class="muted small">· {}"#,
                    esc(file),
                    plural(len, "record", "records")
                );
                match common {
                    Some(x) => w!(o, " · read by {}", esc(x)),
                    None => o.push_str(" · read by several extractors, named per record"),
                }
                w!(o, r#" · SHA-256</span> <span class="hash muted">{}</span></th></tr>"#, esc(sha));
            }
            None => w!(
                o,
                r#"<tr class="file-group"><th colspan="3">Records without a source entry <span class="muted small">· {}</span></th></tr>"#,
                plural(len, "record", "records")
            ),
        }
        for (id, src) in members {
            match src {
                Some(src) => {
                    w!(
                        o,
                        r#"<tr id="{}"><td class="mono nowrap">{}</td><td class="hash">{}</td><td>{}"#,
                        anchor("src-", id),
                        esc(&src.locator),
                        esc(id),
                        ctx.text(&src.summary)
                    );
                    if common.is_none() {
                        w!(o, r#" <span class="muted small">(read by {})</span>"#, esc(&src.extractor));
                    }
                    o.push_str("</td></tr>");
                }
                None => w!(
                    o,
                    r#"<tr id="{}" class="missing"><td>–</td><td class="hash">{}</td><td><b>Not in the analysis sources.</b> The analysis cites this record but does not say where it comes from.</td></tr>"#,
                    anchor("src-", id),
                    esc(id)
                ),
            }
        }
        start += len;
    }
    o.push_str("</tbody></table></section>\n");
}
