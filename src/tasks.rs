//! Long-running admin tasks (collection rebuilds), their progress and cancellation.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use tracing::{error, info};
use vivier_indexer::{rebuild, BulkOptions, IndexerError, RebuildProgress, RebuildReport};
use vivier_schema::Collection;

use crate::state::CollectionState;

/// Where a task is.
#[derive(Debug, Clone)]
pub enum TaskState {
    /// Working.
    Running,
    /// Done.
    Succeeded(RebuildReport),
    /// Stopped on an error; the live index is untouched.
    Failed(String),
    /// Stopped on request; the live index is untouched.
    Cancelled,
}

impl TaskState {
    /// The state's name in answers.
    fn name(&self) -> &'static str {
        match self {
            TaskState::Running => "running",
            TaskState::Succeeded(_) => "succeeded",
            TaskState::Failed(_) => "failed",
            TaskState::Cancelled => "cancelled",
        }
    }
}

/// A rebuild task.
#[derive(Debug)]
pub struct Task {
    /// Task id.
    pub id: u64,
    /// Collection being rebuilt.
    pub collection: Collection,
    /// Live counters.
    pub progress: Arc<RebuildProgress>,
    state: Mutex<TaskState>,
    started: Instant,
    /// How long the task ran, set once it has ended: its rate no longer changes then.
    ran_for: OnceLock<Duration>,
    started_at: String,
}

impl Task {
    /// Returns whether the task is still working.
    pub fn is_running(&self) -> bool {
        matches!(*self.lock_state(), TaskState::Running)
    }

    /// Asks the task to stop; refused once it has ended.
    pub fn cancel(&self) -> Result<(), TaskError> {
        let state = self.lock_state();
        if !matches!(*state, TaskState::Running) {
            return Err(TaskError::Ended(self.id, state.name()));
        }
        self.progress.cancel.store(true, Ordering::Relaxed);
        Ok(())
    }

    /// Records how the task ended, and after how long.
    fn end(&self, state: TaskState) {
        let ran_for = match &state {
            // The report's own measure, so that its rate and the report agree.
            TaskState::Succeeded(report) => Duration::from_secs_f64(report.seconds),
            _ => self.started.elapsed(),
        };
        let _ = self.ran_for.set(ran_for);
        *self.lock_state() = state;
    }

    fn lock_state(&self) -> std::sync::MutexGuard<'_, TaskState> {
        match self.state.lock() {
            Ok(state) => state,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// The task as answered by `GET /admin/tasks/{id}`.
    pub fn to_json(&self) -> Value {
        let processed = self.progress.processed();
        let total = self.progress.total.load(Ordering::Relaxed);
        let state = self.lock_state().clone();
        // Set before the state leaves `Running` (see `end`), so read after it.
        let ran_for = self
            .ran_for
            .get()
            .copied()
            .unwrap_or_else(|| self.started.elapsed());
        let rate = processed as f64 / ran_for.as_secs_f64().max(1e-3);
        let (report, error) = match &state {
            TaskState::Succeeded(report) => (Some(json!(report)), None),
            TaskState::Failed(message) => (None, Some(message.clone())),
            TaskState::Running | TaskState::Cancelled => (None, None),
        };
        let eta = match (&state, rate > 0.0) {
            (TaskState::Running, true) => {
                Some((total.saturating_sub(processed) as f64 / rate).round() as u64)
            }
            _ => None,
        };
        json!({
            "id": self.id,
            "kind": "rebuild",
            "collection": self.collection,
            "state": state.name(),
            "processed": processed,
            "total": total,
            "docs_per_sec": (rate * 10.0).round() / 10.0,
            "eta_secs": eta,
            "started_at": self.started_at,
            "report": report,
            "error": error,
        })
    }
}

/// Every task since start.
#[derive(Debug, Default)]
pub struct Tasks {
    next: AtomicU64,
    tasks: Mutex<BTreeMap<u64, Arc<Task>>>,
}

/// Why a task could not start.
#[derive(Debug, thiserror::Error)]
pub enum TaskError {
    /// A rebuild of that collection is already running.
    #[error("a rebuild of {0} is already running (task {1})")]
    AlreadyRunning(Collection, u64),
    /// The task has already ended (it can no longer be cancelled).
    #[error("task {0} has already ended ({1})")]
    Ended(u64, &'static str),
    /// The task's thread could not start.
    #[error("could not start the task: {0}")]
    Spawn(std::io::Error),
}

impl Tasks {
    /// Returns a task.
    pub fn get(&self, id: u64) -> Option<Arc<Task>> {
        self.lock().get(&id).cloned()
    }

