//! The thread the network calls run on, and why.
//!
//! The core's `SyncClient` futures are not meant to cross threads (they borrow the transport
//! and, in the CLI, the store). uniffi's async exports need `Send` futures, polled by the app's
//! executor (Kotlin coroutines, Swift tasks). So each store's [`Worker`] owns one thread with a
//! current-thread tokio runtime; an async export sends the operation there as a job, and awaits
//! only a `oneshot` receiver (which is `Send` and needs no runtime to poll). See
//! docs/adr/0006-ffi-async.md.
//!
//! Consequences: network operations of one store run one at a time, in order; an operation locks
//! the store only for its short local phases, never while it waits on the relay, so the app's
//! edits and reads go ahead during a sync (ADR 0006, amendment); cancelling the awaiting
//! coroutine or task drops only the receiver — the operation itself completes, so a sync is never
//! cut off between its durable steps.

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
                    // A panic in one operation (a bug) fails that call — its reply is dropped,
                    // so the caller gets `Internal` — and the thread goes on serving the rest.
                    let _ = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| job(&runtime)));
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

#[cfg(test)]
mod tests {
    use super::*;

    fn block_on<T>(f: impl Future<Output = T>) -> T {
        tokio::runtime::Builder::new_current_thread()
            .build()
            .expect("a test runtime")
            .block_on(f)
    }

    #[test]
    fn jobs_run_on_the_worker_thread_in_order() {
        let worker = Worker::start().expect("worker starts");
        let name = block_on(worker.run(|_| Ok(std::thread::current().name().map(str::to_owned))));
        assert_eq!(name.expect("runs").as_deref(), Some("tsunagu-sync"));
        let (tx, rx) = mpsc::channel();
        for i in 0..5 {
            let tx = tx.clone();
            // Not awaited: each job is queued at once; they must still run in order.
            drop(worker.jobs.send(Box::new(move |_| tx.send(i).expect("send"))));
        }
        let order: Vec<i32> = (0..5).map(|_| rx.recv().expect("job ran")).collect();
        assert_eq!(order, vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn a_job_whose_caller_stopped_waiting_still_completes() {
        let worker = Worker::start().expect("worker starts");
        let (done_tx, done_rx) = mpsc::channel();
        {
            // Poll the call once (it queues the job), then drop it, as a cancelled coroutine does.
            let call = worker.run(move |rt| {
                rt.block_on(async { tokio::time::sleep(std::time::Duration::from_millis(50)).await });
                done_tx.send(()).expect("send");
                Ok(())
            });
            let mut call = Box::pin(call);
            let waker = std::task::Waker::noop();
            let poll = call.as_mut().poll(&mut std::task::Context::from_waker(waker));
            assert!(poll.is_pending());
        }
        done_rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .expect("the job completed after its caller went away");
        // The worker is still serving.
        assert_eq!(block_on(worker.run(|_| Ok(7))).expect("runs"), 7);
    }

    #[test]
    fn a_panicking_job_fails_its_call_and_the_worker_goes_on() {
        let worker = Worker::start().expect("worker starts");
        let failed = block_on(worker.run(|_| -> Result<(), ApiError> { panic!("a bug") }));
        assert!(matches!(failed, Err(ApiError::Internal { .. })));
        assert_eq!(block_on(worker.run(|_| Ok(7))).expect("runs"), 7);
    }
}
