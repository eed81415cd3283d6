//! The repository's own addresses on its forge, written in full for a page, a folder or a
//! copied file of the site: the site's own address, so the reader stays on the site (up
//! when the forge is not) and the link is checked like any.

use super::super::MarkdownContext;
use super::{normalize, on_the_site, percent_decode, Link};
use crate::url::encode_path;

/// A full address of the repository's own web view of a page, a copied file or a folder
/// of the site (`https://gitlab.com/acme/ops/-/blob/main/docs/disk.md#steps`), as the
/// site's own address: the reader stays on the site, which is up when the forge is not
/// (the case GitLab's runbooks are written for), and the link is checked like any.
/// Anything else of the repository keeps its address.
pub(super) fn forge_link<'a>(raw: &str, targets: &MarkdownContext) -> Option<Link<'a>> {
    let (path, fragment) = targets.forge?.own_path(raw)?;
    let rel = under_the_runbook_folder(path, targets)?;
    on_the_site(&rel, fragment, targets)
}

/// The path under the runbook folder of `path`, a path from the repository's root as
/// written in an address of the forge (percent-encoded), free of `.` and `..`; the runbook
/// folder itself is `""`.
fn under_the_runbook_folder(path: &str, targets: &MarkdownContext) -> Option<String> {
    let decoded = percent_decode(path);
    let folder = targets.folder.trim_matches('/');
    // The runbook folder itself (`tree/main/docs/runbooks`, no slash) is the site's root.
    let under = if folder.is_empty() {
        decoded.as_ref()
    } else {
        match decoded.strip_prefix(folder)? {
            "" => "",
            rest => rest.strip_prefix('/')?,
        }
    };
    normalize("", under.trim_end_matches('/'))
}

/// The repository's own raw address of a file the site copies
/// (`https://raw.githubusercontent.com/acme/ops/main/docs/runbooks/diagram.png`,
/// `…/blob/main/…/diagram.png?raw=true`), as READMEs give their images: that copy, so the
/// reader's browser asks the site for it, not the forge (which tells the forge who reads
/// what, and fails for a private repository), and it gets its size. A raw runbook stays
/// the forge's: the site has its page, not its source.
pub(super) fn raw_file<'a>(raw: &str, targets: &MarkdownContext) -> Option<Link<'a>> {
    let (path, fragment) = targets.forge?.own_raw_path(raw)?;
    let rel = under_the_runbook_folder(path, targets)?;
    if !targets.assets.contains(rel.as_str()) {
        return None;
    }
    Some(Link {
        dest: format!(
            "{}runbooks/{}{fragment}",
            targets.base_path,
            encode_path(&rel)
        )
        .into(),
        anchor: None,
        look_up: None,
        site_path: None,
        copied: Some(targets.image_sizes.get(rel.as_str()).copied()),
        on_forge: None,
    })
}
