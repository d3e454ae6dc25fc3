## review.ftl — concurrent values surfaced for review (core/src/document/review.rs).
## Joined after tsunagu.ftl into one resource (core/src/i18n/mod.rs); ids are unique across files.
history-resolved = Chose one of the differing values of { $field }
review-values-differ = Values differ — check
review-none = Nothing to review
review-count = Items to review: { $count }
review-value-shown = shown now
review-written-by = { $author } ({ $at })
review-resolved = Reviewed { $field }: the chosen value now stands

## Marks in the views, the card and the QR on what is uncertain (core/src/views/marks.rs).
view-mark-value = { $value } ({ $who })
view-mark-unverified = Unverified — saved over a warning
view-mark-unverified-by = saved by { $by } on { $date }; marked until someone else checks it
view-mark-unverified-by-undated = saved by { $by }; marked until someone else checks it
card-mark = { $message }: { $field } — { $detail }
card-mark-short = { $message }: { $values }
qr-check = !Check
qr-check-values-differ = { $field } values differ ({ $values })
qr-check-unverified = { $field } unverified
history-value-verified = Verified the value of { $field } that was saved over a warning
review-history-item = ≠ { $field }: values differ (since { $since }) — { $values }
review-unverified = ? { $field } ({ $path }): unverified — saved over a warning ({ $by })
review-verified = Checked the value of { $field }
view-section-check = Also to check
view-mark-elsewhere = not shown in this view: ask the family, or see the whole profile
