//! THB-016 Rent or lodging paid for several people.
//!
//! **What it detects.** Either of two patterns. A payer makes three or more rent or lodging payments within
//! 60 days for two or more distinct tenants or addresses: tenants are persons named in the payment reference
//! (other than the payer and persons of the payer's surname, whose housing is the household's own), addresses are told apart by the landlord paid
//! (merchant category 6513 or a rent word in the reference). Or a business outside hospitality pays three or
//! more lodging bills (hotels, hostels, workers' rooms) within a month.
//!
//! **Why.** Controllers house their victims — in dormitories, flats or rooms rented by the week — and pay for
//! them, which is how they keep them dependent and how the cost is later "deducted" from wages. One person
//! paying several rents, or a building firm paying hotels month after month, is what shows in the accounts.
//! Ordinary explanations exist (a flat and a garage, staff on business trips): alone this weighs little.
//!
//! **Preview.** Addresses are not on payment lines; the landlord paid stands for the address, and tenants are
//! found only when the reference names a person the workspace knows (a registry person or a statement holder).
//!
//! **Example.** A man pays "Miete Zimmer 3 Ion Rusu" and "Miete Zimmer 4 Vasile Ciobanu" to one landlord and a
//! third rent to another within six weeks.
//!
//! **References.** INDICATORS.md row 16; FinCEN FIN-2014-A008 (FTIEA); FinCEN FIN-2020-A008.

use std::collections::BTreeSet;

use theseus_model::Direction;

use super::labour::{NameIndex, holder_names, is_business, sector};
use super::pass_through::receiver_at;
use super::{Context, Finding, Meta, Rule, Status, densest_window, finding, total};
use crate::config::Params;
use crate::parties::{Account, Row};

/// Indicator 16.
pub struct RentForSeveral;

impl Rule for RentForSeveral {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-016",
            title: "Rent or lodging paid for several people",
            status: Status::Preview,
            roles: &["X", "CB"],
            needs: &[],
        }
    }

    fn across(&self) -> bool {
        true
    }
    fn check_all(&self, ctx: &Context<'_>, p: &Params<'_>) -> Vec<(String, String, Finding)> {
        all(ctx, p)
    }
}

/// Every finding of the rule in the workspace.
fn all(ctx: &Context<'_>, p: &Params<'_>) -> Vec<(String, String, Finding)> {
    let names = ctx.names();
    super::over_accounts(ctx, |a| several_tenants(a, ctx, p, names).or_else(|| business_lodging(a, ctx, p)))
}

/// What a payment pays for. Ordered as its text ("landlord …" before "tenant …", then by name), which
/// the finding lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Object<'a> {
    Landlord(&'a str),
    Tenant(&'a str),
}

impl std::fmt::Display for Object<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Object::Landlord(n) => write!(f, "landlord {n}"),
            Object::Tenant(n) => write!(f, "tenant {n}"),
        }
    }
}

