//! Given-name variants across languages and their diminutives, and the legal-form words of organisation names.
//!
//! **Source.** The groups below were compiled by hand by the Theseus authors for the languages of the
//! trafficking routes into the EU that the OSCE and Europol reports name most often (Ukrainian, Russian,
//! Romanian, Bulgarian, Moldovan, Polish, Serbian/Croatian, Albanian, plus the English, German, French,
//! Spanish and Italian forms they meet). Each group lists the common national forms of one name, as the
//! name's Wikipedia article lists them under "in other languages", and the everyday diminutives of the East
//! Slavic forms (Sasha, Kolya, Masha…), which bank and registry data never carry but ads and phone records do.
//! It is deliberately small, not exhaustive, and contains no personal data. A diminutive that belongs to
//! several names (Sasha: Aleksandr and Aleksandra) is listed in each.
//!
//! A token belongs to a group when it equals one of the group's spellings, or when its transliteration
//! skeleton ([`crate::text::skeleton`]) equals the skeleton of one of the spellings and that skeleton has
//! at least four letters, so that "Olexandr" finds "Oleksandr" while short nicknames ("misha", "masha")
//! match only as written.

use std::collections::HashMap;
use std::sync::LazyLock;

use crate::text::skeleton;

/// Groups of spellings of one given name, across languages, with diminutives.
pub const GIVEN_NAME_GROUPS: &[&[&str]] = &[
    &[
        "aleksandr",
        "alexander",
        "oleksandr",
        "olexandr",
        "alexandru",
        "aleksander",
        "aleksandar",
        "alessandro",
        "alejandro",
        "alexandre",
        "sasha",
        "sacha",
        "sanya",
        "sashko",
        "sasa",
        "alex",
        "aleks",
        "oles",
        "shura",
        "sandu",
    ],
    &["aleksandra", "alexandra", "oleksandra", "alessandra", "alejandra", "sasha", "sacha", "shura", "ola", "sandra"],
    &["aleksei", "alexei", "aleksey", "alexey", "oleksiy", "oleksii", "alexis", "aleksy", "alyosha", "lyosha", "lesha"],
    &[
        "andrei",
        "andrey",
        "andriy",
        "andrii",
        "andrzej",
        "andrej",
        "andrew",
        "andreas",
        "andre",
        "andrea",
        "andres",
        "andrija",
        "andi",
        "andryusha",
    ],
    &["anna", "hanna", "ganna", "ana", "anne", "ania", "anya", "anja", "annushka", "anka", "anica", "hannah"],
    &["anastasia", "anastasiya", "anastasiia", "nastya", "nastia", "stasya", "anastasija"],
    &[
        "dmitri",
        "dmitry",
        "dmitriy",
        "dmytro",
        "dimitar",
        "dumitru",
        "dimitri",
        "dimitrios",
        "dima",
        "mitya",
        "dimitrije",
    ],
    &[
        "ekaterina",
        "yekaterina",
        "kateryna",
        "katerina",
        "katarzyna",
        "ecaterina",
        "catherine",
        "katharina",
        "katya",
        "katia",
        "katja",
        "kate",
        "katarina",
        "caterina",
        "catalina",
        "katica",
    ],
    &[
        "elena", "olena", "yelena", "jelena", "helen", "helena", "alena", "alyona", "ilinca", "lena", "lenochka",
        "elene", "helene",
    ],
    &[
        "evgeni", "evgeny", "evgeniy", "yevgeny", "yevhen", "yevhenii", "eugen", "eugene", "evgenij", "zhenya",
        "jenya", "evgenii",
    ],
    &[
        "georgi", "georgy", "georgiy", "heorhiy", "gheorghe", "george", "jerzy", "jorge", "giorgio", "georg", "zhora",
        "gogu", "giorgi",
    ],
    &["yuri", "yuriy", "yurii", "iurii", "jurij", "juri", "yura", "yurko"],
    &["grigori", "grigory", "grigoriy", "hryhoriy", "hryhorii", "grigore", "gregory", "grzegorz", "gregor", "grisha"],
    &[
        "ivan", "ioan", "ion", "jan", "johann", "johannes", "john", "juan", "giovanni", "jean", "ivo", "vanya",
        "vania", "ivanko", "ionut", "jovan", "ivica", "gjon",
    ],
    &["irina", "iryna", "irena", "irene", "ira", "irinka", "irini"],
    &["iosif", "yosyp", "josef", "joseph", "josip", "jozef", "jozsef", "giuseppe", "jose", "osip", "yosif", "zef"],
    &[
        "konstantin",
        "kostiantyn",
        "kostyantyn",
        "constantin",
        "constantine",
        "konstanty",
        "costel",
        "kostya",
        "kostia",
        "kosta",
    ],
    &[
        "maria", "mariya", "mariia", "marija", "marie", "mary", "mariana", "masha", "marusya", "mariika", "maricica",
        "mimi", "mara",
    ],
    &[
        "mikhail", "mykhailo", "mihail", "mihai", "michal", "michael", "miguel", "michele", "michel", "mihailo",
        "mijo", "misha", "mishka", "miha",
    ],
    &["natalia", "nataliya", "natalya", "nataliia", "natalie", "natasha", "natascha", "natalija", "nata"],
    &[
        "nikolai", "nikolay", "mykola", "nicolae", "nikola", "nicholas", "nicolas", "nikolaus", "mikolaj", "nicola",
        "kolya", "kolia", "nicu", "nick", "nikolla",
    ],
    &["olga", "olha", "olia", "olya", "olechka", "olgica"],
    &["oleg", "oleh", "olezhka"],
    &["pavel", "pavlo", "paul", "pawel", "paolo", "pablo", "paulo", "pavle", "pasha", "pavlik", "pali"],
    &[
        "petr", "pyotr", "petro", "petar", "petru", "peter", "pierre", "pedro", "pietro", "piotr", "petya", "petrica",
        "pjeter",
    ],
    &[
        "sergei", "sergey", "serhiy", "serhii", "sergiu", "serge", "sergio", "sergiusz", "sergej", "seryozha",
        "serioja", "serezha",
    ],
    &[
        "stefan", "stepan", "stephen", "steven", "stefano", "esteban", "stephane", "stjepan", "stepa", "stiopa",
        "stefko",
    ],
    &["svetlana", "svitlana", "sveta", "svetla"],
    &["tatiana", "tatyana", "tetiana", "tetyana", "tatjana", "tanya", "tania", "tanja"],
    &["vasili", "vasily", "vasiliy", "vasyl", "vasile", "vasil", "basil", "vasya", "vasilije"],
    &["viktor", "victor", "vitya", "viktoras", "vittorio"],
    &["vladimir", "volodymyr", "wlodzimierz", "vladimer", "vova", "volodya", "vlad", "volodia"],
    &["yulia", "yuliya", "iuliia", "iulia", "julia", "julie", "julija", "giulia", "yulya", "yula"],
    &["yakov", "yakiv", "iacob", "jakub", "jacob", "jakob", "giacomo", "iakov", "yasha"],
    &["nikita", "mykyta"],
    &["ilya", "ilia", "illia", "ilie", "elijah", "elias", "ilija", "ilyusha"],
    &["igor", "ihor", "ighor", "igorek"],
    &["oksana", "ksenia", "kseniya", "xenia", "oksanka"],
    &["tomas", "thomas", "toma", "tomasz", "tommaso", "foma", "tom"],
    &["elizaveta", "yelyzaveta", "elisabeth", "elizabeth", "elzbieta", "elisabeta", "liza", "lisa", "eliza"],
    &["daria", "darya", "dariya", "dasha", "darina"],
    &["valentina", "valentyna", "valya", "valia"],
    &["lyudmila", "liudmyla", "ludmila", "lyuda", "mila"],
    &["galina", "halyna", "galya", "halia"],
    &["robert", "bob", "bobby", "rob", "roberto"],
    &["william", "bill", "will", "billy", "guillaume", "wilhelm", "guillermo"],
    &["margaret", "maggie", "meg", "peggy", "margareta", "margarita", "marguerite", "rita"],
];

