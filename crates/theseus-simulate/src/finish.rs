//! Finishing the world before it is written: registry ids, ad and poster ids, the deliberate IBAN typos,
//! and the up-front postings cut to the period, sorted and balanced.

use crate::iban;
use crate::rng::Rng;
use crate::world::{Bank, Kind, World};

/// Assigns everything that depends on the whole world being generated.
pub(crate) fn finish(world: &mut World, seed: u64) {
    assign_ids(world, &mut Rng::derive(seed, "ids"));
    iban_typos(world, &mut Rng::derive(seed, "typos"));
    // A statement covers its period: what happened after midnight at the end of the last day (a night
    // that ran on) is not on it. Each bank cuts in its own time zone.
    let accounts = &world.accounts;
    let period = world.period;
    world.postings.retain(|p| {
        let bank = accounts[p.account].bank().expect("postings are only made on evidence accounts");
        period.contains(bank.zone().local(p.utc).date())
    });
    // Stable sort: postings at the same instant keep the order they were made in.
    world.postings.sort_by_key(|p| p.utc);
    assign_balances(world);
}

/// Registry ids are handed out in a shuffled order, so that an id's number says nothing about the role
/// (the operations' members were created together and would otherwise have neighbouring numbers).
fn assign_ids(world: &mut World, rng: &mut Rng) {
    fn shuffled(rng: &mut Rng, items: Vec<usize>) -> Vec<usize> {
        let mut v = items;
        rng.shuffle(&mut v);
        v
    }
    let persons = shuffled(rng, (0..world.persons.len()).collect());
    for (n, i) in persons.into_iter().enumerate() {
        world.persons[i].id = format!("reg-person-{:06}", n + 1);
    }
    let companies = shuffled(rng, (0..world.companies.len()).filter(|&c| world.companies[c].in_registry).collect());
    for (n, i) in companies.into_iter().enumerate() {
        world.companies[i].id = format!("reg-company-{:05}", n + 1);
    }
    let accounts = shuffled(rng, (0..world.accounts.len()).filter(|&a| world.accounts[a].in_registry).collect());
    for (n, i) in accounts.into_iter().enumerate() {
        world.accounts[i].id = format!("reg-account-{:06}", n + 1);
    }
    let (mut vehicles, mut estates) = (0, 0);
    for a in &mut world.assets {
        let counter = if a.schema == "Vehicle" { &mut vehicles } else { &mut estates };
        *counter += 1;
        a.id = format!("reg-{}-{:04}", a.schema.to_lowercase(), counter);
    }
    let users = shuffled(rng, (0..world.user_accounts.len()).collect());
    for (n, i) in users.into_iter().enumerate() {
        world.user_accounts[i].id = format!("reg-useraccount-{:04}", n + 1);
    }
    // Poster accounts: numbered per site in a shuffled order; ads: numbered per site in posting order.
    let posters = shuffled(rng, (0..world.posters.len()).collect());
    let mut per_site = std::collections::BTreeMap::new();
    for i in posters {
        let site = world.posters[i].site;
        let n = per_site.entry(site).or_insert(0u32);
        *n += 1;
        world.posters[i].id = format!("{}-U-{:04}", site.prefix(), *n + 40);
    }
    let mut order: Vec<usize> = (0..world.ads.len()).collect();
    order.sort_by_key(|&i| (world.ads[i].zone.to_utc(world.ads[i].posted), i));
    let mut per_site = std::collections::BTreeMap::new();
    for i in order {
        let site = world.ads[i].site;
        let n = per_site.entry(site).or_insert(0u32);
        *n += 1;
        world.ads[i].id = format!("{}-{:06}", site.prefix(), *n + 100);
    }
}

/// Raises each opening balance so that the account is never overdrawn, then writes running balances.
fn assign_balances(world: &mut World) {
    let n = world.accounts.len();
    let mut running = vec![0i64; n];
    let mut lowest = vec![0i64; n];
    for p in &world.postings {
        running[p.account] += p.cents;
        lowest[p.account] = lowest[p.account].min(running[p.account]);
    }
    for (a, low) in world.accounts.iter_mut().zip(&lowest) {
        a.opening = a.opening.max(-low);
    }
    let mut balance: Vec<i64> = world.accounts.iter().map(|a| a.opening).collect();
    for p in &mut world.postings {
        balance[p.account] += p.cents;
        p.balance = balance[p.account];
    }
}

/// Realistic copying mistakes: customers who typed a payee's IBAN with two digits swapped, one at each
/// bank. Banks normally reject these; statements and STRs still carry them when the payment went through
/// another channel or the field was filled in by hand. Only postings outside the operations are touched.
fn iban_typos(world: &mut World, rng: &mut Rng) {
    let evidence: std::collections::HashSet<&str> =
        world.accounts.iter().filter(|a| a.bank().is_some()).map(|a| &*a.iban).collect();
    let mut chosen = vec![];
    for bank in Bank::ALL {
        let candidates = |kinds: &[Kind]| -> Vec<usize> {
            (0..world.postings.len())
                .filter(|&i| {
                    let p = &world.postings[i];
                    p.cents < 0
                        && p.op.is_none()
                        && kinds.contains(&p.kind)
                        && world.accounts[p.account].bank() == Some(bank)
                        // Only payees outside the evidence, so that no credit posting contradicts the typo.
                        && p.cpty_iban.as_ref().is_some_and(|iban| iban.len() > 12 && !evidence.contains(&**iban))
                })
                .collect()
        };
        let mut c = candidates(&[Kind::Instant, Kind::Transfer]);
        if c.is_empty() {
            c = candidates(&[Kind::StandingOrder]);
        }
        if c.is_empty() {
            continue;
        }
        chosen.push(c[rng.below(c.len())]);
    }
    for i in chosen {
        let right = world.postings[i].cpty_iban.as_deref().unwrap_or_default().to_string();
        world.postings[i].cpty_iban = Some(iban::typo(&right, rng).into());
        world.postings[i].typo_of = Some(right);
    }
}
