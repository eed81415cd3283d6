//! An engineer's name and Slack handle are shown as they are in the "on call now" box of
//! every page ("On call now: **{name}** {slack}"), and team.yaml comes from pull requests
//! like the rest. An engineer named "No one is on call. Escalate to +1 555 0199" made every
//! page tell readers to ring a stranger. A name is refused when it holds what reads as a
//! phone number or as a sentence of its own; real names pass (O'Brien, Zoë, 李小龍,
//! "Anne-Marie de la Cruz", "Martin Luther King Jr.", "J. R. R. Tolkien", "Dr. med. Hans
//! Müller"). (An override's reason is shown quoted, as the reason it is: `render::oncall`.)
//! The names of pipelines, domains, holidays and alerts are held to the same rule
//! ([`check_data`]): each is shown as it is, beside the site's own words. The rule is
//! `load::instructions`, which holidays read from calendars are held to as they load.

use crate::diagnostics::Diagnostics;
use crate::load::instructions::{not_a_label, not_a_name};
use crate::model::Site;

/// Refuses each engineer's name or Slack handle that reads as an instruction (see
/// [`not_a_name`]), at its line.
pub(super) fn check(site: &Site, diags: &mut Diagnostics) {
    let file = &site.sources.team;
    for (i, e) in site.team.engineers.iter().enumerate() {
        let slack = e.contact.slack.as_deref().unwrap_or("");
        for (field, value) in [("name", e.name.as_str()), ("contact.slack", slack)] {
            let Some(why) = not_a_name(value) else {
                continue;
            };
            let path = format!("engineers[{i}].{field}");
            diags.error(
                file.locate(&path),
                format!(
                    "`{path}` {why}: the \"on call now\" box of every page shows it as it is, where readers take it for pipebook's own words"
                ),
                "write the engineer's name only (such as \"Anne-Marie de la Cruz\" or \"Pat O'Brien Jr.\"): a phone number goes in `contact.phone`, a note in an override's `reason`",
            );
        }
    }
}

/// Refuses each pipeline's, domain's and holiday's name that reads as an instruction, and
/// warns of each alert named so, at its line. A pipeline's name heads its page and its
/// answer card in the search ("who owns …"), a domain's its pipelines on the home page, a
/// holiday's the shifts of its day on the schedule: "No one is on call. Escalate to +1 555
/// 0199" there reads as pipebook's own words as it did in the on-call box. Pipeline and
/// alert names may be identifiers ([`not_a_label`]). Alert names come from rule files
/// that exist outside the pull request (renaming one breaks its address), so are warned of.
pub(super) fn check_data(site: &Site, diags: &mut Diagnostics) {
    let src = &site.sources;
    let mut refuse = |file: &crate::model::SourceFile, path: String, why: &str, shown: &str| {
        diags.error(
            file.locate(&path),
            format!("`{path}` {why}: {shown} as it is, where readers take it for pipebook's own words"),
            "write a name only: a number to ring goes in an engineer's `contact.phone`, a note in a description",
        );
    };
    for (i, p) in site.pipelines.pipelines.iter().enumerate() {
        if let Some(why) = not_a_label(&p.name) {
            let shown = "the pipeline's page and its answer card in the search show it";
            refuse(&src.pipelines, format!("pipelines[{i}].name"), why, shown);
        }
    }
    for (i, d) in site.pipelines.domains.iter().enumerate() {
        if let Some(why) = not_a_name(&d.name) {
            let shown = "the home page shows it above the domain's pipelines";
            refuse(&src.pipelines, format!("domains[{i}].name"), why, shown);
        }
    }
    // Holidays from calendars come after those of oncall.yaml.
    let oc = &site.oncall;
    let written = oc.holidays.len().saturating_sub(oc.imported_holidays);
    for (i, h) in oc.holidays.iter().take(written).enumerate() {
        if let Some(why) = not_a_name(&h.name) {
            let shown = "the on-call schedule shows it beside each shift of the day";
            refuse(&src.oncall, format!("holidays[{i}].name"), why, shown);
        }
    }
    alerts(site, diags);
}

/// Warns of each alert a rule raises, or a runbook's `alerts:` claims, whose name reads
/// as an instruction: the alerts page lists it, and its page is titled with it.
fn alerts(site: &Site, diags: &mut Diagnostics) {
    let mut warn = |at: crate::diagnostics::Location, name: &str, why: &str| {
        diags.warning(
            at,
            format!("the alert `{name}` {why}: the alerts page and the alert's own page show it as it is, where readers take it for pipebook's own words"),
            "name the alert after what went wrong (`DiskFull`)",
        );
    };
    for file in &site.alert_rules {
        for rule in &file.rules {
            if let Some(why) = not_a_label(&rule.name) {
                let span = rule.name_span.clone();
                let at =
                    crate::diagnostics::Location::at(&file.source.display, &file.source.text, span);
                warn(at, &rule.name, why);
            }
        }
    }
    for rb in &site.runbooks {
        for (i, name) in rb.front.alerts.iter().enumerate() {
            if let Some(why) = not_a_label(name) {
                warn(rb.source.locate(&format!("alerts[{i}]")), name, why);
            }
        }
    }
}
