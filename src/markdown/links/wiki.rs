//! Wiki links: `[[Page Name]]`, `[[Page|text]]` (Obsidian's order, and GitLab's and
//! Gollum's `[[Page]]`) and `[[text|Page]]` (GitHub's wikis, Gollum's order), and
//! Obsidian's embeds `![[file]]`.
//!
//! None of them is Markdown: GitHub and GitLab show them as written in a repository's
//! files, so a runbook written in a wiki or a vault and moved into a repository lost its
//! links without a word. Each page now gets a warning at its first wiki link made a link,
//! and one at its first left as written, saying what to write. A link that names exactly one runbook (by its file's name, any case, a
//! space for a `-`, or by its path under the runbook folder) is also made a link to it, as
//! the wiki or vault it was written for made it: a reader following it on the site reaches
//! the page meant, and nothing is guessed, since two runbooks of the name leave it as
//! written. Embeds stay as written (what they embed is not a runbook's to show).

use std::ops::Range;
use std::sync::OnceLock;

use pulldown_cmark::{CowStr, Event, LinkType, Tag, TagEnd};

use super::super::{forge_text, FastMap, MarkdownContext, Page};
use crate::diagnostics::Diagnostics;

/// The bit of `Page::wiki_reported` that says a wiki link in a heading was reported.
const IN_HEADING: u8 = 8;

/// The longest wiki link read, brackets included: a name is a page's name.
const MAX_LINK: usize = 256;

/// A wiki link found in a text: where it is in the text, and its parts.
#[derive(Debug, PartialEq, Eq)]
struct Found<'t> {
    range: Range<usize>,
    embed: bool,
    /// Before the `|`, or the whole name.
    left: &'t str,
    right: Option<&'t str>,
}

impl Found<'_> {
    fn written<'t>(&self, text: &'t str) -> &'t str {
        &text[self.range.clone()]
    }
}

/// `at`, or the start of the character of `text` it falls inside.
pub(super) fn floor_char(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// The wiki links of `text`, in order. Each `[[` is read up to at most [`MAX_LINK`]
/// bytes, so a text costs time linear in its length.
fn find(text: &str) -> Vec<Found<'_>> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&bytes[from..], b"[[") {
        let start = from + i;
        from = start + 2;
        // Up to the next bracket or line break, which ends any name: windows never overlap.
        let window = &bytes[start + 2..text.len().min(start + MAX_LINK)];
        let window_end = memchr::memchr2(b'[', b'\n', window).unwrap_or(window.len());
        crate::work::visit(window_end + 2);
        // Cut at a character's start: a window that ends inside one (`[[` then 254
        // bytes of `é`, no bracket or line break) panicked, failing the build.
        let Some(window) = text.get(start + 2..floor_char(text, start + 2 + window_end)) else {
            continue;
        };
        let Some(end) = window.find("]]") else {
            continue;
        };
        let inner = &window[..end];
        let (left, right) = match inner.split_once('|') {
            Some((l, r)) => (l.trim(), Some(r.trim())),
            None => (inner.trim(), None),
        };
        if !(is_name(left) && right.is_none_or(|r| is_name(r) || r.is_empty())) {
            continue;
        }
        if left.eq_ignore_ascii_case("_TOC_") {
            continue;
        }
        let embed = start > 0 && bytes[start - 1] == b'!';
        let begin = if embed { start - 1 } else { start };
        out.push(Found {
            range: begin..start + 2 + end + 2,
            embed,
            left,
            right,
        });
        from = start + 2 + end + 2;
    }
    out
}

/// Whether `s` reads as a page's name: some letter, no bracket, quote, brace, angle
/// bracket, `=` or line break, and no footnote's `^` first (`[[1, 2]]`, `[["a"]]`,
/// `[[^1]]` and Bash's `[[ -z $x ]]` are not links).
fn is_name(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with(['^', '-', '$', '!'])
        && s.chars().any(char::is_alphabetic)
        && !s.contains([
            '[', ']', '"', '\'', '{', '}', '<', '>', '=', '\n', '`', '|', '$',
        ])
}

