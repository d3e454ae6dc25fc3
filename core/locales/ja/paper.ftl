## paper.ftl — the printed card, the shelter QR and the share-link content.
## Joined after tsunagu.ftl into one resource (core/src/i18n/mod.rs); ids are unique across files.
