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
