//! Statement accounts tied to the registry entities that hold them.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDateTime;
pub use theseus_model::columns::Hot;
use theseus_model::columns::{Columns, NONE};
use theseus_model::{Entity, Transaction, normalize};

/// Which entity stands for each resolved cluster.
#[derive(Debug, Default)]
pub struct Canon {
    of: HashMap<String, String>,
    members: HashMap<String, Vec<String>>,
}

impl Canon {
    /// The canonical member of each cluster is a record of an FtM registry stream when there is one (its id
    /// is what the registry calls the person), then one that holds something (an Ownership owner), then the
    /// smallest id, so that runs agree.
    pub fn new(clusters: &[Vec<String>], entities: &[Entity]) -> Canon {
        let owners: std::collections::HashSet<&str> =
            entities.iter().filter(|e| e.schema == "Ownership").filter_map(|e| e.first("owner")).collect();
        let registry: std::collections::HashSet<&str> =
            entities.iter().filter(|e| e.provenance.extractor == "ftm").map(|e| e.id.as_str()).collect();
        let mut c = Canon::default();
        for members in clusters.iter().filter(|m| m.len() > 1) {
            let mut sorted = members.clone();
            sorted.sort();
            let head = sorted
                .iter()
                .min_by_key(|m| (!registry.contains(m.as_str()), !owners.contains(m.as_str()), m.as_str()))
                .expect("a cluster has members")
                .clone();
            for m in &sorted {
                c.of.insert(m.clone(), head.clone());
            }
            c.members.insert(head, sorted);
        }
        c
    }

    /// The entity that stands for `id`'s cluster (`id` itself when it was not merged).
    pub fn of(&self, id: &str) -> String {
        self.of.get(id).cloned().unwrap_or_else(|| id.to_string())
    }

    /// All entity ids of `id`'s cluster.
    pub fn members(&self, id: &str) -> Vec<String> {
        self.members.get(&self.of(id)).cloned().unwrap_or_else(|| vec![id.to_string()])
    }
}

/// How an account was tied to an entity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Tie {
    /// An FtM Ownership of a BankAccount with the same account number: as strong as the registry.
    Ownership {
        /// The Ownership entity id.
        ownership: String,
        /// The BankAccount entity id.
        bank_account: String,
    },
    /// The statement's holder name matches exactly one registry person or company (after transliteration
    /// and token sorting). Weaker: said so wherever it is shown.
    Name,
}

/// One statement account and its transactions, oldest first.
#[derive(Debug)]
pub struct Account<'a> {
    /// Normalised account number.
    pub number: String,
    /// Holder name as the statement gives it.
    pub holder: Option<String>,
    /// Bank name.
    pub bank: Option<String>,
    /// Transactions, sorted by local time.
    pub txns: Lines<'a>,
    /// The local time of each transaction (`txns.at(i).ts.local()`), worked out once.
    pub local: Cow<'a, [NaiveDateTime]>,
    /// For each transaction, the number of its descriptors (merchant, counterparty name, memo) among the
    /// distinct descriptors of all accounts: transactions with the same number carry the same texts, so a
    /// text test is made once per number ([`crate::rules::Memo`]).
    pub desc: Cow<'a, [u32]>,
    /// For each transaction, its city as the number of the name in [`Account::cities`] (`u32::MAX` when it
    /// has none): the names are read once here, with the descriptors, rather than by each rule.
    pub city: Vec<u32>,
    /// The distinct city names of the account's transactions, as written.
    pub cities: Vec<&'a str>,
    /// The distinct device identifiers and IP addresses of the account's transactions, as written, each
    /// with its kind (`device`, `ip`), in order of first use.
    pub devices: Vec<(&'static str, &'a str)>,
    /// For each transaction, the fields nearly every rule tests first, copied side by side so that a pass
    /// over an account reads a few bytes a line instead of each transaction's whole record.
    pub hot: Cow<'a, [Hot]>,
    /// The registry entity holding the account, and how we know.
    pub owner: Option<(String, Tie)>,
}

