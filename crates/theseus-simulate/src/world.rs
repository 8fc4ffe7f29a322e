//! The world model: people, companies, accounts, assets, the postings on the accounts, the ads, phones,
//! calls and crypto transfers, and the record of what was injected. Generators (population, operations)
//! fill it; writers turn it into evidence files. Nothing here knows a file format.

use std::fmt;
use std::ops::Deref;
use std::sync::Arc;

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::calendar::{self, Period, Zone};
use crate::catalog::City;
use crate::iban::Issuer;
use crate::rng::Rng;
use crate::text::NameStyle;

/// A cheap-to-clone string: a static literal or a shared heap string. Postings carry many repeated texts
/// (merchant names, counterparties, memos); sharing them keeps generation free of per-posting allocations.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Txt {
    S(&'static str),
    A(Arc<str>),
}

impl Deref for Txt {
    type Target = str;
    fn deref(&self) -> &str {
        match self {
            Txt::S(s) => s,
            Txt::A(a) => a,
        }
    }
}

impl fmt::Debug for Txt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&**self, f)
    }
}

impl fmt::Display for Txt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self)
    }
}

impl From<&'static str> for Txt {
    fn from(s: &'static str) -> Txt {
        Txt::S(s)
    }
}

impl From<String> for Txt {
    fn from(s: String) -> Txt {
        if s.is_empty() { Txt::S("") } else { Txt::A(Arc::from(s)) }
    }
}

impl From<&Txt> for Txt {
    fn from(s: &Txt) -> Txt {
        s.clone()
    }
}

impl Txt {
    /// The empty text.
    pub(crate) const EMPTY: Txt = Txt::S("");
}

/// The banks whose statements are handed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Bank {
    /// German bank: `nordbank.csv`.
    Nordbank,
    /// UK bank with euro accounts for customers living in Germany: `harbour.csv`.
    Harbour,
    /// Austrian savings bank: `danube.csv`.
    Danube,
}

impl Bank {
    /// All banks, in file order.
    pub(crate) const ALL: [Bank; 3] = [Bank::Nordbank, Bank::Harbour, Bank::Danube];

    /// The bank's name as the registry and counterparties write it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Bank::Nordbank => "Nordbank AG",
            Bank::Harbour => "Harbour Bank plc",
            Bank::Danube => "Danube Savings AG",
        }
    }

    /// The zone the bank writes times in.
    pub(crate) fn zone(self) -> Zone {
        match self {
            Bank::Nordbank => Zone::Berlin,
            Bank::Harbour => Zone::London,
            Bank::Danube => Zone::Vienna,
        }
    }

    /// The bank's BIC (fictitious, well-formed).
    pub(crate) fn bic(self) -> &'static str {
        match self {
            Bank::Nordbank => "NRDBDEHHXXX",
            Bank::Harbour => "HRBRGB2LXXX",
            Bank::Danube => "DNBSATWWXXX",
        }
    }

    /// First six digits of the bank's debit cards (issuer identification number).
    pub(crate) fn bin(self) -> &'static str {
        match self {
            Bank::Nordbank => "454617",
            Bank::Harbour => "535522",
            Bank::Danube => "412893",
        }
    }
}

/// Female or male; detectors are measured per gender, so victims and offenders of both are generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Female,
    Male,
}

impl Gender {
    /// As FtM and the truth write it.
    pub(crate) fn word(self) -> &'static str {
        match self {
            Gender::Female => "female",
            Gender::Male => "male",
        }
    }
}

/// A natural person.
#[derive(Debug, Clone)]
pub(crate) struct Person {
    /// Registry id, assigned when the world is finished.
    pub id: String,
    pub first: String,
    pub last: String,
    pub gender: Gender,
    pub birth: NaiveDate,
    /// Whether the registry holds the birth date (some records lack it: noise, listed in the truth).
    pub birth_known: bool,
    /// ISO 3166-1 alpha-2, upper case.
    pub nationality: &'static str,
    /// E.164 numbers.
    pub phones: Vec<String>,
    pub email: Option<String>,
    pub address: Option<String>,
    /// An earlier address that older records (phone contracts) still carry.
    pub old_address: Option<String>,
    /// Occupation as a registry would hold it.
    pub profession: Option<String>,
}

impl Person {
    /// The name as registries write it.
    pub(crate) fn name(&self) -> String {
        format!("{} {}", self.first, self.last)
    }
}

