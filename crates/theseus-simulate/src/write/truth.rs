//! The ground truth: what the generator injected. Read by tests and evaluation harnesses only, never by a
//! detector — a detector scored against labels it could have derived from its own rules proves nothing.

use rust_decimal::Decimal;
use serde::Serialize;

use super::{HARBOUR_FILE, NORDBANK_FILE, REGISTRY_FILE, file_of};
use crate::calendar;
use crate::world::{Gender, Holder, World};

#[derive(Serialize)]
pub(crate) struct Truth {
    pub generator: &'static str,
    pub scenario: &'static str,
    pub seed: u64,
    pub period: Period,
    pub files: Vec<&'static str>,
    pub operation: Operation,
    pub hard_negatives: Vec<Negative>,
    pub noise: Noise,
}

#[derive(Serialize)]
pub(crate) struct Period {
    pub from: String,
    pub to: String,
}

#[derive(Serialize)]
pub(crate) struct Operation {
    pub id: &'static str,
    pub kind: &'static str,
    pub summary: &'static str,
    pub members: Vec<MemberTruth>,
    pub shared_identifiers: Vec<SharedIdentifier>,
    pub proceeds: Vec<Proceeds>,
    pub assets: Vec<AssetTruth>,
    pub transactions: Vec<TxTruth>,
}

#[derive(Serialize)]
pub(crate) struct AccountTruth {
    pub iban: String,
    pub bank: String,
    /// The statement file the account appears in; absent for accounts known only from the registry.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub file: Option<&'static str>,
    /// The registry's BankAccount id.
    pub registry_id: String,
}

#[derive(Serialize)]
pub(crate) struct MemberTruth {
    pub role: &'static str,
    pub registry_id: String,
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gender: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub nationality: Option<String>,
    pub accounts: Vec<AccountTruth>,
    pub note: &'static str,
}

