//! The registry extract as a FollowTheMoney entity stream: people, companies, bank accounts, assets and the
//! ad-site account, then the links between them (directorships, ownerships, employments, family ties).

use std::collections::BTreeMap;

use serde::Serialize;

use crate::world::{Domicile, Holder, Link, Owned, World};

/// One line of the stream.
#[derive(Serialize)]
pub(crate) struct Entity {
    pub id: String,
    pub schema: &'static str,
    pub properties: BTreeMap<&'static str, Vec<String>>,
}

impl Entity {
    fn new(id: &str, schema: &'static str) -> Entity {
        Entity { id: id.to_string(), schema, properties: BTreeMap::new() }
    }

    fn set(&mut self, prop: &'static str, value: impl Into<String>) -> &mut Self {
        let v = value.into();
        if !v.is_empty() {
            self.properties.entry(prop).or_default().push(v);
        }
        self
    }
}

fn holder_id(world: &World, h: Holder) -> String {
    match h {
        Holder::Person(p) => world.persons[p].id.clone(),
        Holder::Company(c) => world.companies[c].id.clone(),
    }
}

fn amount(cents: i64) -> String {
    rust_decimal::Decimal::new(cents, 2).to_string()
}

/// Streams all registry entities, in a stable order, to `sink`.
pub(crate) fn entities(world: &World, mut sink: impl FnMut(&Entity) -> std::io::Result<()>) -> std::io::Result<()> {
    let mut persons: Vec<usize> = (0..world.persons.len()).collect();
    persons.sort_by(|&a, &b| world.persons[a].id.cmp(&world.persons[b].id));
    for i in persons {
        let p = &world.persons[i];
        let mut e = Entity::new(&p.id, "Person");
        e.set("name", p.name()).set("firstName", p.first.clone()).set("lastName", p.last.clone());
        if p.birth_known {
            e.set("birthDate", p.birth.format("%Y-%m-%d").to_string());
        }
        e.set("nationality", p.nationality.to_lowercase()).set("gender", p.gender.word());
        for ph in &p.phones {
            e.set("phone", ph.clone());
        }
        e.set("email", p.email.clone().unwrap_or_default())
            .set("address", p.address.clone().unwrap_or_default())
            .set("profession", p.profession.clone().unwrap_or_default());
        sink(&e)?;
    }
    let mut companies: Vec<usize> = (0..world.companies.len()).filter(|&c| world.companies[c].in_registry).collect();
    companies.sort_by(|&a, &b| world.companies[a].id.cmp(&world.companies[b].id));
    for i in companies {
        let c = &world.companies[i];
        let mut e = Entity::new(&c.id, "Company");
        e.set("name", c.name.clone())
            .set("registrationNumber", c.registration.clone())
            .set("jurisdiction", c.jurisdiction.to_lowercase())
            .set("address", c.address.clone())
            .set("phone", c.phone.clone().unwrap_or_default());
        sink(&e)?;
    }
    let mut accounts: Vec<usize> = (0..world.accounts.len()).filter(|&a| world.accounts[a].in_registry).collect();
    accounts.sort_by(|&a, &b| world.accounts[a].id.cmp(&world.accounts[b].id));
    for i in accounts {
        let a = &world.accounts[i];
        let (bank, country) = match a.at {
            Domicile::In(b) => (b.name(), a.country()),
            Domicile::External { bank, country } => (bank, country),
        };
        // The national account number is the tail of the BBAN.
        let number = match country {
            "DE" => a.iban[12..].to_string(),
            "GB" => a.iban[14..].to_string(),
            "AT" => a.iban[9..].to_string(),
            _ => a.iban[8..].to_string(),
        };
        let mut e = Entity::new(&a.id, "BankAccount");
        e.set("iban", a.iban.to_string())
            .set("accountNumber", number)
            .set("bankName", bank)
            .set("currency", a.currency)
            .set("country", country.to_lowercase());
        sink(&e)?;
    }
    for a in &world.assets {
        let mut e = Entity::new(&a.id, a.schema);
        e.set("name", a.name.clone())
            .set("registrationNumber", a.registration.clone())
            .set("amount", amount(a.price_cents))
            .set("currency", a.currency)
            .set("country", a.country.to_lowercase())
            .set("address", a.address.clone().unwrap_or_default());
        if let Some(m) = &a.model {
            e.set("model", m.clone()).set("registrationDate", a.acquired.format("%Y-%m-%d").to_string());
        }
        sink(&e)?;
    }
    let mut users: Vec<usize> = (0..world.user_accounts.len()).collect();
    users.sort_by(|&a, &b| world.user_accounts[a].id.cmp(&world.user_accounts[b].id));
    for i in users {
        let u = &world.user_accounts[i];
        let mut e = Entity::new(&u.id, "UserAccount");
        e.set("service", u.service)
            .set("username", u.username.clone())
            .set("email", u.email.clone())
            .set("phone", u.phone.clone())
            .set("createdAt", u.created.format("%Y-%m-%d").to_string());
        sink(&e)?;
    }
    let mut counters: BTreeMap<&str, usize> = BTreeMap::new();
    let mut next_id = |schema: &'static str| {
        let n = counters.entry(schema).or_default();
        *n += 1;
        format!("reg-{}-{:04}", schema.to_lowercase(), n)
    };
    for l in &world.links {
        let e = match l {
            Link::Directorship { director, company, role, since } => {
                let mut e = Entity::new(&next_id("Directorship"), "Directorship");
                e.set("director", world.persons[*director].id.clone())
                    .set("organization", world.companies[*company].id.clone())
                    .set("role", *role)
                    .set("startDate", since.format("%Y-%m-%d").to_string());
                e
            }
            Link::Employment { employee, employer, role } => {
                let mut e = Entity::new(&next_id("Employment"), "Employment");
                e.set("employee", world.persons[*employee].id.clone())
                    .set("employer", world.companies[*employer].id.clone())
                    .set("role", *role);
                e
            }
            Link::Family { person, relative, relationship } => {
                let mut e = Entity::new(&next_id("Family"), "Family");
                e.set("person", world.persons[*person].id.clone())
                    .set("relative", world.persons[*relative].id.clone())
                    .set("relationship", *relationship);
                e
            }
            Link::Ownership { owner, asset, since } => {
                let mut e = Entity::new(&next_id("Ownership"), "Ownership");
                let (asset_id, role) = match asset {
                    Owned::Account(a) => (world.accounts[*a].id.clone(), "account holder"),
                    Owned::Asset(a) => (world.assets[*a].id.clone(), "owner"),
                    Owned::Company(c) => (world.companies[*c].id.clone(), "shareholder"),
                };
                e.set("owner", holder_id(world, *owner)).set("asset", asset_id).set("role", role);
                if let Owned::Company(_) = asset {
                    e.set("percentage", "100");
                }
                if let Some(d) = since {
                    e.set("startDate", d.format("%Y-%m-%d").to_string());
                }
                e
            }
        };
        sink(&e)?;
    }
    Ok(())
}

/// Writes the stream: one JSON object per line. Returns the number of entities.
pub(crate) fn write(world: &World, path: &std::path::Path) -> std::io::Result<u64> {
    use std::io::Write;
    let mut w = std::io::BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let mut n = 0;
    entities(world, |e| {
        serde_json::to_writer(&mut w, e)?;
        w.write_all(b"\n")?;
        n += 1;
        Ok(())
    })?;
    w.flush()?;
    Ok(n)
}
