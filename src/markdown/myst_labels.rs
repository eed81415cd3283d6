//! MyST labels (`(howto:features:profile-restrict)=` on a line of its own, before a
//! heading), which Sphinx turns into targets that `[](#label)` links reach across the
//! whole site. GitHub, GitLab and pipebook show the line as text and give the heading its
//! own id, so such a link is broken there; the labels a page defines are kept so that the
//! warning about a link to one can name the file and heading it meant (see
//! `validate::check_anchors`).

use std::collections::HashMap;

use super::Rendered;

/// A MyST label a page defines: the label, the line it is on, and the id of the heading
/// under it, when one follows; else what it marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MystLabel {
    pub label: Box<str>,
    pub line: usize,
    pub heading: Option<Box<str>>,
    /// What follows the label when it is no heading (`a table`, `a code block`, ...).
    pub marks: &'static str,
}

/// Each label of `pages` (each page's file as shown and its labels, in the site's order) to
/// where it is first defined.
pub fn labels_by_name<'p>(
    pages: impl Iterator<Item = (&'p str, &'p [MystLabel])>,
) -> HashMap<&'p str, LabelAt<'p>> {
    let mut labels = HashMap::new();
    for (file, defined) in pages {
        for l in defined {
            labels.entry(&*l.label).or_insert(LabelAt {
                file,
                line: l.line,
                heading: l.heading.as_deref(),
                marks: l.marks,
            });
        }
    }
    labels
}

/// The hint for a link to a missing file, written `raw` and resolved to `in_repo`, whose
/// path is a MyST label of the site (`[how](deploying-a-change)` for a line
/// `(deploying-a-change)=`): MyST takes a destination that names no file for a reference
/// to a label, GitHub, GitLab and this site for a path. Only a path written as the label
/// itself, without `/`, `#` or `?`, so that the linking file's folder is `in_repo`'s.
pub(super) fn bare_label_hint(
    raw: &str,
    in_repo: &str,
    targets: &super::MarkdownContext,
) -> Option<String> {
    if raw.contains(['/', '#', '?']) || raw.starts_with('.') {
        return None;
    }
    let at = targets.myst_labels?.get(raw)?;
    // `in_repo` is the linking file's folder joined with `raw`: a file of that folder
    // stands for the linking one in the relative path.
    Some(label_hint(raw, at, in_repo))
}

/// Where a MyST label (`(label)=`) is defined: the file as shown, its line, and the id of
/// the heading under it.
#[derive(Debug, Clone, Copy)]
pub struct LabelAt<'a> {
    pub file: &'a str,
    pub line: usize,
    pub heading: Option<&'a str>,
    /// What the label marks when no heading follows it (`a table`).
    pub marks: &'a str,
}

/// Said of a link to a MyST label defined at `at`, written `link` in the file `from`
/// (`#label`, or the bare label, which MyST takes for a reference when no file has that
/// name): Sphinx links it, the forges and this site do not; the link that works is the
/// one to the heading under the label, from `from`'s folder.
///
/// With no heading under the label, nothing on those has its id: what it marks is said, and
/// the anchor in HTML that gives that place the id everywhere, `<a id="label"></a>`, beside
/// it (Sphinx keeps the label).
pub fn label_hint(link: &str, at: &LabelAt, from: &str) -> String {
    let label = link.strip_prefix('#').unwrap_or(link);
    let path = relative_path(from, at.file);
    let said = format!(
        "`{link}` is the MyST label `({label})=` at {}:{}, which Sphinx links and GitHub, GitLab and this site do not",
        at.file, at.line
    );
    match at.heading {
        Some(id) => format!("{said}: link to `{path}#{id}` instead"),
        None => format!(
            "{said}; it marks {}, not a heading, so no element has its id: write `<a id=\"{label}\"></a>` on the line under the label, which gives that place the id on GitHub, GitLab and this site, and link to `{path}#{label}`",
            at.marks
        ),
    }
}

