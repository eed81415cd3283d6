//! The on-call schedule page, and the views of shifts and backups that other pages show.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;

use super::{Common, EngineerRef, LinkRef, Renderer};
use crate::diagnostics::Diagnostics;
use crate::schedule::wording::{named_on, quoted};
use crate::schedule::{Backup, Segment};
use crate::write::OutputFile;

/// A stretch of on-call time as shown on pages, in the rotation's time zone.
#[derive(Debug, Clone, Serialize)]
pub(super) struct ShiftView {
    pub(super) engineer: EngineerRef,
    /// Second on call, paged when the engineer does not answer.
    pub(super) secondary: Option<EngineerRef>,
    /// The engineers' colours on the /oncall/ calendar (see [`Renderer::colour`]).
    pub(super) colour: usize,
    pub(super) secondary_colour: Option<usize>,
    /// The start's local date, short: `7 Dec 2026`.
    pub(super) week: String,
    /// Whether the shift was swapped or covered rather than taken as planned.
    pub(super) swapped: bool,
    pub(super) start: String,
    pub(super) end: String,
    pub(super) start_iso: String,
    pub(super) end_iso: String,
    pub(super) current: bool,
    pub(super) past: bool,
    /// Holidays of the shift, with their dates.
    pub(super) holidays: Vec<String>,
    /// Why this is not the plain rotation: a swap, a cover or an override.
    pub(super) note: Option<String>,
    pub(super) is_override: bool,
}

/// A backup duty as shown on pages.
#[derive(Debug, Clone, Serialize)]
pub(super) struct BackupView {
    pub(super) dates: String,
    pub(super) pipeline: LinkRef,
    pub(super) backup: EngineerRef,
    pub(super) primary: EngineerRef,
    pub(super) reason: String,
}

/// A pipeline page's backups of one engineer for another: the same two names on every row
/// made the page's list long on a phone, so each pair is named once over its dates.
#[derive(Debug, Serialize)]
pub(super) struct BackupGroup {
    pub(super) backup: EngineerRef,
    pub(super) primary: EngineerRef,
    /// The first of its dates (see [`PIPELINE_DATES`]).
    pub(super) days: Vec<BackupDay>,
    /// How many dates it has in all.
    pub(super) count: usize,
    /// Its last dates, in words.
    pub(super) last: String,
    /// How many of its dates `days` leaves out.
    pub(super) more: usize,
    /// Whether the page folds the dates past the fourth: more than six in all, and more
    /// than four listed.
    pub(super) fold: bool,
}

/// One backup duty of a [`BackupGroup`].
#[derive(Debug, Serialize)]
pub(super) struct BackupDay {
    pub(super) dates: String,
    pub(super) reason: String,
}

/// A pipeline page lists at most this many backup dates, in at most [`LISTED`] groups,
/// and counts the rest, pointing to the backups' calendar feeds, which hold them all: a
/// holiday every day for ten years made each pipeline page 310 kB (3,500 dates).
pub(super) const PIPELINE_DATES: usize = 60;

/// `backups` grouped by backup and primary, the groups in the order of their first duty
/// and each group's duties in the order given; at most [`LISTED`] groups and
/// [`PIPELINE_DATES`] dates in all, and what the groups left out hold, in words.
pub(super) fn backup_groups(backups: &[BackupView]) -> (Vec<BackupGroup>, Option<String>) {
    let mut groups: Vec<BackupGroup> = Vec::new();
    let mut index: HashMap<(&str, &str), usize> = HashMap::new();
    for b in backups {
        let at = *index
            .entry((b.backup.id.as_str(), b.primary.id.as_str()))
            .or_insert_with(|| {
                groups.push(BackupGroup {
                    backup: b.backup.clone(),
                    primary: b.primary.clone(),
                    days: Vec::new(),
                    count: 0,
                    last: String::new(),
                    more: 0,
                    fold: false,
                });
                groups.len() - 1
            });
        let g = &mut groups[at];
        g.count += 1;
        g.last.clone_from(&b.dates);
        g.days.push(BackupDay {
            dates: b.dates.clone(),
            reason: b.reason.clone(),
        });
    }
    let mut budget = PIPELINE_DATES;
    let (mut left, mut left_dates) = (0, 0);
    groups.retain_mut(|g| {
        let kept = g.count.min(budget);
        if kept == 0 {
            left += 1;
            left_dates += g.count;
            return false;
        }
        budget -= kept;
        g.days.truncate(kept);
        g.more = g.count - kept;
        g.fold = g.count > 6 && kept > 4;
        true
    });
    for g in groups.drain(LISTED.min(groups.len())..) {
        left += 1;
        left_dates += g.count;
    }
    let more = (left > 0).then(|| {
        format!("And {left} more engineers back up this pipeline, on {left_dates} dates: each one's calendar feed lists them.")
    });
    (groups, more)
}

