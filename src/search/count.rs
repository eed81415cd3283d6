//! Counting: the weighted terms of each page, in runs of pages (one per thread), for
//! [`super::merge`] to number across the site.

use xxhash_rust::xxh3::xxh3_64;

use super::scan::{scan_words, Cuts, Words, CUT, HIGH, JOINED, ONES, QUOTED, SPLIT, UPPER};
use super::words::{
    hyphen_pair, name_parts, separated_parts, stretches, unicode_stretch_words, unquoted,
};
use super::Doc;

/// Field weights: a word in the title counts as six in the body, in a heading as three.
const TITLE_WEIGHT: u32 = 6;
const HEADING_WEIGHT: u32 = 3;

/// Numbers for terms, from their 64-bit hash: open addressing by the hash's low bits (the
/// hash is already uniform), at most half full. For the site's dictionary it takes half
/// the time of a general hash map.
#[derive(Default)]
pub(super) struct TermTable {
    /// `(hash, 1 + number)`; `(_, 0)` when free.
    slots: Vec<(u64, u32)>,
    len: u32,
}

impl TermTable {
    /// The number of `hash`, and whether it is new: numbers go in order of arrival.
    #[inline(always)]
    pub(super) fn number(&mut self, hash: u64) -> (u32, bool) {
        if self.slots.is_empty() {
            self.allocate();
        }
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let (h, n) = self.slots[i];
            if n == 0 {
                break;
            }
            if h == hash {
                return (n - 1, false);
            }
            i = (i + 1) & mask;
        }
        self.len += 1;
        self.slots[i] = (hash, self.len);
        if self.len as usize * 2 > self.slots.len() {
            self.grow();
        }
        (self.len - 1, true)
    }

    /// Asks the CPU to fetch the slot where `hash` is looked for first, ahead of
    /// [`TermTable::number`]: a run's table outgrows the core's cache on a site of some
    /// thousands of pages (at 10,000 runbooks, 2 MB), and each page's distinct terms each
    /// missed it in turn (83 % of `Counts::page`'s samples were on the one load).
    #[inline(always)]
    fn prefetch(&self, hash: u64) {
        #[cfg(target_arch = "x86_64")]
        if let Some(slot) = self
            .slots
            .get(hash as usize & self.slots.len().wrapping_sub(1))
        {
            // SAFETY: a prefetch reads nothing the program sees and cannot fault; the
            // address is a slot of the table, and SSE is part of every x86_64 CPU.
            unsafe {
                use std::arch::x86_64::{_mm_prefetch, _MM_HINT_T0};
                _mm_prefetch::<_MM_HINT_T0>(std::ptr::from_ref(slot).cast());
            }
        }
    }

    /// The table's first slots, at its first term.
    #[cold]
    fn allocate(&mut self) {
        self.slots = vec![(0, 0); 1024];
    }

    #[cold]
    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![(0, 0); size]);
        let mask = self.slots.len() - 1;
        for slot in old.into_iter().filter(|s| s.1 != 0) {
            let mut i = slot.0 as usize & mask;
            while self.slots[i].1 != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = slot;
        }
    }
}

/// How many of a page's terms ahead [`Counts::page`] prefetches their slots in the run's
/// dictionary: enough to cover a miss to memory at a few dozen instructions a term.
const PREFETCH_AHEAD: usize = 8;

/// The terms of a run of pages counted by one thread, one after the other.
///
/// Terms are told apart by a 64-bit hash of their text ([`term_hash`]), within a run and
/// across the site: two different words share a hash with odds of about 1 in 10^7 for a
/// site with a million distinct words, and the cost of that would be one word finding
/// the other's pages.
pub(super) struct Counts {
    /// Per page counted: its number, where its entries end in `terms`, and its length
    /// in weighted words.
    pub(super) pages: Vec<u32>,
    pub(super) page_ends: Vec<u32>,
    pub(super) lengths: Vec<u32>,
    /// The terms of each page and their weighted counts, the run's pages in order: two
    /// arrays, since a count fits in 16 bits (6 bytes an entry instead of 8; at
    /// 100,000 pages, 30 million entries).
    pub(super) terms: Vec<u32>,
    pub(super) counts_of: Vec<u16>,
    /// The run's terms, numbered in order of first use: hash, and text end to end.
    table: TermTable,
    pub(super) hashes: Vec<u64>,
    text: String,
    text_at: Vec<u32>,
    /// The page being counted.
    page: PageTerms,
    length: u32,
}

