//! The typed site: what the content files say, after loading and before validation.
//!
//! These types are the format of `content/`: the README documents them field by field.
//! Data files reject unknown keys (a typo should not be silently ignored); runbook front
//! matter accepts them, because imported runbooks carry other generators' keys.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use chrono_tz::Tz;
use schemars::JsonSchema;
use serde::{de, Deserialize, Deserializer};

use crate::diagnostics::{offset_of, Location};

/// The longest runbook title taken, in bytes. A folder's title is in the breadcrumbs of
/// every page under it, and a runbook's in its neighbours' links: a 500 kB title of a
/// folder of 200 runbooks wrote 103 MB. Real titles are far shorter (the longest of
/// GitLab's runbooks: 138 bytes).
pub const MAX_TITLE: usize = 1024;

/// The message for a title of `len` bytes, over [`MAX_TITLE`].
pub fn title_too_long(len: usize) -> String {
    format!(
        "the title is {len} bytes long: pipebook takes titles of at most {MAX_TITLE} bytes (a title is shown in the breadcrumbs, listings and links of other pages)"
    )
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
    pub theme: Theme,
    /// Where each value of the data files came from, for diagnostics.
    pub sources: Sources,
    /// The runbook folder under the root, `/`-separated (`content/runbooks` unless
    /// site.yaml's `runbooks` says otherwise; `""` for the root itself).
    pub runbook_folder: String,
    /// The alert rule files `alert_rules` of site.yaml names, with their rules.
    pub alert_rules: Vec<crate::alerts::RuleFile>,
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

/// `content/site.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SiteConfig {
    /// Shown in the header and the browser tab.
    #[serde(default = "default_title")]
    pub title: String,
    /// Public URL of the site; `--base-url` overrides it (Netlify deploy previews).
    #[serde(default = "default_base_url")]
    pub base_url: String,
    /// Repository home page, linked from the footer.
    #[serde(default)]
    pub repository: Option<String>,
    /// Template of a page's "edit" link; `{path}` becomes the file's path under the root.
    #[serde(default)]
    pub edit_url: Option<String>,
    /// Branch of `repository` that links to its files (outside the runbook folder) open
    /// on GitHub or GitLab. Default `HEAD`, which both read as the default branch.
    #[serde(default)]
    pub branch: Option<String>,
    /// Time zone in which dates are shown on pages.
    #[serde(default = "default_tz", deserialize_with = "iana_tz")]
    #[schemars(with = "String")]
    pub timezone: Tz,
    /// Name of a folder under `themes/`; templates it lacks come from the default theme.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// Whether to build the full-text search index and show the search box.
    #[serde(default = "default_true")]
    pub search: bool,
    /// Whether a link or anchor that leads nowhere is an `error` (the site's own runbooks)
    /// or a `warning` (imported trees you do not fix link by link). Default `warning`.
    #[serde(default)]
    pub broken_links: BrokenLinks,
    /// Whose rule makes heading ids, so that links written for the repository's own view
    /// land on the same headings: `github` (default) or `gitlab` (runs of `-` collapsed).
    #[serde(default)]
    pub heading_ids: HeadingIds,
    /// The runbook folder, relative to the root (default `content/runbooks`; `.` for the
    /// root itself): a repository of runbooks builds where its files stand.
    #[serde(default)]
    pub runbooks: Option<String>,
    /// Clean raw HTML written in runbooks (scripts, event handlers, `meta`, `iframe`,
    /// `javascript:` links, …), warning where something is removed. On by default: a pull
    /// request's author is not trusted. `false` only for a site whose every author is.
    #[serde(default = "default_true")]
    pub sanitize_html: bool,
    /// Days after `last_reviewed` at which a runbook is due for review.
    #[serde(default = "default_review_days")]
    pub review_interval_days: u32,
    /// Publish the `reason` of time off (team.yaml) on pages and in feeds. Off by default:
    /// readers see only that someone is away.
    #[serde(default)]
    pub publish_time_off_reasons: bool,
    /// The contact fields of team.yaml the site shows. Default `[slack, email]`; add
    /// `phone` to publish phone numbers. The search index never holds contact details.
    #[serde(default = "default_publish_contacts")]
    pub publish_contacts: Vec<ContactField>,
    /// Alert rule files to check against the runbooks (issue 18): globs relative to the
    /// root, such as `monitoring/rules/*.yaml`. Prometheus rule files, PrometheusRule
    /// manifests and Grafana alert-rule exports (YAML or JSON).
    #[serde(default)]
    pub alert_rules: Vec<String>,
    /// Take each runbook's file name (without `.md`) as the alert it answers, for trees
    /// named after their alerts (prometheus-operator's `etcdMembersDown.md`).
    #[serde(default)]
    pub alerts_from_file_names: bool,
    /// Site paths removed on purpose (`/runbooks/old-pipeline/`): served as 410 Gone, and
    /// no longer reported as moved without a redirect.
    #[serde(default)]
    pub retired_urls: Vec<String>,
    /// Groups of words or phrases that stand for each other in a search, added to the
    /// default incident table (`full`, `filling`, `space`): `[[pnl, profit and loss]]`.
    #[serde(default)]
    pub search_synonyms: Vec<Vec<String>>,
}

