//! Builders for test evidence.

use std::collections::BTreeMap;

use theseus_model::{Entity, Locator, Provenance};
use theseus_resolve::{Cluster, Resolution};

/// An entity of `schema` from file `file`, with properties as (name, value) pairs.
pub fn entity(id: &str, schema: &str, file: &str, props: &[(&str, &str)]) -> Entity {
    let mut properties: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (k, v) in props {
        properties.entry(k.to_string()).or_default().push(v.to_string());
    }
    Entity {
        id: id.into(),
        schema: schema.into(),
        properties,
        provenance: Provenance {
            sha256: theseus_model::ids::sha256_hex(file.as_bytes()),
            file_name: file.into(),
            locator: Locator::Line { line: 1 },
            extractor: "test".into(),
            extractor_version: "0".into(),
            ingested_at: chrono::Utc::now(),
            batch: 0,
        },
    }
}

/// A background population of distinct people, so that the model has non-matches to learn from: first and
/// last names combined from two lists, birth dates spread over decades, each in its own street.
pub fn background(n: usize) -> Vec<Entity> {
    const FIRST: &[&str] = &[
        "Elena", "Mihai", "Ana", "Bogdan", "Irina", "Radu", "Daria", "Vlad", "Sofia", "Tudor", "Lucia", "Matei",
        "Ilinca", "Stefan", "Bianca", "Luca", "Alina", "Dorin", "Carmen", "Emil",
    ];
    const LAST: &[&str] = &[
        "Dumitrescu",
        "Stanciu",
        "Moldovan",
        "Lupu",
        "Ene",
        "Marin",
        "Tudose",
        "Vasilescu",
        "Barbu",
        "Nistor",
        "Oprea",
        "Rusu",
        "Dinu",
        "Cojocaru",
        "Florea",
        "Zamfir",
        "Ghita",
        "Munteanu",
        "Preda",
        "Voicu",
    ];
    (0..n)
        .map(|i| {
            let (f, l) = (FIRST[i % FIRST.len()], LAST[(i / FIRST.len() + i) % LAST.len()]);
            let dob = format!("{}-{:02}-{:02}", 1950 + i % 50, 1 + i % 12, 1 + i % 28);
            let addr = format!("Strada Background {} nr {}", i / 7, i % 97 + 1);
            let phone = format!("+4072{:07}", 1_234_567 + i * 37);
            entity(
                &format!("bg-{i}"),
                "Person",
                &format!("bg{}.csv", i % 3),
                &[("name", &format!("{f} {l}")), ("birthDate", &dob), ("address", &addr), ("phone", &phone)],
            )
        })
        .collect()
}

/// The cluster holding a record.
pub fn cluster_of<'a>(res: &'a Resolution, id: &str) -> &'a Cluster {
    res.clusters.iter().find(|c| c.members.iter().any(|m| m == id)).unwrap_or_else(|| panic!("{id} not clustered"))
}

/// Whether two records ended in one cluster.
pub fn together(res: &Resolution, a: &str, b: &str) -> bool {
    cluster_of(res, a).id == cluster_of(res, b).id
}
