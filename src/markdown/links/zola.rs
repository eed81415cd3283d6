//! Zola's internal links, `[Upgrading](@/operations/upgrading.md#rolling)`: a path from
//! Zola's content folder, which Zola turns into the page's address. GitHub and GitLab read
//! `@/…` as a file of that name beside the runbook and show a broken link. Before, pipebook
//! did the same: Garage's documentation (a Zola book in `doc/book/`, 63 files) has 104 such
//! links in 28 files, each reported as a missing `doc/book/build/@/documentation/…` with
//! the hint to fix a path relative to the file's folder, and each broken on the site.
//!
//! The path is read from the content folder as Hugo's `ref` reads one with a leading `/`
//! (see `hugo.rs`: the runbook folder's parent, or the last folder named `content`), then
//! from the runbook folder itself; a site that mounts the book under a section of its own
//! (Garage's website serves `doc/book/` as `content/documentation/`) names the page after
//! that section, so the path with its first folders left out (at most eight) is tried
//! next, the longest first. A path that names no page either way is reported with what was tried.

use super::super::MarkdownContext;
use super::hugo::{content_folder, names_page};

/// How many first folders of a link's path may be the section a site mounts the book
/// under (Garage's is one, `documentation/`).
const MOUNT_DEPTH: usize = 8;

/// The link destination, relative to the page's folder `dir`, of Zola's internal link
/// `raw` (`@/…`, with its `#anchor` kept); else the message and hint of its report.
pub(super) fn internal_link(
    raw: &str,
    dir: &str,
    targets: &MarkdownContext,
) -> Result<String, (String, String)> {
    let target = &raw[2..];
    let (path, rest) = target.split_at(target.find(['#', '?']).unwrap_or(target.len()));
    let decoded = super::percent_decode(path);
    let not_found = || {
        let folder = targets.folder;
        (
            format!("Zola's internal link `{raw}` names no page of the site: not `{folder}{decoded}` nor a page whose path ends in it"),
            "Zola reads `@/` from its content folder, and GitHub and GitLab show such a link as broken: link to the file by its path from this file's folder (`../operations/upgrading.md`), which works everywhere".to_string(),
        )
    };
    let Some(path) = super::normalize("", &decoded) else {
        return Err(not_found());
    };
    let (prefix, _) = content_folder(targets.folder);
    let from_content = if prefix.is_empty() {
        Some(path.as_str())
    } else {
        path.strip_prefix(prefix)
            .or_else(|| (path == prefix.trim_end_matches('/')).then_some(""))
    };
    let page = from_content
        .and_then(|rel| names_page(rel, targets))
        .or_else(|| names_page(&path, targets))
        .or_else(|| {
            // The book mounted under a section of the site: `documentation/build/x.md`.
            // At most MOUNT_DEPTH folders are left out: each try reads the rest of the
            // path, and trying every one made a link of 200,000 folders take 8.8 s.
            path.match_indices('/')
                .take(MOUNT_DEPTH)
                .find_map(|(i, _)| {
                    crate::work::visit(path.len() - i);
                    names_page(&path[i + 1..], targets)
                })
        })
        .ok_or_else(not_found)?;
    let mut out = String::with_capacity(dir.len() + page.len() + rest.len() + 4);
    for _ in dir.split('/').filter(|p| !p.is_empty()) {
        out.push_str("../");
    }
    out.push_str(if page.is_empty() { "./" } else { page });
    out.push_str(rest);
    Ok(out)
}
