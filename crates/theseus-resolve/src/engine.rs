//! The resolution pipeline: hubs, features, deterministic links, blocking and comparison, model fitting,
//! scoring, clustering and explanations.

use std::collections::HashMap;
use std::time::Instant;

use crate::blocking::Blocks;
use crate::cluster::{Clusterer, LinkClass, PairScore, Refused};
use crate::compare::{Cmp, Field, compare, fields_of, level_of};
use crate::config::{Config, Decision, LinkType, Verdict};
use crate::error::Error;
use crate::features::Features;
use crate::identifiers::{IdLink, deterministic_links, find_hubs, values_by_hash};
use crate::model::{Model, TermFrequencies};
use crate::output::{Cluster, Explanation, FieldComparison, Link, Reason, Refusal, Resolution, Stats};
use crate::record::{Kind, Record};
use crate::text;

/// Scores pairs with the fitted models.
pub(crate) struct Scorer<'a> {
    pub features: &'a [Features],
    pub models: HashMap<Kind, (Model, TermFrequencies)>,
    pub config: &'a Config,
}

/// A scored pair.
pub(crate) struct Scored {
    pub cmp: Cmp,
    pub weight: f64,
    /// Per field: weight, and whether it was term-frequency adjusted.
    pub field_weights: [(f64, bool); crate::compare::MAX_FIELDS],
    pub conflict: bool,
    /// The family guard without documents, for links made by a shared document: the shared number must
    /// not be what outvotes the names and dates.
    pub conflict_without_documents: bool,
}

impl Scorer<'_> {
    /// The weight of level `l` of field `f`, adjusted for the value's frequency where it applies.
    fn field_weight(&self, model: &Model, tf: &TermFrequencies, f: usize, l: usize, hash: u64) -> (f64, bool) {
        if l == 1
            && hash != 0
            && self.config.tf_adjustments
            && model.fields[f].tf_adjusted()
            && let Some(u) = tf.u(f, hash)
        {
            return ((model.m[f][1].max(1e-6) / u.max(1e-9)).log2(), true);
        }
        (model.weight(f, l), false)
    }

    pub fn score(&self, i: u32, j: u32) -> Option<Scored> {
        let (a, b) = (&self.features[i as usize], &self.features[j as usize]);
        if a.kind != b.kind {
            return None;
        }
        let (model, tf) = self.models.get(&a.kind)?;
        let cmp = compare(&model.fields, a, b);
        Some(self.weigh(model, tf, cmp))
    }

    fn weigh(&self, model: &Model, tf: &TermFrequencies, cmp: Cmp) -> Scored {
        let mut weight = model.prior_weight();
        let mut field_weights = [(0.0, false); crate::compare::MAX_FIELDS];
        let (mut personal, mut present) = (0.0, false);
        let (mut personal_nodoc, mut present_nodoc) = (0.0, false);
        for (f, slot) in field_weights.iter_mut().enumerate().take(model.fields.len()) {
            let l = cmp.levels[f] as usize;
            let fw = self.field_weight(model, tf, f, l, cmp.tf[f]);
            *slot = fw;
            weight += fw.0;
            // Documents count only when they agree: one person holds several (passport, ID card, old and
            // new), so different numbers say little, while a shared number says much.
            let counted = match model.fields[f] {
                Field::Document => fw.0 > 0.0,
                field => field.personal(),
            };
            if l != 0 && counted {
                personal += fw.0;
                present = true;
                if model.fields[f] != Field::Document {
                    personal_nodoc += fw.0;
                    present_nodoc = true;
                }
            }
        }
        let guard = |present: bool, personal: f64| {
            model.kind == Kind::Person && present && self.config.min_personal_weight.is_some_and(|min| personal < min)
        };
        // Two complete birth dates that differ beyond typos or a swap speak for two people (namesakes, a
        // parent and child of one name): such a pair is not joined, directly or through other records,
        // unless an identity document agrees or is one typo apart, or the rest of its evidence passes the
        // threshold on its own (the date is then the one field in error). Shared phones, e-mails and
        // accounts do not count in that rest: households, and those who control victims, share them.
        let position = |field: Field| model.fields.iter().position(|f| *f == field);
        let level = |field: Field| position(field).map_or(0, |f| cmp.levels[f]);
        let dates_differ = model.kind == Kind::Person
            && self.config.min_personal_weight.is_some()
            && level(Field::BirthDate) == crate::compare::DATES_DIFFER;
        let threshold = self.config.threshold_weight();
        let weight_of = |field: Field| position(field).map_or(0.0, |f| field_weights[f].0);
        let rest = weight
            - weight_of(Field::BirthDate)
            - [Field::Phone, Field::Email, Field::Account].into_iter().map(|f| weight_of(f).max(0.0)).sum::<f64>();
        let shared_document = matches!(level(Field::Document), 1 | 2);
        Scored {
            cmp,
            weight,
            field_weights,
            conflict: guard(present, personal) || (dates_differ && !shared_document && rest < threshold),
            conflict_without_documents: guard(present_nodoc, personal_nodoc)
                || (dates_differ && rest - weight_of(Field::Document).max(0.0) < threshold),
        }
    }
}