/// Three or more rent or lodging payments in the window for two or more tenants or landlords.
fn several_tenants(a: &Account<'_>, ctx: &Context<'_>, p: &Params<'_>, names: &NameIndex) -> Option<Finding> {
    let (rent_mccs, lodging_mccs) = (p.mcc_set("rent_mccs"), p.mcc_set("lodging_mccs"));
    let (rent_words, lodging_words) = (p.words("rent_words"), p.words("lodging_words"));
    // The holder's names are worked out only for an account whose payments name someone.
    let own = std::cell::OnceCell::new();
    // Each payment with what it pays for (its stretch of `objects`): the tenants it names, else (rent only)
    // the landlord.
    let mut pays: Vec<(Row<'_>, std::ops::Range<usize>)> = Vec::new();
    let mut objects: Vec<Object<'_>> = Vec::new();
    let mut found: std::collections::HashMap<u32, Vec<&super::labour::Named>, foldhash::fast::FixedState> =
        Default::default();
    for j in a.lines_where(|t| t.direction == Direction::Debit) {
        // Tested on the line's columns; a row is made for housing payments only.
        let (mcc, desc, record) = (a.hot[j].mcc, a.desc[j], a.txns.at(j));
        let rent = rent_mccs.contains(mcc) || rent_words.of(desc, record, ctx);
        let lodging = lodging_mccs.contains(mcc) || lodging_words.of(desc, record, ctx);
        if !rent && !lodging {
            continue;
        }
        let t = a.row(j);
        // A landlord's monthly reference recurs: the persons it names are looked up once.
        let named = found.entry(t.desc).or_insert_with(|| t.memo.as_deref().map(|m| names.find(m)).unwrap_or_default());
        if named.is_empty() {
            if rent && let Some(r) = receiver_at(&t, ctx) {
                // A hotel bill without a guest's name is the payer's own stay; a rent names its landlord.
                objects.push(Object::Landlord(t.t.cpty_name.as_deref().unwrap_or(r)));
                pays.push((t, objects.len() - 1..objects.len()));
            }
            continue;
        }
        let (own_keys, own_words) = own.get_or_init(|| holder_names(a, ctx));
        let tenants: BTreeSet<Object<'_>> = named
            .iter()
            .filter(|n| !own_keys.contains(&n.key) && !own_words.contains(&n.surname))
            .map(|n| Object::Tenant(n.display.as_str()))
            .collect();
        // Housing of the payer or of his family (a student child's room) is one household's.
        if !tenants.is_empty() {
            let from = objects.len();
            objects.extend(tenants);
            pays.push((t, from..objects.len()));
        }
    }
    let span = p.days("window_days");
    let (min_payments, min_objects) = (p.u("min_payments"), p.u("min_objects"));
    // The window slides in time order, counting its payments per tenant or landlord.
    let mut best: Option<(usize, usize)> = None;
    let (mut per_object, mut end): (std::collections::HashMap<Object<'_>, usize, foldhash::fast::FixedState>, usize) =
        Default::default();
    for i in 0..pays.len() {
        while end < pays.len() && pays[end].0.local - pays[i].0.local <= span {
            for o in &objects[pays[end].1.clone()] {
                *per_object.entry(*o).or_default() += 1;
            }
            end += 1;
        }
        if end - i >= min_payments && per_object.len() >= min_objects && best.is_none_or(|(a, b)| end - i > b - a) {
            best = Some((i, end));
        }
        for o in &objects[pays[i].1.clone()] {
            if let Some(n) = per_object.get_mut(o) {
                *n -= 1;
                if *n == 0 {
                    per_object.remove(o);
                }
            }
        }
    }
    let (i, end) = best?;
    let hits: Vec<Row<'_>> = pays[i..end].iter().map(|x| x.0).collect();
    let objects: BTreeSet<Object<'_>> =
        pays[i..end].iter().flat_map(|x| objects[x.1.clone()].iter().copied()).collect();
    Some(finding(
        format!(
            "{} rent/lodging payments within {} days ({}) for {} tenants or addresses: {}",
            hits.len(),
            p.u("window_days"),
            total(&hits),
            objects.len(),
            objects.into_iter().map(|o| o.to_string()).collect::<Vec<_>>().join(", ")
        ),
        &hits,
    ))
}

/// A business outside hospitality paying lodging bills, several a month.
fn business_lodging(a: &Account<'_>, ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
    if !is_business(a, ctx) || sector(a, ctx, &p.mccs("hospitality_mccs"), &p.list("hospitality_words")).is_some() {
        return None;
    }
    let (mccs, words) = (p.mcc_set("lodging_mccs"), p.words("lodging_words"));
    let bills: Vec<Row<'_>> = a
        .rows_where(|t| t.direction == Direction::Debit)
        .filter(|t| mccs.contains(t.mcc) || words.at(t, ctx))
        .collect();
    let w = densest_window(&bills, |t| t.local, p.u("business_window_days") as i64, p.u("business_min_bills"))?;
    let hits: Vec<Row<'_>> = w.into_iter().map(|i| bills[i]).collect();
    Some(finding(
        format!(
            "Business outside hospitality paid {} lodging bills within {} days ({})",
            hits.len(),
            p.u("business_window_days"),
            total(&hits)
        ),
        &hits,
    ))
}
