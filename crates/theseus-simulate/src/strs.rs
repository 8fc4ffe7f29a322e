//! Which activity the banks reported: suspicious transaction reports on some of the operations' accounts
//! (more likely the more traces an operation leaves) and, as real banks file them, a few false positives
//! on hard negatives. The reports are written as goAML XML by `write::goaml`.

use chrono::Duration;

use crate::rng::Rng;
use crate::text::en_amount;
use crate::world::{Holder, Kind, OpKind, StrCase, World};

/// The postings of an account tagged with an operation, in time order.
fn tagged(world: &World, acct: usize, op: usize) -> Vec<usize> {
    (0..world.postings.len())
        .filter(|&i| {
            let p = &world.postings[i];
            p.account == acct && p.op.is_some_and(|t| usize::from(t.op) == op)
        })
        .collect()
}

/// Up to `n` items spread evenly over a list.
fn spread(items: &[usize], n: usize) -> Vec<usize> {
    if items.len() <= n {
        return items.to_vec();
    }
    (0..n).map(|k| items[k * items.len() / n]).collect()
}

fn money(cents: i64) -> String {
    en_amount(cents)
}

/// A narrative in the style of a bank's STR: who, what pattern, amounts, dates.
fn narrative(world: &World, acct: usize, ps: &[usize], pattern: &str) -> String {
    let a = &world.accounts[acct];
    let name = world.holder_name(a.holder);
    let first = ps.first().map(|&i| world.postings[i].utc.date()).unwrap_or(world.start());
    let last = ps.last().map(|&i| world.postings[i].utc.date()).unwrap_or(world.end());
    let count = |k: Kind| ps.iter().filter(|&&i| world.postings[i].kind == k).count();
    let sum = |k: Kind| {
        ps.iter().filter(|&&i| world.postings[i].kind == k).map(|&i| world.postings[i].cents.abs()).sum::<i64>()
    };
    let mut cities: Vec<&str> = ps.iter().filter_map(|&i| world.postings[i].city).collect();
    cities.sort();
    cities.dedup();
    let ccy = a.currency;
    let mut parts = vec![format!(
        "Between {} and {} the account {} of our customer {} showed activity inconsistent with the customer profile.",
        first.format("%d.%m.%Y"),
        last.format("%d.%m.%Y"),
        a.iban,
        crate::text::ascii_fold(&name)
    )];
    if count(Kind::CashDeposit) > 0 {
        parts.push(format!(
            "{} cash deposits totalling {ccy} {} in {} {} ({}).",
            count(Kind::CashDeposit),
            money(sum(Kind::CashDeposit)),
            cities.len(),
            if cities.len() == 1 { "city" } else { "different cities" },
            cities.iter().take(6).map(|c| crate::text::ascii_fold(c)).collect::<Vec<_>>().join(", ")
        ));
    }
    if count(Kind::Remittance) + count(Kind::International) > 0 {
        parts.push(format!(
            "{} transfers abroad and money-transfer remittances totalling {ccy} {}.",
            count(Kind::Remittance) + count(Kind::International),
            money(sum(Kind::Remittance) + sum(Kind::International))
        ));
    }
    if count(Kind::Card) > 0 {
        parts.push(format!("{} card payments including advertising, lodging and ride services.", count(Kind::Card)));
    }
    if count(Kind::Salary) > 0 {
        parts.push(format!("{} salary payments totalling {ccy} {}.", count(Kind::Salary), money(sum(Kind::Salary))));
    }
    parts.push(pattern.to_string());
    parts.join(" ")
}

