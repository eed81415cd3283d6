//! `.gitattributes` lines that hide a published file's changes from the review of a pull
//! request. GitHub collapses the diff of a file marked `linguist-generated` ("Load diff",
//! under "Some generated files are not rendered by default"), GitLab one marked
//! `gitlab-generated`, and git itself shows a file whose `diff` is unset (`-diff`, or the
//! `binary` macro) as "Binary files differ": a pull request adding
//! `* linguist-generated` beside the runbooks, or `*.md binary` at the root, has every
//! runbook it changes published as written while reviewers see no line of it.
//!
//! Each such line that matches a runbook or data file is a warning at its line, naming the
//! first file and counting the others. The files are matched as git matches them (the
//! `gix-attributes` crate: patterns relative to their folder, deeper files first, macros
//! from the top-level file only). Only lines naming those attributes (or a top-level
//! macro that sets them) are matched, at most [`MAX_LINES`] of them, so the cost is the
//! files' size plus the published files times that bound.

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use gix_attributes::search::{MetadataCollection, Outcome};
use gix_attributes::{Search, StateRef};

use crate::diagnostics::{Diagnostics, Location};
use crate::model::Site;

/// The most lines that hide a diff that are matched against the published files; past
/// it, one warning counts the rest.
pub const MAX_LINES: usize = 100;

/// The name of the files.
pub const NAME: &str = ".gitattributes";

/// The attributes that hide a diff, before any macro.
const HIDING: [&str; 4] = ["diff", "binary", "linguist-generated", "gitlab-generated"];

/// Warns of each line of the site's `.gitattributes` files that hides the changes of a
/// runbook or data file from a pull request's diff. `found` are the ones inside the
/// runbook folder, by their path from the root; those of the folders above it and of
/// `content/` are looked for here.
pub(super) fn check(
    root: &Path,
    canonical_root: &Path,
    site: &Site,
    found: Vec<String>,
    diags: &mut Diagnostics,
) {
    let mut files: Vec<String> = found;
    let mut above = vec![String::new(), "content".to_string()];
    let mut folder = String::new();
    for part in site.runbook_folder.split('/').filter(|p| !p.is_empty()) {
        above.push(folder.clone());
        folder = if folder.is_empty() {
            part.to_string()
        } else {
            format!("{folder}/{part}")
        };
    }
    for dir in above {
        let rel = if dir.is_empty() {
            NAME.to_string()
        } else {
            format!("{dir}/{NAME}")
        };
        let path = root.join(&rel);
        // Git reads no `.gitattributes` through a symbolic link (since 2.32), nor do we.
        if path.symlink_metadata().is_ok_and(|m| m.is_file())
            && !super::is_link_outside(&path, canonical_root)
        {
            files.push(rel);
        }
    }
    files.sort_by_key(|f| (f.matches('/').count(), f.clone()));
    files.dedup();
    let published: Vec<String> = site
        .runbooks
        .iter()
        .map(|rb| site.runbook_display(&rb.rel_path))
        .chain(
            super::DATA_FILES
                .iter()
                .map(|(name, _)| format!("content/{name}"))
                .filter(|rel| root.join(rel).is_file()),
        )
        .collect();
    // What the published files' names end in after their last dot (`md`, `yaml`): a line
    // whose pattern ends otherwise (`*.png binary`) hides none of them.
    let ends: HashSet<&str> = published
        .iter()
        .map(|p| p.rsplit(['/', '.']).next().unwrap_or_default())
        .collect();
    let Some(rules) = Rules::read(root, &files, &ends, diags) else {
        return;
    };
    rules.warn(root, &published, diags);
}

/// Whether a path pattern can match a file whose name ends, after its last dot, in one
/// of `ends`: the literal text after its last wildcard must be the end of such a name.
fn could_match(pattern: &[u8], ends: &HashSet<&str>) -> bool {
    let tail = match pattern.iter().rposition(|b| b"*?[]\\".contains(b)) {
        Some(i) => &pattern[i + 1..],
        None => pattern,
    };
    let tail = String::from_utf8_lossy(tail);
    match tail.rsplit_once('.') {
        Some((_, after)) => ends.contains(after),
        None => ends.iter().any(|e| e.ends_with(&*tail)),
    }
}

/// The lines that hide a diff, ready to be matched.
struct Rules {
    search: Search,
    collection: MetadataCollection,
}

