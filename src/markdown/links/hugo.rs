//! Hugo's `{{< ref "x" >}}` and `{{< relref "x" >}}` shortcodes, looked up as Hugo looks
//! them up and replaced by a link destination that the rest of the link code reads.
//!
//! Hugo (gohugo.io, "Links and cross references") takes a path with or without its
//! extension and anchor. One without a leading `/` is looked for relative to the page's
//! folder, then from the content folder, then (a bare name such as `"disk-full"`) as the
//! one page of that name anywhere, an error when several have it; one with a leading `/`
//! is from the content folder (the parent of `content/runbooks/`). Before, only a path
//! relative to the page's folder, or from the root with its `.md`, was found; the rest were
//! reported as broken links, with the link as rewritten (`/content/runbooks/x`) and a hint
//! that spoke of this file's folder.

use std::borrow::Cow;
use std::sync::OnceLock;

use super::super::limits::MAX_LINK_REPORTS;
use super::super::{FastMap, FastSet, MarkdownContext};

/// Where the text after each Hugo `ref` was in the file, so that what is found in the
/// text with its shortcodes replaced is reported at its place in the file (a location
/// after a `ref` was shifted by the shortcode's length, to the wrong column or line); and
/// the refs that name no page, reported here with the shortcode as written.
#[derive(Debug, Default)]
pub(in crate::markdown) struct RefShifts {
    shifts: Vec<(usize, isize)>,
    /// Each ref that names no page: where its target is in the replaced text, and the
    /// message and hint.
    problems: Vec<(usize, String, String)>,
    /// The targets of those refs as they stand in the replaced text: a link to one of them
    /// was reported here and is kept as written, not reported again as a broken link.
    missing: FastSet<String>,
    /// The shortcode as written of each target put in its place, for messages about the
    /// link's anchor (the first shortcode, when several were replaced by the same text).
    written: FastMap<String, String>,
}

impl RefShifts {
    /// The offset in the text as written of `offset` in the text as replaced.
    pub(in crate::markdown) fn original(&self, offset: usize) -> usize {
        // (from where, in the replaced text; bytes removed before it, fewer than none
        // when a target from the content folder was written out longer), in order.
        let i = self.shifts.partition_point(|(at, _)| *at <= offset);
        let removed = i.checked_sub(1).map_or(0, |i| self.shifts[i].1);
        offset.saturating_add_signed(removed)
    }

    /// Whether `dest` is the target of a ref that names no page (already reported).
    pub(in crate::markdown) fn is_missing(&self, dest: &str) -> bool {
        !self.missing.is_empty() && self.missing.contains(dest)
    }

    /// How the link `dest` was written: the shortcode that it replaced, or itself.
    pub(in crate::markdown) fn written(&self, dest: &str) -> String {
        if self.written.is_empty() {
            return dest.to_string();
        }
        self.written
            .get(dest)
            .map_or_else(|| dest.to_string(), |w| w.clone())
    }

    /// The refs that name no page: offset in the replaced text, message and hint.
    pub(in crate::markdown) fn take_problems(&mut self) -> Vec<(usize, String, String)> {
        std::mem::take(&mut self.problems)
    }
}

impl crate::markdown::Page<'_, '_> {
    /// Reports the Hugo refs that name no page, at their shortcodes, as `broken_links`
    /// says (see [`RefShifts`]).
    pub(in crate::markdown) fn report_refs(&mut self, diags: &mut crate::diagnostics::Diagnostics) {
        let error = self.targets.broken_links_are_errors;
        for (at, message, hint) in self.ref_shifts.take_problems() {
            if self.reports.admit(error) && !message.is_empty() {
                let location = self.location(at);
                diags.broken_link(error, location, message, hint);
            }
        }
    }
}

/// The site's pages by the bare name a ref may give (`disk-full` for
/// `db/disk-full.md`, the folder's name for its `_index.md`, `index.md` or
/// `README.md`): the first two paths under the runbook folder in byte order, the second
/// when the name is ambiguous. Built once for the site, on the first bare name looked up.
/// (Owned: a borrowed map would make [`MarkdownContext`] invariant in its lifetime.)
#[derive(Debug, Default)]
pub(super) struct HugoNames(OnceLock<FastMap<String, (String, Option<String>)>>);

