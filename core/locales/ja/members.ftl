## members.ftl — device names and roles, the member list, and the change log's values.
## Joined after the other topics into one resource (core/src/i18n/mod.rs); ids are unique across files.

member-name-with-role = { $role } { $name }
member-role-mother = 母
member-role-father = 父
member-role-visiting_nurse = 訪問看護師
member-role-coordinator = コーディネーター
member-role-doctor = 医師
member-role-supporter = 支援者
member-name-missing = この端末の名前がこのプロフィールにまだ登録されていません。だれの変更か分かるように、先に名前（と役割）を登録してください。
member-name-invalid = 端末の名前は必須で、名前と役割はそれぞれ{ $max }文字までです。
member-warn-no-name = 注意: この端末の名前がプロフィール { $profile } に登録されていません。「tsunagu device set-name { $profile } 名前 --role 役割」で登録してください。この変更は作成者なしで記録されます。
member-name-set = { $profile }: この端末の名前を「{ $display }」にしました
member-name-later = 名前はプロフィールが届いた後に「tsunagu device set-name { $profile } 名前」で登録してください
member-access-owner = 所有者
member-access-editor = 編集者
member-access-viewer = 閲覧者
member-col-name = 名前
member-col-role = 役割
member-col-access = 権限
member-col-joined = 参加
member-col-last-change = 最終変更
member-col-device = 端末ID
member-this-device = この端末
member-removed = 削除済み
member-no-name = （名前なし）
member-offline = （オフライン: 前回取得したメンバー一覧です）
member-last-change-note = 最終変更 = この端末が持つ文書の中で、その端末が書いた最新の変更の時刻（中継サーバーへの最終接続ではありません）

history-entity-changes = { $entity }: { $changes }
history-field-change = { $field } { $old } → { $new }
history-field-changed = { $field }を変更
history-entity-added = { $collection }に{ $entity }を追加しました
history-entity-removed = { $collection }から{ $entity }を削除しました
history-entity-with-detail = { $kind }（{ $detail }）
history-value-empty = （空欄）
history-value-yes = はい
history-value-no = いいえ
history-named-device = 端末名を「{ $name }」にしました
history-entry-anonymous = { $time }　{ $summary }

## The apps ask for this device's name before its first edit of a profile
app-device-name-title = この端末の名前
app-device-name-why = このプロフィールを共有する人全員に、だれが変更したかが表示されます。最初の変更の前に、この端末を使う人の名前（と立場）を入れてください。
app-device-name = 名前
app-device-role = 立場（母、父、訪問看護師など。なくてもかまいません）
app-device-name-save = 名前を保存
