//! The default theme's pipeline and engineer pages, written without Tera, as
//! [`super::runbook_html`] writes runbook pages: Tera spent about a million instructions on
//! each (its dotted-name lookups, the context turned into JSON first), a tenth of a build
//! for a twenty-fifth of its pages. A theme that overrides `pipeline.html`,
//! `engineer.html`, `base.html` or `macros.html` gets Tera as before. The tests render
//! pages both ways and compare them: a change to those templates must be made here too.

use serde::Serialize;

use super::oncall::{BackupDate, BackupGroup, BackupView, ShiftView};
use super::shell_html::{esc, layout};
use super::{Common, EngineerRef, LinkRef, PipelineRef};

/// The context of `pipeline.html`.
#[derive(Serialize)]
pub(super) struct PipelineCtx<'a> {
    #[serde(flatten)]
    pub(super) common: Common<'a>,
    pub(super) pipeline: PipelineRef,
    pub(super) failure_modes: Vec<String>,
    pub(super) on_call: Option<ShiftView>,
    pub(super) next: Option<ShiftView>,
    pub(super) other_runbooks: Vec<LinkRef>,
    /// The first `THEME_BACKUPS` coming duties, for themes of their own.
    pub(super) backups: Vec<BackupView>,
    /// How many coming duties `backups` leaves out.
    pub(super) backups_left: usize,
    pub(super) backup_groups: Vec<BackupGroup>,
    /// What the groups past those of `backup_groups` hold, in words.
    pub(super) backups_more: Option<String>,
    /// When the main runbook was last reviewed, and whether it is due again.
    pub(super) runbook_reviewed: Option<String>,
    pub(super) runbook_overdue: bool,
}

/// The context of `engineer.html`.
#[derive(Serialize)]
pub(super) struct EngineerCtx<'a> {
    #[serde(flatten)]
    pub(super) common: Common<'a>,
    pub(super) engineer: EngineerRef,
    pub(super) primary: Vec<PipelineRef>,
    pub(super) secondary: Vec<PipelineRef>,
    pub(super) shifts: Vec<ShiftView>,
    pub(super) on_call_now: bool,
    pub(super) in_rotation: bool,
    pub(super) feed_url: Option<String>,
    pub(super) webcal_url: Option<String>,
    /// The schedule's time zone, which the shift times are in (the page says so).
    pub(super) timezone: String,
    /// The first `THEME_BACKUPS` coming duties, for themes of their own; empty when
    /// written without Tera.
    pub(super) backups: Vec<BackupView>,
    /// How many coming duties `backups` leaves out.
    pub(super) backups_left: usize,
    pub(super) backup_dates: Vec<BackupDate>,
    /// The dates past those of `backup_dates`, in words.
    pub(super) backup_dates_more: Option<String>,
}

/// Tera's truth of an optional string: present and not empty.
pub(super) fn some(s: &Option<String>) -> Option<&str> {
    s.as_deref().filter(|s| !s.is_empty())
}

/// `<a href="{url}">{text}</a>`, both escaped.
pub(super) fn a(out: &mut String, url: &str, text: &str) {
    out.push_str("<a href=\"");
    esc(out, url);
    out.push_str("\">");
    esc(out, text);
    out.push_str("</a>");
}

/// A link whose text (a name from content) is isolated from its neighbours, as
/// `<bdi>` isolates: a right-to-left name took the count after it (`דנה לוי · 11
/// dates` showed as `11 · דנה לוי dates`).
fn a_isolated(out: &mut String, url: &str, text: &str) {
    out.push_str("<a dir=\"auto\" href=\"");
    esc(out, url);
    out.push_str("\">");
    esc(out, text);
    out.push_str("</a>");
}

