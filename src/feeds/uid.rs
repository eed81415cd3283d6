//! The `UID`s pipebook writes, read back from a previous site's feeds: one parser for the
//! comparisons that need whose event it was. A team feed's event is `<kind>@<host>`
//! (`shift-48@host`, `override-20261224T230000Z@host`); a personal feed's names the
//! engineer's key after the last dot (`shift-48.de4@host`, `shift-48.secondary.de4@host`,
//! `backup-daily-growth-holiday-20261111.de2@host`, the record `feed.de5@host`). Engineer
//! and pipeline ids hold neither `.` nor `@` (validate), and the host may hold dots, so
//! the host is what follows the last `@` and the key what follows the last dot before it.

/// A `UID` taken apart: see the module's comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Uid<'a> {
    /// What the event is: `shift-48`, `shift-48.secondary`, `backup-…-holiday-20261111`.
    pub kind: &'a str,
    /// The engineer key of a personal feed's event (its last dotted part), if any.
    pub key: Option<&'a str>,
    /// What follows the last `@`.
    pub host: &'a str,
}

/// What a personal feed's shift or override event says its engineer was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// On call (`shift-48.de4`, `override-<stamp>.de4`, `shift-48-<stamp>.de4`).
    OnCall,
    /// Second on call (`shift-48.secondary.de4`).
    Secondary,
}

impl<'a> Uid<'a> {
    /// `uid` taken apart; none without an `@`.
    pub(super) fn parse(uid: &'a str) -> Option<Self> {
        let (name, host) = uid.rsplit_once('@')?;
        let (kind, key) = match name.rsplit_once('.') {
            Some((kind, key)) => (kind, Some(key)),
            None => (name, None),
        };
        Some(Uid { kind, key, host })
    }

    /// Whether an override made the event: the override's own (`override-<start>`, and
    /// its secondary's `override-<start>.secondary`) or a piece of the shift it cut
    /// (`shift-<slot>-<start>`; a whole shift is `shift-<slot>`, a negative slot
    /// `shift--3`).
    pub(super) fn by_override(&self) -> bool {
        if self.kind.starts_with("override-") {
            return true;
        }
        let Some(slot) = self.kind.strip_prefix("shift-") else {
            return false;
        };
        let digits = slot.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0
            && slot.as_bytes().get(digits) == Some(&b'-')
            && slot
                .as_bytes()
                .get(digits + 1)
                .is_some_and(u8::is_ascii_digit)
    }

    /// The role and engineer key of a personal feed's shift or override event (of a
    /// shift's piece too); none for any other event, and for a key with a dot left in
    /// its kind (`shift-1.x.de4`, which pipebook does not write).
    pub(super) fn shift_role(&self) -> Option<(Role, &'a str)> {
        let key = self.key?;
        let rest =
            (self.kind.strip_prefix("shift-")).or_else(|| self.kind.strip_prefix("override-"))?;
        match rest.strip_suffix(".secondary") {
            Some(slot) if !slot.contains('.') => Some((Role::Secondary, key)),
            None if !rest.contains('.') => Some((Role::OnCall, key)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_a_team_event_apart() {
        let uid = Uid::parse("shift-48@ops.example.com").unwrap();
        assert_eq!(
            (uid.kind, uid.key, uid.host),
            ("shift-48", None, "ops.example.com")
        );
        assert_eq!(uid.shift_role(), None);
    }

    #[test]
    fn the_host_follows_the_last_at_and_may_hold_dots_and_a_path() {
        let uid = Uid::parse("shift-3.de2@docs.example.com/ops").unwrap();
        assert_eq!((uid.kind, uid.key), ("shift-3", Some("de2")));
        assert_eq!(uid.host, "docs.example.com/ops");
        assert_eq!(Uid::parse("a@b@c").unwrap().host, "c");
        assert_eq!(Uid::parse("shift-3.de2"), None);
    }

    #[test]
    fn tells_on_call_from_second_on_call() {
        fn role(uid: &str) -> Option<(Role, &str)> {
            Uid::parse(uid).unwrap().shift_role()
        }
        assert_eq!(role("shift-48.de4@h"), Some((Role::OnCall, "de4")));
        assert_eq!(
            role("shift-48-20261224T230000Z.de4@h"),
            Some((Role::OnCall, "de4"))
        );
        assert_eq!(
            role("override-20261224T230000Z.de1@h"),
            Some((Role::OnCall, "de1"))
        );
        assert_eq!(
            role("shift-48.secondary.de4@h"),
            Some((Role::Secondary, "de4"))
        );
        assert_eq!(
            role("override-20261224T230000Z.secondary.de3@h"),
            Some((Role::Secondary, "de3"))
        );
        assert_eq!(role("shift-1.x.de4@h"), None);
        assert_eq!(role("backup-p-holiday-20261111.de2@h"), None);
        assert_eq!(role("feed.de5@h"), None);
    }

    #[test]
    fn names_a_backup_duty_and_a_feed_record() {
        let uid = Uid::parse("backup-daily-growth-holiday-20261111.de2@h").unwrap();
        assert_eq!(
            (uid.kind, uid.key),
            ("backup-daily-growth-holiday-20261111", Some("de2"))
        );
        let uid = Uid::parse("feed.de5@h").unwrap();
        assert_eq!((uid.kind, uid.key), ("feed", Some("de5")));
    }
}
