//! Combining marks stacked on one letter ("Zalgo text"). Browsers draw them above and
//! below the letter, outside its line: 400 of them on a title's letter drew over the
//! breadcrumbs and the "on call now" box in Chromium (about 30 px), and higher in
//! browsers that stack every mark. Real writing puts a few on a letter (Vietnamese two,
//! Tibetan stacks half a dozen); Unicode's stream-safe text format (UAX #15) bounds a run
//! of non-starters at 30, which is the bound here.

use unicode_properties::{GeneralCategory as G, UnicodeGeneralCategory};

/// The most combining marks one letter may carry: stream-safe text's bound (UAX #15).
pub const MAX_STACKED_MARKS: usize = 30;

/// Where (a byte offset) the first letter of `text` that carries more than
/// [`MAX_STACKED_MARKS`] combining marks starts, if one does, and how many runs there are
/// in all. Marks are counted across the invisible characters between them (a combining
/// grapheme joiner, which stream-safe text puts every 30 marks, or a zero-width joiner):
/// they stack on the same letter all the same. Linear; ASCII text is skipped byte by
/// byte.
pub fn stacked_marks(text: &str) -> Option<(usize, usize)> {
    // Every text event of every page comes here: most are ASCII, checked a word at a time.
    if text.is_ascii() {
        return None;
    }
    let mut first = None;
    let mut runs = 0;
    // The letter the marks stand on, and how many it has so far.
    let (mut base, mut marks) = (0, 0);
    for (at, c) in text.char_indices() {
        if c.is_ascii() {
            (base, marks) = (at, 0);
            continue;
        }
        match c.general_category() {
            G::NonspacingMark | G::SpacingMark | G::EnclosingMark => {
                marks += 1;
                if marks == MAX_STACKED_MARKS + 1 {
                    runs += 1;
                    first.get_or_insert(base);
                }
            }
            G::Format => {}
            _ => (base, marks) = (at, 0),
        }
    }
    first.map(|at| (at, runs))
}

/// Refuses `text` (`what`, such as "this heading") at `at()` when a letter of it
/// carries more than [`MAX_STACKED_MARKS`] marks: names, ids, titles and headings, which
/// every page repeating them would draw over its neighbours.
pub fn refuse_stacked_marks(
    text: &str,
    what: &str,
    at: impl FnOnce() -> super::Location,
    diags: &mut super::Diagnostics,
) {
    if stacked_marks(text).is_some() {
        diags.error(at(), stacked_marks_message(what), STACKED_MARKS_HINT);
    }
}

/// The message for a value at `what` with letters carrying too many marks.
pub fn stacked_marks_message(what: &str) -> String {
    format!(
        "{what} stacks more than {MAX_STACKED_MARKS} combining marks on one letter, which browsers draw over the lines above and below it"
    )
}

/// What to do about it.
pub const STACKED_MARKS_HINT: &str =
    "remove the extra marks: real writing puts a few on a letter (Unicode's stream-safe text allows 30)";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_writing_passes() {
        for ok in [
            "",
            "Growth pipeline",
            "Zoë O'Brien",
            "李小龍",
            "Tiếng Việt có dấu",
            // Tibetan stacks, Hindi with its vowel signs, an emoji family with variation
            // selectors and joiners, a flag of tags.
            "\u{0F67}\u{0FB9}\u{0F72}\u{0F7E} हिन्दी",
            "👨\u{200D}👩\u{200D}👧\u{FE0F}\u{200D}👦",
            "🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}",
        ] {
            assert_eq!(stacked_marks(ok), None, "{ok}");
        }
        let thirty = format!("Z{}", "\u{0301}".repeat(MAX_STACKED_MARKS));
        assert_eq!(stacked_marks(&thirty), None);
    }

    #[test]
    fn letters_with_too_many_marks_are_found() {
        let marks = |n| "\u{0300}\u{0316}".repeat(n);
        let one = format!("ab Z{} c", marks(16));
        assert_eq!(stacked_marks(&one), Some((3, 1)));
        // A combining grapheme joiner every 30 marks (stream-safe's own) and a zero-width
        // joiner stack the marks on the same letter all the same.
        let joined = format!("é{}\u{034F}{}\u{200D}{}", marks(15), marks(15), marks(1));
        assert_eq!(stacked_marks(&joined), Some((0, 1)));
        let two = format!("Ж{} and ж{}", marks(20), marks(20));
        assert_eq!(stacked_marks(&two), Some((0, 2)));
        // Marks on no letter (the start of a line) are a run too.
        assert_eq!(stacked_marks(&marks(16)), Some((0, 1)));
    }
}