/// A company or other organisation.
#[derive(Debug, Clone)]
pub(crate) struct Company {
    /// Registry id, assigned when the world is finished.
    pub id: String,
    pub name: String,
    pub registration: String,
    /// ISO 3166-1 alpha-2, upper case.
    pub jurisdiction: &'static str,
    pub address: String,
    pub phone: Option<String>,
    /// Whether the registry extract holds this company (utilities and the like are only counterparties).
    pub in_registry: bool,
}

/// Who holds an account or an asset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Holder {
    Person(usize),
    Company(usize),
}

/// Where an account is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Domicile {
    /// At a bank whose statement is in the evidence.
    In(Bank),
    /// Elsewhere; only seen as a counterparty.
    External { bank: &'static str, country: &'static str },
}

/// A bank account.
#[derive(Debug, Clone)]
pub(crate) struct Account {
    /// Registry id, assigned when the world is finished (only for accounts the registry holds).
    pub id: String,
    pub iban: Txt,
    pub at: Domicile,
    pub currency: &'static str,
    pub holder: Holder,
    /// The holder's name as this account's bank writes it.
    pub holder_written: Txt,
    /// Online-banking device and IP address (Harbour records them).
    pub device: Option<String>,
    pub ip: Option<String>,
    /// Balance before the period, at least; raised when finishing so that no account is overdrawn.
    pub opening: i64,
    /// Whether the registry extract holds this account.
    pub in_registry: bool,
    /// When the account was opened.
    pub opened: NaiveDate,
    /// Whether its postings are generated while the statement is written (ordinary customers).
    pub streamed: bool,
}

impl Account {
    /// The bank, if the statement is in the evidence.
    pub(crate) fn bank(&self) -> Option<Bank> {
        match self.at {
            Domicile::In(b) => Some(b),
            Domicile::External { .. } => None,
        }
    }

    /// Country of the account (from its IBAN).
    pub(crate) fn country(&self) -> &'static str {
        match &self.iban[..2] {
            "DE" => "DE",
            "GB" => "GB",
            "RO" => "RO",
            "PL" => "PL",
            "AT" => "AT",
            "BG" => "BG",
            "NL" => "NL",
            "LT" => "LT",
            "UA" => "UA",
            _ => "XX",
        }
    }

    /// The last four digits of the account's debit card (derived from the IBAN, stable).
    pub(crate) fn card_last4(&self) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in self.iban.bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        format!("{:04}", h % 10_000)
    }
}

/// How money moved, before a bank names it in its own vocabulary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Card,
    Atm,
    CashDeposit,
    Transfer,
    /// Instant transfer from a banking app.
    Instant,
    Salary,
    StandingOrder,
    DirectDebit,
    /// Cross-border transfer outside the euro/sterling schemes.
    International,
    /// Cash remittance through a money transfer operator.
    Remittance,
    /// Payment-app transfer.
    P2p,
    Fee,
    /// A card acquirer paying out a merchant's card takings.
    Settlement,
}

/// Marks a posting as part of an operation, for the ground truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OpTag {
    /// Index of the operation in [`World::ops`].
    pub op: u16,
    /// What the transaction is in the operation, e.g. `proceeds_forwarded`.
    pub what: &'static str,
    /// The victim whose exploitation produced the money, if one can be named.
    pub victim: Option<usize>,
    /// The asset bought, for asset purchases.
    pub asset: Option<usize>,
}

/// One line on one account's statement.
#[derive(Debug, Clone)]
pub(crate) struct Posting {
    pub account: usize,
    pub utc: NaiveDateTime,
    /// Signed: positive is money in.
    pub cents: i64,
    pub kind: Kind,
    pub cpty_name: Option<Txt>,
    pub cpty_iban: Option<Txt>,
    pub cpty_country: Option<&'static str>,
    pub merchant: Option<Txt>,
    pub mcc: Option<u16>,
    pub city: Option<&'static str>,
    pub branch: Option<u16>,
    pub memo: Txt,
    /// Initiated in online banking (device and IP are recorded).
    pub online: bool,
    pub op: Option<OpTag>,
    /// The right IBAN when `cpty_iban` was mistyped (noise, listed in the truth).
    pub typo_of: Option<String>,
    /// Assigned when the statement is written.
    pub reference: String,
    /// Balance after the posting, assigned when the world is finished.
    pub balance: i64,
}

