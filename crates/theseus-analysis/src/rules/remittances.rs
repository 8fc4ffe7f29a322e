//! THB-026 Outbound remittances to origin corridors.
//!
//! **What it detects.** Four or more money-service or wire transfers within 30 days to countries on the
//! configured list of THB origin countries.
//!
//! **Why.** Proceeds flow back to recruiters and organisers in the victims' country of origin. Migrants
//! send money home too, typically once or twice a month: the count threshold separates the two, and the
//! indicator weighs only in combination.
//!
//! **Example.** Six transfers of 300–900 EUR to Romania through a remittance shop in three weeks.
//!
//! **References.** INDICATORS.md row 26; FinCEN FIN-2014-A008 (FOWNB); UAE goAML BWTHM/WTOHC.

use theseus_model::{Channel, Direction};

use super::{Context, Finding, Meta, Need, Rule, Status, densest_window, finding, total};
use crate::config::Params;
use crate::parties::{Account, Hot};

/// Indicator 26.
pub struct Remittances;

impl Rule for Remittances {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-026",
            title: "Remittances to an origin corridor",
            status: Status::Stable,
            roles: &["B", "R"],
            needs: &[Need::Counterparty],
        }
    }
    fn check(&self, a: &Account<'_>, ctx: &Context<'_>, p: &Params<'_>) -> Option<Finding> {
        let transfer = |t: &Hot| t.direction == Direction::Debit && matches!(t.channel, Channel::Msb | Channel::Wire);
        // Too few transfers of any kind for a window: the records need not be read.
        if a.hot.iter().filter(|t| transfer(t)).count() < p.u("min_transfers") {
            return None;
        }
        let out: Vec<_> = a
            .rows_where(transfer)
            .filter(|t| {
                let country = t.cpty_country.as_deref().or_else(|| {
                    t.cpty_account.as_deref().filter(|c| theseus_model::normalize::looks_like_iban(c)).map(|c| &c[..2])
                });
                country.is_some_and(|c| ctx.config.origin_countries.iter().any(|o| o.eq_ignore_ascii_case(c)))
            })
            .collect();
        let w = densest_window(&out, |t| t.local, p.u("window_days") as i64, p.u("min_transfers"))?;
        let hits: Vec<_> = w.into_iter().map(|i| out[i]).collect();
        let countries: std::collections::BTreeSet<_> = hits.iter().filter_map(|t| t.cpty_country.clone()).collect();
        Some(finding(
            format!(
                "{} transfers within {} days ({}) to {}",
                hits.len(),
                p.u("window_days"),
                total(&hits),
                if countries.is_empty() {
                    "origin-country accounts".to_string()
                } else {
                    countries.into_iter().collect::<Vec<_>>().join(", ")
                }
            ),
            &hits,
        ))
    }
}
