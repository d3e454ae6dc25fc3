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
## What commands say when they succeed (cli/src/*.rs)
cli-edit-added = added { $collection }.{ $id }
cli-edit-done = edited { $profile }: { $count } edit(s) in change { $change }
cli-edit-nothing = { $profile }: nothing changed
cli-profile-created = created { $profile } ({ $count } new changes)
cli-profile-merged = merged into { $profile } ({ $count } new changes)
cli-profile-exported = exported { $profile } to { $path } ({ $bytes } bytes)
cli-profile-compacted = compacted { $profile }: { $before } bytes before, { $after } bytes after ({ $chunks } chunks folded)
cli-col-id = id
cli-col-name = name
cli-col-kana = kana
cli-col-updated = updated
cli-col-archived = archived
cli-backup-done = backed up { $count } profile(s) to { $path } ({ $bytes } bytes)
cli-backup-key = backup key: { $key }
cli-backup-key-apart = keep the key apart from the file: without it the backup cannot be opened
cli-restored = restored { $count } profile(s)
cli-ips-exported = exported the IPS of { $profile } to { $path } ({ $bytes } bytes)
cli-wrote = wrote { $path } ({ $bytes } bytes)
cli-card-wrote = wrote { $path } ({ $bytes } bytes; { $view }, { $lang }, { $size })
cli-sync-report = { $profile }: pulled { $pulled }, pushed { $pushed }, { $status }
cli-sync-synced = synced
cli-sync-offline = offline
cli-sync-failed-one = { $profile }: failed: { $reason }
cli-sync-review = { $profile }: { $count } (tsunagu review { $profile })
cli-sync-started = shared { $profile } through { $relay }
cli-sync-joined = joined { $profile } as { $access }
cli-sync-arrives-later = the profile arrives with the next `tsunagu sync`
cli-sync-none = no shared profiles
cli-sync-col-profile = profile
cli-sync-col-access = access
cli-sync-col-last-sync = last sync
cli-sync-col-pending = pending
cli-sync-col-last-error = last error
cli-sync-col-relay = relay

## tsunagu share list|status|revoke
cli-share-none = no share links
cli-share-col-link = link
cli-share-col-state = state
cli-share-col-expires = expires
cli-share-col-profile = profile
cli-share-col-content = content
cli-share-col-passcode = passcode
cli-share-col-label = label
cli-share-col-device = device
cli-share-col-opened = opened
cli-share-state-active = active
cli-share-state-expired = expired
cli-share-state-revoked = revoked
cli-share-state-locked = locked (too many wrong passcodes)
cli-share-yes = yes
cli-share-no = no
cli-share-status-link = link { $link }
cli-share-status-state = state: { $state }
cli-share-status-opened = opened: { $count } time(s)
cli-share-status-attempts = wrong passcodes still tolerated: { $count }
cli-share-revoked = revoked { $link }; the relay no longer serves it
cli-err-share-list-all = share list --all: give a profile id
cli-err-share-revoke = share revoke: give a link
cli-err-backup-random-key = this backup is sealed with a random key: give --key
cli-err-qr-extension = --out { $path }: the file name must end in .png or .svg
cli-err-write-stdout = cannot write the output: { $reason }

## Values the command line refuses while reading it (clap value parsers)
cli-value-duration-form = expected a number and a unit: 90m, 12h, 7d, 2w
cli-value-duration-unit = the unit must be s, m, h, d or w (90m, 12h, 7d, 2w)
cli-value-duration-range = between 5 seconds and { $days } days
cli-value-date = expected a date as YYYY-MM-DD
cli-value-whole-number = expected a whole number
cli-value-number = expected a number
cli-value-range = expected a value from { $min } to { $max }