impl Posting {
    pub(crate) fn new(account: usize, utc: NaiveDateTime, cents: i64, kind: Kind) -> Posting {
        Posting {
            account,
            utc,
            cents,
            kind,
            cpty_name: None,
            cpty_iban: None,
            cpty_country: None,
            merchant: None,
            mcc: None,
            city: None,
            branch: None,
            memo: Txt::EMPTY,
            online: false,
            op: None,
            typo_of: None,
            reference: String::new(),
            balance: 0,
        }
    }
}

/// A party to a transfer.
#[derive(Debug, Clone)]
pub(crate) enum Party {
    /// An account in the world.
    Acct(usize),
    /// Someone seen only as a counterparty: a client, a relative abroad, a shop.
    Ext { name: Txt, iban: Option<Txt>, country: &'static str },
}

impl Party {
    /// An outside party.
    pub(crate) fn ext(name: impl Into<Txt>, iban: Option<String>, country: &'static str) -> Party {
        Party::Ext { name: name.into(), iban: iban.map(Txt::from), country }
    }
}

/// Registry links between entities.
#[derive(Debug, Clone)]
pub(crate) enum Link {
    Directorship { director: usize, company: usize, role: &'static str, since: NaiveDate },
    Employment { employee: usize, employer: usize, role: &'static str },
    Family { person: usize, relative: usize, relationship: &'static str },
    Ownership { owner: Holder, asset: Owned, since: Option<NaiveDate> },
}

/// What an ownership link points at.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Owned {
    Account(usize),
    Asset(usize),
    Company(usize),
}

/// Real estate or a vehicle.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    pub id: String,
    /// `RealEstate` or `Vehicle`.
    pub schema: &'static str,
    pub name: String,
    pub registration: String,
    pub price_cents: i64,
    pub currency: &'static str,
    pub address: Option<String>,
    pub model: Option<String>,
    pub acquired: NaiveDate,
    pub owner: Holder,
    /// ISO 3166-1 alpha-2 (upper case) of where it is registered.
    pub country: &'static str,
}

/// An account on an online service, as the registry holds it (ad-site accounts have their own record).
#[derive(Debug, Clone)]
pub(crate) struct UserAccount {
    pub id: String,
    pub service: &'static str,
    pub username: String,
    pub email: String,
    pub phone: String,
    pub created: NaiveDate,
}

/// A member of an operation.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    /// Index of the operation in [`World::ops`].
    pub op: usize,
    pub role: &'static str,
    pub holder: Holder,
    pub note: &'static str,
}

/// The kinds of operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OpKind {
    Sexual,
    Labour,
    Criminality,
}

impl OpKind {
    /// As the truth names it.
    pub(crate) fn word(self) -> &'static str {
        match self {
            OpKind::Sexual => "sexual_exploitation",
            OpKind::Labour => "labour_exploitation",
            OpKind::Criminality => "forced_criminality",
        }
    }
}

/// What the truth says about one operation beyond its members and tagged postings.
#[derive(Debug, Clone)]
pub(crate) struct OpRecord {
    pub kind: OpKind,
    /// `lone`, `small_group` or `organised`.
    pub size: &'static str,
    /// 1.0 leaves every trace; lower values leave fewer.
    pub trace: f64,
    /// Sector or modus operandi, e.g. `construction`, `begging`, `online_ads`.
    pub sector: &'static str,
    pub summary: String,
    /// Victims (person indices).
    pub victims: Vec<usize>,
    /// Shared identifiers the operation leaves: (kind, value).
    pub identifiers: Vec<(&'static str, String)>,
    /// Estimated takings per victim that never touched a bank (cash handed over), cents.
    pub unbanked: Vec<(usize, i64)>,
    /// Crypto wallets (addresses) the operation controls.
    pub wallets: Vec<String>,
}

/// Someone placed in the world to look suspicious to a careless detector.
#[derive(Debug, Clone)]
pub(crate) struct HardNegative {
    pub who: Vec<Holder>,
    pub kind: &'static str,
    pub why: &'static str,
}

/// The ad sites.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Site {
    /// An adult directory (fictitious).
    EscortDir,
    /// A general classifieds site: furniture, jobs, rentals (fictitious).
    QuickMarkt,
}

