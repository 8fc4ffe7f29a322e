//! Online advertisements: an ad site's export or capture (JSON lines), and its production return (what the
//! site knows of a poster account: e-mails, phones, IP addresses, payment cards, posting fees paid).
//!
//! Ads become `Advertisement` entities with the poster's `UserAccount`; the production return becomes that
//! `UserAccount` with its identifiers, one `BankAccount` per payment card (FtM has no card schema; the card
//! is an account of type "payment card" numbered by its masked PAN), the links between them, and one
//! `Payment` per posting fee: the bridge from ads to money.

use std::collections::{BTreeMap, HashSet};

use serde::Deserialize;
use theseus_model::{Entity, Locator, ids, normalize};

use crate::{Diagnostic, FileError, Parsed, Reader, Severity, Source, snippet, text};

/// One ad as the export gives it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AdLine {
    site: String,
    ad_id: String,
    posted_at: Option<String>,
    city: Option<String>,
    title: Option<String>,
    body: Option<String>,
    phone: Option<String>,
    email: Option<String>,
    #[serde(default)]
    image_hashes: Vec<String>,
    poster_account: Option<String>,
}

/// One poster account of a production return.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProductionLine {
    site: String,
    poster_account: String,
    #[serde(default)]
    emails: Vec<String>,
    #[serde(default)]
    phones: Vec<String>,
    #[serde(default)]
    ips: Vec<String>,
    #[serde(default)]
    cards: Vec<Card>,
    #[serde(default)]
    fees: Vec<Fee>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Card {
    bin: String,
    last4: String,
    holder: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Fee {
    ts: String,
    amount: String,
    currency: String,
    ad_id: Option<String>,
    card_last4: Option<String>,
}

/// Id of an ad: the site's own id, prefixed with the site.
pub fn ad_id(site: &str, ad: &str) -> String {
    ids::readable_id(&[&site.to_lowercase(), "ad", ad])
}

/// Id of a poster account.
pub fn poster_id(site: &str, account: &str) -> String {
    ids::readable_id(&[&site.to_lowercase(), "user", account])
}

/// Id of a payment card known by its BIN and last four digits.
pub fn card_id(bin: &str, last4: &str) -> String {
    ids::readable_id(&["card", bin, last4])
}

fn json_lines<'a>(src: &'a Source<'_>, what: &str) -> Result<Vec<(Locator, &'a str)>, FileError> {
    if text::looks_binary(src.bytes) {
        return Err(FileError::Unreadable {
            file: src.file_name.clone(),
            reason: format!("binary data, not {what} JSON lines"),
        });
    }
    let text = std::str::from_utf8(src.bytes)
        .map_err(|e| FileError::Unreadable { file: src.file_name.clone(), reason: format!("not UTF-8 text: {e}") })?;
    Ok(text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (Locator::Line { line: i as u64 + 1 }, l))
        .collect())
}

fn diag(src: &Source<'_>, loc: &Locator, severity: Severity, reason: String, raw: &str) -> Diagnostic {
    Diagnostic { file: src.file_name.clone(), locator: loc.clone(), severity, reason, raw: snippet(raw) }
}

/// Reads an ad-site export.
#[derive(Debug, Clone, Default)]
pub struct AdsReader {
    /// Region for phone numbers written without a country code.
    pub default_region: Option<String>,
}

impl Reader for AdsReader {
    fn extractor(&self) -> String {
        "ads".into()
    }

    fn read(&self, src: &Source<'_>) -> Result<Parsed, FileError> {
        let lines = json_lines(src, "ad")?;
        let mut out = Parsed { records_seen: lines.len() as u64, ..Parsed::default() };
        let mut posters = HashSet::new();
        for (loc, raw) in lines {
            let ad: AdLine = match serde_json::from_str(raw) {
                Ok(a) => a,
                Err(e) => {
                    out.diagnostics.push(diag(src, &loc, Severity::Rejected, format!("not an ad record: {e}"), raw));
                    continue;
                }
            };
            let prov = src.provenance(loc.clone(), "ads");
            let mut e = Entity {
                id: ad_id(&ad.site, &ad.ad_id),
                schema: "Advertisement".into(),
                properties: BTreeMap::new(),
                provenance: prov.clone(),
            };
            e.add("site", ad.site.clone());
            e.add("adId", ad.ad_id.clone());
            if let Some(t) = &ad.posted_at {
                e.add("postedAt", t.clone());
            }
            for (p, v) in [("city", &ad.city), ("title", &ad.title), ("bodyText", &ad.body), ("email", &ad.email)] {
                if let Some(v) = v {
                    e.add(p, v.clone());
                }
            }
            for h in &ad.image_hashes {
                e.add("imageHash", h.to_lowercase());
            }
            if let Some(p) = &ad.phone {
                // The phone as written is kept whatever happens; a normalised form is added when the text
                // parses as a number. Obfuscated numbers are for the ad extractor, not for ingest.
                e.add("notes", format!("phone as written: {p}"));
                if let Ok(n) = normalize::phone(p, self.default_region.as_deref()) {
                    e.add("phone", n);
                }
            }
            if let Some(acc) = &ad.poster_account {
                let pid = poster_id(&ad.site, acc);
                e.add("posterAccount", pid.clone());
                if posters.insert(pid.clone()) {
                    let mut u =
                        Entity { id: pid, schema: "UserAccount".into(), properties: BTreeMap::new(), provenance: prov };
                    u.add("service", ad.site.clone());
                    u.add("username", acc.clone());
                    out.entities.push(u);
                }
            }
            for err in e.normalise(self.default_region.as_deref()) {
                out.diagnostics.push(diag(
                    src,
                    &loc,
                    Severity::Flagged,
                    format!("value removed from the ad, kept here: {err}"),
                    raw,
                ));
            }
            out.entities.push(e);
        }
        Ok(out)
    }
}