impl Counts {
    pub(super) fn new() -> Self {
        Counts {
            pages: Vec::new(),
            page_ends: Vec::new(),
            lengths: Vec::new(),
            terms: Vec::new(),
            counts_of: Vec::new(),
            table: TermTable::default(),
            hashes: Vec::new(),
            text: String::new(),
            text_at: vec![0],
            page: PageTerms::default(),
            length: 0,
        }
    }

    /// Frees the run's dictionary (its table, its terms' hashes and texts) once the merge
    /// has numbered its terms across the site: only each page's entries are read after
    /// that, and the table alone is 16 bytes a slot, twice the run's distinct terms.
    pub(super) fn drop_dictionary(&mut self) {
        self.table = TermTable::default();
        self.hashes = Vec::new();
        self.text = String::new();
        self.text_at = Vec::new();
    }

    /// The text of the run's term `n`.
    pub(super) fn term(&self, n: usize) -> &str {
        &self.text[self.text_at[n] as usize..self.text_at[n + 1] as usize]
    }

    /// Counts page `number` into the run.
    pub(super) fn page(&mut self, number: u32, doc: &Doc) {
        self.length = 0;
        self.scan(doc, TITLE, TITLE_WEIGHT);
        self.scan(doc, NAMES, TITLE_WEIGHT);
        for i in 0..doc.sections.len() as u32 {
            self.scan(doc, HEADINGS + 2 * i, HEADING_WEIGHT);
            if i == 0 {
                self.scan(doc, INTRO, 1);
            }
            self.scan(doc, HEADINGS + 2 * i + 1, 1);
        }
        // The run's dictionary once per distinct term of the page, in order of first
        // use on the page; each slot emptied as it is read, for the next page.
        let Counts {
            table,
            hashes,
            text,
            text_at,
            terms,
            counts_of,
            page,
            ..
        } = self;
        let PageTerms {
            slots,
            entries,
            copied,
        } = page;
        // The counts first, each slot emptied for the next page. Kept at 65,535 past it:
        // only a page of megabytes gets there, where the weight is 15 or close to it
        // either way.
        counts_of.extend(entries.iter().map(|e| {
            let slot = &mut slots[e.slot as usize];
            slot.entry = 0;
            slot.count.min(u32::from(u16::MAX)) as u16
        }));
        terms.reserve(entries.len());
        for (k, e) in entries.iter().enumerate() {
            // The slot of a term some places ahead is on its way while this one is read.
            if let Some(ahead) = entries.get(k + PREFETCH_AHEAD) {
                table.prefetch(ahead.hash);
            }
            let (n, new) = table.number(e.hash);
            if new {
                let at = text.len();
                let source = match e.source {
                    COPIED => copied.as_str(),
                    source => source_text(doc, source),
                };
                text.push_str(&source[e.at as usize..e.end as usize]);
                if e.upper {
                    text[at..].make_ascii_lowercase();
                }
                text_at.push(text.len() as u32);
                hashes.push(e.hash);
            }
            terms.push(n);
        }
        entries.clear();
        copied.clear();
        self.pages.push(number);
        self.page_ends.push(self.terms.len() as u32);
        self.lengths.push(self.length);
    }

