//! The forges' inline syntax in running text, shown as GitHub and GitLab show it:
//! `:emoji:` shortcodes (gemoji's names, the `emojis` crate's table) become the emoji, and
//! GitLab's inline diffs, `{+ added +}` and `[- removed -]` (either bracket on either
//! side), become `<ins>` and `<del>`. Code spans and blocks are never read here: a
//! shortcode or a diff in code stays as written. Unknown names stay as written too.
//!
//! Both are read in one pass over a text event (adjacent text events merged first, as
//! pulldown-cmark splits text at brackets), so a page costs time linear in its text.

/// One piece of a text event with the forges' syntax read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    Text(String),
    /// `<ins>` (true) or `</ins>` (false).
    Ins(bool),
    /// `<del>` (true) or `</del>` (false).
    Del(bool),
    /// A web or mail address written in the text, and the link it makes (see
    /// `autolink`).
    Link {
        text: String,
        href: String,
        mail: bool,
    },
}

/// Whether `text` may hold a shortcode or an inline diff (most texts hold neither, and
/// are written as they are).
pub(super) fn worth_reading(text: &str) -> bool {
    memchr::memchr3(b':', b'{', b'[', text.as_bytes()).is_some()
        || memchr::memchr(b'@', text.as_bytes()).is_some()
        || memchr::memmem::find(text.as_bytes(), b"www.").is_some()
}

/// `pieces` (`text` whole when `None`) with the web and mail addresses in their text as links (see
/// `autolink`); `None` when there is still nothing to read.
pub(super) fn linked(text: &str, pieces: Option<Vec<Piece>>) -> Option<Vec<Piece>> {
    let bytes = text.as_bytes();
    if memchr::memmem::find(bytes, b"://").is_none()
        && memchr::memmem::find(bytes, b"www.").is_none()
        && memchr::memchr(b'@', bytes).is_none()
    {
        return pieces;
    }
    let was_read = pieces.is_some();
    let pieces = pieces.unwrap_or_else(|| vec![Piece::Text(text.to_string())]);
    let mut out = Vec::with_capacity(pieces.len());
    let mut changed = was_read;
    for piece in pieces {
        let Piece::Text(t) = piece else {
            out.push(piece);
            continue;
        };
        let mut from = 0;
        for found in super::autolink::find(&t) {
            if found.at.start > from {
                out.push(Piece::Text(t[from..found.at.start].to_string()));
            }
            out.push(Piece::Link {
                text: t[found.at.clone()].to_string(),
                href: found.href,
                mail: found.mail,
            });
            from = found.at.end;
        }
        changed |= from > 0;
        match from {
            0 => out.push(Piece::Text(t)),
            _ if from < t.len() => out.push(Piece::Text(t[from..].to_string())),
            _ => {}
        }
    }
    changed.then_some(out)
}

/// The longest shortcode name looked up (gemoji's longest is 41 bytes).
const MAX_NAME: usize = 64;

/// `text` as pieces; `None` when it holds nothing of the forges' syntax.
pub(super) fn pieces(text: &str) -> Option<Vec<Piece>> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut changed = false;
    let bytes = text.as_bytes();
    // Where the last closing mark of each kind is: an opening mark after it is left as
    // written at once, so that a text of many open marks stays linear. Found when a
    // bracket is first met: most texts have none.
    let mut closes = None;
    // Plain text is copied a run at a time, from `copied` up to the syntax that ends it,
    // and only once something was read: most texts with a `:` hold no shortcode.
    let mut copied = 0;
    let mut i = 0;
    // `i` only ever stops at ASCII bytes, which are whole characters.
    while let Some(n) = memchr::memchr3(b':', b'{', b'[', &bytes[i..]) {
        i += n;
        if bytes[i] == b':' {
            if let Some((emoji, end)) = shortcode(text, i) {
                plain.push_str(&text[copied..i]);
                plain.push_str(emoji);
                changed = true;
                (i, copied) = (end, end);
                continue;
            }
        } else {
            let closes =
                *closes.get_or_insert_with(|| [last_close(bytes, b'+'), last_close(bytes, b'-')]);
            if let Some((inner, end, added)) = inline_diff(text, i, closes) {
                plain.push_str(&text[copied..i]);
                if !plain.is_empty() {
                    out.push(Piece::Text(std::mem::take(&mut plain)));
                }
                let (open, close) = if added {
                    (Piece::Ins(true), Piece::Ins(false))
                } else {
                    (Piece::Del(true), Piece::Del(false))
                };
                out.push(open);
                // Shortcodes inside a diff are read too: `{+ :rocket: +}`.
                match pieces(inner) {
                    Some(inner) => out.extend(inner),
                    None => out.push(Piece::Text(inner.to_string())),
                }
                out.push(close);
                changed = true;
                (i, copied) = (end, end);
                continue;
            }
        }
        i += 1;
    }
    if !changed {
        return None;
    }
    plain.push_str(&text[copied..]);
    if !plain.is_empty() {
        out.push(Piece::Text(plain));
    }
    Some(out)
}