/// `to` as a link from the file `from` (both paths from the root): `../b/c.md`, or
/// nothing when they are the same file.
pub fn relative_path(from: &str, to: &str) -> String {
    if from == to {
        return String::new();
    }
    let dir: Vec<&str> = from.split('/').collect();
    let dir = &dir[..dir.len() - 1];
    let target: Vec<&str> = to.split('/').collect();
    let common = dir.iter().zip(&target).take_while(|(a, b)| a == b).count();
    let mut path = "../".repeat(dir.len() - common);
    path.push_str(&target[common..].join("/"));
    // As a link's destination: a space would end it (`Collect Leads.md`), `%20` is read
    // by the forges and here alike.
    path.replace(' ', "%20")
}

/// What a label marks when the line after it (not blank, outside code) is no heading:
/// Sphinx gives that block the label's id, GitHub, GitLab and pipebook nothing.
fn block_of(line: &str) -> &'static str {
    let t = line.trim_start();
    let ordered = t.trim_start_matches(|c: char| c.is_ascii_digit());
    if t.starts_with('|') {
        "a table"
    } else if t.starts_with(['-', '*', '+']) && t[1..].starts_with([' ', '\t'])
        || ordered.len() < t.len() && ordered.starts_with(['.', ')'])
    {
        "a list"
    } else if t.starts_with('>') {
        "a quote"
    } else if t.starts_with("![") {
        "an image"
    } else if t.starts_with(":::") {
        "a directive"
    } else if t.starts_with('<') {
        "a block of HTML"
    } else {
        "a paragraph"
    }
}

/// The label a line defines: `(label)=`, the label without white space or parentheses.
fn label_of(line: &str) -> Option<&str> {
    let label = line.trim_end().strip_prefix('(')?.strip_suffix(")=")?;
    (!label.is_empty() && !label.contains(|c: char| c.is_whitespace() || c == '(' || c == ')'))
        .then_some(label)
}

/// The fence a line opens or closes (``` or ~~~, three or more, at most three spaces in).
fn fence_of(line: &str) -> Option<(char, usize)> {
    let t = line.trim_start_matches(' ');
    if line.len() - t.len() > 3 {
        return None;
    }
    let c = t.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let n = t.chars().take_while(|&x| x == c).count();
    (n >= 3).then_some((c, n))
}

/// The labels of the file `file`, whose body starts at byte `body_start`, outside fenced
/// code, each with the id of the heading on the next line that is not blank (`rendered`'s
/// heading of that text). One pass over the file; a file without `)=` is not read.
pub(super) fn labels(file: &str, body_start: usize, rendered: &Rendered) -> Vec<MystLabel> {
    let Some(body) = file.get(body_start..) else {
        return Vec::new();
    };
    if !body.contains(")=") {
        return Vec::new();
    }
    let first_line = file[..body_start].matches('\n').count() + 1;
    let mut found: Vec<MystLabel> = Vec::new();
    let mut ids = HeadingIds {
        rendered,
        by_key: None,
    };
    let mut fence: Option<(char, usize)> = None;
    // The labels waiting for the block on the next line that is not blank (labels in a
    // row all mark it), from this index of `found`.
    let mut waiting: Option<usize> = None;
    for (i, line) in body.lines().enumerate() {
        if let Some((c, n)) = fence {
            if fence_of(line).is_some_and(|(d, m)| d == c && m >= n) {
                fence = None;
            }
            continue;
        }
        if let Some(f) = fence_of(line) {
            if let Some(from) = waiting.take() {
                let info = line.trim_start().trim_start_matches(f.0).trim_start();
                let marks = if info.starts_with('{') {
                    "a directive"
                } else {
                    "a code block"
                };
                found[from..].iter_mut().for_each(|l| l.marks = marks);
            }
            fence = Some(f);
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        if let Some(label) = label_of(line) {
            waiting.get_or_insert(found.len());
            found.push(MystLabel {
                label: label.into(),
                line: first_line + i,
                heading: None,
                marks: "the end of the file",
            });
            continue;
        }
        let Some(from) = waiting.take() else {
            continue;
        };
        let text = line.trim_start().trim_start_matches('#');
        if line.trim_start().starts_with('#') && text.starts_with([' ', '\t']) {
            let text = text.trim().trim_end_matches('#').trim();
            let id = ids.id(text);
            found[from..]
                .iter_mut()
                .for_each(|l| l.heading = id.clone());
        } else {
            let marks = block_of(line);
            found[from..].iter_mut().for_each(|l| l.marks = marks);
        }
    }
    found
}

/// The ids of `rendered`'s headings by their text's letters and digits (the rendered
/// text has no marks: `Setup the \`chart\`` is `Setupthechart`), the first of each,
/// the title heading before the others; made once a page, when a label is followed by a
/// heading. (Looked up heading by heading, 50,000 labels over a page's 10,000 headings
/// took 35 s.)
struct HeadingIds<'r> {
    rendered: &'r Rendered,
    by_key: Option<HashMap<String, &'r str>>,
}