#[derive(Serialize)]
pub(crate) struct SharedIdentifier {
    pub kind: &'static str,
    pub value: String,
    /// Registry entities that carry it.
    pub registry_ids: Vec<String>,
    /// Accounts whose statements carry it.
    pub accounts: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct Proceeds {
    pub victim: String,
    /// Sum of the victim's forwards to the controller, as a decimal string.
    pub amount: String,
    pub currency: &'static str,
    pub basis: &'static str,
    pub references: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct AssetTruth {
    pub registry_id: String,
    pub schema: &'static str,
    pub name: String,
    pub owner: String,
    pub price: String,
    pub paid_from_proceeds: String,
    pub currency: &'static str,
    pub references: Vec<String>,
}

#[derive(Serialize)]
pub(crate) struct TxTruth {
    pub reference: String,
    pub file: &'static str,
    pub account: String,
    pub what: &'static str,
    pub amount: String,
    pub currency: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub victim: Option<String>,
}

#[derive(Serialize)]
pub(crate) struct Negative {
    pub kind: &'static str,
    pub registry_ids: Vec<String>,
    pub accounts: Vec<AccountTruth>,
    pub why: &'static str,
}

#[derive(Serialize)]
pub(crate) struct Noise {
    pub invalid_ibans: Vec<IbanTypo>,
    pub name_variants: Vec<NameVariant>,
}

#[derive(Serialize)]
pub(crate) struct IbanTypo {
    pub file: &'static str,
    pub reference: String,
    pub written: String,
    pub intended: String,
}

#[derive(Serialize)]
pub(crate) struct NameVariant {
    pub registry_id: String,
    pub registry_name: String,
    pub file: &'static str,
    pub account: String,
    pub written: String,
}

fn money(cents: i64) -> String {
    Decimal::new(cents, 2).to_string()
}

fn holder_id(world: &World, h: Holder) -> String {
    match h {
        Holder::Person(p) => world.persons[p].id.clone(),
        Holder::Company(c) => world.companies[c].id.clone(),
    }
}

fn accounts_of(world: &World, h: Holder) -> Vec<AccountTruth> {
    let mut v: Vec<AccountTruth> = world
        .accounts
        .iter()
        .filter(|a| a.holder == h && a.in_registry)
        .map(|a| AccountTruth {
            iban: a.iban.clone(),
            bank: match a.at {
                crate::world::Domicile::In(b) => b.name().to_string(),
                crate::world::Domicile::External { bank, .. } => bank.to_string(),
            },
            file: a.bank().map(file_of),
            registry_id: a.id.clone(),
        })
        .collect();
    v.sort_by(|a, b| a.iban.cmp(&b.iban));
    v
}

/// Builds the truth record.
pub(crate) fn truth(world: &World, seed: u64) -> Truth {
    let members: Vec<MemberTruth> = world
        .members
        .iter()
        .map(|m| {
            let (gender, nationality) = match m.holder {
                Holder::Person(p) => (
                    Some(if world.persons[p].gender == Gender::Female { "female" } else { "male" }),
                    Some(world.persons[p].nationality.to_lowercase()),
                ),
                Holder::Company(_) => (None, None),
            };
            MemberTruth {
                role: m.role,
                registry_id: holder_id(world, m.holder),
                name: world.holder_name(m.holder),
                gender,
                nationality,
                accounts: accounts_of(world, m.holder),
                note: m.note,
            }
        })
        .collect();

    let mut transactions = vec![];
    for p in &world.postings {
        let Some(tag) = p.op else { continue };
        let acct = &world.accounts[p.account];
        transactions.push(TxTruth {
            reference: p.reference.clone(),
            file: file_of(acct.bank().expect("evidence account")),
            account: acct.iban.clone(),
            what: tag.what,
            amount: money(p.cents),
            currency: acct.currency,
            victim: tag.victim.map(|v| world.persons[v].id.clone()),
        });
    }

    let mut proceeds = vec![];
    for m in world.members.iter().filter(|m| m.role == "victim") {
        let Holder::Person(v) = m.holder else { continue };
        let mut refs = vec![];
        let mut sum = 0;
        for p in &world.postings {
            let own = world.accounts[p.account].holder == m.holder;
            if own && p.cents < 0 && p.op.is_some_and(|t| t.what == "proceeds_forwarded" && t.victim == Some(v)) {
                sum -= p.cents;
                refs.push(p.reference.clone());
            }
        }
        proceeds.push(Proceeds {
            victim: world.persons[v].id.clone(),
            amount: money(sum),
            currency: "EUR",
            basis: "sum of the victim's transfers to the controller's account (debit side, victim's statement)",
            references: refs,
        });
    }

    let mut assets = vec![];
    for (i, a) in world.assets.iter().enumerate() {
        let mut refs = vec![];
        let mut paid = 0;
        for p in &world.postings {
            if p.op.is_some_and(|t| t.asset == Some(i)) {
                paid -= p.cents;
                refs.push(p.reference.clone());
            }
        }
        let owner = world
            .members
            .iter()
            .find(|m| m.role == "exploiter")
            .map(|m| holder_id(world, m.holder))
            .unwrap_or_default();
        assets.push(AssetTruth {
            registry_id: a.id.clone(),
            schema: a.schema,
            name: a.name.clone(),
            owner,
            price: money(a.price_cents),
            paid_from_proceeds: money(paid),
            currency: a.currency,
            references: refs,
        });
    }

    let victims: Vec<Holder> = world.members.iter().filter(|m| m.role == "victim").map(|m| m.holder).collect();
    let mut phone_ids: Vec<String> = victims.iter().map(|&h| holder_id(world, h)).collect();
    phone_ids.extend(world.user_accounts.iter().filter(|u| u.phone == world.ad_phone).map(|u| u.id.clone()));
    let device_accounts: Vec<String> = world
        .accounts
        .iter()
        .filter(|a| a.device.as_deref() == Some(world.controller_device.as_str()))
        .map(|a| a.iban.clone())
        .collect();
    let shared_identifiers = vec![
        SharedIdentifier { kind: "phone", value: world.ad_phone.clone(), registry_ids: phone_ids, accounts: vec![] },
        SharedIdentifier {
            kind: "device",
            value: world.controller_device.clone(),
            registry_ids: vec![],
            accounts: device_accounts,
        },
    ];

    let hard_negatives = world
        .negatives
        .iter()
        .map(|n| Negative {
            kind: n.kind,
            registry_ids: n.who.iter().map(|&h| holder_id(world, h)).collect(),
            accounts: n.who.iter().flat_map(|&h| accounts_of(world, h)).collect(),
            why: n.why,
        })
        .collect();

    let invalid_ibans = world
        .postings
        .iter()
        .filter_map(|p| {
            let intended = p.typo_of.clone()?;
            Some(IbanTypo {
                file: file_of(world.accounts[p.account].bank()?),
                reference: p.reference.clone(),
                written: p.cpty_iban.clone().unwrap_or_default(),
                intended,
            })
        })
        .collect();
    let mut name_variants: Vec<NameVariant> = world
        .accounts
        .iter()
        .filter_map(|a| {
            let bank = a.bank()?;
            let Holder::Person(p) = a.holder else { return None };
            let registry_name = world.persons[p].name();
            (registry_name != a.holder_written).then(|| NameVariant {
                registry_id: world.persons[p].id.clone(),
                registry_name,
                file: file_of(bank),
                account: a.iban.clone(),
                written: a.holder_written.clone(),
            })
        })
        .collect();
    name_variants.sort_by(|a, b| a.registry_id.cmp(&b.registry_id));

    Truth {
        generator: concat!("theseus-simulate ", env!("CARGO_PKG_VERSION")),
        scenario: "demo",
        seed,
        period: Period { from: calendar::START.to_string(), to: calendar::END.to_string() },
        files: vec![NORDBANK_FILE, HARBOUR_FILE, REGISTRY_FILE],
        operation: Operation {
            id: "op-0001",
            kind: "sexual_exploitation",
            summary: "Sexual exploitation advertised on an adult ad site, run from Hamburg on a weekly circuit of German cities. Victims recruited in Romania and Bulgaria collect client payments and cash and forward most of it each morning to the controller's funnel account; the controller sends cash onwards to the recruiter in Romania within two days, pays the victims' flats, the transporter and his partner, runs a front massage studio and buys a car and a flat deposit with the proceeds.",
            members,
            shared_identifiers,
            proceeds,
            assets,
            transactions,
        },
        hard_negatives,
        noise: Noise { invalid_ibans, name_variants },
    }
}

/// Writes the truth as pretty-printed JSON.
pub(crate) fn write(world: &World, seed: u64) -> std::io::Result<Vec<u8>> {
    let mut buf = serde_json::to_vec_pretty(&truth(world, seed))?;
    buf.push(b'\n');
    Ok(buf)
}
