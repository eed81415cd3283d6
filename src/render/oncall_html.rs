//! The default theme's on-call page, written without Tera, as [`super::pages_html`] writes
//! pipeline and engineer pages. Tera needs the page's context as JSON first: at 100,000
//! runbooks (4,000 pipelines, 80,000 backup duties) that was about 450 MB, the largest
//! single item of a build's memory, for one page. A theme that overrides `oncall.html`,
//! `base.html` or `macros.html` gets Tera as before. The tests render the page both ways
//! and compare them: a change to those templates must be made here too.

use super::default_theme::TEMPLATES;
use super::oncall::{OnCallCtx, ShiftView};
use super::pages_html::{a, backup_dates, shift_rows, some};
use super::shell_html::{esc, layout};

/// The default `oncall.html`.
const ONCALL: &str = include_str!("../../themes/default/templates/oncall.html");

/// Whether the theme renders the on-call page with the default `oncall.html`, `base.html`
/// and `macros.html` (the last of a name in `templates` is the one used).
pub(super) fn is_default(templates: &[(String, String)]) -> bool {
    ["oncall.html", "base.html", "macros.html"]
        .into_iter()
        .all(|name| {
            let ours = match name {
                "oncall.html" => Some(ONCALL),
                _ => TEMPLATES.iter().find(|(n, _)| *n == name).map(|(_, t)| *t),
            };
            templates
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .is_some_and(|(_, t)| Some(t.as_str()) == ours)
        })
}

/// The page `oncall.html` renders from `ctx`, given the output of the theme's `on_call`
/// macro for `ctx.current` and `ctx.next` (the renderer's snippet).
pub(super) fn page(ctx: &OnCallCtx, on_call: &str) -> String {
    let duties: usize = ctx.backup_dates.iter().map(|d| d.pairs.len()).sum();
    let size = 32 * 1024 + ctx.common.inline_css.len() + 512 * (ctx.coming.len() + duties);
    layout(&ctx.common, None, false, size, |out| {
        out.push_str("\n<h1>On-call schedule</h1>\n");
        if ctx.has_rotation {
            rotation(out, ctx, on_call);
        } else {
            out.push_str("\n<p>This site publishes no on-call rotation.</p>\n");
        }
        out.push('\n');
    })
}

