//! The report's inline style sheet: sober on screen, white and paginated on paper.

/// The whole style sheet, inlined into the `<head>`.
pub(crate) const CSS: &str = r#"
:root {
  --ink: #1b1f24; --muted: #5c6670; --rule: #cfd5dc; --head: #17324f; --shade: #f2f4f6;
  --link: #1f4e8c; --alert: #b71c1c; --alert-bg: #fdecea; --amber: #e69500; --amber-ink: #6e4500; --amber-bg: #fff5dc;
  --mono: "DejaVu Sans Mono", Consolas, "Liberation Mono", Menlo, monospace;
}
* { box-sizing: border-box; }
html { background: #e8ebee; }
body {
  margin: 24px auto; max-width: 1180px; background: #fff; color: var(--ink);
  font: 14px/1.5 "Segoe UI", "Helvetica Neue", Helvetica, Arial, "Liberation Sans", sans-serif;
  padding: 36px 52px 48px; border: 1px solid #d3d8dd;
}
h1, h2, h3 { font-family: Georgia, "Times New Roman", "Liberation Serif", serif; color: var(--head); font-weight: 700; }
h1 { font-size: 28px; margin: 4px 0 12px; line-height: 1.2; }
h2 { font-size: 21px; margin: 40px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--head); }
h3 { font-size: 17px; margin: 0; }
h4 { font-size: 13px; margin: 14px 0 4px; text-transform: uppercase; letter-spacing: .05em; color: var(--muted); }
p { margin: 6px 0 10px; }
a { color: var(--link); }
a.rec { text-decoration: none; border-bottom: 1px dotted var(--link); }
a.rec:hover { background: #e8f0fb; }
.mono, code { font-family: var(--mono); font-size: 12px; }
.hash { font-family: var(--mono); font-size: 11.5px; word-break: break-all; }
.muted { color: var(--muted); }
.small { font-size: 12.5px; }
.nowrap { white-space: nowrap; }

.doc-header { border-bottom: 3px double var(--head); padding-bottom: 14px; margin-bottom: 18px; }
.kicker { margin: 0; font-size: 11.5px; letter-spacing: .14em; text-transform: uppercase; color: var(--muted); }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 18px; margin: 0; }
.meta dt { color: var(--muted); }
.meta dd { margin: 0; }
.caveat { margin: 12px 0 0; padding: 8px 12px; background: var(--shade); border-left: 3px solid var(--head); font-size: 13px; }

nav.toc { margin: 0 0 8px; font-size: 13.5px; }
nav.toc ol { margin: 4px 0; padding-left: 22px; columns: 2; column-gap: 40px; }

