//! Online ads: poster accounts, the ads they post, the posting fees (a card payment on the payer's bank
//! statement when the card is at an evidence bank, same amount and minute), and the ad texts.
//!
//! Texts draw on the lexicon of `AD-INDICATORS.md`. Operation ads use the four predictors the one tested
//! study found (trust/professional language, an obscured phone, a stated ethnicity, youth language) plus
//! third-person and agency language; independent advertisers write in the first person, give their own
//! number plainly and use movement and screening words as ordinary sex workers do (movement language was
//! *less* likely to mean trafficking). Job ads of the labour operations carry the labour-ad indicators
//! (deductions, transport provided, shared accommodation, no experience needed); so do many legitimate
//! seasonal-work ads, which is why single indicators are useless there.

use chrono::{Duration, NaiveDateTime};

use crate::catalog::City;
use crate::rng::Rng;
use crate::world::{Ad, CardRef, Holder, OpTag, Poster, Site, World};

/// Creates a poster account. Returns its index.
#[allow(clippy::too_many_arguments)]
pub(crate) fn poster(
    world: &mut World,
    site: Site,
    holder: Option<Holder>,
    emails: Vec<String>,
    phones: Vec<String>,
    ips: Vec<String>,
    cards: Vec<CardRef>,
    op: Option<usize>,
) -> usize {
    world.posters.push(Poster { site, id: String::new(), emails, phones, ips, cards, holder, op });
    world.posters.len() - 1
}

/// What to post.
pub(crate) struct Draft {
    pub poster: usize,
    pub city: &'static City,
    /// Local time in the city's zone.
    pub local: NaiveDateTime,
    pub title: String,
    pub body: String,
    /// The number the ad gives (E.164) and how it is written.
    pub phone: Option<(String, Obfuscation)>,
    pub email: Option<String>,
    pub images: Vec<String>,
    /// Posting fee in cents and the index of the poster's card that pays it.
    pub fee: Option<(i64, usize)>,
    pub op: Option<usize>,
    pub subject: Option<usize>,
    /// Tag of the fee's card posting (for the truth).
    pub tag: Option<OpTag>,
}

/// Posts an ad. A fee paid with the card of an evidence-bank account becomes a card payment on that
/// account's statement at the same minute: merchant descriptor of the site, MCC 7311, the site's city.
pub(crate) fn post(world: &mut World, rng: &mut Rng, d: Draft) -> usize {
    let site = world.posters[d.poster].site;
    let mut fee = None;
    if let Some((cents, card)) = d.fee {
        let posting = match world.posters[d.poster].cards[card] {
            CardRef::Account(acct) => {
                Some(world.card(acct, site.city(), d.local, cents, site.descriptor(), 7311, d.tag))
            }
            CardRef::Outside { .. } => None,
        };
        fee = Some((cents, card, posting));
    }
    let (phone, written, obfuscated) = match d.phone {
        Some((e164, style)) => {
            let w = write_phone(rng, &e164, style);
            (Some(e164), Some(w), style != Obfuscation::Plain)
        }
        None => (None, None, false),
    };
    world.ads.push(Ad {
        site,
        id: String::new(),
        posted: d.local,
        zone: d.city.zone,
        city: d.city.name,
        title: d.title,
        body: d.body,
        phone_written: written,
        phone,
        email: d.email,
        images: d.images,
        poster: d.poster,
        fee,
        op: d.op,
        subject: d.subject,
        obfuscated,
    });
    world.ads.len() - 1
}

/// A set of image hashes (SHA-256 hex) for one person's photos.
pub(crate) fn images(rng: &mut Rng, n: usize) -> Vec<String> {
    (0..n).map(|_| rng.hex(64)).collect()
}

/// Up to `k` of a person's photos for one ad.
pub(crate) fn some_images(rng: &mut Rng, set: &[String], k: usize) -> Vec<String> {
    let mut v: Vec<String> = set.to_vec();
    rng.shuffle(&mut v);
    v.truncate(k.min(v.len()).max(1));
    v
}

/// How a phone number is written in an ad.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Obfuscation {
    /// National format with the usual separators.
    Plain,
    /// Digits spaced and dotted.
    Spaced,
    /// Capital O for zero.
    LetterO,
    /// Some digits as words (German, English or Romanian).
    Words,
    /// Keycap emoji digits.
    Emoji,
}

