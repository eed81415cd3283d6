//! The ASCII word scanner: UAX #29 word boundaries found 64 bytes at a time.

/// One in each byte of a `u64`, and the top bit of each: for working on eight bytes at once.
pub(super) const ONES: u64 = 0x0101_0101_0101_0101;
pub(super) const HIGH: u64 = 0x8080_8080_8080_8080;

/// A word has capitals ([`scan_ascii`]).
pub(super) const UPPER: u8 = 1;
/// A word has `_` or a joining `.` inside, so its parts are terms too.
pub(super) const JOINED: u8 = 2;
/// A word changes from lower case to a capital, from a run of capitals to a capitalised
/// word, or between letters and digits (`kubeletPleg`, `HTTPServer`, `x509`), so its
/// parts are terms too. Kept apart from [`JOINED`] so that `snake_case` names, nine in
/// ten of joined words, are cut by the faster rule.
pub(super) const SPLIT: u8 = 4;
/// The word lies within one block of 64 bytes, so its [`Cuts`] are known.
pub(super) const CUT: u8 = 8;
/// A word has a joining `'` inside (`don't`), so it is a term without it too
/// (`words::unquoted`).
pub(super) const QUOTED: u8 = 16;

/// Where a word that lies within one block of 64 bytes falls into parts, bit `i` for
/// the word's byte `i` (with [`CUT`] in its flags; zero otherwise): `sep`, a `_` or
/// joining `.` (no part's byte); `split`, the first byte of a part after a case or
/// letter–digit change ([`SPLIT`]). The parts are the stretches between them, as
/// `words::name_parts` finds them a character at a time.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub(super) struct Cuts {
    pub sep: u64,
    pub split: u64,
}

/// The classes of 64 bytes of text, one bit per byte.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
struct Block {
    lower: u64,
    upper: u64,
    digit: u64,
    underscore: u64,
    dot: u64,
    apostrophe: u64,
    colon: u64,
    /// `,` and `;`.
    number_separator: u64,
}

impl Block {
    /// The classes of `bytes` (at most 64; the rest counts as spaces).
    #[inline]
    fn of(bytes: &[u8]) -> Block {
        match bytes.first_chunk::<64>() {
            Some(chunk) => Block::of_chunk(chunk),
            None => {
                let mut padded = [0u8; 64];
                padded[..bytes.len()].copy_from_slice(bytes);
                Block::of_chunk(&padded)
            }
        }
    }

    #[inline]
    fn of_chunk(chunk: &[u8; 64]) -> Block {
        #[cfg(target_arch = "x86_64")]
        {
            Block::of_sse2(chunk)
        }
        #[cfg(not(target_arch = "x86_64"))]
        {
            Block::of_scalar(chunk)
        }
    }

    /// Sixteen bytes at a time: a range or equality test and a movemask per class.
    #[cfg(target_arch = "x86_64")]
    #[inline]
    fn of_sse2(chunk: &[u8; 64]) -> Block {
        use std::arch::x86_64::*;
        let mut out = Block::default();
        // SAFETY: SSE2 is part of every x86_64 CPU; each unaligned load reads 16 bytes
        // at offsets 0, 16, 32 and 48 of a 64-byte array.
        unsafe {
            // Bytes of 0x80 and above are negative as i8, so they fall in no range.
            let range = |v: __m128i, lo: u8, hi: u8| {
                _mm_and_si128(
                    _mm_cmpgt_epi8(v, _mm_set1_epi8(lo as i8 - 1)),
                    _mm_cmplt_epi8(v, _mm_set1_epi8(hi as i8 + 1)),
                )
            };
            let eq = |v: __m128i, c: u8| _mm_cmpeq_epi8(v, _mm_set1_epi8(c as i8));
            let bits = |v: __m128i| u64::from(_mm_movemask_epi8(v) as u16);
            for k in 0..4 {
                let v = _mm_loadu_si128(chunk.as_ptr().add(16 * k).cast());
                let at = 16 * k;
                out.lower |= bits(range(v, b'a', b'z')) << at;
                out.upper |= bits(range(v, b'A', b'Z')) << at;
                out.digit |= bits(range(v, b'0', b'9')) << at;
                out.underscore |= bits(eq(v, b'_')) << at;
                out.dot |= bits(eq(v, b'.')) << at;
                out.apostrophe |= bits(eq(v, b'\'')) << at;
                out.colon |= bits(eq(v, b':')) << at;
                out.number_separator |= bits(_mm_or_si128(eq(v, b','), eq(v, b';'))) << at;
            }
        }
        out
    }

