//! `theseus match-list`: a list of missing or at-risk persons matched against the workspace, for victim
//! identification.
//!
//! The list is read from the file the user names and is never copied into the workspace: matching only reads
//! the workspace, and the results go to standard output.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use serde::Serialize;
use theseus_model::{Entity, normalize};
use theseus_resolve::{names, text};

#[derive(clap::Args)]
pub struct Args {
    #[command(flatten)]
    ws: crate::WorkspaceArg,
    /// CSV with a header row and any of the columns `name`, `birth_date` (YYYY-MM-DD), `phone`, `email`,
    /// `image_hash` (hex); any cell may be empty. Other columns are ignored.
    file: PathBuf,
    /// Region (ISO 3166-1 alpha-2) for list phones, and ads' phones, written without a country code.
    #[arg(long, value_name = "CC")]
    region: Option<String>,
    /// One JSON object per list entry instead of a table.
    #[arg(long)]
    json: bool,
}

/// One usable row of the list.
#[derive(Debug, Default, Serialize)]
struct Entry {
    line: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    birth_date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    image_hash: Option<String>,
}

/// One record of the workspace that matches an entry, with what matched and where the record is.
#[derive(Debug, Clone, Serialize)]
struct Match {
    /// `phone`, `email`, `image_hash`, `name`, `name+birth_date`, `name_in_ad_text`.
    matched: String,
    /// How: `exact`, or for names the weakest token agreement (`exact`, `transliteration`, `variant`,
    /// `similar`).
    how: String,
    /// What kind of record: `ad`, `ad poster account`, `person`, `organisation`, `card`, `account holder`.
    record: String,
    /// Record id (entity id, or the first transaction of a statement account).
    id: String,
    /// The value in the record as it matched.
    value: String,
    /// Evidence file and record locator.
    file: String,
    locator: String,
    /// For ads: the operation the ad was linked into and whether the ad alerts.
    #[serde(skip_serializing_if = "Option::is_none")]
    operation: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ad_alert: Option<bool>,
}

pub fn run(a: Args) -> Result<ExitCode> {
    let bytes = std::fs::read(&a.file).with_context(|| format!("cannot read {}", a.file.display()))?;
    let region = a.region.as_ref().map(|r| r.to_uppercase());
    let (entries, bad) = read_list(&bytes, region.as_deref())?;
    let shown = a.file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    for (line, reason) in &bad {
        eprintln!("{shown}: line {line}: {reason}");
    }
    let ws = super::open(&a.ws.workspace)?;
    let ents = ws.entities()?;
    let txns = ws.transactions()?;
    let index = Index::build(&ents, &txns, region);
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    use std::io::Write;
    let mut with_matches = 0;
    for e in &entries {
        let matches = index.matches(e);
        if !matches.is_empty() {
            with_matches += 1;
        }
        if a.json {
            writeln!(out, "{}", serde_json::json!({"entry": e, "matches": matches}))?;
        } else {
            print_entry(&mut out, e, &matches)?;
        }
    }
    out.flush()?;
    eprintln!("{} list entr(ies) read, {} with matches; {} bad row(s) skipped", entries.len(), with_matches, bad.len());
    Ok(ExitCode::SUCCESS)
}

fn print_entry(w: &mut impl std::io::Write, e: &Entry, matches: &[Match]) -> std::io::Result<()> {
    let who: Vec<&str> =
        [&e.name, &e.birth_date, &e.phone, &e.email, &e.image_hash].into_iter().filter_map(|v| v.as_deref()).collect();
    writeln!(w, "line {}: {} — {} match(es)", e.line, who.join(", "), matches.len())?;
    for m in matches {
        let extra = match (&m.operation, m.ad_alert) {
            (Some(op), _) => format!(" [operation {op}]"),
            (None, Some(true)) => " [flagged ad]".to_string(),
            _ => String::new(),
        };
        writeln!(
            w,
            "  {:<16} {:<15} {:<18} {}  {} ({} {}){}",
            m.matched, m.how, m.record, m.id, m.value, m.file, m.locator, extra
        )?;
    }
    Ok(())
}

/// A row that was not used: its line and why.
type BadRow = (u64, String);

