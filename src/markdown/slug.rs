//! Heading ids as the forges make them, so that a link written for the repository's own
//! view (`[see](#step-2-re-run-the-job)`, a hand-written table of contents) lands on the
//! same heading on the site.
//!
//! GitHub's rule is github-slugger's (the JavaScript package that reproduces it, tested
//! against pages GitHub rendered): the heading's text is lowercased; every character that
//! is not a letter, mark, decimal or letter number, connector punctuation (`_`), `-` or a
//! space is removed (Unicode's general categories; an alphabetic symbol such as `ⓐ` stays);
//! each space becomes `-`. Nothing is trimmed or collapsed: `## 😄 Deploy` is `#-deploy`
//! and `## a - b` is `#a---b`. GitLab's documented rule keeps word characters, `-` and
//! spaces of the trimmed text, then collapses runs of `-` into one (`#a-b`).
//!
//! Both are cut at [`MAX_ID`] bytes. On the 78 headings of github-slugger's fixtures
//! (rendered by GitHub) the GitHub rule agrees on all but characters that were unassigned
//! in Unicode 13 and are letters now: pipebook reads today's Unicode.
//!
//! Every id of a page is unique: a slug already issued gets `-1`, `-2`, … (the next number
//! not yet issued, counted per slug, as github-slugger does). Numbered steps have ids of
//! their own form, `<heading id>.<n>`: a `.` is punctuation, which neither rule ever
//! keeps, so no heading can take a step's id and steps never move GitHub's counter.

use super::writer::push_number;

use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use super::{FastMap, IdSet};
use crate::model::HeadingIds;

/// The longest id pipebook makes from a heading's text, in bytes (a slug stops at the
/// character that reaches it), and the longest it accepts as `{#id}`. Each numbered step's
/// id begins with its heading's, so this bounds theirs; the forges have no limit, and the
/// longest real headings seen (GitLab's runbooks) make ids of 140 bytes.
pub const MAX_ID: usize = 256;

/// What separates the parts of a step's id (`checks.2.1`): a character no slug keeps.
pub const STEP_SEPARATOR: char = '.';

/// Whether GitHub keeps `c` in a slug: letters, marks, decimal and letter numbers,
/// connector punctuation, alphabetic characters of other categories, `-` and the space.
fn github_keeps(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ' ');
    }
    use GeneralCategory as G;
    c.is_alphabetic()
        || matches!(
            c.general_category(),
            G::UppercaseLetter
                | G::LowercaseLetter
                | G::TitlecaseLetter
                | G::ModifierLetter
                | G::OtherLetter
                | G::NonspacingMark
                | G::SpacingMark
                | G::EnclosingMark
                | G::DecimalNumber
                | G::LetterNumber
                | G::ConnectorPunctuation
        )
}

/// Whether GitLab keeps `c`: word characters (Ruby's `\p{Word}`: alphabetic, marks,
/// decimal numbers, connector punctuation, the joiners), `-` and the space.
fn gitlab_keeps(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ' ');
    }
    use GeneralCategory as G;
    c.is_alphabetic()
        || matches!(c, '\u{200c}' | '\u{200d}')
        || matches!(
            c.general_category(),
            G::NonspacingMark
                | G::SpacingMark
                | G::EnclosingMark
                | G::DecimalNumber
                | G::ConnectorPunctuation
        )
}

/// Whether `rule` keeps `c` in a heading's id (the space aside, which becomes `-`).
pub fn keeps(rule: HeadingIds, c: char) -> bool {
    match rule {
        HeadingIds::Github => github_keeps(c),
        HeadingIds::Gitlab => gitlab_keeps(c),
    }
}

/// The slug of a heading's text under `rule`, before it is made unique.
pub fn slug(rule: HeadingIds, text: &str) -> String {
    match rule {
        HeadingIds::Github => github(text),
        HeadingIds::Gitlab => gitlab(text),
    }
}

