//! Runbook titles that read like another page's: a pull request can add a second "Restart
//! etcd" (the same words, another letter case, or Cyrillic `е` for Latin `e`) that search,
//! folder listings and links show beside the real one, with other steps. And a title word
//! that mixes Latin letters with lookalikes of another script (`Rеstart`) is a disguise
//! even alone: search does not find it by the word it shows.
//!
//! Each title is reduced to Unicode's confusable skeleton (UTS #39, via `unicode-security`:
//! lookalike letters, invisible characters and compatibility forms all read as one), once
//! as written and once in lower case, and looked up in one hash map: linear in the titles'
//! length. Titles in any one script (Chinese, Russian, Greek) are left alone unless they
//! copy another page's.

use std::collections::BTreeSet;

use foldhash::HashMap;

use unicode_security::confusable_detection::skeleton;

use crate::diagnostics::{Diagnostics, Location};
use crate::model::{Runbook, SourceFile};

/// A runbook page's title as shown, with the line of the heading it came from.
pub struct Title<'a> {
    pub runbook: &'a Runbook,
    pub title: &'a str,
    /// The line of the title heading, when the title is the page's first `#` heading.
    pub heading_line: Option<usize>,
}

/// The most titles warned of one by one; the others are counted in one more warning
/// (40,000 titles alike wrote 13.5 MB of warnings).
pub const MAX_TITLE_WARNINGS: usize = 100;

/// Warns at each runbook whose title reads like an earlier page's, naming both files and
/// lines, and at each title word that mixes Latin letters with lookalikes of another
/// script: the first [`MAX_TITLE_WARNINGS`], then their count.
pub fn check_titles<'a>(titles: impl IntoIterator<Item = Title<'a>>, diags: &mut Diagnostics) {
    let titles: Vec<Title> = titles.into_iter().collect();
    let mut alike = Alike::with_capacity(titles.len());
    let mut capped = Capped::default();
    for (i, t) in titles.iter().enumerate() {
        let title = t.title.trim();
        if title.is_empty() {
            continue;
        }
        let like = alike.first(i, title).map(|j| &titles[j]);
        if like.is_none() && mixed_word(title).is_none() {
            continue;
        }
        if capped.shown < MAX_TITLE_WARNINGS {
            capped.shown += 1;
            warn_title(t, like, diags);
        } else {
            capped.more(|| location(t));
        }
    }
    capped.finish(diags);
}

/// The title warnings past [`MAX_TITLE_WARNINGS`]: how many, and where the first is.
#[derive(Default)]
struct Capped {
    shown: usize,
    more: usize,
    first: Option<Location>,
}

impl Capped {
    fn more(&mut self, at: impl FnOnce() -> Location) {
        self.more += 1;
        if self.first.is_none() {
            self.first = Some(at());
        }
    }

    fn finish(self, diags: &mut Diagnostics) {
        if let Some(at) = self.first {
            diags.warning(
                at,
                format!(
                    "{} more titles read like another page's or mix Latin letters with lookalikes (the first {MAX_TITLE_WARNINGS} are reported, this page is the next)",
                    self.more
                ),
                "tell the titles reported apart, then run again to see the rest",
            );
        }
    }
}

/// The warning of [`check_titles`] at title `t`, which reads like the earlier `like`.
fn warn_title(t: &Title, like: Option<&Title>, diags: &mut Diagnostics) {
    let title = t.title.trim();
    // The location (a copy of the file's name, a search of its front matter) only for a
    // title that warns: most do not.
    if let Some(other) = like {
        let here = location(t);
        let there = location(other);
        let theirs = other.title.trim();
        // A title made from a file's or folder's name is on no line: said so, and where.
        let there_at = match made_from(other) {
            Some(from) => format!("{} (`{theirs}`, made from its {from})", there.file),
            None => format!("{}:{} (`{theirs}`)", there.file, there.line),
        };
        let here_from = made_from(t).map_or(String::new(), |from| {
            format!(" (made from the {from}: the page has no `#` heading or front matter `title`)")
        });
        diags.warning(
            here,
            format!(
                "the title `{}`{here_from} {} {there_at}{}: search, folder listings and links show the two pages alike",
                title,
                relation(title, theirs, "title"),
                note(title, theirs),
            ),
            "give this page a title that tells it apart (what it is about, the service or cluster), written in one script; or merge the two pages",
        );
    } else if let Some((word, letter)) = mixed_word(title) {
        diags.warning(
            location(t),
            format!(
                "the title's word `{}` mixes Latin letters with {}, which looks like a Latin letter: readers see a word that search does not find",
                word,
                described(letter),
            ),
            "write the word in one script (retype it: it was often pasted in)",
        );
    }
}

