// TsunaguKit.swift — the module's front door.
//
// TsunaguKit is what the iOS app imports. It re-exports the uniffi-generated module (records
// such as ProfileListItem and ViewItem, the EditOp enum, the typed ApiError) and adds the
// idiomatic layer: ProfileStore and SyncSession with async/await off the caller's thread, an
// AsyncStream of sync status, and typed EditOp builders. No behaviour lives here: every rule is in
// the Rust core, and the generated types are used as they are rather than copied.

@_exported import TsunaguFFI
