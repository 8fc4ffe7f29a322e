//! Linking ads into operations: union-find over shared identifiers with hub control, plus near-duplicate
//! text; then per operation the shared identifiers, the entity-level signals, a score and the movement
//! timeline.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Serialize;
use sha2::{Digest, Sha256};
use theseus_model::Entity;

use crate::Config;
use crate::extract::AdExtraction;
use crate::lexicon::distance_km;
use crate::minhash::{MinHasher, jaccard, shingles};

/// Why two ads were joined.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum LinkReason {
    /// Both carry the identifier.
    Identifier {
        /// `phone`, `email`, `handle`, `poster`, `image`, `crypto`, `url`.
        kind: String,
        /// The identifier.
        value: String,
    },
    /// Their texts are near-duplicates.
    Text {
        /// Exact Jaccard similarity of their word shingles.
        jaccard: f64,
    },
}

/// One link that joined two groups of ads: the evidence for the operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Link {
    /// An ad (entity id).
    pub a: String,
    /// The other ad.
    pub b: String,
    /// Why.
    pub reason: LinkReason,
}

/// An identifier left out of linking.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hub {
    /// Its kind.
    pub kind: String,
    /// The identifier.
    pub value: String,
    /// Ads carrying it.
    pub ads: usize,
    /// Distinct poster accounts among them.
    pub posters: usize,
    /// Why it was left out.
    pub reason: String,
}

/// An identifier shared by ads of an operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SharedIdentifier {
    /// Its kind.
    pub kind: String,
    /// The identifier.
    pub value: String,
    /// Member ads carrying it.
    pub ads: usize,
}

/// An entity-level signal over an operation's ads.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Signal {
    /// `phone_many_cities`, `ads_per_phone`, `ethnicities_per_phone`, `concurrent_distant`.
    pub id: String,
    /// Weight in the operation's score.
    pub weight: f64,
    /// What was seen.
    pub detail: String,
}

/// A stay in one city: consecutive postings there.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Stop {
    /// The city as the ads give it.
    pub city: String,
    /// Its country, when the gazetteer knows the city.
    pub country: Option<String>,
    /// First posting time of the stay.
    pub first: String,
    /// Last posting time of the stay.
    pub last: String,
    /// Ads posted during the stay.
    pub ads: usize,
}

/// Ads linked into one operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// Stable id derived from the member ad ids (`adop-` and 16 hex digits).
    pub id: String,
    /// Member ads (entity ids), sorted.
    pub ads: Vec<String>,
    /// Poster accounts.
    pub posters: Vec<String>,
    /// Identifiers shared by two or more member ads (hubs excluded).
    pub identifiers: Vec<SharedIdentifier>,
    /// The links that joined the members (a spanning tree), each with its reason.
    pub links: Vec<Link>,
    /// Entity-level signals.
    pub signals: Vec<Signal>,
    /// Scored indicators of the highest-scoring member ad plus the signals.
    pub indicators: Vec<String>,
    /// Highest member ad score plus the signals' weights.
    pub score: f64,
    /// At least `min_distinct_indicators` distinct indicators and a score of at least `alert_score`.
    pub alert: bool,
    /// Ethnicities stated across the ads.
    pub ethnicities: Vec<String>,
    /// The youngest stated age.
    pub min_stated_age: Option<u32>,
    /// Where the operation posted, in order.
    pub timeline: Vec<Stop>,
}

/// Per phone of an operation: its cities, its ads, the ethnicities stated beside it.
type PhoneUse<'a> = (BTreeSet<&'a str>, usize, BTreeSet<&'a str>);

struct Dsu {
    parent: Vec<usize>,
}

impl Dsu {
    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }
    fn union(&mut self, a: usize, b: usize) -> bool {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return false;
        }
        let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
        self.parent[hi] = lo;
        true
    }
}

