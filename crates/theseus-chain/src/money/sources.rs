//! Proceeds at their sources: what each operation took, item by item.

use std::collections::{HashMap, HashSet};

use theseus_model::{Channel, Transaction, normalize};

use super::{End, Index, Source, SourceKind, has_any, is_abroad, is_cash, is_credit, lower};
use crate::{Cast, Member, Role};

/// A proceeds item with where it entered the traced accounts.
#[derive(Debug, Clone)]
pub(crate) struct Found {
    pub source: Source,
    /// The offender's credit posting (account, posting) where tracing starts; none when the money went to an
    /// account without a statement here or was taken in cash.
    pub entry: Option<(usize, usize)>,
    /// For an item without an entry: where it ended at once.
    pub end: End,
    /// The victim's statement account it left, when there is one.
    pub from: Option<usize>,
}

/// Words of a fee for placement or recruitment.
const FEE_WORDS: &[&str] = &[
    "gebühr",
    "gebuehr",
    " fee",
    "fee ",
    "comision",
    "comisión",
    "taxa",
    "vermittlung",
    "recrut",
    "recruit",
    "placement",
    "visa",
];

/// Words of a wage payment.
pub(crate) const WAGE_WORDS: &[&str] =
    &["lohn", "gehalt", "salary", "wage", "bezüge", "bezuege", "payroll", "salariu", "zaplata"];

/// Words of a social benefit.
pub(crate) const BENEFIT_WORDS: &[&str] = &[
    "rente",
    "pension",
    "leistung",
    "kindergeld",
    "arbeitslosengeld",
    "bürgergeld",
    "buergergeld",
    "sozialhilfe",
    "jobcenter",
    "agentur für arbeit",
    "familienbeihilfe",
    "mindestsicherung",
    "erwerbsminderung",
    "pflegegeld",
    "benefit",
    "allowance",
];

/// Whether a credit is a social benefit.
pub(crate) fn is_benefit(t: &Transaction) -> bool {
    is_credit(t) && (has_any(&lower(&t.memo), BENEFIT_WORDS) || has_any(&lower(&t.cpty_name), BENEFIT_WORDS))
}

/// Whether a credit is a wage.
pub(crate) fn is_wage(t: &Transaction) -> bool {
    t.channel == Channel::Payroll || has_any(&lower(&t.memo), WAGE_WORDS)
}

/// Whom a memo names.
enum Named {
    Nobody,
    One(usize),
    /// Several victims of the operation bear the name.
    Namesakes(Vec<usize>),
}

/// One operation's members by account and subject.
struct OpView<'c> {
    op: &'c crate::Operation,
    by_account: HashMap<&'c str, usize>,
    by_subject: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
}

impl<'c> OpView<'c> {
    fn new(ix: &Index, op: &'c crate::Operation) -> OpView<'c> {
        let mut by_account = HashMap::new();
        let mut by_subject = HashMap::new();
        let mut by_name = HashMap::new();
        for (i, m) in op.members.iter().enumerate() {
            for a in &m.accounts {
                by_account.entry(a.as_str()).or_insert(i);
            }
            by_subject.entry(m.subject.clone()).or_insert(i);
            by_subject.entry(ix.parties.canon.of(&m.subject)).or_insert(i);
            if m.kind != "account" {
                let key = normalize::name_key(&m.name);
                if key.contains(' ') {
                    by_name.entry(key).or_insert(i);
                }
            }
        }
        OpView { op, by_account, by_subject, by_name }
    }

    /// The member holding `account`: listed in the cast, or the account's holder (registry or statement).
    fn member_of_account(&self, ix: &Index, account: &str) -> Option<usize> {
        if let Some(&m) = self.by_account.get(account) {
            return Some(m);
        }
        let holder = ix.parties.registry_owner(account).or_else(|| ix.parties.subject_of(account))?;
        self.by_subject.get(&holder).or_else(|| self.by_subject.get(&ix.parties.canon.of(&holder))).copied()
    }

    fn member(&self, i: usize) -> &'c Member {
        &self.op.members[i]
    }

    fn role(&self, i: usize) -> Option<Role> {
        self.op.members[i].role()
    }

    fn is_offender(&self, i: usize) -> bool {
        self.role(i).is_some_and(Role::is_offender)
    }

    /// The member a counterparty of `t` is: by account, else by exact name.
    fn counterparty(&self, ix: &Index, t: &Transaction) -> Option<usize> {
        if let Some(c) = t.cpty_account.as_deref().filter(|c| !c.is_empty()) {
            return self.member_of_account(ix, c);
        }
        let name = normalize::name_key(t.cpty_name.as_deref()?);
        self.by_name.get(&name).copied()
    }