/// Reads the list: usable entries, and the bad rows with their line and reason.
fn read_list(bytes: &[u8], region: Option<&str>) -> Result<(Vec<Entry>, Vec<BadRow>)> {
    let text = std::str::from_utf8(bytes).context("the list is not UTF-8 text")?;
    let text = text.trim_start_matches('\u{feff}');
    let mut rdr = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::All).from_reader(text.as_bytes());
    let headers: Vec<String> =
        rdr.headers().context("the list has no header row")?.iter().map(|h| h.to_lowercase()).collect();
    let col = |n: &str| headers.iter().position(|h| h == n);
    let cols = [col("name"), col("birth_date"), col("phone"), col("email"), col("image_hash")];
    if cols.iter().all(Option::is_none) {
        bail!("the list's header names none of the columns name, birth_date, phone, email, image_hash");
    }
    let mut entries = Vec::new();
    let mut bad = Vec::new();
    for rec in rdr.records() {
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                bad.push((line, format!("not readable as CSV: {e}")));
                continue;
            }
        };
        let line = rec.position().map_or(0, |p| p.line());
        if rec.len() != headers.len() {
            bad.push((line, format!("{} field(s), the header has {}", rec.len(), headers.len())));
            continue;
        }
        let get = |i: Option<usize>| i.and_then(|i| rec.get(i)).map(str::trim).filter(|v| !v.is_empty());
        match entry(line, [get(cols[0]), get(cols[1]), get(cols[2]), get(cols[3]), get(cols[4])], region) {
            Ok(e) => entries.push(e),
            Err(reason) => bad.push((line, reason)),
        }
    }
    Ok((entries, bad))
}

/// Checks and normalises one row: a value that cannot be what its column says makes the row bad, so that a
/// shifted column never produces matches on the wrong field.
fn entry(
    line: u64,
    [name, birth, phone, email, hash]: [Option<&str>; 5],
    region: Option<&str>,
) -> Result<Entry, String> {
    let mut e = Entry { line, ..Entry::default() };
    if let Some(n) = name {
        if text::tokens(n).is_empty() {
            return Err(format!("name '{n}' has no letters"));
        }
        e.name = Some(n.to_string());
    }
    if let Some(b) = birth {
        chrono::NaiveDate::parse_from_str(b, "%Y-%m-%d")
            .map_err(|_| format!("birth_date '{b}' is not a date YYYY-MM-DD"))?;
        e.birth_date = Some(b.to_string());
    }
    if let Some(p) = phone {
        let n = normalize::phone(p, region)
            .ok()
            .or_else(|| theseus_ads::extract_phones(p, region).into_iter().next().map(|m| m.e164))
            .ok_or_else(|| {
                format!(
                    "phone '{p}' is not a valid number{}",
                    if region.is_none() { " (no country code and no --region)" } else { "" }
                )
            })?;
        e.phone = Some(n);
    }
    if let Some(m) = email {
        e.email = Some(normalize::email(m).map_err(|_| format!("email '{m}' is not an e-mail address"))?);
    }
    if let Some(h) = hash {
        let h = h.to_lowercase();
        if h.len() < 16 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(format!("image_hash '{h}' is not a hex digest"));
        }
        e.image_hash = Some(h);
    }
    if e.name.is_none() && e.phone.is_none() && e.email.is_none() && e.image_hash.is_none() {
        return Err("nothing to match on (a birth date alone identifies nobody)".into());
    }
    Ok(e)
}

/// A record that can match, by kind of identifier.
struct Rec {
    record: &'static str,
    id: String,
    file: String,
    locator: String,
    operation: Option<String>,
    ad_alert: Option<bool>,
}

/// The workspace's identifiers and names, indexed once for the whole list.
struct Index {
    recs: Vec<Rec>,
    by_phone: HashMap<String, Vec<(usize, String)>>,
    by_email: HashMap<String, Vec<(usize, String)>>,
    by_hash: HashMap<String, Vec<(usize, String)>>,
    /// Records with names: (record, name as written, birth dates).
    names: Vec<(usize, String, Vec<String>)>,
    /// Ads' text tokens, for full names written in an ad.
    ad_tokens: Vec<(usize, BTreeSet<String>)>,
}