/// A field of an engineer's `contact`, as named in `publish_contacts`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ContactField {
    Email,
    Slack,
    Phone,
}

fn default_publish_contacts() -> Vec<ContactField> {
    vec![ContactField::Slack, ContactField::Email]
}

fn default_review_days() -> u32 {
    90
}

fn default_true() -> bool {
    true
}

/// How a link that leads nowhere is reported.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum BrokenLinks {
    Error,
    #[default]
    Warning,
}

/// The forge whose rule makes heading ids.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum HeadingIds {
    /// `## a - b` is `#a---b`.
    #[default]
    Github,
    /// `## a - b` is `#a-b`.
    Gitlab,
}

fn default_title() -> String {
    "Runbooks".to_string()
}
fn default_base_url() -> String {
    "http://localhost:1111/".to_string()
}
fn default_tz() -> Tz {
    Tz::UTC
}
fn default_theme() -> String {
    "default".to_string()
}

impl Default for SiteConfig {
    fn default() -> Self {
        SiteConfig {
            title: default_title(),
            base_url: default_base_url(),
            repository: None,
            edit_url: None,
            branch: None,
            timezone: default_tz(),
            theme: default_theme(),
            search: true,
            sanitize_html: true,
            runbooks: None,
            broken_links: BrokenLinks::default(),
            heading_ids: HeadingIds::default(),
            review_interval_days: default_review_days(),
            publish_time_off_reasons: false,
            publish_contacts: default_publish_contacts(),
            alert_rules: Vec::new(),
            alerts_from_file_names: false,
            retired_urls: Vec::new(),
            search_synonyms: Vec::new(),
        }
    }
}

/// `content/team.yaml`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Team {
    #[serde(default)]
    pub engineers: Vec<Engineer>,
}

/// One engineer of the team.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Engineer {
    /// Short stable id used everywhere else (`de1`); also the URL `/engineers/<id>/`.
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub contact: Contact,
    /// GitHub user name, for CODEOWNERS (`pipebook codeowners`).
    #[serde(default)]
    pub github: Option<String>,
    /// Dates the engineer is away; the schedule never puts them on call then.
    #[serde(default)]
    pub time_off: Vec<TimeOff>,
}

/// How to reach an engineer during an incident.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub email: Option<String>,
    pub slack: Option<String>,
    pub phone: Option<String>,
}

/// A range of whole days, both ends included.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeOff {
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(default)]
    pub reason: Option<String>,
}

/// `content/pipelines.yaml`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pipelines {
    #[serde(default)]
    pub domains: Vec<Domain>,
    #[serde(default)]
    pub pipelines: Vec<Pipeline>,
}