impl HugoNames {
    fn get(&self, runbooks: &FastMap<&str, &str>, name: &str) -> Option<(&str, Option<&str>)> {
        let names = self.0.get_or_init(|| {
            let mut names: FastMap<String, (String, Option<String>)> = FastMap::default();
            for &rel in runbooks.keys() {
                let Some(name) = page_name(rel) else { continue };
                match names.get_mut(name) {
                    None => {
                        names.insert(name.to_string(), (rel.to_string(), None));
                    }
                    Some((first, second)) => {
                        if rel < first.as_str() {
                            *second = Some(std::mem::replace(first, rel.to_string()));
                        } else if second.as_deref().is_none_or(|s| rel < s) {
                            *second = Some(rel.to_string());
                        }
                    }
                }
            }
            names
        });
        names
            .get(name)
            .map(|(first, second)| (first.as_str(), second.as_deref()))
    }
}

/// The bare name of the runbook at `rel`: its file's stem, or its folder's name for a
/// folder's page.
fn page_name(rel: &str) -> Option<&str> {
    let stem = crate::model::page_stem(rel)?;
    let (dir, file) = stem.rsplit_once('/').unwrap_or(("", stem));
    let folder_page = ["index", "_index", "readme"]
        .iter()
        .any(|n| file.eq_ignore_ascii_case(n));
    if !folder_page {
        return Some(file);
    }
    let name = dir.rsplit('/').next().unwrap_or("");
    (!name.is_empty()).then_some(name)
}

/// Turns Hugo's `{{< ref "x" >}}` and `{{< relref "x" >}}` into a link destination to
/// the page Hugo finds (see the module's comment), and says where the text after each
/// was (see [`RefShifts`]). A ref found relative to the page's folder is replaced by its
/// target as written (which links read the same way); one found otherwise by a path from
/// the page's folder. A ref that names no page, or several, is kept as its target as
/// written and reported by the caller with [`RefShifts::take_problems`].
pub(in crate::markdown) fn replace_hugo_refs<'t>(
    text: &'t str,
    dir: &str,
    targets: &MarkdownContext,
) -> (Cow<'t, str>, RefShifts) {
    let mut shifts = RefShifts::default();
    if !text.contains("{{") {
        return (text.into(), shifts);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    let mut removed: isize = 0;
    while let Some(start) = rest.find("{{") {
        crate::work::visit(start + 2);
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        match parse_ref_shortcode(tail) {
            Some((target, len)) => {
                let before = out.len();
                match look_up(target, dir, targets) {
                    Found::AsWritten => out.push_str(target),
                    Found::Page(rel, fragment) => {
                        for _ in dir.split('/').filter(|p| !p.is_empty()) {
                            out.push_str("../");
                        }
                        out.push_str(if rel.is_empty() && dir.is_empty() {
                            "./"
                        } else {
                            &rel
                        });
                        out.push_str(fragment);
                    }
                    Found::Not(message, hint) => {
                        // Past what a page reports, only counted (see `LinkReports`).
                        let (message, hint) = if shifts.problems.len() < MAX_LINK_REPORTS {
                            (format!("Hugo's `{}` {message}", shown(&tail[..len])), hint)
                        } else {
                            (String::new(), String::new())
                        };
                        shifts.problems.push((before, message, hint));
                        shifts.missing.insert(target.to_string());
                        out.push_str(target);
                    }
                }
                shifts
                    .written
                    .entry(out[before..].to_string())
                    .or_insert_with(|| shown(&tail[..len]).into_owned());
                removed += len as isize - (out.len() - before) as isize;
                shifts.shifts.push((out.len(), removed));
                rest = &tail[len..];
            }
            None => {
                out.push_str("{{");
                rest = &tail[2..];
            }
        }
    }
    out.push_str(rest);
    (out.into(), shifts)
}

/// The longest shortcode shown whole in a message.
const SHOWN: usize = 200;

fn shown(written: &str) -> Cow<'_, str> {
    if written.len() <= SHOWN {
        return written.into();
    }
    let mut end = SHOWN;
    while !written.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &written[..end]).into()
}

