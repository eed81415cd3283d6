//! What a piece of raw HTML holds for links: its `href`, `src` and `srcset` handed to a
//! resolver and written again when one changes, its anchors, its links' texts, and the
//! tags `raw_stack` leaves out; read with html5ever's tokenizer (see `tokens`).

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{Tag, TagKind, Token};

use super::tokens::{
    closed_on_the_spot, might_hold_links, serialize, tokenize_piece, Lines, SEARCHED_LINE,
};
use crate::html::escape_into;

/// What a piece of raw HTML holds for links.
#[derive(Debug, Default, PartialEq, Eq)]
pub(in crate::markdown) struct Scan {
    /// `id`s and `<a name>`s, in the order written.
    pub anchors: Vec<String>,
    /// The piece written again with its new addresses, when one changed.
    pub html: Option<String>,
    /// Its `<a href>`s closed in the piece, with their text, and the one left open.
    pub links: Vec<RawLink>,
    pub open_link: Option<RawLink>,
    /// What the tags before the piece's first `<a>` or `</a>` add to a link that an
    /// earlier piece left open (`<a href="…">` `<img alt="…">` `</a>` in a paragraph are
    /// three pieces): its `href` unknown here, empty.
    pub in_open_link: RawLink,
    /// Closing tags left out (see `raw_stack`): the offset of their line, their name.
    pub strays: Vec<(usize, String)>,
    /// The offset of the line of the first `<plaintext>` left out (see `raw_stack`).
    pub plaintext: Option<usize>,
    /// Whether the piece ends inside a tag or a comment, which would take in the page's
    /// HTML after it (the alert's `</div>`, up to the next `>` or `-->`).
    pub left_open: bool,
    /// The first class of pipebook's own taken off an element (see
    /// `sanitize::own_classes_out`): the offset of its line, the class and the element.
    pub theme_class: Option<(usize, String, String)>,
}

/// An `<a href>` of raw HTML: where it is in the piece, its address as written, its text.
#[derive(Debug, Default, PartialEq, Eq)]
pub(in crate::markdown) struct RawLink {
    pub offset: usize,
    pub href: String,
    /// Its `title`, shown as a tooltip, and those of the elements inside it (pointed at,
    /// a `<span title>` in the link shows its own).
    pub title: String,
    /// Its text, with the `alt` of the images in it (what the link reads as when they
    /// do not load, as a Markdown link's image).
    pub text: String,
    /// The `aria-label`s of it and of the elements inside it: the link's name for screen
    /// readers and voice control in place of its text.
    pub label: String,
}

/// An address in a piece, as [`scan`] hands it over.
pub(in crate::markdown) struct Address<'a> {
    pub url: &'a str,
    /// An `href`, which may point at an anchor; `src` and `srcset` load a file.
    pub is_link: bool,
    /// The `src` or `srcset` of an `<img>` or a `<source>`, which the page loads as it
    /// is read (an `<iframe>`'s is removed by cleaning, a `<script>`'s too).
    pub image: bool,
    /// Whether cleaning keeps the attribute on its element (a `<template>` around it,
    /// whose content cleaning drops, is known to the page: see `raw_stack`).
    pub kept: bool,
    /// Byte offset in the piece: the address as written when it is found on the lines
    /// of its tag (when they are short), else the start of the line where the tag ends.
    pub offset: usize,
    /// Whether an `<a>` of the piece is open around it.
    pub in_link: bool,
}

/// What `resolve` learnt of an address: the new address when it changes, and the width
/// and height of the image of the site's own it names, when its header gives them.
#[derive(Debug, Default)]
pub(in crate::markdown) struct Resolved {
    pub url: Option<String>,
    pub size: Option<(u32, u32)>,
    /// For an `<img>`'s `src` naming a file left out (see `links::left_out_image`): the
    /// note written after its `alt` in place of the tag.
    pub left_out: Option<String>,
}

/// Reads a piece of raw HTML: its anchors, and its addresses, each given to `resolve`,
/// which returns the new address when it changes.
#[cfg(test)]
pub(in crate::markdown) fn scan(
    piece: &str,
    mut resolve: impl FnMut(Address) -> Option<String>,
) -> Scan {
    scan_tags(piece, None, true, |a| Resolved {
        url: resolve(a),
        ..Resolved::default()
    })
}

