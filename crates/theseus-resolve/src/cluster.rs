//! Clustering of pairwise links into entities, without chaining unrelated records through one weak link.
//!
//! **The choice: constrained greedy clustering with per-member average linkage.** Links are taken strongest first: analyst must-links,
//! then identifier links, then probabilistic links by descending match weight. A link joins the two clusters
//! its records are in only if
//!
//! 1. no analyst cannot-link separates any member of one from any member of the other;
//! 2. in link-only mode, the two clusters share no source (each source lists an entity once);
//! 3. no cross pair of members trips the family guard (a pair whose given names, birth dates, gender and
//!    agreeing documents together speak against being one person, or whose complete birth dates differ
//!    while the rest of its evidence does not pass the threshold on its own): for a link made by a shared identity
//!    document only the linked pair is checked, and without the document, so that a mistyped number that
//!    happens to be someone else's does not merge two people whose names and birth dates differ; and
//! 4. for probabilistic links, every member supports the join: for each member of either side, the mean
//!    evidence (log2 Bayes factor, the match weight without the prior) over its pairs with the other side,
//!    each clipped to ±`linkage_clip` bits and scored on demand whether or not blocking paired them, is at
//!    least `min_member_support` (0 bits: on balance not against).
//!
//! Single-link clustering (connected components, Splink's default) merges A and C when A–B and B–C
//! match, however strongly A and C disagree. Here, once A and B are one cluster, C joins only if A's
//! evidence with C is not, on balance, against it; a record that bridges two different people joins the
//! one it agrees with more (its stronger link comes first) and the other stays apart. The check uses the
//! evidence rather than the posterior so that a sparse record (a nickname and a phone number) is not kept
//! out of a cluster merely because it shares nothing with some members: no evidence is not evidence
//! against. Clipping keeps one extreme pair from deciding alone; the family guard is the veto for what must
//! not merge. Each check scores the cross pairs once (memoised per pair of clusters and sizes); for large
//! joins only the first `sqrt(max_linkage_pairs)` members of each side are checked. The weakest member
//! support of each join is kept in the cluster's explanation.

use std::collections::{HashMap, HashSet};

/// What a link is, for the checks it must pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LinkClass {
    Analyst,
    Identifier,
    Probabilistic,
}

/// A pair's score for linkage checks.
pub(crate) struct PairScore {
    /// The evidence: the sum of the field weights (log2 Bayes factor), without the prior.
    pub evidence: f64,
    /// Whether the family guard forbids the pair.
    pub conflict: bool,
    /// Whether it forbids the pair when identity documents are left out.
    pub conflict_without_documents: bool,
}

/// Why a join was refused.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Refused {
    CannotLink,
    SameSource,
    Conflict(u32, u32),
    WeakLinkage(f64),
}

/// Union–find over records, with the members and sources of each cluster.
pub(crate) struct Clusterer<'a, F: FnMut(u32, u32) -> Option<PairScore>> {
    parent: Vec<u32>,
    members: Vec<Vec<u32>>,
    sources: Vec<Vec<u32>>,
    source_of: &'a [u32],
    cannot: HashMap<u32, Vec<u32>>,
    link_only: bool,
    score: F,
    min_support: f64,
    clip: f64,
    max_pairs: usize,
    refused_joins: HashSet<(u32, u32, u32, u32)>,
    /// Weakest member support at which each cluster (by root) was joined.
    pub weakest: HashMap<u32, f64>,
    /// Links accepted, in order: (a, b, class, index of the link in its input list).
    pub accepted: Vec<(u32, u32, LinkClass, usize)>,
    pub pairs_scored: u64,
    pub refusals: u64,
}

impl<'a, F: FnMut(u32, u32) -> Option<PairScore>> Clusterer<'a, F> {
    pub fn new(
        source_of: &'a [u32],
        cannot: &[(u32, u32)],
        link_only: bool,
        score: F,
        min_support: f64,
        clip: f64,
        max_pairs: usize,
    ) -> Self {
        let n = source_of.len();
        let mut c: HashMap<u32, Vec<u32>> = HashMap::new();
        for &(a, b) in cannot {
            c.entry(a).or_default().push(b);
            c.entry(b).or_default().push(a);
        }
        Clusterer {
            parent: (0..n as u32).collect(),
            members: (0..n as u32).map(|i| vec![i]).collect(),
            sources: source_of.iter().map(|s| vec![*s]).collect(),
            source_of,
            cannot: c,
            link_only,
            score,
            min_support,
            clip,
            max_pairs: max_pairs.max(1),
            refused_joins: HashSet::new(),
            weakest: HashMap::new(),
            accepted: Vec::new(),
            pairs_scored: 0,
            refusals: 0,
        }
    }

