//! The SMART Health Links this device made, in the store's file (ADR 0005): which profile,
//! which relay, the whole link (key included, so the family can show it again), what it
//! carries, its label, expiry and passcode flag, and when it was revoked. The link module
//! decides what to store; this file only reads and writes it.

use chrono::Utc;
use rusqlite::{Connection, OptionalExtension, Row, params};
use serde::Serialize;

use super::ProfileStore;
use crate::error::{Error, Result};

/// A share link as this device keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ShareLinkRecord {
    /// The link id (also its manifest URL's last segment).
    pub id: String,
    /// The profile it shares.
    pub profile_id: String,
    /// The relay hosting it.
    pub relay_url: String,
    /// The link to hand out: the viewer URL with the `shlink:/` payload (key included) after `#`.
    pub link: String,
    /// What it carries (`card:shelter`, `card:ems`, `card:caregiver`, `fhir`).
    pub content: String,
    /// Its label, as the link shows it.
    pub label: Option<String>,
    /// True when recipients need a passcode.
    pub passcode: bool,
    /// When the relay stops serving it, Unix ms.
    pub expires_at: Option<i64>,
    /// When it was made, Unix ms.
    pub created_at: i64,
    /// When this device revoked it, Unix ms.
    pub revoked_at: Option<i64>,
}

impl ShareLinkRecord {
    /// True while it may still open: not revoked and not expired at `now_ms`.
    pub fn is_active(&self, now_ms: i64) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|e| now_ms < e)
    }
}

const COLUMNS: &str =
    "id, profile_id, relay_url, link, content, label, passcode, expires_at, created_at, revoked_at";

fn read(r: &Row<'_>) -> rusqlite::Result<ShareLinkRecord> {
    Ok(ShareLinkRecord {
        id: r.get(0)?,
        profile_id: r.get(1)?,
        relay_url: r.get(2)?,
        link: r.get(3)?,
        content: r.get(4)?,
        label: r.get(5)?,
        passcode: r.get::<_, i64>(6)? != 0,
        expires_at: r.get(7)?,
        created_at: r.get(8)?,
        revoked_at: r.get(9)?,
    })
}

fn one(conn: &Connection, id: &str) -> Result<Option<ShareLinkRecord>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM share_link WHERE id = ?1"),
            [id],
            read,
        )
        .optional()?)
}

impl ProfileStore {
    /// Records a link the relay accepted.
    pub(crate) fn add_share_link(&mut self, link: &ShareLinkRecord) -> Result<()> {
        self.conn.execute(
            &format!("INSERT INTO share_link ({COLUMNS}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)"),
            params![
                link.id,
                link.profile_id,
                link.relay_url,
                link.link,
                link.content,
                link.label,
                i64::from(link.passcode),
                link.expires_at,
                link.created_at,
                link.revoked_at,
            ],
        )?;
        Ok(())
    }

    /// Every link this device made, newest first; only those of `profile` when given.
    pub fn share_links(&self, profile: Option<&str>) -> Result<Vec<ShareLinkRecord>> {
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM share_link WHERE ?1 IS NULL OR profile_id = ?1
             ORDER BY created_at DESC, id"
        ))?;
        let rows = stmt
            .query_map([profile], read)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows)
    }

    /// The link whose id is `id`, or starts with `id` when that is unambiguous (ids are long;
    /// people type the first few characters `share list` shows).
    pub fn share_link(&self, id: &str) -> Result<ShareLinkRecord> {
        if let Some(link) = one(&self.conn, id)? {
            return Ok(link);
        }
        let unknown = || Error::UnknownShareLink(id.chars().take(43).collect());
        if id.len() < 4
            || !id
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        {
            return Err(unknown());
        }
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {COLUMNS} FROM share_link WHERE substr(id, 1, ?2) = ?1 LIMIT 2"
        ))?;
        let mut found = stmt
            .query_map(params![id, id.len() as i64], read)?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        match found.len() {
            1 => Ok(found.remove(0)),
            0 => Err(unknown()),
            _ => Err(Error::AmbiguousShareLink(id.to_owned())),
        }
    }

    /// Marks a link revoked (idempotent: the first time is kept).
    pub(crate) fn mark_share_link_revoked(&mut self, id: &str) -> Result<()> {
        self.conn.execute(
            "UPDATE share_link SET revoked_at = coalesce(revoked_at, ?2) WHERE id = ?1",
            params![id, Utc::now().timestamp_millis()],
        )?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{EditContext, sample};

    fn record(id: &str, profile: &str, created_at: i64) -> ShareLinkRecord {
        ShareLinkRecord {
            id: id.into(),
            profile_id: profile.into(),
            relay_url: "http://127.0.0.1:1".into(),
            link: format!("http://127.0.0.1:1/view#shlink:/{id}"),
            content: "card:shelter".into(),
            label: Some("避難所".into()),
            passcode: true,
            expires_at: Some(created_at + 1000),
            created_at,
            revoked_at: None,
        }
    }

    #[test]
    fn links_are_kept_listed_found_by_prefix_and_revoked() {
        let dir = tempfile::tempdir().expect("tmp");
        let path = dir.path().join("s.sqlite3");
        let mut store = ProfileStore::open(&path).expect("opens");
        let p = store
            .create_profile(&sample::demo_profile(), &EditContext::now("母"))
            .expect("creates");
        let a = format!("abcd{}", "A".repeat(39));
        let b = format!("abce{}", "B".repeat(39));
        store.add_share_link(&record(&a, &p, 10)).expect("adds");
        store.add_share_link(&record(&b, &p, 20)).expect("adds");
        assert!(
            store.add_share_link(&record(&a, &p, 30)).is_err(),
            "ids are unique"
        );
        let listed = store.share_links(None).expect("lists");
        assert_eq!(
            listed.iter().map(|l| l.id.as_str()).collect::<Vec<_>>(),
            [b.as_str(), a.as_str()]
        );
        assert_eq!(store.share_links(Some("p-other")).expect("lists"), []);
        assert_eq!(store.share_link("abcdA").expect("prefix").id, a);
        assert!(matches!(store.share_link("abc"), Err(Error::UnknownShareLink(_))));
        assert!(matches!(
            store.share_link("abcX"),
            Err(Error::UnknownShareLink(_))
        ));
        assert!(matches!(
            store.share_link("abc'"),
            Err(Error::UnknownShareLink(_))
        ));
        let ab = "ab".to_owned() + "c";
        assert!(matches!(
            store.share_link(&(ab + "%")),
            Err(Error::UnknownShareLink(_))
        ));
        assert!(store.share_link(&a).expect("found").is_active(15));
        assert!(!store.share_link(&a).expect("found").is_active(1010), "expired");
        store.mark_share_link_revoked(&a).expect("revokes");
        let first = store.share_link(&a).expect("found").revoked_at;
        store.mark_share_link_revoked(&a).expect("again");
        drop(store);
        // Durable across reopening.
        let store = ProfileStore::open(&path).expect("reopens");
        let again = store.share_link(&a).expect("found");
        assert_eq!(again.revoked_at, first);
        assert!(!again.is_active(15));
        assert!(store.share_link(&b).expect("found").is_active(15));
    }
}
