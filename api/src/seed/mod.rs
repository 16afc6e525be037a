//! `hipe seed --scale N`: a synthetic data set at national scale — N dossiers, their persons (transliterated names
//! from several origins, partial birth dates, stateless and undetermined nationalities), identity records and
//! search keys, timelines, supporting documents, requests for documents, decisions, residence documents and
//! notifications — for the benchmark and for trying the API on realistic volumes.
//!
//! Deterministic: the same `--seed` and the same day give the same data (a `SplitMix64` generator, [`rng`]).
//! Generation runs on a blocking thread and overlaps the loading of the previous batch; batches load through
//! [`hipe_persistence::bulk`] (multi-row INSERTs, one transaction per batch of [`generate::BATCH_DOSSIERS`]
//! dossiers). A batch is all or nothing, so an interrupted seed leaves whole dossiers only.
//!
//! Ids, numbers and references are unique within one seed; seed a fresh database (or use another `--seed`: the
//! foreigner and document numbers carry the seed's digit, so seeds 1 to 9 never collide).

mod generate;
pub mod names;
mod rng;

use std::collections::VecDeque;
use std::io::{IsTerminal as _, Write as _};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use hipe_domain::clock::france_date;
use hipe_domain::procedure::{Authority, ProcedureCatalogue as _};
use hipe_persistence::Database;
use hipe_persistence::bulk::LoadCounts;

pub use generate::BATCH_DOSSIERS;

/// What to seed.
#[derive(Debug, Clone)]
pub struct SeedOptions {
    /// How many dossiers.
    pub dossiers: u64,
    /// The generator's seed.
    pub seed: u64,
    /// The instant the data set is anchored on (open files have their legal dates after it).
    pub now: DateTime<Utc>,
    /// Whether to draw a progress bar on stderr.
    pub progress: bool,
}

/// What a seed wrote, and how long it took.
#[derive(Debug, Clone, Copy)]
pub struct SeedReport {
    /// Rows written, per table.
    pub counts: LoadCounts,
    /// Wall time.
    pub elapsed: Duration,
}

/// Why a seed failed.
#[derive(Debug, thiserror::Error)]
pub enum SeedError {
    /// Storage failed, or a generated value broke an invariant.
    #[error(transparent)]
    Domain(#[from] hipe_domain::Error),
    /// The catalogue has no residence procedure to file under.
    #[error("the catalogue has no procedure instructed by a prefecture in force on {0}")]
    NoProcedure(chrono::NaiveDate),
    /// A generation or load task stopped abnormally.
    #[error("a seeding task failed: {0}")]
    Task(String),
}

/// Seeds `options.dossiers` dossiers (and their persons and documents) into `db`, migrated beforehand.
///
/// # Errors
/// [`SeedError`] when the catalogue is empty or a batch cannot be stored (a batch already loaded with this seed:
/// duplicate ids). Batches stored before the failure stay.
pub async fn seed(db: &Database, options: &SeedOptions) -> Result<SeedReport, SeedError> {
    let started = Instant::now();
    let today = france_date(options.now);
    let procedures: Vec<_> =
        db.catalogue().in_force(today).await?.into_iter().filter(|p| p.authority == Authority::Prefecture).collect();
    if procedures.is_empty() {
        return Err(SeedError::NoProcedure(today));
    }
    let context = std::sync::Arc::new(generate::Context { procedures, seed: options.seed, now: options.now });
    let loader = db.bulk();
    let mut progress = Progress::new(options.dossiers, options.progress);
    let mut counts = LoadCounts::default();
    let mut loading: VecDeque<tokio::task::JoinHandle<Result<(LoadCounts, u64), hipe_domain::Error>>> = VecDeque::new();
    let batches = options.dossiers.div_ceil(BATCH_DOSSIERS);
    for batch_no in 0..batches {
        let first = batch_no * BATCH_DOSSIERS;
        let count = BATCH_DOSSIERS.min(options.dossiers - first);
        let context = context.clone();
        let batch = tokio::task::spawn_blocking(move || generate::batch(&context, batch_no, first, count))
            .await
            .map_err(|e| SeedError::Task(e.to_string()))??;
        while loading.len() >= loader.parallelism() {
            let done = join(loading.pop_front()).await?;
            counts.add(&done.0);
            progress.advance(done.1, counts.total());
        }
        let loader = loader.clone();
        loading.push_back(tokio::spawn(async move { loader.load(batch).await.map(|c| (c, count)) }));
    }
    while let Some(handle) = loading.pop_front() {
        let done = join(Some(handle)).await?;
        counts.add(&done.0);
        progress.advance(done.1, counts.total());
    }
    loader.analyze().await?;
    progress.finish();
    Ok(SeedReport { counts, elapsed: started.elapsed() })
}

async fn join(
    handle: Option<tokio::task::JoinHandle<Result<(LoadCounts, u64), hipe_domain::Error>>>,
) -> Result<(LoadCounts, u64), SeedError> {
    match handle {
        Some(handle) => Ok(handle.await.map_err(|e| SeedError::Task(e.to_string()))??),
        None => Ok((LoadCounts::default(), 0)),
    }
}

/// A one-line progress bar on stderr: redrawn in place on a terminal, a line every tenth otherwise (CI logs).
struct Progress {
    total: u64,
    done: u64,
    started: Instant,
    enabled: bool,
    terminal: bool,
    last_tenth: u64,
}

impl Progress {
    fn new(total: u64, enabled: bool) -> Self {
        Self {
            total,
            done: 0,
            started: Instant::now(),
            enabled,
            terminal: std::io::stderr().is_terminal(),
            last_tenth: 0,
        }
    }

    fn advance(&mut self, dossiers: u64, rows: u64) {
        self.done += dossiers;
        if !self.enabled || self.total == 0 {
            return;
        }
        let tenth = self.done * 10 / self.total;
        if !self.terminal && tenth == self.last_tenth {
            return;
        }
        self.last_tenth = tenth;
        let elapsed = self.started.elapsed().as_secs_f64().max(0.001);
        #[expect(clippy::cast_precision_loss, reason = "a progress display")]
        let (rate, fraction) = (rows as f64 / elapsed, self.done as f64 / self.total as f64);
        let eta = if fraction > 0.0 { elapsed / fraction - elapsed } else { 0.0 };
        #[expect(clippy::cast_possible_truncation, clippy::cast_sign_loss, reason = "0 to 30 cells")]
        let filled = (fraction * 30.0) as usize;
        let line = format!(
            "[{}{}] {:>3.0}%  {}/{} dossiers  {:.0} rows/s  {:.0}s left",
            "#".repeat(filled),
            ".".repeat(30 - filled.min(30)),
            fraction * 100.0,
            self.done,
            self.total,
            rate,
            eta.max(0.0),
        );
        let mut stderr = std::io::stderr().lock();
        let _ = if self.terminal { write!(stderr, "\r{line}") } else { writeln!(stderr, "{line}") };
        let _ = stderr.flush();
    }

    fn finish(&self) {
        if self.enabled && self.terminal {
            eprintln!();
        }
    }
}
