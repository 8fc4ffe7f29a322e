//! Entity resolution: which records — across banks, registries, ads and phone records — describe one
//! person, one company, one account, and why.
//!
//! The input is a list of [`Record`]s ([`records_from_entities`] builds them from FtM entities,
//! [`febrl::read`] from FEBRL benchmark rows) and the analyst's [`Decision`]s; the output is a
//! [`Resolution`]: [`Cluster`]s, each with the links that joined its members and the field-by-field weights
//! behind every probabilistic link, plus the hubs set aside and the fitted models. [`resolve`] runs these
//! stages:
//!
//! 1. **Hub control** (reported as [`Hub`]s): identifiers on the stop-list, placeholders, and those
//!    carried by more than `max_degree` different parties (counted by name) are reported and then ignored
//!    everywhere.
//! 2. **Deterministic links** on identifiers that identify what a record is: bank accounts by number,
//!    wallets by address, online accounts, identity documents, and persons or organisations sharing an
//!    identity or registration document. ([`records_from_entities`] merges fragments of one entity id, and
//!    resolves a `Person` that has only organisation names and nothing personal, such as a company's line
//!    in a subscriber list, as an organisation.)
//! 3. **Blocking**: candidate pairs as the union of several blocking rules, each pair compared once.
//! 4. **Fellegi–Sunter matching** (`compare` and `model` modules): comparators with agreement levels per field (Jaro–Winkler and edit
//!    distance on names, transliteration across scripts through any_ascii and a skeleton key, a small
//!    sourced table of name variants and diminutives, given/family order swaps, initials, dates with day and
//!    month swapped or only a year, addresses by word overlap, postcodes, phones, e-mails, accounts,
//!    documents); u estimated on random pairs and m by EM, as Splink does (with the default m as a weak
//!    prior, and kept when the data cannot teach it); exact name agreement weighted by the name's frequency.
//! 5. **Clustering**, constrained and greedy (the `cluster` module documents the choice): strongest links
//!    first; a join only when no analyst cannot-link separates the two sides, no pair trips the *family
//!    guard* (given name, birth date, gender and agreeing documents speaking against one person, which a
//!    shared surname, address and phone cannot outvote), and every member's average evidence towards the
//!    other side is not against it, so one record bridging two people does not chain them together.
//!    Namesakes whose complete birth dates differ by three digits or more are never chained either.
//!    Last, a thing reached by phone or e-mail ([`Record::contacts`]: an ad site's poster account, a phone
//!    line) joins the one resolved party that carries those identifiers, hubs aside, unless the names it
//!    carries (a payment card's holder) disagree with the party's; a contact shared by several parties
//!    ties it to none.
//! 6. **Explanations**: every link of every cluster, with its method and, for probabilistic links, the
//!    log2 Bayes factor of each field; and for any one pair, linked or not, [`explain_pair`]: each field's
//!    level and weight against the threshold, the blocking rules that paired them (if any), shared
//!    identifiers and hubs, decisions and the clusters each ended in.
//!
//! *Invariant:* resolution never reads ground truth; FEBRL record ids are only split into entities by the
//! evaluation harness ([`febrl::entity_of`]).

mod blocking;
mod cluster;
mod compare;
mod config;
mod engine;
mod error;
mod explain;
mod features;
pub mod febrl;
mod identifiers;
mod model;
pub mod names;
mod output;
mod record;
pub mod text;

pub use blocking::{ORG_RULES, PERSON_RULES};
pub use compare::{Field, ORG_FIELDS, PERSON_FIELDS, fields_of};
pub use config::{Config, Decision, HubConfig, LinkType, Verdict};
pub use engine::resolve;
pub use error::Error;
pub use explain::{Blocking, PairExplanation, PairScore, PairSide, SharedIdentifier, explain_in, explain_pair};
pub use model::{Fit, Model};
pub use output::{Cluster, Explanation, FieldComparison, Hub, Link, Reason, Refusal, Resolution, Stats};
pub use record::{Address, IdKind, Identifier, Kind, Name, Record, records_from_entities};
