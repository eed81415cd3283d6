//! Fenced code in a highlighted language and mermaid diagrams, written once their
//! block has been collected.

use pulldown_cmark::{Event, TagEnd};

use super::{diagram, limits, Page, MAX_NOTES};
use crate::diagnostics::Diagnostics;
use crate::highlight;

impl Page<'_, '_> {
    /// Fenced code in a known language is highlighted (see `highlight`): its text was
    /// collected, and is written as spans between the `<pre><code>` tags that
    /// pulldown-cmark writes. The search index gets the same text as without.
    pub(super) fn code_end(&mut self) {
        if let Some((lang, buf, start)) = self.code.take() {
            // Written straight into the page, between the tags the writer wrote.
            let from = self.html.len();
            let html = &mut self.html;
            html.reserve(buf.len() * 2);
            let plain = if self.highlighted + buf.len() > limits::MAX_HIGHLIGHTED {
                crate::html::escape_into(html, &buf, false);
                Some("the page has more code than pipebook highlights on one page (1 MiB)")
            } else {
                self.highlighted += buf.len();
                highlight::highlight(lang, &buf, html)
            };
            self.writer.wrote(&self.html, from);
            if let Some(why) = plain.filter(|_| highlight::verbose()) {
                self.plain_blocks += 1;
                if self.plain_blocks <= MAX_NOTES {
                    let at = self.location(start);
                    eprintln!("note: {at}: {lang:?} block written without highlighting: {why}");
                }
            }
        }
        self.section().space();
        self.emit(Event::End(TagEnd::CodeBlock));
    }

    /// A mermaid block: a figure the browser draws, or its code with a note past a limit.
    pub(super) fn diagram_end(&mut self, diags: &mut Diagnostics) {
        let Some((source, start)) = self.diagram.take() else {
            return;
        };
        let mut html = String::with_capacity(source.len() + 96);
        match diagram::write(&source, self.diagrams, &mut html) {
            Ok(()) => self.diagrams += 1,
            // Past the page's limit, the first one left out says so for all.
            Err(refusal) if refusal.per_page && self.diagrams > diagram::MAX_PER_PAGE => {}
            Err(refusal) => {
                if refusal.per_page {
                    self.diagrams += 1;
                }
                let at = self.location(start);
                diags.warning(at, refusal.message, refusal.hint);
            }
        }
        self.section().space();
        self.writer.raw(&mut self.html, &html);
    }
}