impl<'a> Account<'a> {
    /// The transactions with their local times and descriptor numbers, oldest first.
    pub fn rows(&self) -> impl DoubleEndedIterator<Item = Row<'a>> + ExactSizeIterator + '_ {
        (0..self.txns.len()).map(|j| self.row(j))
    }

    /// The transactions whose [`Hot`] fields pass `keep`, oldest first: the test reads a few bytes a line,
    /// and only the lines kept are made rows.
    pub fn rows_where<'s>(&'s self, keep: impl Fn(&Hot) -> bool + 's) -> impl DoubleEndedIterator<Item = Row<'a>> + 's {
        self.lines_where(keep).map(|j| self.row(j))
    }

    /// The positions of the transactions whose [`Hot`] fields pass `keep`, oldest first.
    pub fn lines_where<'s>(&'s self, keep: impl Fn(&Hot) -> bool + 's) -> impl DoubleEndedIterator<Item = usize> + 's {
        (0..self.txns.len()).filter(move |&j| keep(&self.hot[j]))
    }

    /// The `j`th transaction, oldest first.
    // Made for millions of lines in the rules' inner loops, where a call costs more than the copy.
    #[inline(always)]
    pub fn row(&self, j: usize) -> Row<'a> {
        let h = self.hot[j];
        Row {
            t: self.txns.at(j),
            local: self.local[j],
            desc: self.desc[j],
            amount: h.amount,
            direction: h.direction,
            channel: h.channel,
            mcc: h.mcc,
            has_time: h.has_time,
        }
    }
}

/// An account's transactions, oldest first: when the grouping is given the loaded columns
/// ([`Parties::build_with`]) and the statement lists the account's lines in one stretch and in that order
/// already (most do), that stretch of the loaded transactions, nothing copied; else the transactions picked
/// out in order.
#[derive(Debug, Clone)]
pub enum Lines<'a> {
    /// Consecutive loaded transactions.
    Run(&'a [Transaction]),
    /// Transactions gathered one by one (from several places, put in order, or without columns to borrow).
    Picked(Vec<&'a Transaction>),
}

impl<'a> Lines<'a> {
    /// How many transactions.
    pub fn len(&self) -> usize {
        match self {
            Lines::Run(r) => r.len(),
            Lines::Picked(p) => p.len(),
        }
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The `j`th transaction, oldest first; panics past the end, as indexing does.
    #[inline]
    pub fn at(&self, j: usize) -> &'a Transaction {
        match self {
            Lines::Run(r) => &r[j],
            Lines::Picked(p) => p[j],
        }
    }

    /// The oldest transaction.
    pub fn first(&self) -> Option<&'a Transaction> {
        (!self.is_empty()).then(|| self.at(0))
    }

    /// The newest transaction.
    pub fn last(&self) -> Option<&'a Transaction> {
        self.len().checked_sub(1).map(|j| self.at(j))
    }

    /// The transactions, oldest first.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &'a Transaction> + ExactSizeIterator + '_ {
        (0..self.len()).map(|j| self.at(j))
    }
}

/// A transaction of an account with what [`Parties::build`] worked out for it once: its local time and its
/// descriptor number. Reads as the transaction itself; the fields of [`Hot`] are read from the row (they
/// carry the same names as the transaction's, so `row.amount` is `row.t.amount` without touching the
/// record).
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    /// The transaction.
    pub t: &'a Transaction,
    /// `t.ts.local()`.
    pub local: NaiveDateTime,
    /// The number of its descriptors ([`Account::desc`]).
    pub desc: u32,
    /// `t.amount`.
    pub amount: rust_decimal::Decimal,
    /// `t.direction`.
    pub direction: theseus_model::Direction,
    /// `t.channel`.
    pub channel: theseus_model::Channel,
    /// `t.mcc`.
    pub mcc: Option<u16>,
    /// `t.ts.has_time()`.
    pub has_time: bool,
}

impl Row<'_> {
    /// [`Transaction::is_cash`], from the row.
    pub fn is_cash(&self) -> bool {
        self.channel.is_cash()
    }

    /// [`theseus_model::Timestamp::is_night`], from the row's local time.
    pub fn is_night(&self) -> Option<bool> {
        self.has_time.then(|| theseus_model::time::is_night(self.local))
    }
}