table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 13px; }
th, td { border: 1px solid var(--rule); padding: 4px 8px; vertical-align: top; text-align: left; }
th { background: var(--shade); font-weight: 600; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.is-alert td.name { font-weight: 600; }
tbody tr:target, tr:target { background: #fff3bf; }
tr[id] { scroll-margin-top: 40px; }

.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 8px; margin: 10px 0 14px; }
.figure { border: 1px solid var(--rule); padding: 6px 12px; }
.figure .v { display: block; font-size: 21px; font-weight: 600; font-variant-numeric: tabular-nums; }
.figure .k { display: block; font-size: 12px; color: var(--muted); line-height: 1.3; }
.figure.strong { border-color: var(--alert); }
.figure.strong .v { color: var(--alert); }
.figure.warn { border-color: var(--amber); }

.badge { display: inline-block; padding: 0 6px; border: 1px solid; border-radius: 3px; font-size: 11px; font-weight: 600; line-height: 1.6; white-space: nowrap; }
.badge.alert { color: var(--alert); border-color: var(--alert); background: var(--alert-bg); }
.badge.no { color: var(--muted); border-color: var(--rule); background: #fff; }
.badge.victim { color: var(--amber-ink); border-color: var(--amber); background: var(--amber-bg); }
.code { font-family: var(--mono); font-size: 12px; background: var(--shade); border: 1px solid var(--rule); border-radius: 3px; padding: 0 5px; white-space: nowrap; }

.card { border: 1px solid var(--rule); border-left: 5px solid var(--head); padding: 12px 18px 10px; margin: 18px 0; scroll-margin-top: 20px; }
.card.alerted { border-left-color: var(--alert); }
.card.victim { border-left-color: var(--amber); }
.card-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 6px 12px; border-bottom: 1px solid var(--rule); padding-bottom: 6px; }
.card-head .rank { font-family: Georgia, serif; color: var(--muted); font-size: 15px; }
.card-head .score { margin-left: auto; font-size: 14px; }
.card-head .score b { font-size: 18px; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 8px 0 4px; font-size: 13px; }
.facts dt { color: var(--muted); }
.facts dd { margin: 0; overflow-wrap: anywhere; }
ul.plain { margin: 4px 0 8px; padding-left: 20px; }
ul.plain li { margin: 1px 0; }

.warning { border: 2px dashed var(--amber); background: var(--amber-bg); padding: 6px 10px; margin: 4px 0 8px; color: var(--amber-ink); }
.risk { border-left: 4px solid var(--alert); padding-left: 10px; }
table.elements { table-layout: fixed; width: 100%; }
table.elements th { font-size: 10.5px; line-height: 1.25; vertical-align: bottom; word-break: break-word; hyphens: auto; }
table.elements th:first-child, table.elements td:first-child { width: 16%; }
table.elements td.ok { color: #1b6e20; font-weight: 700; text-align: center; }
table.elements td.gap { color: var(--muted); text-align: center; }
ul.evidence { margin: 2px 0 6px; padding-left: 18px; }
.victim-warning { border: 3px dashed var(--amber); background: var(--amber-bg); padding: 10px 14px; margin: 12px 0; color: var(--amber-ink); }
.victim-warning .vw-title { font-weight: 700; font-size: 16px; margin: 0 0 4px; }
.victim-warning p { margin: 2px 0; }

.hit { border: 1px solid var(--rule); border-radius: 3px; padding: 8px 12px; margin: 8px 0; }
.hit-head { display: flex; flex-wrap: wrap; align-items: baseline; gap: 4px 10px; }
.hit-head .weight { margin-left: auto; color: var(--muted); font-size: 12.5px; }
.hit .finding { margin: 6px 0; }
.hit-meta { display: flex; flex-wrap: wrap; gap: 2px 22px; font-size: 12.5px; color: var(--muted); margin: 2px 0 6px; }
.hit-meta b { color: var(--ink); font-weight: 600; }
.recs { font-size: 12px; line-height: 1.9; font-variant-numeric: tabular-nums; }
.recs a.rec { margin-right: 10px; white-space: nowrap; }
.recs a.rec.missing { color: var(--alert); }
.recs .lbl { font-size: 12.5px; color: var(--muted); margin-right: 6px; }
.recs .more { display: block; font-size: 11px; line-height: 1.7; }
.recs .more a.rec { margin-right: 7px; }
a.rec.id { font-family: var(--mono); font-size: 12px; }
.vmark { display: inline-block; padding: 0 4px; border: 1px solid var(--amber); border-radius: 3px; background: var(--amber-bg); color: var(--amber-ink); font-size: 10.5px; font-weight: 600; line-height: 1.5; white-space: nowrap; }
table.settings th { width: 15em; }
table.settings td.num { width: 6em; }
pre.toml { font-family: var(--mono); font-size: 12px; background: var(--shade); border: 1px solid var(--rule); padding: 8px 12px; white-space: pre-wrap; overflow-wrap: anywhere; }

figure.picture { margin: 10px 0 6px; }
figure.picture svg { display: block; max-width: 100%; height: auto; }
figure.picture figcaption { font-size: 12.5px; color: var(--muted); margin-top: 4px; }
.missing td { background: #fff7f5; }
table.links td.recs { width: 42%; }
tr.file-group th { background: #e4e9ef; font-size: 13.5px; }
tr.file-group .hash { font-weight: 400; }
.empty { color: var(--muted); font-style: italic; }
footer { margin-top: 40px; padding-top: 10px; border-top: 1px solid var(--rule); font-size: 12px; color: var(--muted); }

@media print {
  @page { size: A4; margin: 14mm 12mm 16mm; }
  html, body { background: #fff !important; }
  body { margin: 0; max-width: none; padding: 0; border: 0; font-size: 9.5pt; color: #000; }
  h1 { font-size: 20pt; }
  h2 { font-size: 15pt; margin-top: 0; }
  section.major { break-before: page; }
  h2, h3, h4, .card-head { break-after: avoid; }
  tr, .hit, .victim-warning, .warning, .figure, figure.picture { break-inside: avoid; }
  thead { display: table-header-group; }
  a, a.rec { color: #000; text-decoration: none; border-bottom: 0; }
  a.xref[data-target]::after { content: " [" attr(data-target) "]"; font-family: var(--mono); font-size: 8pt; }
  a.rec[data-id]:not(.id)::after { content: " [" attr(data-id) "]"; font-family: var(--mono); font-size: 7pt; color: #444; }
  .more a.rec[data-short]:not(.id)::after { content: " [" attr(data-short) "]"; }
  table.links td.recs { width: 50%; }
  table.sources, table.events, table.links { font-size: 8pt; }
  table.sources td.hash { font-size: 7pt; white-space: nowrap; }
  table.links tr { break-inside: auto; }
  .recs a.rec { white-space: normal; }
  .card { border-left-width: 4px; }
  nav.toc ol { columns: 3; }
  .figures { grid-template-columns: repeat(6, 1fr); gap: 4px; }
  .figure .v { font-size: 14pt; }
  .badge, .vmark, .victim-warning, .warning, .figure, svg, .code, th, tr:target { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  tbody tr:target, tr:target { background: none; }
  .screen-only { display: none; }
}
"#;