    /// The victim a memo names (every token of the victim's name in the memo).
    fn victim_named(&self, memo: &str) -> Named {
        let tokens: HashSet<String> = normalize::name_key(memo).split(' ').map(str::to_string).collect();
        // The fullest name the memo contains; two different victims with that name (namesakes) cannot be
        // told apart by the memo.
        let mut best: Vec<(usize, usize)> = vec![];
        for (i, m) in self.op.members.iter().enumerate() {
            if m.role() != Some(Role::Victim) {
                continue;
            }
            let key = normalize::name_key(&m.name);
            let n = key.split(' ').count();
            if n < 2 || !key.split(' ').all(|t| tokens.contains(t)) {
                continue;
            }
            match best.first() {
                Some(&(_, b)) if b > n => {}
                Some(&(_, b)) if b == n => best.push((i, n)),
                _ => best = vec![(i, n)],
            }
        }
        match best.as_slice() {
            [] => Named::Nobody,
            [(i, _)] => Named::One(*i),
            _ => Named::Namesakes(best.iter().map(|b| b.0).collect()),
        }
    }

    /// The member said to collect cash from victims: the first exploiter, else the first offender.
    fn controller(&self) -> Option<usize> {
        let ms = &self.op.members;
        ms.iter()
            .position(|m| m.role() == Some(Role::Exploiter))
            .or_else(|| (0..ms.len()).find(|&i| self.is_offender(i)))
    }
}

/// Postings of the accounts looked at, by direction and amount, built for an account when first asked.
#[derive(Default)]
pub(crate) struct Pairs {
    by_account: HashMap<usize, HashMap<(bool, rust_decimal::Decimal), Vec<usize>>>,
}

impl Pairs {
    /// Finds the opposite posting of a transfer `t` on `account`: same amount, the other direction, the
    /// counterparty (when given) being `from`, within five days; the closest in time not used yet.
    pub(crate) fn find(
        &mut self,
        ix: &Index,
        account: usize,
        t: &Transaction,
        from: &str,
        used: &HashSet<(usize, usize)>,
    ) -> Option<usize> {
        let txns = &ix.accts[account].txns;
        let map = self.by_account.entry(account).or_insert_with(|| {
            let mut m: HashMap<(bool, rust_decimal::Decimal), Vec<usize>> = HashMap::new();
            for (k, c) in txns.iter().enumerate() {
                m.entry((is_credit(c), c.amount.normalize())).or_default().push(k);
            }
            m
        });
        let day = t.ts.local();
        map.get(&(!is_credit(t), t.amount.normalize()))?
            .iter()
            .copied()
            .filter(|&k| {
                txns.at(k).cpty_account.as_deref().is_none_or(|x| x == from || x.is_empty())
                    && !used.contains(&(account, k))
            })
            .map(|k| (k, (txns.at(k).ts.local() - day).num_minutes().abs()))
            .filter(|(_, d)| *d <= 5 * 24 * 60)
            .min_by_key(|(k, d)| (*d, *k))
            .map(|(k, _)| k)
    }
}

struct Builder<'a> {
    out: Vec<Found>,
    used: HashSet<(usize, usize)>,
    pairs: Pairs,
    ix: &'a Index<'a>,
}

impl Builder<'_> {
    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        op: &crate::Operation,
        kind: SourceKind,
        t: &Transaction,
        offender: &Member,
        entry: Option<(usize, usize)>,
        from: Option<usize>,
        victim: Option<&Member>,
        mut ids: Vec<String>,
        end: End,
        what: String,
    ) {
        ids.dedup();
        self.out.push(Found {
            source: Source {
                id: format!("P-{}", self.out.len() + 1),
                operation: op.id.clone(),
                kind,
                amount: t.amount,
                date: t.ts.date(),
                offender: offender.subject.clone(),
                account: entry.map(|(a, _)| self.ix.accts[a].number.clone()),
                paid_to: if is_credit(t) {
                    Some(t.account.clone())
                } else {
                    t.cpty_account.clone().filter(|c| !c.is_empty())
                },
                victim: victim.map(|v| v.subject.clone()),
                shared_by: vec![],
                transactions: ids,
                what,
            },
            entry,
            end,
            from,
        });
    }
}

