//! What the two floors (`markdown_floor`, `build_floor`) share.

/// The body of a runbook: the text after its front matter, if it has one.
pub fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    match rest.find("\n---\n") {
        Some(end) => &rest[end + 5..],
        None => text,
    }
}