/// What a ref's target names.
enum Found<'t> {
    /// A page relative to the page's folder, or an anchor of this page: the target is
    /// read as written.
    AsWritten,
    /// The page at this path under the runbook folder (its file, or its folder), and the
    /// target's fragment.
    Page(String, &'t str),
    /// No page, or several: the message's end and the hint.
    Not(String, String),
}

fn look_up<'t>(target: &'t str, dir: &str, targets: &MarkdownContext) -> Found<'t> {
    let (path, fragment) = target.split_at(target.find('#').unwrap_or(target.len()));
    if path.is_empty() {
        return Found::AsWritten;
    }
    // An address (`https://…`, `javascript:`) is a link's to judge and clean.
    if super::has_scheme(path) || super::scheme_relative(path).is_some() {
        return Found::AsWritten;
    }
    let folder = targets.folder;
    let mut tried = Vec::new();
    if !path.starts_with('/') {
        let Some(rel) = super::normalize(dir, path) else {
            // Out of the runbook folder: a file of the repository, which links look up
            // (and open on the forge) as they always did.
            return Found::AsWritten;
        };
        if names_page(&rel, targets).is_some() {
            return Found::AsWritten;
        }
        let file = rel.rsplit('/').next().unwrap_or("");
        if file.contains('.') && crate::model::page_stem(file).is_none() {
            // `ref "../scripts/x.sh"`: not a page either way, read as a link.
            return Found::AsWritten;
        }
        tried.push(format!("{folder}{rel}"));
        if path.starts_with('.') {
            return not_found(&tried, None);
        }
    }
    let (prefix, content) = content_folder(folder);
    let from_content = super::normalize("", path.trim_start_matches('/'));
    if let Some(from_content) = &from_content {
        tried.push(format!("{content}{from_content}"));
        let rel = if prefix.is_empty() {
            Some(from_content.as_str())
        } else if from_content == prefix.trim_end_matches('/') {
            Some("")
        } else {
            from_content.strip_prefix(prefix)
        };
        if let Some(page) = rel.and_then(|rel| names_page(rel, targets)) {
            return Found::Page(page.to_string(), fragment);
        }
    }
    let slashes = path.matches('/').count();
    if !(slashes == 0 || (slashes == 1 && path.starts_with('/'))) {
        return not_found(&tried, None);
    }
    let name = path.trim_start_matches('/');
    let name = crate::model::page_stem(name).unwrap_or(name);
    match targets.names.hugo.get(&targets.runbooks, name) {
        Some((page, None)) => Found::Page(page.to_string(), fragment),
        Some((first, Some(second))) => Found::Not(
            format!("names more than one page: `{folder}{first}` and `{folder}{second}` (Hugo stops with an error)"),
            format!("write the page's path from the content folder (`{{{{< ref \"/{prefix}{}\" >}}}}`)", crate::model::page_stem(first).unwrap_or(first)),
        ),
        None => not_found(&tried, Some(name)),
    }
}

fn not_found<'t>(tried: &[String], name: Option<&str>) -> Found<'t> {
    let mut message = String::from("names no page of the site: not ");
    for (i, path) in tried.iter().enumerate() {
        if i > 0 {
            message.push_str(if i + 1 == tried.len() && name.is_none() {
                " nor "
            } else {
                ", "
            });
        }
        message.push('`');
        message.push_str(path);
        message.push('`');
    }
    if let Some(name) = name {
        message.push_str(&format!(" nor a page named `{name}` elsewhere"));
    }
    Found::Not(
        message,
        "Hugo reads a path without `/` from this file's folder, then from the content folder; one with `/` from the content folder (`/runbooks/db/disk-full` is content/runbooks/db/disk-full.md): fix the path, or add the page".to_string(),
    )
}

