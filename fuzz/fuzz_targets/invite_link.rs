//! Invite links (pasted or scanned by a joining device): parsing never panics, and a parsed link
//! encodes to one that parses to the same invite.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tsunagu_wire::invite::InviteLink;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok((link, invite)) = InviteLink::parse_with_invite(text) {
        let url = match &invite {
            Some(i) => link.to_url_with_invite(i),
            None => link.to_url(),
        };
        let (again, invite_again) = InviteLink::parse_with_invite(&url).expect("an encoded link parses");
        assert_eq!(again, link);
        assert_eq!(invite_again, invite);
    }
});
