//! The thread the network calls run on, and why.
//!
//! The core's `SyncClient` borrows `&mut ProfileStore` for a whole operation, and its futures are
//! not `Send` (`ProfileStore` holds a SQLite connection, which is not `Sync`). uniffi's async
//! exports need `Send` futures, polled by the app's executor (Kotlin coroutines, Swift tasks).
//! So each store's [`Worker`] owns one thread with a current-thread tokio runtime; an async
//! export sends the operation there as a job, and awaits only a `oneshot` receiver (which is
//! `Send` and needs no runtime to poll). See docs/adr/0004-ffi-async.md.
//!
//! Consequences: network operations of one store run one at a time, in order; an operation holds
//! the store's lock while it runs (other store calls wait, which is why apps call the store off
//! the UI thread); cancelling the awaiting coroutine or task drops only the receiver — the
//! operation itself completes, so a sync is never cut off between its durable steps.

use std::sync::mpsc;

use tokio::runtime::Runtime;

use crate::error::ApiError;

type Job = Box<dyn FnOnce(&Runtime) + Send>;

/// One thread running network operations in order on its own tokio runtime. It stops when the
/// worker is dropped (after finishing the job in hand).
#[derive(Debug)]
pub(crate) struct Worker {
    jobs: mpsc::Sender<Job>,
}

impl Worker {
    /// Starts the thread.
    pub(crate) fn start() -> Result<Self, ApiError> {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|_| ApiError::internal("could not start the network runtime"))?;
        let (jobs, queue) = mpsc::channel::<Job>();
        std::thread::Builder::new()
            .name("tsunagu-sync".into())
            .spawn(move || {
                for job in queue {
                    job(&runtime);
                }
            })
            .map_err(|_| ApiError::internal("could not start the network thread"))?;
        Ok(Self { jobs })
    }

    /// Runs `job` on the worker thread and waits (asynchronously) for its result.
    pub(crate) async fn run<T: Send + 'static>(
        &self,
        job: impl FnOnce(&Runtime) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let (reply, result) = tokio::sync::oneshot::channel();
        self.jobs
            .send(Box::new(move |rt| {
                // The caller may have stopped waiting (cancelled): the result is then dropped.
                let _ = reply.send(job(rt));
            }))
            .map_err(|_| ApiError::internal("the network thread has stopped"))?;
        result
            .await
            .map_err(|_| ApiError::internal("the network thread stopped during the call"))?
    }
}