/// The runbook's key or folder under the runbook folder that `rel` names: the file
/// (`db/x.md`), the file without its `.md` (`db/x`), or a folder with a page (`db`).
pub(super) fn names_page<'a>(rel: &str, targets: &MarkdownContext<'a>) -> Option<&'a str> {
    if let Some((&key, _)) = targets.runbooks.get_key_value(rel) {
        return Some(key);
    }
    let trimmed = rel.trim_end_matches('/');
    if let Some(&folder) = targets.folders.get(trimmed) {
        return Some(folder);
    }
    let (&key, _) = targets
        .runbooks
        .get_key_value(format!("{trimmed}.md").as_str())?;
    Some(key)
}

/// The page of the site at `from_root`, a link's path from `/` that is not under the
/// runbook folder, read as an address of the Hugo site whose content folder holds the
/// runbook folder: GitLab's handbook (`content/handbook/…`) links its pages by their
/// addresses on handbook.gitlab.com, `/handbook/engineering/infrastructure-platforms/
/// incident-management/` for `content/handbook/engineering/infrastructure-platforms/
/// incident-management/_index.md`. Only under a folder named `content` (Hugo's, which
/// names the site's addresses); broken on GitHub and GitLab, where `/` is the repository's
/// root, as Jekyll's `x.html` and Hugo's `../other/` are. Before, each was a warning that
/// it led outside the site, and a broken link: 328 of the handbook section's 752.
pub(super) fn site_address<'a>(
    from_root: &str,
    fragment: &str,
    targets: &MarkdownContext,
) -> Option<super::Link<'a>> {
    let (prefix, content) = content_folder(targets.folder);
    if !(content == "content/" || content.ends_with("/content/")) {
        return None;
    }
    // `/runbooks/…`, `/search/` and the rest of the site's own addresses are checked as
    // such (one without the base path is warned of).
    let prefix = prefix.trim_end_matches('/');
    let first = prefix.split('/').next().unwrap_or("");
    if first.is_empty()
        || first.eq_ignore_ascii_case("runbooks")
        || crate::routes::names::RESERVED
            .iter()
            .any(|r| r.eq_ignore_ascii_case(first))
    {
        return None;
    }
    let rel = if from_root == prefix {
        ""
    } else {
        from_root.strip_prefix(prefix)?.strip_prefix('/')?
    };
    names_page(rel, targets)?;
    super::on_the_site(rel, fragment, targets)
}

/// The runbook folder `folder` (`content/runbooks/`) as Hugo's content folder sees it:
/// its path from the content folder (`runbooks/`) and the content folder's path in the
/// repository (`content/`). The content folder is the last folder named `content` on the
/// way, else the runbook folder's parent; a runbook folder that is the repository's root
/// is the content folder.
pub(super) fn content_folder(folder: &str) -> (&str, &str) {
    let f = folder.trim_end_matches('/');
    if f.is_empty() {
        return ("", "");
    }
    let split = if f == "content" || f.ends_with("/content") {
        f.len()
    } else if let Some(i) = f.rfind("/content/") {
        i + "/content".len()
    } else if f.starts_with("content/") {
        "content".len()
    } else {
        f.rfind('/').unwrap_or(0)
    };
    let split = if split == 0 { 0 } else { split + 1 };
    (
        folder.get(split..).unwrap_or(""),
        folder.get(..split).unwrap_or(""),
    )
}

/// Parses `{{< ref "target" >}}` (or `relref`, or `%` delimiters) at the start of `s`:
/// the target and the shortcode's length. Read forward from the opening, the target
/// stopping at a space or a brace: each `{{` costs what its shortcode holds, where looking
/// for the closing `>}}` from each cost the rest of the file (2 MiB of `{{< ref ` took
/// 188 s).
fn parse_ref_shortcode(s: &str) -> Option<(&str, usize)> {
    let close = match s.get(..3)? {
        "{{<" => ">}}",
        "{{%" => "%}}",
        _ => return None,
    };
    let inner = s[3..].trim_start();
    let after_name = inner
        .strip_prefix("relref")
        .or_else(|| inner.strip_prefix("ref"));
    let Some(after_name) = after_name else {
        crate::work::visit(s.len() - inner.len() + 6);
        return None;
    };
    let arg = after_name.trim_start();
    if arg.len() == after_name.len() {
        // `{{< reference >}}`: another shortcode.
        crate::work::visit(s.len() - arg.len() + 1);
        return None;
    }
    let run = arg
        .find(|c: char| c.is_whitespace() || c == '{' || c == '}')
        .unwrap_or(arg.len());
    let mut arg_end = run;
    // `{{< ref x>}}`: the closing mark's first character ends the target.
    if arg[run..].starts_with("}}") && arg[..run].ends_with(&close[..1]) {
        arg_end = run - 1;
    }
    let after = arg[arg_end..].trim_start();
    crate::work::visit(s.len() - after.len() + close.len());
    if !after.starts_with(close) {
        return None;
    }
    let raw = &arg[..arg_end];
    let target = raw
        .strip_prefix('"')
        .and_then(|a| a.strip_suffix('"'))
        .unwrap_or(raw);
    if target.is_empty() || target.contains('"') {
        return None;
    }
    let end = s.len() - after.len() + close.len();
    Some((target, end))
}