/// GitHub's slug of `text` (see the module's documentation), cut at [`MAX_ID`] bytes.
pub fn github(text: &str) -> String {
    let mut slug = String::with_capacity(text.len().min(MAX_ID + 4));
    // Lowercasing word by word is exact: the one rule of lowercasing that looks at the
    // neighbours (a final sigma) never looks past a space.
    for (i, word) in text.split(' ').enumerate() {
        if slug.len() >= MAX_ID {
            break;
        }
        if i > 0 {
            slug.push('-');
        }
        // An ASCII word (nearly all) is lowercased in place: `to_lowercase` allocates.
        let full = if word.is_ascii() {
            let lower = word.bytes().map(|b| char::from(b.to_ascii_lowercase()));
            push_cut(&mut slug, lower.filter(|&c| github_keeps(c)))
        } else {
            push_cut(
                &mut slug,
                word.to_lowercase().chars().filter(|&c| github_keeps(c)),
            )
        };
        if full {
            break;
        }
    }
    slug
}

/// GitLab's slug of `text` (see the module's documentation), cut at [`MAX_ID`] bytes.
pub fn gitlab(text: &str) -> String {
    // Ruby's downcase maps each character alone (no final sigma).
    let mut slug = String::with_capacity(text.len().min(MAX_ID + 4));
    let kept = text
        .trim()
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|&c| gitlab_keeps(c));
    for c in kept {
        if slug.len() >= MAX_ID {
            break;
        }
        let c = if c == ' ' { '-' } else { c };
        if !(c == '-' && slug.ends_with('-')) {
            slug.push(c);
        }
    }
    slug
}

/// Appends `chars` to `slug` up to the character that makes it [`MAX_ID`] bytes long;
/// true when the slug is full.
fn push_cut(slug: &mut String, chars: impl Iterator<Item = char>) -> bool {
    for c in chars {
        if slug.len() >= MAX_ID {
            return true;
        }
        slug.push(c);
    }
    slug.len() >= MAX_ID
}

/// Gives each heading and numbered step of a page a unique id.
pub(super) struct IdAllocator {
    rule: HeadingIds,
    /// Every id issued on the page.
    pub(super) used: IdSet,
    /// The next number to try for each base issued before, so that a thousand headings of
    /// the same text cost a thousand tries, not half a million.
    next: FastMap<String, usize>,
    /// Ids held by footnotes, with the footnote's number (see [`Self::footnote`]).
    footnote_ids: FastMap<String, usize>,
    /// Each footnote's (and footnote reference's) id as issued and its id now, by number.
    footnotes: Vec<(String, String)>,
    /// Each footnote's label as its id writes it (spaces as `-`), by number: its
    /// references' ids are made of it.
    labels: FastMap<usize, String>,
    /// The footnotes whose id a heading took over, by number.
    pub(super) moved: Vec<usize>,
}

impl IdAllocator {
    pub(super) fn new(rule: HeadingIds) -> Self {
        IdAllocator {
            rule,
            // A runbook has a dozen ids or so: the set, grown from empty, was rehashed
            // three or four times a page.
            used: IdSet::with_capacity_and_hasher(16, Default::default()),
            next: FastMap::default(),
            footnote_ids: FastMap::default(),
            footnotes: Vec::new(),
            labels: FastMap::default(),
            moved: Vec::new(),
        }
    }

    /// The id of a heading: the forge's slug of its text, made unique as the forge makes
    /// it (an id written as `{#id}` is an anchor beside it, see `given_ids`). `None` for a
    /// heading whose slug is empty (GitHub issues `""`, which counts for its duplicates but
    /// is no id): the caller names it.
    pub(super) fn heading(&mut self, text: &str) -> Option<String> {
        let base = slug(self.rule, text);
        let id = match self.footnote_ids.remove(&base) {
            // A footnote mentioned earlier holds the id: the heading keeps the one the
            // forge gives it (links written for the forge lead to headings; the forges
            // number headings without counting footnotes), and the footnote moves on.
            Some(n) => {
                let moved = self.unique(base.clone());
                self.footnote_ids.insert(moved.clone(), n);
                self.footnotes[n].1 = moved;
                self.moved.push(n);
                base
            }
            None => self.unique(base),
        };
        if id.is_empty() {
            return None;
        }
        // The theme's ids stay the theme's (see `theme_ids`); the name as written still
        // counts for duplicates, as on the forge, and stays an anchor links are checked by.
        match crate::theme_ids::content_id(&id) {
            std::borrow::Cow::Owned(prefixed) => {
                self.used.insert(prefixed.clone());
                Some(prefixed)
            }
            std::borrow::Cow::Borrowed(_) => Some(id),
        }
    }

