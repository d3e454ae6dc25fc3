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

## Errors of the command line's own checks (cli/src/error.rs `CliError::worded`)
cli-err-by-required = --by: the name of who checked it is required
cli-err-role-unknown = --role: unknown role (coordinator, doctor, nurse, parent, other)
cli-err-set-no-equals = --set: expected PATH=VALUE (no '=' found)
cli-err-set-empty-path = --set: the PATH before '=' is empty
cli-err-add-no-equals = --add: expected COLLECTION=JSON (no '=' found)
cli-err-add-not-object = --add { $collection }: the entity must be a JSON object
cli-err-not-collection = --add { $collection }: not a collection (tsunagu fields lists them)
cli-err-move-before = --move: ':before=' needs an id
cli-err-entity-path = { $flag }: expected COLLECTION.ID
cli-err-not-utf8 = { $path } is not UTF-8 text
cli-err-no-passphrase = give --passphrase-file FILE (or - for standard input), set { $variable }, or use a random key
cli-err-key-qr-extension = --key-qr { $path }: the file name must end in .png or .svg
cli-err-html-extension = --out { $path }: the file name must end in .html
cli-err-not-json = { $path } is not valid JSON (line { $line }, column { $column })
cli-err-read-file = cannot read { $path }: { $reason }
cli-err-write-file = cannot write { $path }: { $reason }
cli-err-keep-from-one = --keep counts from 1
cli-err-as-of-date = --as-of: expected a date YYYY-MM-DD
cli-err-author-empty = --as: the author name must not be empty
cli-err-no-data-dir = no data directory on this system: pass --data-dir DIR
cli-err-one-lang = --lang ja+en is for `card` and `qr`; `{ $command }` prints one language (ja or en)
cli-err-members-profile = members: give a profile id
cli-err-members-device = DEVICE is not a device id (tsunagu members PROFILE lists them)
cli-err-sync-failed = { $count } profile(s) failed to sync
cli-err-listen = cannot listen on { $addr }: { $reason }

## Choosing a profile, archiving and deleting (issue 15)
cli-err-ambiguous-profile = { $count } profiles match: give more of the id or of the name (the candidates are listed below)
cli-err-no-profile-match = no profile matches: `tsunagu profile list` shows them all (archived ones with --archived)
cli-profile-archived = archived
cli-profile-archived-done = archived { $profile } on this device: hidden from `profile list` and `roster` (--archived shows it); nothing changed for the other members
cli-profile-already-archived = { $profile } is already archived
cli-profile-unarchived-done = { $profile } is back in the lists
cli-profile-not-archived = { $profile } is not archived
cli-profile-delete-warning = Delete this device's copy of { $profile }? Its history goes with it; a backup (tsunagu backup) can bring it back.
cli-profile-delete-shared = This profile is shared: the other members keep their copies, and this device stops syncing it.
cli-profile-delete-confirm = Delete? (y/N)
cli-err-delete-not-confirmed = not deleted (answer y to delete, or pass --yes)
cli-err-delete-live-links = { $profile } has { $count } share link(s) still working: revoke them first (tsunagu share list { $profile }, tsunagu share revoke LINK), or they keep working until they expire
cli-profile-deleted = deleted this device's copy of { $profile }
cli-profile-deleted-shared = The other members still have the profile; to be added again, ask its owner for a new invite.

## Read-only and damaged stores
cli-note-read-only-store = the store cannot be written here (read-only media?): opened read-only for viewing; edits are refused
cli-err-read-only-store = the store is open read-only (it cannot be written here): nothing was changed. To edit, copy the data directory to a writable place and pass --data-dir
cli-err-corrupt-store = the store file is damaged, or is not a Tsunagu store
cli-hint-restore = Restore your latest backup into a new data directory: tsunagu restore FILE --data-dir NEW_DIR (keep the damaged file; nothing is deleted)

## tsunagu roster and plan-export
cli-err-roster-filter = --filter: { $rule }
cli-err-xlsx-needs-out = --format xlsx writes a file: give --out FILE.xlsx
cli-err-attention-format = --needs-attention prints a table or CSV (--format table|csv)
cli-roster-written = wrote { $count } row(s) to { $path }
roster-sheet-name = Roster
cli-err-plan-all-out = --all writes one file per profile: give --out DIR
cli-plan-all-written = wrote the plans of { $count } profile(s) to { $path }
