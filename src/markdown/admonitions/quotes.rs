//! Admonitions and content tabs in a `>` quote, which MkDocs reads as in the text around
//! it (`> !!! warning` over `>     Body`). A run of lines under one `>` marker is a piece:
//! its markers are taken off, the text inside is rewritten as any other (quotes in it are
//! pieces in turn), and each line's marker is put back before what was written for it.

use std::borrow::Cow;

use super::{has_marker, put, rewrite_in, Shifts};

/// Quotes nested deeper than this are written as they are: each level copies the text
/// of the quote once, so the work grows with the depth (`>>>>…` a million deep).
const MAX_QUOTES: usize = 8;

/// Where the `>` marker of `line` is, when its text from `local` (the line past the
/// columns of the admonitions and list items it is in) opens with one after at most three
/// spaces. A tab before it is left alone: its columns are not worth the reading.
pub(super) fn marker_at(line: &str, local: &str) -> Option<usize> {
    let spaces = local.bytes().take_while(|&b| b == b' ').count();
    let gt = line.len() - local.len() + spaces;
    (spaces <= 3 && local.as_bytes().get(spaces) == Some(&b'>') && !line[..gt].contains('\t'))
        .then_some(gt)
}

/// A quote's lines as the text around it sees them.
pub(super) struct Piece<'h> {
    /// What is written before each line's own text: the callouts' `>` around it.
    pub head: &'h str,
    /// The bytes of each line that `head` replaces.
    pub cut: usize,
    /// Where the `>` marker is on each line (the bytes before it are the same on all).
    pub gt: usize,
    /// The quotes the text around is in.
    pub quotes: usize,
}

impl Piece<'_> {
    /// Writes the run of `lines` (from the first, whose marker is at `gt`) that carry the
    /// same marker after the same bytes: how many lines that is, and whether anything in
    /// them was rewritten. A line of other bytes, a blank one, or a tab after the marker
    /// ends the run (CommonMark reads the rest as the same quote or another: as written).
    pub fn write(
        &self,
        lines: &[(usize, &str)],
        out: &mut String,
        shifts: &mut Shifts,
    ) -> (usize, bool) {
        let lead = &lines[0].1[..self.gt];
        let run = lines
            .iter()
            .take_while(|(_, l)| {
                l.starts_with(lead)
                    && l.as_bytes().get(self.gt) == Some(&b'>')
                    && l.as_bytes().get(self.gt + 1) != Some(&b'\t')
            })
            .count();
        let lines = &lines[..run];
        let mut inner = String::new();
        // Where each line's text ends in `inner`.
        let mut ends = Vec::with_capacity(run);
        for (_, l) in lines {
            let text = &l[self.gt + 1..];
            inner.push_str(text.strip_prefix(' ').unwrap_or(text));
            ends.push(inner.len());
        }
        let (text, inner_shifts) = inside(&inner, self.quotes);
        if matches!(text, Cow::Borrowed(_)) {
            for &(start, line) in lines {
                self.plain(start, line, out, shifts);
            }
            return (run, false);
        }
        let quoted = Quoted {
            lines,
            ends: &ends,
            text: &text,
            shifts: &inner_shifts,
        };
        quoted.write(
            |line| format!("{}{}", self.head, &line[self.cut..self.gt]),
            out,
            shifts,
        );
        (run, true)
    }

    /// Writes `line` (at `start`) as the text around writes a line of its own.
    fn plain(&self, start: usize, line: &str, out: &mut String, shifts: &mut Shifts) {
        if self.head.is_empty() && self.cut == 0 {
            out.push_str(line);
        } else {
            put(
                out,
                shifts,
                start,
                line,
                &format!("{}{}", self.head, &line[self.cut..]),
            );
        }
    }
}

/// `inner`, the text of a quote inside `quotes` others, rewritten (as written past
/// [`MAX_QUOTES`]).
pub(super) fn inside(inner: &str, quotes: usize) -> (Cow<'_, str>, Shifts) {
    if quotes < MAX_QUOTES && has_marker(inner) {
        rewrite_in(inner, quotes + 1)
    } else {
        (Cow::Borrowed(inner), Shifts::default())
    }
}