/// The runbooks by the names a wiki link may give: the file's name and its path under the
/// runbook folder, without `.md`, in lower case with spaces for `-` and `_` (a folder's
/// page by the folder's); the first two paths in byte order, the second when the name is
/// ambiguous. Built once for the site, on the first wiki link.
#[derive(Debug, Default)]
pub struct WikiNames(OnceLock<FastMap<String, (String, Option<String>)>>);

fn key(name: &str) -> String {
    let name = crate::model::page_stem(name).unwrap_or(name);
    name.trim_matches('/')
        .chars()
        .map(|c| match c {
            '-' | '_' => ' ',
            c => c,
        })
        .flat_map(char::to_lowercase)
        .collect()
}

impl WikiNames {
    fn get(&self, runbooks: &FastMap<&str, &str>, name: &str) -> Option<(&str, Option<&str>)> {
        let names = self.0.get_or_init(|| {
            let mut names: FastMap<String, (String, Option<String>)> = FastMap::default();
            let mut add = |k: String, rel: &str| match names.get_mut(&k) {
                None => {
                    names.insert(k, (rel.to_string(), None));
                }
                Some((first, second)) => {
                    if rel == first || second.as_deref() == Some(rel) {
                    } else if rel < first.as_str() {
                        *second = Some(std::mem::replace(first, rel.to_string()));
                    } else if second.as_deref().is_none_or(|s| rel < s) {
                        *second = Some(rel.to_string());
                    }
                }
            };
            for &rel in runbooks.keys() {
                let Some(stem) = crate::model::page_stem(rel) else {
                    continue;
                };
                let (dir, file) = stem.rsplit_once('/').unwrap_or(("", stem));
                let folder_page = ["index", "_index", "readme"]
                    .iter()
                    .any(|n| file.eq_ignore_ascii_case(n));
                let path = if folder_page { dir } else { stem };
                if path.is_empty() {
                    continue;
                }
                add(key(path), rel);
                if let Some((_, name)) = path.rsplit_once('/') {
                    add(key(name), rel);
                }
            }
            names
        });
        names
            .get(&key(name))
            .map(|(first, second)| (first.as_str(), second.as_deref()))
    }
}

/// What a name gives: one runbook (its path under the runbook folder), two, or none.
enum Named<'a> {
    One(&'a str),
    Two(&'a str, &'a str),
    None,
}

fn named<'a>(name: &str, targets: &'a MarkdownContext) -> Named<'a> {
    let page = name.split_once('#').map_or(name, |(p, _)| p);
    if page.trim().is_empty() {
        return Named::None;
    }
    match targets.names.wiki.get(&targets.runbooks, page) {
        Some((one, None)) => Named::One(one),
        Some((first, Some(second))) => Named::Two(first, second),
        None => Named::None,
    }
}

/// `rel` (under the runbook folder) relative to the folder `dir`.
pub(super) fn relative(dir: &str, rel: &str) -> String {
    let dir: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = rel.split('/').collect();
    let common = dir
        .iter()
        .zip(&to)
        .take_while(|(a, b)| a == b)
        .count()
        .min(to.len().saturating_sub(1));
    let mut out = "../".repeat(dir.len() - common);
    out.push_str(&to[common..].join("/"));
    out
}

/// A wiki link read: the page it leads to, if one, and what is said about it.
struct Read {
    /// The destination (from the page's folder) and the link's text.
    link: Option<(String, String)>,
    message: String,
    hint: String,
}

