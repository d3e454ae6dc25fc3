#![doc = include_str!("../README.md")]

mod backup;
mod edit;
mod error;
mod exports;
mod form;
mod i18n;
mod links;
mod readiness;
mod review;
mod share;
mod store;
mod sync;
mod views;
mod worker;

pub use backup::{BackupSealing, BackupSecret, backup_sealing, generate_backup_key};
pub use edit::EditOp;
pub use error::{ApiError, FieldViolation};
pub use form::{
    ChoiceOption, FormFieldInfo, FormSectionInfo, PlausibilityWarning, device_form_fields, form_model,
    normalize_input,
};
pub use i18n::message;
pub use links::{LinkSettings, LinkedContent, ShareLinkInfo};
pub use readiness::{
    ActionSeverity, DeviceRunwayInfo, ReadinessAction, ReadinessReport, Roster, RosterEntry, SupplyInfo,
    SupplyStatus,
};
pub use share::{CardPaper, ShelterQr, qr_png_of};
pub use store::{ChangeOp, HistoryItem, ImportResult, ProfileListItem, ProvenanceInfo, TsunaguStore};
pub use sync::{JoinResult, MemberInfo, MemberList, MemberRole, SyncInfo, SyncResult, SyncService};
pub use views::{
    ItemFreshness, ProfileView, StaleNotice, StaleReason, ViewAudience, ViewGroup, ViewLine, ViewMark,
    ViewMarkKind, ViewMarkValue, ViewPriority,
};

uniffi::setup_scaffolding!();