/// The page `pipeline.html` renders from `ctx`, given the output of the theme's
/// `contact` macro by engineer id and of its `on_call` macro for the current shifts (the
/// renderer's snippets, which are those macros' output).
pub(super) fn pipeline(
    ctx: &PipelineCtx,
    contact: &dyn Fn(&str) -> String,
    on_call: &str,
) -> String {
    let size = 16 * 1024 + ctx.common.inline_css.len();
    layout(&ctx.common, None, false, size, |out| {
        let p = &ctx.pipeline;
        out.push_str("\n<p class=\"kicker\">Pipeline · ");
        esc(out, &p.domain_name);
        out.push_str("</p>\n<h1>");
        esc(out, &p.name);
        out.push_str("</h1>\n");
        if let Some(d) = some(&p.description) {
            out.push_str("<p class=\"lead\">");
            esc(out, d);
            out.push_str("</p>");
        }
        out.push_str("\n<dl class=\"facts\">\n  <dt>Id</dt><dd><code>");
        esc(out, &p.id);
        out.push_str("</code></dd>\n  <dt>Domain</dt><dd>");
        esc(out, &p.domain_name);
        out.push_str("</dd>\n  <dt>Audience</dt><dd>");
        esc(out, &p.audience);
        out.push_str("</dd>\n  <dt>Primary owner</dt><dd>");
        out.push_str(&contact(&p.primary.id));
        out.push_str("</dd>\n  <dt>Secondary owner</dt><dd>");
        out.push_str(&contact(&p.secondary.id));
        out.push_str("</dd>\n  <dt>Runbook</dt><dd>");
        match &p.runbook {
            Some(r) => {
                a(out, &r.url, &r.title);
                if let Some(when) = some(&ctx.runbook_reviewed) {
                    out.push_str(", last reviewed ");
                    esc(out, when);
                }
                if ctx.runbook_overdue {
                    out.push_str(" <strong class=\"badge due\">review due</strong>");
                }
            }
            None => out.push_str("<span class=\"missing\">No runbook yet</span>"),
        }
        out.push_str("</dd>\n  ");
        for r in &ctx.other_runbooks {
            out.push_str("<dt>Also</dt><dd>");
            a(out, &r.url, &r.title);
            out.push_str("</dd>");
        }
        out.push_str("\n</dl>\n");
        out.push_str(on_call);
        out.push_str("\n<h2 id=\"failure-modes\">Known failure modes in ");
        esc(out, &p.domain_name);
        out.push_str("</h2>\n");
        if ctx.failure_modes.is_empty() {
            out.push_str("<p>None recorded for this domain.</p>");
        } else {
            out.push_str("\n<ul>");
            for f in &ctx.failure_modes {
                out.push_str("<li>");
                esc(out, f);
                out.push_str("</li>");
            }
            out.push_str("</ul>\n");
        }
        out.push('\n');
        if !ctx.backup_groups.is_empty() {
            out.push_str("\n<h2 id=\"backups\">Backups</h2>\n<p>On holidays and while the primary owner is away, the secondary owner backs up this pipeline. Dates as of ");
            esc(out, ctx.common.built);
            out.push_str(".</p>\n\n");
            for g in &ctx.backup_groups {
                backup_group(out, g);
            }
            if let Some(more) = &ctx.backups_more {
                out.push_str("<p class=\"backup-rest\">");
                esc(out, more);
                out.push_str("</p>");
            }
            out.push('\n');
        }
        out.push('\n');
    })
}

/// One group of `pipeline.html`'s backups, from its `{% for %}` to the newline after
/// `</section>`.
fn backup_group(out: &mut String, g: &BackupGroup) {
    let n = g.count;
    out.push_str("\n<section class=\"backup-group\" aria-label=\"");
    esc(out, &g.backup.name);
    out.push_str(" backs up ");
    esc(out, &g.primary.name);
    out.push_str("\">\n<h3>");
    a_isolated(out, &g.backup.url, &g.backup.name);
    out.push_str(" <span class=\"rel\">backs up</span> ");
    a_isolated(out, &g.primary.url, &g.primary.name);
    out.push_str(" <span class=\"rel\">· ");
    out.push_str(&n.to_string());
    out.push_str(if n == 1 { " date" } else { " dates" });
    out.push_str("</span></h3>\n<ul class=\"backup-days\">");
    for (i, d) in g.days.iter().enumerate() {
        if g.fold && i == 4 {
            out.push_str("</ul>\n<details class=\"backup-more\"><summary>");
            out.push_str(&(n - 4).to_string());
            out.push_str(" more, to ");
            esc(out, &g.last);
            out.push_str("</summary>\n<ul class=\"backup-days\">");
        }
        out.push_str("<li><span class=\"when\">");
        esc(out, &d.dates);
        out.push_str("</span> <span class=\"why\">");
        esc(out, &d.reason);
        out.push_str("</span></li>");
    }
    out.push_str("</ul>");
    if g.more > 0 {
        out.push_str("\n<p class=\"backup-rest\">And ");
        out.push_str(&g.more.to_string());
        out.push_str(" more, to ");
        esc(out, &g.last);
        out.push_str(": in ");
        a(out, &g.backup.url, &g.backup.name);
        out.push_str("\u{2019}s calendar feed.</p>");
    }
    if g.fold {
        out.push_str("</details>");
    }
    out.push_str("\n</section>\n");
}

