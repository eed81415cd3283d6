//! `oncall.json`, the resolved schedule for the browser: apart from the calendar feeds,
//! since it shares none of their line writing.

use serde::Serialize;

use super::Feeds;

impl Feeds<'_> {
    /// The resolved schedule for the browser, which works out "on call now" itself.
    pub(super) fn json(&self) -> Vec<u8> {
        #[derive(Serialize)]
        struct Json<'a> {
            generated: String,
            timezone: &'a str,
            schedule: String,
            engineers: Vec<Person<'a>>,
            shifts: Vec<Entry<'a>>,
        }
        #[derive(Serialize)]
        struct Person<'a> {
            id: &'a str,
            name: &'a str,
            url: String,
            /// Only when the site publishes chat handles (`publish_contacts`).
            #[serde(skip_serializing_if = "Option::is_none")]
            slack: Option<String>,
            /// `mailto:` and `tel:` links, only for the fields the site publishes: the
            /// "on call now" box offers them to tap.
            #[serde(skip_serializing_if = "Option::is_none")]
            email_url: Option<String>,
            #[serde(skip_serializing_if = "Option::is_none")]
            phone_url: Option<String>,
        }
        #[derive(Serialize)]
        struct Entry<'a> {
            start: String,
            end: String,
            engineer: &'a str,
            /// Second on call; absent only when everyone else is away.
            #[serde(skip_serializing_if = "Option::is_none")]
            secondary: Option<&'a str>,
            #[serde(rename = "override")]
            is_override: bool,
        }
        let json = Json {
            generated: self.schedule.now.to_rfc3339(),
            timezone: self.schedule.tz.name(),
            schedule: self.urls.link("oncall/"),
            engineers: self
                .site
                .team
                .engineers
                .iter()
                .map(|e| {
                    let shown = crate::privacy::contact(&e.contact, &self.site.config);
                    Person {
                        id: &e.id,
                        name: &e.name,
                        url: self.urls.link(&format!("engineers/{}/", e.id)),
                        email_url: shown.email.as_deref().map(crate::url::mailto),
                        phone_url: shown.phone.as_deref().map(crate::url::tel),
                        slack: shown.slack,
                    }
                })
                .collect(),
            shifts: self
                .schedule
                .segments
                .iter()
                .map(|s| Entry {
                    start: s.start.to_rfc3339(),
                    end: s.end.to_rfc3339(),
                    engineer: &s.engineer,
                    secondary: s.secondary.as_deref(),
                    is_override: s.override_index.is_some(),
                })
                .collect(),
        };
        serde_json::to_vec(&json).unwrap_or_default()
    }
}
