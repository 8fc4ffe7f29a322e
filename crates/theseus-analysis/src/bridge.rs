//! The bridge from ads to money: ad-site records joined to bank records, as edges of the network.
//!
//! Two kinds of join, each an edge with its evidence, appended to a finished [`Analysis`]:
//!
//! - **`ad_payment`**: a posting fee the ad site's production return lists (time, amount, the card's BIN and
//!   last four digits) is the same payment as a card debit on a bank statement when the amount and currency
//!   are equal, the times fall in the same minute (± `bridge.minutes` of the rule pack; for a time written
//!   without a zone, whole hours apart, the same minute of the hour, closest first), the merchant
//!   descriptor names the site (case-insensitive, punctuation ignored), and — when the pack says which bank
//!   issues the card's BIN — the statement is that bank's. Each fee and each debit is used once, closest
//!   times first; a card is one account, so when one card's fees land on several accounts only the account
//!   with most of them is kept. The edge joins the poster account that paid to the statement account's
//!   subject; its evidence is the fee records, the debits, the card and the ads paid for.
//! - **`ad_contact`**: the phones and e-mails of flagged ads (de-obfuscated) and of their poster accounts
//!   match the contacts of a person or organisation record — registry, bank KYC, goAML party, phone
//!   subscriber — as rule THB-028 matches them (normalised values, hubs set aside). The edge joins the
//!   poster account (or, for ads without one, the operation or the ad) to the record's subject.
//!
//! Nodes for the poster accounts and subjects at either end are added when the network does not have them
//! yet, and every evidence id is cited in [`Analysis::sources`].

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::str::FromStr;

use rust_decimal::Decimal;
use theseus_model::{Channel, Direction, Entity, Timestamp, Transaction};

use crate::Config;
use crate::links::{Links, normal};
use crate::output::{Analysis, Edge, Node, SourceRef};
use crate::parties::Parties;

/// A posting fee paid by card, as the ad site's production return gives it.
#[derive(Debug, Clone)]
struct Fee<'a> {
    record: &'a Entity,
    ts: Timestamp,
    amount: Decimal,
    currency: String,
    card: Card<'a>,
    site: String,
    poster: Option<String>,
    ad: Option<String>,
}

/// A payment card known to the ad site.
#[derive(Debug, Clone)]
struct Card<'a> {
    id: &'a str,
    bin: String,
    last4: String,
}

/// One fee matched to one statement debit.
#[derive(Debug, Clone)]
pub struct FeeMatch {
    /// The fee record (`Payment` entity id).
    pub fee: String,
    /// The statement transaction id.
    pub transaction: String,
    /// The card entity id.
    pub card: String,
    /// The poster account that paid, when known.
    pub poster: Option<String>,
    /// The ad entity the fee was for, when known.
    pub ad: Option<String>,
    /// Whole hours between the fee and the debit (a time written in an unknown zone), then minutes.
    pub hours: i64,
    /// Minutes between the fee and the debit, after whole hours.
    pub minutes: i64,
    /// Whether the card's BIN was checked against the statement's bank.
    pub bin_checked: bool,
}

/// What joined two nodes, in words, and the evidence ids.
type Joined = (BTreeSet<String>, Vec<String>);