impl std::ops::Deref for Row<'_> {
    type Target = Transaction;
    fn deref(&self) -> &Transaction {
        self.t
    }
}

/// All parties of the analysed data.
#[derive(Debug)]
pub struct Parties<'a> {
    /// Statement accounts by number.
    pub accounts: BTreeMap<String, Account<'a>>,
    /// Entities by id.
    pub entities: HashMap<&'a str, &'a Entity>,
    /// Registry holders of bank accounts by normalised number, for accounts that have no statement here
    /// (a recruiter's account abroad that the controller pays into).
    pub registry_owners: HashMap<String, String>,
    /// Resolved entities.
    pub canon: Canon,
    /// How many descriptor numbers the accounts use ([`Account::desc`]).
    pub descriptors: usize,
}

impl<'a> Parties<'a> {
    /// Groups transactions by account and ties accounts to registry holders.
    pub fn build(transactions: &'a [Transaction], entities: &'a [Entity], canon: Canon) -> Self {
        let columns = Columns::of(transactions);
        Parties::tie(group(transactions, &columns, None), &columns, entities, canon)
    }

    /// [`Parties::build`] with the transactions' columns at hand (as the store builds them while loading):
    /// accounts whose lines are in order already borrow their stretch of the columns.
    pub fn build_with(
        transactions: &'a [Transaction],
        columns: &'a Columns,
        entities: &'a [Entity],
        canon: Canon,
    ) -> Self {
        Parties::tie(group(transactions, columns, Some(columns)), columns, entities, canon)
    }

    /// Ties the grouped accounts to the registry entities that hold them.
    fn tie(
        mut accounts: BTreeMap<String, Account<'a>>,
        columns: &Columns,
        entities: &'a [Entity],
        canon: Canon,
    ) -> Self {
        let descriptors = columns.descriptors();
        let by_id: HashMap<&str, &Entity> = entities.iter().map(|e| (e.id.as_str(), e)).collect();

        // BankAccount entities by normalised number. Several sources may describe one account (the registry,
        // a goAML report, an ad site's card list): all are kept, and the account's holder is taken from
        // whichever of them an Ownership names.
        let mut bank_accounts_all: HashMap<String, Vec<&str>> = HashMap::new();
        for e in entities.iter().filter(|e| e.schema == "BankAccount") {
            for v in e.values("iban").iter().chain(e.values("accountNumber")) {
                let list = bank_accounts_all.entry(normalize::account(v).0).or_default();
                if !list.contains(&e.id.as_str()) {
                    list.push(e.id.as_str());
                }
            }
        }
        // Ownership: asset → (owner, ownership id); with joint holders, the first by id, so that runs agree.
        let mut owners: HashMap<&str, (&str, &str)> = HashMap::new();
        for e in entities.iter().filter(|e| e.schema == "Ownership") {
            if let (Some(o), Some(a)) = (e.first("owner"), e.first("asset")) {
                let entry = owners.entry(a).or_insert((o, e.id.as_str()));
                if e.id.as_str() < entry.1 {
                    *entry = (o, e.id.as_str());
                }
            }
        }
        // Per number, the BankAccount entity of an FtM registry stream with an owner first (the registry is
        // what the case calls the holder, as for resolved clusters), then any with an owner, then the smallest
        // id, so that runs agree.
        let from_registry: std::collections::HashSet<&str> =
            entities.iter().filter(|e| e.provenance.extractor == "ftm").map(|e| e.id.as_str()).collect();
        let bank_accounts: HashMap<String, &str> = bank_accounts_all
            .into_iter()
            .map(|(number, ids)| {
                let pick = ids
                    .iter()
                    .copied()
                    .min_by_key(|id| {
                        let owned = owners.contains_key(id);
                        (!(owned && from_registry.contains(id)), !owned, *id)
                    })
                    .expect("at least one entity per number");
                (number, pick)
            })
            .collect();
        let registry_owners: HashMap<String, String> = bank_accounts
            .iter()
            .filter_map(|(number, ba)| owners.get(ba).map(|(o, _)| (number.clone(), canon.of(o))))
            .collect();
        // Names of persons and organisations, for the weaker tie.
        let mut names: HashMap<String, Vec<String>> = HashMap::new();
        for e in entities {
            if e.schema_def().is_some_and(|s| s.is_a("LegalEntity")) {
                for n in e.values("name") {
                    let list = names.entry(normalize::name_key(n)).or_default();
                    let id = canon.of(&e.id);
                    if !list.contains(&id) {
                        list.push(id);
                    }
                }
            }
        }
        for a in accounts.values_mut() {
            if let Some(ba) = bank_accounts.get(&a.number)
                && let Some((owner, own)) = owners.get(ba)
            {
                a.owner = Some((
                    canon.of(owner),
                    Tie::Ownership { ownership: own.to_string(), bank_account: ba.to_string() },
                ));
                continue;
            }
            if let Some(h) = &a.holder
                && let Some(ids) = names.get(&normalize::name_key(h))
                && ids.len() == 1
            {
                a.owner = Some((ids[0].clone(), Tie::Name));
            }
        }
        Parties { accounts, entities: by_id, registry_owners, canon, descriptors }
    }

