## sync.ftl — sync, membership, invites, relay trust.
## Joined after tsunagu.ftl into one resource (core/src/i18n/mod.rs); ids are unique across files.

## Joining: the invite link carries no key; the owner grants it after the join (ADR 0007)
sync-waiting-for-owner = オーナーの承認待ち：オーナーの端末が同期するとプロフィールの鍵が届きます。その後もう一度 tsunagu sync を実行してください
sync-old-invite-link = この招待リンクは古い形式（プロフィールの鍵を含む）のため使えません。新しい招待を依頼してください

## Removing a member: its share links keep working until revoked (issue 14)
sync-member-removed = 端末 { $device } をプロフィール { $profile } から外しました。プロフィールの鍵は世代 { $epoch } に変わりました
sync-links-revoked = その端末が作った共有リンク { $count } 件を無効にしました。中継サーバーはもう配信しません
sync-removed-links-live = 外した端末が作った共有リンクが { $count } 件まだ有効です。無効にするには: { $command }