/// The page `engineer.html` renders from `ctx`.
pub(super) fn engineer(ctx: &EngineerCtx) -> String {
    let size = 16 * 1024 + ctx.common.inline_css.len();
    layout(&ctx.common, None, false, size, |out| {
        let e = &ctx.engineer;
        // The badge says when it was true; site.js moves it to who is on call now.
        let day = ctx.common.built.split(' ').next().unwrap_or_default();
        out.push_str("\n<p class=\"kicker\">Engineer</p>\n<h1 data-engineer=\"");
        esc(out, &e.id);
        out.push('"');
        if ctx.common.has_oncall {
            out.push_str(" data-oncall-src=\"");
            esc(out, ctx.common.base);
            out.push_str("oncall.json\"");
        }
        out.push('>');
        esc(out, &e.name);
        if ctx.on_call_now {
            out.push_str(" <strong class=\"badge\">on call as of ");
            esc(out, day);
            out.push_str("</strong>");
        }
        out.push_str("</h1>\n<dl class=\"facts\">\n  <dt>Id</dt><dd><code>");
        esc(out, &e.id);
        out.push_str("</code></dd>\n  ");
        if let Some(email) = some(&e.email) {
            out.push_str("<dt>Email</dt><dd>");
            a(out, e.email_url.as_deref().unwrap_or(""), email);
            out.push_str("</dd>");
        }
        out.push_str("\n  ");
        if let Some(slack) = some(&e.slack) {
            out.push_str("<dt>Slack</dt><dd>");
            esc(out, slack);
            out.push_str("</dd>");
        }
        out.push_str("\n  ");
        if let Some(phone) = some(&e.phone) {
            out.push_str("<dt>Phone</dt><dd>");
            a(out, e.phone_url.as_deref().unwrap_or(""), phone);
            out.push_str("</dd>");
        }
        out.push_str("\n</dl>\n<h2 id=\"primary\">Primary owner of</h2>\n");
        pipeline_table(out, &ctx.primary);
        out.push_str("\n<h2 id=\"secondary\">Secondary owner (backup) of</h2>\n");
        pipeline_table(out, &ctx.secondary);
        out.push_str("\n<h2 id=\"oncall\">Coming on-call shifts</h2>\n");
        if let Some(feed) = some(&ctx.feed_url) {
            out.push_str("\n<p class=\"subscribe\">Subscribe to ");
            esc(out, &e.name);
            out.push_str("'s shifts and backup duties: ");
            a(out, ctx.webcal_url.as_deref().unwrap_or(""), "calendar app");
            out.push_str(" · ");
            a(out, feed, "iCalendar feed");
            out.push_str("</p>\n");
        }
        out.push('\n');
        if !ctx.shifts.is_empty() {
            out.push_str("\n<p class=\"tz-note\">Times are in <strong>");
            esc(out, &ctx.timezone);
            out.push_str("</strong>, the team's time zone.</p>\n<p class=\"as-of\">Listed as of ");
            esc(out, ctx.common.built);
            out.push_str(".</p>");
            out.push_str("\n<div class=\"table-wrap\"><table class=\"stack\">\n<thead><tr><th scope=\"col\">Secondary</th><th scope=\"col\">From</th><th scope=\"col\">To</th><th scope=\"col\">Holidays</th><th scope=\"col\">Notes</th></tr></thead>\n<tbody>");
            shift_rows(out, &ctx.shifts, false);
            out.push_str("</tbody>\n</table></div>\n");
        } else if ctx.in_rotation {
            out.push_str("<p>No shifts in the published schedule.</p>\n");
        } else {
            out.push_str("<p>");
            esc(out, &e.name);
            out.push_str(" is not in the on-call rotation.</p>");
        }
        out.push('\n');
        if !ctx.backup_dates.is_empty() {
            out.push_str(
                "\n<h2 id=\"backups\">Backup duties</h2>\n<p class=\"as-of\">Listed as of ",
            );
            esc(out, ctx.common.built);
            out.push_str(".</p>\n");
            backup_dates(out, &ctx.backup_dates, &ctx.backup_dates_more);
            out.push('\n');
        }
        out.push('\n');
    })
}