impl Rules {
    /// The lines of `files` (paths from the root, the top-level one first) that set an
    /// attribute hiding a diff, or `None` when there is none.
    fn read(
        root: &Path,
        files: &[String],
        ends: &HashSet<&str>,
        diags: &mut Diagnostics,
    ) -> Option<Rules> {
        let mut search = Search::default();
        let mut collection = MetadataCollection::default();
        // Git's own macro, as `gix_attributes::Search::new_globals` adds it.
        let builtin = b"[attr]binary -diff -merge -text";
        search
            .add_patterns_buffer(builtin, "[builtin]".into(), None, &mut collection, true)
            .ok()?;
        let mut hiding: HashSet<String> = HIDING.iter().map(|s| s.to_string()).collect();
        let (mut kept, mut over) = (0, 0);
        let mut first_over: Option<String> = None;
        for rel in files {
            let Ok(Some(bytes)) = super::read_bytes(&root.join(rel), rel, diags) else {
                continue;
            };
            let top = rel == NAME;
            let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
            let lines: Vec<&[u8]> = text.split(|&b| b == b'\n').collect();
            let mut keep = vec![false; lines.len()];
            // Macros first (git takes them from the top-level file only), then the lines
            // that set one of them or a hiding attribute.
            for pass in [true, false] {
                for (kind, attrs, line) in gix_attributes::parse(text).flatten() {
                    let is_macro = matches!(kind, gix_attributes::parse::Kind::Macro(_));
                    if is_macro != pass || (is_macro && !top) {
                        continue;
                    }
                    let names: Vec<String> = attrs
                        .flatten()
                        .map(|a| a.name.as_str().to_string())
                        .collect();
                    if !names.iter().any(|n| hiding.contains(n)) {
                        continue;
                    }
                    match &kind {
                        gix_attributes::parse::Kind::Macro(name) => {
                            hiding.insert(name.as_str().to_string());
                        }
                        gix_attributes::parse::Kind::Pattern(p) if !could_match(&p.text, ends) => {
                            continue
                        }
                        gix_attributes::parse::Kind::Pattern(_) => {}
                    }
                    if !is_macro && kept == MAX_LINES {
                        over += 1;
                        first_over.get_or_insert_with(|| format!("{rel}:{line}"));
                        continue;
                    }
                    kept += usize::from(!is_macro);
                    if let Some(k) = keep.get_mut(line - 1) {
                        *k = true;
                    }
                }
            }
            if !keep.contains(&true) {
                continue;
            }
            let mut buffer = Vec::with_capacity(text.len());
            for (line, k) in lines.iter().zip(&keep) {
                if *k {
                    buffer.extend_from_slice(line);
                }
                buffer.push(b'\n');
            }
            let source: PathBuf = root.join(rel);
            if search
                .add_patterns_buffer(&buffer, source, Some(root), &mut collection, top)
                .is_err()
            {
                continue;
            }
        }
        if over > 0 {
            let at = first_over.unwrap_or_default();
            let (file, line) = at.rsplit_once(':').unwrap_or((&at, "1"));
            diags.warning(
                Location {
                    line: line.parse().unwrap_or(1),
                    ..Location::file(file)
                },
                format!(
                    "{over} more lines of `.gitattributes` files hide changes from a pull request's diff (`linguist-generated`, `gitlab-generated`, `-diff`, `binary`) than the {MAX_LINES} pipebook checks: whether they hide a runbook's is not told"
                ),
                "mark as generated only the files a tool writes, in a few lines with wildcards",
            );
        }
        (kept > 0).then_some(Rules { search, collection })
    }

    /// Warns once at each line hiding the diff of one of `published` (paths from the
    /// root), naming the first and counting the others.
    fn warn(&self, root: &Path, published: &[String], diags: &mut Diagnostics) {
        // Sequential: the crate's search is not `Sync`. At most `MAX_LINES` lines are
        // matched per file.
        let mut out = Outcome::default();
        out.initialize_with_selection(&self.collection, HIDING);
        let found = published
            .iter()
            .enumerate()
            .flat_map(|(i, path)| self.hiding(&mut out, path, i));
        // (file, line) -> (how it hides, the first file, how many)
        let mut hits: BTreeMap<(PathBuf, usize), (&'static str, usize, usize)> = BTreeMap::new();
        for (i, source, line, how) in found {
            hits.entry((source, line)).or_insert((how, i, 0)).2 += 1;
        }
        for ((source, line), (how, first, count)) in hits {
            let file = source.strip_prefix(root).map_or_else(
                |_| source.display().to_string(),
                |r| r.display().to_string(),
            );
            let others = match count {
                1 => String::new(),
                2 => " and 1 other published file".to_string(),
                n => format!(" and {} other published files", n - 1),
            };
            diags.warning(
                Location {
                    line,
                    ..Location::file(file)
                },
                format!(
                    "this line hides the changes of `{}`{others} from a pull request's diff: {how}, so reviewers do not see what the site publishes",
                    published[first]
                ),
                "mark as generated (or binary) only files a tool writes, not runbooks or data files; review such a change on the deploy preview",
            );
        }
    }

    /// The lines that hide the diff of `path` (the `i`th published file): their file,
    /// line and how.
    fn hiding(
        &self,
        out: &mut Outcome,
        path: &str,
        i: usize,
    ) -> Vec<(usize, PathBuf, usize, &'static str)> {
        out.reset();
        let case = gix_attributes::glob::pattern::Case::Sensitive;
        if !self
            .search
            .pattern_matching_relative_path(path.into(), case, Some(false), out)
        {
            return Vec::new();
        }
        let mut found = Vec::new();
        for m in out.iter_selected() {
            let state = m.assignment.state;
            let generated = matches!(state, StateRef::Set)
                || matches!(state, StateRef::Value(v) if v.as_bstr() == "true");
            let how = match m.assignment.name.as_str() {
                "diff" if matches!(state, StateRef::Unset) => {
                    "git shows only \"Binary files differ\""
                }
                "linguist-generated" if generated => {
                    "GitHub collapses it as generated (\"Load diff\")"
                }
                "gitlab-generated" if generated => "GitLab collapses it as generated",
                _ => continue,
            };
            if let Some(source) = m.location.source {
                found.push((i, source.to_path_buf(), m.location.sequence_number, how));
            }
        }
        found
    }
}