/// Appends the bridge's edges, nodes and sources to `a`.
pub fn run(
    a: &mut Analysis,
    transactions: &[Transaction],
    entities: &[Entity],
    parties: &Parties<'_>,
    links: &Links,
    ads: Option<&theseus_ads::AdAnalysis>,
    config: &Config,
) {
    if !config.bridge.enabled || !entities.iter().any(|e| matches!(e.schema.as_str(), "Advertisement" | "UserAccount"))
    {
        return;
    }
    let by_id: HashMap<&str, &Entity> = entities.iter().map(|e| (e.id.as_str(), e)).collect();
    let txn_by_id: HashMap<&str, &Transaction> = transactions.iter().map(|t| (t.id.as_str(), t)).collect();
    // (from, to, kind) → (what joined them, evidence ids).
    let mut edges: BTreeMap<(String, String, &'static str), Joined> = BTreeMap::new();

    // Posting fees → card debits.
    let matches = match_fees(transactions, entities, config);
    for m in &matches {
        let (Some(t), Some(poster)) = (txn_by_id.get(m.transaction.as_str()), m.poster.as_ref()) else { continue };
        let Some(subject) = parties.subject_of(&t.account) else { continue };
        let e = edges.entry((poster.clone(), subject, "ad_payment")).or_default();
        e.0.insert(format!(
            "card {} → account {}",
            card_label(by_id.get(m.card.as_str()).copied(), &m.card),
            t.account
        ));
        e.1.extend([m.fee.clone(), m.transaction.clone(), m.card.clone()]);
        e.1.extend(m.ad.iter().cloned());
    }

    // Flagged ads' contacts → person and organisation records.
    for (from, record, kind, value, ads) in contact_matches(entities, parties, links, ads, config) {
        let subject = parties.canon.of(&record);
        if subject == from {
            continue;
        }
        let e = edges.entry((from.clone(), subject, "ad_contact")).or_default();
        e.0.insert(format!("{kind} {value}"));
        e.1.push(record);
        if by_id.get(from.as_str()).is_some_and(|x| x.schema == "UserAccount") {
            e.1.push(from.clone());
        }
        e.1.extend(ads);
    }

    for ((from, to, kind), (what, evidence)) in edges {
        let mut seen = HashSet::new();
        let evidence: Vec<String> = evidence.into_iter().filter(|id| seen.insert(id.clone())).collect();
        for id in &evidence {
            match txn_by_id.get(id.as_str()) {
                Some(t) => add_txn_source(a, t),
                None => add_entity_source(a, &by_id, id),
            }
        }
        let what: Vec<String> = what.into_iter().collect();
        let label = if kind == "ad_payment" {
            let fees = evidence.iter().filter(|id| txn_by_id.contains_key(id.as_str())).count();
            let total: Decimal =
                evidence.iter().filter_map(|id| txn_by_id.get(id.as_str())).map(|t| t.amount).sum::<Decimal>();
            let currency = evidence.iter().find_map(|id| txn_by_id.get(id.as_str())).map(|t| t.currency.to_string());
            format!(
                "{fees} posting fee(s) paid by card, {:.2} {}: {}",
                total,
                currency.unwrap_or_default(),
                what.join("; ")
            )
        } else {
            format!("ad contact: {}", what.join(", "))
        };
        ensure_node(a, &from, &by_id);
        ensure_node(a, &to, &by_id);
        a.network.edges.push(Edge { from, to, kind: kind.into(), label, evidence });
    }
}

/// Matches the posting fees paid by card among `entities` to card debits among `transactions`.
pub fn match_fees(transactions: &[Transaction], entities: &[Entity], config: &Config) -> Vec<FeeMatch> {
    let fees = fees(entities);
    if fees.is_empty() {
        return vec![];
    }
    let tolerance = config.bridge.minutes.max(0);
    // Debits by amount and currency: the amount must be equal, so the index cuts the candidates to a few.
    let mut by_amount: HashMap<(Decimal, String), Vec<&Transaction>> = HashMap::new();
    for t in transactions {
        if t.direction == Direction::Debit
            && matches!(t.channel, Channel::Card | Channel::Emoney | Channel::Other)
            && (t.merchant.is_some() || t.cpty_name.is_some())
        {
            by_amount.entry((t.amount.normalize(), t.currency.to_string())).or_default().push(t);
        }
    }
    let mut candidates = Vec::new();
    for (i, f) in fees.iter().enumerate() {
        let site = fold(&f.site);
        let banks = issuer_words(config, &f.card.bin);
        for &t in by_amount.get(&(f.amount.normalize(), f.currency.clone())).into_iter().flatten() {
            let descriptor =
                fold(&format!("{} {}", t.merchant.as_deref().unwrap_or(""), t.cpty_name.as_deref().unwrap_or("")));
            if site.is_empty() || !descriptor.contains(&site) {
                continue;
            }
            let Some((hours, minutes)) = apart(&f.ts, &t.ts, config.bridge.any_zone) else { continue };
            if minutes > tolerance {
                continue;
            }
            let bin_checked = match (&banks, &t.bank) {
                (Some(words), Some(bank)) => {
                    let bank = bank.to_lowercase();
                    if !words.iter().any(|w| bank.contains(w.as_str())) {
                        continue;
                    }
                    true
                }
                _ => false,
            };
            candidates.push(((hours, minutes), !bin_checked, i, t));
        }
    }
    candidates.sort_by(|x, y| (x.0, x.1, x.2, &x.3.id).cmp(&(y.0, y.1, y.2, &y.3.id)));
    let mut fee_used = HashSet::new();
    let mut txn_used = HashSet::new();
    let mut out = Vec::new();
    for ((hours, minutes), unchecked, i, t) in candidates {
        if fee_used.contains(&i) || txn_used.contains(t.id.as_str()) {
            continue;
        }
        fee_used.insert(i);
        txn_used.insert(t.id.as_str());
        let f = &fees[i];
        out.push((
            t.account.clone(),
            FeeMatch {
                fee: f.record.id.clone(),
                transaction: t.id.clone(),
                card: f.card.id.to_string(),
                poster: f.poster.clone(),
                ad: f.ad.clone(),
                hours,
                minutes,
                bin_checked: !unchecked,
            },
        ));
    }
    // A card draws on one account: keep, per card, the account most of its fees matched on.
    let mut per_card: HashMap<&str, BTreeMap<&str, usize>> = HashMap::new();
    for (acct, m) in &out {
        *per_card.entry(m.card.as_str()).or_default().entry(acct.as_str()).or_default() += 1;
    }
    let best: HashMap<String, Vec<String>> = per_card
        .into_iter()
        .map(|(card, accts)| {
            let max = accts.values().copied().max().unwrap_or(0);
            (card.to_string(), accts.into_iter().filter(|(_, n)| *n == max).map(|(a, _)| a.to_string()).collect())
        })
        .collect();
    let mut kept: Vec<FeeMatch> = out
        .into_iter()
        .filter(|(acct, m)| best.get(&m.card).is_some_and(|v| v.contains(acct)))
        .map(|(_, m)| m)
        .collect();
    kept.sort_by(|x, y| x.fee.cmp(&y.fee));
    kept
}

/// The posting fees paid by a known card: `Payment` records whose payer account is a payment card.
fn fees(entities: &[Entity]) -> Vec<Fee<'_>> {
    let by_id: HashMap<&str, &Entity> = entities.iter().map(|e| (e.id.as_str(), e)).collect();
    // Ads by site and the site's own ad id, for the poster who paid for an ad.
    let ads: HashMap<(String, &str), &Entity> = entities
        .iter()
        .filter(|e| e.schema == "Advertisement")
        .filter_map(|e| Some(((e.first("site")?.to_lowercase(), e.first("adId")?), e)))
        .collect();
    // Poster accounts by the cards they used (the site's card-used links).
    let mut card_users: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for e in entities.iter().filter(|e| e.schema == "UnknownLink") {
        if let (Some(s), Some(o)) = (e.first("subject"), e.first("object"))
            && by_id.get(s).is_some_and(|x| x.schema == "UserAccount")
        {
            card_users.entry(o).or_default().insert(s);
        }
    }
    let mut out = Vec::new();
    for p in entities.iter().filter(|e| e.schema == "Payment") {
        let Some(card_entity) = p.first("payerAccount").and_then(|id| by_id.get(id)) else { continue };
        if !card_entity.values("accountType").iter().any(|t| t.eq_ignore_ascii_case("payment card")) {
            continue;
        }
        let Some(card) = card_of(card_entity) else { continue };
        let (Some(ts), Some(amount), Some(currency)) = (
            p.first("date").and_then(|d| Timestamp::from_str(d).ok()),
            p.first("amount").and_then(|v| Decimal::from_str(v.trim()).ok()),
            p.first("currency").map(|c| c.trim().to_uppercase()),
        ) else {
            continue;
        };
        let site_entity = p.first("beneficiary").and_then(|id| by_id.get(id));
        let mut site = site_entity.and_then(|s| s.first("name")).map(str::to_string);
        let ad = site.as_ref().zip(p.first("transactionNumber")).and_then(|(s, a)| ads.get(&(s.to_lowercase(), a)));
        let poster = ad
            .and_then(|a| a.first("posterAccount"))
            .map(str::to_string)
            .or_else(|| {
                let users = card_users.get(card.id)?;
                (users.len() == 1).then(|| users.iter().next().map(|u| u.to_string())).flatten()
            })
            .or_else(|| {
                // The production reader names a fee after the account that paid it.
                let (uid, _) = p.id.rsplit_once(".fee.")?;
                by_id.get(uid).filter(|u| u.schema == "UserAccount").map(|u| u.id.clone())
            });
        if site.is_none() {
            site = poster
                .as_ref()
                .and_then(|u| by_id.get(u.as_str()))
                .and_then(|u| u.first("service"))
                .map(str::to_string);
        }
        let Some(site) = site else { continue };
        out.push(Fee { record: p, ts, amount, currency, card, site, poster, ad: ad.map(|a| a.id.clone()) });
    }
    out
}

