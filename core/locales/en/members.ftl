## members.ftl — device names and roles, the member list, and the change log's values.
## Joined after the other topics into one resource (core/src/i18n/mod.rs); ids are unique across files.

member-name-with-role = { $name } ({ $role })
member-role-mother = Mother
member-role-father = Father
member-role-visiting_nurse = Visiting nurse
member-role-coordinator = Coordinator
member-role-doctor = Doctor
member-role-supporter = Supporter
member-name-missing = This device has no name for this profile yet. Give it a name (and a role) first, so everyone can tell whose change it is.
member-name-invalid = A device needs a name; the name and the role are at most { $max } characters each.
member-warn-no-name = note: this device has no name for profile { $profile }. Give it one with "tsunagu device set-name { $profile } NAME --role ROLE". This change is recorded without an author.
member-name-set = { $profile }: this device is now called "{ $display }"
member-name-later = once the profile arrives, name this device with "tsunagu device set-name { $profile } NAME"
member-access-owner = owner
member-access-editor = editor
member-access-viewer = viewer
member-col-name = name
member-col-role = role
member-col-access = access
member-col-joined = joined
member-col-last-change = last change
member-col-device = device id
member-this-device = this device
member-removed = removed
member-no-name = (no name)
member-offline = (offline: the member list as last fetched)
member-last-change-note = last change = the newest change from that device in this device's copy of the document (not its last contact with the relay)

history-entity-changes = { $entity }: { $changes }
history-field-change = { $field } { $old } → { $new }
history-field-changed = { $field } changed
history-entity-added = Added { $entity } to { $collection }
history-entity-removed = Removed { $entity } from { $collection }
history-entity-with-detail = { $kind } ({ $detail })
history-value-empty = (empty)
history-value-yes = yes
history-value-no = no
history-named-device = Named this device "{ $name }"
history-entry-anonymous = { $time }  { $summary }

## The apps ask for this device's name before its first edit of a profile
app-device-name-title = Name this device
app-device-name-why = Everyone who shares this profile sees who made each change. Give this device your name (and a role) before the first edit.
app-device-name = Your name
app-device-role = Role (mother, father, visiting nurse…), optional
app-device-name-save = Save the name
