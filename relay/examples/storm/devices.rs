//! Devices and profiles: set-up, offline edits, one profile's storm and its checks.

use super::*;

pub(super) struct Device {
    pub(super) store: ProfileStore,
}

pub(super) struct Group {
    pub(super) id: String,
    pub(super) devices: [Device; 3],
}

pub(super) fn author(device: usize) -> String {
    match device {
        0 => "母".to_owned(),
        d => format!("編集者 {d}"),
    }
}

/// Owner creates, shares and invites two editors, who join; each device its own store and
/// identity.
pub(super) async fn setup_profile(relay_url: &str, transport: &dyn Transport) -> Res<Group> {
    let err = |what: &'static str| move |e: tsunagu_core::Error| format!("{what}: {e}");
    let mut owner = ProfileStore::open(":memory:").map_err(err("owner store"))?;
    let id = owner
        .create_profile(&sample::demo_profile(), &EditContext::now(author(0)))
        .map_err(err("create"))?;
    let report = SyncClient::new(&mut owner, transport)
        .share(&id, relay_url)
        .await
        .map_err(err("share"))?;
    if report.status != SyncStatus::Synced {
        return Err("share: offline".into());
    }
    let mut editors = Vec::with_capacity(2);
    for _ in 0..2 {
        let link = SyncClient::new(&mut owner, transport)
            .invite(&id, Role::Editor, Duration::from_secs(3600))
            .await
            .map_err(err("invite"))?;
        let mut store = ProfileStore::open(":memory:").map_err(err("editor store"))?;
        let joined = SyncClient::new(&mut store, transport)
            .join(&link)
            .await
            .map_err(err("join"))?;
        if joined.report.status != SyncStatus::WaitingForOwner {
            return Err("join: not waiting for the owner's key".into());
        }
        // The link carries no key: the owner grants it on its next sync (ADR 0007).
        SyncClient::new(&mut owner, transport)
            .sync_now(&id)
            .await
            .map_err(err("owner grants"))?;
        let report = SyncClient::new(&mut store, transport)
            .sync_now(&id)
            .await
            .map_err(err("first sync"))?;
        if report.status != SyncStatus::Synced || !store.exists(&id).map_err(err("exists"))? {
            return Err("join: profile not created".into());
        }
        editors.push(Device { store });
    }
    let mut editors = editors.into_iter();
    let (Some(e1), Some(e2)) = (editors.next(), editors.next()) else {
        return Err("two editors".into());
    };
    Ok(Group {
        id,
        devices: [Device { store: owner }, e1, e2],
    })
}

/// Makes every device's offline edits; returns the bytes of the automerge changes they made
/// (all three devices together), the payload every sync must carry.
pub(super) fn offline_edits(group: &mut Group) -> Res<u64> {
    let mut change_bytes = 0u64;
    for (d, device) in group.devices.iter_mut().enumerate() {
        let ctx = EditContext::now(author(d));
        let before = device
            .store
            .document(&group.id)
            .map_err(|e| format!("document: {e}"))?
            .heads();
        let mut edits = vec![Edit::set(SHARED_FIELD, shared_value(d))];
        for (path, value) in own_edits(d) {
            edits.push(Edit::set(path, value));
        }
        // Three separate edits: three changes, as three taps in the app.
        for edit in edits {
            let hash = device
                .store
                .edit(&group.id, std::slice::from_ref(&edit), &ctx)
                .map_err(|e| format!("edit: {e}"))?;
            if hash.is_none() {
                return Err("an offline edit changed nothing".into());
            }
        }
        change_bytes += device
            .store
            .document(&group.id)
            .map_err(|e| format!("document: {e}"))?
            .changes_after(&before)
            .len() as u64;
    }
    Ok(change_bytes)
}

pub(super) fn heads(store: &mut ProfileStore, id: &str) -> Res<Vec<String>> {
    let mut h: Vec<String> = store
        .document(id)
        .map_err(|e| format!("document: {e}"))?
        .heads()
        .iter()
        .map(ToString::to_string)
        .collect();
    h.sort();
    Ok(h)
}