/// `{% if has_rotation %}`'s part of the page.
fn rotation(out: &mut String, ctx: &OnCallCtx, on_call: &str) {
    out.push_str("\n<p>");
    esc(out, ctx.handoff.as_deref().unwrap_or(""));
    out.push_str(".</p>\n<p class=\"tz-switch\">Times on this page are in <strong id=\"tz-name\">");
    esc(out, &ctx.timezone);
    out.push_str("</strong>, <span id=\"tz-whose\">the team's time zone</span>. <button type=\"button\" id=\"tz-toggle\" hidden>Show my time zone</button></p>\n<section class=\"card\" aria-labelledby=\"now-h\" data-zone=\"");
    esc(out, &ctx.timezone);
    out.push_str("\" data-team-zone=\"");
    esc(out, &ctx.timezone);
    out.push_str("\">\n  <h2 id=\"now-h\">Now</h2>\n  ");
    out.push_str(on_call);
    out.push_str("\n</section>\n<h2 id=\"subscribe\">Subscribe</h2>\n<p>Calendar apps refresh these feeds every few hours; a swap updates the existing event. To subscribe in any other app, copy a feed's link.</p>\n<div class=\"table-wrap\"><table class=\"feeds\">\n<thead><tr><th scope=\"col\">Calendar (feed URL)</th><th scope=\"col\">Apple, Outlook</th><th scope=\"col\">Google</th></tr></thead>\n<tbody>\n");
    for f in &ctx.feeds {
        out.push_str("\n<tr><td>");
        a(out, &f.url, &f.name);
        out.push_str("</td><td>");
        a(out, &f.webcal, "Subscribe");
        out.push_str("</td><td>");
        a(out, &f.google, "Add by URL");
        out.push_str("</td></tr>\n");
    }
    out.push_str("\n</tbody>\n</table></div>\n<h2 id=\"calendar\">Calendar</h2>\n<ul class=\"legend\" aria-label=\"Colours\">\n");
    for (e, colour) in &ctx.legend {
        out.push_str("<li><span class=\"who c");
        out.push_str(&colour.to_string());
        out.push_str("\">");
        esc(out, &e.name);
        out.push_str(" (");
        esc(out, &e.id);
        out.push_str(")</span></li>");
    }
    out.push_str("\n<li><span class=\"mark\">★</span> holiday</li><li><span class=\"mark\">⇄</span> swapped</li><li><span class=\"mark\">◆</span> override</li>\n</ul>\n<ol class=\"oncall-cal\" aria-label=\"Shifts, one a row\">\n<li class=\"cal-head\" aria-hidden=\"true\"><span>From</span><span>On call</span><span>Secondary</span><span>Notes</span></li>\n\n");
    let current = ctx.current.as_slice();
    for s in ctx.past.iter().chain(current).chain(&ctx.coming) {
        week(out, s);
    }
    out.push_str("\n</ol>\n<details class=\"shift-table\">\n<summary>Shifts as a table</summary>\n<div class=\"table-wrap\"><table class=\"shifts stack\">\n<thead><tr><th scope=\"col\">On call</th><th scope=\"col\">Secondary</th><th scope=\"col\">From</th><th scope=\"col\">To</th><th scope=\"col\">Holidays</th><th scope=\"col\">Swaps and overrides</th></tr></thead>\n<tbody>\n");
    shift_rows(out, &ctx.past, true);
    out.push('\n');
    if !current.is_empty() {
        shift_rows(out, current, true);
    }
    out.push('\n');
    shift_rows(out, &ctx.coming, true);
    out.push_str("\n</tbody>\n</table></div>\n</details>\n");
    if !ctx.holiday_counts.is_empty() {
        // The build's date, not "next": a page read months later says which 12 months.
        let day = ctx.common.built.split(' ').next().unwrap_or_default();
        out.push_str("\n<h2 id=\"holiday-duty\">Holiday shifts in the 12 months from ");
        esc(out, day);
        out.push_str("</h2>\n<p>A holiday belongs to the shift on call at noon that day. Holiday shifts go by turns that move one engineer along the rotation each year, so nobody keeps the same holiday; in a single year the counts can differ.</p>\n<div class=\"table-wrap\"><table class=\"stack\">\n<thead><tr><th scope=\"col\">Engineer</th><th scope=\"col\">Holiday shifts</th><th scope=\"col\">Holidays</th></tr></thead>\n<tbody>\n");
        for c in &ctx.holiday_counts {
            out.push_str("<tr><td data-label=\"Engineer\">");
            a(out, &c.engineer.url, &c.engineer.name);
            out.push_str("</td><td data-label=\"Holiday shifts\">");
            out.push_str(&c.count.to_string());
            out.push_str("</td><td data-label=\"Holidays\">");
            for (i, h) in c.holidays.iter().enumerate() {
                esc(out, h);
                if i + 1 < c.holidays.len() {
                    out.push_str("; ");
                }
            }
            out.push_str("</td></tr>\n");
        }
        out.push_str("\n</tbody>\n</table></div>\n");
    }
    out.push('\n');
    if !ctx.holidays.is_empty() {
        out.push_str("\n<h2 id=\"holidays\">Holidays</h2>\n<div class=\"table-wrap\"><table class=\"stack\">\n<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Holiday</th><th scope=\"col\">On call</th><th scope=\"col\">Why</th></tr></thead>\n<tbody>\n");
        for h in &ctx.holidays {
            out.push_str("<tr><td data-label=\"Date\">");
            esc(out, &h.date);
            out.push_str("</td><td data-label=\"Holiday\">");
            esc(out, &h.name);
            out.push_str("</td><td data-label=\"On call\">");
            match &h.on_call {
                Some(e) => a(out, &e.url, &e.name),
                None => out.push('–'),
            }
            out.push_str("</td><td data-label=\"Why\">");
            if let Some(note) = some(&h.note) {
                esc(out, note);
            }
            out.push_str("</td></tr>");
        }
        out.push_str("\n</tbody>\n</table></div>\n");
    }
    out.push('\n');
    if !ctx.backup_dates.is_empty() {
        out.push_str("\n<h2 id=\"backups\">Backups</h2>\n<p>On each holiday, and while a primary owner is away, each pipeline has a backup who is present: its secondary owner, else its other owner, else the secondary on call.</p>\n");
        backup_dates(out, &ctx.backup_dates, &ctx.backup_dates_more);
        out.push('\n');
    }
    out.push('\n');
}