/// The backups of one date (or stretch of dates, for an absence): who backs up whom, on
/// which pipelines. /oncall/ listed a row per pipeline per holiday, a wall of table; this
/// answers "who backs up what on Christmas" in a few lines.
#[derive(Debug, Serialize)]
pub(super) struct BackupDate {
    pub(super) dates: String,
    /// The reason every duty of the date shares (a holiday's name), else `None` and each
    /// pair carries its own.
    pub(super) reason: Option<String>,
    /// The first [`LISTED`] pairs of the date.
    pub(super) pairs: Vec<BackupPair>,
    /// What the pairs past the first [`LISTED`] hold, in words.
    pub(super) more: Option<String>,
}

/// A backup and primary on a [`BackupDate`], with the pipelines of the duty.
#[derive(Debug, Serialize)]
pub(super) struct BackupPair {
    pub(super) backup: EngineerRef,
    pub(super) primary: EngineerRef,
    /// The first [`LISTED`] pipelines of the pair.
    pub(super) pipelines: Vec<LinkRef>,
    /// How many more pipelines the pair backs up on the date.
    pub(super) more: usize,
    pub(super) reason: Option<String>,
}

/// A date names at most this many pairs of backup and primary, and a pair this many
/// pipelines; the rest are counted. Hostile but valid on-call data (2,000 pipelines and a
/// holiday every day: 730,000 duties) wrote a link per duty, a /oncall/ page of tens of
/// megabytes; the feeds name as many (`feeds::LISTED`).
const LISTED: usize = 10;

/// A page lists no further dates once this many pipelines are named (a date names at most
/// `LISTED` × `LISTED` more), and counts the rest: with the caps above, the backups take
/// a few hundred kB of a page at most, whatever the data.
const SHOWN: usize = 500;

/// A theme's `backups` (on `/oncall/`, engineer and pipeline pages) holds at most this
/// many coming duties, and `backups_left` counts the rest: the page the theme makes of
/// them stays within what the default theme's `backup_dates` shows (up to 1,000,000
/// duties were each a row of Tera's context, and of the page).
pub(super) const THEME_BACKUPS: usize = SHOWN;

/// Backups grouped by date, and what the dates past [`SHOWN`] hold, in words.
pub(super) type Grouped = (Vec<BackupDate>, Option<String>);

/// One backup duty as [`group_by_date`] takes it: the engineers by id, so that each pair's
/// [`EngineerRef`]s are made once rather than per duty.
pub(super) struct Duty<'k> {
    pub(super) dates: String,
    pub(super) backup: &'k str,
    pub(super) primary: &'k str,
    pub(super) reason: String,
    pub(super) pipeline: LinkRef,
}

/// `backups` grouped by dates, then by backup, primary and reason, each in the order of its
/// first duty: linear in the backups.
#[cfg(test)]
pub(super) fn backup_dates(backups: &[BackupView]) -> Grouped {
    let refs: HashMap<&str, &EngineerRef> = backups
        .iter()
        .flat_map(|b| [&b.backup, &b.primary])
        .map(|e| (e.id.as_str(), e))
        .collect();
    let duties = backups.iter().map(|b| Duty {
        dates: b.dates.clone(),
        backup: &b.backup.id,
        primary: &b.primary.id,
        reason: b.reason.clone(),
        pipeline: b.pipeline.clone(),
    });
    group_by_date(duties, &|id| {
        refs.get(id).map(|e| (*e).clone()).unwrap_or_default()
    })
}