    /// Counts the words of `doc`'s text `source` ([`source_text`]).
    fn scan(&mut self, doc: &Doc, source: u32, weight: u32) {
        let text = source_text(doc, source);
        if text.is_ascii() {
            self.scan_ascii(text, source, 0, weight);
            return;
        }
        for (stretch, ascii) in stretches(text) {
            if ascii {
                let offset = stretch.as_ptr() as usize - text.as_ptr() as usize;
                self.scan_ascii(stretch, source, offset, weight);
                continue;
            }
            let mut words = Vec::new();
            unicode_stretch_words(stretch, &mut |w, part| words.push((w, part)));
            for (w, part) in words {
                if !part {
                    self.length += weight;
                }
                let hash = term_hash(w.as_bytes(), 0, w.len(), false);
                self.page.add_copied(hash, &w, weight);
            }
        }
    }

    /// Counts the words of `text`, which is `source_text(doc, source)[offset..]`.
    fn scan_ascii(&mut self, text: &str, source: u32, offset: usize, weight: u32) {
        let mut words = PageWords {
            page: &mut self.page,
            text,
            source,
            offset,
            weight,
            prev: 0..0,
            words: 0,
        };
        scan_words(text.as_bytes(), &mut words);
        self.length += words.words * weight;
    }
}

/// The words of an ASCII text of a page, as the scan finds them, into the page's terms.
struct PageWords<'p> {
    page: &'p mut PageTerms,
    /// `source_text(doc, source)[offset..]`.
    text: &'p str,
    source: u32,
    offset: usize,
    weight: u32,
    /// The word before, for hyphenated pairs.
    prev: std::ops::Range<usize>,
    /// Words counted.
    words: u32,
}

impl PageWords<'_> {
    /// The start of every word: the word before kept, and a hyphenated pair's joined
    /// form added; `false` for a word over 80 bytes, which is not counted.
    #[inline(always)]
    fn begin(&mut self, start: usize, end: usize) -> bool {
        let a = std::mem::replace(&mut self.prev, start..end);
        if end - start > 80 {
            return false;
        }
        let bytes = self.text.as_bytes();
        // A hyphen just before: one test for the other words (three in four follow the
        // word before after one byte).
        if start > 0
            && bytes[start - 1] == b'-'
            && a.end + 1 == start
            && hyphen_pair(bytes, &a, &(start..end))
        {
            self.page.add_hyphen_pair(bytes, a, start..end, self.weight);
        }
        self.words += 1;
        true
    }
}

impl Words for PageWords<'_> {
    #[inline(always)]
    fn plain(&mut self, start: usize, end: usize) {
        if self.begin(start, end) {
            let hash = term_hash(self.text.as_bytes(), start, end, false);
            let (at, to) = (self.offset + start, self.offset + end);
            self.page.add(hash, self.source, at, to, false, self.weight);
        }
    }

    #[inline]
    fn word(&mut self, start: usize, end: usize, flags: u8, cuts: Cuts) {
        if !self.begin(start, end) {
            return;
        }
        let (text, source, offset, weight) = (self.text, self.source, self.offset, self.weight);
        let upper = flags & UPPER != 0;
        if flags & (SPLIT | JOINED) != 0 {
            self.page
                .add_parts(text, start..end, flags, cuts, source, offset, weight);
        }
        let hash = term_hash(text.as_bytes(), start, end, upper);
        self.page
            .add(hash, source, offset + start, offset + end, upper, weight);
        if flags & QUOTED != 0 {
            self.page.add_unquoted(&text[start..end], weight);
        }
    }
}

/// The texts of a page that are counted, by number: its title, its names, its intro,
/// then each section's heading and text.
const TITLE: u32 = 0;
const NAMES: u32 = 1;
const INTRO: u32 = 2;
const HEADINGS: u32 = 3;
/// Not a text of the page: [`PageTerms::copied`].
const COPIED: u32 = u32::MAX;

fn source_text<'d>(doc: &'d Doc, source: u32) -> &'d str {
    match source {
        TITLE => &doc.title,
        NAMES => &doc.names,
        INTRO => &doc.intro,
        _ => {
            let s = &doc.sections[((source - HEADINGS) / 2) as usize];
            if (source - HEADINGS).is_multiple_of(2) {
                &s.heading
            } else {
                &s.text
            }
        }
    }
}

