//! goAML STR reports (`str-NNNN.xml`), valid against the UAE FIU's goAML schema 5.0.2 (read with its
//! patterns the .NET way, as the FIU's own validator does).
//!
//! Each report names the bank as reporting entity, the reason (the bank's narrative), the reported
//! transactions with the bank's own references, and indicator codes from the schema's
//! `report_indicator_type` list. The bank's client appears as `t_from_my_client`/`t_to_my_client` with the
//! account, the account holder (or the company's director) as signatory with identification, address and
//! phone; counterparties as `t_from`/`t_to` with their account, name or merchant. Names are folded to
//! ASCII because the schema's name pattern allows only `[a-zA-Z0-9 .'-]`.

use std::fmt::Write as _;

use chrono::{Datelike, NaiveDate, NaiveDateTime};

use crate::phones::document_of;
use crate::text::ascii_fold;
use crate::world::{Account, Bank, Gender, Holder, Kind, Person, Posting, StrCase, World};

/// The bank's id as a reporting entity at the FIU.
fn rentity_id(bank: Bank) -> u32 {
    match bank {
        Bank::Nordbank => 2101,
        Bank::Harbour => 2102,
        Bank::Danube => 2103,
    }
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A name for a pattern-restricted element: ASCII, never empty, at most `max` characters.
fn name(s: &str, max: usize) -> String {
    let f = ascii_fold(s);
    let f = if f.is_empty() { "UNKNOWN".to_string() } else { f };
    f.chars().take(max).collect::<String>().trim().to_string()
}

fn dt(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%S").to_string()
}

fn day(d: NaiveDate) -> String {
    format!("{}T00:00:00", d.format("%Y-%m-%d"))
}

fn amount(cents: i64) -> String {
    let a = cents.unsigned_abs();
    format!("{}.{:02}", a / 100, a % 100)
}

/// Splits a free-text name into first and last name (last word is the surname; "Last, First" is read).
fn split_name(s: &str) -> (String, String) {
    let s = s.trim();
    if let Some((last, first)) = s.split_once(',') {
        return (name(first, 100), name(last, 100));
    }
    let words: Vec<&str> = s.split_whitespace().filter(|w| !matches!(*w, "MR" | "MS" | "MRS")).collect();
    match words.len() {
        0 => ("UNKNOWN".into(), "UNKNOWN".into()),
        1 => ("UNKNOWN".into(), name(words[0], 100)),
        n => (name(&words[..n - 1].join(" "), 100), name(words[n - 1], 100)),
    }
}

/// The country of an address string (for the schema's address element).
fn address_parts(addr: &str, fallback: &str) -> (String, String, String, String) {
    // "Street 12, 20099 Hamburg" or "12 Street, London E8 3RL" or "..., Romania".
    let mut parts = addr.split(',').map(str::trim);
    let street = parts.next().unwrap_or("").to_string();
    let rest = parts.next().unwrap_or("").to_string();
    let country = if addr.contains("România") || addr.contains("Romania") {
        "RO"
    } else if addr.contains("Bulgaria") {
        "BG"
    } else if addr.contains("Ukraine") {
        "UA"
    } else {
        fallback
    };
    let words: Vec<&str> = rest.split_whitespace().collect();
    let (zip, city) = match rest.split_once(' ') {
        Some((a, b)) if a.chars().all(|c| c.is_ascii_digit()) => (a.to_string(), b.to_string()),
        // UK: "London E8 3RL" is the town, then the two-part postcode.
        _ if fallback == "GB" && words.len() >= 3 => {
            (words[words.len() - 2..].join(" "), words[..words.len() - 2].join(" "))
        }
        _ => (String::new(), rest.clone()),
    };
    (street, zip, if city.is_empty() { "UNKNOWN".into() } else { city }, country.to_string())
}

fn person_my_client(out: &mut String, p: &Person, residence: &str) {
    let g = if p.gender == Gender::Female { "F" } else { "M" };
    let _ = write!(
        out,
        "<gender>{g}</gender><first_name>{}</first_name><last_name>{}</last_name>",
        name(&p.first, 100),
        name(&p.last, 100)
    );
    let _ = write!(out, "<birthdate>{}</birthdate>", day(p.birth));
    let doc = document_of(p);
    let _ = write!(
        out,
        "<id_number>{}</id_number><nationality1>{}</nationality1><residence>{residence}</residence>",
        esc(&doc),
        p.nationality
    );
    out.push_str("<phones>");
    if let Some(ph) = p.phones.first() {
        let _ = write!(
            out,
            "<phone><tph_contact_type>PRSNL</tph_contact_type><tph_communication_type>M</tph_communication_type><tph_number>{}</tph_number></phone>",
            esc(ph)
        );
    }
    out.push_str("</phones>");
    if let Some(a) = &p.address {
        let (street, zip, city, country) = address_parts(a, residence);
        let _ = write!(out, "<addresses><address><address_type>RES</address_type><address>{}</address>", esc(&street));
        let _ = write!(out, "<city>{}</city>", esc(&city));
        if !zip.is_empty() {
            let _ = write!(out, "<zip>{}</zip>", esc(&zip));
        }
        let _ =
            write!(out, "<country_code>{country}</country_code><state>{}</state></address></addresses>", esc(&city));
    }
    if let Some(e) = &p.email {
        let _ = write!(out, "<email>{}</email>", esc(e));
    }
    if let Some(o) = &p.profession {
        let _ = write!(out, "<occupation>{}</occupation>", esc(o));
    }
    let issued = NaiveDate::from_ymd_opt(2021, 1 + (p.birth.day() % 12), 1 + p.birth.day() % 28).unwrap_or(p.birth);
    let expires = NaiveDate::from_ymd_opt(issued.year() + 10, issued.month(), issued.day()).unwrap_or(issued);
    let _ = write!(
        out,
        "<identification><type>PASSP</type><number>{}</number><issue_date>{}</issue_date><expiry_date>{}</expiry_date><issue_country>{}</issue_country></identification>",
        esc(&doc),
        day(issued),
        day(expires),
        p.nationality
    );
    out.push_str("<tax_reg_number>0</tax_reg_number>");
}

/// The reporting bank's client account (`t_account_my_client`).
fn my_account(out: &mut String, world: &World, acct: &Account, tag: &str, balance: i64, balance_at: NaiveDateTime) {
    let bank = acct.bank().expect("evidence account");
    let residence = match bank {
        Bank::Nordbank => "DE",
        Bank::Harbour if acct.currency == "GBP" => "GB",
        Bank::Harbour => "DE",
        Bank::Danube => "AT",
    };
    let _ = write!(
        out,
        "<{tag}><institution_name>{}</institution_name><swift>{}</swift><non_bank_institution>false</non_bank_institution><branch>{}</branch>",
        esc(bank.name()),
        bank.bic(),
        match bank {
            Bank::Nordbank => "Hamburg",
            Bank::Harbour => "London",
            Bank::Danube => "Wien",
        }
    );
    let business = matches!(acct.holder, Holder::Company(_));
    let _ = write!(
        out,
        "<account>{}</account><currency_code>{}</currency_code><account_name>{}</account_name><iban>{}</iban>",
        acct.iban,
        acct.currency,
        name(&acct.holder_written, 255),
        acct.iban
    );
    let _ = write!(out, "<personal_account_type>{}</personal_account_type>", if business { "A" } else { "B" });
    // The signatory: the holder, or the company's director.
    let signatory = match acct.holder {
        Holder::Person(p) => Some(p),
        Holder::Company(c) => world.links.iter().find_map(|l| match l {
            crate::world::Link::Directorship { director, company, .. } if *company == c => Some(*director),
            _ => None,
        }),
    };
    if let Some(s) = signatory {
        out.push_str("<signatory><is_primary>1</is_primary><t_person>");
        person_my_client(out, &world.persons[s], residence);
        let _ = write!(out, "</t_person><role>{}</role></signatory>", if business { "AGENT" } else { "PAH" });
    } else {
        out.push_str("<related_persons><account_related_person>");
        out.push_str("</account_related_person></related_persons>");
    }
    let _ = write!(
        out,
        "<opened>{}</opened><balance>{}</balance><date_balance>{}</date_balance><status_code>A</status_code><beneficiary>{}</beneficiary></{tag}>",
        day(acct.opened),
        amount(balance.max(0)),
        dt(balance_at),
        name(&acct.holder_written, 50)
    );
}

/// The institution code of a counterparty IBAN (its bank code).
fn institution_code(iban: &str) -> String {
    let end = match &iban[..2.min(iban.len())] {
        "DE" => 12,
        "AT" => 9,
        "GB" => 14,
        _ => 8,
    };
    iban.get(4..end.min(iban.len())).filter(|s| !s.is_empty()).unwrap_or("UNKNOWN").to_string()
}

/// The other side of a transfer (`t_account`, `t_person` or `t_entity`).
fn counterparty(out: &mut String, p: &Posting, prefix: &str) {
    let cname = p.cpty_name.as_deref().unwrap_or("");
    match (&p.cpty_iban, p.kind) {
        (Some(iban), _) if !iban.is_empty() => {
            let _ = write!(
                out,
                "<{prefix}_account><institution_code>{}</institution_code><account>{}</account><account_name>{}</account_name><iban>{}</iban></{prefix}_account>",
                esc(&institution_code(iban)),
                esc(iban),
                name(cname, 255),
                esc(iban)
            );
        }
        (_, Kind::Card) => {
            let _ = write!(
                out,
                "<{prefix}_entity><name>{}</name></{prefix}_entity>",
                name(p.merchant.as_deref().unwrap_or("MERCHANT"), 255)
            );
        }
        _ => {
            let (first, last) = split_name(cname);
            let _ = write!(
                out,
                "<{prefix}_person><first_name>{first}</first_name><last_name>{last}</last_name></{prefix}_person>"
            );
        }
    }
}

fn transmode(p: &Posting) -> &'static str {
    match p.kind {
        Kind::Card => "DBCD",
        Kind::Atm => "ATMWT",
        Kind::CashDeposit => "CDM",
        Kind::International => "SWIFT",
        Kind::P2p => "MB",
        Kind::Instant if p.online => "ONBNK",
        _ => "ELCFT",
    }
}

