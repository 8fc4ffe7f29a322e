//! THB-028 Customer identifiers appear in online ads.
//!
//! **What it detects.** A person's phone number or e-mail address (normalised: E.164, lower case) is the
//! contact of flagged ads — ads the ad analysis scores on two or more distinct indicators of the lexicon, or
//! ads of an operation alerted on its signals, or any ad of a site the pack names — written in the ad (phones
//! de-obfuscated) or held by the ad-site account that posts them. Ordinary classifieds do not count. Identifiers
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

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

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

    fn across(&self) -> bool {
        true
    }
    fn check_all(&self, ctx: &Context<'_>, p: &Params<'_>) -> Vec<(String, String, Finding)> {
        all(ctx, p)
    }
}

/// Every finding of the rule in the workspace.
fn all(ctx: &Context<'_>, p: &Params<'_>) -> Vec<(String, String, Finding)> {
    let parties = ctx.parties;
    let sites: Vec<String> = p.list("sites").iter().map(|s| s.to_lowercase()).collect();
    let min_ads = p.u("min_ads");
    let hubs: HashSet<(&str, &str)> = ctx.links.hubs.iter().map(|h| (h.kind.as_str(), h.value.as_str())).collect();
    // The ads that count: those the ad analysis flags (two or more distinct indicators of the lexicon, or
    // an operation alerted on its signals), and every ad of a site the pack names. Ordinary classifieds
    // (a sofa for sale with the seller's phone) do not count.
    let Some(ads) = ctx.ads else { return Vec::new() };
    let op_alert: HashSet<&str> =
        ads.operations.iter().filter(|o| o.alert).flat_map(|o| o.ads.iter().map(String::as_str)).collect();
    let by_id: HashMap<&str, &Entity> = ctx.entities.iter().map(|e| (e.id.as_str(), e)).collect();
    let on_site = |site: Option<&str>| site.is_some_and(|x| sites.contains(&x.to_lowercase()));
    let mut by_value: BTreeMap<(&str, String), Vec<&Entity>> = BTreeMap::new();
    let mut posters_seen = HashSet::new();
    for x in &ads.ads {
        if !(x.alert || op_alert.contains(x.id.as_str()) || on_site(x.site.as_deref())) {
            continue;
        }
        let Some(ad) = by_id.get(x.id.as_str()) else { continue };
        // Contacts written in the ad (de-obfuscated) and in its contact fields.
        for (kind, values) in [("phone", x.all_phones()), ("email", x.all_emails())] {
            for v in values {
                if let Some(n) = normal(kind, v) {
                    let list = by_value.entry((kind, n)).or_default();
                    if !list.iter().any(|e| e.id == ad.id) {
                        list.push(ad);
                    }
                }
            }
        }
        // The poster account's own contacts, from the site's production return.
        for pid in ad.values("posterAccount") {
            let Some(poster) = by_id.get(pid.as_str()) else { continue };
            if !posters_seen.insert(pid.clone()) {
                continue;
            }
            for kind in ["phone", "email"] {
                for v in poster.values(kind) {
                    if let Some(n) = normal(kind, v) {
                        by_value.entry((kind, n)).or_default().push(poster);
                    }
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
                            if posters > 0 { format!(" and of {posters} ad-site account(s)") } else { String::new() }
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