impl Pipelines {
    /// The positions of each engineer's pipelines, as primary then as secondary, in file
    /// order: one pass, where a scan of every pipeline per engineer cost their product.
    pub fn by_owner(&self) -> HashMap<&str, [Vec<usize>; 2]> {
        let mut map: HashMap<&str, [Vec<usize>; 2]> = HashMap::new();
        for (i, p) in self.pipelines.iter().enumerate() {
            map.entry(&p.primary).or_default()[0].push(i);
            map.entry(&p.secondary).or_default()[1].push(i);
        }
        map
    }
}

/// A business domain (profit, growth, ...) and the ways its pipelines are known to fail.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub failure_modes: Vec<String>,
}

/// One data pipeline and who answers for it.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pipeline {
    /// Stable id; also the URL `/pipelines/<id>/`.
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Id of a domain in `domains`.
    pub domain: String,
    /// Who consumes the output (`experiments`, `investors`, ...).
    pub audience: String,
    /// Engineer id of the primary owner.
    pub primary: String,
    /// Engineer id of the secondary owner, the backup.
    pub secondary: String,
    /// Runbook path under `content/runbooks`, without `.md` (`profit/aggregate-profit`).
    #[serde(default)]
    pub runbook: Option<String>,
    /// The pipeline's job in its orchestrator (an Airflow DAG id, a dbt selector, a
    /// Dagster job), one or a list: `/pipelines/by-job/<job>/` leads to the pipeline.
    #[serde(default, deserialize_with = "one_or_many")]
    #[schemars(with = "OneOrManySchema")]
    pub job: Vec<String>,
}

/// A string or a list of strings, as written in YAML.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum OneOrManySchema {
    One(String),
    Many(Vec<String>),
}

/// Reads a string or a list of strings (`job: dag_id` or `job: [a, b]`) as a list, with
/// the parser's own error at the value when it is neither.
fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct V;
    impl<'de> de::Visitor<'de> for V {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a name or a list of names")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<String>, E> {
            Ok(vec![v.to_string()])
        }
        // `job:` with nothing after it names nothing.
        fn visit_unit<E: de::Error>(self) -> Result<Vec<String>, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
            let mut out = Vec::new();
            while let Some(s) = seq.next_element::<String>()? {
                out.push(s);
            }
            Ok(out)
        }
    }
    d.deserialize_any(V)
}

/// `content/oncall.yaml`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OnCall {
    #[serde(default)]
    pub rotation: Option<Rotation>,
    #[serde(default)]
    pub holidays: Vec<Holiday>,
    /// Explicit cover, which wins over the rotation and its automatic swaps.
    #[serde(default)]
    pub overrides: Vec<Override>,
    /// How far the published schedule reaches around the build's clock.
    #[serde(default)]
    pub horizon: Horizon,
    /// Who is second on call. By default, the next engineer in `rotation.order` after
    /// the primary who is not away.
    #[serde(default)]
    pub secondary: Option<Secondary>,
    /// Hours before each shift that personal feeds remind the engineer (`VALARM`);
    /// 24 by default, 0 for no reminders.
    #[serde(default = "default_reminder_hours")]
    pub reminder_hours: u32,
    /// iCalendar files in the repository to take holidays and time off from.
    #[serde(default)]
    pub calendars: Calendars,
    /// How many of `holidays` (the last ones) came from `calendars`.
    #[serde(skip)]
    pub imported_holidays: usize,
}

/// iCalendar files (paths under `content/`) read at build time: the team's holidays (a
/// public-holiday calendar), and time off per engineer (an HR or PTO export, or the public
/// holidays of the engineer's own country or region).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Calendars {
    #[serde(default)]
    pub holidays: Vec<String>,
    /// Engineer id to calendar files.
    #[serde(default)]
    pub time_off: std::collections::BTreeMap<String, Vec<String>>,
}