/// What [`scan_tags`] gives each tag to: false leaves the tag out.
pub(in crate::markdown) type TagHook<'h> = &'h mut dyn FnMut(&Tag, usize) -> bool;

/// [`scan`], each tag also given to `tags` (with the offset of its line), which returns
/// false for a tag to leave out (see `raw_stack`). A piece that ends inside a tag or a
/// comment is written again, its end closed or left out (see [`Scan::left_open`]). When
/// the page is cleaned (`sanitize`), pipebook's own classes are taken off its elements.
pub(in crate::markdown) fn scan_tags(
    piece: &str,
    mut tags: Option<TagHook<'_>>,
    sanitize: bool,
    mut resolve: impl FnMut(Address) -> Resolved,
) -> Scan {
    let mut result = Scan::default();
    let read_tags = tags.is_some() && memchr::memchr(b'<', piece.as_bytes()).is_some();
    if !read_tags && !might_hold_links(piece) {
        return result;
    }
    let (mut tokens, left_open) = tokenize_piece(piece);
    let mut lines = Lines::new(piece);
    let mut changed = false;
    if read_tags && left_open {
        result.left_open = true;
        changed = true;
    }
    // Where the line of the token before starts: a tag may span several lines.
    let mut before = 0;
    // Tokens written as other HTML (an `<img>` of a file left out), by index.
    let mut replaced: Vec<(usize, String)> = Vec::new();
    // No `<a>` or `</a>` seen yet: a tag may be inside a link of an earlier piece.
    let mut before_a = true;
    for (index, (token, line)) in tokens.iter_mut().enumerate() {
        let (line_start, line_end) = lines.seek(*line);
        // Addresses of a tag over several short lines are looked for on all of them.
        let from = if line_end - before <= SEARCHED_LINE {
            before
        } else {
            line_start
        };
        before = line_start;
        if let (Some(keep), Token::TagToken(tag)) = (tags.as_mut(), &*token) {
            if !keep(tag, line_start) {
                if tag.kind == TagKind::StartTag {
                    result.plaintext.get_or_insert(line_start);
                } else {
                    result.strays.push((line_start, tag.name.to_string()));
                }
                *token = Token::CharacterTokens(StrTendril::new());
                changed = true;
                continue;
            }
        }
        // `<iframe … />`: its end tag is written after it (see `closed_on_the_spot`).
        if matches!(&*token, Token::TagToken(tag) if closed_on_the_spot(tag)) {
            changed = true;
        }
        // A comment (`<!--DS: internal note-->`) is not shown, but shipped it is published.
        if let Token::CommentToken(_) = token {
            *token = Token::CharacterTokens(StrTendril::new());
            changed = true;
            continue;
        }
        let tag = match token {
            Token::TagToken(tag) if tag.kind == TagKind::StartTag => tag,
            Token::TagToken(tag) if &*tag.name == "a" => {
                before_a = false;
                result.links.extend(result.open_link.take());
                continue;
            }
            Token::CharacterTokens(t) => {
                if let Some(link) = result.open_link.as_mut() {
                    crate::markdown::deceptive::push_shown(&mut link.text, t);
                }
                continue;
            }
            _ => continue,
        };
        let is_a = &*tag.name == "a";
        before_a &= !is_a;
        if sanitize {
            if let Some(class) = crate::sanitize::own_classes_out(tag) {
                result
                    .theme_class
                    .get_or_insert((line_start, class, tag.name.to_string()));
                changed = true;
            }
        }
        let place = TagPlace {
            lines: &lines,
            from,
            line_start,
            line_end,
        };
        let read = read_attrs(tag, &place, &mut result, &mut resolve);
        changed |= read.changed;
        let (size, note) = (read.size, read.note);
        if let Some(link) = result.open_link.as_mut() {
            shown_in_link(link, is_a, tag);
        } else if before_a {
            shown_in_link(&mut result.in_open_link, false, tag);
        }
        if let Some(note) = note {
            replaced.push((index, left_out_img(tag, &note)));
            changed = true;
        }
        if size.is_some_and(|size| give_size(tag, size)) {
            changed = true;
        }
    }
    if changed {
        result.html = Some(serialize(&tokens, &replaced));
    }
    result
}

