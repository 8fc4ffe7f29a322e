//! Background jobs: long work (an analysis run) on its own thread, with progress the UI polls.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

use crate::AppState;
use crate::error::{Error, Result};

/// A job's state.
#[derive(Debug, Clone, Serialize)]
pub struct Job {
    /// Job id.
    pub id: u64,
    /// What it does.
    pub kind: String,
    /// Who started it.
    pub user: String,
    /// `running`, `done` or `failed`.
    pub state: String,
    /// What it is doing now.
    pub stage: String,
    /// From 0 to 1.
    pub progress: f64,
    /// When it started (RFC 3339).
    pub started_at: String,
    /// When it ended.
    pub finished_at: Option<String>,
    /// Why it failed.
    pub error: Option<String>,
}

/// The jobs of this server's life.
#[derive(Debug, Default)]
pub struct Jobs {
    jobs: BTreeMap<u64, Job>,
    next: u64,
}

impl Jobs {
    /// All jobs, newest first.
    pub fn list(&self) -> Vec<Job> {
        self.jobs.values().rev().cloned().collect()
    }

    /// One job.
    pub fn get(&self, id: u64) -> Option<Job> {
        self.jobs.get(&id).cloned()
    }

    /// How many are running.
    pub fn running(&self) -> usize {
        self.jobs.values().filter(|j| j.state == "running").count()
    }

    fn update(&mut self, id: u64, f: impl FnOnce(&mut Job)) {
        if let Some(j) = self.jobs.get_mut(&id) {
            f(j);
        }
    }
}

/// Runs an analysis of the workspace: what `theseus analyze` does, reporting its stage and progress.
/// Supplied by the binary, which owns how an analysis is configured and stored.
pub trait AnalysisRunner: Send + Sync {
    /// Runs the analysis and stores it in the workspace, locking it only while reading and writing.
    fn run(
        &self,
        ws: &std::sync::Mutex<theseus_store::Workspace>,
        progress: &dyn Fn(&str, f64),
    ) -> std::result::Result<(), String>;
}

/// Starts an analysis job; one at a time.
pub fn start_analysis(st: &Arc<AppState>, user: &str) -> Result<Job> {
    let job = {
        let mut jobs = st.jobs();
        if jobs.running() > 0 {
            return Err(Error::Conflict("a job is running; wait for it to end".into()));
        }
        jobs.next += 1;
        let job = Job {
            id: jobs.next,
            kind: "analysis".into(),
            user: user.into(),
            state: "running".into(),
            stage: "starting".into(),
            progress: 0.0,
            started_at: chrono::Utc::now().to_rfc3339(),
            finished_at: None,
            error: None,
        };
        jobs.jobs.insert(job.id, job.clone());
        job
    };
    st.audit(user, "run", &format!("job:{} analysis", job.id), "")?;
    let id = job.id;
    let st2 = Arc::clone(st);
    std::thread::Builder::new()
        .name(format!("job-{id}"))
        .spawn(move || {
            let progress = |stage: &str, p: f64| {
                st2.jobs().update(id, |j| {
                    j.stage = stage.to_string();
                    j.progress = p.clamp(0.0, 1.0);
                })
            };
            let result = st2.runner.run(&st2.ws, &progress).and_then(|()| {
                progress("indexing", 0.95);
                st2.reload_index().map_err(|e| e.to_string())
            });
            let user = st2.jobs().get(id).map(|j| j.user).unwrap_or_default();
            let outcome = match &result {
                Ok(()) => "done".to_string(),
                Err(e) => format!("failed: {e}"),
            };
            if let Err(e) = st2.audit(&user, "run", &format!("job:{id} analysis {outcome}"), "") {
                eprintln!("error: audit: {e}");
            }
            st2.jobs().update(id, |j| {
                j.finished_at = Some(chrono::Utc::now().to_rfc3339());
                match result {
                    Ok(()) => {
                        j.state = "done".into();
                        j.stage = "done".into();
                        j.progress = 1.0;
                    }
                    Err(e) => {
                        j.state = "failed".into();
                        j.error = Some(e);
                    }
                }
            });
        })
        .map_err(|e| Error::Internal(e.to_string()))?;
    Ok(job)
}
