//! This device's display name and role per profile (its card in the document, see
//! [`crate::document::members`]), and the edit context that names it as the author.

use automerge::ChangeHash;

use super::ProfileStore;
use crate::document::members::DeviceCard;
use crate::document::{EditContext, ProfileDoc};
use crate::error::{Error, Result};
use crate::model::Profile;

impl ProfileStore {
    /// This device's card in profile `id` (its display name and role), if it has one.
    pub fn device_card(&mut self, id: &str) -> Result<Option<DeviceCard>> {
        let device = self.device_id()?.to_text();
        Ok(self.document(id)?.device_cards().remove(&device))
    }

    /// Names this device in profile `id`: `name` with `role` (a known role's label or code, or
    /// free text). Written into the document, so it reaches the other members only inside the
    /// encrypted changes. Durable before returning; `None` when nothing changed.
    ///
    /// A viewer's device is refused like any edit ([`Error::ViewerCannotEdit`]): its changes
    /// could never be sent.
    pub fn set_device_name(
        &mut self,
        id: &str,
        name: &str,
        role: Option<&str>,
        ctx: &EditContext,
    ) -> Result<Option<ChangeHash>> {
        self.refuse_viewer(id)?;
        let device = self.device_id()?.to_text();
        self.write_with(id, |doc| doc.set_device_card(&device, name, role, ctx))
    }

    /// Creates a profile whose first change also names this device `name` with `role`; returns
    /// its id.
    pub fn create_named_profile(
        &mut self,
        profile: &Profile,
        ctx: &EditContext,
        name: &str,
        role: Option<&str>,
    ) -> Result<String> {
        let device = self.device_id()?.to_text();
        let doc = ProfileDoc::create_named(self.actor().clone(), profile, ctx, &device, name, role)?;
        let id = super::new_profile_id();
        self.insert_new_profile(&id, doc)?;
        Ok(id)
    }

    /// An edit context for profile `id` naming this device's display name as the author, now.
    /// [`Error::ViewerCannotEdit`] on a viewer's device; [`Error::DeviceNameMissing`] when the
    /// device has no name for the profile (the apps ask for one before editing).
    pub fn named_edit_context(&mut self, id: &str) -> Result<EditContext> {
        // A viewer cannot edit at all: say that, not that a name is missing.
        self.refuse_viewer(id)?;
        match self.device_card(id)? {
            Some(card) => Ok(EditContext::now(card.name)),
            None => Err(Error::DeviceNameMissing(id.to_owned())),
        }
    }
}
