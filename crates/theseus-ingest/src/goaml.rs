//! goAML reports (STR, SAR, CTR… in UNODC's XML), as FIUs receive them from reporting entities.
//!
//! A report becomes a `Note` carrying the reason and indicator codes; each `<transaction>` a `Payment`
//! between the parties it names; persons, entities and accounts become `Person`, `Company` and `BankAccount`
//! entities with hashed ids (so the same account in two reports, or in a bank statement, is one entity), with
//! `Ownership` links from account holders and signatories. Locators are XPath-like:
//! `/report/transaction[3]`.

use std::collections::{BTreeMap, HashMap};

use roxmltree::{Document, Node};
use theseus_model::{Entity, Locator, Provenance, ids, normalize};

use crate::{Diagnostic, FileError, Parsed, Reader, Severity, Source, snippet};

/// Reads goAML XML reports.
#[derive(Debug, Clone, Default)]
pub struct GoamlReader;

fn child<'a, 'i>(n: Node<'a, 'i>, name: &str) -> Option<Node<'a, 'i>> {
    n.children().find(|c| c.has_tag_name(name))
}

fn text(n: Node<'_, '_>, name: &str) -> Option<String> {
    child(n, name).and_then(|c| c.text()).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string)
}

struct Builder<'s> {
    prov: Provenance,
    out: Vec<Entity>,
    index: HashMap<String, usize>,
    src: &'s Source<'s>,
}

impl Builder<'_> {
    fn entity(&mut self, id: String, schema: &str) -> &mut Entity {
        let i = match self.index.get(&id) {
            Some(&i) => i,
            None => {
                self.out.push(Entity {
                    id: id.clone(),
                    schema: schema.into(),
                    properties: BTreeMap::new(),
                    provenance: self.prov.clone(),
                });
                self.index.insert(id, self.out.len() - 1);
                self.out.len() - 1
            }
        };
        &mut self.out[i]
    }

    fn person(&mut self, n: Node<'_, '_>) -> String {
        let get = |k: &str| text(n, k).unwrap_or_default();
        let doc =
            text(n, "id_number").or_else(|| text(n, "passport_number")).or_else(|| text(n, "ssn")).unwrap_or_default();
        let id = ids::make_id([
            "goaml-person",
            &normalize::name_key(&format!("{} {}", get("first_name"), get("last_name"))),
            &get("birthdate"),
            &doc,
        ]);
        let e = self.entity(id.clone(), "Person");
        let name = [get("first_name"), get("middle_name"), get("last_name")]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        e.add("name", name);
        for (prop, tag) in [
            ("firstName", "first_name"),
            ("middleName", "middle_name"),
            ("lastName", "last_name"),
            ("birthPlace", "birth_place"),
            ("passportNumber", "passport_number"),
            ("idNumber", "id_number"),
            ("socialSecurityNumber", "ssn"),
            ("nationality", "nationality1"),
            ("nationality", "nationality2"),
            ("country", "residence"),
            ("position", "occupation"),
            ("email", "email"),
            ("alias", "alias"),
        ] {
            if let Some(v) = text(n, tag) {
                e.add(prop, v);
            }
        }
        if let Some(b) = text(n, "birthdate") {
            e.add("birthDate", b.get(..10).unwrap_or(&b).to_string());
        }
        if let Some(g) = text(n, "gender") {
            e.add(
                "gender",
                match g.as_str() {
                    "M" => "male",
                    "F" => "female",
                    _ => "other",
                },
            );
        }
        contact(e, n);
        id
    }

    fn organisation(&mut self, n: Node<'_, '_>) -> String {
        let name = text(n, "name").unwrap_or_default();
        let reg = text(n, "incorporation_number").unwrap_or_default();
        let id = ids::make_id(["goaml-entity", &normalize::name_key(&name), &reg]);
        let e = self.entity(id.clone(), "Company");
        e.add("name", name);
        for (prop, tag) in [
            ("registrationNumber", "incorporation_number"),
            ("legalForm", "incorporation_legal_form"),
            ("sector", "business"),
            ("jurisdiction", "incorporation_country_code"),
            ("email", "email"),
            ("website", "url"),
            ("alias", "commercial_name"),
        ] {
            if let Some(v) = text(n, tag) {
                e.add(prop, v);
            }
        }
        contact(e, n);
        id
    }

    fn account(&mut self, n: Node<'_, '_>) -> Option<String> {
        let number = text(n, "iban").or_else(|| text(n, "account"))?;
        let (norm, _) = normalize::account(&number);
        let id = theseus_model::ftm::account_id(&norm);
        let e = self.entity(id.clone(), "BankAccount");
        if normalize::iban(&norm).is_ok() {
            e.add("iban", norm.clone());
        }
        e.add("accountNumber", norm);
        for (prop, tag) in [
            ("bankName", "institution_name"),
            ("bic", "swift"),
            ("currency", "currency_code"),
            ("name", "account_name"),
            ("openingDate", "opened"),
            ("balance", "balance"),
        ] {
            if let Some(v) = text(n, tag) {
                e.add(prop, v);
            }
        }
        let mut holders = Vec::new();
        if let Some(t) = child(n, "t_entity") {
            holders.push((self.organisation(t), "account holder"));
        }
        for s in n.children().filter(|c| c.has_tag_name("signatory")) {
            if let Some(p) = child(s, "t_person") {
                let primary = text(s, "is_primary").is_some_and(|v| v == "true" || v == "1");
                holders.push((self.person(p), if primary { "primary signatory" } else { "signatory" }));
            }
        }
        for (owner, role) in holders {
            let oid = ids::make_id(["ownership", &owner, &id]);
            let o = self.entity(oid, "Ownership");
            o.add("owner", owner);
            o.add("asset", id.clone());
            o.add("role", role);
        }
        Some(id)
    }

    /// A `t_from`/`t_to` (or `_my_client`) side: returns (party, account).
    fn side(&mut self, n: Node<'_, '_>, dir: &str) -> (Option<String>, Option<String>) {
        let account = child(n, &format!("{dir}_account")).and_then(|a| self.account(a));
        let party = if let Some(p) = child(n, &format!("{dir}_person")) {
            Some(self.person(p))
        } else if let Some(e) = child(n, &format!("{dir}_entity")) {
            Some(self.organisation(e))
        } else {
            account.as_ref().and_then(|a| {
                self.out
                    .iter()
                    .find(|e| e.schema == "Ownership" && e.first("asset") == Some(a))
                    .and_then(|o| o.first("owner"))
                    .map(str::to_string)
            })
        };
        (party, account)
    }
}