impl Site {
    /// The `site` field of the export.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Site::EscortDir => "escortdir",
            Site::QuickMarkt => "quickmarkt",
        }
    }

    /// Prefix of ad ids and poster accounts.
    pub(crate) fn prefix(self) -> &'static str {
        match self {
            Site::EscortDir => "ED",
            Site::QuickMarkt => "QM",
        }
    }

    /// How a card statement names the site.
    pub(crate) fn descriptor(self) -> &'static str {
        match self {
            Site::EscortDir => "ESCORTDIR.COM",
            Site::QuickMarkt => "QUICKMARKT ADS",
        }
    }

    /// Where the site's card acquirer locates it.
    pub(crate) fn city(self) -> &'static City {
        match self {
            Site::EscortDir => &crate::catalog::VALLETTA,
            Site::QuickMarkt => &crate::catalog::BERLIN,
        }
    }

    /// The site's domain.
    pub(crate) fn domain(self) -> &'static str {
        match self {
            Site::EscortDir => "escortdir.com",
            Site::QuickMarkt => "quickmarkt.example",
        }
    }
}

/// The card a poster pays posting fees with.
#[derive(Debug, Clone)]
pub(crate) enum CardRef {
    /// The debit card of an account at an evidence bank: each fee is a posting on its statement.
    Account(usize),
    /// A card from elsewhere (another bank, a prepaid card): no statement in the evidence.
    Outside { bin: String, last4: String, holder: String },
}

/// An ad-site poster account.
#[derive(Debug, Clone)]
pub(crate) struct Poster {
    pub site: Site,
    /// e.g. `ED-U-0042`, assigned when the world is finished.
    pub id: String,
    pub emails: Vec<String>,
    pub phones: Vec<String>,
    pub ips: Vec<String>,
    pub cards: Vec<CardRef>,
    /// Who runs it.
    pub holder: Option<Holder>,
    /// Operation, if any.
    pub op: Option<usize>,
}

/// One ad.
#[derive(Debug, Clone)]
pub(crate) struct Ad {
    pub site: Site,
    /// e.g. `ED-000123`, assigned in posting order when the world is finished.
    pub id: String,
    /// Local time of posting in `zone`.
    pub posted: NaiveDateTime,
    pub zone: Zone,
    pub city: &'static str,
    pub title: String,
    pub body: String,
    /// The phone as written in the ad (maybe obfuscated).
    pub phone_written: Option<String>,
    /// The phone it stands for, E.164 (truth).
    pub phone: Option<String>,
    pub email: Option<String>,
    pub images: Vec<String>,
    pub poster: usize,
    /// Posting fee: amount in cents, the card used (index into the poster's cards), the posting on a bank
    /// statement if the card is at an evidence bank.
    pub fee: Option<(i64, usize, Option<usize>)>,
    pub op: Option<usize>,
    /// The person advertised (victims, independent advertisers).
    pub subject: Option<usize>,
    /// Whether the phone is written obfuscated.
    pub obfuscated: bool,
}

/// A phone line as its operator's subscriber records hold it.
#[derive(Debug, Clone)]
pub(crate) struct PhoneLine {
    pub msisdn: String,
    /// Registered subscriber name as written by the operator.
    pub subscriber: String,
    pub birth: Option<NaiveDate>,
    pub address: String,
    pub id_document: String,
    pub activation: NaiveDate,
    pub operator: &'static str,
    /// The person (or company) in whose name the line is registered, if in the world.
    pub registered_to: Option<Holder>,
    /// Who actually uses the phone (truth).
    pub used_by: Option<Holder>,
    pub op: Option<usize>,
    /// Whether `address` is an out-of-date one (noise).
    pub stale_address: bool,
}

/// One call or SMS.
#[derive(Debug, Clone)]
pub(crate) struct Call {
    pub utc: NaiveDateTime,
    pub duration_s: u32,
    pub sms: bool,
    pub caller: Txt,
    pub callee: Txt,
    /// Where the caller's phone was.
    pub city: &'static City,
    pub op: Option<usize>,
    /// Record id, assigned when written.
    pub id: String,
}

/// A crypto asset on the exchange.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Coin {
    Btc,
    Eth,
    Usdt,
}

impl Coin {
    /// Ticker.
    pub(crate) fn ticker(self) -> &'static str {
        match self {
            Coin::Btc => "BTC",
            Coin::Eth => "ETH",
            Coin::Usdt => "USDT",
        }
    }

    /// Decimal places the exchange shows.
    pub(crate) fn decimals(self) -> u32 {
        match self {
            Coin::Btc => 8,
            Coin::Eth => 8,
            Coin::Usdt => 2,
        }
    }
}

