//! The team, the pipelines and the on-call rotation: `content/team.yaml`,
//! `content/pipelines.yaml` and `content/oncall.yaml`.

use std::collections::HashMap;
use std::fmt;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Weekday};
use chrono_tz::Tz;
use schemars::JsonSchema;
use serde::{de, Deserialize, Deserializer};

use super::de::{hh_mm, iana_tz, local_datetime, one_or_many, OneOrManySchema};

/// `content/team.yaml`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Team {
    #[serde(default)]
    pub engineers: Vec<Engineer>,
}

/// One engineer of the team.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Engineer {
    /// Short stable id used everywhere else (`de1`); also the URL `/engineers/<id>/`.
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub contact: Contact,
    /// GitHub user name, for CODEOWNERS (`pipebook codeowners`).
    #[serde(default)]
    pub github: Option<String>,
    /// Dates the engineer is away; the schedule never puts them on call then.
    #[serde(default)]
    pub time_off: Vec<TimeOff>,
    /// The ids this engineer had before (`formerly: [de3]`, the first one first): their
    /// calendar feed is still written at each old address (`oncall/de3.ics`), and their
    /// events keep the UIDs and `SEQUENCE`s they had under the first, so a change of id
    /// changes nothing a subscriber of either feed sees.
    #[serde(default)]
    pub formerly: Vec<String>,
}

/// How to reach an engineer during an incident.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contact {
    pub email: Option<String>,
    pub slack: Option<String>,
    pub phone: Option<String>,
}

/// A range of whole days, both ends included.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TimeOff {
    pub from: NaiveDate,
    pub to: NaiveDate,
    #[serde(default)]
    pub reason: Option<String>,
}

/// `content/pipelines.yaml`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pipelines {
    #[serde(default)]
    pub domains: Vec<Domain>,
    #[serde(default)]
    pub pipelines: Vec<Pipeline>,
}

impl Pipelines {
    /// The positions of each engineer's pipelines, as primary then as secondary, in file
    /// order: one pass, where a scan of every pipeline per engineer cost their product.
    pub fn by_owner(&self) -> HashMap<&str, [Vec<usize>; 2]> {
        let mut map: HashMap<&str, [Vec<usize>; 2]> = HashMap::new();
        for (i, p) in self.pipelines.iter().enumerate() {
            map.entry(&p.primary).or_default()[0].push(i);
            map.entry(&p.secondary).or_default()[1].push(i);
        }
        map
    }

    /// Each domain by its id, the first of a repeated id (as a scan would find it): one
    /// pass, where a scan of the domains per pipeline cost their product (10,000
    /// pipelines in the last of 10,000 domains with 120-byte ids: 2.6 s of CPU).
    pub fn domains_by_id(&self) -> HashMap<&str, &Domain> {
        let mut map: HashMap<&str, &Domain> = HashMap::with_capacity(self.domains.len());
        for d in &self.domains {
            map.entry(&d.id).or_insert(d);
        }
        map
    }

    /// The positions of each domain's pipelines, in file order, by domain id.
    pub fn by_domain(&self) -> HashMap<&str, Vec<usize>> {
        let mut map: HashMap<&str, Vec<usize>> = HashMap::new();
        for (i, p) in self.pipelines.iter().enumerate() {
            map.entry(&p.domain).or_default().push(i);
        }
        map
    }
}

/// A business domain (profit, growth, ...) and the ways its pipelines are known to fail.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Domain {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub failure_modes: Vec<String>,
}

/// One data pipeline and who answers for it.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Pipeline {
    /// Stable id; also the URL `/pipelines/<id>/`.
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    /// Id of a domain in `domains`.
    pub domain: String,
    /// Who consumes the output (`experiments`, `investors`, ...).
    pub audience: String,
    /// Engineer id of the primary owner.
    pub primary: String,
    /// Engineer id of the secondary owner, the backup.
    pub secondary: String,
    /// Runbook path under `content/runbooks`, without `.md` (`profit/aggregate-profit`).
    #[serde(default)]
    pub runbook: Option<String>,
    /// The pipeline's job in its orchestrator (an Airflow DAG id, a dbt selector, a
    /// Dagster job), one or a list: `/pipelines/by-job/<job>/` leads to the pipeline.
    #[serde(default, deserialize_with = "one_or_many")]
    #[schemars(with = "OneOrManySchema")]
    pub job: Vec<String>,
}

/// `content/oncall.yaml`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OnCall {
    #[serde(default)]
    pub rotation: Option<Rotation>,
    #[serde(default)]
    pub holidays: Vec<Holiday>,
    /// Explicit cover, which wins over the rotation and its automatic swaps.
    #[serde(default)]
    pub overrides: Vec<Override>,
    /// How far the published schedule reaches around the build's clock.
    #[serde(default)]
    pub horizon: Horizon,
    /// Who is second on call. By default, the next engineer in `rotation.order` after
    /// the primary who is not away.
    #[serde(default)]
    pub secondary: Option<Secondary>,
    /// Hours before each shift that personal feeds remind the engineer (`VALARM`);
    /// 24 by default, 0 for no reminders.
    #[serde(
        default = "default_reminder_hours",
        deserialize_with = "super::de::reminder_hours"
    )]
    pub reminder_hours: u32,
    /// iCalendar files in the repository to take holidays and time off from.
    #[serde(default)]
    pub calendars: Calendars,
    /// How many of `holidays` (the last ones) came from `calendars`.
    #[serde(skip)]
    pub imported_holidays: usize,
}