    /// The registry holder of an account number, whether or not the account has a statement here.
    pub fn registry_owner(&self, account: &str) -> Option<String> {
        self.registry_owners.get(account).cloned()
    }

    /// The subject id of an account: its owner's entity id, or `acct:<number>`.
    pub fn subject_of(&self, account: &str) -> Option<String> {
        self.accounts.get(account).map(|a| match &a.owner {
            Some((id, _)) => id.clone(),
            None => format!("acct:{account}"),
        })
    }
}

/// A run of lines of one account: the account's number among the texts, and the first and past-the-last
/// positions.
type Run = (u32, usize, usize);

/// Groups transactions by account, each account's sorted by local time (then id, so that runs agree), with
/// the local times, city numbers, descriptor numbers and [`Hot`] fields of [`Account`], read from the
/// transactions' [`Columns`].
fn group<'a>(
    transactions: &'a [Transaction],
    columns: &Columns,
    lend: Option<&'a Columns>,
) -> BTreeMap<String, Account<'a>> {
    assert_eq!(transactions.len(), columns.len(), "the columns are those of the transactions");
    let clock = std::time::Instant::now();
    let tick = |what: &str| {
        if std::env::var_os("THESEUS_RULE_TIMINGS").is_some() {
            eprintln!("grouping: {what} {:.3} s", clock.elapsed().as_secs_f64())
        }
    };
    // Statements list an account's lines together: the grouping works on runs of lines of one account,
    // found on all cores, stretch by stretch (a run cut at a stretch's end continues in the next, which the
    // sorting below joins up).
    let stretch = transactions.len().div_ceil(16).max(1);
    let stretches: Vec<usize> = (0..transactions.len()).step_by(stretch).collect();
    let runs = theseus_model::par::map(&stretches, 1, |&from| {
        let to = (from + stretch).min(transactions.len());
        let mut runs = vec![];
        let mut start = from;
        while start < to {
            let number = columns.account[start];
            let end = columns.account[start..to].iter().position(|&a| a != number).map_or(to, |n| start + n);
            runs.push((number, start, end));
            start = end;
        }
        runs
    });
    // Runs sorted by account (then position, so that each account's lines keep the statements' order) give
    // each account's lines in one piece.
    let mut runs: Vec<Run> = runs.into_iter().flatten().collect();
    runs.sort_unstable();
    let mut accounts: Vec<(&[Run], Account<'a>)> = runs
        .chunk_by(|x, y| x.0 == y.0)
        .map(|same| {
            let lines = || same.iter().flat_map(|&(_, start, end)| start..end);
            let account = Account {
                number: transactions[same[0].1].account.clone(),
                holder: lines().find_map(|i| transactions[i].account_holder.clone()),
                bank: lines().find_map(|i| transactions[i].bank.clone()),
                txns: Lines::Picked(vec![]),
                local: Cow::Borrowed(&[]),
                desc: Cow::Borrowed(&[]),
                city: vec![],
                cities: vec![],
                devices: vec![],
                hot: Cow::Borrowed(&[]),
                owner: None,
            };
            (same, account)
        })
        .collect();
    tick("runs");
    // Accounts are independent: each is gathered from the columns on all cores. Statements mostly list an
    // account's lines in one stretch and in order, which is checked: such an account borrows its stretch of
    // the columns; any other is sorted and copied.
    theseus_model::par::map_mut(&mut accounts, 64, |(same, a)| {
        let (from, to) = (same[0].1, same[same.len() - 1].2);
        let one_stretch = same.windows(2).all(|w| w[0].2 == w[1].1);
        // By local time, then id; records are read only for lines at the same time.
        let order = |&x: &usize, &y: &usize| {
            columns.local[x].cmp(&columns.local[y]).then_with(|| transactions[x].id.cmp(&transactions[y].id))
        };
        let in_order = one_stretch && (from..to).zip(from + 1..to).all(|(x, y)| order(&x, &y).is_le());
        match lend {
            Some(lent) if in_order => {
                a.txns = Lines::Run(&transactions[from..to]);
                a.local = Cow::Borrowed(&lent.local[from..to]);
                a.desc = Cow::Borrowed(&lent.desc[from..to]);
                a.hot = Cow::Borrowed(&lent.hot[from..to]);
                lines_seen(a, transactions, columns, from..to);
            }
            _ => {
                let mut at: Vec<usize> = same.iter().flat_map(|&(_, start, end)| start..end).collect();
                // A stable sort of lines mostly in order compares little more than neighbours.
                if !in_order {
                    at.sort_by(order);
                }
                a.txns = Lines::Picked(at.iter().map(|&i| &transactions[i]).collect());
                a.local = Cow::Owned(at.iter().map(|&i| columns.local[i]).collect());
                a.desc = Cow::Owned(at.iter().map(|&i| columns.desc[i]).collect());
                a.hot = Cow::Owned(at.iter().map(|&i| columns.hot[i]).collect());
                lines_seen(a, transactions, columns, at.iter().copied());
            }
        }
    });
    tick("accounts");
    accounts.into_iter().map(|(_, a)| (a.number.clone(), a)).collect()
}