fn default_reminder_hours() -> u32 {
    24
}

/// The secondary on call as a rotation of its own: slot `k` goes to `order[k % len]`,
/// or the next in `order` when that engineer is the primary or is away.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Secondary {
    pub order: Vec<String>,
}

/// The span of the published schedule, in weeks before and after the build's clock.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Horizon {
    #[serde(default = "default_past_weeks")]
    pub past_weeks: u32,
    #[serde(default = "default_future_weeks")]
    pub future_weeks: u32,
}

fn default_past_weeks() -> u32 {
    4
}
fn default_future_weeks() -> u32 {
    52
}

impl Default for Horizon {
    fn default() -> Self {
        Horizon {
            past_weeks: default_past_weeks(),
            future_weeks: default_future_weeks(),
        }
    }
}

/// Someone covering a stretch of time, whoever the rotation says.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// Local date and time in the rotation's time zone: `2026-12-24 18:00`.
    #[serde(deserialize_with = "local_datetime")]
    #[schemars(with = "String")]
    pub from: NaiveDateTime,
    /// End, excluded, in the same form.
    #[serde(deserialize_with = "local_datetime")]
    #[schemars(with = "String")]
    pub to: NaiveDateTime,
    /// Engineer id of whoever covers.
    pub engineer: String,
    pub reason: String,
}

/// Who is on call in which order, and when the pager changes hands.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rotation {
    /// Engineer ids in rotation order; the first takes the shift that begins on `start`.
    pub order: Vec<String>,
    /// Local date of the first handoff; must fall on `handoff.weekday` for weekly shifts.
    pub start: NaiveDate,
    pub handoff: Handoff,
    /// IANA time zone of the handoff time (`America/New_York`).
    #[serde(deserialize_with = "iana_tz")]
    #[schemars(with = "String")]
    pub timezone: Tz,
    /// `weekly` (default), `daily`, or `N days`.
    #[serde(default)]
    #[schemars(with = "ShiftSchema")]
    pub shift: ShiftLength,
}

/// The local weekday and time at which one shift ends and the next begins.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Handoff {
    /// `monday` to `sunday`.
    #[schemars(with = "String")]
    pub weekday: Weekday,
    /// 24-hour `HH:MM`.
    #[serde(deserialize_with = "hh_mm")]
    #[schemars(with = "String")]
    pub time: NaiveTime,
}

/// A day on which nobody should carry the pager by default.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: String,
}

/// How a shift length is written: `weekly`, `daily`, `N days`, or a number of days.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum ShiftSchema {
    Words(String),
    Days(u32),
}

/// Length of one shift, in whole days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShiftLength(pub u32);

impl Default for ShiftLength {
    fn default() -> Self {
        ShiftLength(7)
    }
}

impl fmt::Display for ShiftLength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("daily"),
            7 => f.write_str("weekly"),
            n => write!(f, "{n} days"),
        }
    }
}

impl ShiftLength {
    fn parse(text: &str) -> Result<Self, String> {
        let days = match text.trim() {
            "weekly" => Some(7),
            "daily" => Some(1),
            other => other
                .strip_suffix("days")
                .or_else(|| other.strip_suffix("day"))
                .and_then(|n| n.trim().parse().ok()),
        };
        Self::from_days(days.unwrap_or(0)).map_err(|_| {
            format!(
                "shift `{text}` must be `weekly`, `daily`, or a number of days such as `14 days`"
            )
        })
    }

    fn from_days(days: u64) -> Result<Self, String> {
        match u32::try_from(days) {
            Ok(n) if (1..=366).contains(&n) => Ok(ShiftLength(n)),
            _ => Err(format!(
                "a shift of {days} days is not possible: use 1 to 366 days"
            )),
        }
    }
}

