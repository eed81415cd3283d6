//! `[^a b]`, a footnote's bracket whose label holds a space: GitHub's footnote labels
//! hold none (cmark-gfm 0.29.0.gfm.13 reads a definition's label as characters other than
//! `]`, spaces, tabs and line ends), so there `[^a b]: https://…` is a link reference
//! definition, shown nowhere, and each `[^a b]` a link reading "^a b" (the text as
//! written, without a definition); `[^a b]: some words` is a paragraph. pulldown-cmark
//! reads footnotes there: the site showed a footnote the pull request did not (warned of
//! since session 56). The parser is handed the body with the `^` of each such bracket
//! replaced by a control byte the body does not hold (one byte for one: no offset
//! moves), which no parser reads as a footnote, and every string of its events gets its
//! `^` back: links, definitions and text are read as cmark-gfm reads them. Everything
//! that reads the body by offsets reads the body as written.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, Tag};

/// The longest label CommonMark reads: 999 characters.
const MAX_LABEL: usize = 999;

/// The body the parser reads: `body` with the `^` of each `[^label]` whose label holds a
/// space or tab between other characters replaced by a control byte `body` does not hold,
/// and that byte. `None` when there is no such bracket (or `body` holds every such byte:
/// then pulldown-cmark reads footnotes, and `footnotes` warns). Linear: each `[^` is read
/// up to the next `[`, `]` or line end, at most [`MAX_LABEL`] bytes on.
pub(super) fn hide(body: &str) -> Option<(String, u8)> {
    let bytes = body.as_bytes();
    let mut carets = Vec::new();
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&bytes[from..], b"[^") {
        let caret = from + i + 1;
        from = caret + 1;
        if spaced(&bytes[from..]) {
            carets.push(caret);
        }
    }
    if carets.is_empty() {
        return None;
    }
    let mut held = [false; 32];
    for &b in bytes.iter().filter(|&&b| b < 32) {
        held[usize::from(b)] = true;
    }
    let byte = (1u8..32).find(|&b| !matches!(b, b'\t' | b'\n' | b'\r') && !held[usize::from(b)])?;
    let mut hidden = bytes.to_vec();
    for caret in carets {
        hidden[caret] = byte;
    }
    // One ASCII byte for another: still UTF-8.
    String::from_utf8(hidden).ok().map(|s| (s, byte))
}

/// Whether the label after a `[^` (`rest`) closes on its line and holds a space or tab
/// between other characters: `[^a b]`, `[^ a b]`, not `[^ab ]` (GitHub trims that to
/// `ab`, a footnote's).
fn spaced(rest: &[u8]) -> bool {
    let (mut text, mut gap, mut inner) = (false, false, false);
    let mut i = 0;
    while i < rest.len().min(MAX_LABEL + 1) {
        match rest[i] {
            b']' => return inner,
            b'[' | b'\n' | b'\r' => return false,
            b' ' | b'\t' => gap = text,
            b => {
                inner |= gap;
                text = true;
                // An escaped character is the label's, even `]`.
                i += usize::from(b == b'\\');
            }
        }
        i += 1;
    }
    false
}

/// `event` with `^` where [`hide`] put `byte`.
pub(super) fn restore(event: Event<'_>, byte: u8) -> Event<'_> {
    let back = |s| caret_back(s, byte);
    match event {
        Event::Text(t) => Event::Text(back(t)),
        Event::Code(t) => Event::Code(back(t)),
        Event::Html(t) => Event::Html(back(t)),
        Event::InlineHtml(t) => Event::InlineHtml(back(t)),
        Event::InlineMath(t) => Event::InlineMath(back(t)),
        Event::DisplayMath(t) => Event::DisplayMath(back(t)),
        Event::FootnoteReference(t) => Event::FootnoteReference(back(t)),
        Event::Start(tag) => Event::Start(restore_tag(tag, back)),
        other => other,
    }
}

/// `s` with `^` where [`hide`] put `byte`.
fn caret_back(s: CowStr<'_>, byte: u8) -> CowStr<'_> {
    match s.as_bytes().contains(&byte) {
        true => s.replace(char::from(byte), "^").into(),
        false => s,
    }
}

fn restore_tag<'e>(tag: Tag<'e>, back: impl Fn(CowStr<'e>) -> CowStr<'e>) -> Tag<'e> {
    match tag {
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Link {
            link_type,
            dest_url: back(dest_url),
            title: back(title),
            id: back(id),
        },
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Image {
            link_type,
            dest_url: back(dest_url),
            title: back(title),
            id: back(id),
        },
        Tag::CodeBlock(CodeBlockKind::Fenced(info)) => {
            Tag::CodeBlock(CodeBlockKind::Fenced(back(info)))
        }
        Tag::FootnoteDefinition(label) => Tag::FootnoteDefinition(back(label)),
        Tag::Heading {
            level,
            id,
            classes,
            attrs,
        } => Tag::Heading {
            level,
            id: id.map(&back),
            classes: classes.into_iter().map(&back).collect(),
            attrs: attrs
                .into_iter()
                .map(|(k, v)| (back(k), v.map(&back)))
                .collect(),
        },
        other => other,
    }
}

/// The label of a reference definition as written (`^a b`), from the parser's.
pub(super) fn label(parsed: &str, byte: u8) -> String {
    parsed.replace(char::from(byte), "^")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hidden(body: &str) -> Option<String> {
        hide(body).map(|(s, b)| s.replace(char::from(b), "§"))
    }

    #[test]
    fn only_labels_with_an_inner_space_are_hidden() {
        assert_eq!(
            hidden("a[^a b] [^ab] [^ab ] [^ a\tb]\n[^x\\] y]: u").as_deref(),
            Some("a[§a b] [^ab] [^ab ] [§ a\tb]\n[§x\\] y]: u")
        );
        assert_eq!(hidden("[^a\nb] [^a [b]] [^a b"), None);
        assert_eq!(hidden("no brackets"), None);
    }

    #[test]
    fn the_byte_is_one_the_body_does_not_hold() {
        let (s, b) = hide("\u{1}\u{2}[^a b]").unwrap();
        assert_eq!(b, 3);
        assert_eq!(s.len(), "\u{1}\u{2}[^a b]".len());
        let every: String = (1u8..32).map(char::from).collect();
        assert_eq!(hide(&format!("{every}[^a b]")), None);
    }

    #[test]
    fn events_get_their_caret_back() {
        let e = restore(Event::Text("\u{1}a b".into()), 1);
        assert_eq!(e, Event::Text("^a b".into()));
        let e = restore(
            Event::Start(Tag::Link {
                link_type: pulldown_cmark::LinkType::Shortcut,
                dest_url: "/u".into(),
                title: "".into(),
                id: "\u{1}a b".into(),
            }),
            1,
        );
        assert!(matches!(e, Event::Start(Tag::Link { id, .. }) if &*id == "^a b"));
    }
}
