## cli.ftl — the command line's own messages, help and errors.
## Joined after tsunagu.ftl into one resource (core/src/i18n/mod.rs); ids are unique across files.