/// The terms of the page being counted, by hash: a table small enough to stay in the
/// cache, so that each occurrence of a word touches only it. The run's dictionary, which
/// grows with the site's distinct words (and misses the cache on a large site), is
/// looked up once per distinct term, when the page is done ([`Counts::page`]).
struct PageTerms {
    /// By the hash's low bits (open addressing, at most half full): a repeated word
    /// touches only its slot, not its entry.
    slots: Vec<Slot>,
    /// The page's terms in order of first use.
    entries: Vec<PageTerm>,
    /// The text of terms that are not where they stand on the page (lowercased words
    /// that are not ASCII), end to end.
    copied: String,
}

/// A term's place in [`PageTerms::slots`].
#[derive(Clone, Copy, Default)]
struct Slot {
    hash: u64,
    /// `1 + entry`; 0 when free.
    entry: u32,
    /// Weighted occurrences on the page.
    count: u32,
}

struct PageTerm {
    hash: u64,
    /// Its place in [`PageTerms::slots`], to empty it when the page is done.
    slot: u32,
    /// Where its text is: its first occurrence, or in [`PageTerms::copied`] when
    /// `source` is [`COPIED`].
    source: u32,
    at: u32,
    end: u32,
    upper: bool,
}

impl Default for PageTerms {
    fn default() -> Self {
        PageTerms {
            slots: vec![Slot::default(); 1024],
            entries: Vec::new(),
            copied: String::new(),
        }
    }
}

