//! Runbook addresses that read like another page's: a pull request adds
//! `dbе-down.md` (a Cyrillic `е`) beside `db-down.md`, and `/runbooks/dbе-down/` passes
//! for the real page's address in a chat message, an alert's link, a breadcrumb or a
//! listing, whatever its title says. A file or folder name whose word mixes Latin letters
//! with lookalikes of another script (`оps/`, a Cyrillic `о`) is a disguise even alone.
//!
//! Each page's and folder's address under `/runbooks/` is reduced to Unicode's confusable
//! skeleton (UTS #39, as titles are: see `lookalike_titles`) in lower case, a folder's
//! once for all the pages under it, and looked up in one hash map: linear in the
//! addresses' length. Only addresses with a character beyond ASCII are told of (ASCII's
//! own lookalikes, `l` and `1`, are shown as they are by GitHub's diff); a site whose
//! every address is ASCII costs one pass over them. Addresses that differ only in letter
//! case or in how an accent is encoded are errors of `lookalike_pages`.

use foldhash::HashMap;
use unicode_security::confusable_detection::skeleton;

use super::lookalike_titles::{ascii_skeletons, described, first_lookalike, mixed_word};
use crate::diagnostics::{Diagnostics, Location};
use crate::model::Runbook;

/// The most addresses warned of one by one; the others are counted in one more warning.
const MAX_WARNINGS: usize = 100;

/// Warns at each runbook (or folder of runbooks) whose address reads like an earlier
/// one's, naming both, or has a word mixing Latin letters with lookalikes: the first
/// [`MAX_WARNINGS`], then their count. Nothing under a folder warned of is told again.
pub(super) fn check(runbooks: &[Runbook], diags: &mut Diagnostics) {
    if runbooks.iter().all(|rb| rb.slug.is_ascii()) {
        return;
    }
    let mut seen = Seen::default();
    let mut told = Told::default();
    for rb in runbooks {
        seen.walk(rb, &mut told, diags);
    }
    told.finish(diags);
}

/// The addresses met so far.
#[derive(Default)]
struct Seen<'a> {
    /// Each address (page or folder) met: its class (the addresses of one skeleton), or
    /// `None` when it was warned of.
    addresses: HashMap<&'a str, Option<usize>>,
    /// The class of each skeleton, by its parent folder's class and its last segment's
    /// skeleton: a skeleton is not copied for each folder under it (a page 32 folders
    /// deep held 32 copies of growing prefixes).
    classes: HashMap<(Option<usize>, String), usize>,
    /// The first address of each class, with a runbook at or under it.
    first: Vec<(&'a str, &'a Runbook)>,
}

impl<'a> Seen<'a> {
    /// Checks each address of `rb`'s slug from the top (`a`, `a/b`, `a/b/page`), each
    /// folder once for the whole site.
    fn walk(&mut self, rb: &'a Runbook, told: &mut Told, diags: &mut Diagnostics) {
        let slug = rb.slug.as_str();
        let mut parent: Option<usize> = None;
        let mut start = 0;
        while start <= slug.len() && !slug.is_empty() {
            let end = slug[start..].find('/').map_or(slug.len(), |i| start + i);
            let address = &slug[..end];
            match self.addresses.get(address) {
                Some(None) => return,
                Some(&Some(k)) => parent = Some(k),
                None => {
                    let segment = &slug[start..end];
                    let mut sk = String::with_capacity(segment.len());
                    push_skeleton(&mut sk, segment);
                    let k = self.check(address, segment, (parent, sk), rb, told, diags);
                    self.addresses.insert(address, k);
                    match k {
                        None => return,
                        Some(_) => parent = k,
                    }
                }
            }
            start = end + 1;
        }
    }