/// One deposit or withdrawal on the exchange.
#[derive(Debug, Clone)]
pub(crate) struct CryptoTx {
    pub utc: NaiveDateTime,
    pub account_id: String,
    pub holder: String,
    pub coin: Coin,
    pub deposit: bool,
    /// Amount in the coin's smallest shown unit (10^-decimals).
    pub units: i64,
    pub fiat_cents: i64,
    pub fiat: &'static str,
    /// The outside address: destination of a withdrawal, source of a deposit.
    pub address: String,
    pub txid: String,
    pub op: Option<usize>,
    /// Assigned when written.
    pub id: String,
}

/// An STR a bank filed.
#[derive(Debug, Clone)]
pub(crate) struct StrCase {
    pub bank: Bank,
    /// The reported account (the bank's client).
    pub account: usize,
    /// Postings reported (indices into the world's postings).
    pub postings: Vec<usize>,
    pub indicators: Vec<&'static str>,
    pub reason: String,
    pub filed: NaiveDate,
    pub op: Option<usize>,
    /// Index of the hard negative, for false positives.
    pub negative: Option<usize>,
    /// File name, assigned when written.
    pub file: String,
}

/// Deliberate defects recorded while writing, for the truth.
#[derive(Debug, Clone, Default)]
pub(crate) struct NoiseLog {
    /// (file, reference) of rows written twice.
    pub duplicates: Vec<(&'static str, String)>,
    /// (file, reference, column) of fields left empty on purpose.
    pub missing: Vec<(&'static str, String, &'static str)>,
}

/// The whole simulated world.
pub(crate) struct World {
    pub period: Period,
    pub persons: Vec<Person>,
    pub companies: Vec<Company>,
    pub accounts: Vec<Account>,
    pub assets: Vec<Asset>,
    pub user_accounts: Vec<UserAccount>,
    pub links: Vec<Link>,
    pub postings: Vec<Posting>,
    pub ops: Vec<OpRecord>,
    pub members: Vec<Member>,
    pub negatives: Vec<HardNegative>,
    pub posters: Vec<Poster>,
    pub ads: Vec<Ad>,
    pub lines: Vec<PhoneLine>,
    pub calls: Vec<Call>,
    pub crypto: Vec<CryptoTx>,
    pub strs: Vec<StrCase>,
    pub noise: NoiseLog,
    pub issuer: Issuer,
}

impl World {
    pub(crate) fn new(period: Period) -> World {
        World {
            period,
            persons: vec![],
            companies: vec![],
            accounts: vec![],
            assets: vec![],
            user_accounts: vec![],
            links: vec![],
            postings: vec![],
            ops: vec![],
            members: vec![],
            negatives: vec![],
            posters: vec![],
            ads: vec![],
            lines: vec![],
            calls: vec![],
            crypto: vec![],
            strs: vec![],
            noise: NoiseLog::default(),
            issuer: Issuer::default(),
        }
    }

    /// First day of the period.
    pub(crate) fn start(&self) -> NaiveDate {
        self.period.start
    }

    /// Last day of the period.
    pub(crate) fn end(&self) -> NaiveDate {
        self.period.end
    }

    pub(crate) fn add_person(&mut self, p: Person) -> usize {
        self.persons.push(p);
        self.persons.len() - 1
    }

    pub(crate) fn add_company(&mut self, c: Company) -> usize {
        self.companies.push(c);
        self.companies.len() - 1
    }

    pub(crate) fn add_account(&mut self, a: Account) -> usize {
        let holder = a.holder;
        let registry = a.in_registry;
        self.accounts.push(a);
        let i = self.accounts.len() - 1;
        if registry {
            self.links.push(Link::Ownership { owner: holder, asset: Owned::Account(i), since: None });
        }
        i
    }

    /// The display name of a holder as the registry writes it.
    pub(crate) fn holder_name(&self, h: Holder) -> String {
        match h {
            Holder::Person(p) => self.persons[p].name(),
            Holder::Company(c) => self.companies[c].name.clone(),
        }
    }

    /// The zone of an account's holder's everyday life (for timing transfers they initiate).
    pub(crate) fn zone_of(&self, acct: usize) -> Zone {
        match self.accounts[acct].at {
            Domicile::In(Bank::Harbour) if self.accounts[acct].currency == "GBP" => Zone::London,
            Domicile::In(Bank::Danube) => Zone::Vienna,
            Domicile::External { country: "GB", .. } => Zone::London,
            Domicile::External { country: "AT", .. } => Zone::Vienna,
            _ => Zone::Berlin,
        }
    }

