## desk.ftl — `tsunagu desk`, the coordinator's desk in the browser, and "needs attention".
## Joined after the other topics into one resource (core/src/i18n/mod.rs); ids are unique across files.

attention-review-items = values differ after concurrent edits
attention-unsynced = changes not synced yet
desk-started = The Tsunagu desk is open. Open this address in your browser (it logs you in once): { $url }
desk-stop-hint = Press Ctrl+C to stop it.
desk-brand = Tsunagu desk
desk-skip-to-content = Skip to the content
desk-tools = Display
desk-logout = Log out
desk-logged-out = You are logged out. To open the desk again, start `tsunagu desk` again.
desk-home-title = Children
desk-search-label = Find by name or kana
desk-search-button = Find
desk-home-count = Children in this store: { $total }
desk-needs-attention = Needs attention
desk-all-in-order = Nothing due this week
desk-none = None
desk-nothing-due = Nothing to check this week
desk-no-name = (no name recorded)
desk-reason-review-items = fields whose values differ after concurrent edits: { $count }
desk-reason-unsynced = changes not synced yet: { $count }
desk-profile-id = Profile id
desk-child-pages = Pages of this child
desk-tab-overview = Overview
desk-tab-shelter = Shelter
desk-tab-ems = EMS
desk-tab-caregiver = Caregiver
desk-tab-history = History
desk-print = Print and export
desk-card-a4 = Print the shelter card (A4)
desk-card-wallet = Print the shelter card (wallet size)
desk-card-ems = Print the EMS card (A4)
desk-card-caregiver = Print the caregiver card (A4)
desk-plan = Print the individual evacuation plan (個別避難計画)
desk-ips = Download the International Patient Summary (IPS, FHIR JSON)
desk-print-this = Print this as a card
desk-readiness = Disaster readiness
desk-members = Members
desk-no-members = No device has recorded its name yet.
desk-last-change = Last change
desk-sync = Sync
desk-sync-relay = Relay
desk-sync-role = This device's access
desk-sync-last = Last synced
desk-sync-pending = Changes not sent yet
desk-sync-error = Last sync error
desk-not-shared = This profile is not shared (it is on this device only).
desk-review = Values to review
desk-no-review = No values differ.
desk-history = Change log (newest first)
desk-err-host = The desk does not answer at this address. Open the address `tsunagu desk` printed (127.0.0.1 or localhost).
desk-err-login = You are not logged in. Open the address `tsunagu desk` printed.
desk-err-token = This login address is wrong or was already used. Start `tsunagu desk` again and open the new address.
desk-err-csrf = This action was refused (the page's check token is missing). Reload the page and try again.
desk-err-too-large = What was sent is too large.
desk-err-unknown-child = There is no profile of this child.
desk-err-not-found = There is no such page.
desk-err-failed = The page could not be shown. The terminal running `tsunagu desk` says why.
roster-col-attention = Why it needs attention
roster-nobody-needs-attention = Nobody needs attention.
desk-tab-edit = Edit
desk-edit-sections = Sections to edit
desk-edit-saved = Saved.
desk-edit-required = required
desk-edit-confirm = I have checked the values above; save them as they are
desk-edit-save = Save
desk-tab-devices = Devices
desk-devices-none = No device is recorded yet.
desk-device-add = Add a device
desk-device-kind = Kind
desk-device-next = Next
desk-device-new = New device: { $kind }
desk-review-keep = { $field }: choose the value to keep
desk-review-resolve = Keep this value

# ---- h15-roster: the roster page, archiving and deleting (cli/src/desk/roster.rs, archive.rs) ----
desk-home-links = Lists
desk-back-home = Back to every child
desk-roster-title = Roster
desk-roster-filter = Filter
desk-roster-life = Life-sustaining devices
desk-roster-life-all = Everyone
desk-roster-life-any = Any life-sustaining device
desk-roster-runway = Power runway under (hours)
desk-roster-district = District (address contains)
desk-roster-destination = Destination contains
desk-roster-attention = Only the children who need attention
desk-roster-apply = Show
desk-roster-clear = Clear the filters
desk-roster-bad-runway = The power runway must be a number of hours above 0 (for example 6).
desk-roster-count = { $count ->
    [one] One child
   *[other] { $count } children
}
desk-roster-csv = Download this view as CSV
desk-roster-xlsx = Download this view as Excel (.xlsx)
desk-roster-caption = One row per child; a column's title sorts by it (again: the other way)
desk-archived-title = Archived children
desk-archived-link = Archived: { $count }
desk-archived-what = Archived children are hidden from the lists on this computer only. Nothing is deleted, and whoever shares a profile sees no change.
desk-archived-none = No child is archived.
desk-archived-since = Archived on this computer since { $when }.
desk-keep-title = Archive or delete
desk-keep-archive-what = Archiving hides this child from the lists on this computer (a child who moved away, a duplicate). Nothing is deleted; you can restore it at any time.
desk-keep-archive = Archive
desk-keep-restore = Restore to the lists
desk-keep-delete = Delete this computer's copy…
desk-delete-title = Delete this computer's copy
desk-delete-what = This deletes the profile from this computer: every section, the change log and the records of its share links. It cannot be undone here. If you may need it again, export it first (tsunagu profile export) or archive it instead.
desk-delete-shared = This profile is shared. The others who share it keep their copies and can go on using and editing them; the relay keeps its encrypted changes. Only this computer's copy and its keys are deleted; to have it here again, someone must invite this computer anew.
desk-delete-local-only = This profile is not shared: unless someone exported it, this computer's copy is the only one.
desk-delete-archive-instead = To only hide the child from the lists, archive it instead.
desk-delete-live-links = { $count ->
    [one] One share link of this profile still works. Revoke it first (tsunagu share revoke): once the copy is deleted, this computer can no longer revoke it.
   *[other] { $count } share links of this profile still work. Revoke them first (tsunagu share revoke): once the copy is deleted, this computer can no longer revoke them.
}
desk-delete-understood = I understand that this computer's copy is deleted
desk-delete-button = Delete this computer's copy
desk-delete-cancel = Cancel
desk-delete-not-confirmed = Nothing was deleted: tick the box to confirm.
desk-delete-links-first = Nothing was deleted: a share link still works.
desk-deleted-title = Deleted
desk-deleted-done = This computer's copy of { $name } was deleted.
desk-deleted-shared = The others who share this profile keep their copies.
## ---- h15-edit: the entries of collections, editing and removing devices (cli/src/desk/entries.rs) ----
desk-entries-lists = Lists (medications, allergies, contacts…)
desk-entries-none = Nothing is recorded yet.
desk-entries-add = Add
desk-entries-new = Add to { $list }
desk-entries-edit = Edit
desk-entries-edit-one = Edit: { $entry }
desk-entries-edit-title = { $list }: { $entry }
desk-entries-remove = Remove
desk-entries-remove-one = Remove: { $entry }
desk-entries-remove-this = Remove this entry…
desk-entries-remove-title = Remove?
desk-entries-remove-question = Remove “{ $entry }” from { $list }? For a shared profile it goes from the other devices too at their next sync (the change log keeps it).
desk-entries-remove-yes = Remove
desk-entries-cancel = Cancel
desk-entries-removed = Removed.
desk-entries-back = Back to { $list }
desk-entries-section-fields = Edit the other fields of { $section }
desk-entries-unnamed = (no name)
## The import page (h15-import: cli/src/desk/import.rs, cli/templates/desk/import.html)
desk-import-link = Import from a spreadsheet
desk-import-title = Import from a spreadsheet
desk-import-template = Template
desk-import-template-help = One row per child. Keep the template's headers in row 1 (delete the columns you do not use). What each column takes is on the Excel template's "Help" sheet.
desk-import-template-xlsx = Download the template (Excel .xlsx)
desk-import-template-csv = Download the template (CSV)
desk-import-upload = Import a file
desk-import-all-or-nothing = The children are imported only when every row is valid. With one problem nothing is written, and every problem is shown by row and column.
desk-import-file = A CSV (UTF-8) or Excel (.xlsx) file
desk-import-device-name = This device's display name in the new profiles (optional, e.g. City office, disability welfare)
desk-import-allow-duplicates = Import a child even when one with the same name and date of birth exists (another child)
desk-import-button = Check and import
desk-import-no-file = Choose a file.
desk-import-refused = Not imported: { $count ->
        [one] one problem
       *[other] { $count } problems
    }. Nothing was written; fix the file and import it again.
desk-import-problems = The problems (rows and columns as the spreadsheet shows them)
desk-import-col-row = Row
desk-import-col-column = Column
desk-import-col-problem = Problem
desk-import-done = { $count ->
        [one] Imported one child.
       *[other] Imported { $count } children.
    }
desk-import-to-home = To the children
