//! THB-024 Recruitment fees and unlicensed agencies.
//!
//! **What it detects.** Either of two patterns. A private person pays an employment agency (merchant category
//! 7361), an agency on the rule pack's list of unlicensed or blacklisted agencies (`agencies`: names or
//! account numbers), or a transfer whose reference calls it a recruitment or placement fee. Or one
//! counterparty is paid by ten or more distinct private statement accounts whose holders share a nationality,
//! with amounts within 10 % of each other, within 30 days: many compatriots paying one agency the same fee.
//!
//! **Why.** Lawful employment agencies charge employers, not workers (ILO Convention 181, art. 7; EU law
//! likewise): a worker who pays to be placed has usually taken on the debt that binds him. Recruiters abroad
//! collect a flat fee from every recruit of a group, which shows as one receiver paid the same amount by many
//! workers of one nationality. Business accounts paying staffing agencies are ordinary and are not counted.
//!
//! **Example.** Twelve Romanian workers each transfer 480–520 EUR to "Agentia Munca Europa SRL" within three
//! weeks of opening their accounts.
//!
//! **References.** INDICATORS.md row 24; FinCEN FIN-2014-A008 (PESRA); FinCEN FIN-2020-A008 (exploitative
//! employment).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use theseus_model::{Channel, Direction, Transaction, normalize};

use super::labour::{is_business, num, owner};
use super::pass_through::receiver_at;
use super::{Context, Finding, Meta, Rule, Status, finding, total};
use crate::config::Params;
use crate::parties::{Account, Row};

/// Indicator 24.
pub struct RecruitmentFees;

impl Rule for RecruitmentFees {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-024",
            title: "Recruitment fees paid by workers",
            status: Status::Stable,
            roles: &["R"],
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
    let personal: Vec<&Account<'_>> = ctx.parties.accounts.values().filter(|a| !is_business(a, ctx)).collect();
    // The agencies' account numbers, normalised once for the run.
    let agency_accounts: BTreeSet<String> = p.list("agencies").iter().map(|s| normalize::account(s).0).collect();
    let mut out: Vec<(String, String, Finding)> =
        super::over_accounts(ctx, |a| if is_business(a, ctx) { None } else { fees(a, ctx, p, &agency_accounts) });
    out.extend(compatriots(&personal, ctx, p));
    out
}

/// Fees to employment agencies, listed agencies, or called recruitment fees.
fn fees(a: &Account<'_>, ctx: &Context<'_>, p: &Params<'_>, agency_accounts: &BTreeSet<String>) -> Option<Finding> {
    let mccs = p.mcc_set("mccs");
    let words = p.words("fee_words");
    let agencies = p.words("agencies");
    // Tested from the hot fields and descriptor numbers; the record is read only when agencies are listed.
    let hits: Vec<Row<'_>> = a
        .lines_where(|t| t.direction == Direction::Debit)
        .filter(|&j| {
            let (t, h, d) = (a.txns.at(j), &a.hot[j], a.desc[j]);
            mccs.contains(h.mcc)
                || words.of(d, t, ctx)
                || !agency_accounts.is_empty() && t.cpty_account.as_ref().is_some_and(|c| agency_accounts.contains(c))
                || agencies.of(d, t, ctx)
        })
        .map(|j| a.row(j))
        .collect();
    if hits.len() < p.u("min_fee_payments") {
        return None;
    }
    let to: BTreeSet<String> = hits.iter().filter_map(|t| t.cpty_name.clone().or_else(|| t.merchant.clone())).collect();
    Some(finding(
        format!(
            "{} payment(s) by a private person to employment or recruitment agencies ({}): {}",
            hits.len(),
            total(&hits),
            to.into_iter().collect::<Vec<_>>().join(", ")
        ),
        &hits,
    ))
}

/// Payments and the account that made each.
type Payments<'a> = Vec<(&'a Transaction, &'a str)>;

