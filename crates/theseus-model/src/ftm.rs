//! FollowTheMoney entity streams out: entities as they are, transactions as `Payment`s between
//! `BankAccount`s and their holders, advertisements as `Article`s.
//!
//! Every line carries, beside FtM's `id`, `schema` and `properties`, a `provenance` object naming the
//! source file's SHA-256 and the record: FtM tools keep unknown keys, and Theseus reads it back.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::entity::ADVERTISEMENT;
use crate::{Direction, Entity, Timestamp, Transaction, ids};

/// The FtM form of a timestamp: zoned times are converted to UTC as FtM stores them.
pub fn ftm_date(ts: &Timestamp) -> String {
    match ts {
        Timestamp::Zoned(d) => d.naive_utc().format("%Y-%m-%dT%H:%M:%S").to_string(),
        other => other.to_string(),
    }
}

/// One JSON line for an entity.
pub fn entity_line(e: &Entity) -> Value {
    let (schema, properties) =
        if e.schema == ADVERTISEMENT { advert_as_article(e) } else { (e.schema.clone(), e.properties.clone()) };
    json!({
        "id": e.id,
        "schema": schema,
        "properties": properties,
        "provenance": provenance_json(&e.provenance),
    })
}

fn provenance_json(p: &crate::Provenance) -> Value {
    json!({
        "sha256": p.sha256,
        "file": p.file_name,
        "record": p.locator.to_string(),
        "extractor": format!("{} {}", p.extractor, p.extractor_version),
        "batch": p.batch,
    })
}

fn advert_as_article(e: &Entity) -> (String, BTreeMap<String, Vec<String>>) {
    let article = crate::Schema::get("Article").expect("Article schema");
    let mut props = BTreeMap::new();
    let mut notes = Vec::new();
    for (k, v) in &e.properties {
        let target = match k.as_str() {
            "phone" => "phoneMentioned",
            "email" => "emailMentioned",
            "postedAt" => "publishedAt",
            "site" => "publisher",
            "city" => "locationMentioned",
            other => other,
        };
        if article.properties.contains_key(target) {
            props.entry(target.to_string()).or_insert_with(Vec::new).extend(v.iter().cloned());
        } else {
            notes.extend(v.iter().map(|x| format!("{k}: {x}")));
        }
    }
    if !notes.is_empty() {
        props.entry("notes".to_string()).or_insert_with(Vec::new).extend(notes);
    }
    ("Article".to_string(), props)
}

/// The id Theseus gives a bank account it knows only by its number.
pub fn account_id(number: &str) -> String {
    ids::make_id(["bankaccount", number])
}

fn party_id(account: &str) -> String {
    ids::make_id(["holder", account])
}