/// [`check_titles`] kept for updates that change some titles (`serve`): each title's
/// skeletons, the titles by skeleton and each title's warning, so that a changed title
/// costs the titles that read like it (before or after the change), not every title.
#[derive(Debug, Default)]
pub struct TitleChecks {
    /// Each title's keys (see [`Alike`]); `None` for an empty title, never checked.
    keys: Vec<Option<[Key; 3]>>,
    /// The titles with each key, by index.
    by_key: HashMap<Key, BTreeSet<usize>>,
    /// Each title's warning, if it has one.
    warnings: Vec<Diagnostics>,
}

impl TitleChecks {
    /// The checks of the `count` titles `title(0)`, `title(1)`, …: the warnings
    /// [`check_titles`] gives.
    pub fn new<'a>(count: usize, title: impl Fn(usize) -> Title<'a>) -> Self {
        let mut checks = TitleChecks {
            keys: Vec::with_capacity(count),
            by_key: HashMap::with_capacity_and_hasher(2 * count, Default::default()),
            warnings: Vec::with_capacity(count),
        };
        for i in 0..count {
            let keys = title_keys(title(i).title);
            for key in keys.iter().flatten() {
                checks.by_key.entry(key.clone()).or_default().insert(i);
            }
            checks.keys.push(keys);
        }
        for i in 0..count {
            let warning = checks.warning(i, &title);
            checks.warnings.push(warning);
        }
        checks
    }

    /// Checks again after the titles at `changed` changed (or moved: their heading's
    /// line), `title` giving every title as it is now; the count of titles is the same.
    pub fn update<'a>(&mut self, changed: &[usize], title: impl Fn(usize) -> Title<'a>) {
        let mut affected = BTreeSet::new();
        for &i in changed {
            let Some(slot) = self.keys.get_mut(i) else {
                continue;
            };
            for key in slot.take().iter().flatten() {
                if let Some(group) = self.by_key.get_mut(key) {
                    group.remove(&i);
                    affected.extend(group.iter().copied());
                    if group.is_empty() {
                        self.by_key.remove(key);
                    }
                }
            }
            let keys = title_keys(title(i).title);
            for key in keys.iter().flatten() {
                let group = self.by_key.entry(key.clone()).or_default();
                affected.extend(group.iter().copied());
                group.insert(i);
            }
            self.keys[i] = keys;
            affected.insert(i);
        }
        for k in affected {
            self.warnings[k] = self.warning(k, &title);
        }
    }

    /// Every title's warning, in the order of the titles, capped as [`check_titles`]
    /// caps them.
    pub fn report(&self, diags: &mut Diagnostics) {
        let mut capped = Capped::default();
        for w in self.warnings.iter().filter(|w| !w.is_empty()) {
            if capped.shown < MAX_TITLE_WARNINGS {
                capped.shown += 1;
                diags.extend(w.clone());
            } else if let Some(at) = w.first_location() {
                capped.more(|| at.clone());
            }
        }
        capped.finish(diags);
    }

    /// The warning of title `i`: the first title with one of its keys is the one it reads
    /// like, when that is an earlier one (see [`Alike::first`]).
    fn warning<'a>(&self, i: usize, title: &impl Fn(usize) -> Title<'a>) -> Diagnostics {
        let mut d = Diagnostics::new();
        let Some(keys) = &self.keys[i] else {
            return d;
        };
        let first = keys
            .iter()
            .filter_map(|key| self.by_key.get(key)?.first().copied())
            .filter(|&j| j < i)
            .min();
        warn_title(&title(i), first.map(&title).as_ref(), &mut d);
        d
    }
}

/// A title's confusable skeleton (see [`title_keys`]): as written ([`VISUAL`]), in lower
/// case ([`FOLDED`]), or in lower case without its spaces and punctuation ([`SQUASHED`]).
type Key = (u8, String);