impl PageTerms {
    /// Adds `weight` to the term of `hash`, which stands at
    /// `source_text(doc, source)[at..end]` on the page (ASCII capitals in it when
    /// `upper`).
    #[inline(always)]
    fn add(&mut self, hash: u64, source: u32, at: usize, end: usize, upper: bool, weight: u32) {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let slot = &mut self.slots[i];
            if slot.entry == 0 {
                break;
            }
            if slot.hash == hash {
                slot.count += weight;
                return;
            }
            i = (i + 1) & mask;
        }
        self.insert(hash, i, source, at, end, upper, weight);
    }

    /// Adds the term of `hash`, not on the page yet, in free slot `i`.
    #[inline]
    #[allow(clippy::too_many_arguments)]
    fn insert(
        &mut self,
        hash: u64,
        i: usize,
        source: u32,
        at: usize,
        end: usize,
        upper: bool,
        weight: u32,
    ) {
        self.entries.push(PageTerm {
            hash,
            slot: i as u32,
            source,
            at: at as u32,
            end: end as u32,
            upper,
        });
        self.slots[i] = Slot {
            hash,
            entry: self.entries.len() as u32,
            count: weight,
        };
        if self.entries.len() * 2 > self.slots.len() {
            self.grow();
        }
    }

    /// Adds the parts of the joined name `text[word]` ([`JOINED`], [`SPLIT`] in `flags`),
    /// `text` being `source_text(doc, source)[offset..]`. A name the scan found within
    /// one block ([`CUT`]) comes cut already ([`Cuts`]): its parts are read off the
    /// scan's masks instead of going over the name again a character at a time, which
    /// took as long as counting the other words (a joined name is one word in ten of a
    /// generated site, at 670 instructions each).
    #[inline(never)]
    #[allow(clippy::too_many_arguments)]
    fn add_parts(
        &mut self,
        text: &str,
        word: std::ops::Range<usize>,
        flags: u8,
        cuts: Cuts,
        source: u32,
        offset: usize,
        weight: u32,
    ) {
        let upper = flags & UPPER != 0;
        let bytes = text.as_bytes();
        let start = word.start;
        let mut add = |part: std::ops::Range<usize>| {
            let (at, end) = (start + part.start, start + part.end);
            let hash = term_hash(bytes, at, end, upper);
            self.add(hash, source, offset + at, offset + end, upper, weight);
        };
        if flags & CUT != 0 {
            let mut part = 0;
            let mut bounds = cuts.sep | cuts.split;
            while bounds != 0 {
                let i = bounds.trailing_zeros() as usize;
                bounds &= bounds - 1;
                if part < i {
                    add(part..i);
                }
                // A separator is in no part; a split starts the next one.
                part = i + ((cuts.sep >> i) & 1) as usize;
            }
            if part < word.len() {
                add(part..word.len());
            }
        } else if flags & SPLIT != 0 {
            name_parts(&text[word], add);
        } else {
            for part in separated_parts(&bytes[word]) {
                add(part);
            }
        }
    }

    /// Adds the joined form of the hyphenated pair `text[a]`-`text[b]` ([`hyphen_pair`]),
    /// which stands nowhere on the page as one word, so is copied.
    #[cold]
    fn add_hyphen_pair(
        &mut self,
        text: &[u8],
        a: std::ops::Range<usize>,
        b: std::ops::Range<usize>,
        weight: u32,
    ) {
        let mut joined = [0u8; 80];
        let n = a.len() + b.len();
        joined[..a.len()].copy_from_slice(&text[a.clone()]);
        joined[a.len()..n].copy_from_slice(&text[b]);
        joined[..n].make_ascii_lowercase();
        // Letters only (`hyphen_pair`), so always UTF-8.
        if let Ok(word) = std::str::from_utf8(&joined[..n]) {
            self.add_copied(term_hash(word.as_bytes(), 0, n, false), word, weight);
        }
    }

    /// Adds the term of `word` without its apostrophes ([`unquoted`]: `don't`, `dont`),
    /// which stands nowhere on the page as one word, so is copied.
    #[cold]
    fn add_unquoted(&mut self, word: &str, weight: u32) {
        let bare = unquoted(word);
        self.add_copied(
            term_hash(bare.as_bytes(), 0, bare.len(), false),
            &bare,
            weight,
        );
    }

    /// Adds `weight` to the term `word` (lowercase) of `hash`, keeping a copy of it.
    fn add_copied(&mut self, hash: u64, word: &str, weight: u32) {
        let at = self.copied.len();
        let before = self.entries.len();
        self.add(hash, COPIED, at, at + word.len(), false, weight);
        if self.entries.len() > before {
            self.copied.push_str(word);
        }
    }

    #[cold]
    fn grow(&mut self) {
        let size = self.slots.len() * 2;
        let old = std::mem::replace(&mut self.slots, vec![Slot::default(); size]);
        let mask = self.slots.len() - 1;
        for e in &mut self.entries {
            let mut i = e.hash as usize & mask;
            while self.slots[i].entry != 0 {
                i = (i + 1) & mask;
            }
            self.slots[i] = old[e.slot as usize];
            e.slot = i as u32;
        }
    }
}

/// The 64-bit identity of the term `bytes[start..end]`, with ASCII capitals folded to
/// lowercase when `upper` is set, so a word is hashed where it stands, without a copy.
///
/// Terms of up to 8 bytes are their bytes (no term has a zero byte), mixed by a bijection:
/// no two of them collide. Up to 16 bytes: the first and last 8, folded by a 128-bit
/// multiply and mixed. Longer: xxh3 of the lowercase term.
#[inline(always)]
fn term_hash(bytes: &[u8], start: usize, end: usize, upper: bool) -> u64 {
    let len = end - start;
    let fold = |x: u64| if upper { ascii_lower8(x) } else { x };
    if len <= 8 {
        let x = match len {
            0 => 0,
            _ => load8(bytes, start) & (u64::MAX >> (64 - 8 * len)),
        };
        fmix64(fold(x))
    } else if len <= 16 {
        let a = fold(load8(bytes, start));
        let b = fold(load8(bytes, end - 8));
        let m = u128::from(a ^ 0x243f_6a88_85a3_08d3)
            .wrapping_mul(u128::from(b ^ 0x1319_8a2e_0370_7344));
        fmix64((m as u64) ^ ((m >> 64) as u64) ^ len as u64)
    } else if upper {
        let mut lower = [0u8; 80];
        let lower = &mut lower[..len.min(80)];
        lower.copy_from_slice(&bytes[start..start + lower.len()]);
        lower.make_ascii_lowercase();
        xxh3_64(lower)
    } else {
        xxh3_64(&bytes[start..end])
    }
}