fn read(found: &Found, written: &str, dir: &str, targets: &MarkdownContext) -> Read {
    let folder = targets.folder;
    let shown = found.right.filter(|r| !r.is_empty()).unwrap_or(found.left);
    if found.embed {
        return Read {
            link: None,
            message: format!("wiki embed `{written}` is not Markdown: it shows as written here, on GitHub and on GitLab"),
            hint: format!("write an image (`![{shown}]({})`) or a link to the file", found.left),
        };
    }
    // GitHub's wikis write `[[text|Page]]`, Obsidian `[[Page|text]]`: the side that names
    // a runbook is the page.
    let (page, text, one) = match (named(found.left, targets), found.right) {
        (Named::One(rel), right) => (found.left, right.unwrap_or(found.left), Some(rel)),
        (left, Some(right)) => match (named(right, targets), left) {
            (Named::One(rel), _) => (right, found.left, Some(rel)),
            (Named::Two(a, b), _) | (_, Named::Two(a, b)) => return two(written, a, b, folder),
            _ => (found.left, right, None),
        },
        (Named::Two(a, b), None) => return two(written, a, b, folder),
        (Named::None, None) => (found.left, found.left, None),
    };
    let text = if text.is_empty() { page } else { text };
    let Some(rel) = one else {
        return Read {
            link: None,
            message: format!("wiki link `{written}` is not Markdown, and names no runbook: it shows as written here, on GitHub and on GitLab"),
            hint: format!("write a Markdown link to the runbook's file: `[{text}](path/to/file.md)`"),
        };
    };
    let anchor = page
        .split_once('#')
        .map(|(_, h)| crate::markdown::slug::slug(targets.heading_ids, h))
        .filter(|a| !a.is_empty());
    let mut dest = relative(dir, rel);
    if let Some(a) = anchor {
        dest.push('#');
        dest.push_str(&a);
    }
    Read {
        message: format!("wiki link `{written}` is not Markdown: GitHub and GitLab show it as written; pipebook links it to {folder}{rel}"),
        hint: format!("write a Markdown link, which every forge reads: `[{text}]({dest})`"),
        link: Some((dest, text.to_string())),
    }
}

fn two(written: &str, a: &str, b: &str, folder: &str) -> Read {
    Read {
        link: None,
        message: format!("wiki link `{written}` is not Markdown, and names more than one runbook ({folder}{a}, {folder}{b}): it shows as written"),
        hint: "write a Markdown link to the runbook meant: `[text](path/to/file.md)`".to_string(),
    }
}

