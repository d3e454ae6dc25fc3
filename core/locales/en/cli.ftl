## cli.ftl — the command line's own messages, help and errors.
## Joined after tsunagu.ftl into one resource (core/src/i18n/mod.rs); ids are unique across files.

## tsunagu fields
cli-unknown-section = there is no section "{ $section }" (tsunagu fields lists them)
cli-fields-path = path
cli-fields-label = field
cli-fields-kind = input
cli-fields-need = required/recommended
cli-need-required = required
cli-need-recommended = recommended
cli-kind-text = text
cli-kind-long_text = long text
cli-kind-text_list = texts (comma-separated)
cli-kind-number = number
cli-kind-date = date
cli-kind-timestamp = date and time
cli-kind-times = times of day
cli-kind-choice = choice
cli-kind-choice_list = choices
cli-kind-yes_no = yes/no
cli-kind-phone = phone number

## tsunagu profile fill
fill-intro = Answer the questions. An empty answer (Enter) moves on and keeps the current value.
fill-current = (now: { $value })
fill-add = Add { $what }? (yes/no)
fill-required = This field is required. Please enter it.
fill-confirm = Save this value? (yes/no)
fill-not-saved = Not saved.
fill-added = Added { $what }.
fill-done = Done.
fill-yes = yes
fill-no = no

## Errors and warnings of the command line
cli-error-prefix = error
cli-confirm-hint = If the values are right, run the command again with --confirm (who confirmed and when is kept in the history).