/// Eight bytes from `at`, little-endian; past the end of `bytes` they are zero.
#[inline]
fn load8(bytes: &[u8], at: usize) -> u64 {
    if let Some(chunk) = bytes.get(at..).and_then(|b| b.first_chunk::<8>()) {
        return u64::from_le_bytes(*chunk);
    }
    if bytes.len() >= 8 {
        // The last eight bytes, shifted so that `at` comes first.
        let last = u64::from_le_bytes(
            *bytes[bytes.len() - 8..]
                .first_chunk::<8>()
                .unwrap_or(&[0; 8]),
        );
        return last >> (8 * (at + 8 - bytes.len()) as u32);
    }
    let mut x = 0u64;
    for (i, &b) in bytes[at.min(bytes.len())..].iter().enumerate() {
        x |= u64::from(b) << (8 * i);
    }
    x
}

/// ASCII capitals in the eight bytes of `x` made lowercase; other bytes unchanged.
#[inline]
fn ascii_lower8(x: u64) -> u64 {
    // Per byte, bit 7 of `x + 0x80 - c` is set when the byte is at least `c` (the bytes'
    // own bit 7 cleared first so nothing carries between bytes).
    let low = x & (0x7f * ONES);
    let at_least_a = low + (0x80 - u64::from(b'A')) * ONES;
    let above_z = low + (0x80 - u64::from(b'Z') - 1) * ONES;
    let capital = at_least_a & !above_z & !x & HIGH;
    x | (capital >> 2)
}

