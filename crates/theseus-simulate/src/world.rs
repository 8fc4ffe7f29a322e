//! The world model: people, companies, accounts, assets, the postings on the accounts, and the record of what
//! was injected. Generators (population, operation) fill it; writers turn it into evidence files. Nothing
//! here knows a file format.

use chrono::{Duration, NaiveDate, NaiveDateTime};

use crate::calendar::{self, Zone};
use crate::catalog::City;
use crate::iban::Issuer;
use crate::rng::Rng;
use crate::text::NameStyle;

/// The banks whose statements are handed over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Bank {
    /// German bank: `nordbank.csv`.
    Nordbank,
    /// UK bank with euro accounts for customers living in Germany: `harbour.csv`.
    Harbour,
}

impl Bank {
    /// The bank's name as the registry and counterparties write it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Bank::Nordbank => "Nordbank AG",
            Bank::Harbour => "Harbour Bank plc",
        }
    }

    /// The zone the bank writes times in.
    pub(crate) fn zone(self) -> Zone {
        match self {
            Bank::Nordbank => Zone::Berlin,
            Bank::Harbour => Zone::London,
        }
    }
}

/// Female or male; detectors are measured per gender, so victims of both are generated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gender {
    Female,
    Male,
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
    /// ISO 3166-1 alpha-2, upper case.
    pub nationality: &'static str,
    /// E.164 numbers.
    pub phones: Vec<String>,
    pub email: Option<String>,
    pub address: Option<String>,
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
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
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
    pub iban: String,
    pub at: Domicile,
    pub currency: &'static str,
    pub holder: Holder,
    /// The holder's name as this account's bank writes it.
    pub holder_written: String,
    /// Online-banking device and IP address (Harbour records them).
    pub device: Option<String>,
    pub ip: Option<String>,
    /// Balance before the period, at least; raised when finishing so that no account is overdrawn.
    pub opening: i64,
    /// Whether the registry extract holds this account.
    pub in_registry: bool,
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
            _ => "XX",
        }
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

/// Marks a posting as part of the operation, for the ground truth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct OpTag {
    /// What the transaction is in the operation, e.g. `proceeds_forwarded`.
    pub what: &'static str,
    /// The victim whose exploitation produced the money, if one can be named.
    pub victim: Option<usize>,
    /// The asset bought, for asset purchases.
    pub asset: Option<usize>,
}

impl OpTag {
    pub(crate) fn new(what: &'static str) -> OpTag {
        OpTag { what, victim: None, asset: None }
    }
    pub(crate) fn victim(what: &'static str, v: usize) -> OpTag {
        OpTag { what, victim: Some(v), asset: None }
    }
}

/// One line on one account's statement.
#[derive(Debug, Clone)]
pub(crate) struct Posting {
    pub account: usize,
    pub utc: NaiveDateTime,
    /// Signed: positive is money in.
    pub cents: i64,
    pub kind: Kind,
    pub cpty_name: Option<String>,
    pub cpty_iban: Option<String>,
    pub cpty_country: Option<&'static str>,
    pub merchant: Option<String>,
    pub mcc: Option<u16>,
    pub city: Option<&'static str>,
    pub branch: Option<String>,
    pub memo: String,
    /// Initiated in online banking (device and IP are recorded).
    pub online: bool,
    pub op: Option<OpTag>,
    /// The right IBAN when `cpty_iban` was mistyped (noise, listed in the truth).
    pub typo_of: Option<String>,
    /// Assigned when the world is finished.
    pub reference: String,
    /// Balance after the posting, assigned when the world is finished.
    pub balance: i64,
}

