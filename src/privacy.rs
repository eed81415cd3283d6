//! What of the team's data the site publishes. A Netlify site is public unless it is
//! protected, so nothing private goes out by default:
//!
//! - the `reason` of time off only when `site.yaml` says `publish_time_off_reasons: true`
//!   (otherwise pages and feeds say that someone is away, not why);
//! - of the contact details, only the fields `publish_contacts` names (chat handle and
//!   e-mail by default, the phone number when asked);
//! - contact details never in the search index, whatever the setting (see
//!   `render::search_docs`).
//!
//! The schedule is worked out from the team as published, so that no page, feed or JSON
//! file built from it can carry a reason the site does not publish.

use std::borrow::Cow;

use crate::model::{Contact, ContactField, SiteConfig, Team};

/// The team the schedule is worked out from: time off without its reasons, unless the
/// site publishes them. The dates are kept; only the words go.
pub fn schedule_team<'a>(team: &'a Team, config: &SiteConfig) -> Cow<'a, Team> {
    let has_reasons = team
        .engineers
        .iter()
        .any(|e| e.time_off.iter().any(|t| t.reason.is_some()));
    if config.publish_time_off_reasons || !has_reasons {
        return Cow::Borrowed(team);
    }
    let mut team = team.clone();
    for off in team
        .engineers
        .iter_mut()
        .flat_map(|e| e.time_off.iter_mut())
    {
        off.reason = None;
    }
    Cow::Owned(team)
}

/// The fields of `contact` the site shows.
pub fn contact(contact: &Contact, config: &SiteConfig) -> Contact {
    let shown = |field: ContactField, value: &Option<String>| {
        value
            .as_ref()
            .filter(|_| config.publish_contacts.contains(&field))
            .cloned()
    };
    Contact {
        email: shown(ContactField::Email, &contact.email),
        slack: shown(ContactField::Slack, &contact.slack),
        phone: shown(ContactField::Phone, &contact.phone),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Engineer, TimeOff};
    use chrono::NaiveDate;

    fn team() -> Team {
        let day = NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        Team {
            engineers: vec![Engineer {
                id: "a".into(),
                name: "A".into(),
                contact: Contact {
                    email: Some("a@example.com".into()),
                    slack: Some("@a".into()),
                    phone: Some("+1 555 0100".into()),
                },
                github: None,
                time_off: vec![TimeOff {
                    from: day,
                    to: day,
                    reason: Some("Medical treatment".into()),
                }],
                formerly: Vec::new(),
            }],
        }
    }

    #[test]
    fn reasons_are_dropped_unless_published() {
        let team = team();
        let mut config = SiteConfig::default();
        let public = schedule_team(&team, &config);
        assert_eq!(public.engineers[0].time_off[0].reason, None);
        assert_eq!(
            public.engineers[0].time_off[0].from,
            team.engineers[0].time_off[0].from
        );
        config.publish_time_off_reasons = true;
        let public = schedule_team(&team, &config);
        assert_eq!(
            public.engineers[0].time_off[0].reason.as_deref(),
            Some("Medical treatment")
        );
    }

    #[test]
    fn contacts_show_chat_and_email_by_default_and_phone_when_asked() {
        let team = team();
        let c = &team.engineers[0].contact;
        let mut config = SiteConfig::default();
        let shown = contact(c, &config);
        assert_eq!(shown.email.as_deref(), Some("a@example.com"));
        assert_eq!(shown.slack.as_deref(), Some("@a"));
        assert_eq!(shown.phone, None);
        config.publish_contacts = vec![ContactField::Phone];
        let shown = contact(c, &config);
        assert_eq!((shown.email, shown.slack), (None, None));
        assert_eq!(shown.phone.as_deref(), Some("+1 555 0100"));
        config.publish_contacts = Vec::new();
        let shown = contact(c, &config);
        assert_eq!((shown.email, shown.slack, shown.phone), (None, None, None));
    }
}