/// One receiver paid similar amounts by many private accounts of holders of one nationality.
fn compatriots(personal: &[&Account<'_>], ctx: &Context<'_>, p: &Params<'_>) -> Vec<(String, String, Finding)> {
    let rent = ctx.params("THB-016").words("rent_words");
    let (span, tol, min_payers) = (p.days("window_days"), p.f("amount_tolerance"), p.u("min_payers"));
    // Receiver → nationality → payments with their payer account (time order restored below).
    let nats: Vec<Option<String>> =
        personal.iter().map(|a| owner(a, ctx).and_then(|e| e.first("nationality")).map(str::to_uppercase)).collect();
    let mut groups: HashMap<&str, BTreeMap<&str, Payments<'_>>, foldhash::fast::FixedState> = HashMap::default();
    for (a, nat) in personal.iter().zip(&nats) {
        let Some(nat) = nat else { continue };
        let transfers = a.rows_where(|t| {
            t.direction == Direction::Debit
                && !matches!(t.channel, Channel::Card | Channel::DirectDebit | Channel::Fee | Channel::Payroll)
        });
        for t in transfers.filter(|t| !rent.at(t, ctx)) {
            if let Some(r) = receiver_at(&t, ctx) {
                groups.entry(r).or_default().entry(nat.as_str()).or_default().push((t.t, a.number.as_str()));
            }
        }
    }
    // Receivers in order, as a sorted map would give them.
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_unstable_by_key(|(r, _)| *r);
    let mut out = Vec::new();
    for (r, by_nat) in groups {
        let r = r.to_string();
        let mut best: Option<(String, Vec<&Transaction>)> = None;
        for (nat, mut pays) in by_nat {
            if pays.iter().map(|x| x.1).collect::<BTreeSet<_>>().len() < min_payers {
                continue;
            }
            pays.sort_by_key(|x| (x.0.ts.local(), x.0.id.as_str()));
            let mut last_end = 0;
            for i in 0..pays.len() {
                let end = pays[i..].iter().take_while(|x| x.0.ts.local() - pays[i].0.ts.local() <= span).count() + i;
                // A window inside the previous one holds nothing the previous did not.
                if end <= last_end || end - i < min_payers {
                    continue;
                }
                last_end = end;
                let win = &pays[i..end];
                let mut centres: Vec<f64> = win.iter().map(|x| num(x.0.amount)).collect();
                centres.sort_by(f64::total_cmp);
                centres.dedup();
                for c in centres {
                    // One payment per payer: the first within the band around `c`.
                    let mut payers = BTreeSet::new();
                    let similar: Vec<&Transaction> = win
                        .iter()
                        .filter(|x| (num(x.0.amount) - c).abs() <= tol * c && payers.insert(x.1))
                        .map(|x| x.0)
                        .collect();
                    if similar.len() >= min_payers && best.as_ref().is_none_or(|b| similar.len() > b.1.len()) {
                        best = Some((nat.to_string(), similar));
                    }
                }
            }
        }
        let Some((nat, hits)) = best else { continue };
        let parties = ctx.parties;
        let (account, subject) = match parties.subject_of(&r) {
            Some(s) => (r.clone(), s),
            None => (r.clone(), parties.registry_owner(&r).unwrap_or_else(|| format!("acct:{r}"))),
        };
        let name = hits.iter().find_map(|t| t.cpty_name.clone()).unwrap_or_else(|| r.clone());
        let lo = hits.iter().map(|t| t.amount).min().unwrap_or_default();
        let hi = hits.iter().map(|t| t.amount).max().unwrap_or_default();
        out.push((
            account,
            subject,
            finding(
                format!(
                    "{name} was paid by {} private accounts of {nat} nationals within {} days, amounts {}–{} ({})",
                    hits.len(),
                    p.u("window_days"),
                    super::money(lo),
                    super::money(hi),
                    total(&hits)
                ),
                &hits,
            ),
        ));
    }
    out
}