/// One row of the calendar: `oncall.html`'s `{% for s in all %}` body.
fn week(out: &mut String, s: &ShiftView) {
    out.push_str("<li class=\"week");
    if s.current {
        out.push_str(" current");
    }
    if s.past {
        out.push_str(" past");
    }
    out.push_str("\">\n<time class=\"when\" datetime=\"");
    esc(out, &s.start_iso);
    out.push_str("\" data-short=\"1\">");
    esc(out, &s.week);
    out.push_str("</time>\n<a class=\"who c");
    out.push_str(&s.colour.to_string());
    out.push_str("\" href=\"");
    person(out, &s.engineer, "");
    out.push('\n');
    match &s.secondary {
        Some(e) => {
            out.push_str("<a class=\"who second c");
            if let Some(c) = s.secondary_colour {
                out.push_str(&c.to_string());
            }
            out.push_str("\" href=\"");
            person(out, e, "Secondary: ");
        }
        None => out.push_str("<span class=\"second\">–</span>"),
    }
    out.push('\n');
    let note = some(&s.note);
    if !s.holidays.is_empty() || note.is_some() || s.current {
        out.push_str("<details class=\"more\"><summary>");
        if s.current {
            out.push_str("<strong class=\"badge\">now</strong> ");
        }
        if !s.holidays.is_empty() {
            out.push_str("<span class=\"mark\" aria-label=\"holiday\">★</span>");
        }
        if s.swapped {
            out.push_str("<span class=\"mark\" aria-label=\"swapped\">⇄</span>");
        }
        if s.is_override {
            out.push_str("<span class=\"mark\" aria-label=\"override\">◆</span>");
        }
        out.push_str("<span class=\"visually-hidden\"> details</span></summary>\n<p>");
        esc(out, &s.engineer.name);
        if s.is_override {
            out.push_str(" (override)");
        }
        out.push_str(", <time datetime=\"");
        esc(out, &s.start_iso);
        out.push_str("\">");
        esc(out, &s.start);
        out.push_str("</time> to <time datetime=\"");
        esc(out, &s.end_iso);
        out.push_str("\">");
        esc(out, &s.end);
        out.push_str("</time>.");
        for h in &s.holidays {
            out.push_str(" Holiday: ");
            esc(out, h);
            out.push('.');
        }
        if let Some(note) = note {
            out.push(' ');
            esc(out, note);
        }
        out.push_str("</p></details>");
    } else {
        out.push_str("<span></span>");
    }
    out.push_str("\n</li>\n");
}

/// A calendar row's engineer link from its `href` value on: `{url}" aria-label="{label}{name}
/// {id}"><span class="full">{name}</span><span class="short" aria-hidden="true">{id}</span></a>`.
fn person(out: &mut String, e: &super::EngineerRef, label: &str) {
    esc(out, &e.url);
    out.push_str("\" aria-label=\"");
    out.push_str(label);
    esc(out, &e.name);
    out.push(' ');
    esc(out, &e.id);
    out.push_str("\"><span class=\"full\">");
    esc(out, &e.name);
    out.push_str("</span><span class=\"short\" aria-hidden=\"true\">");
    esc(out, &e.id);
    out.push_str("</span></a>");
}

#[cfg(test)]
mod tests {
    use super::super::oncall::{
        BackupDate, BackupPair, BackupView, Feed, HolidayCount, HolidayView,
    };
    use super::super::theme::SNIPPET_ON_CALL;
    use super::super::{Common, LinkRef};
    use super::*;

    use super::super::pages_html::tests::{person, NASTY};

    fn shift(i: usize, bits: u32) -> ShiftView {
        ShiftView {
            engineer: person(
                if i.is_multiple_of(2) { "Ann" } else { "Bob" },
                i.is_multiple_of(3),
            ),
            secondary: (bits % 3 != i as u32 % 3).then(|| person("Cy", i == 1)),
            colour: i % 9,
            secondary_colour: Some(i % 4),
            week: format!("{i} Jan <{NASTY}>"),
            swapped: (i + bits as usize) % 2 == 1,
            start: format!("Mon {i} Jan 09:00 <EST>"),
            end: format!("Mon {} Jan 09:00", i + 7),
            start_iso: format!("2027-01-0{i}T09:00:00-05:00"),
            end_iso: "2027-01-08T09:00:00-05:00".into(),
            current: false,
            past: i.is_multiple_of(4),
            holidays: (0..(i + bits as usize) % 3)
                .map(|h| format!("Holiday {h} {NASTY}"))
                .collect(),
            note: match (i + bits as usize) % 3 {
                0 => None,
                1 => Some(String::new()),
                _ => Some(format!("Swapped: {NASTY}")),
            },
            is_override: i % 4 == 3,
        }
    }