impl Obfuscation {
    /// One of the obfuscations (never plain).
    pub(crate) fn any(rng: &mut Rng) -> Obfuscation {
        [Obfuscation::Spaced, Obfuscation::LetterO, Obfuscation::Words, Obfuscation::Words, Obfuscation::Emoji]
            [rng.below(5)]
    }
}

/// The national form of an E.164 number: the trunk prefix 0 and the subscriber number.
fn national(e164: &str) -> String {
    for cc in ["49", "43", "44", "40", "359", "48", "380", "84", "90"] {
        if let Some(rest) = e164.strip_prefix('+').and_then(|s| s.strip_prefix(cc)) {
            return format!("0{rest}");
        }
    }
    e164.to_string()
}

const WORDS_DE: [&str; 10] = ["null", "eins", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun"];
const WORDS_EN: [&str; 10] = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
const WORDS_RO: [&str; 10] = ["zero", "unu", "doi", "trei", "patru", "cinci", "sase", "sapte", "opt", "noua"];

/// Writes a number as an ad would.
pub(crate) fn write_phone(rng: &mut Rng, e164: &str, style: Obfuscation) -> String {
    let nat = national(e164);
    let (head, tail) = nat.split_at(nat.len().min(4));
    match style {
        Obfuscation::Plain => match rng.below(4) {
            0 => format!("{head} {tail}"),
            1 => format!("{head}/{tail}"),
            2 => format!("{}-{}", head, tail),
            _ => {
                let cc_len = e164.len() - nat.len() + 1;
                format!("{} {} {}", &e164[..cc_len], &nat[1..4.min(nat.len())], &nat[4.min(nat.len())..])
            }
        },
        Obfuscation::Spaced => {
            let sep = *rng.pick(&[" ", ".", " . "]);
            nat.chars().map(|c| c.to_string()).collect::<Vec<_>>().join(sep)
        }
        Obfuscation::LetterO => {
            let s: String = nat.chars().map(|c| if c == '0' { 'O' } else { c }).collect();
            let (h, t) = s.split_at(4.min(s.len()));
            format!("{h} {t}")
        }
        Obfuscation::Words => {
            let words: &[&str; 10] = match rng.below(3) {
                0 => &WORDS_DE,
                1 => &WORDS_EN,
                _ => &WORDS_RO,
            };
            let mut out = String::new();
            for (i, c) in nat.chars().enumerate() {
                let d = c.to_digit(10).unwrap_or(0) as usize;
                if i % 3 == 1 || rng.chance(0.3) {
                    if !out.is_empty() && !out.ends_with(' ') {
                        out.push(' ');
                    }
                    out.push_str(words[d]);
                    out.push(' ');
                } else {
                    out.push(c);
                }
            }
            out.trim().to_string()
        }
        Obfuscation::Emoji => {
            let mut out = String::new();
            for c in nat.chars() {
                out.push(c);
                out.push('\u{FE0F}');
                out.push('\u{20E3}');
            }
            out
        }
    }
}

/// The person an ad advertises, as the ad presents them.
pub(crate) struct Persona {
    /// Working name.
    pub alias: String,
    /// Age the ad states.
    pub age: u32,
    /// Nationality or ethnicity as the ad states it (e.g. "rumänische").
    pub origin_word: &'static str,
    pub female: bool,
}

/// Working names by gender.
pub(crate) fn alias(rng: &mut Rng, female: bool) -> String {
    let names: &[&str] = if female {
        &[
            "Bianca", "Lara", "Nikki", "Sofia", "Mia", "Jasmin", "Natasha", "Svetlana", "Angel", "Roxy", "Vanessa",
            "Amira", "Chloe", "Jenny", "Lola", "Melody", "Nina", "Paula", "Stella", "Tina",
        ]
    } else {
        &["Alex", "Marco", "Dario", "Nick", "Luca", "Adrian", "Sam", "Leo"]
    };
    rng.pick(names).to_string()
}

/// A sexual-services ad posted by an operation: third person or agency plural, youth and origin stated,
/// trust language, availability, sometimes movement words.
pub(crate) fn operation_ad(rng: &mut Rng, p: &Persona, city: &City, agency: bool) -> (String, String) {
    let word = if p.female { "Girl" } else { "Boy" };
    let youth = *rng.pick(&["ganz neu", "just turned 18", "fresh & young", "junge", "brand new", "sehr jung"]);
    let title = match rng.below(5) {
        0 => format!("NEU in {} ♥ {} {} {} ({})", city.name, p.alias, p.origin_word, word, p.age),
        1 => format!("{} {} – {} – 100% real pics", p.alias, p.age, youth),
        2 => format!("🔥 {} {} {} 24/7 in {}", youth, p.origin_word, word, city.name),
        3 => format!("{} ({}) – new in town, {} beauty", p.alias, p.age, p.origin_word),
        _ => format!("Top Service ♥ {} {} – diskret & sauber", p.alias, p.origin_word),
    };
    let pron = if p.female { "Sie" } else { "Er" };
    let mut body = vec![];
    if agency {
        body.push(
            (*rng.pick(&[
                "Neue Girls bei uns! Besuch uns",
                "Our new girls are waiting for you",
                "Wir haben neue Damen aus Osteuropa",
                "Message us for more girls",
            ]))
            .to_string(),
        );
    }
    body.push(format!(
        "{pron} ist {} {}, {} Jahre, {}.",
        p.origin_word,
        if p.female { "Schönheit" } else { "Boy" },
        p.age,
        rng.pick(&["ganz neu hier", "erst seit kurzem in Deutschland", "just arrived", "neu im Geschäft"])
    ));
    body.push(rng.pick(&["100% real pics, no fake!", "Echte Bilder, kein Fake.", "Real photos 100%"]).to_string());
    body.push(rng.pick(&["24/7 verfügbar", "available 24/7", "Tag und Nacht"]).to_string());
    body.push(rng.pick(&["Incall & Outcall", "nur Hausbesuche", "Haus- und Hotelbesuche"]).to_string());
    if rng.chance(0.5) {
        body.push(
            rng.pick(&["No games, no drama.", "Diskret, sauber, zuverlässig.", "Satisfaction guaranteed."]).to_string(),
        );
    }
    if rng.chance(0.35) {
        body.push(
            rng.pick(&["Nur für kurze Zeit in der Stadt!", "Only a few days here", "✈️ new in town"]).to_string(),
        );
    }
    if rng.chance(0.3) {
        body.push(format!("1h {} €, 30min {} €", rng.int(12, 20) * 10, rng.int(7, 11) * 10));
    }
    body.push("Nur SMS oder WhatsApp.".into());
    (title, body.join(" "))
}

/// A sexual-services ad by an independent adult advertiser: first person, own terms, screening.
pub(crate) fn independent_ad(rng: &mut Rng, first: &str, age: u32, city: &City) -> (String, String) {
    let title = match rng.below(4) {
        0 => format!("{first} ({age}) – privat & selbstbestimmt in {}", city.name),
        1 => format!("Independent lady in {} – {first}", city.name),
        2 => format!("{first}, {age}: entspannte Stunden, nur mit Termin"),
        _ => format!("Wieder in {} – {first} privat", city.name),
    };
    let mut body = vec![
        format!("Hallo, ich bin {first}, {age} Jahre, selbstständig und ohne Agentur."),
        rng.pick(&[
            "Ich entscheide selbst, mit wem ich mich treffe.",
            "I am independent and choose my clients myself.",
            "Termine nur nach Vereinbarung.",
        ])
        .to_string(),
        rng.pick(&["Safer Sex ist selbstverständlich.", "Always with condom.", "Kein Alkohol, keine Drogen."])
            .to_string(),
        rng.pick(&[
            "Bitte stell dich kurz vor.",
            "Screening required – please introduce yourself.",
            "Anrufe von 11 bis 21 Uhr, keine unterdrückten Nummern.",
        ])
        .to_string(),
    ];
    if rng.chance(0.4) {
        body.push(format!("Diese Woche in {}, danach wieder zu Hause.", city.name));
    }
    (title, body.join(" "))
}

/// A recruitment ad of a labour operation (supply side), in German, Romanian or English.
pub(crate) fn exploit_job_ad(rng: &mut Rng, sector: &str, city: &City) -> (String, String) {
    let (de, ro) = match sector {
        "agriculture" => ("Erntehelfer", "culegatori"),
        "cleaning" => ("Reinigungskräfte", "personal curatenie"),
        "care" => ("Pflegekräfte 24h", "ingrijitoare"),
        _ => ("Bauhelfer", "muncitori constructii"),
    };
    match rng.below(3) {
        0 => (
            format!("Lucru in {} – {ro}, castig bun!", if city.country == "AT" { "Austria" } else { "Germania" }),
            format!(
                "Cautam {ro} pentru {}. Fara experienta! Cazare asigurata, transport gratuit pana la locul de munca. \
                 Avans pentru drum, se retine din salariu. Plata saptamanala. Sunati sau WhatsApp.",
                city.name
            ),
        ),
        1 => (
            format!("{de} gesucht – sofort, {}", city.name),
            "Keine Erfahrung nötig, keine Sprachkenntnisse nötig. Unterkunft und Transport werden gestellt, \
             Kosten werden vom Lohn abgezogen. Hilfe bei Anreise und Papieren. Sofortiger Start!"
                .to_string(),
        ),
        _ => (
            format!("Work in {} – {de}, accommodation provided", city.name),
            "No experience needed. Shared accommodation and transport to work provided, deducted from wages. \
             We help with travel and settling in. Start next week."
                .to_string(),
        ),
    }
}

/// A legitimate seasonal-work ad: the same indicator words, plus a named employer, a contract and pay at
/// or above the minimum wage.
pub(crate) fn legit_job_ad(rng: &mut Rng, company: &str, city: &City) -> (String, String) {
    let wage = if city.country == "AT" { "Kollektivvertrag, ab 11,00 €/h brutto" } else { "Mindestlohn 13,90 €/h" };
    (
        format!("Saisonkräfte {} – {company}", rng.pick(&["Erdbeerernte", "Spargelernte", "Weinlese", "Apfelernte"])),
        format!(
            "{company} sucht Saisonarbeitskräfte für {} und Umgebung. Arbeitsvertrag ab dem ersten Tag, {wage}, \
             Sozialversicherung. Unterkunft im Mehrbettzimmer für 8 €/Tag möglich (wird vom Lohn abgezogen), \
             Transport zum Feld kostenlos. Keine Erfahrung nötig. Bewerbung per Telefon oder E-Mail.",
            city.name
        ),
    )
}

/// An ordinary classified ad: furniture, a flat, a car, a small job, with a price.
pub(crate) fn classified(rng: &mut Rng, city: &City) -> (String, String) {
    match rng.below(6) {
        0 => {
            let item = *rng.pick(&["Sofa", "Kleiderschrank", "Esstisch mit 4 Stühlen", "Kinderbett", "Schreibtisch"]);
            (
                format!("{item} zu verkaufen, {} €", rng.int(2, 40) * 10),
                format!("Gut erhalten, Nichtraucherhaushalt. Abholung in {}. Preis VB.", city.name),
            )
        }
        1 => (
            format!("{}-Zimmer-Wohnung in {} zu vermieten", rng.int(1, 4), city.name),
            format!(
                "{} m², {} € kalt, ab sofort. Besichtigung nach Absprache. Keine Makler.",
                rng.int(35, 110),
                rng.int(45, 160) * 10
            ),
        ),
        2 => (
            format!(
                "{} {} zu verkaufen",
                rng.pick(&["VW Polo", "Opel Corsa", "Ford Focus", "Skoda Fabia"]),
                rng.int(2010, 2021)
            ),
            format!("{} km, TÜV neu, {} € VB.", rng.int(40, 190) * 1000, rng.int(25, 140) * 100),
        ),
        3 => (
            "Babysitter gesucht".to_string(),
            format!("Für zwei Kinder (5 und 8) in {}, zwei Nachmittage die Woche, 14 €/h.", city.name),
        ),
        4 => (
            format!("{} zu verschenken", rng.pick(&["Umzugskartons", "Blumentöpfe", "Bücher", "Kinderkleidung"])),
            "Bei Interesse einfach melden, Abholung am Wochenende.".to_string(),
        ),
        _ => (
            format!("Fahrrad {} Zoll", rng.pick(&["26", "28", "24"])),
            format!("Wenig gefahren, {} €. Nur Abholung.", rng.int(8, 45) * 10),
        ),
    }
}

/// Background ads: ordinary classifieds posted free of charge by ordinary people of the world (their own
/// phone, sometimes their e-mail), and adult ads by other advertisers who are not bank customers in the
/// evidence (their posting fees are paid with cards of other banks, so no statement shows them).
pub(crate) fn background(world: &mut World, seed: u64, people: &[usize]) {
    let mut rng = Rng::derive(seed, "ads-background");
    let rng = &mut rng;
    let months: Vec<(i32, u32)> = world.period.months().collect();
    let stride = 8;
    for (k, &p) in people.iter().enumerate() {
        if k % stride != 5 {
            continue;
        }
        let person = &world.persons[p];
        let Some(phone) = person.phones.first().cloned() else { continue };
        let email = person.email.clone();
        let city = crate::phones::home_city(person.address.as_deref().unwrap_or(""));
        if city.country == "GB" {
            continue;
        }
        let ip = format!("{}.{}", rng.pick(&["192.0.2", "198.51.100", "203.0.113"]), rng.int(2, 254));
        let poster = poster(
            world,
            Site::QuickMarkt,
            Some(Holder::Person(p)),
            email.iter().cloned().collect(),
            vec![phone.clone()],
            vec![ip],
            vec![],
            None,
        );
        for &(y, m) in &months {
            for _ in 0..rng.poisson(0.3) {
                let Some(day) = crate::life::day_in(rng, y, m, world.start()) else { continue };
                let (title, body) = classified(rng, city);
                let local = crate::calendar::at(rng, day, 8.0, 23.0);
                let k = rng.int(1, 4) as usize;
                let imgs = if rng.chance(0.7) { images(rng, k) } else { vec![] };
                let mail = if rng.chance(0.3) { email.clone() } else { None };
                post(
                    world,
                    rng,
                    Draft {
                        poster,
                        city,
                        local,
                        title,
                        body,
                        phone: Some((phone.clone(), Obfuscation::Plain)),
                        email: mail,
                        images: imgs,
                        fee: None,
                        op: None,
                        subject: None,
                        tag: None,
                    },
                );
            }
        }
    }
    // Other adult advertisers, not in the evidence banks.
    let n = (people.len() / 150).max(3);
    let cities: [&'static City; 6] = [
        &crate::catalog::HAMBURG,
        &crate::catalog::BERLIN,
        &crate::catalog::BREMEN,
        &crate::catalog::WIEN,
        &crate::catalog::GRAZ,
        &crate::catalog::HANNOVER,
    ];
    for k in 0..n {
        let city = cities[k % cities.len()];
        let female = k % 5 != 4;
        let first = alias(rng, female);
        let age = rng.int(21, 45) as u32;
        let phone = crate::people::mobile(rng, city.country);
        let email = format!(
            "{}.{}{}@webmail.example",
            first.to_lowercase(),
            rng.pick(&["privat", "lady", "relax", "time"]),
            rng.int(1, 99)
        );
        let card = CardRef::Outside {
            bin: rng.pick(&["401288", "522134", "476173", "510510"]).to_string(),
            last4: format!("{:04}", rng.int(0, 9999)),
            holder: crate::text::swift_upper(&format!("{first} {}", rng.pick(crate::catalog::PAYER_LAST))),
        };
        let ip = format!("198.51.100.{}", rng.int(2, 254));
        let poster =
            poster(world, Site::EscortDir, None, vec![email.clone()], vec![phone.clone()], vec![ip], vec![card], None);
        let photos = images(rng, 4);
        let weeks: Vec<chrono::NaiveDate> = world.period.mondays().collect();
        for monday in weeks {
            if !rng.chance(0.6) {
                continue;
            }
            let day = (monday + Duration::days(rng.int(0, 6))).min(world.end());
            let (title, body) = independent_ad(rng, &first, age, city);
            let local = crate::calendar::at(rng, day, 10.0, 22.0);
            let imgs = some_images(rng, &photos, 3);
            let style = if rng.chance(0.1) { Obfuscation::Spaced } else { Obfuscation::Plain };
            let mail = if rng.chance(0.4) { Some(email.clone()) } else { None };
            let fee = *rng.pick(&[1200, 2400, 3600]);
            post(
                world,
                rng,
                Draft {
                    poster,
                    city,
                    local,
                    title,
                    body,
                    phone: Some((phone.clone(), style)),
                    email: mail,
                    images: imgs,
                    fee: Some((fee, 0)),
                    op: None,
                    subject: None,
                    tag: None,
                },
            );
        }
    }
}