/// Posting time of an ad.
pub(crate) fn posted(ad: &Entity) -> Option<DateTime<FixedOffset>> {
    let v = ad.first("postedAt")?;
    DateTime::parse_from_rfc3339(v).ok().or_else(|| {
        let d = NaiveDate::parse_from_str(v.get(..10)?, "%Y-%m-%d").ok()?;
        Some(d.and_hms_opt(12, 0, 0)?.and_utc().fixed_offset())
    })
}

/// The identifiers of an ad used for linking: (kind, value).
fn identifiers(ad: &Entity, x: &AdExtraction) -> BTreeSet<(&'static str, String)> {
    let mut ids = BTreeSet::new();
    for p in x.all_phones() {
        ids.insert(("phone", p.to_string()));
    }
    for e in x.all_emails() {
        ids.insert(("email", e.to_string()));
    }
    for h in &x.handles {
        ids.insert(("handle", h.item.value.clone()));
    }
    for c in &x.crypto {
        ids.insert(("crypto", c.item.value.clone()));
    }
    for u in &x.urls {
        ids.insert(("url", u.item.value.clone()));
    }
    for p in ad.values("posterAccount") {
        ids.insert(("poster", p.clone()));
    }
    for h in ad.values("imageHash") {
        ids.insert(("image", h.to_lowercase()));
    }
    ids
}

/// What linking needs of each ad, read once rather than in every loop.
struct Facts<'a> {
    poster: Option<&'a str>,
    posted: Option<DateTime<FixedOffset>>,
    /// The ad's city as an index into the gazetteer.
    city: Option<usize>,
}

