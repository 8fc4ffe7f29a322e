//! Making people: names by origin, birth dates, phones, e-mails and addresses that validate.

use chrono::NaiveDate;

use crate::calendar::{START, date};
use crate::catalog::{self, City};
use crate::rng::Rng;
use crate::text::swift_upper;
use crate::world::{Gender, Person, World};

/// Where a person's name and documents come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Origin {
    De,
    Uk,
    Ro,
    Bg,
    Tr,
    Pl,
    Ru,
}

impl Origin {
    /// Nationality, ISO 3166-1 alpha-2.
    pub(crate) fn nationality(self) -> &'static str {
        match self {
            Origin::De => "DE",
            Origin::Uk => "GB",
            Origin::Ro => "RO",
            Origin::Bg => "BG",
            Origin::Tr => "TR",
            Origin::Pl => "PL",
            Origin::Ru => "RU",
        }
    }

    fn names(self, gender: Gender) -> (&'static [&'static str], &'static [&'static str]) {
        let f = gender == Gender::Female;
        match self {
            Origin::De => (if f { catalog::DE_FIRST.0 } else { catalog::DE_FIRST.1 }, catalog::DE_LAST),
            Origin::Uk => (if f { catalog::UK_FIRST.0 } else { catalog::UK_FIRST.1 }, catalog::UK_LAST),
            Origin::Ro => (
                if f {
                    &["Andreea", "Ioana", "Elena", "Bianca", "Alexandra", "Mihaela", "Roxana", "Larisa"]
                } else {
                    &["Mihai", "Andrei", "Ionuț", "Florin", "Gheorghe", "Vasile", "Adrian", "Ștefan"]
                },
                &[
                    "Popescu",
                    "Munteanu",
                    "Dumitrescu",
                    "Stan",
                    "Stoica",
                    "Constantin",
                    "Rusu",
                    "Lungu",
                    "Mocanu",
                    "Bălan",
                    "Țurcanu",
                    "Ursu",
                ],
            ),
            Origin::Bg => {
                if f {
                    (&["Desislava", "Mariya", "Kalina", "Teodora"], &["Petrova", "Ivanova", "Dimitrova", "Georgieva"])
                } else {
                    (&["Georgi", "Ivan", "Nikolay", "Stoyan"], &["Petrov", "Ivanov", "Dimitrov", "Georgiev"])
                }
            }
            Origin::Tr => (
                if f { &["Ayşe", "Elif", "Zeynep", "Fatma"] } else { &["Mehmet", "Emre", "Mustafa", "Kerem"] },
                &["Yılmaz", "Şahin", "Öztürk", "Çelik", "Kaya", "Doğan"],
            ),
            Origin::Pl => (
                if f { &["Katarzyna", "Agnieszka", "Magdalena"] } else { &["Piotr", "Tomasz", "Łukasz", "Paweł"] },
                &["Nowak", "Wójcik", "Mazur", "Krawczyk", "Zając"],
            ),
            Origin::Ru => {
                if f {
                    (&["Olga", "Natalia", "Svetlana"], &["Volkova", "Smirnova", "Kuznetsova"])
                } else {
                    (&["Aleksandr", "Dmitri", "Sergei"], &["Volkov", "Smirnov", "Kuznetsov"])
                }
            }
        }
    }
}

fn digits(rng: &mut Rng, n: usize) -> String {
    (0..n).map(|_| char::from(b'0' + rng.below(10) as u8)).collect()
}

/// A mobile number in E.164 in the country of `origin`'s usual network. Prefixes are ones the numbering
/// plans assign to mobile networks, so the numbers validate.
pub(crate) fn mobile(rng: &mut Rng, country: &str) -> String {
    match country {
        "GB" => format!("+44{}{}", rng.pick(&["7412", "7723", "7834", "7946", "7525", "7307"]), digits(rng, 6)),
        "RO" => format!("+407{}{}", rng.pick(&["2", "4", "5", "6"]), digits(rng, 7)),
        "BG" => format!("+3598{}{}", rng.pick(&["7", "8", "9"]), digits(rng, 7)),
        "PL" => format!("+48{}{}", rng.pick(&["50", "60", "66", "69", "79"]), digits(rng, 7)),
        "TR" => format!("+905{}{}", rng.pick(&["32", "33", "42", "55"]), digits(rng, 7)),
        _ => format!(
            "+49{}{}",
            rng.pick(&["151", "152", "157", "160", "162", "170", "172", "176", "177", "179"]),
            digits(rng, 8)
        ),
    }
}