/// Parses a string value in place, so that a parse error points at the value itself
/// (an error raised after the value was read points at the enclosing mapping instead).
struct ParseStr<F>(F, &'static str);

impl<'de, T, F: FnOnce(&str) -> Result<T, String>> de::Visitor<'de> for ParseStr<F> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.1)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.0)(v).map_err(E::custom)
    }
}

impl<'de> Deserialize<'de> for ShiftLength {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = ShiftLength;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`weekly`, `daily`, or a number of days")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ShiftLength, E> {
                ShiftLength::from_days(v).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ShiftLength, E> {
                ShiftLength::from_days(u64::try_from(v).unwrap_or(0)).map_err(E::custom)
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ShiftLength, E> {
                ShiftLength::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}

fn iana_tz<'de, D: Deserializer<'de>>(d: D) -> Result<Tz, D::Error> {
    d.deserialize_str(ParseStr(
        |s: &str| {
            s.parse().map_err(|_| {
                format!("unknown time zone `{s}`: use an IANA name such as `America/New_York` or `Europe/Berlin`")
            })
        },
        "an IANA time zone name",
    ))
}

fn local_datetime<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
    d.deserialize_str(ParseStr(
        |s: &str| {
            let t = s.trim();
            NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M")
                .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M"))
                .or_else(|_| {
                    NaiveDate::parse_from_str(t, "%Y-%m-%d").map(|d| d.and_time(NaiveTime::MIN))
                })
                .map_err(|_| {
                    format!("`{s}` must be a local date and time such as `2026-12-24 18:00`")
                })
        },
        "a local date and time such as `2026-12-24 18:00`",
    ))
}

fn hh_mm<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
    d.deserialize_str(ParseStr(
        |s: &str| {
            NaiveTime::parse_from_str(s, "%H:%M")
                .map_err(|_| format!("time `{s}` must be 24-hour HH:MM, such as `09:00`"))
        },
        "a time as HH:MM",
    ))
}

/// Front matter of a runbook: all keys optional, unknown keys ignored.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Ids of the pipelines this runbook covers.
    #[serde(default)]
    pub pipelines: Vec<String>,
    /// Orders pages within a folder (lower first), as in Hugo.
    pub weight: Option<i64>,
    /// When the runbook was last checked against reality.
    pub last_reviewed: Option<NaiveDate>,
    /// Overrides the site's `review_interval_days` for this runbook.
    pub review_interval_days: Option<u32>,
    /// Earlier addresses of this page (as in Hugo and Zola), kept working by redirects:
    /// site paths (`/runbooks/old-name/`), or paths relative to the runbook's folder.
    #[serde(default, deserialize_with = "one_or_many")]
    #[schemars(with = "OneOrManySchema")]
    pub aliases: Vec<String>,
    /// The alerts this runbook answers: each gets the stable address `/alerts/<name>/`.
    #[serde(default, deserialize_with = "one_or_many")]
    #[schemars(with = "OneOrManySchema")]
    pub alerts: Vec<String>,
}

/// One Markdown file under `content/runbooks`.
#[derive(Debug, Clone)]
pub struct Runbook {
    /// Path under `content/runbooks`, with `/` separators (`profit/aggregate-profit.md`).
    pub rel_path: String,
    /// Page path under `/runbooks/` without slashes at either end: `profit/aggregate-profit`
    /// for that file, `profit` for the folder's page `profit/_index.md` (or `index.md`,
    /// `README.md`, or `profit.md` beside the folder), and empty for the top folder's page.
    pub slug: String,
    /// Whether this is a folder's page (see `load::folder_pages`).
    pub is_index: bool,
    pub front: FrontMatter,
    /// Byte offset of the Markdown body in `source.text`.
    pub body_start: usize,
    pub source: SourceFile,
    /// The file to read the body from when a build left it there (see
    /// `load::load_front_matter`): `source.text` then holds the front matter only, and the
    /// body is read again as the page is rendered, so that 100,000 runbooks' text is not
    /// held all at once. `None` when `source.text` is the whole file.
    pub body_on_disk: Option<std::path::PathBuf>,
}

