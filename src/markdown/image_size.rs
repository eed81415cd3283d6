//! GitLab's size of a Markdown image, written in braces right after it:
//! `![x](a.png){width=300}`, `{ width=75% height=100px }` (GitLab's merge request 104904,
//! after commonmark-hs's attribute syntax; only `width` and `height`). GitHub shows the
//! braces as text; the site showed them so too, after the image, with no word. Braces
//! holding anything else stay as written.

use std::ops::Range;

use pulldown_cmark::Event;

use super::Page;

/// A length given for a side: pixels or a percentage of the page's width. At most five
/// digits: an image is no wider than that, and the writer prints it as read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Side {
    Pixels(u32),
    Percent(u32),
}

/// The sides given in braces after an image.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(super) struct Given {
    pub width: Option<Side>,
    pub height: Option<Side>,
}

/// The most bytes read inside the braces (`{ width=75% height=100px }` is 25).
const MAX_LEN: usize = 64;

/// The size given at the start of `after` (the text right after an image) and its length
/// in bytes; `None` unless the braces hold `width=` and `height=` alone, each at most once.
pub(super) fn read(after: &str) -> Option<(Given, usize)> {
    let inner = after.strip_prefix('{')?;
    // Looked for within a few bytes, on the line: a page of images each followed by `{`
    // and no `}` would otherwise be read to its end once per image.
    let close = inner
        .bytes()
        .take(MAX_LEN)
        .take_while(|&b| b != b'\n')
        .position(|b| b == b'}')?;
    let mut given = Given::default();
    let mut any = false;
    for word in inner[..close].split([' ', '\t']).filter(|w| !w.is_empty()) {
        let (name, value) = word.split_once('=')?;
        let slot = match name {
            "width" => &mut given.width,
            "height" => &mut given.height,
            _ => return None,
        };
        if slot.is_some() {
            return None;
        }
        *slot = Some(side(value)?);
        any = true;
    }
    any.then_some((given, close + 2))
}

fn side(value: &str) -> Option<Side> {
    let (digits, make): (&str, fn(u32) -> Side) = match value.strip_suffix('%') {
        Some(d) => (d, Side::Percent),
        None => (value.strip_suffix("px").unwrap_or(value), Side::Pixels),
    };
    if digits.is_empty() || digits.len() > 5 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n: u32 = digits.parse().ok()?;
    (n > 0).then(|| make(n))
}

/// The `width` and `height` an image is written with: each side given as given; with its
/// file's size, the other side in proportion to one given in pixels (as for
/// `<img width="300">`), or the file's size when none is given.
pub(super) fn attributes(given: Option<Given>, file: Option<(u32, u32)>) -> [Option<String>; 2] {
    let written = |s: Side| match s {
        Side::Pixels(n) => n.to_string(),
        Side::Percent(n) => format!("{n}%"),
    };
    let scaled = |n: u32, from: u32, to: u32| {
        ((u64::from(n) * u64::from(to) + u64::from(from) / 2) / u64::from(from).max(1)).max(1)
    };
    let given = given.unwrap_or_default();
    match (given.width, given.height, file) {
        (None, None, Some((w, h))) => [Some(w.to_string()), Some(h.to_string())],
        (Some(Side::Pixels(n)), None, Some((w, h))) => {
            [Some(n.to_string()), Some(scaled(n, w, h).to_string())]
        }
        (None, Some(Side::Pixels(n)), Some((w, h))) => {
            [Some(scaled(n, h, w).to_string()), Some(n.to_string())]
        }
        (width, height, _) => [width.map(written), height.map(written)],
    }
}

impl<'e> Page<'e, '_> {
    /// The text right after an image whose size was read from it (see `events::link_start`),
    /// without the braces; `None` when nothing of it is left.
    pub(super) fn past_image_size(
        &mut self,
        event: Event<'e>,
        range: Range<usize>,
    ) -> Option<(Event<'e>, Range<usize>)> {
        let Some((at, len)) = self.image_size_text else {
            return Some((event, range));
        };
        let Event::Text(t) = &event else {
            return Some((event, range));
        };
        if range.start != at {
            return Some((event, range));
        }
        self.image_size_text = None;
        let rest = t.get(len..).unwrap_or("");
        if rest.is_empty() {
            return None;
        }
        Some((
            Event::Text(rest.to_string().into()),
            range.start + len..range.end,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_read_as_gitlab_reads_them() {
        let px = |n| Some(Side::Pixels(n));
        assert_eq!(
            read("{width=300} x"),
            Some((
                Given {
                    width: px(300),
                    height: None
                },
                11
            ))
        );
        assert_eq!(
            read("{ width=75% height=10px }"),
            Some((
                Given {
                    width: Some(Side::Percent(75)),
                    height: px(10)
                },
                25
            ))
        );
        for no in [
            "{}",
            "{ }",
            "{width=}",
            "{width=0}",
            "{width=123456}",
            "{width=1 width=2}",
            "{width=1 onclick=x}",
            "{width=1e3}",
            "{width=-1}",
            "{width=1",
            "{.class}",
            "{#id}",
            " {width=1}",
            "{width=1\n}",
        ] {
            assert_eq!(read(no), None, "{no}");
        }
        let long = format!("{{width=1{}}}", " ".repeat(MAX_LEN));
        assert_eq!(read(&long), None, "past the bytes looked into");
    }

    #[test]
    fn the_other_side_follows_the_file() {
        let px = |n| Some(Side::Pixels(n));
        let given = |width, height| Some(Given { width, height });
        let s = |v: &str| Some(v.to_string());
        assert_eq!(attributes(None, Some((40, 20))), [s("40"), s("20")]);
        assert_eq!(
            attributes(given(px(20), None), Some((40, 20))),
            [s("20"), s("10")]
        );
        assert_eq!(
            attributes(given(None, px(5)), Some((40, 20))),
            [s("10"), s("5")]
        );
        assert_eq!(
            attributes(given(Some(Side::Percent(75)), None), Some((40, 20))),
            [s("75%"), None]
        );
        assert_eq!(attributes(given(px(20), None), None), [s("20"), None]);
        assert_eq!(attributes(None, None), [None, None]);
        assert_eq!(
            attributes(given(px(1), None), Some((99_999, 1))),
            [s("1"), s("1")]
        );
    }
}