/// The finaliser of MurmurHash3: a bijection of 64-bit values that spreads every bit.
#[inline]
fn fmix64(mut k: u64) -> u64 {
    k ^= k >> 33;
    k = k.wrapping_mul(0xff51_afd7_ed55_8ccd);
    k ^= k >> 33;
    k = k.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    k ^ (k >> 33)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counted_terms_are_the_words() {
        let text = "KubeletPlegDurationHigh fact_orders.daily x509 HTTPServer __init__ v1.2 \
                    Zürich_Stadt ZürichStadt kube_podStatus";
        let page = super::super::testing::doc("T", &[("", text)]);
        let mut counts = Counts::new();
        counts.page(0, &page);
        let counted: std::collections::BTreeSet<String> = (0..counts.hashes.len())
            .map(|n| counts.term(n).to_string())
            .collect();
        let mut expected: std::collections::BTreeSet<String> =
            super::super::words(text).into_iter().collect();
        expected.insert("t".into());
        assert_eq!(counted, expected);
    }

    /// Each page's terms with their weighted counts, as the run holds them.
    fn page_counts(counts: &Counts, k: usize) -> std::collections::BTreeMap<String, u16> {
        let from = if k == 0 {
            0
        } else {
            counts.page_ends[k - 1] as usize
        };
        let to = counts.page_ends[k] as usize;
        (from..to)
            .map(|i| {
                let term = counts.term(counts.terms[i] as usize).to_string();
                (term, counts.counts_of[i])
            })
            .collect()
    }

    #[test]
    fn each_page_is_counted_on_its_own_even_past_the_tables_first_size() {
        use super::super::testing::doc;
        // 3,000 distinct words: the page's table grows past its first 1,024 slots.
        // Letters only, so that no word has parts: `w` and 0 to 2,999 in base 26.
        let many: Vec<String> = (0..3000)
            .map(|i: u32| {
                let mut word = String::from("w");
                let mut n = i;
                loop {
                    word.push(char::from(b'a' + (n % 26) as u8));
                    n /= 26;
                    if n == 0 {
                        break word;
                    }
                }
            })
            .collect();
        let big = doc(
            "Big",
            &[("", &format!("{} wb Zürich zürich", many.join(" ")))],
        );
        let small = doc("Small", &[("", "wb fact_orders fact_orders Zürich")]);
        let mut counts = Counts::new();
        counts.page(0, &big);
        counts.page(1, &small);
        counts.page(2, &big);
        let (first, second, third) = (
            page_counts(&counts, 0),
            page_counts(&counts, 1),
            page_counts(&counts, 2),
        );
        assert_eq!(first.len(), 3000 + 1 + 1, "the words, zürich and the title");
        assert_eq!(first["wb"], 2);
        assert_eq!(first[&many[2999]], 1);
        assert_eq!(first["zürich"], 2);
        assert_eq!(first["big"], TITLE_WEIGHT as u16);
        assert_eq!(first, third);
        let expected: std::collections::BTreeMap<String, u16> = [
            ("small", TITLE_WEIGHT as u16),
            ("wb", 1),
            ("fact", 2),
            ("orders", 2),
            ("fact_orders", 2),
            ("zürich", 1),
        ]
        .into_iter()
        .map(|(t, c)| (t.to_string(), c))
        .collect();
        assert_eq!(second, expected);
        // Terms are numbered once per run, whatever page they are on.
        assert_eq!(counts.hashes.len(), 3000 + 1 + 1 + 1 + 3);
        assert_eq!(counts.lengths, [6 + 3003, 6 + 4, 6 + 3003]);
    }

    proptest::proptest! {
        /// Each term counted as often as `words` gives it, parts of joined names
        /// included, for names within a block of 64 bytes (cut by the scan's masks) and
        /// across one (cut again a character at a time).
        #[test]
        fn counts_are_the_words_counted(
            text in "([a-zA-Z0-9_.':,; \n(-]|Ab|aB|_x|x9|\\.k|HTTPSe){0,160}"
        ) {
            let page = super::super::testing::doc("", &[("", &text)]);
            let mut counts = Counts::new();
            counts.page(0, &page);
            let mut expected = std::collections::BTreeMap::new();
            for w in super::super::words(&text) {
                *expected.entry(w).or_insert(0u16) += 1;
            }
            proptest::prop_assert_eq!(page_counts(&counts, 0), expected);
        }

        #[test]
        fn terms_hash_the_same_wherever_they_stand_and_in_any_case(
            before in "[a-z _]{0,12}",
            word in "[a-zA-Z0-9]{1,30}",
            after in "[a-z _]{0,12}",
        ) {
            let text = format!("{before}{word}{after}");
            let lower = word.to_ascii_lowercase();
            let (start, end) = (before.len(), before.len() + word.len());
            let upper = word.bytes().any(|b| b.is_ascii_uppercase());
            proptest::prop_assert_eq!(
                term_hash(text.as_bytes(), start, end, upper),
                term_hash(lower.as_bytes(), 0, lower.len(), false)
            );
        }

        #[test]
        fn eight_bytes_lowercase_as_one(x in proptest::num::u64::ANY) {
            let mut bytes = x.to_le_bytes();
            bytes.make_ascii_lowercase();
            proptest::prop_assert_eq!(ascii_lower8(x), u64::from_le_bytes(bytes));
        }
    }

    #[test]
    fn short_terms_never_collide() {
        // Up to 8 bytes a term's hash is a bijection of its bytes.
        let mut seen = std::collections::HashSet::new();
        let letters = b"abcdefghijklmnopqrstuvwxyz0123456789";
        for &a in letters {
            for &b in letters {
                for len in 1..=8 {
                    let t: Vec<u8> = (0..len).map(|i| if i % 2 == 0 { a } else { b }).collect();
                    seen.insert((term_hash(&t, 0, t.len(), false), t));
                }
            }
        }
        let hashes: std::collections::HashSet<u64> = seen.iter().map(|(h, _)| *h).collect();
        assert_eq!(hashes.len(), seen.len());
        assert_eq!(load8(b"abc", 1), u64::from_le_bytes(*b"bc\0\0\0\0\0\0"));
        assert_eq!(load8(b"0123456789", 5), u64::from_le_bytes(*b"56789\0\0\0"));
    }
}