/// Every proceeds item of every operation. A posting is used once, by the first operation that claims it.
pub(crate) fn find(ix: &Index, cast: &Cast) -> Vec<Found> {
    let mut b = Builder { out: vec![], used: HashSet::new(), pairs: Pairs::default(), ix };
    for op in &cast.operations {
        let v = OpView::new(ix, op);
        offender_credits(&mut b, &v);
        victim_debits(&mut b, &v);
    }
    b.out.sort_by(|x, y| x.source.date.cmp(&y.source.date).then(x.source.transactions.cmp(&y.source.transactions)));
    for (i, f) in b.out.iter_mut().enumerate() {
        f.source.id = format!("P-{}", i + 1);
    }
    b.out
}

/// Credits on offenders' accounts: cash paid in, money from victims, buyers, diverted wages.
fn offender_credits(b: &mut Builder, v: &OpView) {
    let ix = b.ix;
    for (mi, m) in v.op.members.iter().enumerate() {
        if !v.is_offender(mi) {
            continue;
        }
        for number in &m.accounts {
            let Some(&a) = ix.pos.get(number.as_str()) else { continue };
            for (k, t) in ix.accts[a].txns.iter().enumerate() {
                if !is_credit(t) || b.used.contains(&(a, k)) {
                    continue;
                }
                if is_cash(t) {
                    b.used.insert((a, k));
                    b.push(
                        v.op,
                        SourceKind::CashDeposit,
                        t,
                        m,
                        Some((a, k)),
                        None,
                        None,
                        vec![t.id.clone()],
                        End::OnAccount,
                        format!("cash paid into {}'s account {}", m.name, number),
                    );
                    continue;
                }
                let Some(c) = v.counterparty(ix, t) else { continue };
                if c == mi {
                    continue;
                }
                let cm = v.member(c);
                match v.role(c) {
                    Some(Role::Victim) => {
                        b.used.insert((a, k));
                        let mut ids = vec![];
                        let mut from = None;
                        if let Some(vc) = t.cpty_account.as_deref().and_then(|x| ix.pos.get(x).copied())
                            && let Some(kd) = b.pairs.find(ix, vc, t, number, &b.used)
                        {
                            b.used.insert((vc, kd));
                            ids.push(ix.txn(vc, kd).id.clone());
                            from = Some(vc);
                        }
                        ids.push(t.id.clone());
                        let kind = fee_or_transfer(v.role(mi), t);
                        b.push(
                            v.op,
                            kind,
                            t,
                            m,
                            Some((a, k)),
                            from,
                            Some(cm),
                            ids,
                            End::OnAccount,
                            format!("{} paid {} to {}", cm.name, t.amount, m.name),
                        );
                    }
                    Some(Role::Buyer) => {
                        b.used.insert((a, k));
                        b.push(
                            v.op,
                            SourceKind::BuyerPayment,
                            t,
                            m,
                            Some((a, k)),
                            None,
                            None,
                            vec![t.id.clone()],
                            End::OnAccount,
                            format!("buyer {} paid {} to {}", cm.name, t.amount, m.name),
                        );
                    }
                    Some(r) if r.is_offender() && (cm.kind == "company" || r == Role::ComplicitBusiness) => {
                        let memo = t.memo.as_deref().unwrap_or_default();
                        let named = v.victim_named(memo);
                        if matches!(named, Named::Nobody) && !is_wage(t) {
                            continue;
                        }
                        // Namesakes: the worker whose wage went elsewhere is the one not paid by the same
                        // business within ten days; if that leaves several, the item is theirs to share.
                        let named = match named {
                            Named::Namesakes(all) => {
                                let payer = t.cpty_account.as_deref().unwrap_or_default();
                                let unpaid: Vec<usize> =
                                    all.iter().copied().filter(|&i| !paid_by(ix, v.member(i), payer, t)).collect();
                                match unpaid.as_slice() {
                                    [one] => Named::One(*one),
                                    [] => Named::Namesakes(all),
                                    _ => Named::Namesakes(unpaid),
                                }
                            }
                            other => other,
                        };
                        let (named, namesakes) = match named {
                            Named::One(i) => (Some(i), vec![]),
                            Named::Namesakes(all) => (None, all),
                            Named::Nobody => (None, vec![]),
                        };
                        b.used.insert((a, k));
                        let mut ids = vec![];
                        if let Some(cc) = t.cpty_account.as_deref().and_then(|x| ix.pos.get(x).copied())
                            && let Some(kd) = b.pairs.find(ix, cc, t, number, &b.used)
                        {
                            b.used.insert((cc, kd));
                            ids.push(ix.txn(cc, kd).id.clone());
                        }
                        ids.push(t.id.clone());
                        let victim = named.map(|i| v.member(i));
                        b.push(
                            v.op,
                            SourceKind::WageDiverted,
                            t,
                            m,
                            Some((a, k)),
                            None,
                            victim,
                            ids,
                            End::OnAccount,
                            format!(
                                "{} paid a wage of {} to {} instead of {}",
                                cm.name,
                                t.amount,
                                m.name,
                                match (victim, namesakes.is_empty()) {
                                    (Some(x), _) => x.name.clone(),
                                    (None, false) => format!("the worker the memo names ({} victims bear the name)", namesakes.len()),
                                    (None, true) => "the worker".into(),
                                }
                            ),
                        );
                        if let Some(last) = b.out.last_mut() {
                            last.source.shared_by = namesakes.iter().map(|&i| v.member(i).subject.clone()).collect();
                        }
                    }
                    _ => {}
                }
            }
        }
    }
}