## The command line not understood (clap's parse errors, cli/src/parse_error.rs); exit code 2
cli-parse-unknown-argument = unknown option or argument '{ $arg }'
cli-parse-unknown-command = unknown command '{ $arg }'
cli-parse-did-you-mean = did you mean '{ $suggestion }'?
cli-parse-as-value = to pass '{ $arg }' as a value, write '-- { $arg }'
cli-parse-missing-value = { $arg } needs a value
cli-parse-invalid-value = '{ $value }' is not a valid value for { $arg }
cli-parse-possible-values = possible values: { $values }
cli-parse-invalid-value-reason = '{ $value }' is not a valid value for { $arg }: { $reason }
cli-parse-missing-required = required but not given: { $args }
cli-parse-missing-command = '{ $command }' needs a command: { $commands }
cli-parse-conflict = { $arg } cannot be used with { $other }
cli-parse-conflict-self = { $arg } cannot be given more than once
cli-parse-no-equals = { $arg } needs '=' before its value
cli-parse-too-many-values = unexpected value '{ $value }' for { $arg }
cli-parse-wrong-number = { $arg } takes { $expected } value(s), not { $actual }
cli-parse-not-utf8 = the command line is not UTF-8 text
cli-parse-other = the command line could not be read
cli-parse-usage = Usage: { $usage }
cli-parse-more = For more information, run it with '--help'.

