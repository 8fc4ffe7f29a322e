//! The offence-elements matrix: for each subject hypothesised in an offender role, the three elements of
//! trafficking in the Palermo Protocol (art. 3(a)) — the act, the means and the purpose — each marked with the
//! non-testimonial evidence that supports it, and the gaps shown.
//!
//! A case whose means rest only on a victim's word is the case that collapses when the victim cannot testify,
//! or is reclassified as a lesser offence (pimping, exploitative working conditions, smuggling). The matrix
//! says which elements the records carry on their own, so the prosecutor sees that risk before charging.
//!
//! Evidence for an element comes from three places: the indicators that fired on the subject's own accounts,
//! those that fired on the accounts of the operation's likely victims where the subject controls them (a
//! victim forwarding everything to the controller is evidence of the controller's conduct), and the role
//! evidence of the operation (who pays whom for rent, transport, recruitment).

use serde::{Deserialize, Serialize};

use crate::cast::{Evidence, Operation, Role};

/// The three groups of elements.
pub const GROUPS: [&str; 3] = ["act", "means", "purpose"];

/// Every element, with its group, in the Protocol's order.
pub const ELEMENTS: [(&str, &str); 14] = [
    ("act", "recruitment"),
    ("act", "transportation"),
    ("act", "transfer"),
    ("act", "harbouring"),
    ("act", "receipt"),
    ("means", "threat or use of force"),
    ("means", "coercion"),
    ("means", "abduction"),
    ("means", "fraud or deception"),
    ("means", "abuse of power or of a position of vulnerability"),
    ("means", "payments to a person in control"),
    ("purpose", "sexual exploitation"),
    ("purpose", "forced labour or services"),
    ("purpose", "forced criminality"),
];

/// Which indicators support which elements: (code, element).
const BY_RULE: &[(&str, &str)] = &[
    ("THB-001", "sexual exploitation"),
    ("THB-002", "harbouring"),
    ("THB-002", "sexual exploitation"),
    ("THB-003", "transportation"),
    ("THB-004", "transportation"),
    ("THB-004", "recruitment"),
    ("THB-005", "transportation"),
    ("THB-008", "sexual exploitation"),
    ("THB-010", "receipt"),
    ("THB-011", "sexual exploitation"),
    ("THB-012", "receipt"),
    ("THB-013", "coercion"),
    ("THB-014", "coercion"),
    ("THB-015", "coercion"),
    ("THB-016", "harbouring"),
    ("THB-017", "receipt"),
    ("THB-017", "forced labour or services"),
    ("THB-018", "coercion"),
    ("THB-018", "forced labour or services"),
    ("THB-019", "abuse of power or of a position of vulnerability"),
    ("THB-019", "forced labour or services"),
    ("THB-020", "forced labour or services"),
    ("THB-022", "abuse of power or of a position of vulnerability"),
    ("THB-024", "recruitment"),
    ("THB-024", "fraud or deception"),
    ("THB-025", "coercion"),
    ("THB-025", "forced labour or services"),
    ("THB-026", "payments to a person in control"),
    ("THB-027", "payments to a person in control"),
    ("THB-028", "sexual exploitation"),
    ("THB-032", "transportation"),
    ("THB-032", "recruitment"),
    ("THB-033", "abuse of power or of a position of vulnerability"),
    ("THB-034", "coercion"),
];

/// Which role evidence supports which elements.
const BY_ROLE: &[(Role, &str)] = &[
    (Role::Recruiter, "recruitment"),
    (Role::Transporter, "transportation"),
    (Role::Facilitator, "harbouring"),
    (Role::Exploiter, "receipt"),
];

/// Typologies and the purpose they show.
const BY_TYPOLOGY: &[(&str, &str)] = &[
    ("sexual_exploitation", "sexual exploitation"),
    ("labour_exploitation", "forced labour or services"),
    ("forced_criminality", "forced criminality"),
];

/// One element for one subject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cell {
    /// `act`, `means` or `purpose`.
    pub group: String,
    /// The element, in the Protocol's words.
    pub element: String,
    /// What supports it; empty is a gap.
    pub evidence: Vec<Evidence>,
}

/// The matrix of one subject.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Matrix {
    /// Subject id.
    pub subject: String,
    /// Display name.
    pub name: String,
    /// Operation id.
    pub operation: String,
    /// Leading role.
    pub role: Role,
    /// Every element, supported or not.
    pub cells: Vec<Cell>,
    /// Whether each group has at least one supported element: act, means, purpose.
    pub complete: [bool; 3],
    /// What the gaps mean for the case, in words.
    pub risk: String,
    /// Set when the subject shows victim indicators: the non-punishment warning.
    pub victim_warning: Option<String>,
}