/// Words of organisation names that say the legal form, not the name; dropped before organisation names are
/// compared ("Petrov Logistics SRL" meets "PETROV LOGISTICS S.R.L.").
pub const LEGAL_FORMS: &[&str] = &[
    "ltd",
    "limited",
    "llc",
    "llp",
    "plc",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "co",
    "company",
    "gmbh",
    "ag",
    "kg",
    "ug",
    "ohg",
    "mbh",
    "sa",
    "sas",
    "sarl",
    "srl",
    "sl",
    "spa",
    "bv",
    "nv",
    "oy",
    "ab",
    "as",
    "aps",
    "sro",
    "zoo",
    "sp",
    "ooo",
    "oao",
    "zao",
    "pao",
    "tov",
    "pp",
    "fop",
    "ip",
    "eood",
    "ood",
    "ad",
    "doo",
    "dd",
    "kft",
    "zrt",
    "sh",
    "pk",
    "the",
];

/// Group ids by spelling, and by skeleton (for skeletons of at least four letters).
/// Token → groups.
type GroupMap = HashMap<String, Vec<u16>>;

static INDEX: LazyLock<(GroupMap, GroupMap)> = LazyLock::new(|| {
    let (mut by_name, mut by_skel): (GroupMap, GroupMap) = Default::default();
    fn add(map: &mut HashMap<String, Vec<u16>>, key: String, g: u16) {
        let e = map.entry(key).or_default();
        if !e.contains(&g) {
            e.push(g);
        }
    }
    for (g, group) in GIVEN_NAME_GROUPS.iter().enumerate() {
        for name in *group {
            add(&mut by_name, name.to_string(), g as u16);
            let skel = skeleton(name);
            if skel.len() >= 4 {
                add(&mut by_skel, skel, g as u16);
            }
        }
    }
    (by_name, by_skel)
});

/// The variant groups a given-name token (lowercase ASCII) belongs to, by spelling or by skeleton.
pub fn groups_of(token: &str) -> Vec<u16> {
    groups_with_skeleton(token, &skeleton(token))
}

/// [`groups_of`] for a token whose skeleton is known.
pub(crate) fn groups_with_skeleton(token: &str, skel: &str) -> Vec<u16> {
    let (by_name, by_skel) = &*INDEX;
    let mut out: Vec<u16> = by_name.get(token).cloned().unwrap_or_default();
    if skel.len() >= 4
        && let Some(g) = by_skel.get(skel)
    {
        for x in g {
            if !out.contains(x) {
                out.push(*x);
            }
        }
    }
    out.sort_unstable();
    out
}

/// Whether two given-name tokens are variants of one name (a shared group).
pub fn are_variants(a: &str, b: &str) -> bool {
    let (ga, gb) = (groups_of(a), groups_of(b));
    ga.iter().any(|g| gb.contains(g))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_across_languages_and_diminutives() {
        assert!(are_variants("aleksandr", "oleksandr"));
        assert!(are_variants("olexandr", "alexander"));
        assert!(are_variants("sasha", "aleksandr"));
        assert!(are_variants("mykola", "nicolae"));
        assert!(are_variants("kolya", "nikolai"));
        assert!(!are_variants("misha", "masha"));
        assert!(!are_variants("ivan", "petr"));
    }
}
