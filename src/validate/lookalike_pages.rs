//! Runbooks whose addresses differ only in letter case (`Ops.md`, `ops.md`) or in how an
//! accented letter is encoded (`café.md` as NFC and as NFD): readers cannot tell the two
//! pages apart, a checkout on macOS or Windows holds only one of the files, and a build
//! there writes one page over the other. The same holds for the files copied beside the
//! runbooks (images, PDFs): one image replaces the other, or a file `Ops` cannot be
//! written where the page `ops.md` needs its folder.

use icu_normalizer::ComposingNormalizerBorrowed;
use rayon::prelude::*;

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Runbook, Site};

/// Reports each runbook whose page address reads like an earlier one's.
pub(super) fn check(runbooks: &[Runbook], diags: &mut Diagnostics) {
    let keys: Vec<String> = runbooks.par_iter().map(|rb| key(&rb.slug)).collect();
    let mut seen: foldhash::HashMap<String, &Runbook> =
        foldhash::HashMap::with_capacity_and_hasher(runbooks.len(), Default::default());
    for (rb, key) in runbooks.iter().zip(keys) {
        match seen.get(&key) {
            // Two runbooks at one address are reported where runbooks are loaded.
            Some(first) if first.slug != rb.slug => diags.error(
                Location::file(&rb.source.display),
                format!(
                    "{} and {} would be the pages /runbooks/{}/ and /runbooks/{}/, which differ only in letter case or in how an accented letter is encoded: readers cannot tell them apart, and on macOS or Windows one file replaces the other",
                    spelled(&first.source.display, &rb.source.display),
                    spelled(&rb.source.display, &first.source.display),
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
    // Folders the output will hold, by spelling: a page's (with its runbook) or one
    // holding copied files.
    let pages = site.runbooks.iter().map(|rb| (rb.slug.as_str(), Some(rb)));
    let parents = site.assets.iter().map(|a| {
        let path = a.rel_path.as_str();
        (&path[..path.rfind('/').unwrap_or(0)], None)
    });
    let mut spelled: Vec<(&str, Option<&Runbook>)> = Vec::new();
    // A folder is listed once, with its parents: a second listing of the same spelling
    // could report nothing new, and 1,000 pages in a folder listed it 1,000 times
    // (100,000 runbooks: 400,000 spellings for 100,000 pages and 100 folders).
    let mut listed: foldhash::HashSet<&str> = foldhash::HashSet::default();
    for (mut folder, mut page) in pages.chain(parents) {
        while !folder.is_empty() {
            if page.is_none() && !listed.insert(folder) {
                break;
            }
            spelled.push((folder, page));
            page = None;
            folder = &folder[..folder.rfind('/').unwrap_or(0)];
        }
    }
    let keys: Vec<String> = spelled.par_iter().map(|(f, _)| key(f)).collect();
    // foldhash, seeded per process: paths come from pull requests.
    let mut folders: foldhash::HashMap<String, (&str, Option<&Runbook>)> =
        foldhash::HashMap::with_capacity_and_hasher(keys.len(), Default::default());
    // Folders reported, once each whatever the number of files in them.
    let mut clashed: foldhash::HashSet<&str> = foldhash::HashSet::default();
    for (k, spelling) in keys.into_iter().zip(spelled) {
        match folders.get(&k) {
            // Two pages are reported by `check`.
            Some(first)
                if first.0 != spelling.0
                    && !(first.1.is_some() && spelling.1.is_some())
                    && clashed.insert(spelling.0) =>
            {
                folder_clash(site, first, &spelling, diags);
            }
            Some(_) => {}
            None => {
                folders.insert(k, spelling);
            }
        }
    }
    let file_keys: Vec<String> = site.assets.par_iter().map(|a| key(&a.rel_path)).collect();
    let mut files: foldhash::HashMap<String, &str> =
        foldhash::HashMap::with_capacity_and_hasher(site.assets.len(), Default::default());
    for (asset, k) in site.assets.iter().zip(file_keys) {
        let path = asset.rel_path.as_str();
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

/// Reports a folder (`Ops/`) whose page reads like another folder's or page's (`ops/`,
/// `ops.md`): on the site two listing pages no reader tells apart, and on macOS or
/// Windows one folder, whose page a build there writes over the other's.
fn folder_clash(
    site: &Site,
    (first, first_page): &(&str, Option<&Runbook>),
    (path, page): &(&str, Option<&Runbook>),
    diags: &mut Diagnostics,
) {
    let shown = |p: &str, rb: Option<&Runbook>| match rb {
        Some(rb) => rb.source.display.clone(),
        None => format!("{}/", site.runbook_display(p)),
    };
    diags.error(
        Location::file(shown(path, *page)),
        format!(
            "`{}` and `{}` would be the pages /runbooks/{}/ and /runbooks/{}/, which differ only in letter case or in how an accented letter is encoded: readers cannot tell them apart, and on macOS or Windows they are one folder, whose page replaces the other",
            shown(first, *first_page).escape_debug(),
            shown(path, *page).escape_debug(),
            first.escape_debug(),
            path.escape_debug(),
        ),
        "rename one of the two folders (or merge them)",
    );
}

/// What `path` is on a file system that ignores letter case and the encoding of accents:
/// worked out for every page and folder on whichever core is free (100,000 runbooks have
/// 300,000 folders and pages to spell so).
/// `display`, and when it reads as `other` does (the same letters, one written as `é`
/// and the other as `e` and an accent), its characters beyond ASCII as code points after
/// it: "`café.md` and `café.md`" told the author nothing of which file to rename.
fn spelled(display: &str, other: &str) -> String {
    let nfc = ComposingNormalizerBorrowed::new_nfc();
    if display == other || nfc.normalize(display) != nfc.normalize(other) {
        return format!("`{display}`");
    }
    let mut out = format!("`{display}` (`");
    for c in display.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.extend(c.escape_unicode());
        }
    }
    out.push_str("`)");
    out
}

fn key(path: &str) -> String {
    // ASCII is its own normal form: most paths skip the normalizer's pass and copy.
    if path.is_ascii() {
        return path.to_ascii_lowercase();
    }
    ComposingNormalizerBorrowed::new_nfc()
        .normalize(path)
        .to_lowercase()
}