/// `text` with its shortcodes as emoji (no inline diffs: for a heading's text, see
/// `headings`); `None` when it holds none.
pub(super) fn emoji(text: &str) -> Option<String> {
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    while let Some(n) = memchr::memchr(b':', &text.as_bytes()[i..]) {
        i += n;
        match shortcode(text, i) {
            Some((emoji, end)) => {
                out.push_str(&text[copied..i]);
                out.push_str(emoji);
                (i, copied) = (end, end);
            }
            None => i += 1,
        }
    }
    (copied > 0).then(|| out + &text[copied..])
}

/// A title or description written outside the text (the front matter's) as the same
/// words show as the page's `#` heading or text: its shortcodes as emoji (`:rocket:
/// Deploy` is "🚀 Deploy"), so a page reads alike wherever its words are written.
pub fn title_shown(title: &str) -> std::borrow::Cow<'_, str> {
    emoji(title).map_or(std::borrow::Cow::Borrowed(title), std::borrow::Cow::Owned)
}

/// The emoji of a shortcode starting at `text[at]` (a `:`) and the offset after it. As
/// GitLab reads them, a shortcode stands apart from letters, digits and colons on both
/// sides: `12:30:00` and `a:id:b` are no emoji.
fn shortcode(text: &str, at: usize) -> Option<(&'static str, usize)> {
    let stands_apart = |c: Option<char>| c.is_none_or(|c| !(c.is_alphanumeric() || c == ':'));
    if !stands_apart(text[..at].chars().next_back()) {
        return None;
    }
    let rest = &text[at + 1..];
    let len = rest
        .bytes()
        .take(MAX_NAME + 1)
        .position(|b| !(b.is_ascii_alphanumeric() || matches!(b, b'_' | b'+' | b'-')))?;
    if len == 0 || rest.as_bytes()[len] != b':' {
        return None;
    }
    let end = at + 1 + len + 1;
    if !stands_apart(text[end..].chars().next()) {
        return None;
    }
    let emoji = emojis::get_by_shortcode(&rest[..len])?;
    Some((emoji.as_str(), end))
}

/// Where the last `+}` or `+]` (`sign` `+`), or `-}` or `-]`, of `bytes` starts.
fn last_close(bytes: &[u8], sign: u8) -> Option<usize> {
    bytes
        .windows(2)
        .rposition(|w| w[0] == sign && matches!(w[1], b'}' | b']'))
}