/// Links ads into operations. `ads` and `ex` are parallel.
pub(crate) fn link(ads: &[&Entity], ex: &[AdExtraction], config: &Config) -> (Vec<Operation>, Vec<Hub>) {
    let n = ads.len();
    let mut dsu = Dsu { parent: (0..n).collect() };
    let mut links: Vec<(usize, usize, LinkReason)> = vec![];
    let all: Vec<usize> = (0..n).collect();
    let facts: Vec<Facts<'_>> = theseus_model::par::map(&all, 1024, |&i| Facts {
        poster: ads[i].first("posterAccount"),
        posted: posted(ads[i]),
        city: ex[i].city.as_deref().and_then(|c| config.gazetteer.index_of(c)),
    });
    let idsets: Vec<BTreeSet<(&str, String)>> = theseus_model::par::map(&all, 1024, |&i| identifiers(ads[i], &ex[i]));

    let mut by_id: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (i, set) in idsets.iter().enumerate() {
        for (k, v) in set {
            by_id.entry((k, v.as_str())).or_default().push(i);
        }
    }
    // Shared identifiers in a fixed order, so that the links recorded do not depend on hashing.
    let mut shared: Vec<((&str, &str), Vec<usize>)> = by_id.into_iter().filter(|(_, m)| m.len() >= 2).collect();
    shared.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    let stop: BTreeSet<String> = config.stop_list.iter().map(|s| s.trim().to_lowercase()).collect();
    let mut hubs = vec![];
    for ((kind, value), members) in &shared {
        let posters: BTreeSet<&str> = members.iter().filter_map(|&i| facts[i].poster).collect();
        let reason = if stop.contains(&value.to_lowercase()) {
            Some("on the stop-list".to_string())
        } else if *kind != "poster" && posters.len() > config.hub_max_posters {
            Some(format!("shared by {} poster accounts (limit {})", posters.len(), config.hub_max_posters))
        } else if members.len() > config.hub_max_ads {
            Some(format!("on {} ads (limit {})", members.len(), config.hub_max_ads))
        } else {
            None
        };
        if let Some(reason) = reason {
            hubs.push(Hub {
                kind: kind.to_string(),
                value: value.to_string(),
                ads: members.len(),
                posters: posters.len(),
                reason,
            });
            continue;
        }
        for &m in &members[1..] {
            if dsu.union(members[0], m) {
                links.push((
                    members[0],
                    m,
                    LinkReason::Identifier { kind: kind.to_string(), value: value.to_string() },
                ));
            }
        }
    }

    // Near-duplicate texts.
    let text_of = |i: usize| -> String {
        ["title", "bodyText", "description"]
            .iter()
            .flat_map(|p| ads[i].values(p))
            .cloned()
            .collect::<Vec<_>>()
            .join(" ")
    };
    let sets: Vec<Vec<u64>> = theseus_model::par::map(&all, 512, |&i| shingles(&text_of(i), config.shingle_words));
    let mh = MinHasher::new(config.minhash_bands, config.minhash_rows);
    let sigs: Vec<Option<Vec<u64>>> =
        theseus_model::par::map(&sets, 512, |s| (s.len() >= config.min_shingles).then(|| mh.signature(s)));
    let phones: Vec<Vec<&str>> = ex.iter().map(|x| x.all_phones()).collect();
    let mut verified: HashMap<(usize, usize), bool> = HashMap::new();
    for bucket in mh.buckets(&sigs) {
        // A bucket spanning many posters is boilerplate (a site's template, a disclaimer), like a hub.
        let mut posters: Vec<&str> = vec![];
        for p in bucket.iter().filter_map(|&i| facts[i].poster) {
            if !posters.contains(&p) {
                posters.push(p);
                if posters.len() > config.text_hub_posters {
                    break;
                }
            }
        }
        if posters.len() > config.text_hub_posters {
            continue;
        }
        // Large buckets: each member is compared with the first few, not with every other member.
        let heads = bucket.len().min(8);
        for (k, &b) in bucket.iter().enumerate().skip(1) {
            for &a in &bucket[..k.min(heads)] {
                let key = (a.min(b), a.max(b));
                if *verified.get(&key).unwrap_or(&false) || dsu.find(a) == dsu.find(b) {
                    continue;
                }
                let j = jaccard(&sets[a], &sets[b]);
                // Ads giving different phones are different contacts: only a near-verbatim copy joins them.
                let conflict =
                    !phones[a].is_empty() && !phones[b].is_empty() && !phones[a].iter().any(|p| phones[b].contains(p));
                let needed = if conflict { config.text_conflict_jaccard } else { config.text_jaccard };
                let ok = j >= needed;
                verified.insert(key, ok);
                if ok && dsu.union(a, b) {
                    links.push((a, b, LinkReason::Text { jaccard: (j * 1000.0).round() / 1000.0 }));
                }
            }
        }
    }

    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for i in 0..n {
        let r = dsu.find(i);
        groups.entry(r).or_default().push(i);
    }
    let mut link_by_root: HashMap<usize, Vec<Link>> = HashMap::new();
    for (a, b, reason) in links {
        let r = dsu.find(a);
        link_by_root.entry(r).or_default().push(Link { a: ads[a].id.clone(), b: ads[b].id.clone(), reason });
    }
    let groups: Vec<(Vec<usize>, Vec<Link>)> = groups
        .into_iter()
        .filter(|(_, members)| members.len() >= 2)
        .map(|(root, members)| (members, link_by_root.remove(&root).unwrap_or_default()))
        .collect();
    let mut ops: Vec<Operation> = theseus_model::par::map(&groups, 16, |(members, op_links)| {
        operation(ads, ex, &idsets, &facts, members, op_links.clone(), config)
    });
    ops.sort_by(|a, b| b.score.total_cmp(&a.score).then_with(|| a.id.cmp(&b.id)));
    (ops, hubs)
}

