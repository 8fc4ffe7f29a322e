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
    At,
    Ua,
    Vn,
    Hu,
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
            Origin::At => "AT",
            Origin::Ua => "UA",
            Origin::Vn => "VN",
            Origin::Hu => "HU",
        }
    }

    fn names(self, gender: Gender) -> (&'static [&'static str], &'static [&'static str]) {
        let f = gender == Gender::Female;
        match self {
            Origin::De => (if f { catalog::DE_FIRST.0 } else { catalog::DE_FIRST.1 }, catalog::DE_LAST),
            Origin::Uk => (if f { catalog::UK_FIRST.0 } else { catalog::UK_FIRST.1 }, catalog::UK_LAST),
            Origin::At => (if f { catalog::DE_FIRST.0 } else { catalog::DE_FIRST.1 }, catalog::AT_LAST),
            Origin::Ua => {
                if f {
                    (
                        &["Olena", "Iryna", "Tetiana", "Nataliia", "Oksana", "Yuliia", "Kateryna", "Halyna"],
                        &["Kovalenko", "Bondarenko", "Shevchenko", "Tkachenko", "Kravchenko", "Melnyk", "Boiko"],
                    )
                } else {
                    (
                        &["Oleksandr", "Serhii", "Andrii", "Vasyl", "Mykola", "Dmytro", "Yurii", "Bohdan"],
                        &["Kovalenko", "Bondarenko", "Shevchenko", "Tkachenko", "Kravchenko", "Melnyk", "Boiko"],
                    )
                }
            }
            Origin::Hu => (
                if f {
                    &["Dóra", "Eszter", "Réka", "Noémi", "Petra"]
                } else {
                    &["Bence", "Gergő", "Tamás", "Dániel"]
                },
                &["Nagy", "Kovács", "Tóth", "Szabó", "Horváth", "Varga", "Kiss"],
            ),
            Origin::Vn => (
                if f {
                    &["Thi Lan", "Thi Hoa", "Ngoc Anh", "Thu Trang", "Thi Mai"]
                } else {
                    &["Van Minh", "Duc Anh", "Van Hung", "Quang Huy", "Minh Tuan"]
                },
                &["Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang"],
            ),
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
                    "Ciobanu",
                    "Moldovan",
                    "Dinu",
                    "Radu",
                    "Ene",
                    "Neagu",
                ],
            ),
            Origin::Bg => {
                if f {
                    (
                        &["Desislava", "Mariya", "Kalina", "Teodora", "Yordanka", "Zhivka"],
                        &["Petrova", "Ivanova", "Dimitrova", "Georgieva", "Yordanova", "Hristova"],
                    )
                } else {
                    (
                        &["Georgi", "Ivan", "Nikolay", "Stoyan", "Yordan", "Hristo"],
                        &["Petrov", "Ivanov", "Dimitrov", "Georgiev", "Yordanov", "Hristov", "Zhelev"],
                    )
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

/// A local number in a UK geographic area (the 2–4 ranges, which the numbering plan assigns everywhere;
/// 0 and 1 are trunk and service prefixes, other ranges are not assigned in every area).
fn uk_local(rng: &mut Rng) -> String {
    format!("{}{}", rng.int(2, 4), digits(rng, 6))
}

/// A subscriber number of `n` digits starting with 2–7.
fn subscriber(rng: &mut Rng, n: usize) -> String {
    format!("{}{}", rng.int(2, 7), digits(rng, n - 1))
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
        "AT" => format!("+43{}{}", rng.pick(&["664", "660", "676", "699", "650"]), digits(rng, 7)),
        "UA" => format!("+380{}{}", rng.pick(&["67", "50", "63", "97"]), digits(rng, 7)),
        "HU" => format!("+36{}{}", rng.pick(&["20", "30", "70"]), digits(rng, 7)),
        "VN" => format!("+849{}{}", rng.pick(&["0", "1", "3", "8"]), digits(rng, 7)),
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

/// A landline in a city (its area code, then a subscriber number of the usual length).
pub(crate) fn landline(rng: &mut Rng, city: &City) -> String {
    match city.name {
        "Hamburg" => hamburg_landline(rng),
        "Bremen" => format!("+49421{}", subscriber(rng, 7)),
        "Berlin" => format!("+4930{}", subscriber(rng, 8)),
        "Hannover" => format!("+49511{}", subscriber(rng, 7)),
        "Kiel" => format!("+49431{}", subscriber(rng, 6)),
        "Wien" => format!("+431{}", subscriber(rng, 7)),
        "Graz" => format!("+43316{}", subscriber(rng, 6)),
        "Linz" => format!("+43732{}", subscriber(rng, 6)),
        "Salzburg" => format!("+43662{}", subscriber(rng, 6)),
        "London" => format!("+4420{}{}", rng.pick(&["7", "8"]), subscriber(rng, 7)),
        "Manchester" => format!("+44161{}", uk_local(rng)),
        "Birmingham" => format!("+44121{}", uk_local(rng)),
        _ if city.country == "GB" => format!("+44113{}", uk_local(rng)),
        _ if city.country == "AT" => format!("+43512{}", subscriber(rng, 6)),
        _ => format!("+49221{}", subscriber(rng, 7)),
    }
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
    } else if city.country == "AT" {
        format!("{} {no}, {} {}", rng.pick(&catalog::AT_STREETS), city.postcode, city.name)
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
    make(rng, origin, gender, ages, home, first, last)
}

/// A person with a name drawn from `origin` that may repeat a name already in the world (ordinary customers
/// of large worlds: namesakes exist). Names in `taken` (the operations' and hard negatives' people) are
/// avoided so that no ordinary customer is an accidental namesake of a subject.
pub(crate) fn ordinary(
    rng: &mut Rng,
    origin: Origin,
    gender: Gender,
    ages: (i64, i64),
    home: &City,
    taken: &std::collections::HashSet<String>,
) -> Person {
    let (firsts, lasts) = origin.names(gender);
    for _ in 0..20 {
        let first = rng.pick(firsts).to_string();
        let last = rng.pick(lasts).to_string();
        if !taken.contains(&format!("{first} {last}")) {
            return make(rng, origin, gender, ages, home, first, last);
        }
    }
    // The origin's few names are all taken by subjects: a name from the country of residence's much
    // larger pool (thousands of combinations, so this ends).
    let local = if home.country == "GB" { Origin::Uk } else { Origin::De };
    let (firsts, lasts) = local.names(gender);
    loop {
        let first = rng.pick(firsts).to_string();
        let last = rng.pick(lasts).to_string();
        if !taken.contains(&format!("{first} {last}")) {
            return make(rng, origin, gender, ages, home, first, last);
        }
    }
}

fn make(
    rng: &mut Rng,
    origin: Origin,
    gender: Gender,
    ages: (i64, i64),
    home: &City,
    first: String,
    last: String,
) -> Person {
    let phone_country = match home.country {
        "GB" => "GB",
        "AT" => "AT",
        _ => "DE",
    };
    Person {
        id: String::new(),
        phones: vec![mobile(rng, phone_country)],
        email: Some(email(rng, &first, &last)),
        address: Some(address(rng, home)),
        old_address: None,
        first,
        last,
        gender,
        birth: birth(rng, ages.0, ages.1),
        birth_known: true,
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
        birth_known: true,
        nationality,
        phones: vec![],
        email: Some(email(rng, first, last)),
        address: None,
        old_address: None,
        profession: None,
    }
}

/// A gender drawn evenly.
pub(crate) fn any_gender(rng: &mut Rng) -> Gender {
    if rng.chance(0.5) { Gender::Female } else { Gender::Male }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_numbers_validate() {
        let mut rng = Rng::derive(3, "phones");
        for _ in 0..40 {
            for c in ["DE", "GB", "AT", "RO", "BG", "PL", "TR", "UA", "HU", "VN"] {
                let m = mobile(&mut rng, c);
                assert_eq!(theseus_model::normalize::phone(&m, None).as_deref(), Ok(m.as_str()), "{c} mobile");
            }
            for city in [
                &catalog::HAMBURG,
                &catalog::BREMEN,
                &catalog::BERLIN,
                &catalog::HANNOVER,
                &catalog::KIEL,
                &catalog::WIEN,
                &catalog::GRAZ,
                &catalog::LINZ,
                &catalog::SALZBURG,
                &catalog::INNSBRUCK,
                &catalog::LONDON,
                &catalog::MANCHESTER,
                &catalog::BIRMINGHAM,
                &catalog::LEEDS,
                &catalog::KOELN,
            ] {
                let l = landline(&mut rng, city);
                assert_eq!(
                    theseus_model::normalize::phone(&l, None).as_deref(),
                    Ok(l.as_str()),
                    "{} landline",
                    city.name
                );
            }
        }
    }
}
