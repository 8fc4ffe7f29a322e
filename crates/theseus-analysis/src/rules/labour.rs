//! Look-ups shared by the labour-exploitation rules (THB-015 to THB-032): words in descriptors, names of
//! persons in memos, business accounts and their sector, and who runs a company according to the registry.

use std::collections::{BTreeSet, HashMap, HashSet};

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use theseus_model::{Channel, Direction, Entity, Transaction, normalize};

use super::Context;
use crate::config::MccSet;
use crate::parties::{Account, Row};

/// An amount as a float, for shares and ratios.
pub(crate) fn num(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(0.0)
}

/// Lower-case tokens of a text, split on anything that is not a letter or a digit.
pub(crate) fn tokens(text: &str) -> Vec<String> {
    text.to_lowercase().split(|c: char| !c.is_alphanumeric()).filter(|t| !t.is_empty()).map(str::to_string).collect()
}

/// Whether `text` holds one of `words`. A word of several tokens must appear as a phrase; a single word of
/// five letters or more also matches at the end of a compound (`kaltmiete`, `generalkonsulat`), as German
/// descriptors write them.
pub(crate) fn has_word(text: &str, words: &[String]) -> bool {
    if words.is_empty() || text.is_empty() {
        return false;
    }
    // Every match below is also a substring of the lower-cased text: most texts are ruled out here without
    // splitting them into tokens.
    let lower = text.to_lowercase();
    let maybe = words.iter().any(|w| {
        let first = w.split(|c: char| !c.is_alphanumeric()).find(|t| !t.is_empty()).unwrap_or("");
        if first.chars().any(char::is_uppercase) {
            lower.contains(&first.to_lowercase())
        } else {
            lower.contains(first)
        }
    });
    if !maybe {
        return false;
    }
    let toks = tokens(&lower);
    words.iter().any(|w| {
        let wt = tokens(w);
        match wt.len() {
            0 => false,
            1 => toks.iter().any(|t| *t == wt[0] || (wt[0].chars().count() >= 5 && t.ends_with(&wt[0]))),
            n => toks.windows(n).any(|win| win == wt.as_slice()),
        }
    })
}

/// [`has_word`] with its words prepared once: an Aho-Corasick automaton over each word's first token turns
/// away, without lower-casing or splitting, the texts that cannot match (nearly all of them); the rest get
/// the token comparison of [`has_word`].
pub struct Words {
    list: Vec<String>,
    firsts: Option<aho_corasick::AhoCorasick>,
    memo: Memo,
    memo_of_reference: Memo,
}

impl Words {
    /// Prepares `list`.
    pub fn new(list: &[String]) -> Words {
        let firsts: Vec<String> = list
            .iter()
            .map(|w| w.split(|c: char| !c.is_alphanumeric()).find(|t| !t.is_empty()).unwrap_or("").to_lowercase())
            .collect();
        // An empty first token is in every text: no prefilter then.
        let firsts = (!list.is_empty() && firsts.iter().all(|f| !f.is_empty())).then(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&firsts)
                .expect("an automaton over a few words builds")
        });
        Words { list: list.to_vec(), firsts, memo: Memo::default(), memo_of_reference: Memo::default() }
    }

    /// Whether `text` may hold a word: the cheap half of the test.
    fn maybe(&self, text: &str) -> bool {
        match &self.firsts {
            None => !self.list.is_empty(),
            Some(ac) if text.is_ascii() => ac.is_match(text),
            Some(ac) => ac.is_match(&text.to_lowercase()),
        }
    }

    /// Whether `text` holds one of the words, as [`has_word`] decides.
    pub fn matches(&self, text: &str) -> bool {
        self.maybe(text) && has_word(text, &self.list)
    }

    /// Whether the transaction's descriptors ([`super::text_of`]) hold one of the words. The prefilter runs
    /// on each part: a first token has no space, so it cannot straddle two parts.
    pub fn in_txn(&self, t: &Transaction) -> bool {
        [t.merchant.as_deref(), t.cpty_name.as_deref(), t.memo.as_deref()].into_iter().flatten().any(|p| self.maybe(p))
            && has_word(&super::text_of(t), &self.list)
    }

    /// [`Words::in_txn`] on an account's transaction, tested once per descriptor number in the run.
    pub fn at(&self, r: &Row<'_>, ctx: &Context<'_>) -> bool {
        self.of(r.desc, r.t, ctx)
    }

    /// [`Words::at`] for the transaction `t` of descriptor number `desc`.
    pub fn of(&self, desc: u32, t: &Transaction, ctx: &Context<'_>) -> bool {
        self.memo.get(ctx.parties.descriptors, desc, || self.in_txn(t))
    }

    /// Whether the transaction's reference (memo) holds one of the words, tested once per descriptor number.
    pub fn in_reference_at(&self, r: &Row<'_>, ctx: &Context<'_>) -> bool {
        self.in_reference_of(r.desc, r.t, ctx)
    }

    /// [`Words::in_reference_at`] for the transaction `t` of descriptor number `desc`.
    pub fn in_reference_of(&self, desc: u32, t: &Transaction, ctx: &Context<'_>) -> bool {
        self.memo_of_reference.get(ctx.parties.descriptors, desc, || t.memo.as_deref().is_some_and(|m| self.matches(m)))
    }
}