/// BIN and last four digits of a card entity: from its masked number (`454617******1234`), else its id
/// (`card.454617.1234`).
fn card_of(e: &Entity) -> Option<Card<'_>> {
    let runs = |s: &str| -> Vec<String> {
        s.split(|c: char| !c.is_ascii_digit()).filter(|r| !r.is_empty()).map(str::to_string).collect()
    };
    for s in e.values("accountNumber").iter().map(String::as_str).chain([e.id.as_str()]) {
        let r = runs(s);
        if r.len() >= 2 && r[0].len() >= 6 && r[r.len() - 1].len() == 4 {
            return Some(Card { id: &e.id, bin: r[0].clone(), last4: r[r.len() - 1].clone() });
        }
    }
    None
}

fn card_label(e: Option<&Entity>, id: &str) -> String {
    match e.and_then(card_of) {
        Some(c) => format!("{}******{}", c.bin, c.last4),
        None => id.to_string(),
    }
}

/// The words of the bank names the pack gives for a BIN (`None`: the BIN is not listed).
fn issuer_words(config: &Config, bin: &str) -> Option<Vec<String>> {
    let words: Vec<String> = config
        .bridge
        .card_bins
        .iter()
        .filter(|b| !b.bin.trim().is_empty() && bin.starts_with(b.bin.trim()))
        .map(|b| b.bank.trim().to_lowercase())
        .filter(|w| !w.is_empty())
        .collect();
    (!words.is_empty()).then_some(words)
}