    #[cfg_attr(target_arch = "x86_64", allow(dead_code))]
    fn of_scalar(chunk: &[u8; 64]) -> Block {
        let mut out = Block::default();
        for (i, &b) in chunk.iter().enumerate() {
            let bit = 1u64 << i;
            match b {
                b'a'..=b'z' => out.lower |= bit,
                b'A'..=b'Z' => out.upper |= bit,
                b'0'..=b'9' => out.digit |= bit,
                b'_' => out.underscore |= bit,
                b'.' => out.dot |= bit,
                b'\'' => out.apostrophe |= bit,
                b':' => out.colon |= bit,
                b',' | b';' => out.number_separator |= bit,
                _ => {}
            }
        }
        out
    }

    fn letters(&self) -> u64 {
        self.lower | self.upper
    }
}

/// The joiners of block `b` that join (bit per byte): a joiner at bit i joins when the
/// bytes at i - 1 and i + 1 qualify; those at bit 0 and 63 look into the neighbouring
/// blocks `prev` and `next`.
#[inline(always)]
fn joins(b: &Block, prev: &Block, next: &Block) -> u64 {
    let (letters, digits) = (b.letters(), b.digit);
    let letters_around =
        ((letters << 1) | (prev.letters() >> 63)) & ((letters >> 1) | (next.letters() << 63));
    let digits_around = ((digits << 1) | (prev.digit >> 63)) & ((digits >> 1) | (next.digit << 63));
    ((b.dot | b.apostrophe) & (letters_around | digits_around))
        | (b.colon & letters_around)
        | (b.number_separator & digits_around)
}

/// Where a name splits in block `b`, bit i set before byte i: `tP`, `PSe`, `x5`, `9a`.
#[inline(always)]
fn splits(b: &Block, prev: &Block, next: &Block) -> u64 {
    let before = |x: u64, p: u64| (x << 1) | (p >> 63);
    let letters = b.letters();
    let hump = before(b.lower, prev.lower) & b.upper;
    let acronym = before(b.upper, prev.upper) & b.upper & ((b.lower >> 1) | (next.lower << 63));
    let digit_letter =
        (before(b.digit, prev.digit) & letters) | (before(letters, prev.letters()) & b.digit);
    hump | acronym | digit_letter
}

/// What [`scan_words`] gives the words it finds to.
pub(super) trait Words {
    /// A word `start..end` without marks: letters and digits, maybe joined by `.`,
    /// `'`, `:`, `,` or `;`, without capitals, `_` or splits. Most words are: this one
    /// call of the scan is the one to inline.
    #[inline(always)]
    fn plain(&mut self, start: usize, end: usize) {
        self.word(start, end, 0, Cuts::default());
    }

    /// Any other word, with its `flags` and, with [`CUT`], its `cuts`.
    fn word(&mut self, start: usize, end: usize, flags: u8, cuts: Cuts);
}

/// A closure as [`Words`], every word to it.
struct Each<F>(F);

impl<F: FnMut(usize, usize, u8, Cuts)> Words for Each<F> {
    #[inline(always)]
    fn word(&mut self, start: usize, end: usize, flags: u8, cuts: Cuts) {
        (self.0)(start, end, flags, cuts);
    }
}

/// Calls `f(start, end, flags, cuts)` for each word of ASCII `text`, as [`scan_words`].
#[inline]
pub(super) fn scan_ascii(text: &[u8], f: impl FnMut(usize, usize, u8, Cuts)) {
    scan_words(text, &mut Each(f));
}

