//! Links to lines of a file (`b.md#L10-L20`, `run.sh#L10`), which the forges mark in
//! the file's source.

use super::{in_repository, Link};
use crate::markdown::MarkdownContext;
use pulldown_cmark::CowStr;

/// Whether `fragment` marks lines of a file as the forges do: `#L10`, `#L10-L20`, and
/// GitLab's `#L10-20`.
fn line_anchor(fragment: &str) -> bool {
    let Some(lines) = fragment.strip_prefix("#L") else {
        return false;
    };
    let (first, last) = lines.split_once('-').unwrap_or((lines, "1"));
    let last = last.strip_prefix('L').unwrap_or(last);
    let number = |n: &str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
    number(first) && number(last)
}

/// A link to lines of a runbook or of a copied file (`b.md#L10-L20`, `run.sh#L10`): the
/// forges show that file's source with the lines marked, so with a known forge it opens
/// there (a runbook's source with `?plain=1`). Before, `#L10` was reported as a missing
/// heading of the page, and a script's lines led to the copied file, which browsers
/// download. Without a forge they are as before: a runbook's is a missing anchor whose
/// hint says to set `repository` (see `validate::anchors`), a file's its copy.
pub(super) fn line_view<'a>(
    rel: &str,
    fragment: &str,
    targets: &MarkdownContext,
) -> Option<Link<'a>> {
    if !line_anchor(fragment) {
        return None;
    }
    let runbook = targets.runbooks.get(rel);
    let copied =
        runbook.is_none() && targets.assets.contains(rel) && !targets.image_sizes.contains_key(rel);
    let forge = targets.forge.filter(|_| runbook.is_some() || copied)?;
    let plain = if runbook.is_some() { "?plain=1" } else { "" };
    let file = forge.url(&in_repository(rel, targets), false);
    Some(Link::kept(&CowStr::from(format!(
        "{file}{plain}{fragment}"
    ))))
}