fn funds(p: &Posting) -> (&'static str, &'static str) {
    match p.kind {
        Kind::Card => ("CRTCR", "POSMS"),
        Kind::Atm => ("FRACC", "CASH"),
        Kind::CashDeposit => ("CASH", "DPOST"),
        Kind::Remittance => ("FRACC", "CASH"),
        _ => ("ELCFT", "ELCFT"),
    }
}

/// Renders one report.
pub(crate) fn render(world: &World, case: &StrCase) -> String {
    let acct = &world.accounts[case.account];
    let bank = case.bank;
    let zone = bank.zone();
    let mut x = String::with_capacity(16 * 1024);
    x.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<report>\n");
    let _ = writeln!(x, "  <rentity_id>{}</rentity_id>", rentity_id(bank));
    x.push_str("  <submission_code>E</submission_code>\n  <report_code>STR</report_code>\n");
    let prefix = match bank {
        Bank::Nordbank => "NB",
        Bank::Harbour => "HB",
        Bank::Danube => "DS",
    };
    let _ =
        writeln!(x, "  <entity_reference>{prefix}-STR-{}-{}</entity_reference>", case.filed.year(), &case.file[4..8]);
    let _ = writeln!(x, "  <submission_date>{}T10:00:00</submission_date>", case.filed.format("%Y-%m-%d"));
    let _ = writeln!(x, "  <currency_code_local>{}</currency_code_local>", acct.currency);
    let _ = writeln!(x, "  <reason>{}</reason>", esc(&case.reason));
    let _ = writeln!(x, "  <action>Business relationship under review; account monitored.</action>");
    for &i in &case.postings {
        let p = &world.postings[i];
        let local = zone.local(p.utc);
        let description = if !p.memo.is_empty() {
            p.memo.to_string()
        } else if let Some(m) = &p.merchant {
            format!("Card payment {m}")
        } else {
            format!("{:?}", p.kind)
        };
        x.push_str("  <transaction>\n");
        let _ = writeln!(x, "    <transactionnumber>{}</transactionnumber>", esc(&p.reference));
        let location = p.city.unwrap_or(if p.online { "Online banking" } else { "" });
        let _ = writeln!(x, "    <transaction_location>{}</transaction_location>", esc(location));
        let _ = writeln!(x, "    <transaction_description>{}</transaction_description>", esc(&description));
        let _ = writeln!(x, "    <date_transaction>{}</date_transaction>", dt(local));
        let _ = writeln!(
            x,
            "    <transmode_code>{}</transmode_code>\n    <transmode_comment>E</transmode_comment>",
            transmode(p)
        );
        let _ = writeln!(x, "    <amount_local>{}</amount_local>", amount(p.cents));
        let (from_funds, to_funds) = funds(p);
        let cpty_country = p.cpty_country.unwrap_or(match p.city {
            Some(_) => "DE",
            None => "DE",
        });
        let home = match bank {
            Bank::Danube => "AT",
            Bank::Harbour if acct.currency == "GBP" => "GB",
            _ => "DE",
        };
        let mut body = String::new();
        if p.cents < 0 {
            let _ = write!(body, "<t_from_my_client><from_funds_code>{from_funds}</from_funds_code>");
            my_account(&mut body, world, acct, "from_account", p.balance, local);
            let _ = write!(body, "<from_country>{home}</from_country></t_from_my_client>");
            let _ = write!(body, "<t_to><to_funds_code>{to_funds}</to_funds_code>");
            if p.kind == Kind::Atm {
                let (first, last) = split_name(&depositor(world, acct));
                let _ = write!(
                    body,
                    "<to_person><first_name>{first}</first_name><last_name>{last}</last_name></to_person>"
                );
            } else {
                counterparty(&mut body, p, "to");
            }
            let to_country = if p.kind == Kind::Card { city_country(p.city) } else { cpty_country };
            let _ = write!(body, "<to_country>{to_country}</to_country></t_to>");
        } else {
            let _ = write!(body, "<t_from><from_funds_code>{from_funds}</from_funds_code>");
            if p.kind == Kind::CashDeposit {
                let (first, last) = split_name(&depositor(world, acct));
                let _ = write!(
                    body,
                    "<from_person><first_name>{first}</first_name><last_name>{last}</last_name></from_person>"
                );
            } else {
                counterparty(&mut body, p, "from");
            }
            let from_country = if p.kind == Kind::CashDeposit { city_country(p.city) } else { cpty_country };
            let _ = write!(body, "<from_country>{from_country}</from_country></t_from>");
            let _ = write!(body, "<t_to_my_client><to_funds_code>{to_funds}</to_funds_code>");
            my_account(&mut body, world, acct, "to_account", p.balance, local);
            let _ = write!(body, "<to_country>{home}</to_country></t_to_my_client>");
        }
        let _ = writeln!(x, "    {body}");
        x.push_str("  </transaction>\n");
    }
    x.push_str("  <report_indicators>\n");
    for i in &case.indicators {
        let _ = writeln!(x, "    <indicator>{i}</indicator>");
    }
    x.push_str("  </report_indicators>\n</report>\n");
    x
}