/// `engineer.html`'s `{% if list %}{{ m::pipeline_table(pipelines=list) }}{% else %}…`.
pub(super) fn pipeline_table(out: &mut String, pipelines: &[PipelineRef]) {
    if pipelines.is_empty() {
        out.push_str("<p>No pipelines.</p>");
        return;
    }
    out.push_str("\n<div class=\"table-wrap\"><table class=\"stack pipelines\">\n<thead><tr><th scope=\"col\">Pipeline</th><th scope=\"col\">Audience</th><th scope=\"col\">Primary</th><th scope=\"col\">Secondary</th><th scope=\"col\">Runbook</th></tr></thead>\n<tbody>\n");
    for p in pipelines {
        out.push_str("\n<tr>\n  <td data-label=\"Pipeline\">");
        a(out, &p.url, &p.name);
        out.push_str("<br><code class=\"id\">");
        esc(out, &p.id);
        out.push_str("</code></td>\n  <td data-label=\"Audience\">");
        esc(out, &p.audience);
        out.push_str("</td>\n  <td data-label=\"Primary\">");
        a(out, &p.primary.url, &p.primary.name);
        out.push_str("</td>\n  <td data-label=\"Secondary\">");
        a(out, &p.secondary.url, &p.secondary.name);
        out.push_str("</td>\n  <td data-label=\"Runbook\">");
        match &p.runbook {
            Some(r) => a(out, &r.url, &r.title),
            None => out.push_str("<span class=\"missing\">no runbook yet</span>"),
        }
        out.push_str("</td>\n</tr>\n");
    }
    out.push_str("\n</tbody>\n</table></div>\n");
}

/// `macros.html`'s `shift_rows(shifts, show_who)`.
pub(super) fn shift_rows(out: &mut String, shifts: &[ShiftView], show_who: bool) {
    out.push('\n');
    for s in shifts {
        out.push_str("\n<tr");
        if s.current {
            out.push_str(" class=\"current\"");
        }
        out.push_str(">\n  ");
        if show_who {
            out.push_str("<td data-label=\"On call\">");
            a(out, &s.engineer.url, &s.engineer.name);
            if s.current {
                out.push_str(" <strong class=\"badge\">now</strong>");
            }
            out.push_str("</td>");
        }
        out.push_str("\n  <td data-label=\"Secondary\">");
        match &s.secondary {
            Some(e) => a(out, &e.url, &e.name),
            None => out.push('–'),
        }
        out.push_str("</td>\n  <td data-label=\"From\"><time datetime=\"");
        esc(out, &s.start_iso);
        out.push_str("\">");
        esc(out, &s.start);
        out.push_str("</time></td>\n  <td data-label=\"To\"><time datetime=\"");
        esc(out, &s.end_iso);
        out.push_str("\">");
        esc(out, &s.end);
        out.push_str("</time></td>\n  <td data-label=\"Holidays\">");
        for (i, h) in s.holidays.iter().enumerate() {
            esc(out, h);
            if i + 1 < s.holidays.len() {
                out.push_str("; ");
            }
        }
        out.push_str("</td>\n  <td data-label=\"Notes\">");
        if let Some(note) = some(&s.note) {
            esc(out, note);
        }
        out.push_str("</td>\n</tr>\n");
    }
    out.push('\n');
}

