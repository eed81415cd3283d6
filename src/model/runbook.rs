//! Runbooks and the files beside them.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use schemars::JsonSchema;
use serde::Deserialize;

use super::de::{one_or_many, OneOrManySchema};
use super::SourceFile;

/// A page's `weight` in its folder: Hugo's are whole numbers, Middleman's (GOV.UK's tech
/// docs, `weight: 40.5`) any number, which refused the whole build when only integers
/// were read. Ordered as numbers, `NaN` after every other (`f64::total_cmp`).
#[derive(Debug, Clone, Copy, Default, Deserialize, JsonSchema)]
#[serde(transparent)]
pub struct Weight(pub f64);

impl PartialEq for Weight {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other).is_eq()
    }
}

impl Eq for Weight {}

impl PartialOrd for Weight {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Weight {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        // `-0.0` is `0.0`: total_cmp alone puts it first.
        (self.0 + 0.0).total_cmp(&(other.0 + 0.0))
    }
}

/// Front matter of a runbook: all keys optional, unknown keys ignored.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
pub struct FrontMatter {
    pub title: Option<String>,
    pub description: Option<String>,
    /// Hugo's one-line summary: the `description` of a page without one (see
    /// `load::runbooks::front_matter`).
    pub summary: Option<String>,
    /// Ids of the pipelines this runbook covers.
    #[serde(default)]
    pub pipelines: Vec<String>,
    /// Orders pages within a folder (lower first), as in Hugo.
    pub weight: Option<Weight>,
    /// When the runbook was last checked against reality.
    pub last_reviewed: Option<NaiveDate>,
    /// Overrides the site's `review_interval_days` for this runbook.
    #[serde(default, deserialize_with = "super::de::review_days_or_site")]
    pub review_interval_days: Option<u32>,
    /// Earlier addresses of this page (as in Hugo and Zola), kept working by redirects:
    /// site paths (`/runbooks/old-name/`), or paths relative to the runbook's folder.
    #[serde(default, deserialize_with = "one_or_many")]
    #[schemars(with = "OneOrManySchema")]
    pub aliases: Vec<String>,
    /// Earlier addresses of this page as Jekyll's jekyll-redirect-from writes them, kept
    /// working by redirects like `aliases`: site paths, from the site's root even without
    /// a leading `/` (`old/page/` is `/old/page/`), as Jekyll reads them.
    #[serde(default, deserialize_with = "one_or_many")]
    #[schemars(with = "OneOrManySchema")]
    pub redirect_from: Vec<String>,
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
    /// Where the body is when a build left it out of `source.text` (see
    /// `load::load_front_matter`): `source.text` then holds the front matter only, so
    /// that 100,000 runbooks' text is not held all at once. `None` when `source.text` is
    /// the whole file.
    pub body_on_disk: Option<BodyOnDisk>,
}

/// A runbook's body kept out of its `source.text`: in its file under `root`, and, while
/// the build's budget for held text allows, the whole text as loaded, which the page
/// takes when it renders (so the file is not opened and read a second time, and the text
/// is freed once rendered). Whoever comes after reads the file again.
#[derive(Debug)]
pub struct BodyOnDisk {
    /// The site's root (`source.display` under it), one shared by every runbook.
    pub root: std::sync::Arc<std::path::Path>,
    held: std::sync::Mutex<Option<String>>,
}

impl BodyOnDisk {
    /// The body in the file under `root`; `held`, the whole file's text as loaded, if kept.
    pub fn new(root: std::sync::Arc<std::path::Path>, held: Option<String>) -> Self {
        BodyOnDisk {
            root,
            held: std::sync::Mutex::new(held),
        }
    }

    /// The whole text as loaded, taken (the next caller reads the file), if still held.
    pub fn take(&self) -> Option<String> {
        self.slot().take()
    }

