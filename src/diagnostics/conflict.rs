//! Git's merge conflict markers left in a file: a pull request merged with its conflict
//! unresolved publishes both sides of it (two versions of a step, two owners) as if they
//! were the text. Git writes each marker at a line's start as seven `<`, `|`, `=` or `>`
//! and then a space or the line's end (`git diff --check` looks for the same).

/// What to do about a conflict marker.
pub const CONFLICT_HINT: &str = "resolve the merge conflict: keep the lines that are right, and delete the other side with the `<<<<<<<`, `=======` and `>>>>>>>` lines";

/// The message for a conflict marker `marker`.
pub fn conflict_message(marker: &str) -> String {
    format!("a merge conflict marker `{marker}`: both sides of an unresolved conflict would be published as the text")
}

/// The marker that `line` (from a line's start) begins with, if it begins with one, and
/// where it starts: past characters that show nothing (a byte order mark, `U+200B`),
/// which an editor keeps at the line's start and a reader does not see.
pub fn conflict_marker(line: &str) -> Option<(usize, &'static str)> {
    // Most lines start with an ASCII byte no marker starts with, and no ASCII character
    // is invisible: those are answered without decoding a character.
    if line
        .as_bytes()
        .first()
        .is_some_and(|b| b.is_ascii() && !matches!(b, b'<' | b'|' | b'=' | b'>'))
    {
        return None;
    }
    let skip = line.len() - line.trim_start_matches(super::is_invisible).len();
    let rest = &line[skip..];
    let b = rest.as_bytes();
    let marker = match b.first()? {
        b'<' => "<<<<<<<",
        b'|' => "|||||||",
        b'=' => "=======",
        b'>' => ">>>>>>>",
        _ => return None,
    };
    let ends = matches!(b.get(7), None | Some(b' ' | b'\t' | b'\r' | b'\n'));
    (rest.starts_with(marker) && ends).then_some((skip, marker))
}

/// The byte offset and marker of each line of `text` that begins with a conflict marker,
/// in order. A line starts after `\n`, or after a `\r` alone, which Markdown and YAML
/// end a line at too. Linear.
pub fn conflict_markers(text: &str) -> impl Iterator<Item = (usize, &'static str)> + '_ {
    let b = text.as_bytes();
    let ends = memchr::memchr2_iter(b'\n', b'\r', b)
        .filter(move |&i| b[i] == b'\n' || b.get(i + 1) != Some(&b'\n'));
    std::iter::once(0)
        .chain(ends.map(|i| i + 1))
        .filter_map(|at| {
            let (skip, marker) = conflict_marker(&text[at..])?;
            Some((at + skip, marker))
        })
}

/// The byte offset and marker of the first line of `text` that begins with a conflict
/// marker, if one does. Linear.
pub fn first_conflict_marker(text: &str) -> Option<(usize, &'static str)> {
    conflict_markers(text).next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn git_markers_are_found_at_line_starts_only() {
        let text = "a: 1\n<<<<<<< HEAD\nb: 2\n=======\nb: 3\n>>>>>>> pr-12\n";
        assert_eq!(first_conflict_marker(text), Some((5, "<<<<<<<")));
        for (line, want) in [
            ("<<<<<<<", Some("<<<<<<<")),
            ("||||||| merged common ancestors", Some("|||||||")),
            ("=======\r\n", Some("=======")),
            (">>>>>>> 1a2b3c (take theirs)", Some(">>>>>>>")),
            ("========", None),
            ("<<<<<<<< HEAD", None),
            ("<<<<<< HEAD", None),
            ("=== heading", None),
            (" <<<<<<< HEAD", None),
            ("\t<<<<<<< HEAD", None),
            ("", None),
        ] {
            assert_eq!(conflict_marker(line).map(|m| m.1), want, "{line:?}");
        }
        assert_eq!(first_conflict_marker("a << b\nc >>>>>>>x\n"), None);
    }

    /// What shows nothing before a marker hides it from a check of the line's first
    /// byte, not from a reader: on main `\u{200B}<<<<<<< HEAD` and a byte order mark
    /// before it were passed over. A `\r` alone ends a line too.
    #[test]
    fn markers_after_invisible_characters_and_lone_returns_are_found() {
        for (text, at) in [
            ("\u{FEFF}<<<<<<< HEAD\n", 3),
            ("x\n\u{200B}<<<<<<< HEAD\n", 5),
            ("x\n\u{2060}\u{200D}<<<<<<< HEAD\n", 8),
            ("x\r<<<<<<< HEAD\r", 2),
            ("x\r\n<<<<<<< HEAD\r\n", 3),
        ] {
            assert_eq!(
                first_conflict_marker(text),
                Some((at, "<<<<<<<")),
                "{text:?}"
            );
        }
        assert_eq!(
            conflict_markers("\r\n\r\n=======\r>>>>>>> b").collect::<Vec<_>>(),
            [(4, "======="), (12, ">>>>>>>")]
        );
        assert_eq!(first_conflict_marker("x\u{200B}<<<<<<< HEAD"), None);
    }
}
