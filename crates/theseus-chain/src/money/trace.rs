//! The tracing engine: accounts reached by proceeds are walked posting by posting in time order, each holding
//! clean money and tainted money per source; outflows take from them by the method.

use std::cmp::Reverse;
use std::collections::{BinaryHeap, HashMap, HashSet, VecDeque};

use chrono::NaiveDateTime;

use super::sources::{Found, Pairs};
use super::{End, Index, Leg, Method, TaintedPosting, Trace, dec, f, is_abroad, is_cash, is_credit, is_crypto};

/// The origin of clean money.
pub(crate) const CLEAN: u32 = u32::MAX;
/// No account (a source that ended where it was taken).
pub(crate) const NONE: u32 = u32::MAX;
/// An account outside the cast with more postings than this is an institution's or a large business's:
/// money paid into it bought goods or services and is not followed (it would stay in its large balance
/// for the rest of the statement and cost a walk through all of it).
const INSTITUTION_POSTINGS: usize = 5_000;
/// An account holding less tainted money than this (in currency units) is not walked further: what it holds
/// is reported as still on it. This keeps pro rata's ever thinner shares from walking every account the
/// money touches.
const EPS: f64 = 0.01;

/// Money on one account, by origin.
#[derive(Debug, Clone)]
pub(crate) enum Pool {
    /// FIFO or LIFO: lots in the order they came in.
    Lots { lifo: bool, lots: VecDeque<(u32, f64)> },
    /// Pro rata: clean money and each source's share.
    Shares { clean: f64, tainted: Vec<(u32, f64)> },
}

impl Pool {
    pub fn new(method: Method, clean: f64) -> Pool {
        let mut p = match method {
            Method::Fifo | Method::Lifo => Pool::Lots { lifo: method == Method::Lifo, lots: VecDeque::new() },
            Method::ProRata => Pool::Shares { clean: 0.0, tainted: vec![] },
        };
        p.put(CLEAN, clean);
        p
    }

    pub fn put(&mut self, origin: u32, x: f64) {
        if x <= 0.0 {
            return;
        }
        match self {
            Pool::Lots { lots, .. } => match lots.back_mut() {
                Some(last) if last.0 == origin => last.1 += x,
                _ => lots.push_back((origin, x)),
            },
            Pool::Shares { clean, tainted } => {
                if origin == CLEAN {
                    *clean += x;
                } else if let Some(e) = tainted.iter_mut().find(|e| e.0 == origin) {
                    e.1 += x;
                } else {
                    tainted.push((origin, x));
                }
            }
        }
    }

    /// Takes `x` out; what the pool cannot cover (an overdraft, a gap in the statement) is clean.
    pub fn take(&mut self, x: f64) -> Vec<(u32, f64)> {
        // Clean money first in the result, then each source once.
        let mut out: Vec<(u32, f64)> = vec![(CLEAN, 0.0)];
        match self {
            Pool::Lots { lifo, lots } => {
                let mut push = |o: u32, v: f64| {
                    if o == CLEAN || v <= 0.0 {
                        out[0].1 += v;
                    } else if let Some(e) = out.iter_mut().find(|e| e.0 == o) {
                        // Lots of one source are few per outflow: a short search.
                        e.1 += v;
                    } else {
                        out.push((o, v));
                    }
                };
                let mut need = x;
                while need > 1e-9 {
                    let lot = if *lifo { lots.pop_back() } else { lots.pop_front() };
                    let Some((o, v)) = lot else {
                        push(CLEAN, need);
                        break;
                    };
                    if v <= need + 1e-9 {
                        push(o, v);
                        need -= v;
                    } else {
                        push(o, need);
                        let rest = (o, v - need);
                        if *lifo {
                            lots.push_back(rest);
                        } else {
                            lots.push_front(rest);
                        }
                        need = 0.0;
                    }
                }
            }
            Pool::Shares { clean, tainted } => {
                let total = *clean + tainted.iter().map(|e| e.1).sum::<f64>();
                if total <= 1e-9 {
                    out[0].1 += x;
                } else {
                    let share = (x / total).min(1.0);
                    let c = *clean * share;
                    *clean -= c;
                    out[0].1 += c;
                    // Each source appears once in the pool, so once here. Every share is kept, however thin, so
                    // that the method accounts for every cent; thin shares stop spreading where they land
                    // (an account holding less than the threshold is not walked further).
                    for e in tainted.iter_mut() {
                        let v = e.1 * share;
                        e.1 -= v;
                        out.push((e.0, v));
                    }
                    // A source worn down to nothing by repeated shares leaves the pool (a millionth of a
                    // cent at most each time).
                    tainted.retain(|e| e.1 >= 1e-8);
                    if x > total {
                        out[0].1 += x - total;
                    }
                }
            }
        }
        if out[0].1 <= 0.0 {
            out.swap_remove(0);
        }
        out
    }

