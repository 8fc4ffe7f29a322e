//! Tests of the demo world as files: read back the way an investigator's tools would read them.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use rust_decimal::Decimal;
use serde_json::Value;

use crate::demo::{self, FileKind, generate};
use crate::population::Params;

/// One statement row, whichever bank wrote it.
#[derive(Debug, Clone)]
struct Row {
    file: &'static str,
    reference: String,
    account: String,
    local: NaiveDateTime,
    /// Signed, positive is money in.
    amount: Decimal,
    balance: Decimal,
    currency: String,
    channel_word: String,
    cpty_account: String,
    mcc: String,
    city: String,
}

struct Files {
    nordbank: Vec<u8>,
    harbour: Vec<u8>,
    registry: Vec<u8>,
    truth: Value,
}

fn files(seed: u64) -> Files {
    let world = demo::build(seed, &Params::demo());
    let mut out = BTreeMap::new();
    for (name, bytes) in demo::render(&world, seed).unwrap() {
        out.insert(name, bytes);
    }
    Files {
        nordbank: out.remove("nordbank.csv").unwrap(),
        harbour: out.remove("harbour.csv").unwrap(),
        registry: out.remove("registry.ftm.jsonl").unwrap(),
        truth: serde_json::from_slice(&out.remove("truth.json").unwrap()).unwrap(),
    }
}

fn de_decimal(s: &str) -> Decimal {
    s.replace('.', "").replace(',', ".").parse().unwrap_or_else(|e| panic!("German amount '{s}': {e}"))
}

fn en_decimal(s: &str) -> Decimal {
    s.replace(',', "").parse().unwrap_or_else(|e| panic!("English amount '{s}': {e}"))
}

fn nordbank_text(bytes: &[u8]) -> String {
    let (text, _, bad) = encoding_rs::WINDOWS_1252.decode(bytes);
    assert!(!bad);
    text.into_owned()
}

fn nordbank_rows(bytes: &[u8]) -> (Vec<String>, Vec<Row>) {
    let text = nordbank_text(bytes);
    let body: String = text.split_inclusive('\n').skip(4).collect();
    let mut r = csv::ReaderBuilder::new().delimiter(b';').from_reader(body.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("column {name}"));
    let mut rows = vec![];
    for rec in r.records() {
        let rec = rec.unwrap();
        let date = NaiveDate::parse_from_str(&rec[col("Buchungstag")], "%d.%m.%Y").unwrap();
        let time = NaiveTime::parse_from_str(&rec[col("Uhrzeit")], "%H:%M").unwrap();
        NaiveDate::parse_from_str(&rec[col("Valuta")], "%d.%m.%Y").unwrap();
        rows.push(Row {
            file: "nordbank.csv",
            reference: rec[col("Referenz")].to_string(),
            account: rec[col("Konto")].to_string(),
            local: date.and_time(time),
            amount: de_decimal(&rec[col("Betrag")]),
            balance: de_decimal(&rec[col("Saldo")]),
            currency: "EUR".into(),
            channel_word: rec[col("Umsatzart")].to_string(),
            cpty_account: rec[col("IBAN Gegenkonto")].to_string(),
            mcc: rec[col("MCC")].to_string(),
            city: rec[col("Ort")].to_string(),
        });
    }
    (header, rows)
}

fn harbour_rows(bytes: &[u8]) -> (Vec<String>, Vec<Row>) {
    let mut r = csv::Reader::from_reader(std::str::from_utf8(bytes).unwrap().as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("column {name}"));
    let mut rows = vec![];
    for rec in r.records() {
        let rec = rec.unwrap();
        let (out, inn) = (&rec[col("Paid out")], &rec[col("Paid in")]);
        assert!(out.is_empty() != inn.is_empty(), "exactly one of paid out / paid in: {rec:?}");
        let amount = if out.is_empty() { en_decimal(inn) } else { -en_decimal(out) };
        rows.push(Row {
            file: "harbour.csv",
            reference: rec[col("Transaction ID")].to_string(),
            account: rec[col("Account")].to_string(),
            local: NaiveDateTime::parse_from_str(&rec[col("Date")], "%Y-%m-%d %H:%M:%S").unwrap(),
            amount,
            balance: en_decimal(&rec[col("Balance")]),
            currency: rec[col("Currency")].to_string(),
            channel_word: rec[col("Type")].to_string(),
            cpty_account: rec[col("Counterparty account")].to_string(),
            mcc: rec[col("MCC")].to_string(),
            city: rec[col("Location")].to_string(),
        });
    }
    (header, rows)
}

