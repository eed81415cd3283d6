//! A page's texts as the browser reads them: its lead (what the header's list shows under
//! a title) and its fragment (`f/<n>.json`: its text by section, for excerpts and the
//! headings that match).

use super::json::json_string;
use super::Doc;

/// Text kept per page for excerpts.
const FRAGMENT_TEXT_LIMIT: usize = 4000;

/// The most bytes of a page's [`lead`]: two lines of the header's list on a phone.
const LEAD_LIMIT: usize = 100;

/// A page's summary, else the start of its sections' text: whole words up to
/// [`LEAD_LIMIT`] bytes with `…` after when there is more; what the header's list shows
/// under a title. Reads no more of the text than it keeps (but a first word, which it
/// cuts when it is longer).
pub(super) fn lead(doc: &Doc) -> String {
    let texts: Box<dyn Iterator<Item = &str>> = match doc.summary.as_deref() {
        Some(summary) if !summary.trim().is_empty() => Box::new(std::iter::once(summary)),
        _ => Box::new(doc.sections.iter().map(|s| &*s.text)),
    };
    let mut out = String::with_capacity(LEAD_LIMIT + '…'.len_utf8());
    for word in texts.flat_map(whitespace_words) {
        let room = LEAD_LIMIT - out.len().min(LEAD_LIMIT);
        let space = usize::from(!out.is_empty());
        if word.len() + space <= room {
            if space == 1 {
                out.push(' ');
            }
            out.push_str(word);
            continue;
        }
        if out.is_empty() {
            out.push_str(&word[..crate::graphemes::floor(word, LEAD_LIMIT)]);
        }
        out.push('…');
        break;
    }
    out
}

/// The words of `text` between white space, as [`str::split_whitespace`] gives them, an
/// ASCII byte at a time where `split_whitespace` decodes every character: a page's lead
/// took 4,800 instructions for its 80 bytes.
fn whitespace_words(text: &str) -> impl Iterator<Item = &str> {
    // Whether there is white space at `at`, and its length or the character's.
    let space_at = |at: usize| -> (bool, usize) {
        let b = text.as_bytes()[at];
        if b.is_ascii() {
            return (matches!(b, b' ' | b'\t'..=b'\r'), 1);
        }
        text[at..]
            .chars()
            .next()
            .map_or((false, 1), |c| (c.is_whitespace(), c.len_utf8()))
    };
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = loop {
            if at >= text.len() {
                return None;
            }
            let (space, len) = space_at(at);
            if !space {
                break at;
            }
            at += len;
        };
        while at < text.len() {
            let (space, len) = space_at(at);
            if space {
                break;
            }
            at += len;
        }
        Some(&text[start..at])
    })
}

/// Page `doc` as the browser needs it to show a result; `lead` is its [`lead`].
pub(super) fn fragment(doc: &Doc, lead: &str) -> Vec<u8> {
    let mut budget = FRAGMENT_TEXT_LIMIT;
    // `{"u":url,"t":title,"k":kind,("n":names,)"l":lead,"s":[[anchor or null,heading,text(,parents)],...]}`,
    // the names (one a line) and the parents only where there are any, written by
    // hand: most of a fragment is text, and scanning it eight bytes at a time for
    // characters to escape takes a third of the time of serde_json's byte loop.
    let mut out =
        Vec::with_capacity(64 + doc.url.len() + doc.title.len() + FRAGMENT_TEXT_LIMIT.min(4096));
    out.extend_from_slice(b"{\"u\":");
    json_string(&mut out, &doc.url);
    out.extend_from_slice(b",\"t\":");
    json_string(&mut out, &doc.title);
    out.extend_from_slice(b",\"k\":\"");
    out.extend_from_slice(doc.kind.name().as_bytes());
    out.push(b'"');
    if !doc.names.trim().is_empty() {
        out.extend_from_slice(b",\"n\":");
        json_string(&mut out, doc.names.trim());
    }
    out.extend_from_slice(b",\"l\":");
    json_string(&mut out, lead);
    out.extend_from_slice(b",\"s\":[");
    for (i, s) in doc.sections.iter().enumerate() {
        // The text as the page shows it: not the intro, which is counted (the pipelines'
        // names, the title again) but would open every excerpt with a run of names.
        let text: &str = &s.text;
        // Never inside a flag or an emoji's sequence (see `graphemes`).
        let end = crate::graphemes::floor(text, budget);
        budget -= end;
        if i > 0 {
            out.push(b',');
        }
        out.push(b'[');
        match &s.anchor {
            Some(anchor) => json_string(&mut out, anchor),
            None => out.extend_from_slice(b"null"),
        }
        out.push(b',');
        json_string(&mut out, &s.heading);
        out.push(b',');
        json_string(&mut out, &text[..end]);
        if !s.parents.is_empty() {
            out.push(b',');
            json_string(&mut out, &s.parents);
        }
        out.push(b']');
    }
    out.extend_from_slice(b"]}");
    out
}