    fn common(bits: u32) -> Common<'static> {
        Common {
            page_title: format!("On call {NASTY}"),
            path: "oncall/".into(),
            canonical: format!("https://ex.com/oncall/?{NASTY}"),
            section: "oncall",
            ..super::super::pages_html::tests::common(bits)
        }
    }

    fn date(d: usize) -> BackupDate {
        BackupDate {
            dates: format!("{d} Mar {NASTY}"),
            reason: match d % 3 {
                0 => None,
                1 => Some(String::new()),
                _ => Some(format!("Holiday {NASTY}")),
            },
            pairs: (0..1 + d % 2)
                .map(|i| BackupPair {
                    backup: person("Bob", false),
                    primary: person("Ann", i == 0),
                    pipelines: (0..1 + (d + i) % 3)
                        .map(|j| LinkRef {
                            title: format!("p{j} {NASTY}"),
                            url: format!("/pipelines/p{j}/\"x\""),
                        })
                        .collect(),
                    more: (d + i) % 4 / 3 * 7,
                    reason: (i == 1).then(|| format!("Away {NASTY}")),
                })
                .collect(),
            more: (d % 4 == 1).then(|| format!("And 3 more {NASTY}")),
        }
    }

    fn ctx(bits: u32) -> OnCallCtx<'static> {
        let count = |shift: u32, m: u32| ((bits >> shift) % m) as usize;
        let current = bits.is_multiple_of(2).then(|| ShiftView {
            current: true,
            ..shift(5, bits)
        });
        OnCallCtx {
            common: common(bits.rotate_left(5)),
            has_rotation: !bits.is_multiple_of(11),
            timezone: format!("Europe/Berlin {NASTY}"),
            handoff: (!bits.is_multiple_of(7)).then(|| format!("Shifts: weekly, {NASTY}")),
            next: bits.is_multiple_of(3).then(|| shift(6, bits)),
            current,
            past: (0..count(1, 5)).map(|i| shift(i, bits)).collect(),
            coming: (0..count(3, 6)).map(|i| shift(i + 2, bits)).collect(),
            holidays: (0..count(2, 3))
                .map(|i| HolidayView {
                    date: format!("Fri {i} Dec {NASTY}"),
                    name: format!("Day {NASTY}"),
                    on_call: (i != 1).then(|| person("Ann", false)),
                    note: match (i + bits as usize) % 3 {
                        0 => None,
                        1 => Some(String::new()),
                        _ => Some(format!("Swap {NASTY}")),
                    },
                })
                .collect(),
            holiday_counts: (0..count(4, 3))
                .map(|i| HolidayCount {
                    engineer: person("Bob", i == 0),
                    count: i,
                    holidays: (0..i).map(|h| format!("H{h} {NASTY}")).collect(),
                })
                .collect(),
            legend: (0..count(5, 4))
                .map(|i| (person(&format!("E{i}"), false), i * 3))
                .collect(),
            backups: Vec::<BackupView>::new(),
            backups_left: 0,
            backup_dates: match count(6, 4) {
                0 => Vec::new(),
                1 => vec![date(2)],
                2 => (0..6).map(date).collect(),
                _ => (0..9).map(date).collect(),
            },
            backup_dates_more: match count(8, 3) {
                0 => None,
                1 => Some(String::new()),
                _ => Some(format!("And 9 more dates {NASTY}")),
            },
            feeds: (0..count(7, 3))
                .map(|i| Feed {
                    name: format!("Feed {i} {NASTY}"),
                    url: format!("https://ex.com/oncall/{i}.ics?a&b"),
                    webcal: format!("webcal://ex.com/oncall/{i}.ics?a&b"),
                    google: format!("https://calendar.google.com/r?cid={i}&x=<>"),
                })
                .collect(),
        }
    }

    fn templates() -> Vec<(String, String)> {
        TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .chain([("oncall.html".to_string(), ONCALL.to_string())])
            .collect()
    }

    /// On-call pages through Tera and through [`page`], for each combination of what the
    /// template tests, with text that needs escaping everywhere.
    #[test]
    fn writes_the_oncall_page_as_the_template_does() {
        let templates = templates();
        assert!(is_default(&templates));
        let tera = super::super::compile(&templates).expect("default templates compile");
        for bits in 0u32..(1 << 10) {
            if bits >= 1 << 8 && bits % 17 != 0 {
                continue;
            }
            let ctx = ctx(bits);
            let context = tera::Context::from_serialize(&ctx).unwrap();
            let expected = tera.render("oncall.html", &context).unwrap();
            // The snippet, as the renderer makes it from the same macro.
            let mut c = tera::Context::new();
            c.insert("on_call", &ctx.current);
            c.insert("next", &ctx.next);
            c.insert("base", ctx.common.base);
            let on_call = tera.render(SNIPPET_ON_CALL, &c).unwrap();
            assert_eq!(page(&ctx, &on_call), expected, "switches {bits:#b}");
        }
    }

    #[test]
    fn a_theme_that_overrides_the_page_or_the_layout_gets_tera() {
        let mut templates = templates();
        for name in ["oncall.html", "base.html", "macros.html"] {
            templates.push((name.into(), "x".into()));
            assert!(!is_default(&templates), "{name} overridden");
            templates.pop();
        }
        templates.push(("pipeline.html".into(), "x".into()));
        assert!(
            is_default(&templates),
            "the on-call page does not use pipeline.html"
        );
        templates.retain(|(n, _)| n != "oncall.html");
        assert!(!is_default(&templates), "no oncall.html at all");
    }
}
