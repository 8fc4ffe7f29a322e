//! THB-019 Substantial wage deductions or sub-minimum pay.
//!
//! **What it detects.** Two checks under one code, one per side of the wage.
//!
//! *Employee side, on statements:* in two or more calendar months, the salary credits of an account add up to
//! less than 50 % of the statutory monthly minimum wage of the country where the holder lives (the registry's
//! residence, else the country of the account's IBAN, else that of the employer's account). The minimum
//! wages are a table in the rule pack; countries without a statutory minimum (Austria, Italy, the Nordic
//! countries) are not checked. The first month of salary is left out: a job that starts mid-month pays part.
//!
//! *Employer side, on a payroll file:* two or more payroll records of one employer where the net pay is at most
//! 50 % of the gross, or below the hourly minimum wage times the hours worked. It reads `Payroll` records
//! (properties `employer`, `employee`, `grossPay`, `netPay`, `hours`, `date`, `country`, `currency`), which
//! banks seldom hold; without them only the employee side runs, and the finding says which side it comes
//! from.
//!
//! **Why.** Exploiting employers pay far below the minimum, or pay the minimum and deduct most of it for
//! lodging, transport, tools and "debts". Part-time work also pays less than half a full-time minimum, which
//! is why the employee side weighs little alone and is a preview.
//!
//! **Example.** A construction worker living in Germany receives 850 EUR a month for three months, against a
//! statutory minimum of 2,161 EUR for full-time work.
//!
//! **References.** INDICATORS.md row 19; FinCEN FIN-2014-A008 (SDWPS); FinCEN FIN-2020-A008. Minimum wages:
//! Eurostat, monthly minimum wages, January 2025 (table `earn_mw_cur`); hourly minimums as set by national law
//! for 2025.

use std::collections::{BTreeMap, HashMap};

use chrono::Datelike;
use rust_decimal::Decimal;
use theseus_model::{Direction, Entity, Transaction};

use super::labour::{amount_table, is_salary_line, num, owner};
use super::{Context, Finding, Meta, Rule, Status, finding, money};
use crate::config::Params;
use crate::parties::Account;

/// Indicator 19.
pub struct SubMinimumPay;

/// The country whose minimum applies to an account's holder.
fn country_of(a: &Account<'_>, ctx: &Context<'_>, salaries: &[&Transaction]) -> Option<String> {
    let registry = owner(a, ctx).and_then(|e| e.first("country")).map(str::to_uppercase);
    let iban = Some(&a.number)
        .filter(|n| {
            n.len() > 12
                && n[..2].chars().all(|c| c.is_ascii_uppercase())
                && n[2..4].chars().all(|c| c.is_ascii_digit())
        })
        .map(|n| n[..2].to_string());
    registry.or(iban).or_else(|| salaries.iter().find_map(|t| t.cpty_country.clone()).map(|c| c.to_uppercase()))
}

impl Rule for SubMinimumPay {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-019",
            title: "Sub-minimum pay or heavy wage deductions",
            status: Status::Preview,
            roles: &["CB"],
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
    let mut out = super::over_accounts(ctx, |a| employee_side(a, ctx, p));
    out.extend(employer_side(ctx, p));
    out
}

/// Salary credits under the share of the monthly minimum, month after month.
fn employee_side(a: &Account<'_>, ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
    let words = p.words("salary_words");
    let salaries: Vec<&Transaction> = a
        .lines_where(|t| t.direction == Direction::Credit)
        .filter(|&j| is_salary_line(a, j, &words, ctx))
        .map(|j| a.txns.at(j))
        .collect();
    if salaries.is_empty() {
        return None;
    }
    let country = country_of(a, ctx, &salaries)?;
    let (minimum, cur) = amount_table(&p.list("monthly_minimum")).remove(&country)?;
    let mut months: BTreeMap<(i32, u32), (Decimal, Vec<&Transaction>)> = BTreeMap::new();
    for t in salaries.iter().copied().filter(|t| t.currency.code().eq_ignore_ascii_case(&cur)) {
        let d = t.ts.local();
        let m = months.entry((d.year(), d.month())).or_default();
        m.0 += t.amount;
        m.1.push(t);
    }
    let limit = p.f("max_share_of_minimum") * minimum;
    let low: Vec<&(Decimal, Vec<&Transaction>)> = months.values().skip(1).filter(|m| num(m.0) < limit).collect();
    if low.len() < p.u("min_months") {
        return None;
    }
    let evidence: Vec<&Transaction> = low.iter().flat_map(|m| m.1.iter().copied()).collect();
    let pay: Vec<String> = low.iter().map(|m| money(m.0)).collect();
    Some(finding(
        format!(
            "Employee side: in {} months the salary credits were {} {cur}, under {:.0} % of the {country} statutory minimum of {} {cur} a month",
            low.len(),
            pay.join(", "),
            100.0 * p.f("max_share_of_minimum"),
            money(Decimal::try_from(minimum).unwrap_or_default())
        ),
        &evidence,
    ))
}

/// Payroll records with heavy deductions or net pay under the hourly minimum.
fn employer_side(ctx: &Context<'_>, p: &Params<'_>) -> Vec<(String, String, Finding)> {
    let hourly = amount_table(&p.list("hourly_minimum"));
    let max_net_share = p.f("max_net_share");
    let number = |e: &Entity, k: &str| e.first(k).and_then(|v| v.replace(',', "").parse::<f64>().ok());
    let mut by_employer: BTreeMap<String, Vec<(&Entity, String)>> = BTreeMap::new();
    for e in ctx.entities.iter().filter(|e| e.schema == "Payroll") {
        let (Some(employer), Some(net)) = (e.first("employer"), number(e, "netPay")) else { continue };
        let mut why = None;
        if let Some(gross) = number(e, "grossPay").filter(|g| *g > 0.0)
            && net <= max_net_share * gross
        {
            why = Some(format!("net {net:.2} of gross {gross:.2}"));
        }
        let country = e.first("country").map(str::to_uppercase);
        if why.is_none()
            && let (Some(hours), Some((rate, cur))) = (number(e, "hours"), country.as_ref().and_then(|c| hourly.get(c)))
            && e.first("currency").is_none_or(|c| c.eq_ignore_ascii_case(cur))
            && net < rate * hours
        {
            why = Some(format!("net {net:.2} for {hours} hours, under {rate:.2} {cur} an hour"));
        }
        if let Some(w) = why {
            by_employer.entry(ctx.parties.canon.of(employer)).or_default().push((e, w));
        }
    }
    let mut out = Vec::new();
    let names: HashMap<&str, String> = ctx.entities.iter().map(|e| (e.id.as_str(), e.caption())).collect();
    for (employer, recs) in by_employer {
        if recs.len() < p.u("min_records") {
            continue;
        }
        let name = names.get(employer.as_str()).cloned().unwrap_or_else(|| employer.clone());
        let dates: Vec<&str> = recs.iter().filter_map(|r| r.0.first("date")).collect();
        out.push((
            format!("entity:{employer}"),
            employer.clone(),
            Finding {
                text: format!(
                    "Employer side: {} payroll records of {name} pay at most {:.0} % of gross or under the minimum: {}",
                    recs.len(),
                    100.0 * max_net_share,
                    recs.iter().map(|r| r.1.clone()).collect::<Vec<_>>().join("; ")
                ),
                evidence: recs.iter().map(|r| r.0.id.clone()).collect(),
                period: (
                    dates.iter().min().map(|d| d.to_string()).unwrap_or_default(),
                    dates.iter().max().map(|d| d.to_string()).unwrap_or_default(),
                ),
                counterparts: vec![],
            },
        ));
    }
    out
}