/// Where a start tag is in its piece: its addresses are looked for from `from` (an
/// earlier line, when the tag spans short lines) to the end of the line where it ends.
struct TagPlace<'l, 'a> {
    lines: &'l Lines<'a>,
    from: usize,
    line_start: usize,
    line_end: usize,
}

impl TagPlace<'_, '_> {
    /// The offset of `what` (an attribute's value) in the piece, as [`Address::offset`].
    fn find(&self, what: &str) -> usize {
        self.lines
            .find(what, self.from, self.line_start, self.line_end)
    }
}

/// What [`read_attrs`] learnt of a start tag.
#[derive(Default)]
struct AttrsRead {
    /// Whether an attribute was rewritten.
    changed: bool,
    /// The size of the image an `<img>`'s `src` names, read from its file.
    size: Option<(u32, u32)>,
    /// The note written in place of an `<img>` whose `src` names a file left out.
    note: Option<String>,
}

/// Reads the attributes of the start tag `tag`: its `id`s (and an `<a>`'s `name`) into
/// `result`'s anchors, each `href`, `src` and `srcset` address given to `resolve` and
/// rewritten when it changes; an `<a href>` opens a link in `result`.
fn read_attrs(
    tag: &mut Tag,
    place: &TagPlace,
    result: &mut Scan,
    resolve: &mut impl FnMut(Address) -> Resolved,
) -> AttrsRead {
    let mut read = AttrsRead::default();
    let is_a = &*tag.name == "a";
    let is_image = matches!(&*tag.name, "img" | "source");
    let kept = |attr: &str| crate::sanitize::attribute_kept(&tag.name, attr);
    let (src_kept, srcset_kept) = (kept("src"), kept("srcset"));
    let title = match is_a {
        true => tag
            .attrs
            .iter()
            .find(|a| &*a.name.local == "title")
            .map_or_else(String::new, |a| a.value.to_string()),
        false => String::new(),
    };
    let is_img = &*tag.name == "img";
    for attr in &mut tag.attrs {
        let name: &str = &attr.name.local;
        match name {
            "id" => {
                result.anchors.push(attr.value.to_string());
                // One of the theme's ids: the author's element gets its own.
                if let std::borrow::Cow::Owned(prefixed) = crate::theme_ids::content_id(&attr.value)
                {
                    result.anchors.push(prefixed.clone());
                    attr.value = prefixed.into();
                    read.changed = true;
                }
            }
            "name" if is_a => result.anchors.push(attr.value.to_string()),
            "href" | "src" => {
                let offset = place.find(&attr.value);
                if is_a && name == "href" {
                    result.links.extend(result.open_link.replace(RawLink {
                        offset,
                        href: attr.value.to_string(),
                        title: title.clone(),
                        ..RawLink::default()
                    }));
                }
                let url = Address {
                    url: &attr.value,
                    is_link: name == "href",
                    image: is_image && name == "src",
                    kept: src_kept,
                    offset,
                    in_link: result.open_link.is_some(),
                };
                let resolved = resolve(url);
                if name == "src" && is_img {
                    read.size = resolved.size;
                    read.note = resolved.left_out;
                }
                if let Some(new) = resolved.url {
                    attr.value = new.into();
                    read.changed = true;
                }
            }
            "srcset" => {
                let address = |url| Address {
                    url,
                    is_link: false,
                    image: is_image,
                    kept: srcset_kept,
                    offset: place.find(url),
                    in_link: false,
                };
                if let Some(new) = resolve_srcset(&attr.value, address, resolve) {
                    attr.value = new.into();
                    read.changed = true;
                }
            }
            _ => {}
        }
    }
    read
}

/// A `srcset` written again with each candidate's address resolved, when one changed.
fn resolve_srcset<'v>(
    value: &'v str,
    address: impl Fn(&'v str) -> Address<'v>,
    resolve: &mut impl FnMut(Address) -> Resolved,
) -> Option<String> {
    let mut any = false;
    let candidates: Vec<String> = srcset_candidates(value)
        .into_iter()
        .map(|(url, size)| {
            let url = match resolve(address(url)).url {
                Some(new) => {
                    any = true;
                    new
                }
                None => url.to_string(),
            };
            format!("{url} {size}").trim_end().to_string()
        })
        .collect();
    any.then(|| candidates.join(", "))
}

