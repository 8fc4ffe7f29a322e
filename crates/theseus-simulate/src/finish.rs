//! Finishing the world: registry ids, bank references, opening balances and running balances.

use crate::calendar;
use crate::rng::Rng;
use crate::world::{Bank, World};

/// Assigns everything that depends on the whole world being generated.
pub(crate) fn finish(world: &mut World, seed: u64) {
    assign_ids(world, &mut Rng::derive(seed, "ids"));
    // A statement covers its period: what happened after midnight at the end of 30 June (a night that ran
    // on) is not on it. Each bank cuts in its own time zone.
    let accounts = &world.accounts;
    world.postings.retain(|p| {
        let bank = accounts[p.account].bank().expect("postings are only made on evidence accounts");
        let day = bank.zone().local(p.utc).date();
        (calendar::START..=calendar::END).contains(&day)
    });
    // Stable sort: postings at the same instant keep the order they were made in.
    world.postings.sort_by_key(|p| p.utc);
    assign_references(world);
    assign_balances(world);
}

/// Registry ids are handed out in a shuffled order, so that an id's number says nothing about the role (the
/// operation's members were created together and would otherwise have neighbouring numbers).
fn assign_ids(world: &mut World, rng: &mut Rng) {
    fn shuffled(rng: &mut Rng, items: Vec<usize>) -> Vec<usize> {
        let mut v = items;
        rng.shuffle(&mut v);
        v
    }
    let persons = shuffled(rng, (0..world.persons.len()).collect());
    for (n, i) in persons.into_iter().enumerate() {
        world.persons[i].id = format!("reg-person-{:04}", n + 1);
    }
    let companies = shuffled(rng, (0..world.companies.len()).filter(|&c| world.companies[c].in_registry).collect());
    for (n, i) in companies.into_iter().enumerate() {
        world.companies[i].id = format!("reg-company-{:04}", n + 1);
    }
    let accounts = shuffled(rng, (0..world.accounts.len()).filter(|&a| world.accounts[a].in_registry).collect());
    for (n, i) in accounts.into_iter().enumerate() {
        world.accounts[i].id = format!("reg-account-{:04}", n + 1);
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
}

/// References number each bank's postings in booking order: `NB` + local booking date + 6 digits at
/// Nordbank, `HB` + 10 digits at Harbour Bank.
fn assign_references(world: &mut World) {
    let mut nord = 0u32;
    let mut harbour = 0u32;
    for p in &mut world.postings {
        let bank = world.accounts[p.account].bank().expect("postings are only made on evidence accounts");
        let local = bank.zone().local(p.utc);
        p.reference = match bank {
            Bank::Nordbank => {
                nord += 1;
                format!("NB{}{nord:06}", local.format("%Y%m%d"))
            }
            Bank::Harbour => {
                harbour += 1;
                format!("HB{}{:04}{harbour:06}", local.format("%y%m"), (harbour * 7919) % 10_000)
            }
        };
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
