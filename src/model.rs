//! The typed site: what the content files say, after loading and before validation.
//!
//! These types are the format of `content/`: the README documents them field by field.
//! Data files reject unknown keys (a typo should not be silently ignored); runbook front
//! matter accepts them, because imported runbooks carry other generators' keys.

use std::collections::HashMap;

pub mod alert_rules;
mod config;
mod data;
mod de;
mod runbook;
mod source;

pub use config::*;
pub use data::*;
pub use runbook::*;
pub use source::*;

/// The longest runbook title taken, in bytes. A folder's title is in the breadcrumbs of
/// every page under it, and a runbook's in its neighbours' links: a 500 kB title of a
/// folder of 200 runbooks wrote 103 MB. Real titles are far shorter (the longest of
/// GitLab's runbooks: 138 bytes).
pub const MAX_TITLE: usize = 1024;

/// The longest name, id or contact taken, in bytes: real ones are a few dozen.
pub const MAX_NAME: usize = 256;

/// Name of the marker file at the top of every output folder pipebook writes (see
/// `write::guard`). Here, below every stage, because loading reads it too: it leaves other
/// builds' outputs out of the content and reads the previous site only if it is one.
pub const OUTPUT_MARKER: &str = ".pipebook-output";

/// The longest reason of an override or time off, in bytes: a line of text, as long as the
/// longest title ([`MAX_TITLE`]).
pub const MAX_REASON: usize = MAX_TITLE;

/// The message for a title of `len` bytes, over [`MAX_TITLE`].
pub fn title_too_long(len: usize) -> String {
    format!(
        "the title is {len} bytes long: pipebook takes titles of at most {MAX_TITLE} bytes (a title is shown in the breadcrumbs, listings and links of other pages)"
    )
}

/// Whether `id` may be an id of `team.yaml` or `pipelines.yaml`: lowercase letters, digits, `-`
/// and `_` (it is part of URLs and file names).
pub fn is_usable_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Everything under `content/` (and the theme), loaded into memory.
#[derive(Debug)]
pub struct Site {
    pub config: SiteConfig,
    pub team: Team,
    pub pipelines: Pipelines,
    pub oncall: OnCall,
    pub runbooks: Vec<Runbook>,
    /// Non-Markdown files under `content/runbooks`, copied beside their pages.
    pub assets: Vec<Asset>,
    /// Files beside the runbooks left out with a warning (see `load::assets`).
    pub left_out: Vec<LeftOut>,
    pub theme: Theme,
    /// Where each value of the data files came from, for diagnostics.
    pub sources: Sources,
    /// The runbook folder under the root, `/`-separated (`content/runbooks` unless
    /// site.yaml's `runbooks` says otherwise; `""` for the root itself).
    pub runbook_folder: String,
    /// The alert rule files `alert_rules` of site.yaml names, with their rules.
    pub alert_rules: Vec<alert_rules::RuleFile>,
}

impl Site {
    /// How a file of the runbook folder is named in messages and CODEOWNERS:
    /// `content/runbooks/` + its path (nothing before it for the root itself).
    pub fn runbook_display(&self, rel_path: &str) -> String {
        if self.runbook_folder.is_empty() {
            rel_path.to_string()
        } else {
            format!("{}/{rel_path}", self.runbook_folder)
        }
    }
}

impl Site {
    /// The name of engineer `id`, or the id itself if there is no such engineer.
    pub fn engineer_name(&self, id: &str) -> String {
        self.team
            .engineers
            .iter()
            .find(|e| e.id == id)
            .map_or_else(|| id.to_string(), |e| e.name.clone())
    }

    /// The name of pipeline `id`, or the id itself if there is no such pipeline.
    pub fn pipeline_name(&self, id: &str) -> String {
        self.pipelines
            .pipelines
            .iter()
            .find(|p| p.id == id)
            .map_or_else(|| id.to_string(), |p| p.name.clone())
    }
}

/// Templates and static files of the selected theme, already merged with the default.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name (`page.html`) and its text.
    pub templates: Vec<(String, String)>,
    /// Path under the output's `static/` folder and the file's bytes.
    pub static_files: Vec<(String, Vec<u8>)>,
}