## The core's errors a user of the command line meets (cli/src/error.rs `core_worded`, by class)
cli-core-unknown-profile = no profile with id { $id } (tsunagu profile list lists them)
cli-core-unknown-path = { $path }: no such field or id (tsunagu fields lists the fields)
cli-core-newer-store = the store was written by a newer version of Tsunagu: update this one
cli-core-corrupt-store = the store is damaged: restore it from a backup (tsunagu restore)
cli-core-not-shared = profile { $id } is not shared (tsunagu sync start shares it)
cli-core-already-shared = profile { $id } is already shared
cli-core-not-member = this device is not a member of the shared profile: it was removed, or never joined
cli-core-invalid-relay-url = invalid relay address (expected https://host[:port])
cli-core-invite-rejected = the invite was refused (unknown, used or expired): ask for a new one
cli-core-offline = the relay cannot be reached
cli-core-relay-unavailable = the relay is unavailable (HTTP { $status }); try again later
cli-core-tls = the connection to the relay is not trusted (TLS)
cli-core-key-unavailable = this device holds no key for part of the profile's history: ask the owner to invite it again
cli-core-backup-refused = the backup does not open: wrong passphrase or key, or the file was changed
cli-core-backup-key-mismatch = this backup is sealed with the other kind of key (passphrase or random key)
cli-core-unknown-share-link = no share link with id { $id } (tsunagu share list lists them)
cli-core-ambiguous-share-link = more than one share link starts with { $id }: give more of the id
cli-core-no-relay = no relay to host the link: give one (--relay URL) or share the profile for sync first
cli-core-nothing-to-review = nothing to review in { $field }: the field has one value
cli-core-invalid-choice = { $field }: choose one of its { $count } values (tsunagu review lists them)

## Import from a spreadsheet (h15-import: cli/src/import, docs/import.md, ADR 0015)
## Column headers (the template's header row; changing one changes the template's format, pinned by a golden file)
cli-import-col-name = Name
cli-import-col-name-kana = Kana
cli-import-col-date-of-birth = Date of birth
cli-import-col-sex = Sex
cli-import-col-address = Address
cli-import-col-guardian-name = Guardian name
cli-import-col-guardian-relation = Guardian relation
cli-import-col-guardian-phone = Guardian phone
cli-import-col-devices = Medical devices
cli-import-col-devices-needing-mains = Devices needing mains power
cli-import-col-weight-kg = Weight (kg)
cli-import-col-weight-measured-on = Weight measured on
cli-import-col-allergies = Allergies
cli-import-col-doctor-name = Attending doctor
cli-import-col-doctor-hospital = Doctor's hospital
cli-import-col-doctor-phone = Doctor's phone
cli-import-col-nurse-station = Visiting nurse station
cli-import-col-nurse-phone = Visiting nurse phone
cli-import-col-consultant-name = Care plan consultant
cli-import-col-consultant-phone = Consultant's phone
## What each column takes (the .xlsx template's "Help" sheet)
cli-import-sheet-children = Children
cli-import-sheet-help = Help
cli-import-help-column = Column
cli-import-help-what = What to write
cli-import-help-name = The child's name (required)
cli-import-help-name-kana = The reading of the name in kana
cli-import-help-date-of-birth = Date of birth (2019-04-01, 2019/4/1, 令和1年5月1日…)
cli-import-help-sex = female, male or other (女, 男, その他)
cli-import-help-address = Home address (the roster's district filter looks in it)
cli-import-help-guardian-name = The guardian to call (required when a relation or phone is given)
cli-import-help-guardian-relation = Relation (mother, father…)
cli-import-help-guardian-phone = The guardian's phone (090-1234-5678…)
cli-import-help-devices = Kinds of medical device, separated by commas (ventilator, suction, oxygen, pump…); one device each
cli-import-help-devices-needing-mains = Those of the devices that need mains power, separated by commas
cli-import-help-weight-kg = Weight in kg (a number); give the date it was measured too
cli-import-help-weight-measured-on = The day the weight was measured
cli-import-help-allergies = Allergy agents separated by commas, or "none" when none are known
cli-import-help-doctor-name = The attending doctor's name
cli-import-help-doctor-hospital = The attending doctor's hospital or clinic
cli-import-help-doctor-phone = The attending doctor's phone
cli-import-help-nurse-station = The visiting nurse station's name
cli-import-help-nurse-phone = The visiting nurse station's phone
cli-import-help-consultant-name = The care plan consultant's name
cli-import-help-consultant-phone = The care plan consultant's phone
## Outcome and problems of an import (never a cell's value)
cli-import-at-cell = Row { $row }, column { $column } ({ $header }): { $message }
cli-import-at-row = Row { $row }: { $message }
cli-import-refused = Not imported: { $count ->
        [one] one problem
       *[other] { $count } problems
    }. Nothing was written; fix the file and import it again
cli-import-empty = The file is empty (headers in row 1, then one row per child)
cli-import-no-rows = There are no children under the header row
cli-import-unknown-column = Unknown column (use the headers of docs/import.md or the template; delete columns you do not need)
cli-import-column-twice = The same column appears twice
cli-import-no-name-column = There is no "Name" column
cli-import-required = Required
cli-import-guardian-name-needed = Give the guardian's name when giving a relation or phone
cli-import-mains-not-listed = Not one of the devices in the "Medical devices" column
cli-import-duplicate-in-store = A child with this name and date of birth is already in the store (ID { $profile }); import with --allow-duplicates if it is another child
cli-import-duplicate-in-sheet = The same name and date of birth as row { $row }
cli-import-unusual-hint = If it is right, enter it through the form after the import and confirm it
cli-import-rule-future = A date in the future cannot be entered
cli-import-rule-weight-date = A weight needs the date it was measured, and a date needs a weight
cli-import-rule-other = Breaks a rule ({ $rule })
cli-import-not-a-sheet = The file is neither CSV (UTF-8) nor .xlsx
cli-import-bad-csv = The file cannot be read as CSV (look for a quote " that is not closed)
cli-import-bad-workbook = The file cannot be read as an .xlsx workbook
cli-import-no-file = Name the file to import (tsunagu import FILE; the template: tsunagu import template --out FILE)
cli-import-template-extension = End the template's file name in .xlsx or .csv
cli-import-template-written = Wrote the template to { $path }
cli-import-dry-run = { $count ->
        [one] The one child can be imported
       *[other] All { $count } children can be imported
    } (--dry-run: nothing was written)
cli-import-done = { $count ->
        [one] Imported one child
       *[other] Imported { $count } children
    }
