## review.ftl — concurrent values surfaced for review (core/src/document/review.rs).
## Joined after tsunagu.ftl into one resource (core/src/i18n/mod.rs); ids are unique across files.
history-resolved = Chose one of the differing values of { $field }
review-values-differ = Values differ — check
review-none = Nothing to review
review-count = Items to review: { $count }
review-value-shown = shown now
review-written-by = { $author } ({ $at })
review-resolved = Reviewed { $field }: the chosen value now stands