const VISUAL: u8 = 0;
const FOLDED: u8 = 1;
const SQUASHED: u8 = 2;

/// The keys of a title (`None` when it is empty): its skeletons as written and in lower
/// case, a run of white space read as one space, as a page shows it; and in lower case
/// without spaces and ASCII punctuation ([`squashed`]): a pull request's page titled
/// `Kube pod crash looping!` beside the runbook `KubePodCrashLooping` is named alike in
/// search and reads as the same page.
fn title_keys(title: &str) -> Option<[Key; 3]> {
    let title = title.trim();
    if title.is_empty() {
        return None;
    }
    let table = ascii_skeletons();
    let squashed = squashed(title);
    let squashed = if squashed.is_empty() {
        title
    } else {
        &squashed
    };
    if let Some([visual, folded]) = ascii_keys(title, table) {
        if let Some([_, squashed]) = ascii_keys(squashed, table) {
            return Some([visual, folded, (SQUASHED, squashed.1)]);
        }
    }
    let words = title.split_whitespace().collect::<Vec<_>>().join(" ");
    let visual: String = skeleton(&words).collect();
    let folded: String = skeleton(&words.to_lowercase()).collect();
    let squashed: String = skeleton(&squashed.to_lowercase()).collect();
    Some([(VISUAL, visual), (FOLDED, folded), (SQUASHED, squashed)])
}

/// `title` without white space and ASCII punctuation, but for a `.` where they stood
/// between two digits (`1.2` and `12` are not alike; `disk-full` and `Disk full` are).
fn squashed(title: &str) -> String {
    let mut out = String::with_capacity(title.len());
    let mut gap = false;
    for c in title.chars() {
        if c.is_whitespace() || c.is_ascii_punctuation() {
            gap = true;
            continue;
        }
        if gap && c.is_ascii_digit() && out.ends_with(|p: char| p.is_ascii_digit()) {
            out.push('.');
        }
        gap = false;
        out.push(c);
    }
    out
}

/// The skeleton of each ASCII character, from `unicode-security` itself, where it is in
/// ASCII (all but `%`, whose prototype is `°/₀`).
pub(super) type AsciiSkeletons = [Option<Box<str>>; 128];

/// [`AsciiSkeletons`], made once. Reading the crate's tables for each character of each
/// title cost 22,000 instructions a title.
pub(super) fn ascii_skeletons() -> &'static AsciiSkeletons {
    static TABLE: std::sync::OnceLock<AsciiSkeletons> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        std::array::from_fn(|b| {
            let c = char::from(u8::try_from(b).unwrap_or(0));
            let proto: String = skeleton(c.encode_utf8(&mut [0; 4])).collect();
            proto.is_ascii().then(|| proto.into())
        })
    })
}

/// [`title_keys`] of a trimmed, non-empty title, by `table`, when the title is in ASCII
/// and each of its characters' skeletons is too. The skeleton of such a title is its
/// characters' skeletons one after the other: ASCII is its own NFD, before and after
/// the prototypes. `None` for any other title.
fn ascii_keys(title: &str, table: &AsciiSkeletons) -> Option<[Key; 2]> {
    if !title.is_ascii() {
        return None;
    }
    let space = table[usize::from(b' ')].as_deref()?;
    let mut visual = String::with_capacity(title.len());
    let mut folded = String::with_capacity(title.len());
    for (n, word) in title.split_whitespace().enumerate() {
        if n > 0 {
            visual.push_str(space);
            folded.push_str(space);
        }
        for b in word.bytes() {
            visual.push_str(table[usize::from(b)].as_deref()?);
            folded.push_str(table[usize::from(b.to_ascii_lowercase())].as_deref()?);
        }
    }
    Some([(VISUAL, visual), (FOLDED, folded)])
}