impl HeadingIds<'_> {
    fn id(&mut self, text: &str) -> Option<Box<str>> {
        let rendered = self.rendered;
        let by_key = self.by_key.get_or_insert_with(|| {
            let title = rendered.h1.as_deref().zip(rendered.h1_id.as_deref());
            let headings = (rendered.headings.iter()).map(|h| (h.text.as_str(), h.id.as_str()));
            let mut by_key = HashMap::new();
            for (text, id) in title.into_iter().chain(headings) {
                by_key.entry(key(text)).or_insert(id);
            }
            by_key
        });
        by_key.get(&key(text)).map(|&id| id.into())
    }
}

/// A heading's letters and digits, as [`HeadingIds`] compares them.
fn key(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::markdown::Heading;

    #[test]
    fn labels_outside_code_with_the_heading_under_them() {
        let rendered = Rendered {
            headings: vec![Heading {
                level: 2,
                id: "restrict-profiles".into(),
                text: "Restrict the profiles".into(),
            }],
            ..Rendered::default()
        };
        let file = "---\nt: 1\n---\n(howto:restrict)=\n\n## Restrict *the* `profiles`\n\n```\n(in-code)=\n```\n(last)=\ntext\n(not a label)=\n";
        let found = labels(file, 13, &rendered);
        assert_eq!(
            found,
            vec![
                MystLabel {
                    label: "howto:restrict".into(),
                    line: 4,
                    heading: Some("restrict-profiles".into()),
                    marks: "the end of the file",
                },
                MystLabel {
                    label: "last".into(),
                    line: 11,
                    heading: None,
                    marks: "a paragraph",
                },
            ]
        );
        // What a label marks when no heading follows; labels in a row mark the same.
        let marks = |file: &str| -> Vec<(String, Option<String>, &'static str)> {
            labels(file, 0, &rendered)
                .into_iter()
                .map(|l| (l.label.into(), l.heading.map(Into::into), l.marks))
                .collect()
        };
        let file = "(t)=\n| a |\n|---|\n\n(c)=\n```sh\nx\n```\n(f)=\n```{figure} x.png\n```\n(l)=\n\n1. step\n(a)=\n(b)=\n## Restrict the profiles\n(end)=\n";
        assert_eq!(
            marks(file),
            vec![
                ("t".into(), None, "a table"),
                ("c".into(), None, "a code block"),
                ("f".into(), None, "a directive"),
                ("l".into(), None, "a list"),
                (
                    "a".into(),
                    Some("restrict-profiles".into()),
                    "the end of the file"
                ),
                (
                    "b".into(),
                    Some("restrict-profiles".into()),
                    "the end of the file"
                ),
                ("end".into(), None, "the end of the file"),
            ]
        );
        assert!(labels("# A\n\nno labels\n", 0, &rendered).is_empty());
    }
}