impl Posting {
    fn new(account: usize, utc: NaiveDateTime, cents: i64, kind: Kind) -> Posting {
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
            memo: String::new(),
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
    Ext { name: String, iban: Option<String>, country: &'static str },
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
}

/// An account on an online service (the ad site).
#[derive(Debug, Clone)]
pub(crate) struct UserAccount {
    pub id: String,
    pub service: &'static str,
    pub username: String,
    pub email: String,
    pub phone: String,
    pub created: NaiveDate,
}

/// A member of the operation.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub role: &'static str,
    pub holder: Holder,
    pub note: &'static str,
}

/// Someone placed in the world to look suspicious to a careless detector.
#[derive(Debug, Clone)]
pub(crate) struct HardNegative {
    pub who: Vec<Holder>,
    pub kind: &'static str,
    pub why: &'static str,
}

/// The whole simulated world.
#[derive(Default)]
pub(crate) struct World {
    pub persons: Vec<Person>,
    pub companies: Vec<Company>,
    pub accounts: Vec<Account>,
    pub assets: Vec<Asset>,
    pub user_accounts: Vec<UserAccount>,
    pub links: Vec<Link>,
    pub postings: Vec<Posting>,
    pub members: Vec<Member>,
    pub negatives: Vec<HardNegative>,
    /// The phone number the operation's ads give (shared by the victims in the registry).
    pub ad_phone: String,
    /// The device the controller uses to log into victims' online banking.
    pub controller_device: String,
    pub issuer: Issuer,
}

impl World {
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
            Domicile::External { country: "GB", .. } => Zone::London,
            _ => Zone::Berlin,
        }
    }

    /// One of the (up to four) Nordbank branches in a city, varied by a counter.
    fn branch_in(&self, city: &City) -> Option<String> {
        city.branch.map(|b| format!("{:04}", b + (self.postings.len() as u32 * 31) % 4))
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
        merchant: &str,
        mcc: u16,
        op: Option<OpTag>,
    ) -> usize {
        let mut p = Posting::new(acct, city.zone.to_utc(local), -cents, Kind::Card);
        p.merchant = Some(merchant.to_string());
        p.mcc = Some(mcc);
        p.city = Some(city.name);
        p.op = op;
        self.push(p)
    }

    /// A cash withdrawal. At Nordbank's own machines the branch is recorded.
    pub(crate) fn atm(&mut self, acct: usize, city: &'static City, local: NaiveDateTime, cents: i64) -> usize {
        let mut p = Posting::new(acct, city.zone.to_utc(local), -cents, Kind::Atm);
        p.city = Some(city.name);
        if self.accounts[acct].bank() == Some(Bank::Nordbank) {
            p.branch = self.branch_in(city);
        }
        self.push(p)
    }

    /// A cash deposit at a branch machine (Nordbank) or a partner shop (Harbour).
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
        match self.accounts[acct].bank() {
            Some(Bank::Nordbank) => {
                p.branch = self.branch_in(city);
                p.memo = "Einzahlung Einzahlungsautomat".into();
            }
            _ => p.memo = "Cash deposit at partner store".into(),
        }
        p.op = op;
        self.push(p)
    }

    /// A charge by the bank itself.
    pub(crate) fn fee(&mut self, acct: usize, utc: NaiveDateTime, cents: i64, memo: &str) -> usize {
        let mut p = Posting::new(acct, utc, -cents, Kind::Fee);
        p.memo = memo.to_string();
        self.push(p)
    }

    /// How a party appears on the other side's statement. A payer's name comes from the payer's bank as that
    /// bank writes it; a payee's name is what the payer typed, which for people is usually the plain name and
    /// sometimes another order or an initial (varied by a counter, not a random draw, so that callers can
    /// pass values drawn from the same stream in the same call).
    fn party_view(&self, party: &Party, as_payee: bool) -> (String, Option<String>, &'static str) {
        match party {
            Party::Acct(a) => {
                let acc = &self.accounts[*a];
                let name = match acc.holder {
                    Holder::Person(p) if as_payee => {
                        let styles = [NameStyle::UpperLastFirst, NameStyle::LastCommaFirst, NameStyle::Initial];
                        let n = self.postings.len() * 37 % 10;
                        let style = if n < 7 { NameStyle::Natural } else { styles[n - 7] };
                        let p = &self.persons[p];
                        style.write(&p.first, &p.last, p.gender == Gender::Female)
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
        memo: &str,
        op: Option<OpTag>,
    ) -> (Option<usize>, Option<usize>) {
        assert!(cents > 0, "transfers move a positive amount");
        let (from_name, from_iban, from_country) = self.party_view(from, false);
        let (to_name, to_iban, to_country) = self.party_view(to, true);
        let mut out = (None, None);
        if let Party::Acct(a) = from
            && self.accounts[*a].bank().is_some()
        {
            let mut p = Posting::new(*a, utc, -cents, kind);
            p.cpty_name = Some(to_name);
            p.cpty_iban = to_iban;
            p.cpty_country = Some(to_country);
            p.memo = memo.to_string();
            p.online = !matches!(kind, Kind::DirectDebit | Kind::Remittance | Kind::Fee);
            p.op = op;
            out.0 = Some(self.push(p));
        }
        if let Party::Acct(a) = to
            && self.accounts[*a].bank().is_some()
        {
            // Clearing delay of 20–180 seconds, varied by a counter rather than a random draw so that callers
            // can pass a time drawn from the same stream in the same call.
            let delay = Duration::seconds(20 + (self.postings.len() as i64 * 7919) % 161);
            let mut p = Posting::new(*a, utc + delay, cents, kind);
            p.cpty_name = Some(from_name);
            p.cpty_iban = from_iban;
            p.cpty_country = Some(from_country);
            p.memo = memo.to_string();
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
        memo: &str,
        op: Option<OpTag>,
    ) -> (Option<usize>, Option<usize>) {
        let zone = match from {
            Party::Acct(a) => self.zone_of(*a),
            Party::Ext { country: "GB", .. } => Zone::London,
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
            self.postings[i].cpty_name = Some(name);
        }
    }
}

/// A date-time for a batch booking (salaries, direct debits): early morning of a business day.
pub(crate) fn batch_time(rng: &mut Rng, zone: Zone, day: NaiveDate) -> NaiveDateTime {
    zone.to_utc(calendar::at_uniform(rng, day, 5.0, 8.0))
}