    /// One of the (up to four) branches of a city, varied by a counter.
    fn branch_in(&self, city: &City) -> Option<u16> {
        city.branch.map(|b| (b + (self.postings.len() as u32 * 31) % 4) as u16)
    }

    fn push(&mut self, p: Posting) -> usize {
        self.postings.push(p);
        self.postings.len() - 1
    }

    /// A card payment at a merchant.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn card(
        &mut self,
        acct: usize,
        city: &'static City,
        local: NaiveDateTime,
        cents: i64,
        merchant: impl Into<Txt>,
        mcc: u16,
        op: Option<OpTag>,
    ) -> usize {
        let mut p = Posting::new(acct, city.zone.to_utc(local), -cents, Kind::Card);
        p.merchant = Some(merchant.into());
        p.mcc = Some(mcc);
        p.city = Some(city.name);
        p.op = op;
        self.push(p)
    }

    /// A cash withdrawal. At the bank's own machines the branch is recorded.
    pub(crate) fn atm(&mut self, acct: usize, city: &'static City, local: NaiveDateTime, cents: i64) -> usize {
        let mut p = Posting::new(acct, city.zone.to_utc(local), -cents, Kind::Atm);
        p.city = Some(city.name);
        if self.own_branches(acct, city) {
            p.branch = self.branch_in(city);
        }
        self.push(p)
    }

    /// Whether the account's bank has branches in the city.
    fn own_branches(&self, acct: usize, city: &City) -> bool {
        match self.accounts[acct].bank() {
            Some(Bank::Nordbank) => city.country == "DE",
            Some(Bank::Danube) => city.country == "AT",
            _ => false,
        }
    }

    /// A cash deposit at a branch machine (Nordbank, Danube) or a partner shop (Harbour, and the other banks
    /// where they have no branch).
    pub(crate) fn deposit(
        &mut self,
        acct: usize,
        city: &'static City,
        local: NaiveDateTime,
        cents: i64,
        op: Option<OpTag>,
    ) -> usize {
        let mut p = Posting::new(acct, city.zone.to_utc(local), cents, Kind::CashDeposit);
        p.city = Some(city.name);
        let own = self.own_branches(acct, city) && city.branch.is_some();
        match self.accounts[acct].bank() {
            Some(Bank::Nordbank) if own => {
                p.branch = self.branch_in(city);
                p.memo = "Einzahlung Einzahlungsautomat".into();
            }
            Some(Bank::Danube) if own => {
                p.branch = self.branch_in(city);
                p.memo = "Bareinzahlung Einzahlungsautomat".into();
            }
            Some(Bank::Nordbank) => p.memo = "Bareinzahlung Partnerfiliale".into(),
            Some(Bank::Danube) => p.memo = "Bareinzahlung Fremdbank".into(),
            _ => p.memo = "Cash deposit at partner store".into(),
        }
        p.op = op;
        self.push(p)
    }

    /// A charge by the bank itself.
    pub(crate) fn fee(&mut self, acct: usize, utc: NaiveDateTime, cents: i64, memo: impl Into<Txt>) -> usize {
        let mut p = Posting::new(acct, utc, -cents, Kind::Fee);
        p.memo = memo.into();
        self.push(p)
    }

    /// How a party appears on the other side's statement. A payer's name comes from the payer's bank as that
    /// bank writes it; a payee's name is what the payer typed, which for people is usually the plain name and
    /// sometimes another order or an initial (varied by a counter, not a random draw, so that callers can
    /// pass values drawn from the same stream in the same call).
    fn party_view(&self, party: &Party, as_payee: bool) -> (Txt, Option<Txt>, &'static str) {
        match party {
            Party::Acct(a) => {
                let acc = &self.accounts[*a];
                let name = match acc.holder {
                    Holder::Person(p) if as_payee => {
                        let styles = [NameStyle::UpperLastFirst, NameStyle::LastCommaFirst, NameStyle::Initial];
                        let n = self.postings.len() * 37 % 10;
                        let style = if n < 7 { NameStyle::Natural } else { styles[n - 7] };
                        let p = &self.persons[p];
                        Txt::from(style.write(&p.first, &p.last, p.gender == Gender::Female))
                    }
                    _ => acc.holder_written.clone(),
                };
                (name, Some(acc.iban.clone()), acc.country())
            }
            Party::Ext { name, iban, country } => (name.clone(), iban.clone(), country),
        }
    }