fn timed<T>(stats: &mut Stats, stage: &str, start: &mut Instant, value: T) -> T {
    stats.seconds.push((stage.to_string(), start.elapsed().as_secs_f64()));
    *start = Instant::now();
    value
}

/// A tiny deterministic generator (SplitMix64) for the u sample.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        text::mix(self.0)
    }

    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }
}

/// All pairs of `members` that may be compared, counted.
fn total_pairs(members: &[u32], source_of: &[u32], link_type: LinkType) -> f64 {
    let n = members.len() as f64;
    match link_type {
        LinkType::Dedupe => n * (n - 1.0) / 2.0,
        LinkType::LinkOnly => {
            let mut per: HashMap<u32, f64> = HashMap::new();
            for m in members {
                *per.entry(source_of[*m as usize]).or_default() += 1.0;
            }
            (n * n - per.values().map(|c| c * c).sum::<f64>()) / 2.0
        }
    }
}

/// Level counts of `fields` over a random sample of the pairs of `members` that may be compared (all of
/// them when there are few): every pair among a random subset of the records, the subset sized so that
/// about `u_sample_pairs` pairs result. Each pair is equally likely to be in the sample, as with pairs drawn
/// one by one, but the subset's records stay in the processor's cache while they are compared.
fn sample_u(
    features: &[Features],
    members: &[u32],
    source_of: &[u32],
    fields: &[Field],
    config: &Config,
    total: f64,
    threads: usize,
) -> (Vec<Vec<u64>>, u64) {
    let allowed =
        |i: u32, j: u32| config.link_type == LinkType::Dedupe || source_of[i as usize] != source_of[j as usize];
    let subset: Vec<u32> = if total <= config.u_sample_pairs as f64 {
        members.to_vec()
    } else {
        // Of n records, k give about k² · (1 − Σ pₛ²) / 2 allowed pairs, pₛ the share of source s.
        let n = members.len() as f64;
        let share = 2.0 * total / (n * n);
        let k = ((2.0 * config.u_sample_pairs as f64 / share).sqrt().ceil() as usize).clamp(2, members.len());
        let mut pool = members.to_vec();
        let mut rng = Rng(config.seed);
        for x in 0..k {
            let y = x + rng.below(pool.len() - x);
            pool.swap(x, y);
        }
        pool.truncate(k);
        pool
    };
    let rows: Vec<usize> = (0..subset.len()).collect();
    // Rows are dealt round-robin so that threads get equal numbers of pairs.
    let parts: Vec<(Vec<Vec<u64>>, u64)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let (subset, rows) = (&subset, &rows);
                scope.spawn(move || {
                    let mut counts: Vec<Vec<u64>> = fields.iter().map(|f| vec![0u64; f.levels().len()]).collect();
                    let mut sampled = 0u64;
                    for &x in rows.iter().skip(t).step_by(threads) {
                        let i = subset[x];
                        for &j in &subset[x + 1..] {
                            if allowed(i, j) {
                                let c = compare(fields, &features[i as usize], &features[j as usize]);
                                for (f, cnt) in counts.iter_mut().enumerate() {
                                    cnt[c.levels[f] as usize] += 1;
                                }
                                sampled += 1;
                            }
                        }
                    }
                    (counts, sampled)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("worker thread")).collect()
    });
    let mut counts: Vec<Vec<u64>> = fields.iter().map(|f| vec![0u64; f.levels().len()]).collect();
    let mut sampled = 0;
    for (c, n) in parts {
        sampled += n;
        for (acc, x) in counts.iter_mut().zip(c) {
            for (a, b) in acc.iter_mut().zip(x) {
                *a += b;
            }
        }
    }
    (counts, sampled)
}