/// `duties` grouped as [`backup_dates`] says, with `engineer` making each pair's
/// engineers; at most [`LISTED`] pairs a date and pipelines a pair, and dates until
/// [`SHOWN`] pipelines are named, the rest counted.
pub(super) fn group_by_date<'k>(
    duties: impl IntoIterator<Item = Duty<'k>>,
    engineer: &dyn Fn(&str) -> EngineerRef,
) -> Grouped {
    let mut dates: Vec<(BackupDate, Vec<String>, Tally)> = Vec::new();
    let mut by_dates: HashMap<String, usize> = HashMap::new();
    // The index of the pair among its date's, or `None` past the first `LISTED`.
    let mut by_pair: HashMap<(usize, &'k str, &'k str, String), Option<usize>> = HashMap::new();
    for duty in duties {
        let d = match by_dates.get(duty.dates.as_str()) {
            Some(&d) => d,
            None => {
                by_dates.insert(duty.dates.clone(), dates.len());
                let empty = BackupDate {
                    dates: duty.dates,
                    reason: None,
                    pairs: Vec::new(),
                    more: None,
                };
                dates.push((empty, Vec::new(), Tally::default()));
                dates.len() - 1
            }
        };
        let (date, reasons, tally) = &mut dates[d];
        tally.duties += 1;
        let p = *by_pair
            .entry((d, duty.backup, duty.primary, duty.reason))
            .or_insert_with_key(|(_, backup, primary, reason)| {
                tally.pairs += 1;
                (date.pairs.len() < LISTED).then(|| {
                    date.pairs.push(BackupPair {
                        backup: engineer(backup),
                        primary: engineer(primary),
                        pipelines: Vec::new(),
                        more: 0,
                        reason: None,
                    });
                    reasons.push(reason.clone());
                    date.pairs.len() - 1
                })
            });
        match p.map(|p| &mut date.pairs[p]) {
            Some(pair) if pair.pipelines.len() < LISTED => pair.pipelines.push(duty.pipeline),
            Some(pair) => pair.more += 1,
            None => tally.unpaired += 1,
        }
    }
    let (mut named, mut left, mut left_duties) = (0, 0, 0);
    let mut shown = Vec::new();
    for (mut date, reasons, tally) in dates {
        if named >= SHOWN {
            left += 1;
            left_duties += tally.duties;
            continue;
        }
        named += date.pairs.iter().map(|p| p.pipelines.len()).sum::<usize>();
        if reasons.iter().all(|r| *r == reasons[0]) {
            date.reason = reasons.into_iter().next();
        } else {
            for (pair, r) in date.pairs.iter_mut().zip(reasons) {
                pair.reason = Some(r);
            }
        }
        if tally.unpaired > 0 {
            date.more = Some(format!(
                "And {} more pipelines, with {} more pairs of backup and primary owner.",
                tally.unpaired,
                tally.pairs - date.pairs.len()
            ));
        }
        shown.push(date);
    }
    let more = (left > 0).then(|| {
        format!("And {left} more dates, with {left_duties} backup duties: each engineer's calendar feed lists theirs.")
    });
    (shown, more)
}

/// How many duties and pairs a date has, and the duties of pairs past the first
/// [`LISTED`].
#[derive(Default)]
struct Tally {
    duties: usize,
    pairs: usize,
    unpaired: usize,
}

/// A calendar feed of the on-call page, with its subscription links.
#[derive(Serialize)]
pub(super) struct Feed {
    pub(super) name: String,
    pub(super) url: String,
    pub(super) webcal: String,
    pub(super) google: String,
}

/// A holiday of the on-call page, with who is on call that day.
#[derive(Serialize)]
pub(super) struct HolidayView {
    pub(super) date: String,
    pub(super) name: String,
    pub(super) on_call: Option<EngineerRef>,
    pub(super) note: Option<String>,
}

/// The holidays an engineer is on call in the next year.
#[derive(Serialize)]
pub(super) struct HolidayCount {
    pub(super) engineer: EngineerRef,
    pub(super) count: usize,
    pub(super) holidays: Vec<String>,
}

