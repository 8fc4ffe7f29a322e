//! THB-028 Customer identifiers appear in online ads.
//!
//! **What it detects.** A person's phone number or e-mail address (normalised: E.164, lower case) is the
//! contact of ads, or of the ad-site account that posts them, in the ad data of the workspace. Identifiers
//! shared by more parties than the hub limit (a switchboard, an agency's number) are not used.
//!
//! **Why.** Ads are how sexual exploitation is sold and how labour exploitation recruits. A bank customer
//! whose own phone is the contact of escort ads is either the person advertised — possibly a victim — or the
//! one who runs the ads; both matter, and the other rules and the roles tell which.
//!
//! **Example.** The mobile number in a registry person's KYC record is the phone of 40 escort ads in four
//! cities and of the poster account that paid for them.
//!
//! **References.** INDICATORS.md row 28; FinCEN FIN-2020-A008 (identifiers in online sex ads).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use theseus_model::Entity;

use super::{Context, Finding, Meta, Need, Rule, Status};
use crate::config::Params;
use crate::links::normal;

/// Indicator 28.
pub struct AdIdentifiers;

impl Rule for AdIdentifiers {
    fn meta(&self) -> Meta {
        Meta {
            code: "THB-028",
            title: "Customer's phone or e-mail in online ads",
            status: Status::Stable,
            roles: &["X", "V"],
            needs: &[Need::Ads, Need::Registry],
        }
    }

    fn check_all(&self, ctx: &Context<'_>, p: &Params<'_>) -> Vec<(String, String, Finding)> {
        let parties = ctx.parties;
        let sites: Vec<String> = p.list("sites").iter().map(|s| s.to_lowercase()).collect();
        let min_ads = p.u("min_ads");
        let hubs: HashSet<(&str, &str)> = ctx.links.hubs.iter().map(|h| (h.kind.as_str(), h.value.as_str())).collect();
        let on_site = |e: &Entity| {
            sites.is_empty()
                || e.first("site").or_else(|| e.first("publisher")).is_some_and(|x| sites.contains(&x.to_lowercase()))
                || sites.iter().any(|x| e.id.starts_with(&format!("{x}.")))
        };
        // Ads and poster accounts by contact; ads are not parties, so they are indexed here rather than in
        // the identifier links, where a hundred ads of one phone would make it look like a hub.
        let mut by_value: BTreeMap<(&str, String), Vec<&Entity>> = BTreeMap::new();
        for e in ctx.entities.iter().filter(|e| e.schema == "Advertisement" || e.schema == "UserAccount") {
            if !on_site(e) {
                continue;
            }
            for kind in ["phone", "email"] {
                for v in e.values(kind) {
                    if let Some(n) = normal(kind, v) {
                        by_value.entry((kind, n)).or_default().push(e);
                    }
                }
            }
        }
        let mut out = Vec::new();
        let mut seen = HashSet::new();
        for person in ctx.entities.iter().filter(|e| e.schema == "Person") {
            let subject = parties.canon.of(&person.id);
            for kind in ["phone", "email"] {
                for v in person.values(kind) {
                    let Some(n) = normal(kind, v) else { continue };
                    if hubs.contains(&(kind, n.as_str())) || !seen.insert((subject.clone(), n.clone())) {
                        continue;
                    }
                    let Some(ads) = by_value.get(&(kind, n.clone())) else { continue };
                    let n_ads = ads.iter().filter(|e| e.schema == "Advertisement").count();
                    let posters = ads.len() - n_ads;
                    if n_ads < min_ads && posters == 0 {
                        continue;
                    }
                    let mut evidence: Vec<String> = vec![person.id.clone()];
                    evidence.extend(ads.iter().filter(|e| e.schema == "UserAccount").map(|e| e.id.clone()));
                    evidence.extend(ads.iter().filter(|e| e.schema == "Advertisement").take(20).map(|e| e.id.clone()));
                    let cities: BTreeSet<&str> = ads.iter().filter_map(|e| e.first("city")).collect();
                    out.push((
                        format!("entity:{}", person.id),
                        subject.clone(),
                        Finding {
                            text: format!(
                                "{kind} {n} of this person is the contact of {n_ads} ad(s){}{}",
                                if cities.is_empty() {
                                    String::new()
                                } else {
                                    format!(" in {}", cities.into_iter().collect::<Vec<_>>().join(", "))
                                },
                                if posters > 0 {
                                    format!(" and of {posters} ad-site account(s)")
                                } else {
                                    String::new()
                                }
                            ),
                            evidence,
                            period: (String::new(), String::new()),
                            counterparts: vec![],
                        },
                    ));
                }
            }
        }
        out
    }
}