    /// The id of a numbered step: `<prefix>.<n>` (`<prefix>.<n>.<m>` when nested). Only an
    /// id written as `{#id}` with a `.` can already hold it; then a number is added.
    pub(super) fn step(&mut self, prefix: &str, path: &[u64]) -> String {
        let mut id = String::with_capacity(prefix.len() + 4 * path.len());
        id.push_str(prefix);
        for &n in path {
            id.push(STEP_SEPARATOR);
            push_number(&mut id, n);
        }
        self.unique(id)
    }

    /// The id of a heading whose slug is empty (`## 🚀`): `section.<n>`, out of every
    /// forge's namespace like a step's.
    pub(super) fn unnamed(&mut self, n: usize) -> String {
        self.unique(format!("section{STEP_SEPARATOR}{n}"))
    }

    /// A footnote labelled `label` (`[^label]`): its number. Its id (see
    /// [`Self::footnote_id`]) is `fn-<label>` as GitHub writes it, with spaces as `-`,
    /// made unique like a heading's. A heading that wants the id later takes it over (see
    /// [`Self::heading`]): the footnote's id is only final once the page is read.
    pub(super) fn footnote(&mut self, label: &str) -> usize {
        let label: String = label
            .chars()
            .map(|c| if c.is_whitespace() { '-' } else { c })
            .collect();
        let n = self.held(format!("fn-{label}"));
        self.labels.insert(n, label);
        n
    }

    /// The `k`-th reference (from 1) to footnote `n`: its number, like a footnote's. Its
    /// id is `fnref-<label>` as GitHub writes it, `fnref-<label>-<k>` after the first,
    /// made unique and taken over by a later heading like a footnote's.
    pub(super) fn footnote_reference(&mut self, n: usize, k: usize) -> usize {
        let label = self.labels.get(&n).map_or("", String::as_str);
        let mut base = String::with_capacity(label.len() + 12);
        base.push_str("fnref-");
        base.push_str(label);
        if k > 1 {
            base.push('-');
            push_number(&mut base, k as u64);
        }
        self.held(base)
    }

    /// `base` made unique and held as a footnote's id (see [`Self::footnote`]): its number.
    fn held(&mut self, base: String) -> usize {
        let id = self.unique(base);
        let n = self.footnotes.len();
        let id = match crate::theme_ids::content_id(&id) {
            std::borrow::Cow::Owned(prefixed) => {
                self.used.insert(prefixed.clone());
                prefixed
            }
            std::borrow::Cow::Borrowed(_) => {
                self.footnote_ids.insert(id.clone(), n);
                id
            }
        };
        self.footnotes.push((id.clone(), id));
        n
    }

    /// The id footnote `n` was issued, which the page is written with (the writer
    /// numbers footnotes by it); see [`Self::footnote_now`].
    pub(super) fn footnote_id(&self, n: usize) -> &str {
        &self.footnotes[n].0
    }

    /// The id footnote `n` has once the page is read: another than its first when a
    /// heading took that one over (see `finish::moved_footnotes`).
    pub(super) fn footnote_now(&self, n: usize) -> &str {
        &self.footnotes[n].1
    }