/// Who pays cash in or takes it out: the holder, or a company's director.
fn depositor(world: &World, acct: &Account) -> String {
    match acct.holder {
        Holder::Person(p) => world.persons[p].name(),
        Holder::Company(c) => world
            .links
            .iter()
            .find_map(|l| match l {
                crate::world::Link::Directorship { director, company, .. } if *company == c => {
                    Some(world.persons[*director].name())
                }
                _ => None,
            })
            .unwrap_or_else(|| world.companies[c].name.clone()),
    }
}

/// The country of a city name in the catalogue (for card payments and cash deposits).
fn city_country(city: Option<&str>) -> &'static str {
    match city {
        Some("Valletta") => "MT",
        Some(c) if ["Wien", "Graz", "Linz", "Salzburg", "Innsbruck", "Klagenfurt", "St. Pölten"].contains(&c) => "AT",
        Some(c) if ["London", "Manchester", "Birmingham", "Leeds", "Bristol", "Liverpool"].contains(&c) => "GB",
        _ => "DE",
    }
}

/// The id the goAML reader gives a `t_person` of a report: FtM's `make_id` over `goaml-person`, the name key
/// of the first and last name as written, the birth date and the identity document as written.
fn person_id(first: &str, last: &str, birthdate: &str, document: &str) -> String {
    let key = super::ids::ascii_name_key(&format!("{first} {last}")).expect("goAML names are folded to ASCII");
    super::ids::make_id(&["goaml-person", &key, birthdate, document])
}

