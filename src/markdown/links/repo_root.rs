//! A link from `/` to a file of the repository outside the runbook folder
//! (`/images/flow.png` from `docs/restore.md`): GitHub and GitLab read `/` as the
//! repository's root, so it is that file, as `../images/flow.png` is.

use super::Link;
use crate::markdown::MarkdownContext;
use crate::model::RepoEntry;
use pulldown_cmark::CowStr;

/// What `from_root` (the path of `raw`, from the repository's root, outside the runbook
/// folder, not Markdown) is: before the repository is looked up, a site path that asks
/// for the look-up (the page is rendered again once it is known); then `Err` with the
/// path when the repository holds that file, to be taken as a relative link's file is,
/// and `None` (the site path it was before) when it does not. A folder, and a path whose
/// first folder is one of the site's own (`/runbooks/`, `/search/`), stay site paths.
pub(super) fn file_from_root<'a>(
    raw: &str,
    from_root: &str,
    targets: &MarkdownContext,
) -> Option<Result<Link<'a>, String>> {
    let first = from_root.split('/').next().unwrap_or("");
    let own = first.eq_ignore_ascii_case("runbooks")
        || crate::routes::names::RESERVED
            .iter()
            .any(|r| r.eq_ignore_ascii_case(first));
    if first.is_empty() || own || from_root.ends_with('/') {
        return None;
    }
    match targets.repo_files {
        None => Some(Ok(Link {
            look_up: Some(from_root.to_string()),
            ..Link::kept(&CowStr::from(raw.to_string()))
        })),
        Some(files) => {
            matches!(files.get(from_root), Some(RepoEntry::File)).then(|| Err(from_root.into()))
        }
    }
}