impl<'e> Page<'e, '_> {
    /// Writes the text `t` (at `range` of `body`) with its wiki links read: `None` when it
    /// holds none (or cannot hold a link here: in a link, an image, a held marker), so
    /// that it is written as any text; else whether a limit was hit.
    pub(in crate::markdown) fn wiki_text(
        &mut self,
        t: &str,
        range: &Range<usize>,
        body: &str,
        diags: &mut Diagnostics,
    ) -> Option<bool> {
        if self.open_link.is_some() || self.writer.in_image() || self.forge.holds() {
            return None;
        }
        let found = find(t);
        if found.is_empty() {
            return None;
        }
        let source = body.get(range.clone()).unwrap_or("");
        let mut copied = 0;
        let mut searched = 0;
        for f in &found {
            let written = f.written(t);
            let read = read(f, written, self.dir, self.targets);
            // Found in the source from where the last one was: once one is not (written
            // with an entity), the rest are placed at the text's start.
            let at = match source.get(searched..).and_then(|s| s.find(written)) {
                Some(i) => {
                    searched += i + written.len();
                    range.start + searched - written.len()
                }
                None => {
                    searched = source.len();
                    range.start
                }
            };
            let kind = if read.link.is_some() { 1 } else { 2 };
            if self.wiki_reported & kind == 0 {
                self.wiki_reported |= kind;
                let location = self.location(at);
                diags.warning(location, read.message, read.hint);
            }
            let Some((dest, text)) = read.link else {
                continue;
            };
            let piece = at..at + written.len();
            if self.text_piece(&t[copied..f.range.start], range, body, diags) {
                return Some(true);
            }
            copied = f.range.end;
            let events = [
                Event::Start(Tag::Link {
                    link_type: LinkType::Inline,
                    dest_url: CowStr::from(dest),
                    title: CowStr::Borrowed(""),
                    id: CowStr::Borrowed(""),
                }),
                Event::Text(CowStr::from(text)),
                Event::End(TagEnd::Link),
            ];
            for event in events {
                if self.step(event, piece.clone(), body, diags) {
                    return Some(true);
                }
            }
        }
        Some(self.text_piece(&t[copied..], range, body, diags))
    }

    /// Warns at the first wiki link of the page's headings (`t` is a heading's text at
    /// `range` of `body`), which is left as written: a heading's id and the page's title
    /// are made from its text as written, and links written for the forges use those ids.
    pub(in crate::markdown) fn wiki_in_heading(
        &mut self,
        t: &str,
        range: &Range<usize>,
        body: &str,
        diags: &mut Diagnostics,
    ) {
        if self.wiki_reported & IN_HEADING != 0 {
            return;
        }
        let Some(f) = find(t).into_iter().find(|f| !f.embed) else {
            return;
        };
        self.wiki_reported |= IN_HEADING;
        let written = f.written(t);
        let read = read(&f, written, self.dir, self.targets);
        let at = body
            .get(range.clone())
            .and_then(|s| s.find(written))
            .map_or(range.start, |i| range.start + i);
        let hint = match read.link {
            Some((dest, text)) => format!("write the heading's text plainly, and the link under it as Markdown: `[{text}]({dest})`"),
            None => format!("write the heading's text plainly; {}", read.hint),
        };
        diags.warning(
            self.location(at),
            format!("wiki link `{written}` in a heading is not Markdown: it shows as written here, on GitHub and on GitLab (pipebook links no wiki link in a heading, whose id is made from its text)"),
            hint,
        );
    }

    /// Writes a piece of text as a text event is written (with the forges' syntax read).
    fn text_piece(
        &mut self,
        t: &str,
        range: &Range<usize>,
        body: &str,
        diags: &mut Diagnostics,
    ) -> bool {
        if t.is_empty() {
            return false;
        }
        if forge_text::worth_reading(t) {
            if let Some(pieces) = forge_text::pieces(t) {
                return self.forge_pieces(pieces, range, body, diags);
            }
        }
        self.step(
            Event::Text(CowStr::from(t.to_string())),
            range.clone(),
            body,
            diags,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wiki_links_are_found_and_other_brackets_are_not() {
        let text = "a [[Disk Full]] b ![[x.png]] [[one|two]] [[1, 2]] [[ -z $x ]] [[^1]] [[_TOC_]] [[a\nb]] [[x";
        let found: Vec<(&str, bool)> = find(text)
            .iter()
            .map(|f| (f.written(text), f.embed))
            .collect();
        assert_eq!(
            found,
            [
                ("[[Disk Full]]", false),
                ("![[x.png]]", true),
                ("[[one|two]]", false)
            ]
        );
    }

    #[test]
    fn windows_end_at_a_character_not_inside_one() {
        // 254 bytes after `[[a` end inside an `é`: this panicked on 646cd34.
        let text = format!("[[a{}", "é".repeat(200));
        assert!(find(&text).is_empty());
        let text = format!("[[a{}]] [[b]]", "é".repeat(200));
        assert_eq!(find(&text).len(), 1);
    }

    #[test]
    fn many_open_brackets_are_read_in_linear_time() {
        for unit in ["[[", "[[a", "[[a|b ", "[[x]]"] {
            let visited = |n: usize| {
                let text = unit.repeat(n);
                let (_, v) = crate::work::count(|| find(&text).len());
                v
            };
            let (small, large) = (visited(2_000), visited(8_000));
            assert!(large <= 5 * small, "{unit}: {small} then {large}");
            assert!(large <= (MAX_LINK * 8_000) as u64, "{unit}: {large}");
        }
    }

    #[test]
    fn paths_are_made_relative_to_the_folder() {
        for (dir, rel, out) in [
            ("", "db/x.md", "db/x.md"),
            ("db", "db/x.md", "x.md"),
            ("net/a", "db/x.md", "../../db/x.md"),
            ("db/sub", "db/x.md", "../x.md"),
        ] {
            assert_eq!(relative(dir, rel), out, "{dir} {rel}");
        }
    }

    #[test]
    fn names_ignore_case_dashes_and_the_extension() {
        assert_eq!(key("Disk Full"), key("disk-full.md"));
        assert_eq!(key("db/Disk_Full"), "db/disk full");
    }
}