    /// Tainted money held, by source.
    pub fn tainted_parts(&self) -> Vec<(u32, f64)> {
        let mut out: Vec<(u32, f64)> = vec![];
        let it: Box<dyn Iterator<Item = &(u32, f64)>> = match self {
            Pool::Lots { lots, .. } => Box::new(lots.iter()),
            Pool::Shares { tainted, .. } => Box::new(tainted.iter()),
        };
        for &(o, v) in it.filter(|e| e.0 != CLEAN) {
            match out.iter_mut().find(|e| e.0 == o) {
                Some(e) => e.1 += v,
                None => out.push((o, v)),
            }
        }
        out
    }

    pub fn tainted(&self) -> f64 {
        match self {
            Pool::Lots { lots, .. } => lots.iter().filter(|e| e.0 != CLEAN).map(|e| e.1).sum(),
            Pool::Shares { tainted, .. } => tainted.iter().map(|e| e.1).sum(),
        }
    }

    /// Turns up to `x` of clean money into tainted money of `origin` (a credit first booked as clean whose
    /// tainted origin became known later); returns how much it could turn.
    fn retaint(&mut self, origin: u32, x: f64) -> f64 {
        let mut turned = 0.0;
        match self {
            Pool::Lots { lots, .. } => {
                for lot in lots.iter_mut().rev() {
                    if lot.0 == CLEAN && turned < x {
                        let v = lot.1.min(x - turned);
                        lot.1 -= v;
                        turned += v;
                    }
                }
                lots.retain(|l| l.1 > 1e-9);
                if turned > 0.0 {
                    lots.push_back((origin, turned));
                }
            }
            Pool::Shares { clean, .. } => {
                turned = clean.min(x);
                *clean -= turned;
                if turned > 0.0 {
                    self.put(origin, turned);
                }
            }
        }
        turned
    }
}

/// Where an outflow went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Dest {
    Acct(u32),
    End(End),
}

/// One source's money on one leg.
#[derive(Debug, Clone, Default)]
pub(crate) struct LegAcc {
    pub amount: f64,
    pub postings: usize,
    /// The largest postings: (amount, account, posting).
    pub top: Vec<(f64, u32, u32)>,
}

impl LegAcc {
    fn add(&mut self, v: f64, at: Option<(u32, u32)>) {
        self.amount += v;
        let Some((a, k)) = at else { return };
        self.postings += 1;
        if self.top.len() < 5 {
            self.top.push((v, a, k));
        } else if let Some(min) = self.top.iter_mut().min_by(|x, y| x.0.total_cmp(&y.0))
            && min.0 < v
        {
            *min = (v, a, k);
        }
    }
}

/// Per account being walked.
struct State {
    pool: Pool,
    cursor: usize,
    active: bool,
    pending: usize,
}

/// What tracing found.
pub(crate) struct Traced {
    /// Per source: (from account or NONE, destination) → money.
    pub legs: Vec<HashMap<(u32, Dest), LegAcc>>,
    /// Per outflow carrying tainted money: (tainted, destination).
    pub outflows: HashMap<(u32, u32), (f64, Dest)>,
    /// Tainted money left per account at the end.
    pub on_account: HashMap<u32, f64>,
    /// Tainted money received per account through followed transfers.
    pub received: HashMap<u32, f64>,
}