/// What `tag`, inside the open `link` (or the link itself, `is_a`), adds to what the link
/// shows: its `aria-label` to the link's name, an inner element's `title` to its tooltips,
/// an image's `alt` to its text.
fn shown_in_link(link: &mut RawLink, is_a: bool, tag: &Tag) {
    let push = |into: &mut String, value: &str| {
        crate::markdown::deceptive::push_shown(into, " ");
        crate::markdown::deceptive::push_shown(into, value);
    };
    for attr in &tag.attrs {
        match &*attr.name.local {
            "aria-label" => push(&mut link.label, &attr.value),
            "title" if !is_a => push(&mut link.title, &attr.value),
            "alt" if &*tag.name == "img" => push(&mut link.text, &attr.value),
            _ => {}
        }
    }
}

/// What an `<img>` of a file left out is written as: its `alt`, then `note`.
fn left_out_img(tag: &Tag, note: &str) -> String {
    let mut out = String::new();
    if let Some(alt) = tag.attrs.iter().find(|a| &*a.name.local == "alt") {
        escape_into(&mut out, &alt.value, false);
    }
    out.push_str(note);
    out
}

/// Gives an `<img>` of the site's own the `width` and `height` of its file, as a Markdown
/// image gets them (`events::frame_image`), so that the page does not shift as it loads:
/// both when the author set neither, the other one in proportion when the author set one
/// in pixels (`width="300"`), none otherwise. Whether the tag changed.
fn give_size(tag: &mut Tag, (w, h): (u32, u32)) -> bool {
    let pixels = |name: &str| {
        let attr = tag.attrs.iter().find(|a| &*a.name.local == name);
        attr.map(|a| a.value.trim().parse::<u64>().ok().filter(|&n| n > 0))
    };
    let scaled =
        |n: u64, from: u32, to: u32| (n * u64::from(to) + u64::from(from) / 2) / u64::from(from);
    let added = match (pixels("width"), pixels("height")) {
        (None, None) => vec![("width", u64::from(w)), ("height", u64::from(h))],
        (Some(Some(width)), None) => vec![("height", scaled(width, w, h).max(1))],
        (None, Some(Some(height))) => vec![("width", scaled(height, h, w).max(1))],
        _ => return false,
    };
    for (name, value) in added {
        tag.attrs.push(html5ever::Attribute {
            name: html5ever::QualName::new(None, html5ever::ns!(), name.into()),
            value: value.to_string().into(),
        });
    }
    true
}

/// The candidates of a `srcset`, each its address and its descriptors (`2x`, `480w`), read
/// as browsers read them (HTML's "parse a srcset attribute"): an address runs to the next
/// white space, so the commas of `data:image/png;base64,iVBOR…` are its own, and only a
/// comma after it (outside parentheses) ends the candidate. Split at every comma, such an
/// image was reported as a broken link `iVBOR…`, and an SVG written into one as `<svg`.
pub(super) fn srcset_candidates(value: &str) -> Vec<(&str, &str)> {
    let is_space = |c: char| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0C');
    let mut candidates = Vec::new();
    let mut rest = value;
    loop {
        rest = rest.trim_start_matches(|c: char| is_space(c) || c == ',');
        if rest.is_empty() {
            return candidates;
        }
        let end = rest.find(is_space).unwrap_or(rest.len());
        let (url, after) = rest.split_at(end);
        if let Some(url) = url.strip_suffix(',') {
            candidates.push((url.trim_end_matches(','), ""));
            rest = after;
            continue;
        }
        // Descriptors run to a comma outside parentheses (`(…,…)` is one descriptor's).
        let mut depth = 0usize;
        let stop = after
            .char_indices()
            .find(|&(_, c)| {
                match c {
                    '(' => depth += 1,
                    ')' => depth = depth.saturating_sub(1),
                    ',' if depth == 0 => return true,
                    _ => {}
                }
                false
            })
            .map_or(after.len(), |(i, _)| i);
        candidates.push((url, after[..stop].trim_matches(is_space)));
        rest = &after[stop..];
    }
}
