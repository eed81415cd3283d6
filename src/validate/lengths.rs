//! Names and ids that other pages repeat: an engineer's name and contact are in the "on
//! call now" box of every page and in every shift of the feeds, a pipeline's name on each
//! of its runbooks, the site's title in every page's header. A 200 kB engineer name made
//! the example site (25 pages) 86 MB; at 10,000 runbooks a megabyte would be gigabytes.
//! Refused here, before anything is rendered. So are a holiday's name (on every backup
//! duty and shift of its day, on the pipeline pages of each owner away), the reason of an
//! override or time off (beside each shift it changes), and a domain's failure modes
//! (on the page of each of its pipelines: 2 MB of them in a domain of 10,000 pipelines
//! would be 20 GB).
//!
//! Each of these names and reasons is one line: the calendar feeds write them into an
//! event's description, whose lines are pipebook's own (`Secondary on call: …`, `Schedule:
//! …`), so a line break in a holiday's name forged a line that readers trust.

use crate::diagnostics::Diagnostics;
use crate::model::{Site, SourceFile};

/// In `model`, so that loading (a calendar's SUMMARY) caps them as validation does.
pub use crate::model::{MAX_NAME, MAX_REASON};

/// The longest id taken, in bytes. An id is in the address of its page and, an
/// engineer's, of their calendar feed (`{base_url}oncall/<id>.ics`), which Google Calendar
/// refuses past 256 characters; it is also repeated wherever its page is linked.
pub const MAX_ID: usize = 64;

/// The most bytes of failure modes one domain lists, all together: a dozen sentences are
/// about a kilobyte.
pub const MAX_FAILURE_MODES: usize = 8 * 1024;

/// The longest description of a runbook or a pipeline, in bytes: a paragraph. A page's
/// description is its summary in its folder's listing, the search's metadata (which every
/// search downloads) and its `<meta>`: 1 MB of it in one runbook made its folder's page
/// 1 MB, and a pull request of a few such files would make it gigabytes.
pub const MAX_DESCRIPTION: usize = 2048;

/// Where `value` breaks its line (before any white space that ends it, which YAML's `>`
/// and `|` leave), if it does: line feeds and returns, and what editors and calendar
/// clients also show as a new line.
fn line_break(value: &str) -> Option<char> {
    value.trim_end().chars().find(|c| {
        matches!(
            c,
            '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
        )
    })
}

/// Reports a line break in the one-line value at `path` (see [`line_break`]).
fn one_line(file: &SourceFile, path: &str, value: &str, diags: &mut Diagnostics) {
    if let Some(c) = line_break(value) {
        diags.error(
            file.locate(path),
            format!(
                "`{path}` breaks its line ({}): it is one line of the pages and calendar feeds that repeat it, where the rest would read as a line of its own",
                c.escape_unicode()
            ),
            "write it on one line",
        );
    }
}

/// Reports letters carrying more combining marks than real writing does in the value at
/// `path` (see `diagnostics::stacked_marks`): every page that repeats it would draw them
/// over its neighbours.
fn stacked(file: &SourceFile, path: &str, value: &str, diags: &mut Diagnostics) {
    let at = || file.locate(path);
    crate::diagnostics::refuse_stacked_marks(value, &format!("`{path}`"), at, diags);
}

/// Whether the value at `path` is written as YAML's null (`~`, `null`, unquoted):
/// serde_yaml reads it into a name as the word itself, so `name: ~` put a `~` on every
/// page that named the engineer.
fn written_null(file: &SourceFile, path: &str) -> bool {
    let Some(span) = file.spans.get(path) else {
        return false;
    };
    let raw = file.text.get(span.clone()).unwrap_or_default();
    let raw = raw.split(" #").next().unwrap_or_default().trim();
    matches!(raw, "~" | "null" | "Null" | "NULL")
}