impl Index {
    fn build(ents: &[Entity], txns: &[theseus_model::Transaction], region: Option<String>) -> Index {
        let mut ix = Index {
            recs: vec![],
            by_phone: HashMap::new(),
            by_email: HashMap::new(),
            by_hash: HashMap::new(),
            names: vec![],
            ad_tokens: vec![],
        };
        let of_entity = |e: &Entity, record: &'static str| Rec {
            record,
            id: e.id.clone(),
            file: e.provenance.file_name.clone(),
            locator: e.provenance.locator.to_string(),
            operation: None,
            ad_alert: None,
        };
        // Ads: what the ad analysis extracted (phones de-obfuscated), the images, and the words of the text.
        let config = theseus_ads::Config { default_region: region, ..Default::default() };
        let ads = theseus_ads::analyze(ents, &config);
        let op_of = ads.operation_of();
        let by_id: HashMap<&str, &Entity> = ents.iter().map(|e| (e.id.as_str(), e)).collect();
        for x in &ads.ads {
            let Some(&e) = by_id.get(x.id.as_str()) else { continue };
            let i = ix.recs.len();
            let mut r = of_entity(e, "ad");
            r.operation = op_of.get(x.id.as_str()).map(|o| o.to_string());
            r.ad_alert = Some(x.alert);
            ix.recs.push(r);
            for p in x.all_phones() {
                let written = x.phones.iter().find(|m| m.item.e164 == p).map_or(p, |m| m.item.raw.as_str());
                ix.by_phone.entry(p.to_string()).or_default().push((i, written.to_string()));
            }
            for m in x.all_emails() {
                ix.by_email.entry(m.to_string()).or_default().push((i, m.to_string()));
            }
            for h in e.values("imageHash") {
                ix.by_hash.entry(h.to_lowercase()).or_default().push((i, h.clone()));
            }
            let words: BTreeSet<String> = ["title", "bodyText", "description"]
                .iter()
                .flat_map(|f| e.values(f))
                .flat_map(|t| text::tokens(t))
                .collect();
            ix.ad_tokens.push((i, words));
        }
        // Persons, organisations, poster accounts and cards: their contacts and names.
        for e in ents {
            let record = match e.schema.as_str() {
                "Person" => "person",
                "Company" | "Organization" | "LegalEntity" => "organisation",
                "UserAccount" => "ad poster account",
                "BankAccount" => "card",
                _ => continue,
            };
            if record == "card" && !e.values("accountType").iter().any(|t| t.eq_ignore_ascii_case("payment card")) {
                continue;
            }
            let i = ix.recs.len();
            ix.recs.push(of_entity(e, record));
            for v in e.values("phone") {
                if let Ok(n) = normalize::phone(v, None) {
                    ix.by_phone.entry(n).or_default().push((i, v.clone()));
                }
            }
            for v in e.values("email") {
                if let Ok(n) = normalize::email(v) {
                    ix.by_email.entry(n).or_default().push((i, v.clone()));
                }
            }
            if record != "ad poster account" {
                for n in e.values("name") {
                    ix.names.push((i, n.clone(), e.values("birthDate").to_vec()));
                }
            }
        }
        // Statement account holders: a name as the bank writes it, cited by the account's first transaction.
        let mut holders: BTreeMap<(&str, &str), &theseus_model::Transaction> = BTreeMap::new();
        for t in txns {
            if let Some(h) = t.account_holder.as_deref() {
                holders.entry((t.account.as_str(), h)).or_insert(t);
            }
        }
        for ((account, holder), t) in holders {
            let i = ix.recs.len();
            ix.recs.push(Rec {
                record: "account holder",
                id: t.id.clone(),
                file: t.provenance.file_name.clone(),
                locator: format!("{} (account {account})", t.provenance.locator),
                operation: None,
                ad_alert: None,
            });
            ix.names.push((i, holder.to_string(), vec![]));
        }
        ix
    }

    fn matches(&self, e: &Entry) -> Vec<Match> {
        let mut out: Vec<Match> = Vec::new();
        let mut push = |i: usize, matched: &str, how: &str, value: &str| {
            let r = &self.recs[i];
            if out.iter().any(|m| m.id == r.id && m.matched == matched) {
                return;
            }
            out.push(Match {
                matched: matched.into(),
                how: how.into(),
                record: r.record.into(),
                id: r.id.clone(),
                value: value.into(),
                file: r.file.clone(),
                locator: r.locator.clone(),
                operation: r.operation.clone(),
                ad_alert: r.ad_alert,
            });
        };
        for (key, index, what) in [
            (&e.phone, &self.by_phone, "phone"),
            (&e.email, &self.by_email, "email"),
            (&e.image_hash, &self.by_hash, "image_hash"),
        ] {
            if let Some(k) = key {
                for (i, written) in index.get(k).into_iter().flatten() {
                    push(*i, what, "exact", written);
                }
            }
        }
        if let Some(name) = &e.name {
            let wanted = text::tokens(name);
            for (i, n, births) in &self.names {
                let Some(how) = names_agree(&wanted, &text::tokens(n)) else { continue };
                // A complete birth date on both sides that differs is another person of the same name.
                let (matched, how) = match &e.birth_date {
                    Some(b) if births.iter().any(|x| x == b) => ("name+birth_date", how),
                    Some(_) if !births.is_empty() => continue,
                    _ => ("name", how),
                };
                push(*i, matched, how, n);
            }
            // A full name (two words or more) written in an ad's text.
            if wanted.len() >= 2 {
                for (i, words) in &self.ad_tokens {
                    if wanted.iter().all(|w| words.contains(w)) {
                        push(*i, "name_in_ad_text", "exact", name);
                    }
                }
            }
        }
        // Strongest first: identifiers, then name with birth date, then names.
        let rank = |m: &Match| match m.matched.as_str() {
            "phone" | "email" | "image_hash" => 0,
            "name+birth_date" => 1,
            "name_in_ad_text" => 3,
            _ => 2,
        };
        out.sort_by(|x, y| rank(x).cmp(&rank(y)).then(x.record.cmp(&y.record)).then(x.id.cmp(&y.id)));
        out
    }
}

