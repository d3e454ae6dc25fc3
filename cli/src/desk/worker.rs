//! Where the desk calls the relay: on a blocking thread of its own with a small runtime of its own
//! (as the bindings' worker does), because the core's sync and share-link futures are not `Send`
//! and an axum handler's must be. The clients get the desk's store as `Arc<Mutex<…>>` and lock it
//! for each short local phase only, so the desk's other pages answer while a request is out.

use std::sync::{Arc, Mutex};

use tokio::runtime::Runtime;
use tsunagu_core::ProfileStore;
use tsunagu_core::sync::HttpTransport;

use crate::error::{CliError, Result};

/// The core's answer, its error boxed (it is large, and passes through a thread).
pub type Answer<T> = std::result::Result<T, Box<tsunagu_core::Error>>;

/// Runs `op` with the shared store, a runtime and a transport on a blocking thread; the outer
/// error is the desk's (no runtime, the thread gone), the inner one the core's.
pub async fn with_relay<T, F>(store: &Arc<Mutex<ProfileStore>>, op: F) -> Result<Answer<T>>
where
    T: Send + 'static,
    F: FnOnce(Arc<Mutex<ProfileStore>>, &Runtime, &HttpTransport) -> Answer<T> + Send + 'static,
{
    let store = Arc::clone(store);
    tokio::task::spawn_blocking(move || {
        let rt = crate::session::runtime()?;
        let transport = HttpTransport::new()?;
        Ok(op(store, &rt, &transport))
    })
    .await
    .map_err(|_| CliError::Failure("the relay worker stopped".into()))?
}