/// A text test remembered per descriptor number ([`Account::desc`]) for one run: transactions that carry the
/// same descriptors get the same answer, and an account repeats a few descriptors hundreds of times.
#[derive(Default)]
pub struct Memo(std::sync::OnceLock<Box<[std::sync::atomic::AtomicU8]>>);

impl Memo {
    /// The answer for descriptor number `desc`, from `test` the first time.
    pub fn of(&self, desc: u32, ctx: &Context<'_>, test: impl FnOnce() -> bool) -> bool {
        self.get(ctx.parties.descriptors, desc, test)
    }

    /// The answer for descriptor `desc` of the run's `n`, from `test` the first time.
    fn get(&self, n: usize, desc: u32, test: impl FnOnce() -> bool) -> bool {
        use std::sync::atomic::{AtomicU8, Ordering::Relaxed};
        let slots = self.0.get_or_init(|| (0..n).map(|_| AtomicU8::new(0)).collect());
        // Numbers of another run (a matcher kept past its run) are not remembered.
        let Some(slot) = slots.get(desc as usize).filter(|_| slots.len() == n) else { return test() };
        match slot.load(Relaxed) {
            1 => false,
            2 => true,
            _ => {
                // Two workers may both test a new descriptor: the answer is the same.
                let v = test();
                slot.store(1 + u8::from(v), Relaxed);
                v
            }
        }
    }
}

/// Words looked for as plain substrings of the lower-cased descriptors (`text_of(t).contains(w)`), with one
/// automaton instead of a lower-cased copy of every transaction's text.
pub struct Substrings {
    memo: Memo,
    ac: Option<aho_corasick::AhoCorasick>,
    /// An empty word is in every text.
    always: bool,
    /// A word with a space could straddle two descriptors: such lists are matched on the joined text.
    spaced: bool,
}

impl Substrings {
    /// Prepares `list`, lower-cased.
    pub fn new(list: &[String]) -> Substrings {
        let lower: Vec<String> = list.iter().map(|w| w.chars().flat_map(char::to_lowercase).collect()).collect();
        let ac = (!lower.is_empty()).then(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&lower)
                .expect("an automaton over a few words builds")
        });
        Substrings {
            memo: Memo::default(),
            ac,
            always: lower.iter().any(String::is_empty),
            spaced: lower.iter().any(|w| w.contains(char::is_whitespace)),
        }
    }

    /// Whether a text holds one of the words, case aside.
    pub fn in_text(&self, text: &str) -> bool {
        self.always
            || self.ac.as_ref().is_some_and(|ac| {
                if text.is_ascii() {
                    ac.is_match(text)
                } else {
                    ac.is_match(&text.chars().flat_map(char::to_lowercase).collect::<String>())
                }
            })
    }

    /// Whether the transaction's descriptors hold one of the words.
    pub fn in_txn(&self, t: &Transaction) -> bool {
        if self.spaced {
            return self.in_text(&super::text_of(t));
        }
        self.always
            || [t.merchant.as_deref(), t.cpty_name.as_deref(), t.memo.as_deref()]
                .into_iter()
                .flatten()
                .any(|p| self.in_text(p))
    }

    /// [`Substrings::in_txn`] on an account's transaction, tested once per descriptor number in the run.
    pub fn at(&self, r: &Row<'_>, ctx: &Context<'_>) -> bool {
        self.of(r.desc, r.t, ctx)
    }

    /// [`Substrings::at`] for the transaction `t` of descriptor number `desc`.
    pub fn of(&self, desc: u32, t: &Transaction, ctx: &Context<'_>) -> bool {
        self.memo.get(ctx.parties.descriptors, desc, || self.in_txn(t))
    }
}