#[cfg(test)]
mod tests {
    use super::super::testing::doc;
    use super::*;

    #[test]
    fn fragments_name_the_headings_a_section_is_under() {
        let mut page = doc(
            "Alpha",
            &[("", "intro"), ("Diagnosis", "a"), ("Other", "b")],
        );
        page.sections[2].parents = "Diagnosis".into();
        let f: serde_json::Value = serde_json::from_slice(&fragment(&page, &lead(&page))).unwrap();
        assert_eq!(f["k"], "runbook");
        assert_eq!(f["l"], "intro a b");
        // The intro (pipelines' names, the title again) is counted, not shown: an excerpt
        // starts with the page's own text.
        page.intro = "Loader orders-etl Alpha ".into();
        let f: serde_json::Value = serde_json::from_slice(&fragment(&page, &lead(&page))).unwrap();
        assert_eq!(f["s"][0], serde_json::json!([null, "", "intro"]));
        assert_eq!(
            f["s"][1],
            serde_json::json!(["diagnosis", "Diagnosis", "a"])
        );
        assert_eq!(
            f["s"][2],
            serde_json::json!(["other", "Other", "b", "Diagnosis"])
        );
    }

    proptest::proptest! {
        #[test]
        fn words_are_cut_at_white_space_as_split_whitespace_cuts_them(
            s in "[ \t\n\u{b}\u{c}\r\u{1c}a-zé日\u{85}\u{a0}\u{2003}\u{3000}]{0,40}"
        ) {
            proptest::prop_assert_eq!(
                whitespace_words(&s).collect::<Vec<_>>(),
                s.split_whitespace().collect::<Vec<_>>()
            );
        }
    }

    #[test]
    fn a_lead_is_the_summary_or_whole_words_of_the_text() {
        let mut page = doc(
            "Alpha",
            &[("", "first  section"), ("Steps", "then\tthe steps")],
        );
        // Not the intro (names of pipelines, the title again).
        page.intro = "Loader orders-etl ".into();
        assert_eq!(lead(&page), "first section then the steps");
        // A summary, when there is one, alone.
        page.summary = Some("What to do when the loader stops.".into());
        assert_eq!(lead(&page), "What to do when the loader stops.");
        let long = "word ".repeat(60);
        let page = doc("Alpha", &[("", &long)]);
        let got = lead(&page);
        assert!(
            got.ends_with("word…") && got.len() <= LEAD_LIMIT + '…'.len_utf8(),
            "{got}"
        );
        // One word longer than the limit is cut, on a character boundary.
        let page = doc("Alpha", &[("", &"é".repeat(300))]);
        assert_eq!(lead(&page), format!("{}…", "é".repeat(LEAD_LIMIT / 2)));
        assert_eq!(lead(&doc("Alpha", &[("", " ")])), "");
    }
}