impl Runbook {
    /// The day the runbook is due for review, if it says when it was last reviewed.
    pub fn review_due(&self, default_days: u32) -> Option<NaiveDate> {
        let days = self.front.review_interval_days.unwrap_or(default_days);
        self.front
            .last_reviewed
            .and_then(|d| d.checked_add_days(chrono::Days::new(u64::from(days))))
    }

    /// The Markdown after the front matter.
    pub fn body(&self) -> &str {
        &self.source.text[self.body_start..]
    }

    /// Whether `name` (a pipeline's `runbook`) names this runbook: its page path or its
    /// file's path under the runbook folder, with or without `.md` (`ops/README` names the
    /// page of `ops/`).
    pub fn answers_to(&self, name: &str) -> bool {
        let name = name.trim_matches('/');
        let name = name.strip_suffix(".md").unwrap_or(name);
        self.slug == name || self.rel_path.strip_suffix(".md") == Some(name)
    }
}

/// What a path of the repository is, when a runbook links to it and the site does not
/// publish it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum RepoEntry {
    File,
    Folder,
    /// Not there, or not inside the repository.
    Missing,
}

/// Paths of the repository (from the root, `/`-separated, no `.` or `..`) that runbooks
/// link to and the site does not publish, each with what it is. A path that is absent was
/// not looked up (a page past the number of such links looked up per page).
pub type RepoFiles = HashMap<String, RepoEntry>;

/// A file beside the runbooks that is copied as is.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Path under `content/runbooks`, with `/` separators.
    pub rel_path: String,
    pub source: PathBuf,
}

/// Templates and static files of the selected theme, already merged with the default.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name (`page.html`) and its text.
    pub templates: Vec<(String, String)>,
    /// Path under the output's `static/` folder and the file's bytes.
    pub static_files: Vec<(String, Vec<u8>)>,
}

/// The text of a loaded file and where each of its values starts.
#[derive(Debug, Clone, Default)]
pub struct SourceFile {
    /// Path shown to the user, relative to the root (`content/pipelines.yaml`).
    pub display: String,
    pub text: String,
    /// Byte range of each value, keyed by its path (`pipelines[2].primary`).
    pub spans: HashMap<String, Range<usize>>,
}

impl SourceFile {
    /// The location of the value at `path`, or of its nearest located parent.
    pub fn locate(&self, path: &str) -> Location {
        let mut p = path;
        loop {
            if let Some(span) = self.spans.get(p) {
                return Location::at(&self.display, &self.text, span.clone());
            }
            match p.rfind(['.', '[']) {
                Some(i) => p = &p[..i],
                None => return Location::file(&self.display),
            }
        }
    }

    /// The location of a 1-based line and column, as reported by a parser.
    pub fn at_line_col(&self, line: usize, col: usize) -> Location {
        let start = offset_of(&self.text, line, col);
        let end = self.text[start..]
            .find('\n')
            .map_or(self.text.len(), |i| start + i)
            .max(start);
        Location {
            file: self.display.clone(),
            line,
            col,
            span: Some(start..end),
        }
    }
}

/// The data files, by role, for diagnostics.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub site: SourceFile,
    pub team: SourceFile,
    pub pipelines: SourceFile,
    pub oncall: SourceFile,
    /// A committed CODEOWNERS file, if there is one: (path under the root, text).
    pub codeowners: Option<(String, String)>,
}

/// What the previous build published for one calendar event, read back from its feed so
/// that `SEQUENCE` and `LAST-MODIFIED` change only when the event does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Revision {
    pub sequence: u32,
    /// `LAST-MODIFIED` as written (`20261126T120000Z`), if the event had one.
    pub last_modified: Option<String>,
    /// Fingerprint of the event's content (`X-PIPEBOOK-REVISION`).
    pub fingerprint: String,
}

/// Revisions of the previous build's events, by `UID`.
pub type Revisions = HashMap<String, Revision>;