/// Whether line `j` of an account is a salary credit: booked as payroll, or a credit whose reference uses a
/// salary word. Read from the account's columns, so that no row is made for other lines.
pub(crate) fn is_salary_line(a: &Account<'_>, j: usize, words: &Words, ctx: &Context<'_>) -> bool {
    let h = &a.hot[j];
    h.direction == Direction::Credit
        && (h.channel == Channel::Payroll || words.in_reference_of(a.desc[j], a.txns.at(j), ctx))
}

/// The registry entity that holds a statement account.
pub(crate) fn owner<'a>(a: &Account<'_>, ctx: &Context<'a>) -> Option<&'a Entity> {
    a.owner.as_ref().and_then(|(id, _)| ctx.parties.entities.get(id.as_str()).copied())
}

/// Whether an entity is a company or another organisation.
pub(crate) fn is_organisation(e: &Entity) -> bool {
    e.schema_def().is_some_and(|s| s.is_a("Organization"))
}

/// A business account: held by a registry company or organisation, or by a holder whose name carries a legal
/// form.
pub(crate) fn is_business(a: &Account<'_>, ctx: &Context<'_>) -> bool {
    ctx.business().contains(a.number.as_str())
}

/// Legal forms (`GmbH`, `Ltd`, `S.R.L.`, `sp. z o.o.`) looked for in names, compared token by token with the
/// dots removed.
pub(crate) struct LegalForms(Vec<String>);

impl LegalForms {
    fn norm(s: &str) -> String {
        format!(" {} ", tokens(&s.replace('.', "")).join(" "))
    }

    /// Prepares `forms`.
    pub(crate) fn new(forms: &[String]) -> LegalForms {
        LegalForms(forms.iter().map(|f| Self::norm(f)).filter(|f| f.trim() != "").collect())
    }

    /// Whether `name` carries one of the forms.
    pub(crate) fn in_name(&self, name: &str) -> bool {
        let n = Self::norm(name);
        self.0.iter().any(|f| n.contains(f.as_str()))
    }
}

/// The sector of a business account, when it is one of `mccs` or described by one of `words`: from the
/// registry's sector and classification of the holder, else from the merchant category of the card
/// settlements the account receives. Returns how it is known.
pub(crate) fn sector(a: &Account<'_>, ctx: &Context<'_>, mccs: &MccSet, words: &[String]) -> Option<String> {
    if let Some(e) = owner(a, ctx) {
        for v in e.values("sector").iter().chain(e.values("classification")) {
            if mccs.contains(v.trim().parse().ok()) || has_word(v, words) {
                return Some(format!("registry sector '{v}'"));
            }
        }
    }
    let mut counts: HashMap<u16, usize, foldhash::fast::FixedState> = HashMap::default();
    for h in a.hot.iter().filter(|h| h.direction == Direction::Credit) {
        if let Some(m) = h.mcc {
            *counts.entry(m).or_default() += 1;
        }
    }
    let (mcc, n) = counts.into_iter().max_by_key(|&(m, n)| (n, std::cmp::Reverse(m)))?;
    mccs.contains(Some(mcc)).then(|| format!("{n} card settlement(s) under MCC {mcc}"))
}

/// The surname of a person entity: `lastName`, else the last word of the name.
pub(crate) fn surname(e: &Entity) -> Option<String> {
    e.first("lastName")
        .map(normalize::name_key)
        .or_else(|| e.first("name").and_then(|n| n.split_whitespace().last()).map(normalize::name_key))
        .filter(|s| !s.is_empty())
}

/// A person named in a memo.
#[derive(Debug, Clone)]
pub(crate) struct Named {
    /// The name's key (folded, sorted tokens).
    pub key: String,
    /// The name as written in the source.
    pub display: String,
    /// The surname's key.
    pub surname: String,
}

/// Names of persons, found in free text: every registry person and every personal statement holder, by
/// their full name (two words or more, in any order).
pub(crate) struct NameIndex {
    by_token: HashMap<String, Vec<Named>>,
}

