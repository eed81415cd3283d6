//! Where a text may be cut so that what a reader sees stays whole: at the end of a
//! grapheme cluster (a letter with its accents, a flag, an emoji with its skin tone or
//! joined family), not only at a character's. A cut between the two regional indicators
//! of 🇩🇪 showed a boxed "D" before the `…` of an excerpt; one inside 👩‍👩‍👧‍👦 showed
//! another family.

use unicode_segmentation::GraphemeCursor;

/// The last grapheme boundary of `text` at or before byte `at` (0 when the first
/// cluster is longer than `at`).
pub fn floor(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    let mut cursor = GraphemeCursor::new(at, text.len(), true);
    // The whole text is the one chunk, so the cursor never asks for more of it.
    match cursor.is_boundary(text, 0) {
        Ok(true) => at,
        _ => cursor.prev_boundary(text, 0).ok().flatten().unwrap_or(0),
    }
}

#[cfg(test)]
mod tests {
    use super::floor;

    #[test]
    fn cuts_fall_between_clusters() {
        let flags = "🇩🇪🇫🇷"; // four regional indicators of 4 bytes
        assert_eq!(floor(flags, 12), 8);
        assert_eq!(floor(flags, 8), 8);
        assert_eq!(floor(flags, 100), 16);
        let family = "a👩‍👩‍👧‍👦b";
        assert_eq!(floor(family, 10), 1);
        assert_eq!(floor(family, 26), 26);
        // Not the thumb without its skin tone.
        assert_eq!(floor("👍🏽!", 5), 0);
        assert_eq!(floor("👍🏽!", 8), 8);
        assert_eq!(floor("é", 1), 0);
        assert_eq!(floor("e\u{301}x", 2), 0);
        assert_eq!(floor("", 3), 0);
    }
}