/// The context of `oncall.html`.
#[derive(Serialize)]
pub(super) struct OnCallCtx<'a> {
    #[serde(flatten)]
    pub(super) common: Common<'a>,
    pub(super) has_rotation: bool,
    pub(super) timezone: String,
    pub(super) handoff: Option<String>,
    pub(super) current: Option<ShiftView>,
    pub(super) next: Option<ShiftView>,
    pub(super) past: Vec<ShiftView>,
    pub(super) coming: Vec<ShiftView>,
    pub(super) holidays: Vec<HolidayView>,
    pub(super) holiday_counts: Vec<HolidayCount>,
    /// Everyone on the calendar with their colour, for its legend.
    pub(super) legend: Vec<(EngineerRef, usize)>,
    /// The first [`THEME_BACKUPS`] coming duties, for themes of their own; empty when
    /// the default template's page is written without Tera (see [`super::oncall_html`]),
    /// which shows `backup_dates` only: at 100,000 runbooks (80,000 duties) the two lists
    /// as Tera's JSON context were about 450 MB.
    pub(super) backups: Vec<BackupView>,
    /// How many coming duties `backups` leaves out.
    pub(super) backups_left: usize,
    /// The backups by date, for the page.
    pub(super) backup_dates: Vec<BackupDate>,
    /// The dates past those of `backup_dates`, in words (see [`group_by_date`]).
    pub(super) backup_dates_more: Option<String>,
    pub(super) feeds: Vec<Feed>,
}