impl NameIndex {
    /// Indexes the registry's persons and the statement holders that are not businesses.
    pub(crate) fn build(ctx: &Context<'_>) -> NameIndex {
        let mut by_token: HashMap<String, Vec<Named>> = HashMap::new();
        let mut seen = HashSet::new();
        let mut add = |display: &str, surname: Option<String>| {
            let key = normalize::name_key(display);
            if key.split(' ').count() < 2 || !seen.insert(key.clone()) {
                return;
            }
            let surname = surname
                .unwrap_or_else(|| display.split_whitespace().last().map(normalize::name_key).unwrap_or_default());
            let first = key.split(' ').next().unwrap_or_default().to_string();
            by_token.entry(first).or_default().push(Named { key, display: display.to_string(), surname });
        };
        for e in ctx.entities.iter().filter(|e| e.schema == "Person") {
            for n in e.values("name") {
                add(n, surname(e));
            }
        }
        for a in ctx.parties.accounts.values() {
            if let Some(h) = a.holder.as_deref().filter(|_| !is_business(a, ctx)) {
                add(h, None);
            }
        }
        NameIndex { by_token }
    }

    /// The persons whose full name appears in `text`.
    pub(crate) fn find(&self, text: &str) -> Vec<&Named> {
        let words: BTreeSet<String> = normalize::name_key(text).split(' ').map(str::to_string).collect();
        let mut out: Vec<&Named> = Vec::new();
        for w in &words {
            for n in self.by_token.get(w).into_iter().flatten() {
                if n.key.split(' ').all(|t| words.contains(t)) && !out.iter().any(|o| o.key == n.key) {
                    out.push(n);
                }
            }
        }
        out
    }
}

/// The name keys and surnames that stand for an account's holder: the statement's holder name and the
/// registry owner's names.
pub(crate) fn holder_names(a: &Account<'_>, ctx: &Context<'_>) -> (BTreeSet<String>, BTreeSet<String>) {
    let mut keys = BTreeSet::new();
    let mut words = BTreeSet::new();
    let mut add = |n: &str| {
        let k = normalize::name_key(n);
        words.extend(k.split(' ').map(str::to_string));
        keys.insert(k);
    };
    if let Some(h) = &a.holder {
        add(h);
    }
    if let Some(e) = owner(a, ctx) {
        for n in e.values("name") {
            add(n);
        }
    }
    (keys, words)
}

/// Persons and companies that run an organisation according to the registry: its directors and owners.
pub(crate) fn controllers(org: &str, ctx: &Context<'_>) -> Vec<String> {
    ctx.registry().controllers.get(&ctx.parties.canon.of(org)).cloned().unwrap_or_default()
}

/// Account numbers held by an entity: its statement accounts and its registry bank accounts.
pub(crate) fn accounts_of(id: &str, ctx: &Context<'_>) -> Vec<String> {
    ctx.registry().accounts.get(&ctx.parties.canon.of(id)).cloned().unwrap_or_default()
}

/// The registry entity behind a counterparty: the holder of its account, else the one organisation of that
/// name.
pub(crate) fn entity_of_counterparty<'a>(t: &Transaction, ctx: &Context<'a>) -> Option<&'a Entity> {
    let parties = ctx.parties;
    if let Some(acct) = &t.cpty_account {
        let id = parties
            .accounts
            .get(acct)
            .and_then(|a| a.owner.as_ref().map(|o| o.0.clone()))
            .or_else(|| parties.registry_owner(acct));
        if let Some(e) = id.and_then(|id| parties.entities.get(id.as_str()).copied()) {
            return Some(e);
        }
    }
    let key = normalize::name_key(t.cpty_name.as_deref()?);
    match ctx.registry().organisations.get(&key)?.as_slice() {
        [only] => parties.entities.get(only.id.as_str()).copied(),
        _ => None,
    }
}

/// What the rules look up in the registry, indexed once per run ([`Context::registry`]) rather than by a scan
/// of every entity or account per look-up.
pub(crate) struct Registry<'a> {
    /// Directors and owners of each organisation (canonical ids, in the order the registry lists them).
    controllers: HashMap<String, Vec<String>>,
    /// Account numbers held by each entity (canonical id), sorted.
    accounts: HashMap<String, Vec<String>>,
    /// Organisations by the name key of each of their names, each once, in the registry's order.
    organisations: HashMap<String, Vec<&'a Entity>>,
}

