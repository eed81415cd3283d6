//! Runbooks whose addresses differ only in letter case (`Ops.md`, `ops.md`) or in how an
//! accented letter is encoded (`café.md` as NFC and as NFD): readers cannot tell the two
//! pages apart, a checkout on macOS or Windows holds only one of the files, and a build
//! there writes one page over the other. The same holds for the files copied beside the
//! runbooks (images, PDFs): one image replaces the other, or a file `Ops` cannot be
//! written where the page `ops.md` needs its folder.

use std::collections::HashMap;

use icu_normalizer::ComposingNormalizerBorrowed;

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Runbook, Site};

/// Reports each runbook whose page address reads like an earlier one's.
pub(super) fn check(runbooks: &[Runbook], diags: &mut Diagnostics) {
    let nfc = ComposingNormalizerBorrowed::new_nfc();
    let mut seen: HashMap<String, &Runbook> = HashMap::with_capacity(runbooks.len());
    for rb in runbooks {
        let key = nfc.normalize(&rb.slug).to_lowercase();
        match seen.get(&key) {
            // Two runbooks at one address are reported where runbooks are loaded.
            Some(first) if first.slug != rb.slug => diags.error(
                Location::file(&rb.source.display),
                format!(
                    "`{}` and `{}` would be the pages /runbooks/{}/ and /runbooks/{}/, which differ only in letter case or in how an accented letter is encoded: readers cannot tell them apart, and on macOS or Windows one file replaces the other",
                    first.source.display,
                    rb.source.display,
                    first.slug.escape_debug(),
                    rb.slug.escape_debug(),
                ),
                "rename one of the two files (or merge them)",
            ),
            Some(_) => {}
            None => {
                seen.insert(key, rb);
            }
        }
    }
}

/// Reports each file copied beside the runbooks whose path reads like an earlier file's,
/// a page's folder or a folder's of another spelling (the same spelling is reported as
/// a file written over a page, in `check_assets`).
pub(super) fn check_assets(site: &Site, diags: &mut Diagnostics) {
    let nfc = ComposingNormalizerBorrowed::new_nfc();
    let key = |path: &str| nfc.normalize(path).to_lowercase();
    // Folders the output will hold, by spelling: a page's (with its runbook) or one
    // holding copied files.
    let mut folders: HashMap<String, (&str, Option<&Runbook>)> = HashMap::new();
    let pages = site.runbooks.iter().map(|rb| (rb.slug.as_str(), Some(rb)));
    let parents = site.assets.iter().map(|a| {
        let path = a.rel_path.as_str();
        (&path[..path.rfind('/').unwrap_or(0)], None)
    });
    for (mut folder, mut page) in pages.chain(parents) {
        while !folder.is_empty() {
            folders.entry(key(folder)).or_insert((folder, page));
            page = None;
            folder = &folder[..folder.rfind('/').unwrap_or(0)];
        }
    }
    let mut files: HashMap<String, &str> = HashMap::with_capacity(site.assets.len());
    for asset in &site.assets {
        let path = asset.rel_path.as_str();
        let k = key(path);
        let other = match (files.get(&k), folders.get(&k)) {
            (Some(first), _) if *first != path => Some(site.runbook_display(first)),
            (_, Some((_, Some(rb)))) if rb.slug != path => Some(rb.source.display.clone()),
            (_, Some((folder, None))) if *folder != path => {
                Some(format!("{}/", site.runbook_display(folder)))
            }
            _ => None,
        };
        if let Some(other) = other {
            let shown = site.runbook_display(path);
            diags.error(
                Location::file(&shown),
                format!(
                    "`{other}` and `{}` differ only in letter case or in how an accented letter is encoded: on macOS or Windows, whose names ignore both, they are one path in the site and one replaces the other",
                    shown.escape_debug()
                ),
                "rename one of the two (or delete the copy)",
            );
        }
        files.entry(k).or_insert(path);
    }
}