impl Renderer<'_> {
    /// An engineer's colour on the calendar: their place among the rotation's people, then
    /// the rest of the team, over the eight colours of the Okabe-Ito palette (told apart
    /// with the common kinds of colour blindness; the name is always written beside it).
    pub(super) fn colour(&self, id: &str) -> usize {
        // Built once: a scan of the team per shift made the page quadratic in the team.
        let colours = self.colours.get_or_init(|| {
            let order = self.site.oncall.rotation.as_ref().map(|r| &r.order);
            let mut map: HashMap<&str, usize> = HashMap::new();
            for e in order
                .into_iter()
                .flatten()
                .map(String::as_str)
                .chain(self.site.team.engineers.iter().map(|e| e.id.as_str()))
            {
                let next = map.len();
                map.entry(e).or_insert(next);
            }
            map
        });
        colours.get(id).copied().unwrap_or(colours.len()) % 8
    }

    pub(super) fn local_time(&self, t: DateTime<Utc>) -> String {
        t.with_timezone(&self.schedule.tz)
            .format("%a %-d %b %Y, %H:%M %Z")
            .to_string()
    }

    pub(super) fn shift_view(&self, seg: &Segment) -> ShiftView {
        let shift = self.schedule.shift(seg.slot);
        // An override's reason is oncall.yaml's text, from a pull request: shown quoted,
        // as what its author gave, so that "No one is on call. Escalate to …" reads as
        // a reason, not as the site's own word.
        let note = match seg.override_index {
            Some(i) => Some(format!(
                "Override, reason given: {}",
                quoted(&self.site.oncall.overrides[i].reason)
            )),
            None => shift
                .and_then(|s| s.change.as_ref())
                .map(|c| self.schedule.describe(c, &|id| self.engineer_ref(id).name)),
        };
        let holidays = match (shift, seg.override_index) {
            (Some(s), None) => s
                .holidays
                .iter()
                .map(|&i| {
                    let h = &self.site.oncall.holidays[i];
                    named_on(&h.name, &h.date.format("%a %-d %b").to_string())
                })
                .collect(),
            _ => Vec::new(),
        };
        ShiftView {
            engineer: self.engineer_ref(&seg.engineer),
            secondary: seg.secondary.as_deref().map(|id| self.engineer_ref(id)),
            colour: self.colour(&seg.engineer),
            secondary_colour: seg.secondary.as_deref().map(|id| self.colour(id)),
            week: seg
                .start
                .with_timezone(&self.schedule.tz)
                .format("%-d %b %Y")
                .to_string(),
            swapped: shift.is_some_and(|s| s.change.is_some()),
            start: self.local_time(seg.start),
            end: self.local_time(seg.end),
            start_iso: seg.start.to_rfc3339(),
            end_iso: seg.end.to_rfc3339(),
            current: seg.contains(self.schedule.now),
            past: seg.end <= self.schedule.now,
            holidays,
            note,
            is_override: seg.override_index.is_some(),
        }
    }

    /// Who is on call at the build's clock: the no-JavaScript answer.
    pub(super) fn current_shift(&self) -> Option<ShiftView> {
        self.now_and_next().0.clone()
    }

    /// The next handoff after the current shift.
    pub(super) fn next_shift(&self) -> Option<ShiftView> {
        self.now_and_next().1.clone()
    }

    /// Both, formatted once for the whole site: every runbook and pipeline page shows them.
    pub(super) fn now_and_next(&self) -> &(Option<ShiftView>, Option<ShiftView>) {
        self.now_and_next.get_or_init(|| {
            (
                self.schedule.current().map(|s| self.shift_view(s)),
                self.schedule.next_handoff().map(|s| self.shift_view(s)),
            )
        })
    }

    fn backup_view(&self, b: &Backup) -> BackupView {
        let duty = self.duty(b);
        BackupView {
            dates: duty.dates,
            pipeline: duty.pipeline,
            backup: self.engineer_ref(&b.engineer),
            primary: self.engineer_ref(&b.primary),
            reason: duty.reason,
        }
    }

    fn duty<'b>(&self, b: &'b Backup) -> Duty<'b> {
        let mut reason =
            b.reason_text(&self.site.oncall.holidays, &|id| self.engineer_ref(id).name);
        if b.role != crate::schedule::BackupRole::SecondaryOwner {
            reason.push_str(&format!("; backed up by {}", b.role.text()));
        }
        let pipeline = self.pipeline_refs.get(b.pipeline.as_str());
        Duty {
            dates: b.days(),
            backup: &b.engineer,
            primary: &b.primary,
            reason,
            pipeline: LinkRef {
                title: pipeline.map_or_else(|| b.pipeline.clone(), |p| p.name.clone()),
                url: self.urls.page_of("pipelines/", &b.pipeline),
            },
        }
    }

    /// What [`backup_dates`] makes of `coming_backups(keep)`, without a [`BackupView`]
    /// per duty: at 100,000 runbooks the on-call page's 80,000 views held about 100 MB.
    pub(super) fn coming_backup_dates<'b>(
        &self,
        backups: impl Iterator<Item = &'b Backup>,
    ) -> Grouped {
        let today = self.today();
        let duties = backups.filter(|b| b.to >= today).map(|b| self.duty(b));
        group_by_date(duties, &|id| self.engineer_ref(id))
    }

    /// The first [`THEME_BACKUPS`] of `backups` (all, or an engineer's) that have not
    /// ended, and how many more there are: a theme's `backups` and `backups_left`.
    pub(super) fn coming_backups<'b>(
        &self,
        backups: impl Iterator<Item = &'b Backup>,
    ) -> (Vec<BackupView>, usize) {
        let today = self.today();
        let mut coming = backups.filter(|b| b.to >= today);
        let views = (coming.by_ref().take(THEME_BACKUPS))
            .map(|b| self.backup_view(b))
            .collect();
        (views, coming.count())
    }

    /// The coming backups of pipeline `id`, from an index of the backups by pipeline
    /// built once: a scan of every backup per pipeline page took most of the last
    /// second of a 100,000-runbook build (4,000 pipelines, 80,000 backups).
    pub(super) fn coming_backups_of(&self, id: &str) -> Vec<BackupView> {
        let by_pipeline = self.backups_by_pipeline.get_or_init(|| {
            let mut map: HashMap<&str, Vec<usize>> = HashMap::new();
            for (i, b) in self.schedule.backups.iter().enumerate() {
                map.entry(b.pipeline.as_str()).or_default().push(i);
            }
            map
        });
        let today = self.today();
        by_pipeline
            .get(id)
            .into_iter()
            .flatten()
            .map(|&i| &self.schedule.backups[i])
            .filter(|b| b.to >= today)
            .map(|b| self.backup_view(b))
            .collect()
    }

    pub(super) fn today(&self) -> NaiveDate {
        self.schedule
            .now
            .with_timezone(&self.schedule.tz)
            .date_naive()
    }

    /// The calendar feeds to subscribe to: the team's, then each engineer's who has one.
    fn feeds(&self) -> Vec<Feed> {
        let feed = |name: String, path: &str| {
            let url = self.urls.absolute(path);
            Feed {
                name,
                webcal: webcal(&url),
                google: format!(
                    "https://calendar.google.com/calendar/r?cid={}",
                    crate::url::encode_component(&webcal(&url))
                ),
                url,
            }
        };
        let mut feeds = Vec::new();
        if !self.schedule.segments.is_empty() {
            feeds.push(feed("Whole team".into(), "oncall.ics"));
            for e in &self.site.team.engineers {
                if self.schedule.has_feed(&e.id) {
                    feeds.push(feed(e.name.clone(), &format!("oncall/{}.ics", e.id)));
                }
            }
        }

        feeds
    }

    /// The holidays of the published schedule with who is on call, and who has holiday
    /// duty in the next year (everyone of the rotation, with none too).
    fn holidays(&self) -> (Vec<HolidayView>, Vec<HolidayCount>) {
        let now = self.schedule.now;
        let year_end = now + Duration::days(365);
        let mut counts: BTreeMap<&str, Vec<String>> = BTreeMap::new();
        if let Some(r) = &self.site.oncall.rotation {
            for id in &r.order {
                counts.entry(id).or_default();
            }
        }
        let mut holidays = Vec::new();
        for shift in &self.schedule.shifts {
            for &i in &shift.holidays {
                let h = &self.site.oncall.holidays[i];
                let noon = crate::schedule::local_instant(
                    self.schedule.tz,
                    h.date,
                    chrono::NaiveTime::from_hms_opt(12, 0, 0).unwrap_or_default(),
                );
                if noon >= now && noon < year_end {
                    counts
                        .entry(shift.engineer.as_str())
                        .or_default()
                        .push(named_on(&h.name, &h.date.format("%-d %b %Y").to_string()));
                }
                let seg = self.schedule.at(noon);
                holidays.push(HolidayView {
                    date: h.date.format("%a %-d %b %Y").to_string(),
                    name: h.name.clone(),
                    on_call: seg.map(|s| self.engineer_ref(&s.engineer)),
                    note: seg.map(|s| self.shift_view(s)).and_then(|v| v.note),
                });
            }
        }
        let holiday_counts = counts
            .into_iter()
            .map(|(id, list)| HolidayCount {
                engineer: self.engineer_ref(id),
                count: list.len(),
                holidays: list,
            })
            .collect();
        (holidays, holiday_counts)
    }

    /// `/oncall/`: the schedule as a calendar, holidays, backups and the feeds.
    pub(super) fn oncall_page(&self, d: &mut Diagnostics) -> Option<OutputFile> {
        let now = self.schedule.now;
        let segments = &self.schedule.segments;
        let first_coming = segments.partition_point(|s| s.start <= now);
        let current_index = segments.iter().position(|s| s.contains(now));
        let past_end = current_index.unwrap_or(first_coming);
        let feeds = self.feeds();
        let (holidays, holiday_counts) = self.holidays();

        let rotation = self.site.oncall.rotation.as_ref();
        // Everyone on call or second on call, gathered once rather than per engineer.
        let on_calendar: HashSet<&str> = segments
            .iter()
            .flat_map(|s| std::iter::once(s.engineer.as_str()).chain(s.secondary.as_deref()))
            .collect();
        let compiled = self.compiled.oncall;
        let all = || self.schedule.backups.iter();
        let (backup_dates, backup_dates_more) = self.coming_backup_dates(all());
        let (backups, backups_left) = if compiled {
            (Vec::new(), 0)
        } else {
            self.coming_backups(all())
        };
        let ctx = OnCallCtx {
            common: self.common(
                "oncall.html",
                "On-call schedule".into(),
                "oncall/".into(),
                "oncall",
                self.data_source(&self.site.sources.oncall),
            ),
            has_rotation: !segments.is_empty(),
            timezone: self.schedule.tz.name().to_string(),
            handoff: rotation.map(|r| {
                format!(
                    "Shifts: {}, handed over on {} at {} ({})",
                    r.shift,
                    weekday_name(r.handoff.weekday),
                    r.handoff.time.format("%H:%M"),
                    r.timezone.name()
                )
            }),
            current: current_index.map(|i| self.shift_view(&segments[i])),
            next: self.next_shift(),
            past: segments[past_end.saturating_sub(4)..past_end]
                .iter()
                .map(|s| self.shift_view(s))
                .collect(),
            coming: segments[first_coming..]
                .iter()
                .map(|s| self.shift_view(s))
                .collect(),
            holidays,
            holiday_counts,
            legend: self
                .site
                .team
                .engineers
                .iter()
                .filter(|e| on_calendar.contains(e.id.as_str()))
                .map(|e| (self.engineer_ref(&e.id), self.colour(&e.id)))
                .collect(),
            backup_dates,
            backup_dates_more,
            backups,
            backups_left,
            feeds,
        };
        let path = "oncall/index.html".to_string();
        if compiled {
            // `current` is the segment at the build's clock, as in the snippet.
            let html = super::oncall_html::page(&ctx, &self.snippets.on_call);
            return Some(OutputFile {
                path,
                bytes: html.into_bytes(),
            });
        }
        self.page("oncall.html", path, &ctx, d)
    }
}