    /// `base`, or `base-1`, `base-2`, … the first not yet issued. Each `{base}-{n}` is
    /// tried by this base alone (the number ends it), and a try that fails moves the
    /// counter on for good: linear over the page.
    fn unique(&mut self, base: String) -> String {
        if self.used.insert(base.clone()) {
            return base;
        }
        let n = self.next.entry(base.clone()).or_insert(1);
        loop {
            let id = format!("{base}-{n}");
            crate::work::visit(id.len());
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The bytes of ids tried to give `n` headings `Step` and `Step 1` … `Step n`, in
    /// turns, and the ids given.
    fn ids_tried(n: usize) -> (u64, usize) {
        let mut ids = IdAllocator::new(HeadingIds::Github);
        let ((), tried) = crate::work::count(|| {
            for i in 1..=n {
                ids.heading("Step");
                ids.heading(&format!("Step {i}"));
            }
        });
        (tried, ids.used.len())
    }

    #[test]
    fn colliding_headings_cost_a_try_each() {
        // Counted, not timed. Trying `step-1`, `step-2`, … from 1 for each repeat of
        // `Step` (no counter kept per base) grows with the square of the headings.
        let (small, small_ids) = ids_tried(2_000);
        let (large, large_ids) = ids_tried(8_000);
        assert_eq!((small_ids, large_ids), (4_000, 16_000));
        assert!(
            large * 10 <= small * 45,
            "{small} bytes of ids tried, then {large}"
        );
    }

    /// Headings and the anchors GitHub gave them, in order on one page (GitHub's own
    /// rendering: github-slugger's fixtures, which it fetches from GitHub, and anchors
    /// linked from public READMEs' tables of contents).
    const GITHUB: &[(&str, &str)] = &[
        (
            "Step 2: Re-run the job (safely)",
            "step-2-re-run-the-job-safely",
        ),
        ("Überprüfung", "überprüfung"),
        ("KubeAPIDown", "kubeapidown"),
        (
            "MD026 - Trailing punctuation in heading",
            "md026---trailing-punctuation-in-heading",
        ),
        (
            "heading with an _ underscore",
            "heading-with-an-_-underscore",
        ),
        ("file.txt and `config.yaml`", "filetxt-and-configyaml"),
        (
            "exchange.bind(x, routing [, cb])",
            "exchangebindx-routing--cb",
        ),
        (" a", "-a"),
        ("😄 unicode emoji", "-unicode-emoji"),
        ("😄 - an emoji", "---an-emoji"),
        (":smile: - a gemoji", "smile---a-gemoji"),
        ("I ♥ unicode", "i--unicode"),
        ("en–dash", "endash"),
        (
            "apostrophe’s should be trimmed",
            "apostrophes-should-be-trimmed",
        ),
        ("Привет non-latin 你好", "привет-non-latin-你好"),
        ("Ⅻ and ½", "ⅻ-and-"),
        ("ⓐ circled", "ⓐ-circled"),
        ("İstanbul", "i̇stanbul"),
        (
            "\u{39f}\u{394}\u{39f}\u{3a3}",
            "\u{3bf}\u{3b4}\u{3bf}\u{3c2}",
        ),
        ("Check", "check"),
        ("Check", "check-1"),
        ("Check 1", "check-1-1"),
        ("check-1", "check-1-2"),
        ("Check", "check-2"),
        ("foxtrot-1", "foxtrot-1"),
        ("foxtrot", "foxtrot"),
        ("foxtrot", "foxtrot-2"),
    ];

    #[test]
    fn github_ids_match_githubs_own() {
        let mut ids = IdAllocator::new(HeadingIds::Github);
        for (text, want) in GITHUB {
            assert_eq!(ids.heading(text).as_deref(), Some(*want), "{text:?}");
        }
    }

    #[test]
    fn the_final_sigma_is_lowercased_as_javascript_does() {
        // `ΟΔΟΣ ΣΑΣ`: a capital sigma ending a word becomes `ς`, any other `σ`.
        assert_eq!(
            github("\u{39f}\u{394}\u{39f}\u{3a3} \u{3a3}\u{391}\u{3a3}"),
            "\u{3bf}\u{3b4}\u{3bf}\u{3c2}-\u{3c3}\u{3b1}\u{3c2}"
        );
        // GitLab (Ruby) maps each letter alone.
        assert_eq!(
            gitlab("\u{39f}\u{394}\u{39f}\u{3a3}"),
            "\u{3bf}\u{3b4}\u{3bf}\u{3c3}"
        );
    }

    #[test]
    fn gitlab_collapses_hyphens_and_trims() {
        for (text, github_id, gitlab_id) in [
            ("Step 01 - Do this", "step-01---do-this", "step-01-do-this"),
            ("I ♥ unicode", "i--unicode", "i-unicode"),
            (" a ", "-a-", "a"),
            (
                "This header has Unicode in it: 한글",
                "this-header-has-unicode-in-it-한글",
                "this-header-has-unicode-in-it-한글",
            ),
            ("a -- b", "a----b", "a-b"),
        ] {
            assert_eq!(github(text), github_id, "{text:?}");
            assert_eq!(gitlab(text), gitlab_id, "{text:?}");
        }
    }

    #[test]
    fn slugs_stop_at_max_id_on_a_character_boundary() {
        let long = "é".repeat(MAX_ID);
        for s in [github(&long), gitlab(&long), github(&"ab ".repeat(MAX_ID))] {
            assert!(
                s.len() >= MAX_ID - 1 && s.len() <= MAX_ID + 3,
                "{}",
                s.len()
            );
        }
    }

    #[test]
    fn no_slug_holds_the_step_separator() {
        // Every ASCII character and a sample of every plane, a few at a time around a `.`:
        // the separator never survives.
        let text: Vec<char> = (0u32..0x80)
            .chain((0x80..0x3_0000).step_by(17))
            .filter_map(char::from_u32)
            .collect();
        for chunk in text.chunks(8) {
            let s: String = chunk.iter().collect();
            let with = format!("{s}{STEP_SEPARATOR}{s}");
            assert!(!github(&with).contains(STEP_SEPARATOR), "{with:?}");
            assert!(!gitlab(&with).contains(STEP_SEPARATOR), "{with:?}");
        }
    }

    #[test]
    fn steps_do_not_move_the_heading_counter() {
        let mut ids = IdAllocator::new(HeadingIds::Github);
        assert_eq!(ids.heading("Check").as_deref(), Some("check"));
        assert_eq!(ids.step("check", &[1]), "check.1");
        assert_eq!(ids.heading("Check").as_deref(), Some("check-1"));
        assert_eq!(ids.step("check-1", &[1, 2]), "check-1.1.2");
    }

    #[test]
    fn empty_slugs_count_but_are_named_apart() {
        let mut ids = IdAllocator::new(HeadingIds::Github);
        assert_eq!(ids.heading("🚀"), None);
        assert_eq!(ids.unnamed(1), "section.1");
        // GitHub's second empty slug is `-1`.
        assert_eq!(ids.heading("🚀").as_deref(), Some("-1"));
    }

    #[test]
    fn a_thousand_equal_headings_cost_a_thousand_tries() {
        let mut ids = IdAllocator::new(HeadingIds::Github);
        for i in 0..1000 {
            let id = ids.heading("Same").unwrap();
            assert_eq!(
                id,
                if i == 0 {
                    "same".into()
                } else {
                    format!("same-{i}")
                }
            );
        }
        assert_eq!(ids.next["same"], 1000);
    }

    proptest::proptest! {
        /// For any text: no slug holds the step separator, a space or an ASCII capital; a
        /// slug is its own slug (GitHub's rule keeps what it made); GitLab's has no `--`.
        #[test]
        fn slugs_are_stable_and_keep_to_their_alphabet(text in "\\PC{0,40}") {
            let g = github(&text);
            let l = gitlab(&text);
            for s in [&g, &l] {
                proptest::prop_assert!(!s.contains(STEP_SEPARATOR), "{:?}", s);
                proptest::prop_assert!(!s.bytes().any(|b| b == b' ' || b.is_ascii_uppercase()), "{:?}", s);
            }
            proptest::prop_assert_eq!(github(&g), g.clone());
            proptest::prop_assert!(!l.contains("--"), "{:?}", l);
        }
    }
}
