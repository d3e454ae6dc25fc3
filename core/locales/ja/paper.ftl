## paper.ftl — the printed card, the shelter QR and the share-link content.
## Joined after tsunagu.ftl into one resource (core/src/i18n/mod.rs); ids are unique across files.

# The card's compact provenance: each item carries the date it last changed (no name: the history
# has it), and a short mark when a professional verified it.
card-verified-short = ✓確認 { $role }（{ $date }）
card-verified-short-no-role = ✓確認（{ $date }）
# On the wallet card's back, when the call list is longer than the card holds.
card-more-calls = ほかの連絡先は A4 の用紙にあります
# On the wallet card's front, when the red essentials left items out or cut a long text.
card-more-front = 続き・詳細は A4 の用紙と裏の QR にあります
# The wallet card's short title for the rescue medicines (the A4 sheet says "when and how much").
card-wallet-rescue = 緊急時の薬
# On the wallet card's front, before a rescue medicine's trigger; the languages' words are
# joined ("使うとき / give when") when the trigger is the same text in each.
card-rescue-when = 使うとき
# On the A4 card, after the red zone: the red items' details (settings, battery split, dealer).
card-red-details = 赤の項目の詳しい内容（設定・電源・業者）