pub(super) fn converged(group: &mut Group) -> Res<bool> {
    let id = group.id.clone();
    let [a, b, c] = &mut group.devices;
    let ha = heads(&mut a.store, &id)?;
    Ok(ha == heads(&mut b.store, &id)? && ha == heads(&mut c.store, &id)?)
}

#[derive(Debug, Default, Clone)]
pub(super) struct StormOutcome {
    pub(super) rounds: usize,
    pub(super) converged_after: Option<Duration>,
    pub(super) offline: usize,
    pub(super) errors: Vec<String>,
}

pub(super) async fn sync_device(
    device: &mut Device,
    id: &str,
    transport: &dyn Transport,
) -> Result<SyncStatus, String> {
    SyncClient::new(&mut device.store, transport)
        .sync_now(id)
        .await
        .map(|r| r.status)
        .map_err(|e| format!("sync: {e} ({})", e.class()))
}

/// One profile's storm: its three devices sync at once, round after round, until converged.
pub(super) async fn storm_profile(
    mut group: Group,
    transport: Arc<CountingTransport>,
    start: Instant,
    max_rounds: usize,
    deadline: Instant,
) -> (Group, StormOutcome) {
    let mut outcome = StormOutcome::default();
    for round in 1..=max_rounds {
        if Instant::now() >= deadline {
            outcome.errors.push("storm time limit".into());
            break;
        }
        outcome.rounds = round;
        let id = group.id.clone();
        let t: &dyn Transport = transport.as_ref();
        let [a, b, c] = &mut group.devices;
        let (ra, rb, rc) = tokio::join!(
            sync_device(a, &id, t),
            sync_device(b, &id, t),
            sync_device(c, &id, t)
        );
        for r in [ra, rb, rc] {
            match r {
                Ok(SyncStatus::Synced) => {}
                Ok(SyncStatus::Offline) => outcome.offline += 1,
                // Every editor was granted the key before the storm began.
                Ok(SyncStatus::WaitingForOwner) => outcome.errors.push("still waiting for the key".into()),
                Err(e) => outcome.errors.push(e),
            }
        }
        match converged(&mut group) {
            Ok(true) => {
                outcome.converged_after = Some(start.elapsed());
                break;
            }
            Ok(false) => {}
            Err(e) => {
                outcome.errors.push(e);
                break;
            }
        }
    }
    (group, outcome)
}

/// Converged for real: heads and typed profiles equal on all three devices, the shared field
/// holds one of the three values, every device's own edits present.
pub(super) fn verify(group: &mut Group) -> Res<()> {
    let id = group.id.clone();
    let mut views = Vec::with_capacity(3);
    let mut all_heads = Vec::with_capacity(3);
    for device in &mut group.devices {
        all_heads.push(heads(&mut device.store, &id)?);
        let profile = device.store.profile(&id).map_err(|e| format!("profile: {e}"))?;
        views.push(serde_json::to_value(profile).map_err(|e| format!("json: {e}"))?);
    }
    if all_heads[0] != all_heads[1] || all_heads[0] != all_heads[2] {
        return Err(format!("{id}: heads differ"));
    }
    if views[0] != views[1] || views[0] != views[2] {
        return Err(format!("{id}: typed profiles differ"));
    }
    let view = &views[0];
    let shared = json_at(view, SHARED_FIELD);
    if !(0..3).any(|d| same_value(shared, &serde_json::Value::String(shared_value(d)))) {
        return Err(format!(
            "{id}: {SHARED_FIELD} holds {shared:?}, none of the three values"
        ));
    }
    for d in 0..3 {
        for (path, value) in own_edits(d) {
            if !same_value(json_at(view, path), &value) {
                return Err(format!(
                    "{id}: device {d}'s edit of {path} missing ({:?})",
                    json_at(view, path)
                ));
            }
        }
    }
    Ok(())
}