/// Reads an ad site's production return.
#[derive(Debug, Clone, Default)]
pub struct AdProductionReader {
    /// Region for phone numbers written without a country code.
    pub default_region: Option<String>,
}

impl Reader for AdProductionReader {
    fn extractor(&self) -> String {
        "ad-production".into()
    }

    fn read(&self, src: &Source<'_>) -> Result<Parsed, FileError> {
        let lines = json_lines(src, "production-return")?;
        let mut out = Parsed { records_seen: lines.len() as u64, ..Parsed::default() };
        let mut made = HashSet::new();
        for (loc, raw) in lines {
            let p: ProductionLine = match serde_json::from_str(raw) {
                Ok(p) => p,
                Err(e) => {
                    out.diagnostics.push(diag(
                        src,
                        &loc,
                        Severity::Rejected,
                        format!("not a production-return record: {e}"),
                        raw,
                    ));
                    continue;
                }
            };
            let prov = src.provenance(loc.clone(), "ad-production");
            let new = |id: String, schema: &str| Entity {
                id,
                schema: schema.into(),
                properties: BTreeMap::new(),
                provenance: prov.clone(),
            };
            let uid = poster_id(&p.site, &p.poster_account);
            let mut u = new(uid.clone(), "UserAccount");
            u.add("service", p.site.clone());
            u.add("username", p.poster_account.clone());
            for v in &p.emails {
                u.add("email", v.clone());
            }
            for v in &p.phones {
                u.add("phone", v.clone());
            }
            for v in &p.ips {
                u.add("ipAddress", v.clone());
            }
            let mut ents = vec![u];
            let site_id = ids::readable_id(&[&p.site.to_lowercase(), "site"]);
            if made.insert(site_id.clone()) {
                let mut s = new(site_id.clone(), "Company");
                s.add("name", p.site.clone());
                ents.push(s);
            }
            for c in &p.cards {
                let cid = card_id(&c.bin, &c.last4);
                let mut card = new(cid.clone(), "BankAccount");
                card.add("accountType", "payment card");
                card.add("accountNumber", format!("{}******{}", c.bin, c.last4));
                if let Some(h) = &c.holder {
                    card.add("name", h.clone());
                }
                ents.push(card);
                let mut link = new(ids::make_id(["card-used", &uid, &cid]), "UnknownLink");
                link.add("subject", uid.clone());
                link.add("object", cid.clone());
                link.add("role", "payment card used by the poster account");
                ents.push(link);
            }
            for (i, f) in p.fees.iter().enumerate() {
                let card = f.card_last4.as_ref().and_then(|l4| p.cards.iter().find(|c| &c.last4 == l4));
                let mut pay = new(format!("{uid}.fee.{}", i + 1), "Payment");
                pay.add("date", f.ts.clone());
                pay.add("amount", f.amount.clone());
                pay.add("currency", f.currency.clone());
                pay.add("beneficiary", site_id.clone());
                if let Some(c) = card {
                    pay.add("payerAccount", card_id(&c.bin, &c.last4));
                }
                pay.add(
                    "purpose",
                    match &f.ad_id {
                        Some(a) => format!("posting fee for ad {a} of {}", p.poster_account),
                        None => format!("posting fee of {}", p.poster_account),
                    },
                );
                if let Some(a) = &f.ad_id {
                    pay.add("transactionNumber", a.clone());
                }
                ents.push(pay);
            }
            for mut e in ents {
                for err in e.normalise(self.default_region.as_deref()) {
                    out.diagnostics.push(diag(
                        src,
                        &loc,
                        Severity::Flagged,
                        format!("value removed from {} {}, kept here: {err}", e.schema, e.id),
                        raw,
                    ));
                }
                out.entities.push(e);
            }
        }
        Ok(out)
    }
}
