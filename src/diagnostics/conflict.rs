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

/// The marker that `line` (from a line's start) begins with, if it begins with one.
pub fn conflict_marker(line: &str) -> Option<&'static str> {
    let b = line.as_bytes();
    let marker = match b.first()? {
        b'<' => "<<<<<<<",
        b'|' => "|||||||",
        b'=' => "=======",
        b'>' => ">>>>>>>",
        _ => return None,
    };
    let ends = matches!(b.get(7), None | Some(b' ' | b'\t' | b'\r' | b'\n'));
    (line.starts_with(marker) && ends).then_some(marker)
}

/// The byte offset and marker of the first line of `text` that begins with a conflict
/// marker, if one does. Linear.
pub fn first_conflict_marker(text: &str) -> Option<(usize, &'static str)> {
    let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(i, _)| i + 1));
    starts
        .filter_map(|at| Some((at, conflict_marker(&text[at..])?)))
        .next()
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
            ("", None),
        ] {
            assert_eq!(conflict_marker(line), want, "{line:?}");
        }
        assert_eq!(first_conflict_marker("a << b\nc >>>>>>>x\n"), None);
    }
}