fn contact(e: &mut Entity, n: Node<'_, '_>) {
    if let Some(ph) = child(n, "phones") {
        for p in ph.children().filter(|c| c.has_tag_name("phone")) {
            if let Some(num) = text(p, "tph_number") {
                let cc = text(p, "tph_country_prefix").unwrap_or_default();
                e.add(
                    "phone",
                    format!(
                        "{}{}",
                        if cc.is_empty() { String::new() } else { format!("+{}", cc.trim_start_matches('+')) },
                        num
                    ),
                );
            }
        }
    }
    if let Some(ad) = child(n, "addresses") {
        for a in ad.children().filter(|c| c.has_tag_name("address")) {
            let parts: Vec<String> =
                ["address", "town", "city", "zip", "state"].iter().filter_map(|t| text(a, t)).collect();
            if !parts.is_empty() {
                e.add("address", parts.join(", "));
            }
        }
    }
}

impl Reader for GoamlReader {
    fn extractor(&self) -> String {
        "goaml".into()
    }

    fn read(&self, src: &Source<'_>) -> Result<Parsed, FileError> {
        let unreadable = |reason: String| FileError::Unreadable { file: src.file_name.clone(), reason };
        let xml = std::str::from_utf8(src.bytes).map_err(|e| unreadable(format!("not UTF-8 XML: {e}")))?;
        let doc = Document::parse(xml).map_err(|e| unreadable(format!("not well-formed XML: {e}")))?;
        let report = doc.root_element();
        if !report.has_tag_name("report") {
            return Err(unreadable(format!("root element is <{}>, not a goAML <report>", report.tag_name().name())));
        }
        let mut out = Parsed::default();
        let rentity = text(report, "rentity_id").unwrap_or_default();
        let reference = text(report, "entity_reference").unwrap_or_else(|| src.sha256[..12].to_string());
        let local_ccy = text(report, "currency_code_local");
        let mut b = Builder {
            prov: src.provenance(Locator::XPath { path: "/report".into() }, "goaml"),
            out: vec![],
            index: HashMap::new(),
            src,
        };
        let note_id = ids::readable_id(&["goaml", &rentity, &reference]);
        let mut parties = Vec::new();
        for (i, t) in report.children().filter(|c| c.has_tag_name("transaction")).enumerate() {
            out.records_seen += 1;
            let path = format!("/report/transaction[{}]", i + 1);
            b.prov = src.provenance(Locator::XPath { path: path.clone() }, "goaml");
            let number = text(t, "transactionnumber").unwrap_or_else(|| (i + 1).to_string());
            let (Some(date), Some(amount)) = (text(t, "date_transaction"), text(t, "amount_local")) else {
                out.diagnostics.push(Diagnostic {
                    file: b.src.file_name.clone(),
                    locator: Locator::XPath { path },
                    severity: Severity::Rejected,
                    reason: "a transaction needs date_transaction and amount_local".into(),
                    raw: snippet(&xml[t.range()]),
                });
                continue;
            };
            let from = child(t, "t_from_my_client").or_else(|| child(t, "t_from"));
            let to = child(t, "t_to_my_client").or_else(|| child(t, "t_to"));
            let (payer, payer_acc) = from.map(|n| b.side(n, "from")).unwrap_or_default();
            let (ben, ben_acc) = to.map(|n| b.side(n, "to")).unwrap_or_default();
            let pay = b.entity(ids::readable_id(&[&note_id, &number]), "Payment");
            pay.add("date", date);
            pay.add("amount", amount);
            if let Some(c) = &local_ccy {
                pay.add("currency", c.clone());
            }
            pay.add("transactionNumber", number);
            for (p, v) in [
                ("payer", &payer),
                ("payerAccount", &payer_acc),
                ("beneficiary", &ben),
                ("beneficiaryAccount", &ben_acc),
            ] {
                if let Some(v) = v {
                    pay.add(p, v.clone());
                }
            }
            if let Some(d) = text(t, "transaction_description") {
                pay.add("purpose", d);
            }
            let mut desc = vec![];
            for tag in ["transmode_code", "transaction_location", "internal_ref_number"] {
                if let Some(v) = text(t, tag) {
                    desc.push(format!("{tag} {v}"));
                }
            }
            for (side, dir) in [(from, "from"), (to, "to")] {
                if let Some(n) = side {
                    for tag in [format!("{dir}_funds_code"), format!("{dir}_country")] {
                        if let Some(v) = text(n, &tag) {
                            desc.push(format!("{tag} {v}"));
                        }
                    }
                }
            }
            pay.add("description", desc.join("; "));
            parties.extend([payer, ben].into_iter().flatten());
        }
        b.prov = src.provenance(Locator::XPath { path: "/report".into() }, "goaml");
        let indicators: Vec<String> = child(report, "report_indicators")
            .map(|r| {
                r.children()
                    .filter(|c| c.has_tag_name("indicator"))
                    .filter_map(|c| c.text())
                    .map(|s| s.trim().to_string())
                    .collect()
            })
            .unwrap_or_default();
        let note = b.entity(note_id, "Note");
        note.add("name", format!("{} {reference}", text(report, "report_code").unwrap_or_else(|| "report".into())));
        if let Some(r) = text(report, "reason") {
            note.add("description", r);
        }
        if !indicators.is_empty() {
            note.add("summary", format!("indicators: {}", indicators.join(", ")));
        }
        for (tag, label) in [
            ("rentity_id", "reporting entity"),
            ("submission_date", "submitted"),
            ("report_code", "report code"),
            ("action", "action taken"),
        ] {
            if let Some(v) = text(report, tag) {
                note.add("notes", format!("{label}: {v}"));
            }
        }
        parties.sort();
        parties.dedup();
        for p in parties {
            note.add("entity", p);
        }
        let mut ents = b.out;
        for e in &mut ents {
            for err in e.normalise(None) {
                out.diagnostics.push(Diagnostic {
                    file: src.file_name.clone(),
                    locator: e.provenance.locator.clone(),
                    severity: Severity::Flagged,
                    reason: format!("value removed from {} {}, kept here: {err}", e.schema, e.id),
                    raw: String::new(),
                });
            }
        }
        out.records_seen += 1;
        out.entities = ents;
        Ok(out)
    }
}