/// Term-frequency tables of the adjusted fields over `members`.
pub(crate) fn term_frequencies(features: &[Features], members: &[u32], fields: &[Field]) -> TermFrequencies {
    let mut tables = Vec::new();
    for field in fields {
        let mut t: HashMap<u64, u32> = HashMap::new();
        let mut n = 0u64;
        let mut add = |h: u64| {
            *t.entry(h).or_default() += 1;
            n += 1;
        };
        for &m in members {
            let f = &features[m as usize];
            match field {
                Field::GivenName => f.names.iter().for_each(|x| {
                    x.given.iter().chain(&x.free).for_each(|t| add(t.hash));
                }),
                Field::FamilyName => f.names.iter().for_each(|x| {
                    x.family.iter().chain(&x.free).for_each(|t| add(t.hash));
                }),
                Field::OrgName => f.orgs.iter().for_each(|o| add(o.key)),
                Field::Postcode => f.postcodes.iter().for_each(|p| add(p.hash)),
                _ => {}
            }
        }
        tables.push((t, n));
    }
    TermFrequencies { tables }
}

/// Compared candidate pairs: (i, j, γ).
type Pairs = Vec<(u32, u32, u64)>;
/// What one blocking worker returns: its pairs, the count of each γ, and pairs per rule.
type Compared = (Pairs, HashMap<u64, u64>, [u64; 16]);

