//! What the resolved schedule tells about the content: shifts and backups nobody can
//! take (errors at the time off that caused them), notes on oncall.yaml, and the
//! back-to-back shifts `-v` lists.

use chrono::Utc;

use crate::diagnostics::Diagnostics;
use crate::model::Site;
use crate::schedule;

/// Reports what `resolved` tells about the content into `diags`; returns the `-v` lines
/// on back-to-back shifts.
pub(super) fn report(
    site: &Site,
    resolved: &schedule::Resolved,
    diags: &mut Diagnostics,
) -> String {
    report_conflicts(site, resolved, diags);
    report_backup_conflicts(site, resolved, diags);
    report_too_many_backups(site, resolved, diags);
    report_schedule_notes(site, resolved, diags);
    back_to_back_report(site, &resolved.schedule)
}

/// Backup duties past [`schedule::MAX_BACKUP_DUTIES`] fail the build, at the holidays.
fn report_too_many_backups(site: &Site, resolved: &schedule::Resolved, diags: &mut Diagnostics) {
    if !resolved.too_many_backups {
        return;
    }
    let src = &site.sources.oncall;
    let location = if site.oncall.holidays.is_empty() {
        site.sources.team.locate("engineers")
    } else {
        src.locate("holidays")
    };
    diags.error(
        location,
        format!(
            "the schedule would hold more than {} backup duties: each of the {} pipelines has one on every holiday and every day its primary owner is away in the published weeks; pipebook holds at most {}",
            schedule::MAX_BACKUP_DUTIES,
            site.pipelines.pipelines.len(),
            schedule::MAX_BACKUP_DUTIES,
        ),
        "publish fewer weeks (`horizon: { past_weeks, future_weeks }` in oncall.yaml), or list fewer holidays and days off",
    );
}

/// "Name (from to to)" for each period of time off a conflict kept (`schedule::AWAY_KEPT`),
/// by its engineer and entry indexes, joined, then how many more of `count` are away.
/// Each conflict named everyone away, each by a scan of the team: 9,990 engineers away
/// all year made 58 errors of 1.8 MB each (108 MB of log) and cost 7 s of CPU.
fn away_list(site: &Site, away: &[(String, usize, usize)], count: usize) -> String {
    let mut names: Vec<String> = away
        .iter()
        .map(|(id, i, j)| {
            let e = &site.team.engineers[*i];
            let off = &e.time_off[*j];
            let name = if e.id == *id { &e.name } else { id };
            format!("{name} ({} to {})", off.from, off.to)
        })
        .collect();
    if count > away.len() {
        names.push(format!("and {} more", count - away.len()));
    }
    names.join(", ")
}

/// Shifts nobody can take fail the build, at the time off of the engineer due that week.
fn report_conflicts(site: &Site, resolved: &schedule::Resolved, diags: &mut Diagnostics) {
    let tz = resolved.schedule.tz;
    let fmt = |t: chrono::DateTime<Utc>| {
        t.with_timezone(&tz)
            .format("%a %-d %b %Y %H:%M %Z")
            .to_string()
    };
    let (told, rest) = resolved
        .conflicts
        .split_at(resolved.conflicts.len().min(schedule::MAX_SHIFT_CONFLICTS));
    for c in told {
        let people = away_list(site, &c.away, c.away_count);
        let location = match c.away.first() {
            Some((_, i, j)) => site
                .sources
                .team
                .locate(&format!("engineers[{i}].time_off[{j}]")),
            None => site.sources.oncall.locate("rotation"),
        };
        diags.error(
            location,
            format!(
                "nobody can be on call from {} to {}: everyone in the rotation is away: {}",
                fmt(c.start),
                fmt(c.end),
                people
            ),
            "shorten one of these time off entries, or add an override in oncall.yaml naming someone outside the rotation",
        );
    }
    if let (Some(first), Some(last)) = (rest.first(), rest.last()) {
        diags.error(
            site.sources.oncall.locate("rotation"),
            format!(
                "and {} more shifts nobody can take, from {} to {}",
                rest.len(),
                fmt(first.start),
                fmt(last.end)
            ),
            "shorten the time off that keeps the rotation away, or add overrides naming someone outside it",
        );
    }
}

