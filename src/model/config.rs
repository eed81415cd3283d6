//! `content/site.yaml`: the site's settings.

use chrono_tz::Tz;
use schemars::JsonSchema;
use serde::Deserialize;

use super::de::iana_tz;

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
    /// The base URL whose host (and path) names the calendar events (`UID`
    /// `shift-48@ops.example.com`): the site's first `base_url`, kept after a domain
    /// move so that subscribers' events keep their UIDs even without the previous
    /// site's feeds (a cleared build cache). Default: the one the previous feeds say,
    /// else `base_url`.
    #[serde(default)]
    pub uid_base_url: Option<String>,
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
    #[serde(
        default = "default_review_days",
        deserialize_with = "super::de::review_days"
    )]
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

impl HeadingIds {
    /// The other forge's rule.
    pub fn other(self) -> HeadingIds {
        match self {
            HeadingIds::Github => HeadingIds::Gitlab,
            HeadingIds::Gitlab => HeadingIds::Github,
        }
    }
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
            uid_base_url: None,
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