/// The devices, IP addresses and cities of an account's lines (positions in the loaded transactions, in the
/// account's order).
fn lines_seen<'a>(
    a: &mut Account<'a>,
    transactions: &'a [Transaction],
    columns: &Columns,
    lines: impl Iterator<Item = usize> + Clone,
) {
    // Devices and IP addresses: an account uses one device thousands of times, so the line before's is
    // tried first.
    let mut used: std::collections::HashSet<(bool, u32), foldhash::fast::FixedState> = Default::default();
    let mut last = [NONE; 2];
    for i in lines.clone() {
        for (k, kind, n) in [(0, "device", columns.device[i]), (1, "ip", columns.ip[i])] {
            if n == NONE || n == last[k] {
                continue;
            }
            last[k] = n;
            if used.insert((k == 1, n)) {
                let text = if k == 0 { &transactions[i].device_id } else { &transactions[i].ip };
                a.devices.push((kind, text.as_deref().expect("a numbered text is there")));
            }
        }
    }
    // The account's cities numbered among its own, in order of first appearance.
    let mut own: HashMap<u32, u32, foldhash::fast::FixedState> = HashMap::default();
    let mut last = (NONE, NONE);
    a.city = lines
        .map(|i| match columns.city[i] {
            NONE => u32::MAX,
            // Consecutive lines are mostly in one city.
            c if c == last.0 => last.1,
            c => {
                let n = *own.entry(c).or_insert_with(|| {
                    a.cities.push(transactions[i].city.as_deref().expect("a numbered city is there"));
                    a.cities.len() as u32 - 1
                });
                last = (c, n);
                n
            }
        })
        .collect();
}
