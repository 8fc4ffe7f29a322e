//! `theseus export --format goaml`: a goAML STR of one alert, for the FIU's schema.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use theseus_goaml::{Fiu, Mapping, Options, Reporter, Schema, StrInput};
use theseus_store::Workspace;

/// What the command line asked for.
pub struct Request {
    pub fiu: String,
    pub alert: String,
    pub schema: Option<PathBuf>,
    pub reporter: Option<PathBuf>,
    pub max_transactions: usize,
    pub out: Option<PathBuf>,
}

pub fn export(ws: &mut Workspace, r: &Request) -> Result<ExitCode> {
    let fiu = Fiu::parse(&r.fiu).ok_or_else(|| anyhow!("--fiu must be uae or ppatk"))?;
    let schema_path = find_schema(ws.root(), fiu, r.schema.as_deref())?;
    let xsd = std::fs::read_to_string(&schema_path)
        .with_context(|| format!("cannot read the goAML schema {}", schema_path.display()))?;
    let schema = Schema::parse(&xsd).with_context(|| format!("{}", schema_path.display()))?;
    let mapping = Mapping::load(fiu, &schema)?;
    let reporter = match &r.reporter {
        Some(p) => {
            let text = std::fs::read_to_string(p).with_context(|| format!("cannot read {}", p.display()))?;
            Reporter::from_toml(&text, &p.display().to_string())?
        }
        None => Reporter::placeholder(),
    };

    let analysis = crate::commands::report::current_analysis(ws)?;
    let alerts = ws.alerts()?;
    // The argument is an alert id, or a subject id (its latest alert, if any).
    let alert = alerts.iter().find(|a| a.id == r.alert).or_else(|| alerts.iter().find(|a| a.subject == r.alert));
    let subject_id = alert.map_or(r.alert.as_str(), |a| a.subject.as_str());
    let subject = analysis.subjects.iter().find(|s| s.id == subject_id).ok_or_else(|| match alert {
        Some(a) => anyhow!(
            "alert {} names subject {}, which is not in the latest analysis: run `theseus analyze`",
            a.id,
            a.subject
        ),
        None => anyhow!("no alert or subject '{}' (see `theseus alerts`)", r.alert),
    })?;
    if alert.is_none() {
        eprintln!("note: subject {} has no alert; drafting from its indicators all the same", subject.id);
    }
    let txns = ws.transactions()?;
    let entities = ws.entities()?;
    let input = StrInput {
        subject,
        alert_id: alert.map(|a| a.id.as_str()),
        disposition: alert.and_then(|a| a.disposition.as_ref()).map(|d| {
            let reason = if d.reason.trim().is_empty() { String::new() } else { format!(" ({})", d.reason.trim()) };
            format!("{}{reason}, by {} at {}", d.decision, d.actor, d.at)
        }),
        transactions: &txns,
        sources: &analysis.sources,
        entities: &entities,
    };
    let options = Options { submitted_at: chrono::Local::now().naive_local(), max_transactions: r.max_transactions };
    let report = theseus_goaml::build_str(&schema, &mapping, &reporter, &input, &options)?;
    for n in &report.notes {
        eprintln!("note: {n}");
    }
    match &r.out {
        Some(p) => {
            let tmp = p.with_extension("tmp");
            std::fs::write(&tmp, &report.xml).with_context(|| format!("cannot write {}", tmp.display()))?;
            std::fs::rename(&tmp, p)?;
            eprintln!(
                "goAML {} report of {} written to {}: {} transaction(s), indicators {}",
                mapping.report_code,
                subject.id,
                p.display(),
                report.listed,
                report.indicators.join(", ")
            );
        }
        None => {
            use std::io::Write;
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(report.xml.as_bytes());
            let _ = out.flush();
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The FIU's schema: as given; else in the workspace's `goaml/` folder; else in `../shared/goaml/` beside the
/// current folder or beside the repository this binary was built from.
fn find_schema(workspace: &Path, fiu: Fiu, given: Option<&Path>) -> Result<PathBuf> {
    if let Some(p) = given {
        return Ok(p.to_path_buf());
    }
    let name = fiu.schema_file();
    let candidates = [
        workspace.join("goaml").join(name),
        PathBuf::from("../shared/goaml").join(name),
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/goaml").join(name),
    ];
    if let Some(p) = candidates.iter().find(|p| p.is_file()) {
        return Ok(p.clone());
    }
    bail!(
        "the {} goAML schema was not found: pass --schema with the XSD the FIU distributes to reporting entities \
         (looked for {name} in {})",
        fiu.as_str(),
        candidates.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
    )
}