impl Traced {
    pub fn traces(&self, ix: &Index, found: &[Found]) -> Vec<Trace> {
        found
            .iter()
            .zip(&self.legs)
            .map(|(fnd, legs)| {
                let mut out: Vec<Leg> = legs
                    .iter()
                    .map(|(&(from, dest), acc)| {
                        let mut top = acc.top.clone();
                        top.sort_by(|x, y| y.0.total_cmp(&x.0));
                        let from_acct = if from == NONE {
                            fnd.from.map(|a| ix.accts[a].number.clone())
                        } else {
                            Some(ix.accts[from as usize].number.clone())
                        };
                        Leg {
                            from: from_acct,
                            to: match dest {
                                Dest::Acct(a) => Some(ix.accts[a as usize].number.clone()),
                                Dest::End(_) => None,
                            },
                            end: match dest {
                                Dest::End(e) => Some(e),
                                Dest::Acct(_) => None,
                            },
                            amount: dec(acc.amount),
                            postings: acc.postings,
                            transactions: top
                                .iter()
                                .map(|&(_, a, k)| ix.txn(a as usize, k as usize).id.clone())
                                .collect(),
                        }
                    })
                    .filter(|l| !l.amount.is_zero())
                    .collect();
                out.sort_by(|x, y| y.amount.cmp(&x.amount).then(x.from.cmp(&y.from)).then(x.to.cmp(&y.to)));
                Trace { source: fnd.source.id.clone(), legs: out }
            })
            .collect()
    }

    pub fn tainted_postings(&self, ix: &Index) -> Vec<TaintedPosting> {
        let mut keys: Vec<&(u32, u32)> = self.outflows.keys().collect();
        keys.sort_by_key(|(a, k)| (ix.txn(*a as usize, *k as usize).ts.local(), *a, *k));
        keys.into_iter()
            .filter_map(|&(a, k)| {
                let (v, dest) = self.outflows[&(a, k)];
                let t = ix.txn(a as usize, k as usize);
                let tainted = dec(v);
                (!tainted.is_zero()).then(|| TaintedPosting {
                    transaction: t.id.clone(),
                    account: t.account.clone(),
                    date: t.ts.date(),
                    amount: t.amount,
                    tainted,
                    counterparty: t.cpty_account.clone().or_else(|| t.cpty_name.clone()).or_else(|| t.merchant.clone()),
                    to: match dest {
                        Dest::Acct(x) => Some(ix.accts[x as usize].number.clone()),
                        Dest::End(_) => None,
                    },
                    end: match dest {
                        Dest::End(e) => Some(e),
                        Dest::Acct(_) => None,
                    },
                })
            })
            .collect()
    }
}

/// The walk.
struct Walk<'a, 'i> {
    ix: &'i Index<'a>,
    method: Method,
    states: HashMap<u32, State>,
    heap: BinaryHeap<Reverse<(NaiveDateTime, u64, u32, u32)>>,
    seq: u64,
    source_at: HashMap<(u32, u32), u32>,
    pending: HashMap<(u32, u32), Vec<(u32, f64)>>,
    balances: HashMap<u32, Vec<f64>>,
    pairs: Pairs,
    paired: HashSet<(usize, usize)>,
    members: &'i HashSet<usize>,
    out: Traced,
}

impl Walk<'_, '_> {
    fn schedule(&mut self, a: u32, k: u32) {
        let ts = self.ix.txn(a as usize, k as usize).ts.local();
        self.seq += 1;
        self.heap.push(Reverse((ts, self.seq, a, k)));
    }

    /// The account's balance before posting `k`: from the balances the statement states when it does,
    /// else summed from the first posting.
    fn balance_before(&mut self, a: u32, k: usize) -> f64 {
        let txns = &self.ix.accts[a as usize].txns;
        let prefix = self.balances.entry(a).or_insert_with(|| {
            let signed: Vec<f64> = txns.iter().map(|t| f(t.signed_amount())).collect();
            let mut sums = Vec::with_capacity(txns.len() + 1);
            let mut run = 0.0;
            sums.push(0.0);
            for s in &signed {
                run += s;
                sums.push(run);
            }
            // The opening balance, from the first posting that states a balance.
            let opening =
                txns.iter().enumerate().find_map(|(i, t)| t.balance.map(|b| f(b) - sums[i + 1])).unwrap_or(0.0);
            sums.iter().map(|s| s + opening).collect()
        });
        match txns.at(k).balance {
            Some(b) => f(b) - f(txns.at(k).signed_amount()),
            None => prefix[k],
        }
    }

    fn activate(&mut self, a: u32, k: usize) {
        let clean = self.balance_before(a, k).max(0.0);
        let pool = Pool::new(self.method, clean);
        let st = self.states.entry(a).or_insert(State { pool: pool.clone(), cursor: k, active: true, pending: 0 });
        st.pool = pool;
        st.cursor = k;
        st.active = true;
        self.schedule(a, k as u32);
    }

