//! Footnote definitions that GitHub does not show.
//!
//! GitHub's renderer (cmark-gfm 0.29.0.gfm.13, checked with cmarkgfm 2025.10.22) shows a
//! footnote's definition only when some `[^label]` in the file references it (anywhere,
//! even inside another footnote), and only the first definition of a label; it matches
//! labels without regard to case, as pulldown-cmark does. pulldown-cmark hands every
//! definition over as it stands. Written as they came, `[^ops]: run curl … | sh` with no
//! `[^ops]` in the text showed on the site, in its search and in the home page's summary,
//! while the pull request's rendered file showed nothing of it (tests/red55.rs). Such a
//! definition is left out now, with a warning at its line, so the page reads as the pull
//! request did and the author learns why the words are missing.

use std::collections::HashSet;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};
use unicase::UniCase;

use super::limits::LinkReports;
use super::{FastMap, Page, OPTIONS};
use crate::diagnostics::Diagnostics;

/// A footnote's label as GitHub and pulldown-cmark match it: `[^A]` is `[^a]`'s.
pub(super) type Label = UniCase<String>;

/// What becomes of an event in the light of the footnotes GitHub shows.
pub(super) enum Shown {
    /// Written as usual.
    Yes,
    /// Left out: the start of a definition GitHub does not show (the reason given), or an
    /// event inside one.
    No(Option<&'static str>),
}

/// The labels a body references anywhere (even inside a footnote, even one GitHub does
/// not show), each with its number on GitHub: the place of its first reference among the
/// labels'. Borrowed from the body, as the parser hands them over: a file of 600,000
/// references made as many copies.
pub(super) type Referenced<'e> = FastMap<UniCase<CowStr<'e>>, Note<'e>>;

/// A referenced footnote label, as GitHub reads it.
pub(super) struct Note<'e> {
    /// Its number: the place of its first reference among the labels'.
    pub(super) number: u64,
    /// The label as its first definition writes it, which GitHub ids the footnote by
    /// (`[^Note]` over `[^NOTE]: …` leads to `#fn-NOTE`); `None` if it has none.
    pub(super) defined: Option<CowStr<'e>>,
}

/// Reads `body` once for its footnote references, if it can hold any: pulldown-cmark
/// knows whether a label is referenced only once it has read the whole text, and a
/// definition often comes before its reference (numbered by it on main, where `[^a]:`
/// and `[^b]:` above `B[^b] A[^a]` were numbered 1 and 2, GitHub's 2 and 1).
pub(super) fn referenced(body: &str) -> Referenced<'_> {
    let mut labels = Referenced::default();
    if memchr::memmem::find(body.as_bytes(), b"[^").is_none() {
        return labels;
    }
    let mut defined = Vec::new();
    for event in Parser::new_ext(body, OPTIONS) {
        match event {
            Event::FootnoteReference(label) => {
                let number = labels.len() as u64 + 1;
                labels.entry(UniCase::new(label)).or_insert(Note {
                    number,
                    defined: None,
                });
            }
            Event::Start(Tag::FootnoteDefinition(label)) => defined.push(label),
            _ => {}
        }
    }
    for label in defined {
        if let Some(note) = labels.get_mut(&UniCase::new(label.clone())) {
            note.defined.get_or_insert(label);
        }
    }
    labels
}

/// The footnotes of one body: which labels were defined already, and whether a
/// definition left out is being passed over.
#[derive(Default)]
pub(super) struct Footnotes<'e> {
    defined: HashSet<UniCase<CowStr<'e>>>,
    /// How many definitions deep the one left out is open (0: none is).
    skipping: usize,
    reports: LinkReports,
}