/// Warns at each engineer (or pipeline: `what`) of `file` whose name reads like an
/// earlier one's, or mixes Latin letters with lookalikes: a pull request could add a
/// second "Dana Lee" with its own phone number and put it on call, and the on-call pages,
/// feeds and owner lists would show the real one's name. `items` are (id, name), at
/// `list[i].name` of the file.
pub(super) fn check_names(
    items: &[(&str, &str)],
    file: &SourceFile,
    list: &str,
    what: &str,
    diags: &mut Diagnostics,
) {
    let mut alike = Alike::with_capacity(items.len());
    for (i, (id, name)) in items.iter().enumerate() {
        let name = name.trim();
        if name.is_empty() {
            continue;
        }
        let here = || file.locate(&format!("{list}[{i}].name"));
        if let Some(j) = alike.first(i, name) {
            let (their_id, theirs) = items[j];
            let theirs = theirs.trim();
            let there = file.locate(&format!("{list}[{j}].name"));
            diags.warning(
                here(),
                format!(
                    "the name `{}` of {what} `{id}` {} {what} `{their_id}` ({}:{}, `{}`){}: pages, feeds and owner lists show the two alike",
                    name,
                    relation(name, theirs, "name of"),
                    there.file,
                    there.line,
                    theirs,
                    note(name, theirs),
                ),
                format!("give each {what} a name that tells it apart, written in one script; if both are one, keep one entry"),
            );
        } else if let Some((word, letter)) = mixed_word(name) {
            diags.warning(
                here(),
                format!(
                    "the name of {what} `{id}` has the word `{}`, which mixes Latin letters with {}, which looks like a Latin letter",
                    word,
                    described(letter),
                ),
                "write the word in one script (retype it: it was often pasted in)",
            );
        }
    }
}

/// The texts seen so far, by their confusable skeletons: as written, and in lower case.
///
/// A skeleton is kept as a 128-bit digest, not as text: at 100,000 runbooks the three
/// skeletons of every title, as strings in a map grown as they came, were the build's
/// peak (some 40 MB at the end of rendering); the digests take 24 bytes a key, in a map
/// sized once. The digest is keyed afresh each run (two SipHash keys from the system's
/// randomness): a pull request cannot make two unlike titles collide, and by chance two
/// of a million keys share a digest once in 10^25 builds.
pub(super) struct Alike {
    seen: HashMap<Digest, usize>,
    keys: [std::hash::RandomState; 2],
}

/// A skeleton's digest (see [`Alike`]).
type Digest = (u64, u64);

impl Alike {
    /// Room for `n` texts' keys (three each) without growing.
    pub(super) fn with_capacity(n: usize) -> Self {
        Alike {
            seen: HashMap::with_capacity_and_hasher(3 * n, Default::default()),
            keys: Default::default(),
        }
    }

    fn digest(&self, key: &Key) -> Digest {
        use std::hash::BuildHasher;
        (self.keys[0].hash_one(key), self.keys[1].hash_one(key))
    }

    /// The first text seen that `text` (the `i`th) reads like, if any; else `text` is kept.
    pub(super) fn first(&mut self, i: usize, text: &str) -> Option<usize> {
        title_keys(text)?
            .iter()
            .filter_map(|key| {
                let digest = self.digest(key);
                match self.seen.get(&digest) {
                    Some(&j) => Some(j),
                    None => {
                        self.seen.insert(digest, i);
                        None
                    }
                }
            })
            .min()
    }
}

/// How `mine` relates to `theirs`, which reads like it: "is also the `noun`", "differs
/// only in letter case from the `noun`", or "reads like the `noun`", then "of".
pub(super) fn relation(mine: &str, theirs: &str, noun: &str) -> String {
    let noun = noun.trim_end_matches(" of");
    if mine == theirs {
        format!("is also the {noun} of")
    } else if mine.to_lowercase() == theirs.to_lowercase() {
        format!("differs only in letter case from the {noun} of")
    } else if squashed(mine).to_lowercase() == squashed(theirs).to_lowercase() {
        format!("differs only in spaces, punctuation or letter case from the {noun} of")
    } else {
        format!("reads like the {noun} of")
    }
}

/// The first lookalike or invisible character of `mine` where `theirs` differs, as a
/// note for the message (empty when there is none, or the two differ only in case,
/// spaces or punctuation).
fn note(mine: &str, theirs: &str) -> String {
    if mine.to_lowercase() == theirs.to_lowercase()
        || squashed(mine).to_lowercase() == squashed(theirs).to_lowercase()
    {
        return String::new();
    }
    first_lookalike(mine, theirs).map_or(String::new(), |(c, was)| match was {
        Some(was) if !was.is_whitespace() => {
            format!(", with {} where that one has `{was}`", described(c))
        }
        _ => format!(", with {}", described(c)),
    })
}