/// Candidate pairs of one kind, compared: (i, j, γ), the count of each γ, and the pairs per rule.
fn candidates(
    features: &[Features],
    blocks: &Blocks,
    source_of: &[u32],
    fields: &[Field],
    link_only: bool,
    threads: usize,
) -> Compared {
    // Split the blocks into contiguous runs of about equal pair counts, one per thread.
    let raw: u64 = blocks.raw_pairs();
    let per = raw / threads as u64 + 1;
    let mut runs: Vec<&[(u32, u32)]> = Vec::new();
    let (mut start, mut acc) = (0usize, 0u64);
    for (g, (s, e)) in blocks.groups.iter().enumerate() {
        acc += u64::from(e - s) * u64::from(e - s - 1) / 2;
        if acc >= per {
            runs.push(&blocks.groups[start..=g]);
            start = g + 1;
            acc = 0;
        }
    }
    runs.push(&blocks.groups[start..]);
    let n_fields = fields.len();
    let results: Vec<Compared> = std::thread::scope(|scope| {
        let handles: Vec<_> = runs
            .iter()
            .map(|run| {
                scope.spawn(move || {
                    let mut pairs = Vec::new();
                    let mut patterns: HashMap<u64, u64> = HashMap::new();
                    let mut per_rule = [0u64; 16];
                    for &(s, e) in *run {
                        let block = &blocks.entries[s as usize..e as usize];
                        let key = block[0].0;
                        let before = pairs.len();
                        for (x, &(_, i)) in block.iter().enumerate() {
                            for &(_, j) in &block[x + 1..] {
                                if link_only && source_of[i as usize] == source_of[j as usize] {
                                    continue;
                                }
                                if !blocks.first_shared(i, j, key) {
                                    continue;
                                }
                                let c = compare(fields, &features[i as usize], &features[j as usize]);
                                let g = c.gamma(n_fields);
                                pairs.push((i, j, g));
                                *patterns.entry(g).or_default() += 1;
                            }
                        }
                        per_rule[crate::blocking::rule_of(key)] += (pairs.len() - before) as u64;
                    }
                    (pairs, patterns, per_rule)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().expect("worker thread")).collect()
    });
    let mut pairs = Vec::with_capacity(results.iter().map(|r| r.0.len()).sum());
    let mut patterns: HashMap<u64, u64> = HashMap::new();
    let mut per_rule = [0u64; 16];
    for (p, pat, rules) in results {
        pairs.extend(p);
        for (g, c) in pat {
            *patterns.entry(g).or_default() += c;
        }
        for (a, b) in per_rule.iter_mut().zip(rules) {
            *a += b;
        }
    }
    (pairs, patterns, per_rule)
}

/// Resolves records into entities. See the crate documentation for the method.
pub fn resolve(records: &[Record], decisions: &[Decision], config: &Config) -> Result<Resolution, Error> {
    if !(config.match_probability > 0.0 && config.match_probability < 1.0) {
        return Err(Error::Config(format!("match_probability must be in (0, 1), not {}", config.match_probability)));
    }
    let mut stats = Stats { records: records.len(), ..Stats::default() };
    let mut clock = Instant::now();
    let mut index: HashMap<&str, u32> = HashMap::with_capacity(records.len());
    for (i, r) in records.iter().enumerate() {
        if index.insert(r.id.as_str(), i as u32).is_some() {
            return Err(Error::DuplicateId(r.id.clone()));
        }
    }
    let mut source_ids: HashMap<&str, u32> = HashMap::new();
    let source_of: Vec<u32> = records
        .iter()
        .map(|r| {
            let n = source_ids.len() as u32;
            *source_ids.entry(r.source.as_str()).or_insert(n)
        })
        .collect();
    let threads = config.thread_count();

    // Hubs, then features without them.
    let (hubs, hub_set) = find_hubs(records, &config.hubs);
    let features: Vec<Features> = parallel_map(records, threads, |r| Features::new(r, &hub_set));
    timed(&mut stats, "prepare", &mut clock, ());

    // Probabilistic candidates and models, kind by kind.
    let link_only = config.link_type == LinkType::LinkOnly;
    let mut scorer = Scorer { features: &features, models: HashMap::new(), config };
    let mut per_kind: Vec<(Kind, Pairs)> = Vec::new();
    let mut fit_seconds = 0.0;
    for kind in [Kind::Person, Kind::Organization] {
        let members: Vec<u32> = (0..records.len() as u32).filter(|i| records[*i as usize].kind == kind).collect();
        if members.len() < 2 {
            continue;
        }
        let fields = fields_of(kind);
        let blocks = Blocks::build(&features, &members, config.max_block_size);
        stats.oversized_blocks += blocks.oversized.len();
        stats.largest_skipped_block =
            stats.largest_skipped_block.max(blocks.oversized.iter().map(|o| o.size).max().unwrap_or(0));
        let (pairs, patterns, per_rule) = candidates(&features, &blocks, &source_of, fields, link_only, threads);
        for (rule, n) in per_rule.iter().enumerate().filter(|(_, n)| **n > 0) {
            stats.pairs_per_rule.push((format!("{kind:?}: {}", crate::blocking::rule_name(kind, rule)), *n));
        }
        drop(blocks);
        stats.candidate_pairs += pairs.len() as u64;
        let fit_start = Instant::now();
        let total = total_pairs(&members, &source_of, config.link_type);
        let (u_counts, sampled) = sample_u(&features, &members, &source_of, fields, config, total, threads);
        let lambda = ((members.len() as f64 / 2.0).max(1.0) / total.max(1.0)).clamp(1e-12, 0.5);
        let mut model = Model::new(kind, fields, &u_counts, sampled, lambda);
        let mut pats: Vec<(u64, u64)> = patterns.into_iter().collect();
        pats.sort_unstable();
        model.fit_em(&pats, total, config.em_max_iterations, config.em_tolerance);
        let tf = term_frequencies(&features, &members, fields);
        scorer.models.insert(kind, (model, tf));
        fit_seconds += fit_start.elapsed().as_secs_f64();
        per_kind.push((kind, pairs));
    }
    let block_seconds = clock.elapsed().as_secs_f64() - fit_seconds;
    stats.seconds.push(("block+compare".into(), block_seconds));
    stats.seconds.push(("fit".into(), fit_seconds));
    clock = Instant::now();

    // Score: the weight of each γ, then the exact weight (with term frequencies) for pairs that might pass.
    let threshold = config.threshold_weight();
    let mut edges: Vec<(u32, u32, f64)> = Vec::new();
    for (kind, pairs) in &per_kind {
        let (model, _) = &scorer.models[kind];
        let max_raise = max_tf_raise(model, &scorer.models[kind].1, config);
        let mut cache: HashMap<u64, f64> = HashMap::new();
        let chunk: Vec<(u32, u32)> = pairs
            .iter()
            .filter(|(_, _, g)| {
                let w = *cache.entry(*g).or_insert_with(|| model.gamma_weight(*g));
                w + raise_of(*g, &max_raise) >= threshold
            })
            .map(|(i, j, _)| (*i, *j))
            .collect();
        let scored: Vec<Option<(u32, u32, f64)>> = parallel_map(&chunk, threads, |&(i, j)| {
            scorer.score(i, j).filter(|s| s.weight >= threshold).map(|s| (i, j, s.weight))
        });
        edges.extend(scored.into_iter().flatten());
    }
    drop(per_kind);
    stats.links_above_threshold = edges.len() as u64;
    edges.sort_by(|a, b| b.2.total_cmp(&a.2).then((a.0, a.1).cmp(&(b.0, b.1))));
    timed(&mut stats, "score", &mut clock, ());

    // Decisions and deterministic links.
    let mut warnings = Vec::new();
    let mut must: Vec<(u32, u32, Option<String>)> = Vec::new();
    let mut cannot: Vec<(u32, u32)> = Vec::new();
    for d in decisions {
        match (index.get(d.a.as_str()), index.get(d.b.as_str())) {
            (Some(&a), Some(&b)) if a != b => match d.verdict {
                Verdict::Same => must.push((a, b, d.note.clone())),
                Verdict::Different => cannot.push((a, b)),
            },
            (Some(_), Some(_)) => warnings.push(format!("decision on '{}' with itself ignored", d.a)),
            _ => warnings.push(format!("decision names unknown record(s) '{}' / '{}'; ignored", d.a, d.b)),
        }
    }
    let id_links: Vec<IdLink> = deterministic_links(records, &hub_set, &config.deterministic);

    let mut refusals = Vec::new();
    let score_for_cluster = |i: u32, j: u32| {
        scorer.score(i, j).map(|s| PairScore {
            evidence: s.weight - scorer.models[&scorer.features[i as usize].kind].0.prior_weight(),
            conflict: s.conflict,
            conflict_without_documents: s.conflict_without_documents,
        })
    };
    let mut cl = Clusterer::new(
        &source_of,
        &cannot,
        link_only,
        score_for_cluster,
        config.min_member_support,
        config.linkage_clip,
        config.max_linkage_pairs,
    );
    for (k, (a, b, _)) in must.iter().enumerate() {
        if let Err(e) = cl.link(*a, *b, LinkClass::Analyst, k) {
            refusals.push(refusal(records, *a, *b, "analyst", &e));
        }
    }
    for (k, l) in id_links.iter().enumerate() {
        if let Err(e) = cl.link(l.a, l.b, LinkClass::Identifier, k) {
            refusals.push(refusal(records, l.a, l.b, "identifier", &e));
        }
    }
    for (k, (a, b, _)) in edges.iter().enumerate() {
        let _ = cl.link(*a, *b, LinkClass::Probabilistic, k);
    }
    // Last, things join the one party that carries their phones and e-mails, once parties are resolved.
    let mut id_links = id_links;
    for (thing, party, kind, value) in contact_links(records, &features, &hub_set, &mut cl, &mut refusals) {
        let k = id_links.len();
        id_links.push(IdLink { a: party, b: thing, kind, value });
        if let Err(e) = cl.link(party, thing, LinkClass::Identifier, k) {
            refusals.push(refusal(records, party, thing, "identifier", &e));
        }
    }
    stats.linkage_pairs_scored = cl.pairs_scored;
    stats.merges_refused = cl.refusals;
    let groups = cl.clusters();
    let accepted = std::mem::take(&mut cl.accepted);
    let mut by_root: HashMap<u32, Vec<(u32, u32, LinkClass, usize)>> = HashMap::new();
    for link in accepted {
        let r = cl.root(link.0);
        by_root.entry(r).or_default().push(link);
    }
    let weakest = std::mem::take(&mut cl.weakest);
    let roots: Vec<u32> = groups.iter().map(|g| cl.root(g[0])).collect();
    drop(cl);
    timed(&mut stats, "cluster", &mut clock, ());

    // Explanations.
    let mut clusters = Vec::new();
    for (members, root) in groups.into_iter().zip(roots) {
        if members.len() < 2 && !config.include_singletons {
            continue;
        }
        let mut ids: Vec<String> = members.iter().map(|m| records[*m as usize].id.clone()).collect();
        ids.sort();
        let id = format!("cluster-{}", &theseus_model::ids::make_id(ids.iter().map(String::as_str))[..16]);
        let links = by_root
            .remove(&root)
            .unwrap_or_default()
            .into_iter()
            .map(|(a, b, class, k)| {
                let reason = match class {
                    LinkClass::Analyst => Reason::Analyst { note: must[k].2.clone() },
                    LinkClass::Identifier => {
                        Reason::Identifier { kind: id_links[k].kind, value: id_links[k].value.clone() }
                    }
                    LinkClass::Probabilistic => explain(&scorer, records, a, b),
                };
                Link { a: records[a as usize].id.clone(), b: records[b as usize].id.clone(), reason }
            })
            .collect();
        clusters.push(Cluster {
            id,
            kind: records[members[0] as usize].kind,
            members: ids,
            explanation: Explanation { links, weakest_join: weakest.get(&root).copied() },
        });
    }
    clusters.sort_by(|a, b| a.members[0].cmp(&b.members[0]));
    timed(&mut stats, "explain", &mut clock, ());
    let models = scorer.models.into_values().map(|(m, _)| m).collect::<Vec<_>>();
    let mut models = models;
    models.sort_by_key(|m| m.kind);
    Ok(Resolution { clusters, hubs, models, refusals, warnings, stats })
}

/// The links that tie things to parties by contact identifiers (see [`Record::contacts`]): a thing's
/// cluster is tied to a party's cluster when every phone and e-mail of the thing that some party carries
/// (hubs aside) leads to that one cluster, and the names the thing carries (a payment card's holder) do not
/// disagree with the party's. A contact that leads to several resolved parties (a household's phone, a
/// victim's phone used by the account of her exploiter) ties the thing to none, and is reported. Returns
/// (thing, party, kind, value), one link per thing cluster.
fn contact_links<F: FnMut(u32, u32) -> Option<crate::cluster::PairScore>>(
    records: &[Record],
    features: &[Features],
    hubs: &std::collections::HashSet<u64>,
    cl: &mut Clusterer<'_, F>,
    refusals: &mut Vec<Refusal>,
) -> Vec<(u32, u32, crate::record::IdKind, String)> {
    use crate::features::id_hash;
    let mut carriers: HashMap<u64, Vec<u32>> = HashMap::new();
    for (i, r) in records.iter().enumerate().filter(|(_, r)| r.kind != Kind::Thing) {
        for id in &r.identifiers {
            if matches!(id.kind, crate::record::IdKind::Phone | crate::record::IdKind::Email) {
                let h = id_hash(id.kind, &id.value);
                if !hubs.contains(&h) {
                    carriers.entry(h).or_default().push(i as u32);
                }
            }
        }
    }
    // Thing clusters (as things are linked so far) and the parties their contacts lead to.
    let mut by_thing_root: HashMap<u32, Vec<(u32, u32, crate::record::IdKind, String)>> = HashMap::new();
    for (i, r) in records.iter().enumerate().filter(|(_, r)| r.kind == Kind::Thing) {
        for c in &r.contacts {
            let h = id_hash(c.kind, &c.value);
            if hubs.contains(&h) {
                continue;
            }
            for &p in carriers.get(&h).into_iter().flatten() {
                let root = cl.root(i as u32);
                by_thing_root.entry(root).or_default().push((i as u32, p, c.kind, c.value.clone()));
            }
        }
    }
    let mut roots: Vec<u32> = by_thing_root.keys().copied().collect();
    roots.sort_unstable();
    let mut out = Vec::new();
    for root in roots {
        let leads = &by_thing_root[&root];
        let mut parties: Vec<u32> = leads.iter().map(|l| cl.root(l.1)).collect();
        parties.sort_unstable();
        parties.dedup();
        // The names the thing's cluster carries, read as a person's and as an organisation's.
        let named: Vec<u32> =
            cl.members_of(root).iter().copied().filter(|m| records[*m as usize].kind == Kind::Thing).collect();
        let holder: Vec<(Features, Features)> = named
            .iter()
            .filter(|m| !records[**m as usize].names.is_empty())
            .map(|m| {
                let r = &records[*m as usize];
                let as_kind = |kind| Features::new(&Record { kind, ..r.clone() }, hubs);
                (as_kind(Kind::Person), as_kind(Kind::Organization))
            })
            .collect();
        let agrees = |party_root: u32, cl: &Clusterer<'_, F>| {
            holder.iter().all(|(person, org)| {
                cl.members_of(party_root).iter().any(|&m| {
                    let f = &features[m as usize];
                    match f.kind {
                        Kind::Person => crate::compare::compare_names(&person.names, &f.names)
                            .is_some_and(|c| (1..=6).contains(&c.given.0) && (1..=5).contains(&c.family.0)),
                        Kind::Organization => crate::compare::org_level(&org.orgs, &f.orgs).is_some_and(|l| l <= 4),
                        Kind::Thing => false,
                    }
                })
            })
        };
        let named_parties: Vec<u32> = parties.iter().copied().filter(|p| agrees(*p, cl)).collect();
        match named_parties.as_slice() {
            [party] => {
                let lead = leads.iter().find(|l| cl.root(l.1) == *party).expect("a lead to the party");
                out.push((lead.0, lead.1, lead.2, lead.3.clone()));
            }
            _ => {
                let lead = &leads[0];
                let reason = if named_parties.is_empty() && !parties.is_empty() && !holder.is_empty() {
                    "the names the thing carries disagree with those of every party its phones and e-mails lead to"
                        .to_string()
                } else {
                    format!("its phones and e-mails lead to {} different resolved parties", named_parties.len())
                };
                refusals.push(Refusal {
                    a: records[lead.1 as usize].id.clone(),
                    b: records[lead.0 as usize].id.clone(),
                    asked_by: "contact".into(),
                    reason,
                });
            }
        }
    }
    out
}

/// Per field, the most a term-frequency adjustment can raise the exact level's weight.
fn max_tf_raise(model: &Model, tf: &TermFrequencies, config: &Config) -> Vec<f64> {
    model
        .fields
        .iter()
        .enumerate()
        .map(|(f, field)| {
            if !config.tf_adjustments || !field.tf_adjusted() {
                return 0.0;
            }
            let Some((_, n)) = tf.tables.get(f) else { return 0.0 };
            if *n == 0 {
                return 0.0;
            }
            let min_u = 2.0 / *n as f64;
            ((model.m[f][1].max(1e-6) / min_u).log2() - model.weight(f, 1)).max(0.0)
        })
        .collect()
}

fn raise_of(gamma: u64, max_raise: &[f64]) -> f64 {
    max_raise.iter().enumerate().filter(|(f, _)| level_of(gamma, *f) == 1).map(|(_, r)| r).sum()
}

fn refusal(records: &[Record], a: u32, b: u32, asked_by: &str, e: &Refused) -> Refusal {
    let reason = match e {
        Refused::CannotLink => "an analyst decided these are different entities".to_string(),
        Refused::SameSource => "link-only: the clusters share a source".to_string(),
        Refused::Conflict(x, y) => format!(
            "family guard: given name, birth date, gender and documents of '{}' and '{}' speak against one person",
            records[*x as usize].id, records[*y as usize].id
        ),
        Refused::WeakLinkage(w) => format!("a member's mean evidence towards the other side is {w:.1} bits"),
    };
    Refusal { a: records[a as usize].id.clone(), b: records[b as usize].id.clone(), asked_by: asked_by.into(), reason }
}

/// The explanation of a probabilistic link.
fn explain(scorer: &Scorer<'_>, records: &[Record], a: u32, b: u32) -> Reason {
    let s = scorer.score(a, b).expect("probabilistic links join records of one kind");
    let (model, _) = &scorer.models[&records[a as usize].kind];
    let (ra, rb) = (&records[a as usize], &records[b as usize]);
    let (fa, fb) = (&scorer.features[a as usize], &scorer.features[b as usize]);
    let fields = model
        .fields
        .iter()
        .enumerate()
        .filter(|(f, _)| s.cmp.levels[*f] != 0)
        .map(|(f, field)| {
            let level = s.cmp.levels[f] as usize;
            let pick = s.cmp.picks[f];
            let (left, right) = shown(*field, pick, ra, rb, fa, fb);
            FieldComparison {
                field: field.as_str().into(),
                level: field.levels()[level].into(),
                left,
                right,
                weight: round(s.field_weights[f].0),
                tf_adjusted: s.field_weights[f].1,
            }
        })
        .collect();
    Reason::Probabilistic {
        match_weight: round(s.weight),
        match_probability: 1.0 / (1.0 + (-s.weight).exp2()),
        prior_weight: round(model.prior_weight()),
        fields,
    }
}

fn round(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// The values a field's level came from, as shown in explanations.
pub(crate) fn shown(
    field: Field,
    pick: crate::compare::Pick,
    ra: &Record,
    rb: &Record,
    fa: &Features,
    fb: &Features,
) -> (Option<String>, Option<String>) {
    let (ia, ib) = (pick.a as usize, pick.b as usize);
    match field {
        Field::GivenName | Field::FamilyName => {
            let tok = |f: &Features, r: &Record, i: usize, t: u8| -> Option<String> {
                let n = f.names.get(i)?;
                let token = match t {
                    0 => n.given.as_ref()?,
                    1 => n.family.as_ref()?,
                    u8::MAX => return None,
                    k => n.free.get(k as usize - 2)?,
                };
                let raw = r.names.iter().filter(|x| !x.full.trim().is_empty()).nth(i).map(|x| x.full.as_str());
                Some(match raw {
                    Some(raw) if raw != &*token.s => format!("{} ({raw})", token.s),
                    _ => token.s.to_string(),
                })
            };
            (tok(fa, ra, ia, pick.ta), tok(fb, rb, ib, pick.tb))
        }
        Field::OrgName => {
            (fa.orgs.get(ia).map(|o| o.joined.to_string()), fb.orgs.get(ib).map(|o| o.joined.to_string()))
        }
        Field::BirthDate => {
            let d = |f: &Features, i: usize| {
                f.dates.get(i).map(|d| match d.prec {
                    1 => format!("{:04}", d.y),
                    2 => format!("{:04}-{:02}", d.y, d.m),
                    _ => format!("{:04}-{:02}-{:02}", d.y, d.m, d.d),
                })
            };
            (d(fa, ia), d(fb, ib))
        }
        Field::Gender => {
            let g = |f: &Features| match f.gender {
                1 => Some("male".to_string()),
                2 => Some("female".to_string()),
                _ => None,
            };
            (g(fa), g(fb))
        }
        Field::Address => {
            let t = |r: &Record, i: usize| {
                r.addresses.iter().filter(|a| !text::tokens(&a.text).is_empty()).nth(i).map(|a| a.text.clone())
            };
            (t(ra, ia), t(rb, ib))
        }
        Field::Postcode => {
            (fa.postcodes.get(ia).map(|p| p.s.to_string()), fb.postcodes.get(ib).map(|p| p.s.to_string()))
        }
        Field::Document => (fa.docs.get(ia).map(|d| d.1.to_string()), fb.docs.get(ib).map(|d| d.1.to_string())),
        Field::Phone | Field::Email | Field::Account => {
            let list = |f: &Features| -> Vec<u64> {
                match field {
                    Field::Phone => f.phones.clone(),
                    Field::Email => f.emails.clone(),
                    _ => f.accounts.clone(),
                }
            };
            let v = |f: &Features, r: &Record, i: usize| {
                let h = *list(f).get(i)?;
                values_by_hash(r).get(&h).map(|s| s.to_string())
            };
            (v(fa, ra, ia), v(fb, rb, ib))
        }
    }
}

/// Maps `f` over `items` on `threads` threads, keeping the order.
pub(crate) fn parallel_map<T: Sync, U: Send>(items: &[T], threads: usize, f: impl Fn(&T) -> U + Sync) -> Vec<U> {
    if threads <= 1 || items.len() < 1024 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    let f = &f;
    std::thread::scope(|scope| {
        let handles: Vec<_> =
            items.chunks(chunk).map(|c| scope.spawn(move || c.iter().map(f).collect::<Vec<U>>())).collect();
        handles.into_iter().flat_map(|h| h.join().expect("worker thread")).collect()
    })
}