    /// Delivers an outflow's money to the credit posting `kb` on account `b`.
    fn deliver(&mut self, b: u32, kb: usize, parts: Vec<(u32, f64)>) {
        let tainted: f64 = parts.iter().filter(|p| p.0 != CLEAN).map(|p| p.1).sum();
        *self.out.received.entry(b).or_default() += tainted;
        let (active, cursor) = self.states.get(&b).map_or((false, 0), |s| (s.active, s.cursor));
        if !active && cursor <= kb {
            self.pending.insert((b, kb as u32), parts);
            self.activate(b, kb);
            if let Some(s) = self.states.get_mut(&b) {
                s.pending += 1;
            }
            return;
        }
        if active && cursor <= kb {
            self.pending.insert((b, kb as u32), parts);
            if let Some(s) = self.states.get_mut(&b) {
                s.pending += 1;
            }
            return;
        }
        // The credit was booked before the debit and already walked as clean. Walking it again would count
        // what followed twice: the credit's money turns tainted where the walk is now.
        let len = self.ix.accts[b as usize].txns.len();
        if !active {
            if cursor >= len {
                // The statement has ended: the money is still there.
                for (o, v) in parts.into_iter().filter(|p| p.0 != CLEAN) {
                    self.out.legs[o as usize].entry((b, Dest::End(End::OnAccount))).or_default().add(v, None);
                    *self.out.on_account.entry(b).or_default() += v;
                }
                return;
            }
            self.activate(b, cursor);
        }
        let st = self.states.get_mut(&b).expect("active");
        for (o, v) in parts.into_iter().filter(|p| p.0 != CLEAN) {
            let turned = st.pool.retaint(o, v);
            if v - turned > 1e-9 {
                // Spent before the transfer was booked on the receiving side.
                self.out.legs[o as usize].entry((b, Dest::End(End::Spending))).or_default().add(v - turned, None);
            }
        }
    }

    /// Where an outflow went, and the paired credit when it went to a statement account followed further.
    fn classify(
        &mut self,
        a: u32,
        k: usize,
        assets: &HashSet<(usize, usize)>,
        victims: &HashSet<usize>,
    ) -> (Dest, Option<usize>) {
        let d = |e: End| (Dest::End(e), None);
        let ix = self.ix;
        let t = ix.txn(a as usize, k);
        if assets.contains(&(a as usize, k)) {
            return d(End::Asset);
        }
        if is_cash(t) {
            return d(End::Cash);
        }
        let own = &ix.accts[a as usize].number;
        if let Some(c) = t.cpty_account.as_deref().filter(|c| !c.is_empty() && *c != own)
            && let Some(&ci) = ix.pos.get(c)
        {
            if victims.contains(&ci) {
                return d(End::ToVictim);
            }
            if ix.accts[ci].txns.len() > INSTITUTION_POSTINGS && !self.members.contains(&ci) {
                return d(End::Institution);
            }
            if let Some(kb) = self.pairs.find(ix, ci, t, own, &self.paired) {
                self.paired.insert((ci, kb));
                if self.source_at.contains_key(&(ci as u32, kb as u32)) {
                    return d(End::Recycled);
                }
                return (Dest::Acct(ci as u32), Some(kb));
            }
            return d(End::NoStatement);
        }
        if is_crypto(t) {
            return d(End::VirtualCurrency);
        }
        if is_abroad(ix.country(a as usize), t) {
            return d(End::Abroad);
        }
        if t.cpty_account.as_deref().is_some_and(|c| !c.is_empty()) {
            return d(End::NoStatement);
        }
        d(End::Spending)
    }
}

