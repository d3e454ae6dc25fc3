## entry.ftl — forms, input normalization, plausibility warnings, review of concurrent values.
## Joined after tsunagu.ftl into one resource (core/src/i18n/mod.rs); ids are unique across files.
