//! Things are their identifiers; persons gain identifiers from the relationships that name them.

use theseus_resolve::{Config, IdKind, Kind, Reason, records_from_entities, resolve};

use crate::support::{entity, together};

#[test]
fn accounts_merge_on_their_number_and_owners_carry_it() {
    let entities = vec![
        entity("acc-a", "BankAccount", "bank-a.csv", &[("iban", "DE89 3704 0044 0532 0130 00")]),
        entity("acc-b", "BankAccount", "bank-b.csv", &[("iban", "DE89370400440532013000")]),
        entity("acc-c", "BankAccount", "bank-b.csv", &[("iban", "GB82WEST12345698765432")]),
        entity("p", "Person", "bank-a.csv", &[("name", "Anna Berger")]),
        entity("own", "Ownership", "bank-a.csv", &[("owner", "p"), ("asset", "acc-a")]),
        entity("pay", "Payment", "bank-a.csv", &[("amount", "10")]),
    ];
    let records = records_from_entities(&entities);
    assert_eq!(records.len(), 4, "payments and ownerships are not records");
    let owner = records.iter().find(|r| r.id == "p").unwrap();
    assert_eq!(owner.identifiers_of(IdKind::Account).collect::<Vec<_>>(), ["DE89370400440532013000"]);
    let res = resolve(&records, &[], &Config::default()).unwrap();
    assert!(together(&res, "acc-a", "acc-b"));
    assert!(!together(&res, "acc-a", "acc-c"));
    assert!(!together(&res, "acc-a", "p"), "an account is not its owner");
    let c = crate::support::cluster_of(&res, "acc-a");
    assert_eq!(c.kind, Kind::Thing);
    assert!(matches!(&c.explanation.links[0].reason, Reason::Identifier { kind: IdKind::Account, .. }));
}

#[test]
fn duplicate_ids_are_an_error() {
    let e = entity("same", "Person", "a.csv", &[("name", "A B")]);
    let records = records_from_entities(std::slice::from_ref(&e));
    let twice = [records.clone(), records].concat();
    assert!(resolve(&twice, &[], &Config::default()).is_err());
}

#[test]
fn clusters_serialise_as_json_lines() {
    let entities = vec![
        entity("a", "Person", "x.csv", &[("name", "Olga Ivanova"), ("passportNumber", "AB 123456")]),
        entity("b", "Person", "y.csv", &[("name", "Olha Ivanova"), ("passportNumber", "AB123456")]),
    ];
    let res = resolve(&records_from_entities(&entities), &[], &Config::default()).unwrap();
    assert!(together(&res, "a", "b"));
    let c = crate::support::cluster_of(&res, "a");
    let back: theseus_resolve::Cluster = serde_json::from_str(&c.to_json_line()).unwrap();
    assert_eq!(&back, c);
    assert!(c.id.starts_with("cluster-") && c.id.len() == "cluster-".len() + 16);
}
