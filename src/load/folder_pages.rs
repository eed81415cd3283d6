//! Which runbook is a folder's page (`/runbooks/<dir>/`), as the forges and Hugo show
//! folders: `_index.md` (Hugo), else `README.md` (any case: what GitHub shows for a folder,
//! and what GitLab shows before an `index.md`), else `index.md`, else `index.html.md`
//! (Middleman's, the GOV.UK tech-docs template's, whose page `index.html` it is), else a
//! page `dir.md` beside the folder. A folder with none of them gets a listing of what it
//! holds.

use std::collections::{BTreeMap, HashSet};

use crate::diagnostics::{Diagnostics, Location};
use crate::model::Runbook;

/// The names of a folder's page, strongest first.
const NAMES: [&str; 4] = ["_index.md", "readme.md", "index.md", "index.html.md"];

/// How strongly the file `name` claims its folder's page, if it does (0 is strongest).
fn rank(name: &str) -> Option<usize> {
    NAMES.iter().position(|n| {
        if *n == "readme.md" {
            name.eq_ignore_ascii_case(n)
        } else {
            name == *n
        }
    })
}

fn split(rel_path: &str) -> (&str, &str) {
    rel_path.rsplit_once('/').unwrap_or(("", rel_path))
}

/// Sets each runbook's page (`slug`) and whether it is its folder's page. Two files that
/// claim one folder are a warning naming both and the one that won; the other stays a
/// page of its own (`dir/README.md` at `/runbooks/dir/README/`). A page `c.md` beside a
/// folder `c/` of runbooks that has no page of its own is that folder's page, its listing
/// below its text. `runbooks` is in path order, so the outcome does not depend on the
/// file system.
pub fn assign(runbooks: &mut [Runbook], diags: &mut Diagnostics) {
    // The strongest claim on each folder: (rank, index).
    let mut claims: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (i, rb) in runbooks.iter_mut().enumerate() {
        let plain = crate::model::page_stem(&rb.rel_path).unwrap_or(&rb.rel_path);
        rb.slug = plain.to_string();
        rb.is_index = false;
        let (dir, name) = split(&rb.rel_path);
        let Some(r) = rank(name) else { continue };
        match claims.get_mut(dir) {
            Some(best) if best.0 <= r => {}
            Some(best) => *best = (r, i),
            None => {
                claims.insert(dir.to_string(), (r, i));
            }
        }
    }
    for (dir, (_, winner)) in &claims {
        runbooks[*winner].slug.clone_from(dir);
        runbooks[*winner].is_index = true;
    }
    for (i, rb) in runbooks.iter().enumerate() {
        let (dir, name) = split(&rb.rel_path);
        if rank(name).is_none() {
            continue;
        }
        let winner = claims[dir].1;
        if winner != i && name == "index.html.md" {
            // Its own page would be `dir/index.html/`, a folder where the folder's page
            // writes its file `dir/index.html`.
            let won = &runbooks[winner];
            diags.error(
                Location::file(&rb.source.display),
                format!(
                    "`{}` cannot be written to the site: `{}` is the page of its folder, and `index.html` is the name of the file that page is written to",
                    rb.source.display, won.source.display
                ),
                "rename one of them (`home.md`), or remove one",
            );
        } else if winner != i {
            let won = &runbooks[winner];
            diags.warning(
                Location::file(&rb.source.display),
                format!(
                    "`{}` and `{}` are both pages of the folder `{}`: `{}` is its page, and `{}` a page of its own",
                    won.source.display,
                    rb.source.display,
                    if dir.is_empty() { "." } else { dir },
                    won.source.display,
                    rb.source.display
                ),
                "a folder's page is its `_index.md`, else `README.md`, else `index.md`, else `index.html.md`: rename or remove one of them",
            );
        }
    }
    // Folders that hold runbooks and have no page yet.
    let mut folders: HashSet<&str> = HashSet::new();
    for rb in runbooks.iter() {
        let mut dir = split(&rb.rel_path).0;
        while !dir.is_empty() && folders.insert(dir) {
            dir = split(dir).0;
        }
    }
    let pageless: HashSet<String> = folders
        .into_iter()
        .filter(|f| !claims.contains_key(*f))
        .map(str::to_string)
        .collect();
    for rb in runbooks.iter_mut() {
        if !rb.is_index && pageless.contains(&rb.slug) {
            rb.is_index = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FrontMatter, SourceFile};

    fn runbooks(paths: &[&str]) -> Vec<Runbook> {
        paths
            .iter()
            .map(|p| Runbook {
                rel_path: p.to_string(),
                slug: String::new(),
                is_index: false,
                front: FrontMatter::default(),
                body_start: 0,
                source: SourceFile {
                    display: format!("docs/{p}"),
                    text: String::new(),
                    spans: Default::default(),
                },
                body_on_disk: None,
            })
            .collect()
    }

    fn pages(paths: &[&str]) -> (Vec<(String, bool)>, Vec<String>) {
        let mut rbs = runbooks(paths);
        let mut d = Diagnostics::new();
        assign(&mut rbs, &mut d);
        let warnings = d.sorted().iter().map(|w| w.message.clone()).collect();
        (
            rbs.into_iter().map(|r| (r.slug, r.is_index)).collect(),
            warnings,
        )
    }

    #[test]
    fn readme_index_and_hugo_index_are_folder_pages() {
        let (p, w) = pages(&[
            "README.md",
            "a/readme.md",
            "b/index.md",
            "c/_index.md",
            "c/x.md",
        ]);
        assert_eq!(
            p,
            [
                ("".into(), true),
                ("a".into(), true),
                ("b".into(), true),
                ("c".into(), true),
                ("c/x".into(), false)
            ]
        );
        assert!(w.is_empty(), "{w:?}");
    }

    #[test]
    fn the_strongest_claim_wins_and_the_other_is_named() {
        let (p, w) = pages(&["a/README.md", "a/_index.md", "a/index.md"]);
        assert_eq!(
            p,
            [
                ("a/README".into(), false),
                ("a".into(), true),
                ("a/index".into(), false)
            ]
        );
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(
            w.iter()
                .all(|m| m.starts_with("`docs/a/_index.md` and `docs/a/")),
            "{w:?}"
        );
        // Without `_index.md`, the README is the folder's page, as the forges show it.
        let (p, w) = pages(&["b/index.md", "b/README.md"]);
        assert_eq!(p, [("b/index".into(), false), ("b".into(), true)]);
        assert_eq!(w.len(), 1, "{w:?}");
    }

    #[test]
    fn middlemans_index_html_md_is_its_folders_page_and_never_a_page_of_its_own() {
        // GOV.UK's tech-docs manuals: `kubernetes/index.html.md` is Middleman's
        // `kubernetes/index.html`, the folder's page.
        let (p, w) = pages(&["index.html.md", "k/index.html.md", "k/x.html.md"]);
        assert_eq!(
            p,
            [
                ("".into(), true),
                ("k".into(), true),
                ("k/x.html".into(), false)
            ]
        );
        assert!(w.is_empty(), "{w:?}");
        // Beside a stronger claim it could only be written inside the folder page's file.
        let mut rbs = runbooks(&["m/README.md", "m/index.html.md"]);
        let mut d = Diagnostics::new();
        assign(&mut rbs, &mut d);
        assert_eq!(d.error_count(), 1);
        let errors = d.sorted();
        assert!(
            errors[0]
                .message
                .starts_with("`docs/m/index.html.md` cannot be written"),
            "{}",
            errors[0].message
        );
    }

    #[test]
    fn a_page_beside_its_folder_is_the_folders_page_unless_the_folder_has_one() {
        let (p, _) = pages(&["c.md", "c/x.md", "d.md", "d/README.md", "e.md"]);
        assert_eq!(
            p,
            [
                ("c".into(), true),
                ("c/x".into(), false),
                // Two pages of /runbooks/d/: the loader reports the clash.
                ("d".into(), false),
                ("d".into(), true),
                ("e".into(), false)
            ]
        );
    }
}