    pub fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = p;
        }
        x
    }

    fn separated(&mut self, small: u32, other: u32) -> bool {
        let ms = self.members[small as usize].clone();
        for m in ms {
            if let Some(partners) = self.cannot.get(&m).cloned() {
                for p in partners {
                    if self.find(p) == other {
                        return true;
                    }
                }
            }
        }
        false
    }

    /// Tries to join the clusters of `a` and `b` by a link of class `class` (`index` names the link in
    /// its input list). Returns whether they are now one cluster, or why not.
    pub fn link(&mut self, a: u32, b: u32, class: LinkClass, index: usize) -> Result<bool, Refused> {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra == rb {
            return Ok(false);
        }
        let (small, large) =
            if self.members[ra as usize].len() <= self.members[rb as usize].len() { (ra, rb) } else { (rb, ra) };
        let outcome = self.check(small, large, a, b, class);
        if let Err(e) = outcome {
            self.refusals += 1;
            return Err(e);
        }
        let linkage = outcome.expect("checked");
        let moved = std::mem::take(&mut self.members[small as usize]);
        self.members[large as usize].extend(moved);
        let src = std::mem::take(&mut self.sources[small as usize]);
        let dst = &mut self.sources[large as usize];
        dst.extend(src);
        dst.sort_unstable();
        dst.dedup();
        self.parent[small as usize] = large;
        let w = [self.weakest.remove(&small), self.weakest.remove(&large), linkage]
            .into_iter()
            .flatten()
            .fold(None, |acc: Option<f64>, x| Some(acc.map_or(x, |y| y.min(x))));
        if let Some(w) = w {
            self.weakest.insert(large, w);
        }
        self.accepted.push((a, b, class, index));
        Ok(true)
    }

    fn check(&mut self, small: u32, large: u32, a: u32, b: u32, class: LinkClass) -> Result<Option<f64>, Refused> {
        if self.separated(small, large) {
            return Err(Refused::CannotLink);
        }
        if class == LinkClass::Analyst {
            return Ok(None);
        }
        if self.link_only {
            let (s1, s2) = (&self.sources[small as usize], &self.sources[large as usize]);
            if s1.iter().any(|s| s2.binary_search(s).is_ok()) {
                return Err(Refused::SameSource);
            }
        }
        if class == LinkClass::Identifier {
            if let Some(s) = (self.score)(a, b) {
                self.pairs_scored += 1;
                if s.conflict_without_documents {
                    return Err(Refused::Conflict(a, b));
                }
            }
            return Ok(None);
        }
        let key = (small, large, self.members[small as usize].len() as u32, self.members[large as usize].len() as u32);
        if self.refused_joins.contains(&key) {
            return Err(Refused::WeakLinkage(f64::NAN));
        }
        // Large joins are checked on the first members of each side (a square of `max_pairs` pairs).
        let side = (self.max_pairs as f64).sqrt().ceil() as usize;
        let xs: Vec<u32> = self.members[small as usize].iter().take(side).copied().collect();
        let ys: Vec<u32> = self.members[large as usize].iter().take(side).copied().collect();
        let mut row = vec![(0.0, 0usize); xs.len()];
        let mut col = vec![(0.0, 0usize); ys.len()];
        for (xi, &x) in xs.iter().enumerate() {
            for (yi, &y) in ys.iter().enumerate() {
                if self.link_only && self.source_of[x as usize] == self.source_of[y as usize] {
                    continue;
                }
                if let Some(s) = (self.score)(x, y) {
                    self.pairs_scored += 1;
                    if s.conflict {
                        self.refused_joins.insert(key);
                        return Err(Refused::Conflict(x, y));
                    }
                    let e = s.evidence.clamp(-self.clip, self.clip);
                    row[xi].0 += e;
                    row[xi].1 += 1;
                    col[yi].0 += e;
                    col[yi].1 += 1;
                }
            }
        }
        let weakest = row
            .iter()
            .chain(&col)
            .filter(|(_, n)| *n > 0)
            .map(|(sum, n)| sum / *n as f64)
            .fold(f64::INFINITY, f64::min);
        if weakest < self.min_support {
            self.refused_joins.insert(key);
            return Err(Refused::WeakLinkage(weakest));
        }
        Ok((xs.len() * ys.len() > 1 && weakest.is_finite()).then_some(weakest))
    }

    /// The members of the cluster whose root is `root`.
    pub fn members_of(&self, root: u32) -> &[u32] {
        &self.members[root as usize]
    }

    /// The clusters as member lists (roots with at least one member).
    pub fn clusters(&mut self) -> Vec<Vec<u32>> {
        let n = self.parent.len() as u32;
        (0..n).filter(|i| self.parent[*i as usize] == *i).map(|i| self.members[i as usize].clone()).collect()
    }

    /// The root of a record's cluster (after all links).
    pub fn root(&mut self, x: u32) -> u32 {
        self.find(x)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A scorer from a table of pair evidence; pairs not in it are neutral.
    fn table(pairs: &[(u32, u32, f64, bool)]) -> impl FnMut(u32, u32) -> Option<PairScore> + '_ {
        move |a, b| {
            let hit = pairs.iter().find(|p| (p.0, p.1) == (a.min(b), a.max(b)));
            Some(PairScore {
                evidence: hit.map_or(0.0, |p| p.2),
                conflict: hit.is_some_and(|p| p.3),
                conflict_without_documents: false,
            })
        }
    }

    #[test]
    fn a_bridge_does_not_chain_two_disagreeing_records() {
        // 0–1 and 1–2 match strongly; 0 and 2 disagree (no family guard involved).
        let scores = [(0, 1, 30.0, false), (1, 2, 28.0, false), (0, 2, -15.0, false)];
        let sources = [0, 1, 2];
        let mut c = Clusterer::new(&sources, &[], false, table(&scores), 0.0, 20.0, 400);
        assert_eq!(c.link(0, 1, LinkClass::Probabilistic, 0), Ok(true));
        assert!(matches!(c.link(1, 2, LinkClass::Probabilistic, 1), Err(Refused::WeakLinkage(_))));
        assert_eq!(c.clusters().len(), 2);
    }

    #[test]
    fn a_sparse_record_joins_when_nothing_speaks_against_it() {
        // 3 shares a phone with 0 only; with 1 and 2 it shares nothing (neutral evidence).
        let scores = [(0, 1, 25.0, false), (0, 2, 25.0, false), (1, 2, 25.0, false), (0, 3, 20.0, false)];
        let sources = [0, 1, 2, 3];
        let mut c = Clusterer::new(&sources, &[], false, table(&scores), 0.0, 20.0, 400);
        for (k, (a, b)) in [(0, 1), (0, 2), (0, 3)].into_iter().enumerate() {
            assert!(c.link(a, b, LinkClass::Probabilistic, k).is_ok());
        }
        assert_eq!(c.clusters().len(), 1);
    }

    #[test]
    fn cannot_links_guard_and_sources_are_respected() {
        let scores = [(0, 1, 30.0, false), (1, 2, 30.0, true), (2, 3, 30.0, false)];
        let sources = [0, 1, 0, 1];
        let mut c = Clusterer::new(&sources, &[(0, 3)], true, table(&scores), 0.0, 20.0, 400);
        assert!(matches!(c.link(1, 2, LinkClass::Probabilistic, 0), Err(Refused::Conflict(..))));
        assert_eq!(c.link(0, 1, LinkClass::Probabilistic, 1), Ok(true));
        assert_eq!(c.link(2, 3, LinkClass::Probabilistic, 2), Ok(true));
        // 0 and 3 may not meet, even through an analyst's must-link.
        assert_eq!(c.link(1, 2, LinkClass::Analyst, 0), Err(Refused::CannotLink));
        // Link-only: a cluster takes one record per source.
        let mut c = Clusterer::new(&sources, &[], true, table(&scores), 0.0, 20.0, 400);
        assert_eq!(c.link(0, 1, LinkClass::Probabilistic, 0), Ok(true));
        assert_eq!(c.link(0, 2, LinkClass::Identifier, 1), Err(Refused::SameSource));
    }
}