impl<'a> Registry<'a> {
    pub(crate) fn build(ctx: &Context<'a>) -> Registry<'a> {
        let canon = &ctx.parties.canon;
        let mut controllers: HashMap<String, Vec<String>> = HashMap::new();
        let mut organisations: HashMap<String, Vec<&'a Entity>> = HashMap::new();
        for e in ctx.entities {
            let (org, who) = match e.schema.as_str() {
                "Directorship" => (e.first("organization"), e.first("director")),
                "Ownership" => (e.first("asset"), e.first("owner")),
                _ => (None, None),
            };
            if let (Some(org), Some(who)) = (org, who) {
                let list = controllers.entry(canon.of(org)).or_default();
                let who = canon.of(who);
                if !list.contains(&who) {
                    list.push(who);
                }
            }
            if is_organisation(e) {
                for n in e.values("name") {
                    let list = organisations.entry(normalize::name_key(n)).or_default();
                    if !list.iter().any(|x| std::ptr::eq(*x, e)) {
                        list.push(e);
                    }
                }
            }
        }
        let mut accounts: HashMap<String, Vec<String>> = HashMap::new();
        for a in ctx.parties.accounts.values() {
            if let Some((o, _)) = &a.owner {
                accounts.entry(o.clone()).or_default().push(a.number.clone());
            }
        }
        for (number, o) in &ctx.parties.registry_owners {
            let list = accounts.entry(o.clone()).or_default();
            if !list.contains(number) {
                list.push(number.clone());
            }
        }
        accounts.values_mut().for_each(|l| l.sort());
        Registry { controllers, accounts, organisations }
    }
}

/// Normalised contact details of an entity: phones (E.164), e-mails and postal addresses (folded words).
pub(crate) fn contacts(e: &Entity) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for (kind, prop) in [("phone", "phone"), ("email", "email"), ("address", "address")] {
        for v in e.values(prop) {
            let n = match kind {
                "address" => Some(tokens(&normalize::name(v)).join(" ")).filter(|s| s.len() >= 6),
                _ => crate::links::normal(kind, v),
            };
            if let Some(n) = n.filter(|n| !n.is_empty())
                && !out.contains(&(kind, n.clone()))
            {
                out.push((kind, n));
            }
        }
    }
    out
}

/// A parameter table written as a list of `"KEY=AMOUNT CUR"` strings, such as `"DE=2161.00 EUR"`.
pub(crate) fn amount_table(list: &[String]) -> HashMap<String, (f64, String)> {
    list.iter()
        .filter_map(|s| {
            let (k, v) = s.split_once('=')?;
            let mut parts = v.split_whitespace();
            let amount: f64 = parts.next()?.replace(',', "").parse().ok()?;
            let cur = parts.next().unwrap_or("").to_uppercase();
            Some((k.trim().to_uppercase(), (amount, cur)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prepared_words_decide_as_has_word() {
        let list: Vec<String> = ["Miete", "rent", "hotel booking", "Übernachtung"].map(String::from).to_vec();
        let w = Words::new(&list);
        for text in [
            "Kaltmiete März",
            "RENT april",
            "hotel   booking ref",
            "booking hotel",
            "ÜBERNACHTUNG 3",
            "parentheses",
            "Mietwagen",
            "",
        ] {
            assert_eq!(w.matches(text), has_word(text, &list), "{text}");
        }
        assert!(w.matches("Kaltmiete März") && w.matches("ÜBERNACHTUNG 3"));
        assert!(!w.matches("booking hotel") && !w.matches("parentheses"));
        assert!(!Words::new(&[]).matches("rent"));
    }

    #[test]
    fn substrings_ignore_case_in_any_script() {
        let s = Substrings::new(&["Western Union".into(), "bitpanda".into(), "обмен".into()]);
        assert!(s.in_text("Transfer WESTERN UNION 123"));
        assert!(s.in_text("BITPANDA GmbH"));
        assert!(s.in_text("ОБМЕН валют"));
        assert!(!s.in_text("union bank"));
        assert!(!Substrings::new(&[]).in_text("anything"));
        assert!(Substrings::new(&[String::new()]).in_text("anything"));
    }
}
