//! Phase 0: one single-field edit pushed through the counting proxy.

use super::*;

pub(super) struct OneEdit {
    pub(super) change: usize,
    pub(super) push_body: usize,
    pub(super) push_head: usize,
    pub(super) push_response: usize,
    pub(super) sync_requests: u64,
    pub(super) sync_reconstructed: u64,
    pub(super) sync_exact: (u64, u64),
    pub(super) pull_by_editor: u64,
    pub(super) pull_by_editor_exact: (u64, u64),
}

pub(super) async fn one_edit(relay: &Endpoint) -> Res<OneEdit> {
    let proxy = CountingProxy::start(relay.addr)?;
    let stats = Arc::new(Stats::default());
    let transport = CountingTransport {
        inner: HttpTransport::new().map_err(|e| format!("transport: {e}"))?,
        host: proxy.addr.to_string(),
        stats: Arc::clone(&stats),
    };
    let url = format!("http://{}", proxy.addr);
    let mut group = setup_profile(&url, &transport).await?;
    let id = group.id.clone();
    // The owner's member table is from before the joins: refresh it now (as after 15 minutes),
    // so the measured sync is only the pull and the push.
    for device in &mut group.devices {
        SyncClient::new(&mut device.store, &transport)
            .members(&id)
            .await
            .map_err(|e| format!("members: {e}"))?;
    }
    let owner = &mut group.devices[0].store;
    let before = owner.document(&id).map_err(|e| format!("doc: {e}"))?.heads();
    owner
        .edit(
            &id,
            &[Edit::set("devices.dev-vent.settings.ventilator.peep", 6.0)],
            &EditContext::now(author(0)),
        )
        .map_err(|e| format!("edit: {e}"))?;
    let change = owner
        .document(&id)
        .map_err(|e| format!("doc: {e}"))?
        .changes_after(&before)
        .len();
    stats.take();
    proxy.reset();
    let report = SyncClient::new(owner, &transport)
        .sync_now(&id)
        .await
        .map_err(|e| format!("sync: {e}"))?;
    if report.pushed != 1 {
        return Err(format!("one edit: pushed {}", report.pushed));
    }
    // Let the proxy threads finish counting what they forwarded.
    tokio::time::sleep(Duration::from_millis(50)).await;
    let sync_exact = proxy.counts();
    let inner = stats.take();
    let totals = Stats::totals(&inner);
    let push = inner.routes.get(SYNC_ROUTE).copied().unwrap_or_default();
    proxy.reset();
    let report = SyncClient::new(&mut group.devices[1].store, &transport)
        .sync_now(&id)
        .await
        .map_err(|e| format!("editor sync: {e}"))?;
    if report.pulled != 1 {
        return Err(format!("one edit: editor pulled {}", report.pulled));
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    let pull_by_editor_exact = proxy.counts();
    let pulled = Stats::totals(&stats.take());
    Ok(OneEdit {
        change,
        push_body: inner.push_bodies.first().copied().unwrap_or(0),
        push_head: push.request_head as usize,
        push_response: (push.response_head + push.response_body) as usize,
        sync_requests: totals.requests,
        sync_reconstructed: totals.wire(),
        sync_exact,
        pull_by_editor: pulled.wire(),
        pull_by_editor_exact,
    })
}