#[cfg(test)]
mod tests {
    use super::super::super::tests::targets;
    use super::*;

    #[test]
    fn locations_after_a_ref_are_in_the_file() {
        let text = "a {{< ref \"one.md\" >}} b {{% relref \"one\" %}}c";
        let (replaced, shifts) = replace_hugo_refs(text, "a", &targets());
        assert_eq!(replaced, "a one.md b onec");
        for (in_replaced, in_text) in [("a", "a"), (" b", " b"), ("c", "c")] {
            let at = replaced.find(in_replaced).unwrap();
            assert_eq!(
                shifts.original(at),
                text.find(in_text).unwrap(),
                "{in_replaced}"
            );
        }
        // The target is where its shortcode starts, or within it.
        assert_eq!(shifts.original(2), 2);
    }

    #[test]
    fn shortcodes_are_read_forward_from_their_opening() {
        for (s, found) in [
            ("{{< ref \"x.md\" >}}", Some(("x.md", 18))),
            ("{{<ref x>}} after", Some(("x", 11))),
            ("{{% relref  y#z  %}}", Some(("y#z", 20))),
            ("{{< reference x >}}", None),
            ("{{< ref x y >}}", None),
            ("{{< ref \"x >}}", None),
            ("{{< ref {{< ref x >}}", None),
            ("{{< ref >}}", None),
        ] {
            assert_eq!(parse_ref_shortcode(s), found, "{s}");
        }
    }

    /// Shortcodes left open cost what they hold: 2 MiB of `{{< ref ` took 188 s when
    /// each looked for its `>}}` to the end of the file.
    #[test]
    fn shortcodes_left_open_are_read_in_linear_time() {
        for unit in ["{{< ref x{{% relref ", "{{< ref ", "{{<ref \"", "{{{{"] {
            let visited = |n: usize| {
                let text = unit.repeat(n);
                let ((), v) = crate::work::count(|| {
                    replace_hugo_refs(&text, "a", &targets());
                });
                v
            };
            let (small, large) = (visited(2_000), visited(8_000));
            let len = (unit.len() * 8_000) as u64;
            assert!(large <= 4 * len, "{unit}: {large} bytes read for {len}");
            assert!(large <= 5 * small, "{unit}: {small} then {large}");
        }
    }

    #[test]
    fn the_content_folder_is_found_on_the_way() {
        for (folder, split) in [
            ("content/runbooks/", ("runbooks/", "content/")),
            ("content/", ("", "content/")),
            ("", ("", "")),
            ("docs/runbooks/", ("runbooks/", "docs/")),
            ("runbooks/", ("runbooks/", "")),
            (
                "site/content/ops/runbooks/",
                ("ops/runbooks/", "site/content/"),
            ),
        ] {
            assert_eq!(content_folder(folder), split, "{folder}");
        }
    }

    #[test]
    fn bare_names_are_file_stems_or_folder_names() {
        for (rel, name) in [
            ("db/disk.md", Some("disk")),
            ("db/_index.md", Some("db")),
            ("a/b/README.md", Some("b")),
            ("index.md", None),
            ("notes.txt", None),
        ] {
            assert_eq!(page_name(rel), name, "{rel}");
        }
    }
}
