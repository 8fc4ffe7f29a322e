//! The unit entity resolution works on: one [`Record`] per source entity, with the fields that identify a
//! person or organisation, normalised where a normaliser exists.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use theseus_model::{Entity, Schema, normalize};

/// What a record describes, which decides how it is resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// A natural person: deterministic links on identity documents, then probabilistic matching.
    Person,
    /// A company or other organisation: deterministic links on registration numbers, then probabilistic
    /// matching.
    Organization,
    /// A thing that is its identifier (bank account, crypto wallet, online account, identity document,
    /// address): resolved by identifier only.
    Thing,
}

/// A name as the source wrote it, with the parts the source told apart.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Name {
    /// The whole name as written ("PETROV Oleksandr", "Sasha").
    pub full: String,
    /// The given name(s), when the source has a column for them.
    pub given: Option<String>,
    /// The family name, when the source has a column for it.
    pub family: Option<String>,
}

impl Name {
    /// A name known only as one string, whose parts are unknown.
    pub fn full(full: impl Into<String>) -> Name {
        Name { full: full.into(), given: None, family: None }
    }

    /// A name with a given and a family part.
    pub fn parts(given: impl Into<String>, family: impl Into<String>) -> Name {
        let (g, f) = (given.into(), family.into());
        let full = format!("{g} {f}").trim().to_string();
        Name { full, given: Some(g).filter(|s| !s.trim().is_empty()), family: Some(f).filter(|s| !s.trim().is_empty()) }
    }
}

/// A postal address.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Address {
    /// The address as written, postcode included or not.
    pub text: String,
    /// The postcode, when the source has it apart.
    pub postcode: Option<String>,
}

/// The kind of a strong identifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// A phone number, E.164 where it could be normalised.
    Phone,
    /// An e-mail address, lowercased.
    Email,
    /// A bank account: IBAN in electronic form, or a domestic number without separators.
    Account,
    /// A payment card fingerprint (masked PAN or token).
    Card,
    /// An identity document, tax or social security number of a person; a registration, tax or VAT number of
    /// an organisation.
    Document,
    /// A crypto-currency address.
    Crypto,
    /// An account on an online service (ad site, messenger), as `service:username`.
    OnlineAccount,
    /// The sorted words and postcode of an address entity; only address things are linked by it.
    Address,
}

impl IdKind {
    /// The lowercase name used in output.
    pub fn as_str(self) -> &'static str {
        match self {
            IdKind::Phone => "phone",
            IdKind::Email => "email",
            IdKind::Account => "account",
            IdKind::Card => "card",
            IdKind::Document => "document",
            IdKind::Crypto => "crypto",
            IdKind::OnlineAccount => "online_account",
            IdKind::Address => "address",
        }
    }
}

/// A strong identifier carried by a record.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Identifier {
    /// What it is.
    pub kind: IdKind,
    /// Its normalised value (see [`Identifier::new`]).
    pub value: String,
}

impl Identifier {
    /// Normalises a raw value for its kind: phones to E.164 (digits and a leading `+` when the number cannot be
    /// parsed), e-mails lowercased, accounts through [`normalize::account`], documents and cards upper case
    /// without separators, online accounts lowercased. Returns `None` for values with nothing left.
    pub fn new(kind: IdKind, raw: &str) -> Option<Identifier> {
        let raw = raw.trim();
        let value = match kind {
            IdKind::Phone => normalize::phone(raw, None).unwrap_or_else(|_| {
                let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
                match digits.strip_prefix("00") {
                    Some(rest) if rest.len() >= 8 && !raw.starts_with('+') => format!("+{rest}"),
                    _ if raw.starts_with('+') => format!("+{digits}"),
                    _ => digits,
                }
            }),
            IdKind::Email => normalize::email(raw).unwrap_or_else(|_| raw.to_lowercase()),
            IdKind::Account => normalize::account(raw).0,
            IdKind::Document | IdKind::Card => {
                raw.chars().filter(|c| c.is_alphanumeric() || *c == '*').flat_map(char::to_uppercase).collect()
            }
            IdKind::Crypto => raw.to_string(),
            IdKind::OnlineAccount | IdKind::Address => raw.to_lowercase(),
        };
        (!value.trim_start_matches('+').is_empty()).then_some(Identifier { kind, value })
    }
}

