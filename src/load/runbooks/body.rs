//! A runbook's whole text when its body was left on disk (see `Runbook::body_on_disk`):
//! the text held since loading, or the file read again and checked against the front
//! matter that was validated. Apart from walking the folder, which never reads a body back.

use std::borrow::Cow;
use std::path::Path;

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Runbook, SourceFile};

use super::super::{decode, read_bytes};
use super::front_matter::from_bytes;

/// `rb` with its whole text: itself, or a copy with the body read again from its file (see
/// `Runbook::body_on_disk` and [`whole_text`]).
pub fn with_body<'r>(rb: &'r Runbook, diags: &mut Diagnostics) -> Cow<'r, Runbook> {
    match text_of(rb, false, diags) {
        Cow::Borrowed(_) => Cow::Borrowed(rb),
        Cow::Owned(text) => Cow::Owned(Runbook {
            rel_path: rb.rel_path.clone(),
            slug: rb.slug.clone(),
            is_index: rb.is_index,
            front: rb.front.clone(),
            body_start: rb.body_start,
            source: SourceFile {
                display: rb.source.display.clone(),
                text,
                spans: rb.source.spans.clone(),
            },
            body_on_disk: None,
        }),
    }
}

/// The whole text of `rb`'s file: its `source.text`, or the file read again when the body
/// was left on disk (see `Runbook::body_on_disk`). A file that cannot be read again, or
/// whose front matter is no longer what was loaded (it changed during the build), is an
/// error, and the text loaded (the front matter alone) is given. Pages are rendered from
/// this and the runbook beside it (`markdown::render_file`), without copying the runbook
/// (its paths, front matter and spans) for each page.
///
/// The text held since loading (see `BodyOnDisk`) is taken: a page renders once, and
/// what renders it again (with the repository's files) reads the file.
pub fn whole_text<'r>(rb: &'r Runbook, diags: &mut Diagnostics) -> Cow<'r, str> {
    text_of(rb, true, diags)
}

/// [`whole_text`], taking the held text or leaving it for the page.
fn text_of<'r>(rb: &'r Runbook, take: bool, diags: &mut Diagnostics) -> Cow<'r, str> {
    let Some(body) = &rb.body_on_disk else {
        return Cow::Borrowed(&rb.source.text);
    };
    let held = if take { body.take() } else { body.peek() };
    if let Some(text) = held {
        return Cow::Owned(text);
    }
    let display = &rb.source.display;
    let path = body.root.join(display);
    let reported = diags.len();
    let text = read_bytes(&path, display, diags)
        .ok()
        .flatten()
        .and_then(|bytes| decode(bytes, display, diags).ok())
        // As loading left them out (and warned): see `front_matter::from_bytes`.
        .map(
            |text| match crate::sanitize::controls::strip(&text, rb.body_start) {
                Some((kept, _)) => kept,
                None => text,
            },
        );
    match text {
        Some(text) if text.get(..rb.body_start) == Some(rb.source.text.as_str()) => {
            Cow::Owned(text)
        }
        _ => {
            if diags.len() == reported {
                diags.error(
                    Location::file(display),
                    format!("`{display}` changed or went away while the site was built"),
                    "build again once the file is saved",
                );
            }
            Cow::Borrowed(&rb.source.text)
        }
    }
}

/// The runbook `old` read again from `path` (`serve`), when only its body changed: its
/// front matter the same byte for byte, and nothing to report about the file. `None`
/// otherwise (the caller builds the whole site again).
pub fn reread(path: &Path, old: &Runbook) -> Option<Runbook> {
    if !std::fs::symlink_metadata(path).ok()?.file_type().is_file() {
        return None;
    }
    let mut diags = Diagnostics::new();
    let display = old.source.display.clone();
    let bytes = read_bytes(path, &display, &mut diags).ok().flatten()?;
    let new = from_bytes(bytes, old.rel_path.clone(), display, &mut diags)?;
    let front = |rb: &Runbook| rb.source.text.get(..rb.body_start).map(str::to_owned);
    (diags.is_empty() && new.body_start == old.body_start && front(&new) == front(old)).then(|| {
        Runbook {
            slug: old.slug.clone(),
            is_index: old.is_index,
            ..new
        }
    })
}
