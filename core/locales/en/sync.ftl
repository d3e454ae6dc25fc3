## sync.ftl — sync, membership, invites, relay trust.
## Joined after tsunagu.ftl into one resource (core/src/i18n/mod.rs); ids are unique across files.