/// The FtM entities a transaction implies: the statement's BankAccount and holder, the counterparty's
/// account and party when known, their Ownerships, and the Payment itself (with the transaction's id).
/// Derived ids are FtM-style hashes of the account number, so the same account in two files is one entity.
///
/// `known` maps a normalised account number to a BankAccount already in the stream (from a registry or a
/// previous export) and its registry holder, so that one account stays one entity and its holder is the
/// registry's party, not a second one made from the statement's spelling of the name.
pub fn transaction_entities(t: &Transaction, known: &dyn Fn(&str) -> Option<Known>) -> Vec<Entity> {
    let account_id = |n: &str| known(n).map(|k| k.account).unwrap_or_else(|| account_id(n));
    let registry_holder = |n: &str| known(n).and_then(|k| k.holder);
    let mk = |id: String, schema: &str| Entity {
        id,
        schema: schema.to_string(),
        properties: BTreeMap::new(),
        provenance: t.provenance.clone(),
    };
    let mut out = Vec::new();
    let own_acc = account_id(&t.account);
    let mut acc = mk(own_acc.clone(), "BankAccount");
    put_account_number(&mut acc, &t.account);
    if let Some(b) = &t.bank {
        acc.add("bankName", b.clone());
    }
    out.push(acc);
    // A holder the registry names is the payer or beneficiary itself; a name from the statement only becomes a
    // LegalEntity of its own.
    let own_party = registry_holder(&t.account).or_else(|| {
        t.account_holder.as_ref().map(|h| {
            let id = party_id(&t.account);
            let mut p = mk(id.clone(), "LegalEntity");
            p.add("name", h.clone());
            out.push(p);
            let mut o = mk(ids::make_id(["ownership", &id, &own_acc]), "Ownership");
            o.add("owner", id.clone());
            o.add("asset", own_acc.clone());
            o.add("role", "account holder");
            out.push(o);
            id
        })
    });
    let cpty_acc = t.cpty_account.as_ref().map(|c| {
        let id = account_id(c);
        let mut a = mk(id.clone(), "BankAccount");
        put_account_number(&mut a, c);
        if let Some(b) = &t.cpty_bank {
            a.add("bankName", b.clone());
        }
        if let Some(cc) = &t.cpty_country {
            a.add("country", cc.to_lowercase());
        }
        out.push(a);
        id
    });
    let cpty_name = t.merchant.as_ref().or(t.cpty_name.as_ref());
    let cpty_holder = t.cpty_account.as_deref().and_then(registry_holder);
    let cpty_party = cpty_holder.or_else(|| {
        cpty_name.map(|n| {
            let id = match &t.cpty_account {
                Some(c) => party_id(c),
                None => ids::make_id(["party", &crate::normalize::name_key(n)]),
            };
            let mut p = mk(id.clone(), "LegalEntity");
            p.add("name", n.clone());
            if let Some(cc) = &t.cpty_country {
                p.add("country", cc.to_lowercase());
            }
            out.push(p);
            if let Some(ca) = &cpty_acc {
                let mut o = mk(ids::make_id(["ownership", &id, ca]), "Ownership");
                o.add("owner", id.clone());
                o.add("asset", ca.clone());
                o.add("role", "account holder");
                out.push(o);
            }
            id
        })
    });
    let mut p = mk(t.id.clone(), "Payment");
    p.add("date", ftm_date(&t.ts));
    p.add("amount", t.amount.normalize().to_string());
    p.add("currency", t.currency.code());
    let (payer, payer_acc, ben, ben_acc) = match t.direction {
        Direction::Debit => (own_party, Some(own_acc), cpty_party, cpty_acc),
        Direction::Credit => (cpty_party, cpty_acc, own_party, Some(own_acc)),
    };
    for (prop, v) in
        [("payer", payer), ("payerAccount", payer_acc), ("beneficiary", ben), ("beneficiaryAccount", ben_acc)]
    {
        if let Some(v) = v {
            p.add(prop, v);
        }
    }
    if let Some(m) = &t.memo {
        p.add("purpose", m.clone());
    }
    if let Some(r) = &t.source_ref {
        p.add("transactionNumber", r.clone());
    }
    let mut desc =
        vec![format!("channel {}", t.channel.as_str()), format!("{} on statement {}", t.direction.as_str(), t.account)];
    if let Some(m) = t.mcc {
        desc.push(format!("MCC {m:04}"));
    }
    for (k, v) in
        [("merchant", &t.merchant), ("city", &t.city), ("branch", &t.branch), ("device", &t.device_id), ("ip", &t.ip)]
    {
        if let Some(v) = v {
            desc.push(format!("{k} {v}"));
        }
    }
    if let Some(b) = t.balance {
        desc.push(format!("balance after {} {}", b.normalize(), t.currency));
    }
    desc.push(format!("time as recorded {}", t.ts));
    p.add("description", desc.join("; "));
    out.push(p);
    out
}

fn put_account_number(e: &mut Entity, number: &str) {
    if crate::normalize::iban(number).is_ok() {
        e.add("iban", number.to_string());
    }
    e.add("accountNumber", number.to_string());
}

/// A bank account already in the stream, and its holder according to the registry.
#[derive(Debug, Clone)]
pub struct Known {
    /// The BankAccount entity's id.
    pub account: String,
    /// The holder (owner of an Ownership of the account), if any.
    pub holder: Option<String>,
}