/// A landline in Hamburg (area code 40).
pub(crate) fn hamburg_landline(rng: &mut Rng) -> String {
    format!("+4940{}{}", rng.pick(&["2", "3", "4", "6", "8"]), digits(rng, 7))
}

/// An e-mail address on an invented provider (the `.example` top-level domain is reserved for examples).
pub(crate) fn email(rng: &mut Rng, first: &str, last: &str) -> String {
    let clean =
        |s: &str| -> String { swift_upper(s).to_lowercase().chars().filter(|c| c.is_ascii_alphanumeric()).collect() };
    let provider = rng.pick(&["nordpost.example", "webmail.example", "mailbox.example", "postfach.example"]);
    match rng.below(3) {
        0 => format!("{}.{}@{provider}", clean(first), clean(last)),
        1 => format!("{}{}{}@{provider}", clean(first).chars().next().unwrap_or('x'), clean(last), rng.int(1, 99)),
        _ => format!("{}_{}{}@{provider}", clean(first), clean(last), rng.int(70, 2005)),
    }
}

/// A street address in `city`.
pub(crate) fn address(rng: &mut Rng, city: &City) -> String {
    let no = rng.int(1, 140);
    if city.country == "GB" {
        format!("{no} {}, {} {}", rng.pick(&catalog::UK_STREETS), city.name, city.postcode)
    } else {
        format!("{} {no}, {} {}", rng.pick(&catalog::DE_STREETS), city.postcode, city.name)
    }
}

/// A birth date for someone aged `lo..=hi` at the start of the period.
pub(crate) fn birth(rng: &mut Rng, lo: i64, hi: i64) -> NaiveDate {
    let age_days = rng.int(lo * 365 + 10, hi * 365 + 350);
    START - chrono::Duration::days(age_days)
}

/// A person with a name from `origin`, living at an address in `home`. The name is redrawn until no one in
/// the world has it yet (two customers with one name would be a link the scenario did not intend), and with
/// `new_surname` until no one has the surname either.
pub(crate) fn person(
    world: &World,
    rng: &mut Rng,
    origin: Origin,
    gender: Gender,
    ages: (i64, i64),
    home: &City,
    new_surname: bool,
) -> Person {
    let (firsts, lasts) = origin.names(gender);
    let mut first = rng.pick(firsts).to_string();
    let mut last = rng.pick(lasts).to_string();
    for _ in 0..100 {
        let clash = world.persons.iter().any(|p| p.last == last && (new_surname || p.first == first));
        if !clash {
            break;
        }
        first = rng.pick(firsts).to_string();
        last = rng.pick(lasts).to_string();
    }
    let phone_country = if home.country == "GB" { "GB" } else { "DE" };
    Person {
        id: String::new(),
        phones: vec![mobile(rng, phone_country)],
        email: Some(email(rng, &first, &last)),
        address: Some(address(rng, home)),
        first,
        last,
        gender,
        birth: birth(rng, ages.0, ages.1),
        nationality: origin.nationality(),
        profession: None,
    }
}

/// A person with a fixed name.
pub(crate) fn named(
    rng: &mut Rng,
    first: &str,
    last: &str,
    gender: Gender,
    nationality: &'static str,
    born: (i32, u32, u32),
) -> Person {
    Person {
        id: String::new(),
        first: first.into(),
        last: last.into(),
        gender,
        birth: date(born.0, born.1, born.2),
        nationality,
        phones: vec![],
        email: Some(email(rng, first, last)),
        address: None,
        profession: None,
    }
}

/// A gender drawn evenly.
pub(crate) fn any_gender(rng: &mut Rng) -> Gender {
    if rng.chance(0.5) { Gender::Female } else { Gender::Male }
}
