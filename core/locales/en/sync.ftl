## sync.ftl — sync, membership, invites, relay trust.
## Joined after tsunagu.ftl into one resource (core/src/i18n/mod.rs); ids are unique across files.

## Joining: the invite link carries no key; the owner grants it after the join (ADR 0007)
sync-waiting-for-owner = waiting for the owner: the profile's key arrives once the owner's device syncs; run tsunagu sync again after that
sync-old-invite-link = this invite link is of an older format (it carried the profile's key) and is no longer accepted: ask for a new invite

## Removing a member: its share links keep working until revoked (issue 14)
sync-member-removed = removed device { $device } from profile { $profile }; the profile's key is now epoch { $epoch }
sync-links-revoked = revoked { $count } share link(s) the device made; the relay no longer serves them
sync-removed-links-live = the removed device made { $count } share link(s) that still work; revoke them with: { $command }
