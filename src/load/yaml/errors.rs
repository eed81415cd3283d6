//! `serde_yaml`'s errors as pipebook reports them: at the value they are about, in words
//! a runbook author can act on.

use std::ops::Range;

use crate::diagnostics::{Diagnostics, Location};
use crate::model::SourceFile;

/// Reports each value holding a control character (see `Scan::controls`).
pub(super) fn report_controls(
    file: &SourceFile,
    controls: Vec<(Range<usize>, char)>,
    diags: &mut Diagnostics,
) {
    // One index of the file for all of them: a value per line of a large file may hold
    // one. Made only when there is one: every runbook's front matter comes through here,
    // and the index reads the whole file.
    if controls.is_empty() {
        return;
    }
    let mut lines = crate::diagnostics::LineIndex::new(&file.text);
    for (span, c) in controls {
        let message = if crate::diagnostics::is_bidi_control(c) {
            format!(
                "this value holds the bidirectional control {}, which shows the text after it in another order than it is written",
                c.escape_unicode()
            )
        } else {
            format!(
                "this value holds the control character {}, which pages and calendar feeds cannot carry",
                c.escape_unicode()
            )
        };
        diags.error(
            lines.location(&file.display, &file.text, span),
            message,
            "remove it (only tab and line breaks may appear in text); it is often pasted in by accident",
        );
    }
}

/// Reports `serde_yaml`'s error `err` about the YAML at `offset` of `file`: at the second
/// of a key given twice (`duplicates`, see `Scan::duplicates`), and dates in words.
pub(super) fn report(
    file: &SourceFile,
    offset: usize,
    err: &serde_yaml::Error,
    duplicates: &[(String, Range<usize>)],
    hint: &str,
    diags: &mut Diagnostics,
) {
    let mut location = match err.location() {
        Some(loc) => {
            let (line_offset, _) = crate::diagnostics::line_col(&file.text, offset);
            file.at_line_col(loc.line() + line_offset - 1, loc.column())
        }
        None => Location::file(&file.display),
    };
    let mut message = clean_message(err);
    let mut hint = hint.to_string();
    // Errors of libyaml's reader (a control character, say) come with a byte position
    // instead of a line and column.
    if let Some((before, position)) = message.rsplit_once(" at position ") {
        if let Ok(n) = position.parse::<usize>() {
            let mut start = (offset + n).min(file.text.len());
            while !file.text.is_char_boundary(start) {
                start -= 1;
            }
            let end = file.text[start..]
                .chars()
                .next()
                .map_or(start, |c| start + c.len_utf8());
            location = Location::at(&file.display, &file.text, start..end);
            message = before.to_string();
        }
    }
    // serde reports a key given twice at the start of its mapping: point at the second
    // one instead.
    if let Some(key) = message
        .strip_prefix("duplicate field `")
        .and_then(|rest| rest.split('`').next())
    {
        if let Some((_, span)) = duplicates.iter().find(|(k, _)| k == key) {
            location = Location::at(&file.display, &file.text, span.clone());
            hint = format!("`{key}` is given twice in the same place: keep one");
        }
    }
    if let Some(near) = unknown_field_hint(&message) {
        hint = near;
    } else if message.contains("` without the quotes; ") {
        // `model::de`'s words for a number in quotes: the file's own hint (front matter's
        // "quote values that contain `: `") read as the opposite advice.
        hint = "in YAML a number in quotes is text: remove the quotes".into();
    } else if let Some(what) = syntax_hint(&message, file, &location) {
        hint = format!("{what}; {hint}");
    }
    if let Some(why) = DATE_ERRORS.iter().find(|m| message.ends_with(*m)) {
        let value = location
            .span
            .clone()
            .map(|span| scalar_at(&file.text[span]))
            .unwrap_or_default();
        let key = message[..message.len() - why.len()].trim_end_matches([':', ' ']);
        let key = if key.is_empty() {
            String::new()
        } else {
            format!("{key}: ")
        };
        message = if value.is_empty() {
            format!("{key}not a date ({why})")
        } else {
            format!("{key}`{value}` is not a date ({why})")
        };
        hint =
            "write dates as YYYY-MM-DD, such as `2026-12-24`, on a day that month has".to_string();
    }
    diags.error(location, message, hint);
}

/// "did you mean" for serde's `unknown field `githb`, expected one of `id`, `github`…`.
fn unknown_field_hint(message: &str) -> Option<String> {
    let (_, rest) = message.split_once("unknown field `")?;
    let (field, expected) = rest.split_once('`')?;
    let known = expected.split('`').skip(1).step_by(2);
    let near = crate::diagnostics::did_you_mean(field, known)?;
    Some(format!("did you mean `{near}`?"))
}

/// What to do about the YAML slips people make most, which libyaml names in its terms.
fn syntax_hint(message: &str, file: &SourceFile, at: &Location) -> Option<String> {
    let at_tab = at
        .span
        .as_ref()
        .and_then(|span| file.text.get(span.start..))
        .is_some_and(|rest| rest.trim_start_matches(' ').starts_with('\t'));
    if message.contains("found a tab character")
        || (at_tab && message.starts_with("found character that cannot start any token"))
    {
        return Some("indent with spaces: YAML does not take tabs for indentation".into());
    }
    if message.starts_with("mapping values are not allowed in this context") {
        return Some(
            "a value holding `: ` must be quoted, as in `name: \"Ops: daily\"`; or a key lacks its indentation".into(),
        );
    }
    if message.starts_with("could not find expected ':'") {
        return Some(
            "every key needs `: ` after it, with a space (`name: x`, not `name:x`): look at this line and the one before it".into(),
        );
    }
    None
}

/// serde_yaml appends " at line L column C" to its messages; the location says that already.
fn clean_message(err: &serde_yaml::Error) -> String {
    let msg = err.to_string();
    let msg = match msg.find(" at line ") {
        Some(i) => msg[..i].to_string(),
        None => msg,
    };
    let msg = msg.trim_end_matches(|c: char| c == ',' || c.is_whitespace());
    if msg.is_empty() {
        "invalid YAML".to_string()
    } else {
        msg.to_string()
    }
}

/// What chrono says when a string is not a date (serde passes it on as the message).
const DATE_ERRORS: [&str; 7] = [
    "input is out of range",
    "no possible date and time matching input",
    "input is not enough for unique date and time",
    "input contains invalid characters",
    "premature end of input",
    "trailing input",
    "bad or unsupported format string",
];

/// The plain or quoted scalar at the start of `text` (the rest of a line), for messages.
fn scalar_at(text: &str) -> String {
    let t = text.trim_start();
    let quoted = t
        .strip_prefix('"')
        .and_then(|r| r.split('"').next())
        .or_else(|| t.strip_prefix('\'').and_then(|r| r.split('\'').next()));
    let value = quoted.unwrap_or_else(|| {
        t.split([',', '}', ']', '#'])
            .next()
            .unwrap_or_default()
            .trim_end()
    });
    value.chars().take(40).collect()
}