/// What the previous build published for one calendar event, read back from its feed so
/// that `SEQUENCE` and `LAST-MODIFIED` change only when the event does.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Revision {
    pub sequence: u32,
    /// `LAST-MODIFIED` as written (`20261126T120000Z`), if the event had one.
    pub last_modified: Option<String>,
    /// Fingerprint of the event's content (`X-PIPEBOOK-REVISION`); empty for an event
    /// the previous feeds no longer held but remembered (see [`crate::feeds`]), so that
    /// it comes back at a higher `SEQUENCE`.
    pub fingerprint: String,
    /// When the event ends (`DTEND` in UTC, `20261126T120000Z`; a date at its midnight),
    /// if read: a removed event is remembered while it could come back.
    pub end: Option<String>,
    /// When the event starts (`DTSTART`, written as `end` is), if read: a served shift is
    /// matched by its time, which a renumbered rotation keeps (see `feeds::served`).
    pub start: Option<String>,
    /// `SUMMARY`, unescaped, if read: a shift's names its holder (see `feeds::served`).
    pub summary: Option<String>,
    /// The holidays a shift's `DESCRIPTION` said it was the turn (or the shift in return)
    /// for, as listed there (`Columbus Day`, `A and B`), if it said so: a served shift
    /// whose holiday moved before the published weeks names it (see `feeds::served`).
    pub turn_for: Option<String>,
    /// The local time of day and zone a shift's `DESCRIPTION` said it started at
    /// (`09:00 EDT`), if it said: the feeds keep times in UTC, and this tells a zone
    /// changed from a handoff moved (see `feeds::served`).
    pub shown_from: Option<String>,
    /// What an event of many backup duties held (`X-PIPEBOOK-DUTIES`, see
    /// [`DUTIES`]), as written, if it said.
    pub duties: Option<String>,
}

/// The calendar property under which the team feed remembers the events the feeds no
/// longer hold (see [`crate::feeds`]): `SEQUENCE END UID`.
pub const RETIRED: &str = "X-PIPEBOOK-RETIRED";

/// The event property under which a personal feed's event of more than ten backup duties
/// (which names only the first ten pipelines) records all of them: `COUNT HASH`, their
/// number and the exclusive or of their pipeline ids' hashes, so that a later build finds
/// a duty moved in or out of it (see `feeds::groups`) in a record of fixed size.
pub const DUTIES: &str = "X-PIPEBOOK-DUTIES";

/// The calendar property under which a deploy preview's team feed keeps the record of
/// its duties ([`DUTIES`]) of an event of many kept ([`KEPT`]): `UID,COUNT HASH`.
pub const KEPT_DUTIES: &str = "X-PIPEBOOK-KEPT-DUTIES";

/// The calendar property under which a deploy preview's team feed keeps the production
/// site's records whole (see `feeds::remember`): `SEQUENCE END LAST-MODIFIED FINGERPRINT
/// UID`, then `,DTSTART,SUMMARY` when the event had both.
pub const KEPT: &str = "X-PIPEBOOK-KEPT";

/// The calendar property by which a deploy preview's team feed keeps, after a kept
/// record, the holidays that production's shift was the turn (or the shift in return)
/// for (see `feeds::remember`): `UID,NAMES` (a TEXT list). Its own property, so that a
/// pipebook that does not know it passes over it rather than taking the kept record
/// for damage.
pub const KEPT_TURN: &str = "X-PIPEBOOK-KEPT-TURN";

/// The calendar property by which each personal feed says whose it is and until when it
/// is kept (see `feeds`): `- feed.<id>@host` for a team member's, `END feed.<id>@host`
/// for a former engineer's. Read back as a record of that key, so that an engineer
/// taken off the team keeps an empty feed even when they had no event.
pub const FEED: &str = "X-PIPEBOOK-FEED";

/// The calendar property by which the team feed says under which host production's
/// `UID`s are (see `feeds::remember::Hosts`): the first one they were published under,
/// so that a domain move (`base_url` changed) keeps every event's `UID`. Read back as a
/// record of the key `uids@<host>`.
pub const UIDS: &str = "X-PIPEBOOK-UIDS";

/// The header every file of a deploy preview's build (`--preview`) is served with
/// (`_headers`, under `/*`): search engines are asked to index none of it, pages and feeds
/// alike. It is also how a later build tells a preview's output from production's
/// (`load::published`), whatever the theme: a theme without `base.html`'s robots line
/// made a preview's output look like production's before a domain move.
pub const PREVIEW_ROBOTS: &str = "X-Robots-Tag: noindex, nofollow";

/// Revisions of the previous build's events, by `UID`.
pub type Revisions = HashMap<String, Revision>;