/// `macros.html`'s `backup_dates(dates)`.
pub(super) fn backup_dates(out: &mut String, dates: &[BackupDate], more: &Option<String>) {
    let n = dates.len();
    out.push_str("\n<div class=\"backup-dates\">");
    for (i, d) in dates.iter().enumerate() {
        if n > 6 && i == 4 {
            out.push_str("</div>\n<details class=\"backup-more\"><summary>");
            out.push_str(&(n - 4).to_string());
            out.push_str(" more, to ");
            esc(out, dates.last().map_or("", |d| d.dates.as_str()));
            out.push_str("</summary>\n<div class=\"backup-dates\">");
        }
        out.push_str("<section class=\"backup-date\" aria-label=\"Backups on ");
        esc(out, &d.dates);
        out.push_str("\">\n<h3><span class=\"when\">");
        esc(out, &d.dates);
        out.push_str("</span>");
        if let Some(reason) = some(&d.reason) {
            out.push_str(" <span class=\"why\">");
            esc(out, reason);
            out.push_str("</span>");
        }
        out.push_str("</h3>\n<ul>");
        for p in &d.pairs {
            out.push_str("<li><a class=\"backup\" href=\"");
            esc(out, &p.backup.url);
            out.push_str("\">");
            esc(out, &p.backup.name);
            out.push_str("</a> <span class=\"rel\">backs up</span> <a class=\"primary\" href=\"");
            esc(out, &p.primary.url);
            out.push_str("\">");
            esc(out, &p.primary.name);
            out.push_str("</a><span class=\"rel\">:</span> ");
            for (j, l) in p.pipelines.iter().enumerate() {
                out.push_str("<a class=\"pipeline\" href=\"");
                esc(out, &l.url);
                out.push_str("\">");
                esc(out, &l.title);
                out.push_str("</a>");
                if j + 1 < p.pipelines.len() {
                    out.push_str(", ");
                }
            }
            if p.more > 0 {
                out.push_str(" <span class=\"more\">and ");
                out.push_str(&p.more.to_string());
                out.push_str(" more</span>");
            }
            if let Some(reason) = some(&p.reason) {
                out.push_str(" <span class=\"why\">— ");
                esc(out, reason);
                out.push_str("</span>");
            }
            out.push_str("</li>");
        }
        if let Some(more) = some(&d.more) {
            out.push_str("<li class=\"more\">");
            esc(out, more);
            out.push_str("</li>");
        }
        out.push_str("</ul>\n</section>");
    }
    out.push_str("</div>");
    if n > 6 {
        out.push_str("</details>");
    }
    if let Some(more) = some(more) {
        out.push_str("\n<p class=\"backup-more-dates\">");
        esc(out, more);
        out.push_str("</p>");
    }
    out.push('\n');
}

#[cfg(test)]
pub(super) mod tests {
    use super::super::default_theme::TEMPLATES;
    use super::super::oncall::{BackupDay, BackupPair};
    use super::super::theme::{SNIPPET_CONTACT, SNIPPET_ON_CALL};
    use super::*;

    /// Text that must come out escaped; shared with the on-call page's tests.
    pub(in crate::render) const NASTY: &str = "a<b>&\"c\" 'd' / é {{ x }}";

    pub(in crate::render) fn person(name: &str, contact: bool) -> EngineerRef {
        EngineerRef {
            id: name.to_lowercase(),
            name: format!("{name} {NASTY}"),
            url: format!("/engineers/{name}/?a=1&b=2"),
            email: contact.then(|| format!("{name}@ex.com<")),
            email_url: contact.then(|| format!("mailto:{name}@ex.com%3C")),
            slack: contact.then(|| format!("@{name}\"")),
            phone: contact.then(|| "+1 555 <0100>".to_string()),
            phone_url: contact.then(|| "tel:+15550100".to_string()),
        }
    }

    pub(in crate::render) fn link(title: &str) -> LinkRef {
        LinkRef {
            title: format!("{title} {NASTY}"),
            url: format!("/runbooks/{title}/\"x\""),
        }
    }

    pub(in crate::render) fn pipe(id: &str, bits: u32) -> PipelineRef {
        PipelineRef {
            id: format!("{id}<"),
            name: format!("Pipe {NASTY}"),
            url: format!("/pipelines/{id}/"),
            description: match bits % 3 {
                0 => None,
                1 => Some(String::new()),
                _ => Some(format!("Loads {NASTY}")),
            },
            domain: "d".into(),
            domain_name: format!("Domain {NASTY}"),
            audience: format!("Finance & {NASTY}"),
            primary: person("Ann", bits.is_multiple_of(2)),
            secondary: person("Bob", bits % 4 == 1),
            runbook: (!bits.is_multiple_of(5)).then(|| link("main")),
        }
    }