/// The lines of a quote as written, and its text as rewritten.
pub(super) struct Quoted<'a, 'l> {
    /// The lines as written, with where each starts in the text around.
    pub lines: &'a [(usize, &'l str)],
    /// Where each line's text ends in the quote's text as written.
    pub ends: &'a [usize],
    /// The quote's text as rewritten, and where its text was.
    pub text: &'a str,
    pub shifts: &'a Shifts,
}

impl<'l> Quoted<'_, 'l> {
    /// Writes each line of the text as rewritten after `before` its line as written and a
    /// `>` marker.
    pub fn write(&self, before: impl Fn(&'l str) -> String, out: &mut String, shifts: &mut Shifts) {
        let mut at = 0;
        for piece in self.text.split_inclusive('\n') {
            at += piece.len();
            // The line as written whose end this piece's end is (a tab's title, written
            // as two lines, leads to its own line from both).
            let k = self
                .ends
                .partition_point(|&e| e < self.shifts.original(at))
                .min(self.lines.len() - 1);
            let (start, line) = self.lines[k];
            let mut with = before(line);
            with.push('>');
            if piece != "\n" {
                with.push(' ');
            }
            with.push_str(piece);
            put(out, shifts, start, line, &with);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::rewrite;
    use std::borrow::Cow;

    fn rewritten(md: &str) -> String {
        rewrite(md).0.into_owned()
    }

    #[test]
    fn admonitions_and_tabs_in_quotes_are_read() {
        for (md, want) in [
            (
                "> Before.\n>\n> !!! warning \"Disk\"\n>     Check it.\n>\n> After.\n",
                "> Before.\n>\n> > [!warning] Disk\n> >   Check it.\n>\n> After.\n",
            ),
            (
                "> === \"macOS\"\n>     brew\n",
                "> > **macOS**\n> >\n> >   brew\n",
            ),
            ("> > ??? tip\n> >     x\n", "> > > [!tip] Tip\n> > >   x\n"),
            (
                "- a\n\n  > !!! note\n  >     x\n",
                "- a\n\n  > > [!note] Note\n  > >   x\n",
            ),
            (
                "!!! note\n    > !!! tip\n    >     x\n",
                "> [!note] Note\n>   > > [!tip] Tip\n>   > >   x\n",
            ),
        ] {
            assert_eq!(rewritten(md), want, "{md}");
        }
        for md in [
            "> no marks at all\n",
            "> ```\n> !!! note\n>     x\n> ```\n",
            "```\n> !!! note\n>     x\n```\n",
            "Text\n\n    > !!! note\n    >     x\n",
            "> !!! note\nnot in the quote\n",
        ] {
            assert!(matches!(rewrite(md).0, Cow::Borrowed(_)), "{md}");
        }
    }

    /// Offsets in the rewritten text lead back to the lines as written.
    #[test]
    fn offsets_in_quotes_lead_back_to_the_text_as_written() {
        let md = "# T\n\n> Intro [a](a.md).\n>\n> !!! note \"A title\"\n>     Body [link](x.md).\n>\n>     === \"T\"\n>         More.\n>\n> After.\n\nEnd.\n";
        let (text, shifts) = rewrite(md);
        assert!(matches!(text, Cow::Owned(_)), "{md}");
        for needle in ["[a]", "Body", "[link]", "More.", "After.", "End."] {
            let at = text.find(needle).unwrap();
            let line = |s: &str, at: usize| s[..at].matches('\n').count();
            assert_eq!(
                line(md, shifts.original(at)),
                line(md, md.find(needle).unwrap()),
                "{needle} in {text}"
            );
        }
    }

    /// Quotes a million deep, and many quotes, are read in time linear in the text.
    #[test]
    fn deep_and_many_quotes_stay_linear() {
        let deep = format!(
            "{}!!! note\n{}    x\n",
            ">".repeat(500_000),
            ">".repeat(500_000)
        );
        let many = "> !!! note\n>     x\n\n".repeat(50_000);
        for md in [deep, many] {
            let t = std::time::Instant::now();
            let text = rewritten(&md);
            // Linear: under a second in a debug build; quadratic: minutes.
            assert!(t.elapsed().as_secs_f64() < 10.0, "{:?}", t.elapsed());
            assert!(text.len() <= md.len() * 2 + 4096);
        }
    }
}
