//! Long-running admin tasks (collection rebuilds), their progress and cancellation.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;

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
    started_at: String,
}

impl Task {
    /// Returns whether the task is still working.
    pub fn is_running(&self) -> bool {
        matches!(*self.lock_state(), TaskState::Running)
    }

    /// Asks the task to stop.
    pub fn cancel(&self) {
        self.progress.cancel.store(true, Ordering::Relaxed);
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
        let seconds = self.started.elapsed().as_secs_f64().max(1e-3);
        let rate = processed as f64 / seconds;
        let state = self.lock_state().clone();
        let (name, report, error) = match &state {
            TaskState::Running => ("running", None, None),
            TaskState::Succeeded(report) => ("succeeded", Some(json!(report)), None),
            TaskState::Failed(message) => ("failed", None, Some(message.clone())),
            TaskState::Cancelled => ("cancelled", None, None),
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
            "state": name,
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
        let task = Arc::new(Task {
            id,
            collection,
            progress: Arc::new(RebuildProgress::default()),
            state: Mutex::new(TaskState::Running),
            started: Instant::now(),
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
    *task.lock_state() = state;
}
