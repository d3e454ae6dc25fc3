## help.ftl — `tsunagu --help`: every command's about and every argument's help, keyed by
## command path (cli/src/help.rs). Joined after review.ftl (core/src/i18n/mod.rs).

## Headings and clap's own help subcommand
help-cmd-help = Print this message or the help of the given subcommand(s)
help-heading-usage = Usage
help-heading-commands = Commands
help-heading-arguments = Arguments
help-heading-options = Options

## tsunagu
help-tsunagu = Tsunagu: a family-held care profile for a medically complex child

## Options every command takes
help-arg-data-dir = Directory holding the store file `tsunagu.sqlite3` (created if missing; or TSUNAGU_DATA_DIR) [default: the platform data directory + `/tsunagu`]
help-arg-json = Print machine-readable JSON instead of text
help-arg-author = Display name (or TSUNAGU_AUTHOR) recorded as the author of edits [default: this device's name for the profile (`device set-name`)]
help-arg-lang = Language of messages, labels and the change log (`ja+en`: both side by side, for `card` and `qr`) [default: TSUNAGU_LANG, then LANG (`en…` is English), else ja]
help-arg-help = Print help
help-arg-version = Print version

## tsunagu profile
help-profile = Create, list, show, export, import and compact profiles

## tsunagu profile new
help-profile-new = Create a profile (empty, from a profile JSON file, or the fictional sample child) and print its id
help-profile-new--from = A profile as JSON (the shape `tsunagu schema` describes)
help-profile-new--sample = The fictional demo child (山田 さくら), to try the card, QR and readiness commands

## tsunagu profile list
help-profile-list = List the profiles in the store (archived ones only with --archived)
help-profile-list--archived = Show the archived profiles too

## tsunagu profile show
help-profile-show = Show a profile grouped by section (`--json`: the whole profile as JSON)
help-profile-show--profile = Profile id (or its first characters, or the child's name or kana)

## tsunagu profile export
help-profile-export = Write a profile to an export file (a backup, or to hand to another device)
help-profile-export--profile = Profile id (or its first characters, or the child's name or kana)
help-profile-export--out = The file to write

## tsunagu profile import
help-profile-import = Import an export file: creates the profile, or merges it into the one already here
help-profile-import--file = The export file

## tsunagu profile compact
help-profile-compact = Fold a profile's stored changes into one snapshot
help-profile-compact--profile = Profile id (or its first characters, or the child's name or kana)

## tsunagu profile fill
help-profile-fill = Fill in a profile by answering questions, in your language (Japanese input welcome: full-width digits, 令和 dates, choices by their label)
help-profile-fill--profile = Profile id (or its first characters, or the child's name or kana)
help-profile-fill--sections = Only these sections, in this order (repeatable) [default: every section]
help-profile-fill--all = Ask every field, not only the required and recommended ones

## tsunagu edit
help-edit = Change a profile: --set, --patch, --add, --remove, --move (one atomic change)
help-edit--profile = Profile id (or its first characters, or the child's name or kana)
help-edit--set = Set a field: VALUE is read as JSON when it is JSON (92, true, null, "text", {"{"}"a":1{"}"}), otherwise as a plain string. Repeatable
help-edit--patch = Apply an RFC 7396 JSON merge patch over the whole profile
help-edit--add = Add an entity (a JSON object) to a collection under a fresh id, which is printed. Repeatable
help-edit--remove = Remove an entity. Repeatable
help-edit--moves = Move an entity before another one, or last. Repeatable
help-edit--confirm = Save values that are unusual for this child (a plausibility warning) anyway: you checked them. Who confirmed and when is kept with the change

## tsunagu verify
help-verify = Mark a section of a profile as checked by someone on a day
help-verify--profile = Profile id (or its first characters, or the child's name or kana)
help-verify--section = The section that was checked (values: child, diagnoses, avoid, devices, routines, medications, allergies, contacts, care_team, power_registration, baseline, emergency_actions, evacuation, power_sources, stock, consents, wishes)
help-verify--by = Who checked it (display name)
help-verify--role = Their role (values: coordinator, doctor, nurse, parent, other)
help-verify--on = The day it was checked, YYYY-MM-DD [default: today]
help-verify--withdraw = Withdraw the section's verified mark instead

## tsunagu history
help-history = Show a profile's change log, or who last changed a field
help-history--profile = Profile id (or its first characters, or the child's name or kana)
help-history--field = Show who last changed this field or entity instead (dotted path, e.g. `baseline.spo2_low`)
help-history--limit = Show at most this many changes

## tsunagu review
help-review = Fields whose values differ after concurrent edits; `--resolve PATH --keep N` keeps one
help-review--profile = Profile id (every profile in the store when omitted)
help-review--resolve = Resolve the item at this field path (as listed)
help-review--keep = Keep value number N of the item (as listed, from 1)

## tsunagu schema
help-schema = Print the JSON Schema of a profile

## tsunagu fields
help-fields = List the fields a profile has: path (for `edit --set`), label, input kind, required
help-fields--section = Only this section (`child`, `devices`, `medications`…)

## tsunagu demo
help-demo = Two devices, one child, through a relay on loopback: share, join, edit offline, sync, compare
help-demo--dir = Keep the two devices' stores and the relay's database in DIR [default: a temporary directory, deleted afterwards]

## tsunagu share
help-share = SMART Health Links: `share create|list|status|revoke` (a read-only, expiring link to a card)

## tsunagu share create
help-share-create = Create a link to a profile's card (or its IPS, or a FHIR JSON file); prints the link
help-share-create--profile = Profile id (or its first characters, or the child's name or kana)
help-share-create--view = Whose card the link shows (values: shelter, ems, caregiver) [default: caregiver]
help-share-create--ips = Share the profile's FHIR R4 International Patient Summary (as `export-ips` writes it) instead of a card
help-share-create--fhir-file = Share this FHIR JSON file instead of a card
help-share-create--expires = How long the link works: seconds, minutes, hours, days or weeks (`90m`, `12h`, `7d`, `2w`) [default: 7d]
help-share-create--passcode-file = A file holding the passcode recipients must type (first line; 4 to 256 characters)
help-share-create--max-attempts = Wrong passcodes tolerated over the link's lifetime [default: 10]
help-share-create--label = A short label shown before the link is opened (≤ 80 characters; it travels in the link)
help-share-create--relay = The relay to host the link [default: the one the profile syncs through]
help-share-create--size = Paper layout of the card (values: a4, wallet) [default: a4]
help-share-create--today = The day the card is dated and freshness is judged on [default: today]
help-share-create--qr = Also write the link as a QR code to show or print: FILE.png or FILE.svg

## tsunagu share list
help-share-list = List the links this device made (no network), or with --all every link made from a synced profile by any device (the owner sees all; asks the relay)
help-share-list--profile = Only this profile's links

## tsunagu share status
help-share-status = How the relay sees a link: views, passcode attempts left, revoked
help-share-status--link = The link's id (or its first characters, or the link itself)

## tsunagu share revoke
help-share-revoke = Revoke a link: the relay stops serving it and deletes its file
help-share-revoke--link = The link's id (or its first characters, or the link itself)

## tsunagu invite
help-invite = Invite another device to a shared profile: prints the invite link
help-invite--profile = Profile id (or its first characters, or the child's name or kana)
help-invite--role = Role the invited device gets (values: editor, viewer)
help-invite--expires-hours = Hours until the invite expires [default: 72]
help-invite--qr = Also write the link as a QR code to scan with the other device: FILE.png or FILE.svg

## tsunagu join
help-join = Join a shared profile with an invite link
help-join--link = The invite link (quote it: it contains `&` and `#`)

## tsunagu sync
help-sync = Sync one shared profile, or all of them (offline is not a failure); `sync start PROFILE --relay URL` starts syncing it with this device as owner
help-sync--profile = Profile id [default: every shared profile]
help-sync--status = Only show how syncing stands (last success, changes not yet pushed, last error); no network

## tsunagu sync start
help-sync-start = Start syncing a profile through a relay, with this device as its owner
help-sync-start--profile = Profile id (or its first characters, or the child's name or kana)
help-sync-start--relay = Base URL of the relay (`https://relay.example` or `http://127.0.0.1:8080`)

## tsunagu members
help-members = List a shared profile's members, or remove one (`members remove PROFILE DEVICE`)
help-members--profile = Profile id (or its first characters, or the child's name or kana)

## tsunagu members remove
help-members-remove = Remove a device (owner only): revokes it and rotates the profile's key
help-members-remove--profile = Profile id (or its first characters, or the child's name or kana)
help-members-remove--device = Device id as `tsunagu members PROFILE` lists it

## tsunagu readiness
help-readiness = Disaster readiness of a profile: power runway, oxygen, supplies, actions, checklist
help-readiness--all = Every profile in the store that is not archived, one after the other
help-readiness--profile = Profile id (or its first characters, or the child's name or kana)

## tsunagu roster
help-roster = One row per child in the store, for the coordinator: filter, sort, and export as CSV or Excel (archived profiles left out)
help-roster--format = Output format (values: table, csv, xlsx: an Excel workbook, written to --out) [default: table]
help-roster--out = Write to this file instead of the terminal (required for xlsx)
help-roster--filter = Keep only the children matching EXPR (repeatable; all must match): life-sustaining[=KIND], power-dependent, runway<HOURS, district=TEXT (in the address), destination=TEXT, missing
help-roster--sort = Order of the rows (values: runway: shortest first, name: by kana, age, missing: most first, plan-date, drill: oldest first, updated: least recent first, destination) [default: runway]
help-roster--reverse = Reverse the order
help-roster--wide = Every column in the table (the CSV and the workbook always have them all)
help-roster--archived = Include archived profiles
help-roster--as-of = Judge drill dates as of this day (YYYY-MM-DD) [default: today]

## tsunagu view
help-view = A profile as one audience needs it: `--audience shelter|ems|caregiver`
help-view--profile = Profile id (or its first characters, or the child's name or kana)
help-view--audience = Who the view is for (values: shelter, ems, caregiver)
help-view--today = The day to judge freshness against (stale weight, tube changes, drills) [default: today]

## tsunagu qr
help-qr = The shelter QR code (`--out FILE.png|FILE.svg`), printing its plain-text summary
help-qr--profile = Profile id (or its first characters, or the child's name or kana)
help-qr--out = The file to write: `.png` or `.svg`
help-qr--bilingual = Japanese and English together: the same as `--lang ja+en`
help-qr--today = The day the summary is dated and the age is counted on [default: today]

## tsunagu card
help-card = The printable card: one audience's view as self-contained HTML, A4 or wallet size
help-card--profile = Profile id (or its first characters, or the child's name or kana)
help-card--view = Whose view the card shows (values: shelter, ems, caregiver) [default: shelter]
help-card--size = Paper to print on (values: a4, wallet) [default: a4]
help-card--out = The HTML file to write
help-card--today = The day the card is dated and freshness is judged on [default: today]

## tsunagu plan export
help-plan-export = The 個別避難計画 for the municipality: legal items, roster items, consent (CSV or HTML)
help-plan-export--profile = Profile id (or its first characters, or the child's name or kana)
help-plan-export--format = Output format (values: csv, html) [default: html]
help-plan-export--out = The file to write (with --all: the directory) [default: stdout]
help-plan-export--all = Every profile that is not archived, one file each (PROFILE-ID.html or .csv) in the directory --out names
help-plan-export--as-of = Judge the drill date and date the export as of this day [default: today]

## tsunagu export ips
help-export-ips = The profile as a FHIR R4 International Patient Summary (`--out FILE.json`)
help-export-ips--profile = Profile id (or its first characters, or the child's name or kana)
help-export-ips--out = The JSON file to write
help-export-ips--at = The document's date and time, RFC 3339 (`2026-12-01T09:00:00Z`) [default: now]

## tsunagu backup
help-backup = An encrypted backup of the store or one profile (passphrase or random key)
help-backup--profile = Only this profile [default: every profile in the store]
help-backup--out = The backup file to write
help-backup--passphrase-file = Read the passphrase from this file's first line (`-`: standard input)
help-backup--random-key = Seal with a fresh random key instead of a passphrase, and print it
help-backup--key-qr = With --random-key: also write the key as a QR code (`.png` or `.svg`)

## tsunagu restore
help-restore = Restore an encrypted backup: creates missing profiles, merges into existing ones
help-restore--file = The backup file
help-restore--passphrase-file = Read the passphrase from this file's first line (`-`: standard input)
help-restore--key = The random key printed when the backup was made (`tsk1-…`)

## tsunagu relay
help-relay = Run the sync relay

## tsunagu relay serve
help-relay-serve = Serve the relay on ADDR with its database in FILE, or in PostgreSQL at URL
help-relay-serve--listen = Address to listen on (host:port; port 0 picks a free one) [default: 127.0.0.1:8080]
help-relay-serve--db = The relay's SQLite database (created if missing), or a PostgreSQL URL (postgres://…) that several relays may share
help-relay-serve--public-url = Public base URL (https://relay.example) for share links' file locations; needed behind a TLS proxy (or TSUNAGU_RELAY_PUBLIC_URL)
help-relay-serve--db-pool = Most database connections the relay holds at once: PostgreSQL's pool; with SQLite the writer and up to N-1 readers (at most 4) [default: 16]
help-relay-serve--rate = Requests per second each device may make on average [default: 20]
help-relay-serve--burst = Requests each device may make in a burst [default: 100]
help-relay-serve--max-body = Largest request body in bytes [default: 1048576]
help-relay-serve--max-connections = Connections open at once; more are closed at accept [default: 1024]
help-relay-serve--idle-timeout = Seconds a kept-alive connection may stay idle before it is closed [default: 10]
help-relay-serve--metrics-addr = Serve Prometheus metrics at http://ADDR/metrics (host:port; keep it private); off when not given (or TSUNAGU_RELAY_METRICS_ADDR)
help-relay-serve--max-hashing = Passcode hashes computed at once (default: the CPU count); more get 503
help-relay-serve--shl-burst-per-ip = /shl/* requests one client address may make in a burst (refilled at 1 a second)
help-relay-serve--shl-burst-per-link = Manifest requests one link may get in a burst (refilled at 1 every 2 seconds)
help-relay-serve--trusted-proxy = Proxies (a network such as 10.0.0.0/24, or one address; repeat or separate by commas) whose X-Forwarded-For names the client for the /shl/* per-address limit; without it the header is ignored (or TSUNAGU_RELAY_TRUSTED_PROXY)

help-device = This device in a profile: its display name and role, which the other members see (inside the encrypted document only)
help-device-set-name = Give this device a display name and role in a profile (mother, father, visiting nurse, coordinator… or any text); edits are then recorded under this name
help-device-set-name--profile = Profile id (or a unique prefix)
help-device-set-name--name = Display name (at most 40 characters)
help-device-set-name--role = Role: 母, 父, 訪問看護師, コーディネーター, 医師, 支援者 (or mother, father, visiting nurse, coordinator, doctor, supporter) or any text
help-profile-new--name = This device's display name in the new profile (as `tsunagu device set-name`)
help-profile-new--role = This device's role in the new profile (母, 父, 訪問看護師… or any text)
help-join--name = This device's display name in the joined profile (as `tsunagu device set-name`)
help-join--role = This device's role in the joined profile (母, 父, 訪問看護師… or any text)
help-review--verify = Verify the value at this path that was saved over a warning (by someone other than who saved it)

help-share-list--all = Every link made from PROFILE, by every device, as the relay lists them
help-share-revoke--profile = The synced profile the link was made from (revoke through the profile: the owner may revoke any device's links)
help-share-revoke--device = Revoke every live link this device (a member's id, as `tsunagu members` lists it) made from --profile
help-members-remove--revoke-links = Also revoke every share link the removed device made from the profile (without it, the command says how many still work)

## tsunagu profile archive / unarchive / delete
help-profile-archive = Archive a profile on this device: hidden from `profile list` and `roster` (shown again with --archived); nothing changes for the other members
help-profile-archive--profile = Profile id (or its first characters, or the child's name or kana)
help-profile-unarchive = Bring an archived profile back into the lists
help-profile-unarchive--profile = Profile id (or its first characters, or the child's name or kana)
help-profile-delete = Delete this device's copy of a profile after a confirmation. A shared profile is left with the other members
help-profile-delete--profile = Profile id (or its first characters, or the child's name or kana)
help-profile-delete--yes = Delete without asking

## Examples shown under each command's help (cli/src/help.rs `example_id`)
help-heading-examples = Examples
example-tsunagu =
    tsunagu profile new --sample --device-name Mother
    tsunagu profile list
example-profile =
    tsunagu profile list --archived
example-profile-new =
    tsunagu profile new --sample --device-name Mother --device-role mother
example-profile-list =
    tsunagu profile list --archived --json
example-profile-show =
    tsunagu profile show yamada
    tsunagu profile show p-4f2a
example-profile-export =
    tsunagu profile export yamada --out sakura.tsunagu
example-profile-import =
    tsunagu profile import sakura.tsunagu
example-profile-compact =
    tsunagu profile compact yamada
example-profile-fill =
    tsunagu profile fill yamada --section devices
example-profile-archive =
    tsunagu profile archive p-4f2a
example-profile-unarchive =
    tsunagu profile unarchive p-4f2a
example-profile-delete =
    tsunagu profile delete p-4f2a
    tsunagu profile delete p-4f2a --yes
example-edit =
    tsunagu edit yamada --set child.weight.value=14.2
example-verify =
    tsunagu verify yamada devices --by "Dr. Sato" --role doctor
example-history =
    tsunagu history yamada --limit 10
    tsunagu history yamada --field child.weight
example-review =
    tsunagu review
    tsunagu review yamada --resolve devices.dev-vent.settings.ventilator.peep --keep 2
    tsunagu --as Father review yamada --verify devices.dev-vent.settings.ventilator.fio2
example-schema =
    tsunagu schema > profile.schema.json
example-fields =
    tsunagu fields --section devices
example-demo =
    tsunagu demo --dir demo-out
example-share =
    tsunagu share list
example-share-create =
    tsunagu share create yamada --view shelter --expires 7d --qr link.png
example-share-list =
    tsunagu share list yamada
example-share-status =
    tsunagu share status 3fQx
example-share-revoke =
    tsunagu share revoke 3fQx
example-invite =
    tsunagu invite yamada --role editor --qr invite.png
example-join =
    tsunagu join 'https://relay.example/invite#…' --device-name Nurse --device-role visiting_nurse
example-sync =
    tsunagu sync
    tsunagu sync yamada --status
example-sync-start =
    tsunagu sync start yamada --relay https://relay.example
example-members =
    tsunagu members yamada
example-members-remove =
    tsunagu members remove yamada DEVICE-ID --revoke-links
example-readiness =
    tsunagu readiness yamada
    tsunagu readiness --all
example-roster =
    tsunagu roster --filter life-sustaining=ventilator --filter runway<12 --sort runway
    tsunagu roster --format xlsx --out roster.xlsx
    tsunagu roster --needs-attention
example-view =
    tsunagu view yamada --audience ems
example-qr =
    tsunagu qr yamada --out shelter-qr.png
example-card =
    tsunagu card yamada --view shelter --size wallet --out card.html
example-plan-export =
    tsunagu plan-export yamada --format html --out plan.html
    tsunagu plan-export --all --format csv --out plans
example-export-ips =
    tsunagu export-ips yamada --out ips.json
example-backup =
    tsunagu backup --out family.tsunagu-backup --passphrase-file pass.txt
example-restore =
    tsunagu restore family.tsunagu-backup --passphrase-file pass.txt
example-relay =
    tsunagu relay serve --db relay.sqlite3
example-relay-serve =
    tsunagu relay serve --listen 127.0.0.1:8080 --db relay.sqlite3
example-device =
    tsunagu device set-name yamada Mother --role mother
example-device-set-name =
    tsunagu device set-name yamada Mother --role mother
help-desk = The coordinator's desk: a local web app on 127.0.0.1 over this store (prints a one-time login address and opens it in the default browser)
help-desk--port = Port to listen on, on 127.0.0.1 (0 picks a free one) [default: 0]
help-desk--today = The day freshness and "needs attention" are judged on (YYYY-MM-DD) [default: today]
help-desk--no-open = Only print the login address; do not open it in the default browser
help-roster--needs-attention = Only the children who need attention, and why (stale weight, overdue tube or cannula change, old drill or plan, no update in 6 months, unverified sections, values that differ, unsynced changes)
example-desk =
    tsunagu desk
    tsunagu desk --data-dir ~/tsunagu-desk --port 8765
    tsunagu desk --no-open

## tsunagu import (h15-import: children from a spreadsheet, docs/import.md)
help-import = Import children from a spreadsheet (CSV or .xlsx, one row per child). Written only when every row is valid: one bad row and nothing is written
help-import--file = The file: CSV (UTF-8, with or without BOM) or .xlsx (its first sheet)
help-import--dry-run = Check every row and show the children that would be created; write nothing
help-import--allow-duplicates = Import a child whose name and date of birth are already in the store (or twice in the file)
help-import--today = Judge dates and ages as of this day (YYYY-MM-DD) [default: today]
help-import--name = This device's display name in the new profiles (as `tsunagu device set-name`)
help-import--role = This device's role in the new profiles (coordinator… or any text)
help-import-template = Write the import template (its header row, in the output language): .xlsx or .csv
help-import-template--out = The file to write; the format follows the extension (.xlsx or .csv)
example-import =
    tsunagu import template --out children.xlsx
    tsunagu import children.xlsx --dry-run
    tsunagu import children.csv --device-name "City office" --device-role coordinator
example-import-template =
    tsunagu import template --out children.xlsx
    tsunagu --lang ja import template --out こども一覧.csv
