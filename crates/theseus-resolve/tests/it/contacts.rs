//! Things reached by a phone or e-mail (an ad site's poster account) join the one party that carries it;
//! a company's phone line listed as a subscriber "person" is the company; namesakes whose complete birth
//! dates differ are not chained together; any pair can be explained.

use theseus_resolve::{Config, explain_pair, records_from_entities, resolve};

use crate::support::{background, entity, together};

#[test]
fn a_poster_account_joins_the_person_with_its_phone_and_email() {
    let mut entities = background(200);
    entities.extend([
        entity(
            "reg-anna",
            "Person",
            "registry.json",
            &[("name", "Anna Keller"), ("birthDate", "1990-05-04"), ("phone", "+4917612345678")],
        ),
        entity(
            "sub-anna",
            "Person",
            "subscribers.csv",
            &[("name", "KELLER Anna"), ("birthDate", "1990-05-04"), ("phone", "+4917612345678")],
        ),
        // The ad export names the account; the production return adds its phone and e-mail (two fragments
        // of one entity).
        entity("site.user.u1", "UserAccount", "ads.jsonl", &[("service", "site"), ("username", "u1")]),
        entity(
            "site.user.u1",
            "UserAccount",
            "production.jsonl",
            &[("service", "site"), ("username", "u1"), ("phone", "+4917612345678"), ("email", "ak@example.org")],
        ),
        // An account whose card is held by someone else is not tied to Anna by her phone.
        entity(
            "site.user.u2",
            "UserAccount",
            "production.jsonl",
            &[("service", "site"), ("username", "u2"), ("phone", "+4917612345678")],
        ),
        entity(
            "card-9",
            "BankAccount",
            "production.jsonl",
            &[("name", "JOHANN BAUER"), ("accountNumber", "4012****9")],
        ),
        entity("link-9", "UnknownLink", "production.jsonl", &[("subject", "site.user.u2"), ("object", "card-9")]),
    ]);
    let records = records_from_entities(&entities);
    let res = resolve(&records, &[], &Config::default()).unwrap();
    assert!(together(&res, "reg-anna", "sub-anna"));
    assert!(together(&res, "site.user.u1", "reg-anna"), "the account joins Anna by its phone");
    assert!(!together(&res, "site.user.u2", "reg-anna"), "the card holder's name speaks against Anna");
    assert!(res.refusals.iter().any(|r| r.b == "site.user.u2" && r.asked_by == "contact"), "{:?}", res.refusals);
}

#[test]
fn a_company_line_listed_as_a_subscriber_is_the_company() {
    let mut entities = background(100);
    entities.extend([
        entity(
            "reg-company-1",
            "Company",
            "registry.json",
            &[
                ("name", "Feldfrisch Saisonpersonal GmbH"),
                ("registrationNumber", "FN 308446w"),
                ("phone", "+4312010280"),
            ],
        ),
        entity(
            "subscriber.feldfrisch",
            "Person",
            "subscribers.csv",
            &[("name", "Feldfrisch Saisonpersonal GmbH"), ("idNumber", "FN 308446w"), ("phone", "+4312010280")],
        ),
    ]);
    let res = resolve(&records_from_entities(&entities), &[], &Config::default()).unwrap();
    assert!(together(&res, "reg-company-1", "subscriber.feldfrisch"));
}

#[test]
fn namesakes_with_different_birth_dates_are_not_chained_and_the_pair_is_explained() {
    let mut entities = background(300);
    entities.extend([
        entity(
            "older",
            "Person",
            "registry.json",
            &[
                ("name", "Stoyan Hristov"),
                ("birthDate", "1974-03-13"),
                ("gender", "male"),
                ("address", "Strada Background 901 nr 3"),
                ("phone", "+40723000111"),
            ],
        ),
        entity(
            "younger",
            "Person",
            "registry.json",
            &[
                ("name", "Stoyan Hristov"),
                ("birthDate", "1995-02-07"),
                ("gender", "male"),
                ("address", "Strada Background 902 nr 8"),
                ("phone", "+40723000999"),
            ],
        ),
        // A report that names him and nothing else agrees with both.
        entity("str-party", "Person", "str.xml", &[("name", "Stoyan Hristov")]),
    ]);
    let records = records_from_entities(&entities);
    let config = Config::default();
    let res = resolve(&records, &[], &config).unwrap();
    let (ex, _) = explain_pair(&records, &[], &config, "older", "younger").unwrap();
    assert!(!together(&res, "older", "younger"), "namesakes chained through a name-only record: {ex:#?}");
    assert!(!ex.same_cluster);
    assert!(ex.blocking.candidate, "{:?}", ex.blocking);
    let score = ex.score.unwrap();
    let date = score.fields.iter().find(|f| f.field == "birth_date").unwrap();
    assert!(date.level.starts_with("different dates") && date.weight < 0.0, "{date:?}");
    assert!(!score.above_threshold && score.family_guard);
    assert!(explain_pair(&records, &[], &config, "older", "nobody").is_err());
}