/// Builds the matrix for every offender of every operation.
pub fn matrices(ops: &[Operation], analysis: &theseus_analysis::Analysis) -> Vec<Matrix> {
    let subjects: std::collections::HashMap<&str, &theseus_analysis::output::Subject> =
        analysis.subjects.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut out = Vec::new();
    for op in ops {
        let victims: Vec<&crate::cast::Member> = op.members.iter().filter(|m| m.role() == Some(Role::Victim)).collect();
        for m in op.members.iter().filter(|m| m.role().is_some_and(Role::is_offender)) {
            let role = m.role().expect("filtered");
            let mut cells: Vec<Cell> = ELEMENTS
                .iter()
                .map(|(g, e)| Cell { group: g.to_string(), element: e.to_string(), evidence: vec![] })
                .collect();
            let mut add = |element: &str, ev: Evidence| {
                if let Some(c) = cells.iter_mut().find(|c| c.element == element)
                    && !c.evidence.iter().any(|x| x.what == ev.what)
                {
                    c.evidence.push(ev);
                }
            };
            // The subject's own indicators.
            let own = subjects.get(m.subject.as_str());
            for h in own.into_iter().flat_map(|s| s.hits.iter()) {
                for (_, element) in BY_RULE.iter().filter(|(c, _)| *c == h.code) {
                    add(
                        element,
                        Evidence {
                            what: format!("{} {} — {}", h.code, h.title, h.finding),
                            records: h.evidence.iter().take(10).cloned().collect(),
                        },
                    );
                }
            }
            // The victims' indicators, for whoever controls them.
            if role == Role::Exploiter {
                for v in &victims {
                    for h in subjects.get(v.subject.as_str()).into_iter().flat_map(|s| s.hits.iter()) {
                        for (_, element) in BY_RULE.iter().filter(|(c, _)| *c == h.code) {
                            add(
                                element,
                                Evidence {
                                    what: format!("{} on the account of likely victim {}: {}", h.code, v.name, h.title),
                                    records: h.evidence.iter().take(10).cloned().collect(),
                                },
                            );
                        }
                    }
                }
            }
            // Role evidence.
            for r in &m.roles {
                for (_, element) in BY_ROLE.iter().filter(|(x, _)| *x == r.role) {
                    for ev in &r.evidence {
                        add(element, ev.clone());
                    }
                }
            }
            // Payments the subject makes to recruiters and transporters of the operation are acts too:
            // the one who pays for recruitment and transport is answerable for them.
            for other in op.members.iter().filter(|o| o.subject != m.subject) {
                let (element, role_word) = match other.role() {
                    Some(Role::Recruiter) => ("recruitment", "recruiter"),
                    Some(Role::Transporter) => ("transportation", "transporter"),
                    Some(Role::Facilitator) => ("harbouring", "facilitator"),
                    _ => continue,
                };
                if role != Role::Exploiter {
                    continue;
                }
                for ev in other
                    .roles
                    .iter()
                    .flat_map(|r| r.evidence.iter())
                    .filter(|e| e.what.contains("paid") || e.what.contains("rent"))
                {
                    add(
                        element,
                        Evidence {
                            what: format!("the operation's {role_word} {}: {}", other.name, ev.what),
                            records: ev.records.clone(),
                        },
                    );
                }
            }
            // Purpose from the typologies raised on the subject, else from the operation's leading typology.
            let raised: Vec<&str> = own
                .map(|s| s.typologies.iter().filter(|t| t.alert).map(|t| t.typology.as_str()).collect())
                .unwrap_or_default();
            for (typ, element) in BY_TYPOLOGY {
                if raised.contains(typ) {
                    add(
                        element,
                        Evidence {
                            what: format!("the {} typology alerted on this subject", typ.replace('_', " ")),
                            records: vec![],
                        },
                    );
                } else if op.typologies.iter().find(|t| t.as_str() != "laundering").is_some_and(|t| t == typ) {
                    // Whoever recruits, moves, houses or profits for an operation serves its purpose.
                    add(
                        element,
                        Evidence {
                            what: format!("the operation this subject serves alerted under {}", typ.replace('_', " ")),
                            records: vec![],
                        },
                    );
                }
            }
            let complete = [0, 1, 2].map(|g| cells.iter().any(|c| c.group == GROUPS[g] && !c.evidence.is_empty()));
            let risk = risk(&complete, role);
            out.push(Matrix {
                subject: m.subject.clone(),
                name: m.name.clone(),
                operation: op.id.clone(),
                role,
                cells,
                complete,
                risk,
                victim_warning: m.victim_warning.clone(),
            });
        }
    }
    out
}

fn risk(complete: &[bool; 3], role: Role) -> String {
    let missing: Vec<&str> = GROUPS.iter().zip(complete).filter(|(_, c)| !**c).map(|(g, _)| *g).collect();
    if missing.is_empty() {
        return "Act, means and purpose are each supported by records that need no testimony; the means shown here \
                are not threat or force, which the records cannot show — statements or communications would add them."
            .into();
    }
    let mut s = format!("No record-based evidence of the {}. ", missing.join(" or the "));
    if missing.contains(&"means") {
        s.push_str(
            "Without means, a trafficking charge against an adult victim's exploiter rests on testimony and risks \
             reclassification as a lesser offence (pimping, exploitative working conditions, smuggling). ",
        );
    }
    if missing.contains(&"act") {
        s.push_str(
            "Without an act, the subject's part in the chain must be shown otherwise (communications, surveillance). ",
        );
    }
    if missing.contains(&"purpose") {
        s.push_str(
            "Without purpose, the money alone may support laundering or tax charges (see the funds statement). ",
        );
    }
    if matches!(role, Role::Beneficiary | Role::ComplicitBusiness) {
        s.push_str(
            "For a beneficiary or a business, laundering of proceeds and corporate liability are the usual routes.",
        );
    }
    s.trim_end().to_string()
}