fn all_rows(f: &Files) -> Vec<Row> {
    let mut rows = nordbank_rows(&f.nordbank).1;
    rows.extend(harbour_rows(&f.harbour).1);
    rows
}

fn registry(f: &Files) -> Vec<Value> {
    std::str::from_utf8(&f.registry).unwrap().lines().map(|l| serde_json::from_str(l).unwrap()).collect()
}

fn scratch_dir(name: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("theseus-simulate-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    d
}

#[test]
fn same_seed_same_bytes_and_seeds_differ() {
    let (a, b) = (scratch_dir("a"), scratch_dir("b"));
    let ma = generate(42, &a).unwrap();
    let mb = generate(42, &b).unwrap();
    assert_eq!(ma, mb);
    assert_eq!(ma.truth, "truth.json");
    assert_eq!(ma.files.len(), 3);
    assert!(matches!(ma.files[0].kind, FileKind::BankStatement { profile: "nordbank" }));
    assert!(matches!(ma.files[1].kind, FileKind::BankStatement { profile: "harbour" }));
    assert!(matches!(ma.files[2].kind, FileKind::FtmEntities));
    for name in ma.files.iter().map(|f| f.name.as_str()).chain([ma.truth.as_str()]) {
        let x = std::fs::read(a.join(name)).unwrap();
        let y = std::fs::read(b.join(name)).unwrap();
        assert!(!x.is_empty());
        assert!(x == y, "{name} differs between two runs with the same seed");
    }
    let other = files(43);
    assert_ne!(std::fs::read(a.join("nordbank.csv")).unwrap(), other.nordbank);
    let _ = std::fs::remove_dir_all(&a);
    let _ = std::fs::remove_dir_all(&b);
}

#[test]
fn sizes_are_demo_sized() {
    for seed in [42, 1, 7] {
        let f = files(seed);
        let rows = all_rows(&f);
        let persons = registry(&f).iter().filter(|e| e["schema"] == "Person").count();
        assert!((2500..=4000).contains(&rows.len()), "seed {seed}: {} transactions", rows.len());
        assert!((60..=90).contains(&persons), "seed {seed}: {persons} persons");
        let first = rows.iter().map(|r| r.local.date()).min().unwrap();
        let last = rows.iter().map(|r| r.local.date()).max().unwrap();
        assert!(first >= crate::calendar::START && last <= crate::calendar::END, "{first}..{last}");
    }
}

#[test]
fn references_are_unique_and_truth_references_are_in_the_files() {
    let f = files(42);
    let rows = all_rows(&f);
    let mut by_ref = BTreeMap::new();
    for r in &rows {
        assert!(by_ref.insert(r.reference.clone(), r.clone()).is_none(), "duplicate reference {}", r.reference);
    }
    let txs = f.truth["operation"]["transactions"].as_array().unwrap();
    assert!(txs.len() > 500);
    for t in txs {
        let r = by_ref.get(t["reference"].as_str().unwrap()).unwrap_or_else(|| panic!("{t} not in the files"));
        assert_eq!(r.file, t["file"]);
        assert_eq!(r.account, t["account"].as_str().unwrap());
        assert_eq!(r.amount, t["amount"].as_str().unwrap().parse::<Decimal>().unwrap());
        assert_eq!(r.currency, t["currency"].as_str().unwrap());
    }
    for a in f.truth["operation"]["assets"].as_array().unwrap() {
        for r in a["references"].as_array().unwrap() {
            assert!(by_ref.contains_key(r.as_str().unwrap()));
        }
    }
}

#[test]
fn proceeds_equal_the_forwards_in_the_files() {
    let f = files(42);
    let rows = all_rows(&f);
    let op = &f.truth["operation"];
    let members = op["members"].as_array().unwrap();
    let exploiter = members.iter().find(|m| m["role"] == "exploiter").unwrap();
    let funnel = exploiter["accounts"][0]["iban"].as_str().unwrap();
    let proceeds = op["proceeds"].as_array().unwrap();
    assert_eq!(proceeds.len(), 4);
    let mut genders = BTreeSet::new();
    for p in proceeds {
        let victim = members.iter().find(|m| m["registry_id"] == p["victim"]).unwrap();
        assert_eq!(victim["role"], "victim");
        genders.insert(victim["gender"].as_str().unwrap().to_string());
        let iban = victim["accounts"][0]["iban"].as_str().unwrap();
        // From the files alone: everything the victim's account sent to the funnel account.
        let forwarded: Decimal = rows
            .iter()
            .filter(|r| r.account == iban && r.cpty_account == funnel && r.amount < Decimal::ZERO)
            .map(|r| -r.amount)
            .sum();
        let stated: Decimal = p["amount"].as_str().unwrap().parse().unwrap();
        assert_eq!(p["currency"], "EUR");
        assert!(stated > Decimal::from(3000), "{stated}");
        assert_eq!(forwarded, stated, "victim {}", p["victim"]);
        let refs: BTreeSet<&str> = p["references"].as_array().unwrap().iter().map(|r| r.as_str().unwrap()).collect();
        let by_refs: Decimal = rows.iter().filter(|r| refs.contains(r.reference.as_str())).map(|r| -r.amount).sum();
        assert_eq!(by_refs, stated);
    }
    assert_eq!(genders, BTreeSet::from(["female".to_string(), "male".to_string()]));
    let files_of_victims: BTreeSet<&str> =
        members.iter().filter(|m| m["role"] == "victim").map(|m| m["accounts"][0]["file"].as_str().unwrap()).collect();
    assert_eq!(files_of_victims.len(), 2, "victims bank at both banks");
}

#[test]
fn ibans_are_valid_except_the_listed_typos() {
    let f = files(42);
    let rows = all_rows(&f);
    let typos: BTreeSet<String> = f.truth["noise"]["invalid_ibans"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["written"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(typos.len(), 2);
    for t in &typos {
        assert!(theseus_model::normalize::iban(t).is_err(), "{t} is listed as a typo but is valid");
    }
    let mut seen_typos = BTreeSet::new();
    for r in &rows {
        assert!(theseus_model::normalize::iban(&r.account).is_ok(), "account {}", r.account);
        assert!(crate::iban::valid(&r.account));
        if !r.cpty_account.is_empty() {
            if typos.contains(&r.cpty_account) {
                seen_typos.insert(r.cpty_account.clone());
            } else {
                assert!(theseus_model::normalize::iban(&r.cpty_account).is_ok(), "counterparty {}", r.cpty_account);
            }
        }
    }
    assert_eq!(seen_typos, typos);
    for e in registry(&f).iter().filter(|e| e["schema"] == "BankAccount") {
        let iban = e["properties"]["iban"][0].as_str().unwrap();
        assert!(theseus_model::normalize::iban(iban).is_ok(), "{iban}");
    }
}

#[test]
fn registry_is_valid_ftm() {
    let f = files(42);
    let ents = registry(&f);
    let ids: BTreeSet<&str> = ents.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), ents.len(), "ids are unique");
    let prov = theseus_model::Provenance {
        sha256: "00".repeat(32),
        file_name: "registry.ftm.jsonl".into(),
        locator: theseus_model::Locator::Line { line: 1 },
        extractor: "test".into(),
        extractor_version: "0".into(),
        ingested_at: chrono::DateTime::from_timestamp(0, 0).unwrap(),
        batch: 0,
    };
    for e in &ents {
        let id = e["id"].as_str().unwrap();
        assert!(id.starts_with("reg-") && id.len() <= 24, "{id}");
        let properties: BTreeMap<String, Vec<String>> = serde_json::from_value(e["properties"].clone()).unwrap();
        let mut ent = theseus_model::Entity {
            id: id.into(),
            schema: e["schema"].as_str().unwrap().into(),
            properties: properties.clone(),
            provenance: prov.clone(),
        };
        let schema = ent.check_schema().unwrap_or_else(|err| panic!("{id}: {err}"));
        let errors = ent.normalise(None);
        assert!(errors.is_empty(), "{id}: {errors:?}");
        // Values are already in normal form (E.164 phones, lower-case countries, compact IBANs).
        assert_eq!(ent.properties, properties, "{id} is not in normal form");
        for (prop, values) in &properties {
            if schema.properties[prop].kind == theseus_model::PropType::Entity {
                for v in values {
                    assert!(ids.contains(v.as_str()), "{id}.{prop} points to missing {v}");
                }
            }
        }
    }
    let count = |s: &str| ents.iter().filter(|e| e["schema"] == s).count();
    for s in ["Person", "Company", "Directorship", "Ownership", "BankAccount", "RealEstate", "Vehicle", "UserAccount"] {
        assert!(count(s) > 0, "no {s}");
    }
    // Every account in the statements is in the registry with an owner.
    let rows = all_rows(&f);
    let registry_ibans: BTreeSet<&str> = ents
        .iter()
        .filter(|e| e["schema"] == "BankAccount")
        .map(|e| e["properties"]["iban"][0].as_str().unwrap())
        .collect();
    for r in &rows {
        assert!(registry_ibans.contains(r.account.as_str()), "{} not in the registry", r.account);
    }
}

#[test]
fn the_shared_phone_links_victims_and_the_ad_account() {
    let f = files(42);
    let ents = registry(&f);
    let by_id: BTreeMap<&str, &Value> = ents.iter().map(|e| (e["id"].as_str().unwrap(), e)).collect();
    let shared = &f.truth["operation"]["shared_identifiers"][0];
    assert_eq!(shared["kind"], "phone");
    let phone = shared["value"].as_str().unwrap();
    let carriers: Vec<&str> = shared["registry_ids"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(carriers.len(), 5, "four victims and the ad account");
    let mut surnames = BTreeSet::new();
    for id in &carriers {
        let e = by_id[id];
        assert!(e["properties"]["phone"].as_array().unwrap().iter().any(|p| p == phone), "{id}");
        if e["schema"] == "Person" {
            surnames.insert(e["properties"]["lastName"][0].as_str().unwrap());
        } else {
            assert_eq!(e["schema"], "UserAccount");
        }
    }
    assert_eq!(surnames.len(), 4, "victims have different surnames");
    // The recruiter is Romanian; the exploiter directs the front company.
    let members = f.truth["operation"]["members"].as_array().unwrap();
    let id_of = |role: &str| members.iter().find(|m| m["role"] == role).unwrap()["registry_id"].as_str().unwrap();
    assert_eq!(by_id[id_of("recruiter")]["properties"]["nationality"][0], "ro");
    let front = id_of("complicit_business");
    assert!(ents.iter().any(|e| e["schema"] == "Directorship"
        && e["properties"]["director"][0] == id_of("exploiter")
        && e["properties"]["organization"][0] == front));
    // Hard negatives are registry entities.
    for n in f.truth["hard_negatives"].as_array().unwrap() {
        for id in n["registry_ids"].as_array().unwrap() {
            assert!(by_id.contains_key(id.as_str().unwrap()), "{id}");
        }
        assert!(!n["why"].as_str().unwrap().is_empty());
    }
    // The hotel switchboard is shared by five staff with different surnames.
    let hub = f.truth["hard_negatives"].as_array().unwrap().iter().find(|n| n["kind"] == "shared_phone_hub").unwrap();
    let staff: Vec<&Value> =
        hub["registry_ids"].as_array().unwrap().iter().map(|i| by_id[i.as_str().unwrap()]).collect();
    let common: BTreeSet<String> = staff[0]["properties"]["phone"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| staff.iter().all(|s| s["properties"]["phone"].as_array().unwrap().contains(p)))
        .map(|p| p.as_str().unwrap().to_string())
        .collect();
    assert_eq!(common.len(), 1);
}

#[test]
fn the_operation_leaves_its_typology_in_the_statements() {
    let f = files(42);
    let rows = all_rows(&f);
    let members = f.truth["operation"]["members"].as_array().unwrap();
    let iban_of = |role: &str| {
        members.iter().find(|m| m["role"] == role).unwrap()["accounts"][0]["iban"].as_str().unwrap().to_string()
    };
    let funnel = iban_of("exploiter");
    let x: Vec<&Row> = rows.iter().filter(|r| r.account == funnel).collect();
    // Ad payments in unit prices of 12.
    let ads: Vec<&&Row> = x.iter().filter(|r| r.mcc == "7311").collect();
    assert!(ads.len() >= 10);
    assert!(ads.iter().all(|r| (-r.amount) % Decimal::from(12) == Decimal::ZERO));
    // At least three hotel nights in some 14-day window.
    let hotels: Vec<NaiveDate> = x.iter().filter(|r| r.mcc == "7011").map(|r| r.local.date()).collect();
    assert!(hotels.windows(3).any(|w| (w[2] - w[0]).num_days() <= 14));
    // Night-time rides.
    let rides: Vec<&&Row> = x.iter().filter(|r| r.mcc == "4121").collect();
    let night = rides.iter().filter(|r| crate::calendar::is_night(r.local)).count();
    assert!(night * 2 > rides.len(), "{night} of {}", rides.len());
    // Cash deposits in several cities; a car bought.
    let deposit_cities: BTreeSet<&str> =
        x.iter().filter(|r| r.channel_word == "Bareinzahlung").map(|r| r.city.as_str()).collect();
    assert!(deposit_cities.len() >= 4, "{deposit_cities:?}");
    assert!(x.iter().any(|r| r.mcc == "5511"));
    assert!(x.iter().any(|r| r.channel_word == "Bargeldtransfer"));
    assert!(x.iter().any(|r| r.channel_word == "Auslandsüberweisung" && r.cpty_account.starts_with("RO")));
    // Victims: night cash deposits in at least three cities each.
    for m in members.iter().filter(|m| m["role"] == "victim") {
        let iban = m["accounts"][0]["iban"].as_str().unwrap();
        let cities: BTreeSet<&str> = rows
            .iter()
            .filter(|r| r.account == iban && (r.channel_word == "Bareinzahlung" || r.channel_word == "CASH"))
            .map(|r| r.city.as_str())
            .collect();
        assert!(cities.len() >= 3, "{iban}: {cities:?}");
    }
}

#[test]
fn statements_are_consistent_and_fit_the_profiles() {
    let f = files(42);
    let text = nordbank_text(&f.nordbank);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines[0], "Nordbank AG");
    assert!(lines[2].starts_with("Zeitraum: 01.01.2026 - 30.06.2026"));
    assert!(lines[4].starts_with("Buchungstag;"));
    assert!(f.nordbank.windows(2).any(|w| w == b"\r\n"));
    // Windows-1252, not UTF-8: the header's "ä" is one byte.
    assert!(std::str::from_utf8(&f.nordbank).is_err());
    // Running balances add up, per account, in file order.
    for rows in [nordbank_rows(&f.nordbank).1, harbour_rows(&f.harbour).1] {
        let mut last: BTreeMap<String, Decimal> = BTreeMap::new();
        let mut prev_time: BTreeMap<String, NaiveDateTime> = BTreeMap::new();
        for r in &rows {
            if let Some(b) = last.get(&r.account) {
                assert_eq!(*b + r.amount, r.balance, "{}", r.reference);
            }
            if let Some(t) = prev_time.get(&r.account) {
                assert!(*t <= r.local, "{} out of order", r.reference);
            }
            last.insert(r.account.clone(), r.balance);
            prev_time.insert(r.account.clone(), r.local);
            assert!(r.balance >= Decimal::ZERO, "{} overdrawn", r.reference);
            assert!(r.local.second() == 0 || r.file == "harbour.csv");
        }
    }
    // Column names and channel words as the ingest profiles expect, when the profiles are at hand.
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../theseus-ingest/profiles/");
    for (profile, header, rows) in [
        ("nordbank.toml", nordbank_rows(&f.nordbank).0, nordbank_rows(&f.nordbank).1),
        ("harbour.toml", harbour_rows(&f.harbour).0, harbour_rows(&f.harbour).1),
    ] {
        let Ok(toml) = std::fs::read_to_string(format!("{dir}{profile}")) else {
            eprintln!("profile {profile} not found; skipping the profile check");
            continue;
        };
        let (columns, rules) = profile_columns_and_rules(&toml);
        for c in &columns {
            assert!(header.contains(c), "{profile}: column {c} missing from the header");
        }
        for r in &rows {
            let w = r.channel_word.to_lowercase();
            assert!(
                rules.iter().any(|p| w.contains(&p.to_lowercase())),
                "{profile}: '{}' matches no channel rule",
                r.channel_word
            );
        }
    }
}

/// The column names and channel-rule patterns of a mapping profile, read without a TOML parser: the
/// `[columns]` table's string values and the first string of each `rules` pair.
fn profile_columns_and_rules(toml: &str) -> (Vec<String>, Vec<String>) {
    let mut section = "";
    let mut columns = vec![];
    let mut rules = vec![];
    for line in toml.lines().map(str::trim) {
        if line.starts_with('[') && line.ends_with(']') && !line.starts_with("[\"") {
            section = if line == "[columns]" {
                "columns"
            } else if line == "[channel]" {
                "channel"
            } else {
                ""
            };
            continue;
        }
        if section == "columns"
            && let Some((_, v)) = line.split_once('=')
        {
            columns.push(v.trim().trim_matches('"').to_string());
        }
        if section == "channel" && line.starts_with("[\"") {
            rules.push(line.trim_start_matches("[\"").split('"').next().unwrap_or_default().to_string());
        }
    }
    (columns, rules)
}