/// What the schedule shows about oncall.yaml: overrides lost in a DST gap (errors), a
/// rotation that starts past the horizon and a horizon past the last holiday (warnings).
fn report_schedule_notes(site: &Site, resolved: &schedule::Resolved, diags: &mut Diagnostics) {
    let src = &site.sources.oncall;
    let s = &resolved.schedule;
    for &i in &resolved.vanished_overrides {
        let o = &site.oncall.overrides[i];
        diags.error(
            src.locate(&format!("overrides[{i}].from")),
            format!(
                "override {} to {} covers no time: clocks go forward in {} then, and a skipped time is read as the time after the change (RFC 5545), which is not before the end",
                o.from.format("%Y-%m-%d %H:%M"),
                o.to.format("%Y-%m-%d %H:%M"),
                s.tz.name()
            ),
            "give times that exist on that day, such as the hour after the change",
        );
    }
    let Some(rotation) = &site.oncall.rotation else {
        return;
    };
    let end = s.to.with_timezone(&s.tz).date_naive();
    if s.segments.is_empty() && !rotation.order.is_empty() && rotation.start > end {
        diags.warning(
            src.locate("rotation.start"),
            format!(
                "the rotation starts on {}, after the published schedule ends ({end}): no shift and no calendar feed is published",
                rotation.start
            ),
            format!(
                "start the rotation earlier, or lengthen `horizon.future_weeks`{}",
                crate::validate::clock_hint(s.now.with_timezone(&s.tz).date_naive())
                    .unwrap_or_default()
            ),
        );
    }
    let last = site
        .oncall
        .holidays
        .iter()
        .enumerate()
        .max_by_key(|(_, h)| h.date);
    if let Some((i, h)) = last.filter(|(_, h)| h.date < end) {
        let listed = site.oncall.holidays.len() - site.oncall.imported_holidays;
        let at = if i < listed {
            format!("holidays[{i}].date")
        } else {
            "calendars.holidays".into()
        };
        diags.warning(
            src.locate(&at),
            format!(
                "the schedule reaches {end}, past the last holiday listed ({}): later holidays are neither swapped nor backed up",
                h.date
            ),
            format!("add the holidays up to {end} to `holidays`"),
        );
    }
}

/// Days a pipeline needs a backup and nobody present could be one fail the build, at the
/// holiday or at the primary owner's time off.
fn report_backup_conflicts(site: &Site, resolved: &schedule::Resolved, diags: &mut Diagnostics) {
    let tz = resolved.schedule.tz;
    // A day nobody can be on call at all is reported once, as that.
    let unstaffed = |d: chrono::NaiveDate| {
        resolved.conflicts.iter().any(|c| {
            c.start.with_timezone(&tz).date_naive() <= d
                && d <= c.end.with_timezone(&tz).date_naive()
        })
    };
    for c in resolved
        .backup_conflicts
        .iter()
        .filter(|c| !unstaffed(c.from))
    {
        let people = away_list(site, &c.away, c.away_count);
        let primary = site.pipelines.pipelines.iter().find(|p| p.id == c.pipeline);
        let location = match &c.reason {
            schedule::BackupReason::Holiday(i) => {
                site.sources.oncall.locate(&format!("holidays[{i}]"))
            }
            schedule::BackupReason::PrimaryAway(_) => c
                .away
                .iter()
                .find(|(id, _, _)| primary.is_some_and(|p| &p.primary == id))
                .map_or_else(
                    || site.sources.pipelines.locate("pipelines"),
                    |(_, i, j)| {
                        site.sources
                            .team
                            .locate(&format!("engineers[{i}].time_off[{j}]"))
                    },
                ),
        };
        diags.error(
            location,
            format!(
                "nobody can back up pipeline `{}` {}: both owners and the secondary on call are away; everyone away on the first day: {}",
                c.pipeline,
                if c.from == c.to {
                    format!("on {}", c.from.format("%a %-d %b %Y"))
                } else {
                    format!("from {} to {}", c.from.format("%a %-d %b"), c.to.format("%a %-d %b %Y"))
                },
                people
            ),
            "shorten one of these time off entries, or give the pipeline a secondary owner who is present",
        );
    }
}

/// The back-to-back shifts in the published horizon (one engineer on call two shifts in a
/// row), each with the changes that made it and why it could not be otherwise.
fn back_to_back_report(site: &Site, s: &schedule::Schedule) -> String {
    let pairs = s.back_to_back();
    if s.shifts.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "  schedule: {} back-to-back shift{} in the horizon\n",
        pairs.len(),
        if pairs.len() == 1 { "" } else { "s" }
    );
    // Names looked up, not found by a scan of the team per shift (9,990 engineers and
    // 3,668 pairs: 110 million compares).
    let names: std::collections::HashMap<&str, &str> = (site.team.engineers.iter().rev())
        .map(|e| (e.id.as_str(), e.name.as_str()))
        .collect();
    let name = |id: &str| {
        names
            .get(id)
            .map_or_else(|| id.to_string(), |n| n.to_string())
    };
    for (a, b, why) in pairs {
        let changes: Vec<String> = [a, b]
            .iter()
            .filter_map(|x| x.change.as_ref())
            .map(|c| s.describe(c, &name))
            .collect();
        out.push_str(&format!(
            "    {} on call from {}, two shifts in a row: {} ({})\n",
            name(&a.engineer),
            a.start.with_timezone(&s.tz).format("%a %-d %b %Y"),
            why.text(),
            if changes.is_empty() {
                "no change".to_string()
            } else {
                changes.join("; ")
            }
        ));
    }
    out
}