    fn shift(i: usize, bits: u32) -> ShiftView {
        ShiftView {
            engineer: person(
                if i.is_multiple_of(2) { "Ann" } else { "Bob" },
                i.is_multiple_of(3),
            ),
            secondary: (bits % 3 != i as u32 % 3).then(|| person("Cy", false)),
            colour: i % 4,
            secondary_colour: Some(1),
            week: format!("{i} Jan"),
            swapped: i % 2 == 1,
            start: format!("Mon {i} Jan 09:00 <EST>"),
            end: format!("Mon {} Jan 09:00", i + 7),
            start_iso: format!("2027-01-0{i}T09:00:00-05:00"),
            end_iso: "2027-01-08T09:00:00-05:00".into(),
            current: i == 0 && bits.is_multiple_of(2),
            past: false,
            holidays: (0..i % 3).map(|h| format!("Holiday {h} {NASTY}")).collect(),
            note: match i % 3 {
                0 => None,
                1 => Some(String::new()),
                _ => Some(format!("Swapped: {NASTY}")),
            },
            is_override: i % 4 == 3,
        }
    }

    pub(in crate::render) fn common(bits: u32) -> Common<'static> {
        let on = |i: u32| bits & (1 << i) != 0;
        Common {
            site_title: if on(0) { "Ops <&>" } else { "Ops" },
            brand_html: if on(0) { "Ops &lt;&amp;&gt;" } else { "Ops" },
            title_class: if on(9) { "long-word" } else { "" },
            base: if on(1) { "/docs/" } else { "/" },
            page_title: format!("Page {NASTY}"),
            path: "pipelines/p/".into(),
            canonical: format!("https://ex.com/pipelines/p/?{NASTY}"),
            section: if on(2) { "pipelines" } else { "engineers" },
            repository: on(3).then_some("https://git.example/r?a=1&b=2"),
            edit_url: on(4).then(|| format!("https://git.example/edit/{NASTY}")),
            search: on(5),
            preview: on(6),
            noindex: false,
            built: "1 Dec 2026 <b>",
            built_iso: "2026-12-01T00:00:00+00:00",
            has_pipelines: on(7),
            has_team: on(1),
            has_oncall: on(2),
            has_alerts: on(3),
            inline_css: "body{color:red}",
            inline_script: "let a = '<x>';",
            shell: None,
        }
    }

    fn tera() -> tera::Tera {
        let templates: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let compiled = super::super::default_theme::Compiled::new(&templates);
        assert!(compiled.pipeline && compiled.engineer);
        super::super::compile(&templates).expect("default templates compile")
    }

    /// Pipeline pages through Tera and through [`pipeline`], for each combination of what
    /// the template tests, with text that needs escaping everywhere.
    #[test]
    fn writes_pipeline_pages_as_the_template_does() {
        let tera = tera();
        for bits in 0u32..(1 << 10) {
            if bits >= 1 << 7 && bits % 23 != 0 {
                continue;
            }
            // `days` listed of `count` (more are left out past `PIPELINE_DATES`).
            let group = |days: usize, count: usize, who: &str| BackupGroup {
                backup: person(who, false),
                primary: person("Ann", true),
                days: (0..days)
                    .map(|d| BackupDay {
                        dates: format!("{d} Feb – {} Feb", d + 2),
                        reason: format!("Holiday {NASTY}"),
                    })
                    .collect(),
                count,
                last: format!("{count} Feb <i>"),
                more: count - days,
                fold: count > 6 && days > 4,
            };
            let ctx = PipelineCtx {
                common: common(bits.rotate_left(3)),
                pipeline: pipe("p1", bits),
                failure_modes: (0..bits % 3).map(|i| format!("Mode {i} {NASTY}")).collect(),
                on_call: (bits % 2 == 0).then(|| shift(0, bits)),
                next: (bits % 3 == 0).then(|| shift(1, bits)),
                other_runbooks: (0..bits % 3).map(|i| link(&format!("o{i}"))).collect(),
                backups: Vec::new(),
                backups_left: 0,
                backup_groups: match bits % 4 {
                    0 => Vec::new(),
                    1 => vec![group(1, 1, "Bob")],
                    2 => vec![group(6, 6, "Bob"), group(7, 7, "Cy"), group(3, 9, "Di")],
                    _ => vec![group(3, 3, "Cy"), group(12, 12, "Bob"), group(5, 80, "Di")],
                },
                backups_more: (bits % 8 > 4).then(|| format!("And 3 more {NASTY}")),
                runbook_reviewed: match bits % 3 {
                    0 => None,
                    1 => Some(String::new()),
                    _ => Some("2 Jan 2026 <x>".into()),
                },
                runbook_overdue: bits % 7 < 3,
            };
            let context = tera::Context::from_serialize(&ctx).unwrap();
            let expected = tera.render("pipeline.html", &context).unwrap();
            // The snippets, as the renderer makes them from the same macros.
            let contact = |id: &str| {
                let p = &ctx.pipeline;
                let e = if p.primary.id == id {
                    &p.primary
                } else {
                    &p.secondary
                };
                let mut c = tera::Context::new();
                c.insert("e", e);
                tera.render(SNIPPET_CONTACT, &c).unwrap()
            };
            let mut c = tera::Context::new();
            c.insert("on_call", &ctx.on_call);
            c.insert("next", &ctx.next);
            c.insert("base", ctx.common.base);
            let on_call = tera.render(SNIPPET_ON_CALL, &c).unwrap();
            assert_eq!(
                pipeline(&ctx, &contact, &on_call),
                expected,
                "switches {bits:#b}"
            );
        }
    }

    /// Engineer pages both ways, likewise.
    #[test]
    fn writes_engineer_pages_as_the_template_does() {
        let tera = tera();
        for bits in 0u32..(1 << 10) {
            if bits >= 1 << 7 && bits % 23 != 0 {
                continue;
            }
            let date = |d: usize| BackupDate {
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
                            .map(|j| link(&format!("p{j}")))
                            .collect(),
                        more: (d + i) % 4 / 3 * 7,
                        reason: (i == 1).then(|| format!("Away {NASTY}")),
                    })
                    .collect(),
                more: (d % 4 == 1).then(|| format!("And 3 more {NASTY}")),
            };
            let feed = bits % 3 != 0;
            let ctx = EngineerCtx {
                common: common(bits.rotate_left(2)),
                engineer: person("Dee", bits % 2 == 0),
                primary: (0..bits % 3)
                    .map(|i| pipe(&format!("p{i}"), bits + i))
                    .collect(),
                secondary: (0..(bits / 3) % 2).map(|i| pipe("s", bits + i)).collect(),
                shifts: (0..(bits / 2) % 4)
                    .map(|i| shift(i as usize, bits))
                    .collect(),
                on_call_now: bits % 5 == 0,
                in_rotation: bits % 4 < 2,
                feed_url: feed.then(|| format!("https://ex.com/oncall/dee.ics?{NASTY}")),
                webcal_url: feed.then(|| "webcal://ex.com/oncall/dee.ics".to_string()),
                timezone: format!("Europe/Berlin {NASTY}"),
                backups: Vec::new(),
                backups_left: 0,
                backup_dates: match (bits / 4) % 4 {
                    0 => Vec::new(),
                    1 => vec![date(2)],
                    2 => (0..6).map(date).collect(),
                    _ => (0..9).map(date).collect(),
                },
                backup_dates_more: match (bits / 16) % 3 {
                    0 => None,
                    1 => Some(String::new()),
                    _ => Some(format!("And 9 more dates {NASTY}")),
                },
            };
            let context = tera::Context::from_serialize(&ctx).unwrap();
            let expected = tera.render("engineer.html", &context).unwrap();
            assert_eq!(engineer(&ctx), expected, "switches {bits:#b}");
        }
    }

    #[test]
    fn a_theme_that_overrides_a_page_or_the_layout_gets_tera() {
        let mut templates: Vec<(String, String)> = TEMPLATES
            .iter()
            .map(|(n, t)| (n.to_string(), t.to_string()))
            .collect();
        let both = |t: &[(String, String)]| {
            let c = super::super::default_theme::Compiled::new(t);
            (c.pipeline, c.engineer)
        };
        assert_eq!(both(&templates), (true, true));
        templates.push(("pipeline.html".into(), "x".into()));
        assert_eq!(both(&templates), (false, true));
        templates.pop();
        templates.push(("engineer.html".into(), "x".into()));
        assert_eq!(both(&templates), (true, false));
        templates.pop();
        templates.push(("macros.html".into(), "x".into()));
        assert_eq!(both(&templates), (false, false));
        templates.pop();
        templates.push(("children.html".into(), "x".into()));
        assert_eq!(
            both(&templates),
            (true, true),
            "pipeline and engineer pages have no children"
        );
    }
}