/// Whether two names, as token lists, name one person: every token of the shorter name (at least two)
/// agrees with a different token of the other, in any order (registers write surname first). Returns the
/// weakest agreement: `exact`, `transliteration` (the resolution crate's skeleton, four letters or more),
/// `variant` (a given-name variant or diminutive), `similar` (Jaro–Winkler ≥ 0.94).
fn names_agree(a: &[String], b: &[String]) -> Option<&'static str> {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if short.len() < 2 {
        return None;
    }
    let mut used = vec![false; long.len()];
    let mut weakest = 0;
    for t in short {
        let mut best: Option<(usize, usize)> = None;
        for (j, u) in long.iter().enumerate() {
            if used[j] {
                continue;
            }
            let level = if t == u {
                0
            } else if t.len() >= 4 && u.len() >= 4 && text::skeleton(t) == text::skeleton(u) {
                1
            } else if names::are_variants(t, u) {
                2
            } else if text::jaro_winkler(t.as_bytes(), u.as_bytes()) >= 0.94 {
                3
            } else {
                continue;
            };
            if best.is_none_or(|(_, l)| level < l) {
                best = Some((j, level));
            }
        }
        let (j, level) = best?;
        used[j] = true;
        weakest = weakest.max(level);
    }
    Some(["exact", "transliteration", "variant", "similar"][weakest])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<String> {
        text::tokens(s)
    }

    #[test]
    fn names_agree_across_order_script_and_variants() {
        assert_eq!(names_agree(&toks("Ana Lupu"), &toks("LUPU, Ana")), Some("exact"));
        assert_eq!(
            names_agree(&toks("Alexander Shevchenko"), &toks("Aleksandr Schewtschenko")),
            Some("transliteration")
        );
        assert_eq!(names_agree(&toks("Oleksandr Shevchenko"), &toks("Aleksandr Shevchenko")), Some("variant"));
        assert_eq!(names_agree(&toks("Ivan Petrov"), &toks("Иван Петров")), Some("exact"));
        assert!(names_agree(&toks("Ana"), &toks("Ana Lupu")).is_none(), "one word names nobody");
        assert!(names_agree(&toks("Ana Lupu"), &toks("Ana Popescu")).is_none());
    }

    #[test]
    fn bad_rows_say_why() {
        let csv = "name,birth_date,phone,email,image_hash\n\
                   Ana Lupu,2004-05-01,+40 721 234 567,,\n\
                   ,,,,\n\
                   Maria Ionescu,01.05.2004,,,\n\
                   ,,0176 1234,,\n\
                   ,,,not-an-email,\n\
                   ,,,,xyz\n\
                   too,many,fields,,,,\n";
        let (ok, bad) = read_list(csv.as_bytes(), None).unwrap();
        assert_eq!(ok.len(), 1);
        assert_eq!(ok[0].phone.as_deref(), Some("+40721234567"));
        let lines: Vec<u64> = bad.iter().map(|b| b.0).collect();
        assert_eq!(lines, [3, 4, 5, 6, 7, 8], "{bad:?}");
        assert!(bad[1].1.contains("birth_date"), "{bad:?}");
        assert!(read_list(b"foo,bar\n1,2\n", None).is_err(), "no known column");
    }
}