/// Where a title is written: its heading's line, else the front matter's `title`, else
/// the file (a title made from the file's name).
fn location(t: &Title) -> Location {
    let rb = t.runbook;
    match t.heading_line {
        Some(line) => Location {
            file: rb.source.display.clone(),
            line,
            col: 1,
            span: None,
        },
        None if from_front_matter(t) => rb.source.locate("title"),
        None => Location::file(&rb.source.display),
    }
}

/// Whether `t` is its runbook's front matter `title`, as shown (shortcodes as emoji).
fn from_front_matter(t: &Title) -> bool {
    let front = t.runbook.front.title.as_deref().map(str::trim);
    front.is_some_and(|f| crate::markdown::title_shown(f) == t.title.trim())
}

/// Where a title that no heading or front matter wrote was made from: the folder's name
/// for a folder's page (`README.md`, `_index.md`), else the file's name.
fn made_from(t: &Title) -> Option<&'static str> {
    let rb = t.runbook;
    if t.heading_line.is_some() || from_front_matter(t) {
        return None;
    }
    Some(if rb.is_index {
        "folder name"
    } else {
        "file name"
    })
}

/// The scripts whose letters pass for Latin ones (`а`, `ο`, `Ꭺ`, `𝐚`), beside Latin.
fn lookalike_script(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{0370}'..='\u{03FF}' | '\u{1F00}'..='\u{1FFF}' => "Greek",
        '\u{0400}'..='\u{052F}' | '\u{1C80}'..='\u{1C8F}' | '\u{A640}'..='\u{A69F}' => "Cyrillic",
        '\u{0530}'..='\u{058F}' => "Armenian",
        '\u{13A0}'..='\u{13FF}' | '\u{AB70}'..='\u{ABBF}' => "Cherokee",
        '\u{2C80}'..='\u{2CFF}' => "Coptic",
        '\u{A4D0}'..='\u{A4FF}' => "Lisu",
        '\u{1D400}'..='\u{1D7FF}' => "mathematical",
        _ => return None,
    })
}

/// Whether `c` is a letter of another script that reads as a Latin one.
fn passes_for_latin(c: char) -> bool {
    lookalike_script(c).is_some()
        && skeleton(c.encode_utf8(&mut [0; 4])).all(|s| s.is_ascii_alphanumeric())
}

/// The first word of `title` holding both Latin letters and a letter of another script
/// that passes for one, with that letter.
pub(super) fn mixed_word(title: &str) -> Option<(&str, char)> {
    // No ASCII character is of another script: most titles end here, a third of the
    // check's instructions at 10,000 runbooks.
    if title.is_ascii() {
        return None;
    }
    title
        .split(|c: char| !c.is_alphanumeric())
        .find_map(|word| {
            let latin = word.chars().any(|c| {
                c.is_ascii_alphabetic()
                    || (matches!(c, '\u{00C0}'..='\u{024F}') && c.is_alphabetic())
            });
            let lookalike = word.chars().find(|&c| passes_for_latin(c));
            latin.then_some(()).and(lookalike).map(|c| (word, c))
        })
}

/// The first character of `title` that is not `other`'s at the same place, with
/// `other`'s, when it is not an ASCII letter (a lookalike or an invisible character).
pub(super) fn first_lookalike(title: &str, other: &str) -> Option<(char, Option<char>)> {
    let mut theirs = other.chars();
    for c in title.chars() {
        let was = theirs.next();
        if was != Some(c) && !c.is_ascii_graphic() {
            return Some((c, was));
        }
    }
    None
}

/// A character named for a message: itself and its code point (`е` U+0435, Cyrillic).
pub(super) fn described(c: char) -> String {
    let shown = if c.is_alphanumeric() {
        format!("`{c}` ")
    } else {
        String::new()
    };
    match lookalike_script(c) {
        Some(script) => format!("the {script} letter {shown}U+{:04X}", c as u32),
        None => format!("the character {shown}U+{:04X}", c as u32),
    }
}

#[cfg(test)]
mod tests;