/// One source record: the input of resolution.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// The record's id, unique over the input (an entity id, a FEBRL `rec_id`).
    pub id: String,
    /// The source it came from (a file hash, a data set name). In link-only mode records of one source are
    /// never merged with each other.
    pub source: String,
    /// The FtM schema, or a label for plain rows.
    pub schema: String,
    /// How it is resolved.
    pub kind: Kind,
    /// Names and aliases.
    pub names: Vec<Name>,
    /// Birth dates of a person: ISO 8601 (`1985-04-09`, `1985-04`, `1985`), `YYYYMMDD`, or `DD.MM.YYYY`.
    pub birth_dates: Vec<String>,
    /// `male`, `female` (FtM's gender values); anything else is ignored.
    pub genders: Vec<String>,
    /// Postal addresses.
    pub addresses: Vec<Address>,
    /// Strong identifiers.
    pub identifiers: Vec<Identifier>,
    /// Phones and e-mails by which a thing (an online account, a phone line) can be reached: not what the
    /// thing is, so two things sharing one are not one thing, but they tie the thing to the party that
    /// carries the same phone or e-mail.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub contacts: Vec<Identifier>,
}

impl Record {
    /// An empty record of a kind.
    pub fn new(id: impl Into<String>, source: impl Into<String>, schema: impl Into<String>, kind: Kind) -> Record {
        Record {
            id: id.into(),
            source: source.into(),
            schema: schema.into(),
            kind,
            names: Vec::new(),
            birth_dates: Vec::new(),
            genders: Vec::new(),
            addresses: Vec::new(),
            identifiers: Vec::new(),
            contacts: Vec::new(),
        }
    }

    /// Adds an identifier, normalised, skipping empty values and duplicates.
    pub fn add_identifier(&mut self, kind: IdKind, raw: &str) {
        if let Some(id) = Identifier::new(kind, raw)
            && !self.identifiers.contains(&id)
        {
            self.identifiers.push(id);
        }
    }

    /// Adds a contact identifier (a thing's phone or e-mail), normalised, skipping empty values and duplicates.
    pub fn add_contact(&mut self, kind: IdKind, raw: &str) {
        if let Some(id) = Identifier::new(kind, raw)
            && !self.contacts.contains(&id)
        {
            self.contacts.push(id);
        }
    }

    /// The identifiers of one kind.
    pub fn identifiers_of(&self, kind: IdKind) -> impl Iterator<Item = &str> {
        self.identifiers.iter().filter(move |i| i.kind == kind).map(|i| i.value.as_str())
    }
}

/// Identifier properties of persons and organisations, by kind.
const LEGAL_ENTITY_IDS: &[(IdKind, &[&str])] = &[
    (IdKind::Phone, &["phone"]),
    (IdKind::Email, &["email"]),
    (
        IdKind::Document,
        &[
            "passportNumber",
            "idNumber",
            "socialSecurityNumber",
            "taxNumber",
            "registrationNumber",
            "vatCode",
            "innCode",
            "ogrnCode",
            "leiCode",
        ],
    ),
];

/// The schemata whose entities are things known by an identifier, most specific first.
const THING_FAMILIES: &[&str] =
    &["BankAccount", "CryptoWallet", "UserAccount", "Identification", "Address", "Vehicle", "RealEstate"];

/// The family of a thing's schema (`Passport` → `Identification`): things of one family with one identifier
/// are one thing.
pub(crate) fn thing_family(schema: &str) -> &'static str {
    Schema::get(schema).and_then(|s| THING_FAMILIES.iter().find(|f| s.is_a(f)).copied()).unwrap_or("Thing")
}

/// Legal forms that, as a word of a name, say the name is an organisation's: the unambiguous ones of
/// [`crate::names::LEGAL_FORMS`] (not "as", "ad", "co"…, which are also words and names).
const ORGANISATION_MARKERS: &[&str] = &[
    "ltd",
    "limited",
    "llc",
    "llp",
    "plc",
    "inc",
    "incorporated",
    "corp",
    "corporation",
    "gmbh",
    "mbh",
    "kg",
    "ug",
    "ohg",
    "sarl",
    "srl",
    "spa",
    "sro",
    "ooo",
    "tov",
    "eood",
    "kft",
    "zrt",
];

/// Whether a name is an organisation's by its legal form: a marker word, or a German registered merchant
/// ("e.K.", whose letters alone are no word).
pub(crate) fn organisation_name(name: &str) -> bool {
    let toks = crate::text::tokens(name);
    toks.iter().any(|t| ORGANISATION_MARKERS.contains(&t.as_str()))
        || toks.windows(2).last().is_some_and(|w| w[0] == "e" && (w[1] == "k" || w[1] == "kfm"))
}