/// Traces every source with an entry posting; sources without one end where they were taken.
pub(crate) fn run(
    ix: &Index,
    found: &[Found],
    assets: &HashSet<(usize, usize)>,
    victims: &HashSet<usize>,
    members: &HashSet<usize>,
    method: Method,
) -> Traced {
    let mut w = Walk {
        ix,
        method,
        states: HashMap::new(),
        heap: BinaryHeap::new(),
        seq: 0,
        source_at: HashMap::new(),
        pending: HashMap::new(),
        balances: HashMap::new(),
        pairs: Pairs::default(),
        paired: HashSet::new(),
        members,
        out: Traced {
            legs: vec![HashMap::new(); found.len()],
            outflows: HashMap::new(),
            on_account: HashMap::new(),
            received: HashMap::new(),
        },
    };
    for (s, fnd) in found.iter().enumerate() {
        match fnd.entry {
            Some((a, k)) => {
                w.source_at.insert((a as u32, k as u32), s as u32);
                // The source's own postings are not transfers to pair again.
                w.paired.insert((a, k));
                w.schedule(a as u32, k as u32);
            }
            None => {
                // The victim's posting, for the leg's transaction list.
                let at = fnd.from.and_then(|a| {
                    let id = fnd.source.transactions.first()?;
                    let k = ix.accts[a].txns.iter().position(|t| &t.id == id)?;
                    Some((a as u32, k as u32))
                });
                w.out.legs[s].entry((NONE, Dest::End(fnd.end))).or_default().add(f(fnd.source.amount), at);
            }
        }
    }
    while let Some(Reverse((_, _, a, k))) = w.heap.pop() {
        let ku = k as usize;
        let state = w.states.get(&a).map(|s| (s.active, s.cursor));
        match state {
            Some((true, c)) if c == ku => {}
            Some((true, _)) => continue,
            // An account at rest wakes up at a proceeds item, never behind where it was walked before.
            Some((false, c)) if c > ku => continue,
            _ => {
                if w.source_at.contains_key(&(a, k)) || w.pending.contains_key(&(a, k)) {
                    w.activate(a, ku);
                }
                continue;
            }
        }
        step(&mut w, a, ku, assets, victims);
    }
    // What is still on the accounts.
    let mut on: Vec<(u32, Vec<(u32, f64)>)> =
        w.states.iter().filter(|(_, s)| s.active).map(|(a, s)| (*a, s.pool.tainted_parts())).collect();
    on.sort_by_key(|e| e.0);
    for (a, parts) in on {
        for (o, v) in parts {
            w.out.legs[o as usize].entry((a, Dest::End(End::OnAccount))).or_default().add(v, None);
            *w.out.on_account.entry(a).or_default() += v;
        }
    }
    w.out
}

/// Walks posting `k` of account `a`.
fn step(w: &mut Walk, a: u32, k: usize, assets: &HashSet<(usize, usize)>, victims: &HashSet<usize>) {
    let t = w.ix.txn(a as usize, k);
    let x = f(t.amount);
    if is_credit(t) {
        if let Some(&s) = w.source_at.get(&(a, k as u32)) {
            w.states.get_mut(&a).expect("active").pool.put(s, x);
        } else if let Some(parts) = w.pending.remove(&(a, k as u32)) {
            let st = w.states.get_mut(&a).expect("active");
            st.pending -= 1;
            for (o, v) in parts {
                st.pool.put(o, v);
            }
        } else {
            w.states.get_mut(&a).expect("active").pool.put(CLEAN, x);
        }
    } else {
        let parts = w.states.get_mut(&a).expect("active").pool.take(x);
        let tainted: f64 = parts.iter().filter(|p| p.0 != CLEAN).map(|p| p.1).sum();
        if tainted > 0.0 {
            let (dest, kb) = w.classify(a, k, assets, victims);
            for &(o, v) in parts.iter().filter(|p| p.0 != CLEAN) {
                w.out.legs[o as usize].entry((a, dest)).or_default().add(v, Some((a, k as u32)));
            }
            w.out.outflows.insert((a, k as u32), (tainted, dest));
            if let (Dest::Acct(b), Some(kb)) = (dest, kb) {
                w.deliver(b, kb, parts);
            }
        }
    }
    let st = w.states.get_mut(&a).expect("active");
    st.cursor = k + 1;
    let len = w.ix.accts[a as usize].txns.len();
    if st.pool.tainted() < EPS && st.pending == 0 {
        // Nothing tainted left: stop walking until proceeds arrive again. What is below the threshold stays.
        let rest = st.pool.tainted_parts();
        st.active = false;
        for (o, v) in rest {
            w.out.legs[o as usize].entry((a, Dest::End(End::OnAccount))).or_default().add(v, None);
            *w.out.on_account.entry(a).or_default() += v;
        }
    } else if k + 1 < len {
        w.schedule(a, (k + 1) as u32);
    }
}