    /// A copy of the whole text as loaded, left in place, if still held.
    pub fn peek(&self) -> Option<String> {
        self.slot().clone()
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, Option<String>> {
        // Nothing panics while holding the lock; a poisoned slot still holds a whole text.
        self.held
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

impl Clone for BodyOnDisk {
    fn clone(&self) -> Self {
        BodyOnDisk::new(self.root.clone(), self.peek())
    }
}

impl FrontMatter {
    /// Every earlier address of the page: its `aliases`, then its `redirect_from` (made
    /// site paths, as Jekyll reads them), each with the front matter key that holds it
    /// (`aliases[0]`) to locate it.
    pub fn all_aliases(&self) -> impl Iterator<Item = (Cow<'_, str>, String)> {
        let aliases = (self.aliases.iter().enumerate())
            .map(|(i, a)| (Cow::Borrowed(a.as_str()), format!("aliases[{i}]")));
        let jekyll = self.redirect_from.iter().enumerate().map(|(i, a)| {
            let path = if a.starts_with('/') || a.contains("://") {
                Cow::Borrowed(a.as_str())
            } else {
                Cow::Owned(format!("/{a}"))
            };
            (path, format!("redirect_from[{i}]"))
        });
        aliases.chain(jekyll)
    }

    /// Whether the page has any earlier address.
    pub fn has_aliases(&self) -> bool {
        !self.aliases.is_empty() || !self.redirect_from.is_empty()
    }
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

    /// The front matter key that marks this page a draft in the generator it came from:
    /// `draft: true` (Hugo, Docusaurus, Zola) or `published: false` (Jekyll). pipebook
    /// still publishes it (one page per file), but says so: a warning at the key, a
    /// banner on the page, and last place in listings' counts and in search.
    pub fn draft_key(&self) -> Option<&'static str> {
        let value = |key| self.front_value(key);
        if value("draft").as_deref() == Some("true") {
            Some("draft")
        } else if value("published").as_deref() == Some("false") {
            Some("published")
        } else {
            None
        }
    }

    /// The front matter key that left this page out of its generator's lists:
    /// Docusaurus's `unlisted: true` or Hugo's `build: {list: never}` (or `list: false`).
    /// pipebook builds the page, reachable by its address and by links, marked Unlisted
    /// and `noindex`, and leaves it out of folder lists, the navigation, previous and
    /// next, counts, search and the sitemap.
    pub fn unlisted_key(&self) -> Option<&'static str> {
        match self.front_value("unlisted").as_deref() {
            Some("true") => Some("unlisted"),
            _ => match self.front_value("build.list").as_deref() {
                Some("never" | "false") => Some("build.list"),
                _ => None,
            },
        }
    }

    /// Whether the page goes in the sitemap: not when unlisted ([`Runbook::unlisted_key`])
    /// nor when jekyll-sitemap's `sitemap: false` leaves it out (of the sitemap only).
    pub fn in_sitemap(&self) -> bool {
        self.unlisted_key().is_none() && self.front_value("sitemap").as_deref() != Some("false")
    }

    /// The scalar at front matter key `key` (dotted for a nested key), unquoted and in
    /// lower case.
    fn front_value(&self, key: &str) -> Option<String> {
        let span = self.source.spans.get(key)?;
        let v = self.source.text.get(span)?.trim();
        Some(
            v.trim_matches(|c| c == '"' || c == '\'')
                .to_ascii_lowercase(),
        )
    }

    /// Whether `name` (a pipeline's `runbook`) names this runbook: its page path or its
    /// file's path under the runbook folder, with or without `.md` (`ops/README` names the
    /// page of `ops/`).
    pub fn answers_to(&self, name: &str) -> bool {
        let name = name.trim_matches('/');
        let name = page_stem(name).unwrap_or(name);
        self.slug == name || page_stem(&self.rel_path) == Some(name)
    }
}

/// `path` without its `.md`, written in any letter case (`README.MD`, which GitHub and
/// GitLab render as they render `README.md`); `None` when `path` names no runbook.
pub fn page_stem(path: &str) -> Option<&str> {
    let cut = path.len().checked_sub(3)?;
    let ext = path.get(cut..)?;
    ext.eq_ignore_ascii_case(".md").then(|| &path[..cut])
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
    /// Width and height, for an image whose header gives them (see `load::image_size`).
    pub size: Option<(u32, u32)>,
    /// What is published in place of the file's bytes: an SVG's copy with the parts a
    /// browser does not need cut (see `load::svg_clean`).
    pub cleaned: Option<Vec<u8>>,
}

/// A file beside the runbooks that is left out of the site with a warning (an SVG that
/// could run script): pages show its description and a note in place of the image.
#[derive(Debug, Clone)]
pub struct LeftOut {
    /// Path under `content/runbooks`, with `/` separators.
    pub rel_path: String,
    /// Why, as the note says it: `it could run script`.
    pub why: &'static str,
}