/// Whether `worker` was paid by account `payer` within ten days of `t` (into a statement account here).
fn paid_by(ix: &Index, worker: &Member, payer: &str, t: &Transaction) -> bool {
    let day = t.ts.date();
    worker.accounts.iter().filter_map(|a| ix.pos.get(a.as_str())).any(|&a| {
        ix.accts[a].txns.iter().any(|c| {
            is_credit(c) && c.cpty_account.as_deref() == Some(payer) && (c.ts.date() - day).num_days().abs() <= 10
        })
    })
}

/// The kind of a victim's payment to an offender: a fee when the recipient recruits or the memo says so.
fn fee_or_transfer(recipient: Option<Role>, t: &Transaction) -> SourceKind {
    let memo = format!(" {} ", lower(&t.memo));
    if recipient == Some(Role::Recruiter) || has_any(&memo, FEE_WORDS) {
        SourceKind::RecruitmentFee
    } else {
        SourceKind::VictimTransfer
    }
}

/// Debits on victims' accounts: payments to offenders not seen from the offender's side, and benefits
/// withdrawn in cash.
fn victim_debits(b: &mut Builder, v: &OpView) {
    let ix = b.ix;
    for (mi, m) in v.op.members.iter().enumerate() {
        if v.role(mi) != Some(Role::Victim) {
            continue;
        }
        for number in &m.accounts {
            let Some(&a) = ix.pos.get(number.as_str()) else { continue };
            let txns = &ix.accts[a].txns;
            let home = ix.country(a);
            let mut benefits_used: HashSet<usize> = HashSet::new();
            for (k, t) in txns.iter().enumerate() {
                if is_credit(t) || b.used.contains(&(a, k)) {
                    continue;
                }
                if is_cash(t) {
                    // A benefit taken out in cash within three days of being paid, no more than was paid.
                    let day = t.ts.date();
                    let benefit =
                        (0..k).rev().take_while(|&j| (day - txns.at(j).ts.date()).num_days() <= 3).find(|&j| {
                            is_benefit(txns.at(j)) && !benefits_used.contains(&j) && t.amount <= txns.at(j).amount
                        });
                    let (Some(j), Some(c)) = (benefit, v.controller()) else { continue };
                    benefits_used.insert(j);
                    b.used.insert((a, k));
                    b.push(
                        v.op,
                        SourceKind::BenefitWithdrawn,
                        t,
                        v.member(c),
                        None,
                        Some(a),
                        Some(m),
                        vec![txns.at(j).id.clone(), t.id.clone()],
                        End::Cash,
                        format!("{}'s benefit of {} withdrawn in cash ({})", m.name, txns.at(j).amount, t.amount),
                    );
                    continue;
                }
                let Some(c) = v.counterparty(ix, t) else { continue };
                if c == mi || !v.is_offender(c) {
                    continue;
                }
                let cm = v.member(c);
                b.used.insert((a, k));
                let mut ids = vec![t.id.clone()];
                let mut entry = None;
                if let Some(oc) = t.cpty_account.as_deref().and_then(|x| ix.pos.get(x).copied())
                    && let Some(kc) = b.pairs.find(ix, oc, t, number, &b.used)
                {
                    b.used.insert((oc, kc));
                    ids.push(ix.txn(oc, kc).id.clone());
                    entry = Some((oc, kc));
                }
                let end = if is_abroad(home, t) { End::Abroad } else { End::NoStatement };
                b.push(
                    v.op,
                    fee_or_transfer(v.role(c), t),
                    t,
                    cm,
                    entry,
                    Some(a),
                    Some(m),
                    ids,
                    end,
                    format!("{} paid {} to {}", m.name, t.amount, cm.name),
                );
            }
        }
    }
}