/// iCalendar files (paths under `content/`) read at build time: the team's holidays (a
/// public-holiday calendar), and time off per engineer (an HR or PTO export, or the public
/// holidays of the engineer's own country or region).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Calendars {
    #[serde(default)]
    pub holidays: Vec<String>,
    /// Engineer id to calendar files.
    #[serde(default)]
    pub time_off: std::collections::BTreeMap<String, Vec<String>>,
}

fn default_reminder_hours() -> u32 {
    24
}

/// The most hours ahead a shift reminder may be set: four weeks.
pub const MAX_REMINDER_HOURS: u32 = 24 * 28;

/// The secondary on call as a rotation of its own: slot `k` goes to `order[k % len]`,
/// or the next in `order` when that engineer is the primary or is away.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Secondary {
    pub order: Vec<String>,
}

/// The span of the published schedule, in weeks before and after the build's clock.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Horizon {
    #[serde(
        default = "default_past_weeks",
        deserialize_with = "super::de::horizon_weeks"
    )]
    pub past_weeks: u32,
    #[serde(
        default = "default_future_weeks",
        deserialize_with = "super::de::horizon_weeks"
    )]
    pub future_weeks: u32,
}

fn default_past_weeks() -> u32 {
    4
}
fn default_future_weeks() -> u32 {
    52
}

impl Default for Horizon {
    fn default() -> Self {
        Horizon {
            past_weeks: default_past_weeks(),
            future_weeks: default_future_weeks(),
        }
    }
}

/// Someone covering a stretch of time, whoever the rotation says.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Override {
    /// Local date and time in the rotation's time zone: `2026-12-24 18:00`.
    #[serde(deserialize_with = "local_datetime")]
    #[schemars(with = "String")]
    pub from: NaiveDateTime,
    /// End, excluded, in the same form.
    #[serde(deserialize_with = "local_datetime")]
    #[schemars(with = "String")]
    pub to: NaiveDateTime,
    /// Engineer id of whoever covers.
    pub engineer: String,
    pub reason: String,
}

/// Who is on call in which order, and when the pager changes hands.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Rotation {
    /// Engineer ids in rotation order; the first takes the shift that begins on `start`.
    pub order: Vec<String>,
    /// Local date of the first handoff; must fall on `handoff.weekday` for weekly shifts.
    pub start: NaiveDate,
    pub handoff: Handoff,
    /// IANA time zone of the handoff time (`America/New_York`).
    #[serde(deserialize_with = "iana_tz")]
    #[schemars(with = "String")]
    pub timezone: Tz,
    /// `weekly` (default), `daily`, or `N days`.
    #[serde(default)]
    #[schemars(with = "ShiftSchema")]
    pub shift: ShiftLength,
}

/// The local weekday and time at which one shift ends and the next begins.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Handoff {
    /// `monday` to `sunday`.
    #[schemars(with = "String")]
    pub weekday: Weekday,
    /// 24-hour `HH:MM`.
    #[serde(deserialize_with = "hh_mm")]
    #[schemars(with = "String")]
    pub time: NaiveTime,
}

/// A day on which nobody should carry the pager by default.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Holiday {
    pub date: NaiveDate,
    pub name: String,
}

/// How a shift length is written: `weekly`, `daily`, `N days`, or a number of days.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum ShiftSchema {
    Words(String),
    Days(u32),
}

/// Length of one shift, in whole days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ShiftLength(pub u32);

impl Default for ShiftLength {
    fn default() -> Self {
        ShiftLength(7)
    }
}

impl fmt::Display for ShiftLength {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            1 => f.write_str("daily"),
            7 => f.write_str("weekly"),
            n => write!(f, "{n} days"),
        }
    }
}

impl ShiftLength {
    fn parse(text: &str) -> Result<Self, String> {
        let days = match text.trim() {
            "weekly" => Some(7),
            "daily" => Some(1),
            // `"12"` is 12 days, as `12` is: the schema lets text through, and
            // `"12 days"` was taken while `"12"` was refused.
            other => other
                .strip_suffix("days")
                .or_else(|| other.strip_suffix("day"))
                .unwrap_or(other)
                .trim()
                .parse()
                .ok(),
        };
        match days {
            Some(days) => Self::from_days(days),
            None => Err(format!("shift `{text}` is not a length: {SHIFT_FORMS}")),
        }
    }

    fn from_days(days: u64) -> Result<Self, String> {
        match u32::try_from(days) {
            Ok(n) if (1..=366).contains(&n) => Ok(ShiftLength(n)),
            _ => Err(format!(
                "a shift of {days} days is not possible: {SHIFT_FORMS}"
            )),
        }
    }
}

/// What to write for `rotation.shift`, in every error about it.
const SHIFT_FORMS: &str = "write `weekly` (the default), `daily`, or a whole number of \
     days from 1 to 366 such as `14 days`";

impl<'de> Deserialize<'de> for ShiftLength {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = ShiftLength;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`weekly`, `daily`, or a number of days")
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<ShiftLength, E> {
                ShiftLength::from_days(v).map_err(E::custom)
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<ShiftLength, E> {
                match u64::try_from(v) {
                    Ok(v) => ShiftLength::from_days(v).map_err(E::custom),
                    Err(_) => Err(E::custom(format!(
                        "a shift of {v} days is not possible: {SHIFT_FORMS}"
                    ))),
                }
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<ShiftLength, E> {
                Err(E::custom(format!(
                    "a shift of {v} days is not possible: shifts are whole days; {SHIFT_FORMS}"
                )))
            }
            fn visit_unit<E: de::Error>(self) -> Result<ShiftLength, E> {
                Err(E::custom(format!(
                    "shift has no value: {SHIFT_FORMS}, or leave the key out"
                )))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<ShiftLength, E> {
                ShiftLength::parse(v).map_err(E::custom)
            }
        }
        d.deserialize_any(V)
    }
}