impl<'e> Footnotes<'e> {
    /// Whether `event` is written, or left out with the definition it belongs to.
    pub(super) fn shown(&mut self, event: &Event<'e>, referenced: &Referenced<'e>) -> Shown {
        match event {
            Event::Start(Tag::FootnoteDefinition(_)) if self.skipping > 0 => {
                self.skipping += 1;
                Shown::No(None)
            }
            Event::End(TagEnd::FootnoteDefinition) if self.skipping > 0 => {
                self.skipping -= 1;
                Shown::No(None)
            }
            _ if self.skipping > 0 => Shown::No(None),
            Event::Start(Tag::FootnoteDefinition(label)) => {
                let label = UniCase::new(label.clone());
                let why = if !referenced.contains_key(&label) {
                    "no `[^…]` in the text references it, so GitHub does not show it, and the site leaves it out too"
                } else if !self.defined.insert(label) {
                    "it is defined twice, and GitHub shows only the first definition: the site leaves this one out too"
                } else {
                    return Shown::Yes;
                };
                self.skipping = 1;
                Shown::No(Some(why))
            }
            _ => Shown::Yes,
        }
    }
}

impl Page<'_, '_> {
    /// Tells of the definition of `label` left out at `range` because `why`: the first
    /// [`super::limits::MAX_LINK_REPORTS`] of a page, as misleading links are.
    pub(super) fn footnote_left_out(
        &mut self,
        notes: &mut Footnotes<'_>,
        label: &str,
        why: &str,
        range: &Range<usize>,
        diags: &mut Diagnostics,
    ) {
        if notes.reports.admit(false) {
            diags.warning(
                self.location(range.start),
                format!("footnote `[^{label}]` is left out of the page: {why}"),
                format!("reference it where it belongs (`…[^{label}]`), give it a label of its own, or remove it"),
            );
        }
    }

    /// Warns of a footnote whose label holds a space (`[^a b]: …`), read as a footnote
    /// only when the body holds every byte `spaced_labels` could use: GitHub's labels
    /// have none, so there the definition is a link reference definition (or text) and
    /// each `[^a b]` a link to its address (or text).
    pub(super) fn footnote_label_spaced(
        &mut self,
        notes: &mut Footnotes<'_>,
        label: &str,
        range: &Range<usize>,
        diags: &mut Diagnostics,
    ) {
        if !label.contains(char::is_whitespace) || !notes.reports.admit(false) {
            return;
        }
        diags.warning(
            self.location(range.start),
            format!("footnote `[^{label}]` has a space in its label: GitHub reads no footnote there, and shows each `[^{label}]` as written (or as a link, when the definition is an address alone) and the definition as text (or not at all), while the site shows a footnote"),
            spaced_hint(label),
        );
    }

    /// Tells of each `[^a b]: …` read as a link reference definition, as GitHub reads
    /// it (see `spaced_labels`): `spaced`, labels without their `^` and spans, in the
    /// order of the body; the first [`super::limits::MAX_LINK_REPORTS`], then their count.
    pub(super) fn tell_spaced_definitions(
        &mut self,
        spaced: &[(String, Range<usize>)],
        diags: &mut Diagnostics,
    ) {
        let mut reports = LinkReports::default();
        for (label, span) in spaced {
            if reports.admit(false) {
                diags.warning(
                    self.location(span.start),
                    format!("footnote `[^{label}]` has a space in its label: GitHub reads no footnote there but a link reference definition, which shows nowhere, and each `[^{label}]` a link reading \"^{label}\"; the site reads it as GitHub does"),
                    spaced_hint(label),
                );
            }
        }
        reports.tell_left_out(
            self,
            "definitions of this file are written as footnotes with a space in their label, which GitHub and the site read as link reference definitions",
            "labels",
            diags,
        );
    }

    /// Says how many such definitions went untold past the first of the page.
    pub(super) fn report_footnotes_left_out(
        &mut self,
        notes: &Footnotes<'_>,
        diags: &mut Diagnostics,
    ) {
        notes.reports.tell_left_out(
            self,
            "footnote definitions of this file are left out of the page, as GitHub does not show them",
            "footnotes",
            diags,
        );
    }
}

/// How to write `label` (a footnote's, with a space) as GitHub reads a footnote.
fn spaced_hint(label: &str) -> String {
    let joined = label.split_whitespace().collect::<Vec<_>>().join("-");
    format!("for a footnote, write the label without spaces (`[^{joined}]`), here and where it is referenced")
}