    /// Checks `address` (ending in `segment`, of skeleton `sk`: its folder's class and
    /// its segment's skeleton) met through `rb`: its class, or `None` when it was warned
    /// of.
    fn check(
        &mut self,
        address: &'a str,
        segment: &str,
        sk: (Option<usize>, String),
        rb: &'a Runbook,
        told: &mut Told,
        diags: &mut Diagnostics,
    ) -> Option<usize> {
        if let Some(&class) = self.classes.get(&sk) {
            let (theirs, their_rb) = self.first[class];
            let differ = lower(theirs) != lower(address);
            if differ && !(theirs.is_ascii() && address.is_ascii()) {
                told.warn(diags, || {
                    let note = first_lookalike(address, theirs).map_or(String::new(), |(c, was)| {
                        match was {
                            Some(was) if !was.is_whitespace() => {
                                format!(", with {} where that one has `{was}`", described(c))
                            }
                            _ => format!(", with {}", described(c)),
                        }
                    });
                    (
                        location(rb, address),
                        format!(
                            "{} reads like {} ({}){note}: a link to either, in a chat message, an alert, a breadcrumb or a listing, looks like a link to the other",
                            what(rb, address),
                            shown(theirs),
                            location(their_rb, theirs).file,
                        ),
                    )
                });
                return None;
            }
            return Some(class);
        }
        if let Some((word, letter)) = mixed_word(segment) {
            told.warn(diags, || {
                (
                    location(rb, address),
                    format!(
                        "{}: its word `{word}` mixes Latin letters with {}, which looks like a Latin letter, so the address reads as one it is not",
                        what(rb, address),
                        described(letter),
                    ),
                )
            });
            return None;
        }
        self.first.push((address, rb));
        self.classes.insert(sk, self.first.len() - 1);
        Some(self.first.len() - 1)
    }
}

/// Appends the lower-case confusable skeleton of `segment` to `out`: an ASCII character's
/// from the table made once (the crate's tables cost 22,000 instructions a title).
fn push_skeleton(out: &mut String, segment: &str) {
    let table = ascii_skeletons();
    if segment.is_ascii() {
        let mapped: Option<Vec<&str>> = segment
            .bytes()
            .map(|b| table[usize::from(b.to_ascii_lowercase())].as_deref())
            .collect();
        if let Some(parts) = mapped {
            out.extend(parts);
            return;
        }
    }
    out.extend(skeleton(&segment.to_lowercase()));
}

/// `address` in lower case, to leave to `lookalike_pages` two addresses that differ only
/// in letter case (an error there).
fn lower(address: &str) -> String {
    address.to_lowercase()
}

/// How a message names `address` met through `rb`: the page, or the folder.
fn what(rb: &Runbook, address: &str) -> String {
    if address == rb.slug {
        format!("the page's address {}", shown(address))
    } else {
        format!("the folder's address {}", shown(address))
    }
}

/// An address as a reader sees it in a link.
fn shown(address: &str) -> String {
    format!("/runbooks/{}/", address.escape_debug())
}

/// Where `address`, met through `rb`, is written: `rb`'s file for its page, else the
/// folder under the runbooks' folder.
fn location(rb: &Runbook, address: &str) -> Location {
    let display = rb.source.display.as_str();
    if address == rb.slug {
        return Location::file(display);
    }
    match display.strip_suffix(rb.rel_path.as_str()) {
        Some(base) if rb.rel_path.starts_with(address) => {
            Location::file(format!("{base}{address}"))
        }
        _ => Location::file(display),
    }
}

/// The warnings told so far, and those past [`MAX_WARNINGS`]: how many, and where the
/// first is.
#[derive(Default)]
struct Told {
    shown: usize,
    more: usize,
    first: Option<Location>,
}

impl Told {
    fn warn(&mut self, diags: &mut Diagnostics, warning: impl FnOnce() -> (Location, String)) {
        let (at, message) = warning();
        if self.shown < MAX_WARNINGS {
            self.shown += 1;
            diags.warning(
                at,
                message,
                "rename the file or folder so that its address tells it apart, written in one script (retype the name: lookalike letters are often pasted in)",
            );
        } else {
            self.more += 1;
            self.first.get_or_insert(at);
        }
    }

    fn finish(self, diags: &mut Diagnostics) {
        if let Some(at) = self.first {
            diags.warning(
                at,
                format!(
                    "{} more runbook addresses read like another's or mix Latin letters with lookalikes (the first {MAX_WARNINGS} are reported, this is the next)",
                    self.more
                ),
                "rename the files or folders reported, then run again to see the rest",
            );
        }
    }
}
