//! Creating many profiles at once (a coordinator's spreadsheet import): every profile is
//! checked and turned into its document first, then all are written in one SQLite
//! transaction, so a refused profile or a crash leaves the store as it was (no partial import).

use chrono::Utc;

use super::{OpenProfile, ProfileStore, insert_profile_rows, new_profile_id};
use crate::document::{EditContext, ProfileDoc};
use crate::error::Result;
use crate::model::Profile;

/// This device's display name and role in each new profile (see [`ProfileStore::create_named_profile`]).
#[derive(Debug, Clone, Copy)]
pub struct DeviceName<'a> {
    /// Display name.
    pub name: &'a str,
    /// Role (a known role's label or code, or free text).
    pub role: Option<&'a str>,
}

impl ProfileStore {
    /// Creates every profile of `profiles`, or none: each is validated as
    /// [`ProfileStore::create_profile`] does, and only when all pass are they written, in one
    /// transaction. Returns the new ids in the order of `profiles`. With `device`, each first
    /// change also names this device.
    pub fn create_profiles(
        &mut self,
        profiles: &[Profile],
        ctx: &EditContext,
        device: Option<DeviceName<'_>>,
    ) -> Result<Vec<String>> {
        let device_id = match device {
            Some(_) => Some(self.device_id()?.to_text()),
            None => None,
        };
        let mut docs = Vec::with_capacity(profiles.len());
        for profile in profiles {
            let doc = match (device, &device_id) {
                (Some(d), Some(device_id)) => {
                    ProfileDoc::create_named(self.actor.clone(), profile, ctx, device_id, d.name, d.role)?
                }
                _ => ProfileDoc::create(self.actor.clone(), profile, ctx)?,
            };
            docs.push((new_profile_id(), doc));
        }
        let now = Utc::now().timestamp_millis();
        super::atomic::write_tx(&mut self.conn, |tx| {
            for (id, doc) in &mut docs {
                insert_profile_rows(tx, id, &doc.save(), now)?;
            }
            Ok(())
        })?;
        let mut ids = Vec::with_capacity(docs.len());
        for (id, doc) in docs {
            self.open.insert(
                id.clone(),
                OpenProfile {
                    doc,
                    last_chunk: 0,
                    chunks: 0,
                },
            );
            ids.push(id);
        }
        Ok(ids)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Date, Profile};

    fn child(name: &str, born: &str) -> Profile {
        let mut p = Profile::empty();
        p.child.name = Some(name.into());
        p.child.date_of_birth = Some(Date(born.parse().expect("date")));
        p
    }

    #[test]
    fn all_profiles_are_created_in_order_and_named() {
        let dir = tempfile::tempdir().expect("dir");
        let mut store = ProfileStore::open(dir.path().join("s.sqlite3")).expect("open");
        let ids = store
            .create_profiles(
                &[child("青木 そら", "2019-04-01"), child("井上 みく", "2020-05-02")],
                &EditContext::now("テスト"),
                Some(DeviceName {
                    name: "市役所",
                    role: Some("coordinator"),
                }),
            )
            .expect("created");
        assert_eq!(ids.len(), 2);
        assert_ne!(ids[0], ids[1]);
        store.evict_all();
        assert_eq!(
            store.profile(&ids[1]).expect("reads").child.name.as_deref(),
            Some("井上 みく")
        );
        let card = store.device_card(&ids[0]).expect("card").expect("named");
        assert_eq!(card.name, "市役所");
    }

    #[test]
    fn one_invalid_profile_writes_none() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("s.sqlite3");
        let mut store = ProfileStore::open(&path).expect("open");
        // A birth date in the future breaks a rule of the model.
        let refused = store.create_profiles(
            &[child("青木 そら", "2019-04-01"), child("井上 みく", "2999-01-01")],
            &EditContext::now("テスト"),
            None,
        );
        assert!(matches!(refused, Err(crate::Error::Invalid(_))), "{refused:?}");
        drop(store);
        let mut reopened = ProfileStore::open(&path).expect("reopen");
        assert!(reopened.list().expect("list").is_empty(), "no partial import");
    }
}
