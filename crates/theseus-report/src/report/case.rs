//! The case package's sections: the chain with roles, the money trail (with a flow diagram), the confiscation
//! schedule, compensation, the funds statements and the offence-elements matrix.
//!
//! Every amount and statement keeps its records as links into the sources appendix, like the rest of the
//! report; a member with victim indicators carries the warning wherever it is named.

use rust_decimal::Decimal;
use theseus_chain::Chain;
use theseus_chain::cast::{Evidence, Member, Role};
use theseus_chain::money::{End, Money, SourceKind};

use super::{
    Ctx, S_CHAIN, S_COMPENSATION, S_CONFISCATION, S_ELEMENTS, S_FUNDS, S_MONEY, VICTIM_MARK, rec_links, section_open,
};
use crate::html::{amount, esc, w};

/// An amount of money, grouped, two decimals where it has cents.
fn money(d: Decimal) -> String {
    let d = d.round_dp(2).normalize();
    amount(&d.to_string()).unwrap_or_else(|| d.to_string())
}

fn role_word(r: Role) -> String {
    r.as_str().replace('_', " ")
}

fn evidence_list(o: &mut String, ctx: &Ctx, ev: &[Evidence]) {
    if ev.is_empty() {
        return;
    }
    o.push_str(r#"<ul class="evidence">"#);
    for e in ev {
        w!(o, "<li>{}", ctx.text(&e.what));
        if !e.records.is_empty() {
            o.push_str(r#" <span class="recs">"#);
            rec_links(o, ctx, &e.records);
            o.push_str("</span>");
        }
        o.push_str("</li>");
    }
    o.push_str("</ul>");
}

fn member_name(o: &mut String, ctx: &Ctx, m: &Member) {
    o.push_str(&esc(&m.name));
    if m.role() == Some(Role::Victim) || m.victim_warning.is_some() || ctx.is_victim(&m.subject) {
        o.push(' ');
        o.push_str(VICTIM_MARK);
    }
}

fn not_built(o: &mut String) {
    o.push_str(
        r#"<p class="muted">The chain was not built for this analysis: run <code>theseus analyze</code> on the workspace, then the report again.</p></section>"#,
    );
}

/// All case sections, in order.
pub(super) fn sections(o: &mut String, ctx: &Ctx, chain: Option<&Chain>) {
    chain_section(o, ctx, chain);
    let m = chain.and_then(|c| c.money.as_ref());
    money_section(o, ctx, m);
    confiscation(o, ctx, m);
    compensation(o, ctx, m);
    funds(o, ctx, m);
    elements(o, ctx, chain);
}

fn chain_section(o: &mut String, ctx: &Ctx, chain: Option<&Chain>) {
    section_open(o, "chain", S_CHAIN, "The chain: operations and roles", true);
    let Some(chain) = chain else { return not_built(o) };
    w!(
        o,
        "<p>{} found around the alerted subjects, each grown along payments, registry relationships, calls and \
         ad postings but never through a hub. Every role is a hypothesis with a strength from 0 to 1 and the \
         records behind it, not a finding of guilt. A person with victim indicators is marked ⚠ wherever named; \
         where such a person is also hypothesised in an offender role or alerted, the non-punishment warning is \
         shown in full.</p>",
        super::plural(chain.cast.operations.len(), "operation was", "operations were")
    );
    for op in &chain.cast.operations {
        w!(
            o,
            r#"<h3 id="op-{}">Operation {} <span class="muted small">{}</span></h3>"#,
            esc(&op.id),
            esc(&op.id),
            esc(&op.typologies.iter().map(|t| t.replace('_', " ")).collect::<Vec<_>>().join(", "))
        );
        o.push_str(r#"<table class="chain"><thead><tr><th>Member</th><th>Role</th><th>Why</th></tr></thead><tbody>"#);
        for m in &op.members {
            o.push_str("<tr><td>");
            member_name(o, ctx, m);
            if m.alerted {
                o.push_str(r#" <span class="badge">alerted</span>"#);
            }
            w!(o, r#"<div class="muted small">{} · {}</div>"#, esc(&m.kind), esc(&m.accounts.join(", ")));
            o.push_str("</td><td class=\"nowrap\">");
            for (i, r) in m.roles.iter().enumerate() {
                if i == 0 {
                    w!(o, "<strong>{}</strong> {:.2}", esc(&role_word(r.role)), r.score);
                } else {
                    w!(o, r#"<div class="muted small">or {} {:.2}</div>"#, esc(&role_word(r.role)), r.score);
                }
            }
            o.push_str("</td><td>");
            if let Some(wn) = &m.victim_warning {
                w!(o, r#"<div class="warning"><strong>Non-punishment warning.</strong> {}</div>"#, esc(wn));
            }
            if let Some(r) = m.roles.first() {
                evidence_list(o, ctx, &r.evidence);
            }
            o.push_str("</td></tr>");
        }
        o.push_str("</tbody></table>");
    }
    o.push_str("</section>\n");
}

fn money_section(o: &mut String, ctx: &Ctx, m: Option<&Money>) {
    section_open(o, "money", S_MONEY, "The money trail", true);
    let Some(m) = m else { return not_built(o) };
    w!(
        o,
        "<p>Proceeds are identified at their sources — victims' money moved to offenders, fees, diverted wages, \
         cash paid in, benefits withdrawn, buyers' payments — and followed through the accounts to where they end \
         with the <strong>{}</strong> method (the one chosen with <code>theseus analyze --method</code>; \
         first-in-first-out, last-in-first-out and pro rata are available). Legitimate money on the same accounts \
         is kept apart by the method, so an amount traced is never more than what the account held.</p>",
        esc(m.method.as_str())
    );
    for note in &m.notes {
        w!(o, r#"<p class="muted small">{}</p>"#, ctx.text(note));
    }
    for op in &m.operations {
        w!(o, "<h3>Operation {}: proceeds {}</h3>", esc(&op.operation), esc(&money(op.proceeds)));
        o.push_str(r#"<figure class="picture">"#);
        o.push_str(&sankey(op));
        o.push_str("</figure>");
        o.push_str(
            r#"<table><thead><tr><th>Offender</th><th>Role</th><th class="num">Proceeds</th><th class="num">Received</th><th class="num">Passed on</th><th>Where it ended</th></tr></thead><tbody>"#,
        );
        for off in &op.offenders {
            let ends: Vec<String> = off
                .ends
                .iter()
                .filter(|(_, v)| !v.is_zero())
                .map(|(e, v)| format!("{} {}", end_word(*e), money(*v)))
                .collect();
            w!(
                o,
                r#"<tr><td>{}</td><td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num">{}</td><td class="small">{}</td></tr>"#,
                ctx.text(&off.name),
                esc(&off.role.map(role_word).unwrap_or_default()),
                esc(&money(off.proceeds)),
                esc(&money(off.received)),
                esc(&money(off.passed_on)),
                esc(&ends.join("; "))
            );
        }
        o.push_str("</tbody></table>");
        // The proceeds items of this operation with their records, largest first.
        let mut items: Vec<_> = m.sources.iter().filter(|s| s.operation == op.operation).collect();
        items.sort_by_key(|s| std::cmp::Reverse(s.amount));
        w!(o, "<details><summary>{} proceeds item(s), with their records</summary><table><tbody>", items.len());
        for s in items {
            w!(
                o,
                r#"<tr><td class="nowrap">{}</td><td class="num">{}</td><td>{}</td><td class="recs">"#,
                esc(&s.date.to_string()),
                esc(&money(s.amount)),
                ctx.text(&s.what)
            );
            rec_links(o, ctx, &s.transactions);
            o.push_str("</td></tr>");
        }
        o.push_str("</tbody></table></details>");
    }
    o.push_str("</section>\n");
}

fn kind_word(k: SourceKind) -> String {
    k.as_str().replace('_', " ")
}

fn end_word(e: End) -> String {
    e.as_str().replace('_', " ")
}

/// A three-column flow diagram: kinds of proceeds → offenders → where the money ended. Band widths are
/// proportional to amounts.
fn sankey(op: &theseus_chain::money::OperationMoney) -> String {
    const W: f64 = 1000.0;
    const NODE_W: f64 = 14.0;
    const GAP: f64 = 10.0;
    let total: f64 = op.proceeds.to_string().parse().unwrap_or(0.0);
    let f = |d: &Decimal| d.to_string().parse::<f64>().unwrap_or(0.0);
    let left: Vec<(String, f64)> =
        op.by_kind.iter().filter(|(_, v)| f(v) > 0.0).map(|(k, v)| (kind_word(*k), f(v))).collect();
    let mid: Vec<(String, f64)> =
        op.offenders.iter().filter(|x| f(&x.proceeds) > 0.0).map(|x| (x.name.clone(), f(&x.proceeds))).collect();
    let right: Vec<(String, f64)> =
        op.ends.iter().filter(|(_, v)| f(v) > 0.0).map(|(e, v)| (end_word(*e), f(v))).collect();
    if total <= 0.0 || left.is_empty() || mid.is_empty() {
        return r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 40" role="img"><text x="10" y="25" font-size="13">No proceeds traced.</text></svg>"#.into();
    }
    let n = left.len().max(mid.len()).max(right.len()) as f64;
    let height = 360.0_f64.max(n * 34.0);
    let scale = (height - GAP * (n + 1.0)) / total;
    let place = |col: &[(String, f64)]| -> Vec<(f64, f64)> {
        let mut y = GAP;
        col.iter()
            .map(|(_, v)| {
                let h = (v * scale).max(2.0);
                let at = (y, h);
                y += h + GAP;
                at
            })
            .collect()
    };
    let (lp, mp, rp) = (place(&left), place(&mid), place(&right));
    let xs = [180.0, 493.0, 806.0];
    let mut s = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {height}" role="img" aria-label="Flow of proceeds"><style>text{{font:12px sans-serif}}</style>"#
    );
    // Bands: left → middle split by each offender's share of each kind; middle → right by the operation's
    // ends in proportion to each offender's proceeds (the trail is per item; the picture shows the shape).
    let mut lcur: Vec<f64> = lp.iter().map(|p| p.0).collect();
    let mut mcur_in: Vec<f64> = mp.iter().map(|p| p.0).collect();
    for (li, (kind, _)) in left.iter().enumerate() {
        for (mi, off) in op.offenders.iter().filter(|x| f(&x.proceeds) > 0.0).enumerate() {
            let v = off.by_kind.iter().find(|(k, _)| kind_word(**k) == *kind).map(|(_, v)| f(v)).unwrap_or(0.0);
            if v <= 0.0 {
                continue;
            }
            let h = v * scale;
            band(&mut s, xs[0] + NODE_W, lcur[li], xs[1], mcur_in[mi], h, "#c0504d");
            lcur[li] += h;
            mcur_in[mi] += h;
        }
    }
    let ends_total: f64 = right.iter().map(|r| r.1).sum();
    let mut rcur: Vec<f64> = rp.iter().map(|p| p.0).collect();
    for (mi, (_, mv)) in mid.iter().enumerate() {
        let mut y = mp[mi].0;
        for (ri, (_, rv)) in right.iter().enumerate() {
            let h = mv * (rv / ends_total.max(1e-9)) * scale;
            band(&mut s, xs[1] + NODE_W, y, xs[2], rcur[ri], h, "#4f81bd");
            y += h;
            rcur[ri] += h;
        }
    }
    for (col, (items, pos)) in [(&left, &lp), (&mid, &mp), (&right, &rp)].into_iter().enumerate() {
        for ((label, v), (y, h)) in items.iter().zip(pos.iter()) {
            w!(s, r##"<rect x="{:.1}" y="{y:.1}" width="{NODE_W}" height="{h:.1}" fill="#333"/>"##, xs[col]);
            let (x, anchor) = if col == 0 { (xs[col] - 6.0, "end") } else { (xs[col] + NODE_W + 6.0, "start") };
            w!(
                s,
                r#"<text x="{x:.1}" y="{:.1}" text-anchor="{anchor}">{} · {}</text>"#,
                y + h / 2.0 + 4.0,
                esc(&crate::html::truncate(label, 28)),
                esc(&money(Decimal::from_f64_retain(*v).unwrap_or_default()))
            );
        }
    }
    s.push_str("</svg>");
    s
}

fn band(s: &mut String, x0: f64, y0: f64, x1: f64, y1: f64, h: f64, colour: &str) {
    if h <= 0.0 {
        return;
    }
    let mx = (x0 + x1) / 2.0;
    w!(
        s,
        r#"<path d="M{x0:.1},{y0:.1} C{mx:.1},{y0:.1} {mx:.1},{y1:.1} {x1:.1},{y1:.1} L{x1:.1},{:.1} C{mx:.1},{:.1} {mx:.1},{:.1} {x0:.1},{:.1} Z" fill="{colour}" fill-opacity="0.35"/>"#,
        y1 + h,
        y1 + h,
        y0 + h,
        y0 + h
    );
}

fn confiscation(o: &mut String, ctx: &Ctx, m: Option<&Money>) {
    section_open(o, "confiscation", S_CONFISCATION, "Confiscation schedule", true);
    let Some(m) = m else { return not_built(o) };
    o.push_str(
        "<p>Assets reached by proceeds, by the asset types of the case (real property, vehicles, cash, bank and \
         investment accounts, business entities, licences, website domains, virtual currency), each with its \
         value, its owner, the share bought with proceeds under the tracing method, and the records that link it \
         to the proceeds.</p>",
    );
    if m.confiscation.is_empty() {
        o.push_str(r#"<p class="muted">No asset was reached by traced proceeds.</p>"#);
    }
    for g in &m.confiscation {
        w!(
            o,
            "<h3>{} <span class=\"muted small\">value {}, of which proceeds {}</span></h3>",
            esc(&format!("{:?}", g.asset_type)),
            esc(&money(g.value)),
            esc(&money(g.tainted))
        );
        o.push_str(r#"<table><thead><tr><th>Asset</th><th>Owner</th><th class="num">Value</th><th class="num">Proceeds</th><th>Evidence</th></tr></thead><tbody>"#);
        for it in &g.items {
            w!(
                o,
                r#"<tr><td>{}</td><td>{}</td><td class="num">{}</td><td class="num">{} ({:.0} %)</td><td>"#,
                ctx.text(&it.description),
                ctx.text(&it.owner_name),
                esc(&money(it.value)),
                esc(&money(it.tainted)),
                it.tainted_share * 100.0
            );
            evidence_list(o, ctx, &it.evidence);
            o.push_str("</td></tr>");
        }
        o.push_str("</tbody></table>");
    }
    o.push_str("</section>\n");
}

fn compensation(o: &mut String, ctx: &Ctx, m: Option<&Money>) {
    section_open(o, "compensation", S_COMPENSATION, "Compensation of the victims", true);
    let Some(m) = m else { return not_built(o) };
    o.push_str(
        "<p>What was taken from each likely victim, as the records show it: money attributable to the victim \
         (the victim's own transfers, fees, wages diverted) and a share of what cannot be attributed to one \
         person (cash paid in for the whole group), said so. Takings handed over in cash that no bank saw are not \
         in these figures.</p>",
    );
    if m.compensation.is_empty() {
        o.push_str(r#"<p class="muted">No proceeds could be attributed to a victim.</p>"#);
    } else {
        o.push_str(r#"<table><thead><tr><th>Victim</th><th>Operation</th><th class="num">Attributed</th><th class="num">Share of pooled</th><th class="num">Total</th><th>Evidence</th></tr></thead><tbody>"#);
        for c in &m.compensation {
            w!(o, "<tr><td>{} {}</td>", esc(&c.name), VICTIM_MARK);
            w!(
                o,
                r#"<td>{}</td><td class="num">{}</td><td class="num">{}</td><td class="num"><strong>{}</strong></td><td>"#,
                esc(&c.operation),
                esc(&money(c.attributed)),
                esc(&money(c.shared)),
                esc(&money(c.total))
            );
            if let Some(n) = &c.note {
                w!(o, r#"<div class="muted small">{}</div>"#, ctx.text(n));
            }
            evidence_list(o, ctx, &c.evidence);
            o.push_str("</td></tr>");
        }
        o.push_str("</tbody></table>");
    }
    o.push_str("</section>\n");
}

fn funds(o: &mut String, ctx: &Ctx, m: Option<&Money>) {
    section_open(o, "funds", S_FUNDS, "Source and application of funds", true);
    let Some(m) = m else { return not_built(o) };
    o.push_str(
        "<p>For each subject in an offender role: known legitimate income against everything the subject's \
         accounts paid out or kept. The unexplained remainder supports money-laundering or tax charges that need \
         no victim's testimony.</p>",
    );
    for s in &m.funds {
        w!(
            o,
            "<h3>{} <span class=\"muted small\">{} · {}</span></h3>",
            ctx.text(&s.name),
            esc(&s.role.map(role_word).unwrap_or_default()),
            esc(&s.period.map(|(a, b)| format!("{a} – {b}")).unwrap_or_default())
        );
        w!(
            o,
            r#"<p>Opening balance {} · legitimate income {} · applied (out and closing balance) {} · <strong>unexplained {}</strong></p>"#,
            esc(&money(s.opening_balance)),
            esc(&money(s.legitimate_income)),
            esc(&money(s.applied)),
            esc(&money(s.unexplained))
        );
        o.push_str(r#"<table class="small"><thead><tr><th>Sources</th><th class="num">Amount</th><th>Records</th></tr></thead><tbody>"#);
        for l in &s.sources {
            w!(
                o,
                r#"<tr><td>{}{}</td><td class="num">{}</td><td class="recs">"#,
                ctx.text(&l.label),
                if l.legitimate { " <span class=\"badge\">legitimate</span>" } else { "" },
                esc(&money(l.amount))
            );
            rec_links(o, ctx, &l.transactions);
            o.push_str("</td></tr>");
        }
        o.push_str(r#"</tbody><thead><tr><th>Applications</th><th class="num">Amount</th><th>Records</th></tr></thead><tbody>"#);
        for l in &s.applications {
            w!(
                o,
                r#"<tr><td>{}</td><td class="num">{}</td><td class="recs">"#,
                ctx.text(&l.label),
                esc(&money(l.amount))
            );
            rec_links(o, ctx, &l.transactions);
            o.push_str("</td></tr>");
        }
        o.push_str("</tbody></table>");
    }
    o.push_str("</section>\n");
}

fn elements(o: &mut String, ctx: &Ctx, chain: Option<&Chain>) {
    section_open(o, "elements", S_ELEMENTS, "Offence elements without testimony", true);
    let Some(chain) = chain else { return not_built(o) };
    o.push_str(
        "<p>For each subject in an offender role, the elements of trafficking in the Palermo Protocol (art. 3(a)) — \
         the act, the means and the purpose — marked ✓ where records that need no testimony support them, and \
         shown as gaps where they do not. Threat or force rarely shows in records: where the means column is \
         empty, the case rests on testimony and risks reclassification as a lesser offence.</p>",
    );
    if chain.elements.is_empty() {
        o.push_str(r#"<p class="muted">No subject is hypothesised in an offender role.</p></section>"#);
        return;
    }
    let cols: Vec<(&str, &str)> = theseus_chain::elements::ELEMENTS.to_vec();
    o.push_str(r#"<div class="wide"><table class="elements"><thead><tr><th>Subject</th>"#);
    for g in theseus_chain::elements::GROUPS {
        let n = cols.iter().filter(|(x, _)| *x == g).count();
        w!(o, r#"<th colspan="{n}">{}</th>"#, esc(g));
    }
    o.push_str("</tr><tr><th></th>");
    for (_, e) in &cols {
        w!(o, r#"<th class="rot small">{}</th>"#, esc(e));
    }
    o.push_str("</tr></thead><tbody>");
    for mx in &chain.elements {
        w!(o, r##"<tr><td><a href="#el-{}">{}</a>"##, esc(&crate::html::anchor("", &mx.subject)), esc(&mx.name));
        if mx.victim_warning.is_some() || ctx.is_victim(&mx.subject) {
            o.push(' ');
            o.push_str(VICTIM_MARK);
        }
        w!(o, r#"<div class="muted small">{} · {}</div></td>"#, esc(&role_word(mx.role)), esc(&mx.operation));
        for c in &mx.cells {
            if c.evidence.is_empty() {
                o.push_str(r#"<td class="gap" title="no record-based evidence">–</td>"#);
            } else {
                w!(o, r#"<td class="ok" title="{} item(s)">✓</td>"#, c.evidence.len());
            }
        }
        o.push_str("</tr>");
    }
    o.push_str("</tbody></table></div>");
    for mx in &chain.elements {
        w!(
            o,
            r#"<h3 id="el-{}">{} <span class="muted small">{} · {}</span></h3>"#,
            esc(&crate::html::anchor("", &mx.subject)),
            ctx.text(&mx.name),
            esc(&role_word(mx.role)),
            esc(&mx.operation)
        );
        if let Some(wn) = &mx.victim_warning {
            w!(o, r#"<div class="warning"><strong>Non-punishment warning.</strong> {}</div>"#, esc(wn));
        }
        w!(o, r#"<p class="{}">{}</p>"#, if mx.complete.iter().all(|c| *c) { "" } else { "risk" }, esc(&mx.risk));
        o.push_str("<dl>");
        for c in mx.cells.iter().filter(|c| !c.evidence.is_empty()) {
            w!(o, "<dt>{}: {}</dt><dd>", esc(&c.group), esc(&c.element));
            evidence_list(o, ctx, &c.evidence);
            o.push_str("</dd>");
        }
        o.push_str("</dl>");
    }
    o.push_str("</section>\n");
}