/// How an entity is resolved. A `Person` that has only organisation names and nothing of a person (a
/// phone subscriber list gives companies' lines the subscriber's schema) is resolved as an organisation.
fn kind_of_entity(e: &Entity, schema: &Schema) -> Option<Kind> {
    let kind = kind_of(schema)?;
    let personal = ["firstName", "lastName", "birthDate", "gender", "passportNumber"];
    let names = e.values("name");
    if kind == Kind::Person
        && !names.is_empty()
        && names.iter().all(|n| organisation_name(n))
        && personal.iter().all(|p| e.values(p).is_empty())
    {
        return Some(Kind::Organization);
    }
    Some(kind)
}

/// How a schema is resolved.
fn kind_of(schema: &Schema) -> Option<Kind> {
    if schema.is_a("Person") {
        Some(Kind::Person)
    } else if schema.is_a("Organization") || schema.name == "LegalEntity" {
        Some(Kind::Organization)
    } else if THING_FAMILIES.iter().any(|s| schema.is_a(s)) {
        Some(Kind::Thing)
    } else {
        None
    }
}

/// Builds resolution records from FtM entities.
///
/// Persons, organisations and identifier-like things (bank accounts, crypto wallets, online accounts,
/// identity documents, addresses, vehicles, real estate) become records; relationships, payments, ads and
/// other documents do not, though some of them add to the records of the parties they connect:
/// `Ownership` gives its owner the asset's account number or crypto address, an `Identification`/`Passport`
/// gives its holder the document number, a `UserAccount` gives its owner the `service:username`, and
/// `addressEntity` references give the address entity's text and postcode. The source of a record is the
/// SHA-256 of its evidence file.
pub fn records_from_entities(entities: &[Entity]) -> Vec<Record> {
    // Fragments of one entity (an ad export and a production return both name a poster account) are one
    // entity with the values of all of them, as in FtM; the first fragment's provenance stands.
    let mut count: HashMap<&str, u32> = HashMap::new();
    for e in entities {
        *count.entry(e.id.as_str()).or_default() += 1;
    }
    let mut merged: HashMap<&str, Entity> = HashMap::new();
    for e in entities.iter().filter(|e| count[e.id.as_str()] > 1) {
        match merged.get_mut(e.id.as_str()) {
            None => {
                merged.insert(e.id.as_str(), e.clone());
            }
            Some(m) => {
                for (p, vs) in &e.properties {
                    for v in vs {
                        if !m.values(p).contains(v) {
                            m.add(p, v.clone());
                        }
                    }
                }
            }
        }
    }
    let by_id: HashMap<&str, &Entity> =
        entities.iter().map(|e| (e.id.as_str(), merged.get(e.id.as_str()).unwrap_or(e))).collect();
    let mut out: Vec<Record> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for e in entities {
        if index.contains_key(&e.id) {
            continue;
        }
        let e = by_id[e.id.as_str()];
        let Some(schema) = e.schema_def() else { continue };
        let Some(kind) = kind_of_entity(e, schema) else { continue };
        let mut r = Record::new(e.id.clone(), e.provenance.sha256.clone(), e.schema.clone(), kind);
        match kind {
            Kind::Person | Kind::Organization => fill_legal_entity(&mut r, e, &by_id),
            Kind::Thing => fill_thing(&mut r, e),
        }
        index.insert(e.id.clone(), out.len());
        out.push(r);
    }
    // Edges and documents that add identifiers to the parties they name.
    for e in entities {
        let Some(schema) = e.schema_def() else { continue };
        let mut give = |holder: &str, kind: IdKind, value: &str| {
            if let Some(&i) = index.get(holder)
                && matches!(out[i].kind, Kind::Person | Kind::Organization)
            {
                out[i].add_identifier(kind, value);
            }
        };
        if schema.is_a("Ownership") {
            for (owner, asset) in e.values("owner").iter().flat_map(|o| e.values("asset").iter().map(move |a| (o, a))) {
                if let Some(a) = by_id.get(asset.as_str()) {
                    for v in a.values("iban").iter().chain(a.values("accountNumber")) {
                        give(owner, IdKind::Account, v);
                    }
                    for v in a.values("publicKey").iter().chain(a.values("cryptoAddress")) {
                        give(owner, IdKind::Crypto, v);
                    }
                }
            }
        } else if schema.is_a("Identification") {
            for holder in e.values("holder") {
                for v in e.values("number").iter().chain(e.values("passportNumber")) {
                    give(holder, IdKind::Document, v);
                }
            }
        } else if schema.is_a("UserAccount") {
            for owner in e.values("owner") {
                for v in online_accounts(e) {
                    give(owner, IdKind::OnlineAccount, &v);
                }
            }
        }
    }
    // A payment card an online account used names its holder: the account's record takes the holder's
    // name, which can only speak against tying the account to a party of another name.
    for e in entities {
        let Some(schema) = e.schema_def() else { continue };
        if !schema.is_a("UnknownLink") {
            continue;
        }
        for (x, y) in e.values("subject").iter().flat_map(|s| e.values("object").iter().map(move |o| (s, o))) {
            for (account, card) in [(x, y), (y, x)] {
                let (Some(&i), Some(card)) = (index.get(account.as_str()), by_id.get(card.as_str())) else {
                    continue;
                };
                if out[i].schema != "UserAccount" || !card.schema_def().is_some_and(|s| s.is_a("BankAccount")) {
                    continue;
                }
                for n in card.values("name") {
                    if !out[i].names.iter().any(|m| m.full == *n) {
                        out[i].names.push(Name::full(n.clone()));
                    }
                }
            }
        }
    }
    out
}

