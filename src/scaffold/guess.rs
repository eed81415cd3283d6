//! What `pipebook init` reads from a runbook tree besides its folder: the site's title
//! (the runbook folder's own page's heading, which the breadcrumbs start with) and
//! whether its files are named after their alerts (`alerts_from_file_names`).

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::Path;

use walkdir::WalkDir;

/// The most files looked at, and the most bytes of a folder page read.
const MAX_ENTRIES: usize = 200_000;
const MAX_PAGE_BYTES: u64 = 64 * 1024;

/// The title of the folder `dir`'s own page (`_index.md`, else `README.md`, else
/// `index.md`, as `load::folder_pages` picks it): its first `# ` heading, else its front
/// matter's `title`. The breadcrumbs of every page start with it, so a site titled
/// otherwise (after the repository's folder, `Kv site`) had two names for its root.
pub(super) fn folder_title(dir: &Path) -> Option<String> {
    let names: Vec<String> = fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().to_str().map(str::to_string))
        .collect();
    let page = ["_index.md", "readme.md", "index.md"]
        .iter()
        .find_map(|want| names.iter().find(|n| n.eq_ignore_ascii_case(want)))?;
    let mut text = String::new();
    fs::File::open(dir.join(page))
        .ok()?
        .take(MAX_PAGE_BYTES)
        .read_to_string(&mut text)
        .ok()?;
    title_of(&text)
}

/// The first ATX `# ` heading of `text` (outside its front matter and before any code
/// fence), else its front matter's `title`; one line of plain text, at most 200 bytes.
fn title_of(text: &str) -> Option<String> {
    let text = text.trim_start_matches('\u{feff}');
    let (front, body) = match text.strip_prefix("---\n") {
        Some(rest) => match rest.find("\n---") {
            Some(end) => (&rest[..end], &rest[end + 4..]),
            None => ("", text),
        },
        None => ("", text),
    };
    let heading = body
        .lines()
        .take_while(|l| !l.trim_start().starts_with("```") && !l.trim_start().starts_with("~~~"))
        .find_map(|l| l.strip_prefix("# "))
        .map(|h| h.trim().trim_end_matches('#').trim());
    let title = heading
        .filter(|h| !h.is_empty())
        .map(str::to_string)
        .or_else(|| {
            front.lines().find_map(|l| {
                let v = l.strip_prefix("title:")?.trim().trim_matches(['"', '\'']);
                (!v.is_empty()).then(|| v.to_string())
            })
        })?;
    let plain = title.chars().all(|c| !c.is_control()) && title.len() <= 200;
    plain.then_some(title)
}

/// What init found of the runbook files' names.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct AlertNames {
    /// Runbook files (folder pages aside).
    pub files: usize,
    /// Those named like an alert ([`alert_like`]).
    pub alert_like: usize,
    /// The first of them, for the comment.
    pub example: String,
    /// Two files whose names would claim one alert route (routes ignore letter case:
    /// `KubeMacPoolDown` and `KubemacpoolDown` are two alerts, one route).
    pub clash: Option<(String, String)>,
}

impl AlertNames {
    /// Whether the names say `alerts_from_file_names` fits: at least three files, two
    /// thirds of them named like alerts.
    pub fn fit(&self) -> bool {
        self.alert_like >= 3 && self.alert_like * 3 >= self.files * 2
    }
}

/// The runbook files under `dir` (as the build reads them when `dir` is the root: not
/// `content/`, `themes/`, hidden folders or a folder pipebook wrote), by name.
pub(super) fn alert_names(dir: &Path, is_root: bool) -> AlertNames {
    let mut found = AlertNames::default();
    let mut seen: HashMap<String, String> = HashMap::new();
    let walk = WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| {
            let name = e.file_name().to_string_lossy();
            let folder = e.file_type().is_dir();
            !((e.depth() > 0 && name.starts_with('.'))
                || (is_root && folder && e.depth() == 1 && (name == "content" || name == "themes"))
                || (folder && e.depth() > 0 && e.path().join(crate::write::MARKER).is_file()))
        });
    for entry in walk.take(MAX_ENTRIES).flatten() {
        let name = entry.file_name().to_string_lossy();
        let Some(stem) = crate::model::page_stem(&name) else {
            continue;
        };
        let folder_page = ["_index", "readme", "index"]
            .iter()
            .any(|p| stem.eq_ignore_ascii_case(p));
        if !entry.file_type().is_file() || folder_page {
            continue;
        }
        found.files += 1;
        if alert_like(stem) {
            found.alert_like += 1;
            if found.example.is_empty() {
                found.example = name.to_string();
            }
        }
        let shown = entry
            .path()
            .strip_prefix(dir)
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .unwrap_or_default();
        if let Some(first) = seen.insert(stem.to_ascii_lowercase(), shown.clone()) {
            found.clash.get_or_insert((first, shown));
        }
    }
    found
}

/// A name as alerting rules write them: one word of ASCII letters and digits (and `_`),
/// starting with a letter, with a hump (a capital after a small letter:
/// `KubeVirtVMIExcessiveMigrations`, `etcdMembersDown`), which page names
/// (`disk-full`, `metrics`, `CHANGELOG`) do not have.
pub(super) fn alert_like(stem: &str) -> bool {
    let bytes = stem.as_bytes();
    bytes.first().is_some_and(u8::is_ascii_alphabetic)
        && bytes
            .iter()
            .all(|b| b.is_ascii_alphanumeric() || *b == b'_')
        && bytes
            .windows(2)
            .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alert_names_have_a_hump_and_page_names_none() {
        for yes in [
            "KubeVirtVMIExcessiveMigrations",
            "etcdMembersDown",
            "CDIDataImportCronOutdated",
            "Kube_PodDown",
        ] {
            assert!(alert_like(yes), "{yes}");
        }
        for no in [
            "disk-full",
            "metrics",
            "CHANGELOG",
            "README",
            "9Lives",
            "kube down",
            "Kube-PodDown",
        ] {
            assert!(!alert_like(no), "{no}");
        }
    }

    #[test]
    fn a_title_is_the_first_heading_else_the_front_matter_title() {
        assert_eq!(
            title_of("# KubeVirt Monitoring\n\ntext").as_deref(),
            Some("KubeVirt Monitoring")
        );
        assert_eq!(
            title_of("---\ntitle: \"Runbooks\"\n---\n## Manifesto\n").as_deref(),
            Some("Runbooks")
        );
        assert_eq!(
            title_of("---\ntitle: X\n---\n# Y #\n").as_deref(),
            Some("Y")
        );
        assert_eq!(title_of("```\n# not a heading\n```\n"), None);
        assert_eq!(title_of("text only\n"), None);
    }
}