/// Gives `sink` each word of ASCII `text` (as
/// `words::ascii_words`) with [`UPPER`], [`JOINED`], [`SPLIT`], [`QUOTED`] and [`CUT`] in `flags`
/// and, with [`CUT`], where the word's parts are ([`Cuts`]): read off the masks the scan
/// has made already, instead of going over the word again a character at a time.
///
/// Word boundaries are found 64 bytes at a time from bit masks of the byte classes, so
/// the work per byte has no branch; a byte-at-a-time loop spent most of its time on
/// mispredicted branches at word boundaries.
#[inline]
pub(super) fn scan_words(text: &[u8], sink: &mut impl Words) {
    let blocks = text.len().div_ceil(64);
    let block_at = |k: usize| -> Block {
        if k < blocks {
            Block::of(&text[64 * k..text.len().min(64 * (k + 1))])
        } else {
            Block::default()
        }
    };
    let word = |b: &Block, joined: u64| b.letters() | b.digit | b.underscore | joined;
    let mut prev = Block::default();
    let mut cur = block_at(0);
    let mut next = block_at(1);
    let mut cur_joins = joins(&cur, &Block::default(), &next);
    let mut prev_word = 0u64;
    // The word under way: where it started and its flags so far; and, when it started
    // in the block before, its cuts and length there (a joined name is long: one in
    // five goes on into the next block).
    let (mut start, mut flags, mut alnum) = (0usize, 0u8, false);
    let mut carried: Option<(Cuts, u32)> = None;
    for k in 0..blocks {
        let after = block_at(k + 2);
        let next_joins = joins(&next, &cur, &after);
        let x = word(&cur, cur_joins);
        let next_x = word(&next, next_joins);
        let starts = x & !((x << 1) | (prev_word >> 63));
        let ends = x & !((x >> 1) | (next_x << 63));
        let base = 64 * k;
        let letters_digits = cur.letters() | cur.digit;
        let joined = cur.underscore | (cur.dot & cur_joins);
        let split = splits(&cur, &prev, &next);
        let quoted = cur.apostrophe & cur_joins;
        // Most words are plain lower case: one test passes them by.
        let marked = cur.upper | joined | split | quoted;
        // What the marks say of the bytes `r`: [`UPPER`], [`JOINED`], [`SPLIT`], [`QUOTED`].
        let marks = |r: u64| -> u8 {
            if marked & r == 0 {
                return 0;
            }
            (u8::from(cur.upper & r != 0) * UPPER)
                | (u8::from(joined & r != 0) * JOINED)
                | (u8::from(split & r != 0) * SPLIT)
                | (u8::from(quoted & r != 0) * QUOTED)
        };
        let region = |from: u32, to: u32, flags: &mut u8, alnum: &mut bool| {
            let r = (!0u64 >> (63 - to)) & (!0u64 << from);
            *alnum |= letters_digits & r != 0;
            *flags |= marks(r);
        };
        // Where the word at bits `from..=end` falls into parts, as its bits are here.
        let cut_at = |from: u32, end: u32| {
            let bits = !0u64 >> (63 - (end - from));
            Cuts {
                sep: (joined >> from) & bits,
                split: (split >> from) & bits,
            }
        };
        let (mut s, mut e) = (starts, ends);
        // The first end here closes the word under way from the block before when no
        // start comes before it.
        if e != 0 && (s == 0 || s.trailing_zeros() > e.trailing_zeros()) {
            let end = e.trailing_zeros();
            e &= e - 1;
            // Within 64 bytes, it is cut as any.
            let (known, before) = match carried.take() {
                Some(c) => (c.1 + end < 64, c),
                None => (false, (Cuts::default(), 0)),
            };
            region(0, end, &mut flags, &mut alnum);
            if alnum {
                let (mut cut, mut cuts) = (0, Cuts::default());
                if known && flags & (JOINED | SPLIT) != 0 {
                    // Bits `0..=end`, moved to the word's byte `before.1`.
                    let bits = !0u64 >> (63 - end);
                    cuts = Cuts {
                        sep: before.0.sep | ((joined & bits) << before.1),
                        split: before.0.split | ((split & bits) << before.1),
                    };
                    cut = CUT;
                }
                sink.word(start, base + end as usize + 1, flags | cut, cuts);
            }
        }
        // Every other end here closes a word that starts here, in order. A word
        // without marks is letters and digits (a joiner stands between two of them, and
        // `_` is a mark): it needs no more.
        while e != 0 {
            let (from, end) = (s.trailing_zeros(), e.trailing_zeros());
            s &= s - 1;
            e &= e - 1;
            let r = (2u64 << end).wrapping_sub(1u64 << from);
            let at = (base + from as usize, base + end as usize + 1);
            let flags = marks(r);
            if flags == 0 {
                sink.plain(at.0, at.1);
            } else if letters_digits & r != 0 {
                let (cut, cuts) = match flags & (JOINED | SPLIT) {
                    0 => (0, Cuts::default()),
                    _ => (CUT, cut_at(from, end)),
                };
                sink.word(at.0, at.1, flags | cut, cuts);
            }
        }
        if s != 0 {
            // A word starts here and goes on into the next block.
            let from = s.trailing_zeros();
            (start, flags, alnum) = (base + from as usize, 0, false);
            region(from, 63, &mut flags, &mut alnum);
            let cuts = Cuts {
                sep: joined >> from,
                split: split >> from,
            };
            carried = Some((cuts, 64 - from));
        } else if ends == 0 && x == !0 {
            // The word under way goes through this whole block.
            region(0, 63, &mut flags, &mut alnum);
            carried = None;
        }
        prev_word = x;
        prev = cur;
        (cur, next) = (next, after);
        cur_joins = next_joins;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    /// The byte-at-a-time scanner [`scan_ascii`] replaced, as a second opinion.
    fn words_one_byte_at_a_time(text: &str) -> Vec<(&str, u8)> {
        let b = text.as_bytes();
        let word_byte = |c: u8| c.is_ascii_alphanumeric() || c == b'_';
        let mut out = Vec::new();
        let mut i = 0;
        while i < b.len() {
            if !word_byte(b[i]) {
                i += 1;
                continue;
            }
            let start = i;
            let mut flags = 0;
            loop {
                while i < b.len() && word_byte(b[i]) {
                    if b[i].is_ascii_uppercase() {
                        flags |= UPPER;
                    }
                    if b[i] == b'_' {
                        flags |= JOINED;
                    }
                    i += 1;
                }
                if i + 1 < b.len() {
                    let (before, after) = (b[i - 1], b[i + 1]);
                    let letters = before.is_ascii_alphabetic() && after.is_ascii_alphabetic();
                    let digits = before.is_ascii_digit() && after.is_ascii_digit();
                    let joins = match b[i] {
                        b'.' | b'\'' => letters || digits,
                        b':' => letters,
                        b',' | b';' => digits,
                        _ => false,
                    };
                    if joins {
                        if b[i] == b'.' {
                            flags |= JOINED;
                        }
                        if b[i] == b'\'' {
                            flags |= QUOTED;
                        }
                        i += 1;
                        continue;
                    }
                }
                break;
            }
            let w = &b[start..i];
            let split = (1..w.len()).any(|j| {
                let (x, y, z) = (w[j - 1], w[j], w.get(j + 1).copied().unwrap_or(b' '));
                (x.is_ascii_lowercase() && y.is_ascii_uppercase())
                    || (x.is_ascii_uppercase() && y.is_ascii_uppercase() && z.is_ascii_lowercase())
                    || (x.is_ascii_digit() && y.is_ascii_alphabetic())
                    || (x.is_ascii_alphabetic() && y.is_ascii_digit())
            });
            if split {
                flags |= SPLIT;
            }
            if w.iter().any(|c| c.is_ascii_alphanumeric()) {
                out.push((&text[start..i], flags));
            }
        }
        out
    }

    fn scanned(text: &str) -> Vec<(&str, u8)> {
        let mut out = Vec::new();
        scan_ascii(text.as_bytes(), |s, e, flags, _| {
            out.push((&text[s..e], flags & !CUT))
        });
        out
    }

    /// The words a scan gives, `true` for those given as plain.
    struct Recorded(Vec<(usize, usize, u8, bool)>);

    impl Words for Recorded {
        fn plain(&mut self, start: usize, end: usize) {
            self.0.push((start, end, 0, true));
        }

        fn word(&mut self, start: usize, end: usize, flags: u8, _: Cuts) {
            self.0.push((start, end, flags & !CUT, false));
        }
    }

    proptest::proptest! {
        #[test]
        fn block_scanner_agrees_with_uax29_and_the_byte_scanner(
            text in "[aZ9_.':,; \n(-]{0,300}"
        ) {
            let found = scanned(&text);
            proptest::prop_assert_eq!(&found, &words_one_byte_at_a_time(&text));
            let uax29: Vec<&str> = text.unicode_words().collect();
            proptest::prop_assert_eq!(found.iter().map(|w| w.0).collect::<Vec<_>>(), uax29);
        }

        /// A word without marks within a block of 64 bytes goes to `plain`, any other
        /// to `word` (flags 0 for one without marks that goes on into the next block),
        /// in the text's order, as the byte-at-a-time scanner finds them.
        #[test]
        fn plain_words_are_those_without_marks(
            text in "([aZ9_.':,; \n(-]|Ab|aB|x9|ab|cd){0,200}"
        ) {
            let mut seen = Recorded(Vec::new());
            scan_words(text.as_bytes(), &mut seen);
            let got: Vec<(&str, u8)> = seen.0.iter().map(|&(s, e, f, _)| (&text[s..e], f)).collect();
            proptest::prop_assert_eq!(got, words_one_byte_at_a_time(&text));
            for &(start, end, flags, plain) in &seen.0 {
                let within = start / 64 == (end - 1) / 64;
                proptest::prop_assert_eq!(plain, flags == 0 && within, "{}", &text[start..end]);
            }
        }

        #[test]
        fn sse2_and_scalar_classes_agree(
            bytes in proptest::collection::vec(
                proptest::prop_oneof![
                    0u8..=255,
                    proptest::sample::select(b"':,;._aAzZ@[`{/09\x80\xc3".to_vec())
                ],
                64,
            )
        ) {
            let chunk: &[u8; 64] = bytes.as_slice().try_into().unwrap();
            #[cfg(target_arch = "x86_64")]
            proptest::prop_assert_eq!(Block::of_sse2(chunk), Block::of_scalar(chunk));
            let b = Block::of_scalar(chunk);
            for (i, &c) in bytes.iter().enumerate() {
                proptest::prop_assert_eq!(b.lower >> i & 1 == 1, c.is_ascii_lowercase());
                proptest::prop_assert_eq!(b.digit >> i & 1 == 1, c.is_ascii_digit());
            }
        }
    }

    #[test]
    fn words_across_block_boundaries() {
        // Words and joiners at bytes 62 to 66 and 126 to 130, where a scan looks into
        // the neighbouring block.
        for pad in 55..70 {
            for tail in [
                "a.b",
                "1,5",
                "ab:cd",
                "x'y",
                "a..b",
                "Fact_Orders.Daily",
                "__",
                "9;",
                "kubeletPleg",
                "HTTPServer",
                "x509a",
                "AbC",
            ] {
                let text = format!("{}{tail} {}{tail}", " ".repeat(pad), "-".repeat(pad));
                assert_eq!(scanned(&text), words_one_byte_at_a_time(&text), "{text:?}");
            }
        }
        let long = "a".repeat(200);
        assert_eq!(scanned(&long), [(long.as_str(), 0)]);
        assert!(scanned("").is_empty());
    }
}