/// The text of an inline diff starting at `text[at]` (`{+`, `[+`, `{-` or `[-`), the offset
/// after it and whether it is an addition. It ends at the first closing mark of its kind
/// (`+}` or `+]`; `-}` or `-]`) and holds some text; one left open stays as written.
fn inline_diff(
    text: &str,
    at: usize,
    last_close: [Option<usize>; 2],
) -> Option<(&str, usize, bool)> {
    let sign = *text.as_bytes().get(at + 1)?;
    let last = match sign {
        b'+' => last_close[0],
        b'-' => last_close[1],
        _ => return None,
    };
    // No closing mark after this one: it stays as written (and the search below, which
    // reads up to the closing mark and is then skipped over, is never in vain).
    if last.is_none_or(|l| l < at + 2) {
        return None;
    }
    let rest = &text[at + 2..];
    let mut from = 0;
    while let Some(k) = memchr::memchr(sign, &rest.as_bytes()[from..]) {
        let k = from + k;
        if matches!(rest.as_bytes().get(k + 1), Some(b'}' | b']')) {
            let inner = &rest[..k];
            return (!inner.trim().is_empty()).then_some((inner, at + 2 + k + 2, sign == b'+'));
        }
        from = k + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Piece {
        Piece::Text(s.into())
    }

    /// [`pieces`] as first written, a character at a time: the runs copied whole must
    /// give the same pieces.
    fn char_at_a_time(text: &str) -> Option<Vec<Piece>> {
        let mut out = Vec::new();
        let mut plain = String::new();
        let mut changed = false;
        let bytes = text.as_bytes();
        let closes = [last_close(bytes, b'+'), last_close(bytes, b'-')];
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b':' {
                if let Some((emoji, end)) = shortcode(text, i) {
                    plain.push_str(emoji);
                    (changed, i) = (true, end);
                    continue;
                }
            }
            if matches!(bytes[i], b'{' | b'[') {
                if let Some((inner, end, added)) = inline_diff(text, i, closes) {
                    if !plain.is_empty() {
                        out.push(Piece::Text(std::mem::take(&mut plain)));
                    }
                    out.push(if added {
                        Piece::Ins(true)
                    } else {
                        Piece::Del(true)
                    });
                    out.extend(
                        char_at_a_time(inner).unwrap_or_else(|| vec![Piece::Text(inner.into())]),
                    );
                    out.push(if added {
                        Piece::Ins(false)
                    } else {
                        Piece::Del(false)
                    });
                    (changed, i) = (true, end);
                    continue;
                }
            }
            let len = text[i..].chars().next().map_or(1, char::len_utf8);
            plain.push_str(&text[i..i + len]);
            i += len;
        }
        if !plain.is_empty() {
            out.push(Piece::Text(plain));
        }
        changed.then_some(out)
    }

    proptest::proptest! {
        #[test]
        fn runs_copied_whole_give_the_pieces_of_a_character_at_a_time(
            parts in proptest::collection::vec(
                proptest::sample::select(vec![
                    ":", "{", "[", "}", "]", "+", "-", " ", "a", "é", "🚀", "rocket", ":rocket:",
                    ":+1:", "{+", "+}", "[-", "-]", "12:30", "x:y",
                ]),
                0..24,
            )
        ) {
            let text: String = parts.concat();
            proptest::prop_assert_eq!(pieces(&text), char_at_a_time(&text), "{:?}", text);
        }
    }

    #[test]
    fn shortcodes_become_emoji() {
        assert_eq!(pieces("go :rocket: now"), Some(vec![text("go 🚀 now")]));
        assert_eq!(pieces(":+1: and :warning:"), Some(vec![text("👍 and ⚠️")]));
        assert_eq!(pieces(":no_such_emoji:"), None);
        assert_eq!(pieces("at 12:30:00"), None);
        assert_eq!(pieces("a:id:b"), None);
        assert_eq!(pieces("::"), None);
        assert_eq!(pieces("é:rocket:"), None, "a letter before it");
    }

    #[test]
    fn emoji_alone_leaves_diffs_as_written() {
        assert_eq!(
            emoji(":rocket: {+ a +} :x: 12:30 a:x:").as_deref(),
            Some("🚀 {+ a +} ❌ 12:30 a:x:")
        );
        assert_eq!(emoji("at 12:30:00 :nope:"), None);
    }

    #[test]
    fn inline_diffs_become_ins_and_del() {
        assert_eq!(
            pieces("a {+ new +} b [- old -] c"),
            Some(vec![
                text("a "),
                Piece::Ins(true),
                text(" new "),
                Piece::Ins(false),
                text(" b "),
                Piece::Del(true),
                text(" old "),
                Piece::Del(false),
                text(" c"),
            ])
        );
        assert_eq!(
            pieces("[+x+]{-y-]"),
            Some(vec![
                Piece::Ins(true),
                text("x"),
                Piece::Ins(false),
                Piece::Del(true),
                text("y"),
                Piece::Del(false),
            ])
        );
        assert_eq!(pieces("{+ left open"), None);
        assert_eq!(pieces("{++}"), None, "nothing inside");
        assert_eq!(pieces("${VAR:-x} [-n]"), None);
    }

    #[test]
    fn a_diff_holds_shortcodes() {
        assert_eq!(
            pieces("{+ :rocket: +}"),
            Some(vec![Piece::Ins(true), text(" 🚀 "), Piece::Ins(false)])
        );
    }
}
