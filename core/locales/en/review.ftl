## review.ftl — concurrent values surfaced for review (core/src/document/review.rs).
## Joined after tsunagu.ftl into one resource (core/src/i18n/mod.rs); ids are unique across files.
history-resolved = Chose one of the differing values of { $field }
review-values-differ = Values differ — check
review-none = Nothing to review
review-count = { $count ->
    [one] 1 item to review
   *[other] { $count } items to review
}
review-value-shown = shown now
review-written-by = { $author } ({ $at })
review-resolved = Reviewed { $field }: the chosen value now stands