    /// Returns every task, oldest first.
    pub fn all(&self) -> Vec<Arc<Task>> {
        self.lock().values().cloned().collect()
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, BTreeMap<u64, Arc<Task>>> {
        match self.tasks.lock() {
            Ok(tasks) => tasks,
            Err(poisoned) => poisoned.into_inner(),
        }
    }

    /// Starts rebuilding a collection in the background.
    pub fn start_rebuild(
        &self,
        collection: Collection,
        target: CollectionState,
    ) -> Result<Arc<Task>, TaskError> {
        let mut tasks = self.lock();
        if let Some(running) = tasks
            .values()
            .find(|t| t.collection == collection && t.is_running())
        {
            return Err(TaskError::AlreadyRunning(collection, running.id));
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed) + 1;
        let now = time::OffsetDateTime::now_utc();
        // The live count until the rebuild's snapshot says exactly, so that progress reads
        // as a share of something from the first answer.
        let progress = RebuildProgress::default();
        progress
            .total
            .store(target.index.num_docs(), Ordering::Relaxed);
        let task = Arc::new(Task {
            id,
            collection,
            progress: Arc::new(progress),
            state: Mutex::new(TaskState::Running),
            started: Instant::now(),
            ran_for: OnceLock::new(),
            started_at: now
                .format(&time::format_description::well_known::Rfc3339)
                .unwrap_or_default(),
        });
        tasks.insert(id, task.clone());
        let running = task.clone();
        std::thread::Builder::new()
            .name(format!("rebuild-{collection}"))
            .spawn(move || run_rebuild(&running, &target))
            .map_err(|err| {
                error!(error = %err, "could not start the rebuild thread");
                TaskError::Spawn(err)
            })?;
        Ok(task)
    }
}

fn run_rebuild(task: &Task, target: &CollectionState) {
    let result = rebuild(
        &target.index,
        &target.writer,
        BulkOptions::default(),
        &task.progress,
    );
    let state = match result {
        Ok(report) => {
            info!(
                task = task.id,
                rebuilt = report.rebuilt,
                "rebuild succeeded"
            );
            TaskState::Succeeded(report)
        }
        Err(IndexerError::Cancelled) => TaskState::Cancelled,
        Err(err) => {
            error!(task = task.id, error = %err, "rebuild failed");
            TaskState::Failed(err.to_string())
        }
    };
    task.end(state);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A task that ended `ago` after running for `seconds` over `processed` documents.
    fn finished_task(processed: u64, seconds: f64, ago: Duration) -> Task {
        let progress = RebuildProgress::default();
        progress.bulk.indexed.store(processed, Ordering::Relaxed);
        progress.total.store(processed, Ordering::Relaxed);
        let task = Task {
            id: 1,
            collection: Collection::Cvs,
            progress: Arc::new(progress),
            state: Mutex::new(TaskState::Running),
            started: Instant::now()
                .checked_sub(ago + Duration::from_secs_f64(seconds))
                .unwrap_or_else(Instant::now),
            ran_for: OnceLock::new(),
            started_at: String::new(),
        };
        task.end(TaskState::Succeeded(RebuildReport {
            rebuilt: processed,
            rejected: 0,
            seconds,
        }));
        task
    }

    /// Regression (audit): a finished task's rate kept falling as time went by, and its
    /// report counted whole seconds.
    #[test]
    fn a_finished_task_keeps_the_rate_of_its_run() {
        let task = finished_task(300, 1.5, Duration::from_secs(60));
        let json = task.to_json();
        assert_eq!(json["state"], "succeeded");
        assert_eq!(json["docs_per_sec"], 200.0, "{json}");
        assert_eq!(json["report"]["seconds"], 1.5, "{json}");
        assert_eq!(json["eta_secs"], Value::Null, "{json}");
    }

    #[test]
    fn a_finished_task_cannot_be_cancelled() {
        let task = finished_task(10, 0.1, Duration::ZERO);
        let refused = task.cancel();
        assert!(
            matches!(refused, Err(TaskError::Ended(1, "succeeded"))),
            "{refused:?}"
        );
        assert!(!task.progress.cancel.load(Ordering::Relaxed));
    }
}