    /// Moves money between two parties. Returns the postings made (debit, credit) for the sides that are
    /// accounts at an evidence bank. The credit arrives a few minutes after the debit (instant payments and
    /// same-bank transfers; the simulator does not model next-day clearing).
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn transfer(
        &mut self,
        from: &Party,
        to: &Party,
        utc: NaiveDateTime,
        cents: i64,
        kind: Kind,
        memo: impl Into<Txt>,
        op: Option<OpTag>,
    ) -> (Option<usize>, Option<usize>) {
        assert!(cents > 0, "transfers move a positive amount");
        let memo = memo.into();
        let from_acct = match from {
            Party::Acct(a) if self.accounts[*a].bank().is_some() => Some(*a),
            _ => None,
        };
        let to_acct = match to {
            Party::Acct(a) if self.accounts[*a].bank().is_some() => Some(*a),
            _ => None,
        };
        let mut out = (None, None);
        if let Some(a) = from_acct {
            let (to_name, to_iban, to_country) = self.party_view(to, true);
            let mut p = Posting::new(a, utc, -cents, kind);
            p.cpty_name = Some(to_name);
            p.cpty_iban = to_iban;
            p.cpty_country = Some(to_country);
            p.memo = memo.clone();
            p.online = !matches!(kind, Kind::DirectDebit | Kind::Remittance | Kind::Fee);
            p.op = op;
            out.0 = Some(self.push(p));
        }
        if let Some(a) = to_acct {
            let (from_name, from_iban, from_country) = self.party_view(from, false);
            // Clearing delay of 20–180 seconds, varied by a counter rather than a random draw so that callers
            // can pass a time drawn from the same stream in the same call.
            let delay = Duration::seconds(20 + (self.postings.len() as i64 * 7919) % 161);
            let mut p = Posting::new(a, utc + delay, cents, kind);
            p.cpty_name = Some(from_name);
            p.cpty_iban = from_iban;
            p.cpty_country = Some(from_country);
            p.memo = memo;
            p.op = op;
            out.1 = Some(self.push(p));
        }
        out
    }

    /// A transfer at a local time of the payer's zone.
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn transfer_at(
        &mut self,
        from: &Party,
        to: &Party,
        local: NaiveDateTime,
        cents: i64,
        kind: Kind,
        memo: impl Into<Txt>,
        op: Option<OpTag>,
    ) -> (Option<usize>, Option<usize>) {
        let zone = match from {
            Party::Acct(a) => self.zone_of(*a),
            Party::Ext { country: "GB", .. } => Zone::London,
            Party::Ext { country: "AT", .. } => Zone::Vienna,
            Party::Ext { .. } => Zone::Berlin,
        };
        self.transfer(from, to, zone.to_utc(local), cents, kind, memo, op)
    }

    /// The most that can leave `acct` at `utc` without overdrawing it then or later: the lowest balance from
    /// `utc` to the end of the period, counting the opening balance and every posting made so far.
    pub(crate) fn headroom(&self, acct: usize, utc: NaiveDateTime) -> i64 {
        let mut ps: Vec<&Posting> = self.postings.iter().filter(|p| p.account == acct).collect();
        ps.sort_by_key(|p| p.utc);
        let mut balance = self.accounts[acct].opening;
        let mut lowest: Option<i64> = None;
        for p in ps {
            if p.utc >= utc && lowest.is_none() {
                lowest = Some(balance);
            }
            balance += p.cents;
            if let Some(l) = lowest.as_mut() {
                *l = (*l).min(balance);
            }
        }
        lowest.unwrap_or(balance)
    }

    /// Overrides the payee name on a debit posting (the payer typed it).
    pub(crate) fn typed_name(&mut self, posting: Option<usize>, name: String) {
        if let Some(i) = posting {
            self.postings[i].cpty_name = Some(name.into());
        }
    }
}

/// A date-time for a batch booking (salaries, direct debits): early morning of a business day.
pub(crate) fn batch_time(rng: &mut Rng, zone: Zone, day: NaiveDate) -> NaiveDateTime {
    zone.to_utc(calendar::at_uniform(rng, day, 5.0, 8.0))
}