/// Pairs of postings in cities at least `config.signals.distant_km` apart within `concurrent_hours` of
/// each other: how many, and the most distant one (the earliest pair among equals) as positions in `timed`
/// with its distance. City by city rather than pair of ads by pair of ads, so that an operation of many
/// thousand ads costs cities × ads.
fn concurrent_distant(
    timed: &[(DateTime<FixedOffset>, usize)],
    facts: &[Facts<'_>],
    config: &Config,
) -> (usize, Option<(usize, usize, f64)>) {
    let s = &config.signals;
    let window = chrono::Duration::minutes((s.concurrent_hours * 60.0) as i64);
    let mut by_city: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for (p, &(_, i)) in timed.iter().enumerate() {
        if let Some(c) = facts[i].city {
            by_city.entry(c).or_default().push(p);
        }
    }
    let cities: Vec<(usize, Vec<usize>)> = by_city.into_iter().collect();
    let t = |p: usize| timed[p].0;
    // The earliest position after `p` in `other`, if within the window.
    let partner = |p: usize, other: &[usize]| -> Option<usize> {
        let q = *other.get(other.partition_point(|&q| q <= p))?;
        (t(q) - t(p) <= window).then_some(q)
    };
    let mut pairs = 0usize;
    let mut best: Option<(usize, usize, f64)> = None;
    for (x, (cx, a)) in cities.iter().enumerate() {
        for (cy, b) in &cities[x + 1..] {
            let km = distance_km(&config.gazetteer.cities[*cx], &config.gazetteer.cities[*cy]);
            if km < s.distant_km {
                continue;
            }
            let (mut lo, mut hi) = (0, 0);
            let mut here = 0;
            for &p in a {
                while lo < b.len() && t(b[lo]) < t(p) - window {
                    lo += 1;
                }
                hi = hi.max(lo);
                while hi < b.len() && t(b[hi]) <= t(p) + window {
                    hi += 1;
                }
                here += hi - lo;
            }
            if here == 0 {
                continue;
            }
            pairs += here;
            let first = a
                .iter()
                .filter_map(|&p| partner(p, b).map(|q| (p, q)))
                .chain(b.iter().filter_map(|&q| partner(q, a).map(|p| (q, p))))
                .min();
            if let Some((k, l)) = first
                && best.is_none_or(|(bk, bl, bkm)| km > bkm || (km == bkm && (k, l) < (bk, bl)))
            {
                best = Some((k, l, km));
            }
        }
    }
    (pairs, best)
}

/// Stable id of an operation: a hash of its sorted member ad ids.
pub fn operation_id(ad_ids: &[String]) -> String {
    let mut h = Sha256::new();
    for id in ad_ids {
        h.update(id.as_bytes());
        h.update([0]);
    }
    let d = h.finalize();
    format!("adop-{}", d[..8].iter().map(|b| format!("{b:02x}")).collect::<String>())
}

fn operation(
    ads: &[&Entity],
    ex: &[AdExtraction],
    idsets: &[BTreeSet<(&str, String)>],
    facts: &[Facts<'_>],
    members: &[usize],
    links: Vec<Link>,
    config: &Config,
) -> Operation {
    let mut ad_ids: Vec<String> = members.iter().map(|&i| ads[i].id.clone()).collect();
    ad_ids.sort();
    let id = operation_id(&ad_ids);
    let mut counts: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for &i in members {
        for (k, v) in &idsets[i] {
            *counts.entry((k, v.as_str())).or_default() += 1;
        }
    }
    let identifiers: Vec<SharedIdentifier> = counts
        .iter()
        .filter(|&(_, &c)| c >= 2)
        .map(|(&(k, v), &c)| SharedIdentifier { kind: k.to_string(), value: v.to_string(), ads: c })
        .collect();
    let posters: BTreeSet<String> = members.iter().flat_map(|&i| ads[i].values("posterAccount").to_vec()).collect();

    // Entity-level signals, per phone and over the whole operation.
    let s = &config.signals;
    let mut signals = vec![];
    let mut per_phone: BTreeMap<&str, PhoneUse<'_>> = BTreeMap::new();
    for &i in members {
        for p in ex[i].all_phones() {
            let e = per_phone.entry(p).or_default();
            if let Some(c) = ex[i].city.as_deref() {
                e.0.insert(c);
            }
            e.1 += 1;
            e.2.extend(ex[i].ethnicities.iter().map(String::as_str));
        }
    }
    let best = |f: &dyn Fn(&PhoneUse<'_>) -> usize| per_phone.iter().map(|(p, v)| (f(v), *p)).max();
    if let Some((k, p)) = best(&|v| v.0.len())
        && k >= s.cities_per_phone
    {
        signals.push(Signal {
            id: "phone_many_cities".into(),
            weight: s.weight_many_cities,
            detail: format!("{p} in {k} cities"),
        });
    }
    if let Some((k, p)) = best(&|v| v.1)
        && k >= s.ads_per_phone
    {
        signals.push(Signal {
            id: "ads_per_phone".into(),
            weight: s.weight_ads_per_phone,
            detail: format!("{p} on {k} ads"),
        });
    }
    if let Some((k, p)) = best(&|v| v.2.len())
        && k >= 2
    {
        let list: Vec<&str> = per_phone.get(p).map(|v| v.2.iter().copied().collect()).unwrap_or_default();
        signals.push(Signal {
            id: "ethnicities_per_phone".into(),
            weight: s.weight_ethnicities,
            detail: format!("{p} with {k} ethnicities: {}", list.join(", ")),
        });
    }
    let mut timed: Vec<(DateTime<FixedOffset>, usize)> =
        members.iter().filter_map(|&i| facts[i].posted.map(|t| (t, i))).collect();
    timed.sort();
    if let (pairs, Some((k, l, km))) = concurrent_distant(&timed, facts, config) {
        let ((t, i), (t2, j)) = (timed[k], timed[l]);
        let hours = (t2 - t).num_minutes() as f64 / 60.0;
        signals.push(Signal {
            id: "concurrent_distant".into(),
            weight: s.weight_concurrent,
            detail: format!(
                "{pairs} pairs of postings ≥ {:.0} km apart within {:.0} h, e.g. {} in {} and {} in {}, {km:.0} km, {hours:.1} h apart",
                s.distant_km,
                s.concurrent_hours,
                ads[i].id,
                ex[i].city.as_deref().unwrap_or("?"),
                ads[j].id,
                ex[j].city.as_deref().unwrap_or("?"),
            ),
        });
    }

    // Score: the best ad's distinct indicators plus the signals.
    let best_ad = members.iter().copied().max_by(|&a, &b| ex[a].score.total_cmp(&ex[b].score).then(b.cmp(&a)));
    let mut indicators: Vec<String> = best_ad
        .map(|b| ex[b].indicators.iter().filter(|h| !h.context_only && h.weight > 0.0).map(|h| h.id.clone()).collect())
        .unwrap_or_default();
    indicators.extend(signals.iter().filter(|s| s.weight > 0.0).map(|s| s.id.clone()));
    let score = best_ad.map_or(0.0, |b| ex[b].score) + signals.iter().map(|s| s.weight).sum::<f64>();
    let alert = indicators.len() >= config.min_distinct_indicators && score >= config.alert_score;
    let ethnicities: BTreeSet<String> = members.iter().flat_map(|&i| ex[i].ethnicities.clone()).collect();
    let min_stated_age = members.iter().flat_map(|&i| ex[i].ages.iter().map(|a| a.item.years)).min();

    // Timeline: consecutive postings in one city make a stop.
    let mut timeline: Vec<Stop> = vec![];
    for &(t, i) in &timed {
        let Some(city) = ex[i].city.clone() else { continue };
        let ts = t.to_rfc3339();
        match timeline.last_mut() {
            Some(last) if last.city == city => {
                last.last = ts;
                last.ads += 1;
            }
            _ => timeline.push(Stop {
                country: facts[i].city.map(|c| config.gazetteer.cities[c].country.clone()),
                city,
                first: ts.clone(),
                last: ts,
                ads: 1,
            }),
        }
    }
    Operation {
        id,
        ads: ad_ids,
        posters: posters.into_iter().collect(),
        identifiers,
        links,
        signals,
        indicators,
        score,
        alert,
        ethnicities: ethnicities.into_iter().collect(),
        min_stated_age,
        timeline,
    }
}