/// The persons a report names whom the world knows, with the ids Theseus gives them when it reads the report:
/// the signatory of the reported account (its holder, or the company's director), with identification; and
/// whoever withdrew or paid in cash (the holder or the director, named only). Counterparties named only by
/// what a payer typed, and merchants, are not listed: the world does not record who they are. For the truth.
pub(crate) fn persons_named(world: &World, case: &StrCase) -> Vec<(Holder, String)> {
    let acct = &world.accounts[case.account];
    let director = |c: usize| {
        world.links.iter().find_map(|l| match l {
            crate::world::Link::Directorship { director, company, .. } if *company == c => Some(*director),
            _ => None,
        })
    };
    let mut out = vec![];
    let signatory = match acct.holder {
        Holder::Person(p) => Some(p),
        Holder::Company(c) => director(c),
    };
    if let Some(s) = signatory {
        let p = &world.persons[s];
        out.push((
            Holder::Person(s),
            person_id(&name(&p.first, 100), &name(&p.last, 100), &day(p.birth), &document_of(p)),
        ));
    }
    let cash = case.postings.iter().any(|&i| {
        let p = &world.postings[i];
        (p.cents < 0 && p.kind == Kind::Atm) || (p.cents >= 0 && p.kind == Kind::CashDeposit)
    });
    if cash {
        let (first, last) = split_name(&depositor(world, acct));
        let who = match acct.holder {
            Holder::Person(p) => Holder::Person(p),
            Holder::Company(c) => director(c).map_or(Holder::Company(c), Holder::Person),
        };
        out.push((who, person_id(&first, &last, "", "")));
    }
    out
}

/// Writes every report; returns the file names.
pub(crate) fn write(world: &World, dir: &std::path::Path) -> std::io::Result<Vec<String>> {
    let mut names = vec![];
    for case in &world.strs {
        std::fs::write(dir.join(&case.file), render(world, case))?;
        names.push(case.file.clone());
    }
    Ok(names)
}