fn online_accounts(e: &Entity) -> Vec<String> {
    let service = e.first("service").unwrap_or("").trim().to_lowercase();
    e.values("username").iter().map(|u| format!("{service}:{}", u.trim())).collect()
}

fn fill_legal_entity(r: &mut Record, e: &Entity, by_id: &HashMap<&str, &Entity>) {
    let props = &e.properties;
    let first = |p: &str| props.get(p).and_then(|v| v.first()).cloned();
    match (first("firstName"), first("lastName")) {
        (g, f) if g.is_some() || f.is_some() => {
            r.names.push(Name::parts(g.unwrap_or_default(), f.unwrap_or_default()));
        }
        _ => {}
    }
    for p in ["name", "alias", "previousName", "weakAlias", "abbreviation"] {
        for v in e.values(p) {
            if !r.names.iter().any(|n| n.full == *v) {
                r.names.push(Name::full(v.clone()));
            }
        }
    }
    r.birth_dates.extend(e.values("birthDate").iter().cloned());
    r.genders.extend(e.values("gender").iter().cloned());
    for v in e.values("address") {
        r.addresses.push(Address { text: v.clone(), postcode: None });
    }
    for a in e.values("addressEntity") {
        if let Some(ae) = by_id.get(a.as_str()) {
            let text = ae.first("full").map(str::to_string).unwrap_or_else(|| {
                ["street", "street2", "city", "region"]
                    .iter()
                    .filter_map(|p| ae.first(p))
                    .collect::<Vec<_>>()
                    .join(", ")
            });
            r.addresses.push(Address { text, postcode: ae.first("postalCode").map(str::to_string) });
        }
    }
    for (kind, props) in LEGAL_ENTITY_IDS {
        for p in *props {
            for v in e.values(p) {
                r.add_identifier(*kind, v);
            }
        }
    }
}

fn fill_thing(r: &mut Record, e: &Entity) {
    let schema = e.schema_def().expect("checked by the caller");
    let ids: &[(IdKind, &str)] = if schema.is_a("BankAccount") {
        &[(IdKind::Account, "iban"), (IdKind::Account, "accountNumber")]
    } else if schema.is_a("CryptoWallet") {
        &[(IdKind::Crypto, "publicKey"), (IdKind::Crypto, "cryptoAddress")]
    } else if schema.is_a("Identification") {
        &[(IdKind::Document, "number"), (IdKind::Document, "passportNumber")]
    } else if schema.is_a("Vehicle") || schema.is_a("RealEstate") {
        &[(IdKind::Document, "registrationNumber")]
    } else {
        &[]
    };
    for (kind, p) in ids {
        for v in e.values(p) {
            r.add_identifier(*kind, v);
        }
    }
    if schema.is_a("UserAccount") {
        for v in online_accounts(e) {
            r.add_identifier(IdKind::OnlineAccount, &v);
        }
    }
    for v in e.values("phone") {
        r.add_contact(IdKind::Phone, v);
    }
    for v in e.values("email") {
        r.add_contact(IdKind::Email, v);
    }
    if schema.is_a("Address") {
        let text = e.first("full").map(str::to_string).unwrap_or_else(|| {
            ["street", "street2", "city", "region"].iter().filter_map(|p| e.first(p)).collect::<Vec<_>>().join(", ")
        });
        r.addresses.push(Address { text, postcode: e.first("postalCode").map(str::to_string) });
    }
    for v in e.values("name") {
        r.names.push(Name::full(v.clone()));
    }
}
