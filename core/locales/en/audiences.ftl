## audiences.ftl — what each audience sees: views, readiness scenarios, roster, plan export.
## Joined after tsunagu.ftl into one resource (core/src/i18n/mod.rs); ids are unique across files.