/// Writes entities and transactions as FtM lines, each entity once (derived entities met again are merged by
/// id: the first provenance is kept, property values are unioned).
pub fn stream(entities: &[Entity], transactions: &[Transaction]) -> Vec<Value> {
    let mut order: Vec<String> = Vec::new();
    let mut by_id: BTreeMap<String, Entity> = BTreeMap::new();
    let mut put = |e: Entity| match by_id.get_mut(&e.id) {
        Some(existing) => {
            for (k, vs) in e.properties {
                for v in vs {
                    existing.add(&k, v);
                }
            }
        }
        None => {
            order.push(e.id.clone());
            by_id.insert(e.id.clone(), e);
        }
    };
    for e in entities {
        put(e.clone());
    }
    let mut holders: std::collections::HashMap<&str, &str> = std::collections::HashMap::new();
    for e in entities.iter().filter(|e| e.schema == "Ownership") {
        if let (Some(o), Some(a)) = (e.first("owner"), e.first("asset")) {
            let h = holders.entry(a).or_insert(o);
            if o < *h {
                *h = o;
            }
        }
    }
    let mut known: std::collections::HashMap<String, Known> = std::collections::HashMap::new();
    for e in entities.iter().filter(|e| e.schema == "BankAccount") {
        for v in e.values("iban").iter().chain(e.values("accountNumber")) {
            known.entry(crate::normalize::account(v).0).or_insert_with(|| Known {
                account: e.id.clone(),
                holder: holders.get(e.id.as_str()).map(|h| h.to_string()),
            });
        }
    }
    let lookup = |n: &str| known.get(n).cloned();
    for t in transactions {
        for e in transaction_entities(t, &lookup) {
            put(e);
        }
    }
    order.iter().map(|id| entity_line(&by_id[id])).collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;
    use std::str::FromStr;

    use super::*;
    use crate::{Channel, Locator, Provenance};

    fn prov() -> Provenance {
        Provenance {
            sha256: "ab".repeat(32),
            file_name: "f".into(),
            locator: Locator::Line { line: 2 },
            extractor: "t".into(),
            extractor_version: "0".into(),
            ingested_at: chrono::DateTime::UNIX_EPOCH,
            batch: 1,
        }
    }

    fn ent(id: &str, schema: &str, props: &[(&str, &str)]) -> Entity {
        let mut e = Entity { id: id.into(), schema: schema.into(), properties: BTreeMap::new(), provenance: prov() };
        for (k, v) in props {
            e.add(k, *v);
        }
        e
    }

    #[test]
    fn payments_name_the_registry_holder_and_account() {
        let ents = vec![
            ent("p1", "Person", &[("name", "Niklas Schmidt")]),
            ent("ba1", "BankAccount", &[("iban", "DE89370400440532013000")]),
            ent("o1", "Ownership", &[("owner", "p1"), ("asset", "ba1")]),
        ];
        let t = Transaction {
            id: "t1".into(),
            source_ref: Some("R1".into()),
            bank: Some("Nordbank".into()),
            account: "DE89370400440532013000".into(),
            account_holder: Some("SCHMIDT NIKLAS".into()),
            ts: "2026-03-01T10:00:00+01:00".parse().unwrap(),
            value_date: None,
            amount: rust_decimal::Decimal::from_str("1500").unwrap(),
            currency: "EUR".parse().unwrap(),
            direction: Direction::Debit,
            channel: Channel::Msb,
            merchant: None,
            mcc: None,
            cpty_name: Some("Ion Pop".into()),
            cpty_account: None,
            cpty_bank: None,
            cpty_country: Some("RO".into()),
            city: None,
            branch: None,
            geo: None,
            device_id: None,
            ip: None,
            memo: None,
            balance: None,
            provenance: prov(),
        };
        let lines = stream(&ents, &[t]);
        let pay = lines.iter().find(|l| l["schema"] == "Payment").unwrap();
        assert_eq!(pay["properties"]["payer"][0], "p1");
        assert_eq!(pay["properties"]["payerAccount"][0], "ba1");
        assert_eq!(pay["properties"]["date"][0], "2026-03-01T09:00:00", "FtM dates are UTC");
        assert!(
            !lines.iter().any(|l| l["properties"]["name"][0] == "SCHMIDT NIKLAS"),
            "no second party for the holder"
        );
    }
}