/// Chooses the reports the banks filed.
pub(crate) fn select(world: &mut World, seed: u64) {
    let mut rng = Rng::derive(seed, "strs");
    let rng = &mut rng;
    let mut cases = vec![];
    for op in 0..world.ops.len() {
        let rec = world.ops[op].clone();
        if !rng.chance(0.25 + 0.7 * rec.trace) {
            continue;
        }
        // The subject: the exploiter's account (sexual, criminality) or the front company's (labour).
        let role = if rec.kind == OpKind::Labour { "complicit_business" } else { "exploiter" };
        let Some(holder) = world.members.iter().find(|m| m.op == op && m.role == role).map(|m| m.holder) else {
            continue;
        };
        let Some(acct) = (0..world.accounts.len())
            .find(|&a| world.accounts[a].holder == holder && world.accounts[a].bank().is_some())
        else {
            continue;
        };
        let ps = tagged(world, acct, op);
        if ps.len() < 5 {
            continue;
        }
        let has = |what: &[&str]| ps.iter().any(|&i| world.postings[i].op.is_some_and(|t| what.contains(&t.what)));
        let mut ind: Vec<&'static str> = vec![];
        let pattern = match rec.kind {
            OpKind::Sexual => {
                if has(&["ad_payment"]) {
                    ind.push("FPOES");
                }
                if has(&["funnel_cash_deposit"]) {
                    ind.push("FNACC");
                }
                if has(&["remittance_to_recruiter"]) {
                    ind.push("FOWNB");
                }
                if has(&["mule_forward"]) {
                    ind.push("MURCW");
                }
                "Frequent small payments to an online adult classifieds site, short hotel stays and night-time rides in several cities; cash paid in across cities and sent abroad within days. Possible human trafficking for sexual exploitation."
            }
            OpKind::Labour => {
                ind.push("BCNNP");
                if has(&["payment_to_recruiter"]) {
                    ind.push("PESRA");
                }
                if has(&["wage_diverted"]) {
                    ind.push("SDWPS");
                }
                ind.push("CPCHQ");
                "The company invoices labour but pays only token social insurance; wages of foreign workers are far below the minimum and several workers' wages are paid into the account of the beneficial owner; payments to a foreign recruitment agency. Possible labour exploitation."
            }
            OpKind::Criminality => {
                ind.push("CDATM");
                if has(&["remittance_to_beneficiary"]) {
                    ind.push("MCDSL");
                    ind.push("FOWNB");
                }
                "Many small cash deposits at deposit machines in several cities almost every day, no income from employment, weekly money-transfer remittances abroad just below the identification threshold. Possible forced begging or criminal exploitation."
            }
        };
        ind.sort();
        ind.dedup();
        let chosen = spread(&ps, 25);
        let filed =
            world.postings[*chosen.last().expect("at least five postings")].utc.date() + Duration::days(rng.int(7, 30));
        let bank = world.accounts[acct].bank().expect("evidence account");
        let reason = narrative(world, acct, &chosen, pattern);
        cases.push(StrCase {
            bank,
            account: acct,
            postings: chosen,
            indicators: ind,
            reason,
            filed,
            op: Some(op),
            negative: None,
            file: String::new(),
        });

        // Sexual exploitation: the victims' bank reports an account in/out pattern now and then.
        if rec.kind == OpKind::Sexual && rng.chance(0.5 * rec.trace) {
            let victims: Vec<usize> = world
                .members
                .iter()
                .filter(|m| m.op == op && m.role == "victim")
                .filter_map(|m| match m.holder {
                    Holder::Person(p) => Some(p),
                    Holder::Company(_) => None,
                })
                .collect();
            if let Some(&v) = victims.first()
                && let Some(va) = (0..world.accounts.len())
                    .find(|&a| world.accounts[a].holder == Holder::Person(v) && world.accounts[a].bank().is_some())
            {
                let vps = tagged(world, va, op);
                if vps.len() >= 5 {
                    let chosen = spread(&vps, 20);
                    let filed =
                        world.postings[*chosen.last().expect("non-empty")].utc.date() + Duration::days(rng.int(7, 30));
                    let bank = world.accounts[va].bank().expect("evidence account");
                    let reason = narrative(
                        world,
                        va,
                        &chosen,
                        "Many small incoming payments from unrelated persons, mostly in the evening and at night, and cash paid in at night in changing cities; most of it is forwarded the next morning to one third party. The customer may be controlled by a third party.",
                    );
                    cases.push(StrCase {
                        bank,
                        account: va,
                        postings: chosen,
                        indicators: vec!["ARIET", "DRG03"],
                        reason,
                        filed,
                        op: Some(op),
                        negative: None,
                        file: String::new(),
                    });
                }
            }
        }
    }
    // False positives on hard negatives, as real banks file them.
    let fp: [(&str, &'static str, &str); 3] = [
        (
            "independent_advertiser",
            "FPOES",
            "Regular card payments to an online adult classifieds site and incoming transfers from many private persons.",
        ),
        (
            "cash_intensive_business",
            "CRPAC",
            "The business account is funded mainly by cash deposits, almost every business day.",
        ),
        (
            "remittances_to_origin_country",
            "FOWNB",
            "Monthly money-transfer remittances to Romania, a country at higher risk for human trafficking.",
        ),
    ];
    for (kind, code, pattern) in fp {
        let Some(n) = world.negatives.iter().position(|h| h.kind == kind) else { continue };
        if !rng.chance(0.8) {
            continue;
        }
        let holder = world.negatives[n].who[0];
        let Some(acct) = (0..world.accounts.len())
            .find(|&a| world.accounts[a].holder == holder && world.accounts[a].bank().is_some())
        else {
            continue;
        };
        let ps: Vec<usize> = (0..world.postings.len())
            .filter(|&i| {
                let p = &world.postings[i];
                p.account == acct
                    && match code {
                        "FPOES" => p.mcc == Some(7311) || p.kind == Kind::Instant,
                        "CRPAC" => p.kind == Kind::CashDeposit,
                        _ => p.kind == Kind::Remittance,
                    }
            })
            .collect();
        if ps.len() < 3 {
            continue;
        }
        let chosen = spread(&ps, 15);
        let filed = world.postings[*chosen.last().expect("non-empty")].utc.date() + Duration::days(rng.int(7, 30));
        let bank = world.accounts[acct].bank().expect("evidence account");
        let reason = narrative(world, acct, &chosen, pattern);
        cases.push(StrCase {
            bank,
            account: acct,
            postings: chosen,
            indicators: vec![code],
            reason,
            filed,
            op: None,
            negative: Some(n),
            file: String::new(),
        });
    }
    cases.sort_by_key(|c| c.filed);
    for (k, c) in cases.iter_mut().enumerate() {
        c.file = format!("str-{:04}.xml", k + 1);
    }
    world.strs = cases;
}