/// Lowercase letters and digits only: `ESCORTDIR.COM` contains `escortdir`, `Quick-Markt` is `quickmarkt`.
fn fold(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

/// How far apart a fee and a debit are: (whole hours, remaining minutes), both times cut to the minute.
/// Two zoned times are compared as instants (hours 0). A time without a zone is read as UTC against a
/// zoned one, since FtM stores zoned times in UTC; when `any_zone` is set, a difference of whole hours (up to
/// 14) is also accepted for it, as the zone it was written in is unknown. `None` without a time of day.
fn apart(fee: &Timestamp, debit: &Timestamp, any_zone: bool) -> Option<(i64, i64)> {
    if !fee.has_time() || !debit.has_time() {
        return None;
    }
    let utc = |t: &Timestamp| match t {
        Timestamp::Zoned(d) => d.naive_utc(),
        _ => t.local(),
    };
    let both_zoned = matches!((fee, debit), (Timestamp::Zoned(_), Timestamp::Zoned(_)));
    let (x, y) = if both_zoned || fee.offset_seconds().is_some() != debit.offset_seconds().is_some() {
        (utc(fee), utc(debit))
    } else {
        (fee.local(), debit.local())
    };
    let d = x.and_utc().timestamp().div_euclid(60) - y.and_utc().timestamp().div_euclid(60);
    if both_zoned || !any_zone {
        return Some((0, d.abs()));
    }
    let hours = (d as f64 / 60.0).round() as i64;
    if hours.abs() > 14 {
        return None;
    }
    Some((hours.abs(), (d - hours * 60).abs()))
}

/// Contacts of flagged ads found on person and organisation records: (from node, record id, kind, value,
/// ad ids).
fn contact_matches(
    entities: &[Entity],
    parties: &Parties<'_>,
    links: &Links,
    ads: Option<&theseus_ads::AdAnalysis>,
    config: &Config,
) -> Vec<(String, String, &'static str, String, Vec<String>)> {
    let Some(ads) = ads else { return vec![] };
    let p = config.params("THB-028");
    let sites: Vec<String> = p.list("sites").iter().map(|s| s.to_lowercase()).collect();
    let min_ads = p.u("min_ads");
    let hubs: HashSet<(&str, &str)> = links.hubs.iter().map(|h| (h.kind.as_str(), h.value.as_str())).collect();
    let op_of = ads.operation_of();
    let op_alert: HashSet<&str> =
        ads.operations.iter().filter(|o| o.alert).flat_map(|o| o.ads.iter().map(String::as_str)).collect();
    let by_id: HashMap<&str, &Entity> = entities.iter().map(|e| (e.id.as_str(), e)).collect();
    // The same ads count as for THB-028: flagged by the lexicon, in an alerted operation, or on a listed site.
    // Per contact value: the nodes it leads from, with the ads behind each, and whether it came from a poster
    // account's own record (which counts however few ads there are).
    type From = BTreeMap<String, (BTreeSet<String>, bool)>;
    let mut by_value: BTreeMap<(&'static str, String), From> = BTreeMap::new();
    for x in &ads.ads {
        let on_site = x.site.as_deref().is_some_and(|s| sites.contains(&s.to_lowercase()));
        if !(x.alert || op_alert.contains(x.id.as_str()) || on_site) {
            continue;
        }
        let Some(ad) = by_id.get(x.id.as_str()) else { continue };
        let posters: Vec<&str> =
            ad.values("posterAccount").iter().map(String::as_str).filter(|p| by_id.contains_key(p)).collect();
        let from: Vec<String> = if posters.is_empty() {
            vec![op_of.get(x.id.as_str()).map_or_else(|| x.id.clone(), |o| o.to_string())]
        } else {
            posters.iter().map(|p| p.to_string()).collect()
        };
        for (kind, values) in [("phone", x.all_phones()), ("email", x.all_emails())] {
            for v in values {
                let Some(n) = normal(kind, v) else { continue };
                for f in &from {
                    by_value.entry((kind, n.clone())).or_default().entry(f.clone()).or_default().0.insert(x.id.clone());
                }
            }
        }
        for pid in posters {
            let poster = by_id[pid];
            for kind in ["phone", "email"] {
                for v in poster.values(kind) {
                    if let Some(n) = normal(kind, v) {
                        by_value.entry((kind, n)).or_default().entry(pid.to_string()).or_default().1 = true;
                    }
                }
            }
        }
    }
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for e in entities {
        if !matches!(e.schema.as_str(), "Person" | "Company" | "Organization" | "LegalEntity") {
            continue;
        }
        for kind in ["phone", "email"] {
            for v in e.values(kind) {
                let Some(n) = normal(kind, v) else { continue };
                if hubs.contains(&(kind, n.as_str())) {
                    continue;
                }
                let Some(froms) = by_value.get(&(kind, n.clone())) else { continue };
                for (from, (ad_ids, own)) in froms {
                    if (ad_ids.len() < min_ads && !own) || !seen.insert((from.clone(), e.id.clone(), n.clone())) {
                        continue;
                    }
                    // A poster account resolved into this very record's cluster is the same party, not a bridge.
                    if parties.canon.of(from) == parties.canon.of(&e.id) && by_id.contains_key(from.as_str()) {
                        continue;
                    }
                    out.push((from.clone(), e.id.clone(), kind, n.clone(), ad_ids.iter().cloned().collect()));
                }
            }
        }
    }
    out
}

/// Adds a node for `id` unless the network has one: a subject, an entity, or an operation of ads.
fn ensure_node(a: &mut Analysis, id: &str, by_id: &HashMap<&str, &Entity>) {
    if a.network.nodes.iter().any(|n| n.id == id) {
        return;
    }
    let node = if let Some(s) = a.subjects.iter().find(|s| s.id == id) {
        let kind = s.entities.first().and_then(|e| by_id.get(e.as_str())).map_or("account", |e| kind_of(&e.schema));
        Node {
            id: id.into(),
            label: s.name.clone(),
            kind: kind.into(),
            score: s.score,
            alert: s.alert,
            victim_warning: s.victim_warning.is_some(),
        }
    } else if let Some(e) = by_id.get(id) {
        let label = match (e.schema.as_str(), e.first("service"), e.first("username")) {
            ("UserAccount", Some(s), Some(u)) => format!("{s}: {u}"),
            _ => e.caption(),
        };
        Node { id: id.into(), label, kind: kind_of(&e.schema).into(), score: 0.0, alert: false, victim_warning: false }
    } else if let Some(acct) = id.strip_prefix("acct:") {
        Node {
            id: id.into(),
            label: acct.into(),
            kind: "account".into(),
            score: 0.0,
            alert: false,
            victim_warning: false,
        }
    } else {
        Node {
            id: id.into(),
            label: format!("ad operation {id}"),
            kind: "operation".into(),
            score: 0.0,
            alert: false,
            victim_warning: false,
        }
    };
    a.network.nodes.push(node);
}

fn kind_of(schema: &str) -> &'static str {
    match schema {
        "Person" => "person",
        "Company" | "Organization" | "LegalEntity" => "company",
        "BankAccount" => "account",
        "UserAccount" => "useraccount",
        "Advertisement" => "ad",
        _ => "other",
    }
}

fn add_txn_source(a: &mut Analysis, t: &Transaction) {
    a.sources.entry(t.id.clone()).or_insert_with(|| SourceRef {
        file: t.provenance.file_name.clone(),
        sha256: t.provenance.sha256.clone(),
        locator: t.provenance.locator.to_string(),
        extractor: format!("{} {}", t.provenance.extractor, t.provenance.extractor_version),
        summary: format!("{} {}", t.ts, crate::score::summary(t)),
    });
}

fn add_entity_source(a: &mut Analysis, by_id: &HashMap<&str, &Entity>, id: &str) {
    if let Some(e) = by_id.get(id) {
        a.sources.entry(id.to_string()).or_insert_with(|| SourceRef {
            file: e.provenance.file_name.clone(),
            sha256: e.provenance.sha256.clone(),
            locator: e.provenance.locator.to_string(),
            extractor: format!("{} {}", e.provenance.extractor, e.provenance.extractor_version),
            summary: format!("{} {}", e.schema, e.caption()),
        });
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use theseus_model::{Locator, Provenance};

    use super::*;
    use crate::config::CardBin;

    fn prov(file: &str, line: u64) -> Provenance {
        Provenance {
            sha256: "ab".repeat(32),
            file_name: file.into(),
            locator: Locator::Line { line },
            extractor: "test".into(),
            extractor_version: "0".into(),
            ingested_at: chrono::DateTime::UNIX_EPOCH,
            batch: 1,
        }
    }

    fn ent(id: &str, schema: &str, props: &[(&str, &str)]) -> Entity {
        let mut e = Entity {
            id: id.into(),
            schema: schema.into(),
            properties: BTreeMap::new(),
            provenance: prov("ad_production.jsonl", 1),
        };
        for (k, v) in props {
            e.add(k, *v);
        }
        e
    }

    /// A poster account of site `escortdir` with one card and one posting fee per `(ad, ts, amount)`.
    fn production(fees: &[(&str, &str, &str)]) -> Vec<Entity> {
        let mut v = vec![
            ent("escortdir.site", "Company", &[("name", "escortdir")]),
            ent("escortdir.user.u1", "UserAccount", &[("service", "escortdir"), ("username", "u1")]),
            ent(
                "card.454617.1234",
                "BankAccount",
                &[("accountType", "payment card"), ("accountNumber", "454617******1234")],
            ),
            ent("link.1", "UnknownLink", &[("subject", "escortdir.user.u1"), ("object", "card.454617.1234")]),
        ];
        for (i, (ad, ts, amount)) in fees.iter().enumerate() {
            let mut ad_e = ent(
                &format!("escortdir.ad.{ad}"),
                "Advertisement",
                &[("site", "escortdir"), ("adId", ad), ("posterAccount", "escortdir.user.u1"), ("title", "Lara")],
            );
            ad_e.provenance = prov("ads.jsonl", i as u64 + 1);
            v.push(ad_e);
            v.push(ent(
                &format!("escortdir.user.u1.fee.{}", i + 1),
                "Payment",
                &[
                    ("date", ts),
                    ("amount", amount),
                    ("currency", "EUR"),
                    ("beneficiary", "escortdir.site"),
                    ("payerAccount", "card.454617.1234"),
                    ("transactionNumber", ad),
                ],
            ));
        }
        v
    }

    fn debit(id: &str, account: &str, bank: &str, ts: &str, amount: &str, merchant: &str) -> Transaction {
        Transaction {
            id: id.into(),
            source_ref: Some(id.into()),
            bank: Some(bank.into()),
            account: account.into(),
            account_holder: Some("Marko Horvat".into()),
            ts: ts.parse().unwrap(),
            value_date: None,
            amount: Decimal::from_str(amount).unwrap(),
            currency: "EUR".parse().unwrap(),
            direction: Direction::Debit,
            channel: Channel::Card,
            merchant: Some(merchant.into()),
            mcc: Some(7311),
            cpty_name: None,
            cpty_account: None,
            cpty_bank: None,
            cpty_country: None,
            city: Some("Valletta".into()),
            branch: None,
            geo: None,
            device_id: None,
            ip: None,
            memo: None,
            balance: None,
            provenance: prov("nordbank.csv", 7),
        }
    }

    fn pairs(m: &[FeeMatch]) -> Vec<(&str, &str)> {
        m.iter().map(|m| (m.fee.as_str(), m.transaction.as_str())).collect()
    }

    #[test]
    fn a_fee_is_the_card_debit_of_the_same_amount_minute_and_site() {
        let ents = production(&[("ED-1", "2026-03-01T21:10:00+01:00", "24.00")]);
        // The statement gives the time in the bank's zone: the same instant, another clock.
        let txns = vec![
            debit("T1", "DE01", "Nordbank AG", "2026-03-01T20:10:00+00:00", "24", "ESCORTDIR.COM"),
            debit("T2", "DE01", "Nordbank AG", "2026-03-01T20:10:00+00:00", "12.00", "ESCORTDIR.COM"),
            debit("T3", "DE01", "Nordbank AG", "2026-03-01T20:10:00+00:00", "24.00", "VIVASTREET ADS"),
            debit("T4", "DE01", "Nordbank AG", "2026-03-01T20:13:00+00:00", "24.00", "ESCORTDIR.COM"),
        ];
        let m = match_fees(&txns, &ents, &Config::default());
        assert_eq!(pairs(&m), [("escortdir.user.u1.fee.1", "T1")]);
        assert_eq!(m[0].poster.as_deref(), Some("escortdir.user.u1"));
        assert_eq!(m[0].ad.as_deref(), Some("escortdir.ad.ED-1"));
        assert!(!m[0].bin_checked, "no BIN listed in the default pack");
    }

    #[test]
    fn the_minute_tolerance_is_the_packs() {
        let ents = production(&[("ED-1", "2026-03-01T21:10:59+01:00", "24.00")]);
        let txns = vec![debit("T1", "DE01", "Nordbank AG", "2026-03-01T21:12:00+01:00", "24.00", "escortdir.com")];
        assert!(match_fees(&txns, &ents, &Config::default()).is_empty(), "two minutes apart, tolerance one");
        let wide = Config::from_toml("[bridge]\nminutes = 2\n").unwrap();
        assert_eq!(pairs(&match_fees(&txns, &ents, &wide)).len(), 1);
        let exact = Config::from_toml("[bridge]\nminutes = 0\n").unwrap();
        let same = vec![debit("T1", "DE01", "Nordbank AG", "2026-03-01T21:10:01+01:00", "24.00", "escortdir.com")];
        assert_eq!(match_fees(&same, &ents, &exact).len(), 1, "same minute, seconds apart");
    }

    #[test]
    fn a_fee_stored_in_utc_meets_a_statement_in_local_time() {
        // FtM keeps a zoned time in UTC without its offset; one statement is zoned, another local without zone.
        let ents = production(&[("ED-1", "2026-03-01T20:10:00", "24.00")]);
        let zoned = vec![debit("T1", "DE01", "Nordbank AG", "2026-03-01T21:10:00+01:00", "24.00", "ESCORTDIR.COM")];
        let m = match_fees(&zoned, &ents, &Config::default());
        assert_eq!((m.len(), m[0].hours, m[0].minutes), (1, 0, 0));
        let local = vec![
            debit("T2", "AT01", "Danube Savings", "2026-03-01T21:10:00", "24.00", "ESCORTDIR.COM"),
            debit("T3", "AT01", "Danube Savings", "2026-03-01T21:11:30", "24.00", "ESCORTDIR.COM"),
        ];
        let m = match_fees(&local, &ents, &Config::default());
        assert_eq!(pairs(&m), [("escortdir.user.u1.fee.1", "T2")], "the same minute of the hour first");
        assert_eq!(m[0].hours, 1);
        let strict = Config::from_toml("[bridge]\nany_zone = false\n").unwrap();
        assert!(match_fees(&local, &ents, &strict).is_empty());
    }

    #[test]
    fn a_listed_bin_matches_only_its_banks_statements() {
        let ents = production(&[("ED-1", "2026-03-01T21:10:00+01:00", "24.00")]);
        let mut config = Config::default();
        config.bridge.card_bins = vec![CardBin { bin: "454617".into(), bank: "Nordbank".into() }];
        let elsewhere =
            vec![debit("T9", "GB01", "Harbour Bank plc", "2026-03-01T20:10:00+00:00", "24.00", "ESCORTDIR.COM")];
        assert!(match_fees(&elsewhere, &ents, &config).is_empty());
        let home = vec![debit("T1", "DE01", "Nordbank AG", "2026-03-01T21:10:00+01:00", "24.00", "ESCORTDIR.COM")];
        let m = match_fees(&home, &ents, &config);
        assert_eq!(pairs(&m), [("escortdir.user.u1.fee.1", "T1")]);
        assert!(m[0].bin_checked);
    }

    #[test]
    fn each_fee_and_debit_is_used_once_and_a_card_is_one_account() {
        // Three ads posted at the same minute for 12.00 each; two debits on the card's account, one of the
        // same amount and minute on a stranger's account.
        let ents = production(&[
            ("ED-1", "2026-03-01T21:10:00+01:00", "12.00"),
            ("ED-2", "2026-03-01T21:10:00+01:00", "12.00"),
            ("ED-3", "2026-03-01T21:10:00+01:00", "12.00"),
            ("ED-4", "2026-03-08T21:10:00+01:00", "12.00"),
        ]);
        let txns = vec![
            debit("A1", "DE01", "Nordbank AG", "2026-03-01T21:10:00+01:00", "12.00", "ESCORTDIR.COM"),
            debit("A2", "DE01", "Nordbank AG", "2026-03-01T21:10:00+01:00", "12.00", "ESCORTDIR.COM"),
            debit("A3", "DE01", "Nordbank AG", "2026-03-08T21:10:00+01:00", "12.00", "ESCORTDIR.COM"),
            debit("B1", "DE99", "Nordbank AG", "2026-03-01T21:10:00+01:00", "12.00", "ESCORTDIR.COM"),
        ];
        let m = match_fees(&txns, &ents, &Config::default());
        let mut t: Vec<&str> = m.iter().map(|m| m.transaction.as_str()).collect();
        t.sort();
        assert_eq!(t, ["A1", "A2", "A3"], "the stranger's debit is not the card's");
        let fees: HashSet<&str> = m.iter().map(|m| m.fee.as_str()).collect();
        assert_eq!(fees.len(), 3);
    }

    fn analysis(txns: &[Transaction], ents: &[Entity]) -> Analysis {
        crate::analyze(txns, ents, &Config::default())
    }

    fn cited(a: &Analysis) {
        for e in &a.network.edges {
            for id in &e.evidence {
                assert!(a.sources.contains_key(id), "{id} of {} not cited", e.kind);
            }
            for end in [&e.from, &e.to] {
                assert!(a.network.nodes.iter().any(|n| &n.id == end), "no node {end}");
            }
        }
    }

    #[test]
    fn a_matched_fee_is_an_edge_from_the_poster_to_the_accounts_subject() {
        let ents = production(&[("ED-1", "2026-03-01T21:10:00+01:00", "24.00")]);
        let txns = vec![debit("T1", "DE01", "Nordbank AG", "2026-03-01T21:10:00+01:00", "24.00", "ESCORTDIR.COM")];
        let a = analysis(&txns, &ents);
        let e = a.network.edges.iter().find(|e| e.kind == "ad_payment").expect("an ad_payment edge");
        assert_eq!((e.from.as_str(), e.to.as_str()), ("escortdir.user.u1", "acct:DE01"));
        for id in ["escortdir.user.u1.fee.1", "T1", "escortdir.ad.ED-1", "card.454617.1234"] {
            assert!(e.evidence.iter().any(|x| x == id), "{id} in {:?}", e.evidence);
        }
        assert!(e.label.contains("454617******1234") && e.label.contains("24.00 EUR"), "{}", e.label);
        let poster = a.network.nodes.iter().find(|n| n.id == "escortdir.user.u1").unwrap();
        assert_eq!((poster.kind.as_str(), poster.label.as_str()), ("useraccount", "escortdir: u1"));
        assert_eq!(a.sources["T1"].file, "nordbank.csv");
        assert_eq!(a.sources["escortdir.user.u1.fee.1"].file, "ad_production.jsonl");
        cited(&a);
        // Switched off in the pack: no edge.
        let off = Config::from_toml("[bridge]\nenabled = false\n").unwrap();
        assert!(crate::analyze(&txns, &ents, &off).network.edges.iter().all(|e| e.kind != "ad_payment"));
    }

    #[test]
    fn a_flagged_ads_phone_on_a_registry_person_is_an_ad_contact_edge() {
        let mut flagged = ent(
            "escortdir.ad.ED-7",
            "Advertisement",
            &[
                ("site", "escortdir"),
                ("adId", "ED-7"),
                ("posterAccount", "escortdir.user.u1"),
                ("city", "Hamburg"),
                ("title", "Junge rumänische Lady"),
                ("bodyText", "Ruf an: null eins sieben sechs 1234 5678"),
            ],
        );
        flagged.provenance = prov("ads.jsonl", 3);
        // An ordinary classified with another person's phone: not flagged, no edge.
        let sofa = ent(
            "quickmarkt.ad.QM-1",
            "Advertisement",
            &[
                ("site", "quickmarkt"),
                ("adId", "QM-1"),
                ("posterAccount", "quickmarkt.user.q"),
                ("city", "Hamburg"),
                ("title", "Sofa zu verschenken"),
                ("bodyText", "Abholung, Tel 0171 2223334"),
            ],
        );
        let ents = vec![
            flagged,
            sofa,
            ent("escortdir.user.u1", "UserAccount", &[("service", "escortdir"), ("username", "u1")]),
            ent("quickmarkt.user.q", "UserAccount", &[("service", "quickmarkt"), ("username", "q")]),
            ent("reg-person-1", "Person", &[("name", "Ana Lupu"), ("phone", "+4917612345678")]),
            ent("reg-person-2", "Person", &[("name", "Tom Weber"), ("phone", "+491712223334")]),
        ];
        let a = analysis(&[], &ents);
        let contacts: Vec<&Edge> = a.network.edges.iter().filter(|e| e.kind == "ad_contact").collect();
        assert_eq!(contacts.len(), 1, "{contacts:?}");
        let e = contacts[0];
        assert_eq!((e.from.as_str(), e.to.as_str()), ("escortdir.user.u1", "reg-person-1"));
        assert!(e.label.contains("+4917612345678"), "{}", e.label);
        for id in ["reg-person-1", "escortdir.user.u1", "escortdir.ad.ED-7"] {
            assert!(e.evidence.iter().any(|x| x == id), "{id} in {:?}", e.evidence);
        }
        assert_eq!(a.sources["escortdir.ad.ED-7"].file, "ads.jsonl");
        cited(&a);
    }

    #[test]
    fn the_default_bridge_is_the_default_packs_and_old_analyses_load() {
        assert_eq!(Config::default().bridge, crate::config::Bridge::default());
        let mut v = serde_json::to_value(Analysis::default()).unwrap();
        v["config"].as_object_mut().unwrap().remove("bridge");
        let old: Analysis = serde_json::from_value(v).unwrap();
        assert_eq!(old.config.bridge, crate::config::Bridge::default());
        let round = Config::from_toml(&Config::default().to_toml()).unwrap();
        assert_eq!(round, Config::default());
        assert!(Config::from_toml("[bridge]\nminute = 2\n").is_err(), "a typo is an error");
    }
}