/// The `webcal://` form of a feed URL, which calendar apps open as a subscription.
pub(super) fn webcal(url: &str) -> String {
    match url.split_once("://") {
        Some((_, rest)) => format!("webcal://{rest}"),
        None => url.to_string(),
    }
}

fn weekday_name(w: chrono::Weekday) -> &'static str {
    use chrono::Weekday::*;
    match w {
        Mon => "Monday",
        Tue => "Tuesday",
        Wed => "Wednesday",
        Thu => "Thursday",
        Fri => "Friday",
        Sat => "Saturday",
        Sun => "Sunday",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn who(id: &str) -> EngineerRef {
        EngineerRef {
            id: id.into(),
            name: id.to_uppercase(),
            url: format!("/engineers/{id}/"),
            email: None,
            email_url: None,
            slack: None,
            phone: None,
            phone_url: None,
        }
    }

    fn duty(dates: &str, pipeline: &str, backup: &str, primary: &str, why: &str) -> BackupView {
        BackupView {
            dates: dates.into(),
            pipeline: LinkRef {
                title: pipeline.into(),
                url: format!("/pipelines/{pipeline}/"),
            },
            backup: who(backup),
            primary: who(primary),
            reason: why.into(),
        }
    }

    #[test]
    fn backups_group_by_date_then_pair() {
        let (dates, more) = backup_dates(&[
            duty("25 Dec", "a", "de1", "de2", "Christmas"),
            duty("1 Jan", "a", "de1", "de2", "New Year"),
            duty("25 Dec", "b", "de3", "de2", "Christmas"),
            duty("25 Dec", "c", "de1", "de2", "Christmas"),
            duty(
                "1 Jan",
                "b",
                "de3",
                "de2",
                "New Year (backed up by the other owner)",
            ),
        ]);
        assert_eq!(dates.len(), 2);
        assert_eq!(more, None);
        let christmas = &dates[0];
        assert_eq!(christmas.dates, "25 Dec");
        assert_eq!(christmas.reason.as_deref(), Some("Christmas"));
        let pairs: Vec<(&str, Vec<&str>)> = christmas
            .pairs
            .iter()
            .map(|p| {
                let pipelines = p.pipelines.iter().map(|l| l.title.as_str()).collect();
                (p.backup.id.as_str(), pipelines)
            })
            .collect();
        assert_eq!(pairs, [("de1", vec!["a", "c"]), ("de3", vec!["b"])]);
        assert!(christmas.pairs.iter().all(|p| p.reason.is_none()));
        // Reasons that differ within a date go with their pairs.
        let new_year = &dates[1];
        assert_eq!(new_year.reason, None);
        let reasons: Vec<_> = new_year.pairs.iter().map(|p| p.reason.as_deref()).collect();
        assert_eq!(
            reasons,
            [
                Some("New Year"),
                Some("New Year (backed up by the other owner)")
            ]
        );
    }
}
