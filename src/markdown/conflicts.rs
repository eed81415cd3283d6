//! Git's conflict markers in a runbook's text (see `diagnostics::conflict_marker`): an
//! error, as a runbook showing both sides of a conflict gives two versions of its steps.
//! Only where the text has them: code blocks quote them on purpose (a runbook on resolving
//! a failed merge). `<<<<<<<` and `|||||||` are a paragraph's text, `>>>>>>>` opens seven
//! block quotes; `=======` is left alone, as it underlines a heading of seven letters too
//! ("Restart\n======="), and a conflict has the others around it.

use std::ops::Range;

use pulldown_cmark::{Event, Tag};

use crate::diagnostics::conflict_marker;

/// The first conflict marker of a page, found as its events go by.
#[derive(Default)]
pub(super) struct ConflictMarkers {
    /// Where it is in the body, and which it is.
    pub first: Option<(usize, &'static str)>,
}

impl ConflictMarkers {
    /// Looks at one event outside code blocks: a text or a block quote that starts a line
    /// of `body` with a marker.
    pub fn read(&mut self, event: &Event<'_>, range: &Range<usize>, body: &str) {
        if self.first.is_some() {
            return;
        }
        if !matches!(event, Event::Text(_) | Event::Start(Tag::BlockQuote(_))) {
            return;
        }
        let before = body.get(..range.start);
        let at_line_start = before.is_some_and(|b| b.is_empty() || b.ends_with('\n'));
        let marker =
            (body.get(range.start..).and_then(conflict_marker)).filter(|&m| m != "=======");
        if let (true, Some(marker)) = (at_line_start, marker) {
            self.first = Some((range.start, marker));
        }
    }
}
