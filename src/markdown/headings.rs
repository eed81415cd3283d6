//! Heading ids, step anchors and the page's title heading.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{Event, HeadingLevel};

use super::{Page, TextSection};

/// A heading of a rendered runbook, for the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub text: String,
}

/// A heading while its content is collected.
pub(super) struct OpenHeading<'e> {
    pub(super) level: HeadingLevel,
    pub(super) given_id: Option<String>,
    pub(super) classes: Vec<String>,
    /// Whether it is the page's first block (a leading `# Title` is the page's title).
    pub(super) first: bool,
    pub(super) events: Vec<Event<'e>>,
}

impl Page<'_, '_> {
    /// Every numbered step gets a stable anchor (`steps-3`, `steps-3-2` when nested) and
    /// a link to itself, so a step can be pointed at in a chat.
    pub(super) fn step_start(&mut self) {
        let n = match self.lists.last_mut() {
            Some(Some(n)) => {
                let this = *n;
                *n += 1;
                this
            }
            _ => 0,
        };
        self.step_path.push(n);
        let prefix = self.headings.last().map_or("step", |h| h.id.as_str());
        let numbers: Vec<String> = self.step_path.iter().map(u64::to_string).collect();
        let id = self
            .ids
            .allocate(Some(&format!("{prefix}-{}", numbers.join("-"))), "");
        self.out.push_back(Event::Html(
            format!("<li id=\"{}\">", escape_attr(&id)).into(),
        ));
        self.step_ids.push(id);
    }

    pub(super) fn step_end(&mut self) {
        self.section().space();
        let label = self
            .step_path
            .iter()
            .map(u64::to_string)
            .collect::<Vec<_>>()
            .join(".");
        self.step_path.pop();
        let id = self.step_ids.pop().unwrap_or_default();
        self.out.push_back(Event::Html(
            format!(
                " <a class=\"step-link\" href=\"#{0}\" aria-label=\"Link to step {label}\">#</a></li>\n",
                escape_attr(&id)
            )
            .into(),
        ));
    }

    pub(super) fn heading_end(&mut self) {
        let Some(mut heading) = self.heading.take() else {
            return;
        };
        let text = plain_text(&heading.events);
        if heading.level == HeadingLevel::H1 && heading.first && self.h1.is_none() {
            self.h1 = Some(text);
            return;
        }
        let id = self.ids.allocate(heading.given_id.as_deref(), &text);
        let n = heading.level as u8;
        let class = if heading.classes.is_empty() {
            String::new()
        } else {
            format!(" class=\"{}\"", escape_attr(&heading.classes.join(" ")))
        };
        self.out.push_back(Event::Html(
            format!("<h{n} id=\"{}\"{class}>", escape_attr(&id)).into(),
        ));
        self.out.extend(heading.events.drain(..));
        self.out.push_back(Event::Html(
            format!(
                "<a class=\"anchor\" href=\"#{}\" aria-label=\"Link to this section\">#</a></h{n}>\n",
                escape_attr(&id)
            )
            .into(),
        ));
        self.sections.push(TextSection {
            anchor: Some(id.clone()),
            heading: text.clone(),
            text: String::new(),
        });
        self.headings.push(Heading { level: n, id, text });
    }
}

fn plain_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        match e {
            Event::Text(t) | Event::Code(t) | Event::InlineMath(t) | Event::DisplayMath(t) => {
                s.push_str(t)
            }
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s.trim().to_string()
}

/// Gives each heading a unique id: the one written as `{#id}`, or a GitHub-style slug.
#[derive(Default)]
pub(super) struct IdAllocator {
    pub(super) used: HashSet<String>,
    /// The next number to try for each base given twice, so that a thousand headings of the
    /// same text cost a thousand tries, not half a million.
    next: HashMap<String, usize>,
}

impl IdAllocator {
    pub(super) fn allocate(&mut self, given: Option<&str>, text: &str) -> String {
        let base = match given {
            Some(id) => id.to_string(),
            None => slugify(text),
        };
        let base = if base.is_empty() {
            "section".to_string()
        } else {
            base
        };
        if self.used.insert(base.clone()) {
            return base;
        }
        // Each id `{base}-{n}` is tried by this base alone (the number ends it), and a try
        // that fails moves the counter on for good: linear over the page.
        let n = self.next.entry(base.clone()).or_insert(1);
        loop {
            let id = format!("{base}-{n}");
            *n += 1;
            if self.used.insert(id.clone()) {
                return id;
            }
        }
    }
}

/// The longest id pipebook makes from a heading's text, in bytes (a slug stops at the
/// character that reaches it), and the longest it accepts as `{#id}`.
pub const MAX_ID: usize = 100;

/// GitHub's anchor rule: lowercase, spaces to `-`, punctuation dropped, letters of any
/// script kept, cut at [`MAX_ID`] bytes. Anchors then match the ones readers know from the
/// repository view.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len().min(MAX_ID + 4));
    for c in text.trim().chars() {
        // Each numbered step's id begins with its heading's: a long heading would make
        // every step below it as long.
        if slug.len() >= MAX_ID {
            break;
        }
        if c.is_ascii() {
            match c {
                'A'..='Z' => slug.push(c.to_ascii_lowercase()),
                'a'..='z' | '0'..='9' | '-' | '_' => slug.push(c),
                ' ' => slug.push('-'),
                _ => {}
            }
        } else if c.is_alphanumeric() {
            slug.extend(c.to_lowercase());
        }
    }
    slug
}

fn escape_attr(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::{runbook, targets};
    use super::*;
    use crate::diagnostics::Diagnostics;
    use crate::markdown::render;

    #[test]
    fn headings_get_github_ids_and_explicit_ids_win() {
        let rb = runbook(
            "a/one.md",
            "# Title\n\n## Step 1: Check the *load*\n\n## Step 1: Check the load\n\n## Custom {#my-id}\n",
        );
        let mut d = Diagnostics::new();
        let r = render(&rb, &targets(), &mut d);
        assert_eq!(r.h1.as_deref(), Some("Title"));
        let ids: Vec<_> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["step-1-check-the-load", "step-1-check-the-load-1", "my-id"]
        );
        assert!(r.html.contains("<h2 id=\"my-id\">Custom"), "{}", r.html);
        assert!(
            !r.html.contains("<h1"),
            "the leading H1 is the page title: {}",
            r.html
        );
    }

    #[test]
    fn numbered_steps_get_stable_anchors() {
        let rb = runbook(
            "a/one.md",
            "## Steps\n\n1. First\n2. Second\n   1. Inner\n\n- bullet\n\n## Verify\n\n3. Third from three\n",
        );
        let r = render(&rb, &targets(), &mut Diagnostics::new());
        assert!(r.html.contains(r##"<li id="steps-1">First <a class="step-link" href="#steps-1" aria-label="Link to step 1">#</a></li>"##), "{}", r.html);
        assert!(r.html.contains(r#"<li id="steps-2-1">"#), "{}", r.html);
        assert!(
            r.html.contains(r#"<li id="verify-3">"#),
            "numbering follows the list's start: {}",
            r.html
        );
        assert!(
            r.html.contains("<li>bullet</li>"),
            "bullets get no anchor: {}",
            r.html
        );
    }

    #[test]
    fn slugify_matches_github() {
        assert_eq!(
            slugify("Step 2: Re-run the job (safely)"),
            "step-2-re-run-the-job-safely"
        );
        assert_eq!(slugify("Überprüfung"), "überprüfung");
    }
}