/// Reports each name, id or contact longer than [`MAX_NAME`], or on more than one line,
/// and each name (`named`) that shows nothing (empty, white space, or only invisible
/// characters such as `\u{200B}`): pages and calendar feeds would show nothing where it
/// stands (`On call: ` in every shift of the feeds).
pub(super) fn check(site: &Site, diags: &mut Diagnostics) {
    let src = &site.sources;
    let mut check = |file: &SourceFile, path: String, value: &str, named: bool| {
        one_line(file, &path, value, diags);
        stacked(file, &path, value, diags);
        if named && written_null(file, &path) {
            diags.error(
                file.locate(&path),
                format!("`{path}` is YAML's null, which pipebook would show as the word `{value}`"),
                "give it a name people know it by (quote it, `\"null\"`, if that is the name)",
            );
        } else if named && !crate::diagnostics::shows_something(value) {
            diags.error(
                file.locate(&path),
                format!("`{path}` is empty or shows nothing: pages and calendar feeds would show nothing where it stands"),
                "give it a name people know it by",
            );
        }
        let id = path.ends_with(".id");
        if id && value.len() > MAX_ID {
            diags.error(
                file.locate(&path),
                format!(
                    "`{path}` is {} bytes long: pipebook takes ids of at most {MAX_ID}, as they are in the addresses of pages and calendar feeds (which Google Calendar refuses past 256 characters)",
                    value.len()
                ),
                "use a short id, such as `daily-growth` or `jdoe`; the name can be long",
            );
        } else if value.len() > MAX_NAME {
            diags.error(
                file.locate(&path),
                format!(
                    "`{path}` is {} bytes long: pipebook takes at most {MAX_NAME}, as every page that names it repeats it",
                    value.len()
                ),
                "keep names, ids and contacts short; put longer text in a description",
            );
        }
    };
    check(&src.site, "title".into(), &site.config.title, true);
    for (i, e) in site.team.engineers.iter().enumerate() {
        check(&src.team, format!("engineers[{i}].id"), &e.id, false);
        check(&src.team, format!("engineers[{i}].name"), &e.name, true);
        check(
            &src.team,
            format!("engineers[{i}].github"),
            e.github.as_deref().unwrap_or(""),
            false,
        );
        let c = &e.contact;
        for (field, value) in [
            ("email", &c.email),
            ("slack", &c.slack),
            ("phone", &c.phone),
        ] {
            let path = format!("engineers[{i}].contact.{field}");
            check(&src.team, path, value.as_deref().unwrap_or(""), false);
        }
    }
    for (i, d) in site.pipelines.domains.iter().enumerate() {
        check(&src.pipelines, format!("domains[{i}].id"), &d.id, false);
        check(&src.pipelines, format!("domains[{i}].name"), &d.name, true);
    }
    for (i, p) in site.pipelines.pipelines.iter().enumerate() {
        check(&src.pipelines, format!("pipelines[{i}].id"), &p.id, false);
        check(
            &src.pipelines,
            format!("pipelines[{i}].name"),
            &p.name,
            true,
        );
    }
    // Holidays from calendars come after those of oncall.yaml, and were checked as read
    // (see `load::calendars`).
    let oc = &site.oncall;
    let written = oc.holidays.len().saturating_sub(oc.imported_holidays);
    for (i, h) in oc.holidays.iter().take(written).enumerate() {
        check(&src.oncall, format!("holidays[{i}].name"), &h.name, true);
    }
    check_texts(site, diags);
}

/// Reasons of overrides and time off, and each domain's failure modes all together.
fn check_texts(site: &Site, diags: &mut Diagnostics) {
    let src = &site.sources;
    let mut reason = |file: &SourceFile, path: String, value: &str| {
        one_line(file, &path, value, diags);
        stacked(file, &path, value, diags);
        if value.len() > MAX_REASON {
            diags.error(
                file.locate(&path),
                format!(
                    "`{path}` is {} bytes long: pipebook takes reasons of at most {MAX_REASON}, as each shift it changes repeats it",
                    value.len()
                ),
                "say why in a line; put the story in the incident or the ticket, and link it",
            );
        }
    };
    for (i, o) in site.oncall.overrides.iter().enumerate() {
        reason(&src.oncall, format!("overrides[{i}].reason"), &o.reason);
    }
    // Time off from calendars comes after that of team.yaml, and was checked as read.
    for (i, e) in site.team.engineers.iter().enumerate() {
        for (j, off) in e.time_off.iter().enumerate() {
            let path = format!("engineers[{i}].time_off[{j}].reason");
            reason(&src.team, path, off.reason.as_deref().unwrap_or(""));
        }
    }
    let mut description = |file: &SourceFile, path: &str, value: &str| {
        stacked(file, path, value, diags);
        if value.len() > MAX_DESCRIPTION {
            diags.error(
                file.locate(path),
                format!(
                    "`{path}` is {} bytes long: pipebook takes descriptions of at most {MAX_DESCRIPTION}, as listings and the search repeat them",
                    value.len()
                ),
                "say what the page is for in a sentence or two; the rest belongs in its text",
            );
        }
    };
    for rb in &site.runbooks {
        description(
            &rb.source,
            "description",
            rb.front.description.as_deref().unwrap_or(""),
        );
    }
    for (i, p) in site.pipelines.pipelines.iter().enumerate() {
        let path = format!("pipelines[{i}].description");
        description(
            &src.pipelines,
            &path,
            p.description.as_deref().unwrap_or(""),
        );
    }
    for (i, d) in site.pipelines.domains.iter().enumerate() {
        for (j, mode) in d.failure_modes.iter().enumerate() {
            let path = format!("domains[{i}].failure_modes[{j}]");
            stacked(&src.pipelines, &path, mode, diags);
        }
        let total: usize = d.failure_modes.iter().map(String::len).sum();
        if total > MAX_FAILURE_MODES {
            diags.error(
                src.pipelines.locate(&format!("domains[{i}].failure_modes")),
                format!(
                    "the failure modes of domain `{}` are {total} bytes long: pipebook takes at most {MAX_FAILURE_MODES} per domain, as the page of each of its pipelines repeats them",
                    d.id
                ),
                "name each failure mode in a sentence; put the details in a runbook, and link it",
            );
        }
    }
}
