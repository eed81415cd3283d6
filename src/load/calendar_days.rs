//! The days an imported calendar event covers, in the rotation's time zone: time off and
//! holidays are whole days there (as in the YAML files), whatever zone an export writes.
//!
//! A timed event covers each local day it touches, its end excluded as RFC 5545 says (a
//! trip ending on Monday at 00:00 ends on Sunday); a UTC time (`Z`), or one with a `TZID`
//! that names an IANA zone or a Windows one (Outlook's "India Standard Time", read through
//! CLDR's windowsZones table), or that the file's own VTIMEZONE sets at one offset all
//! year, is first moved into the rotation's zone; a floating time, or one of any other zone
//! ([`Zones::unknown`], which the caller warns of), is read as written. An event ends at its `DTEND`, else after its `DURATION`, else on its first day.

use std::collections::HashMap;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;
use ical::parser::ical::component::IcalCalendar;
use ical::property::Property;
use windows_timezones::WindowsTimezone;

/// A `DTSTART` or `DTEND` value: a date, or a date-time already in the rotation's zone.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum When {
    Date(NaiveDate),
    Time(NaiveDateTime),
}

impl When {
    /// The value of property `p` in the rotation's zone; `None` when it is not a date or
    /// date-time.
    pub(super) fn of(p: &Property, zones: &Zones) -> Option<When> {
        let tz = zones.rotation;
        let v = p.value.as_deref()?.trim();
        let date = NaiveDate::parse_from_str(v.get(..8)?, "%Y%m%d").ok()?;
        if v.len() == 8 {
            return Some(When::Date(date));
        }
        let time = v
            .get(8..15)
            .and_then(|t| NaiveTime::parse_from_str(t, "T%H%M%S").ok())
            .map(|t| date.and_time(t));
        let Some(time) = time else {
            // A value pipebook reads only the date of, as it always did.
            return Some(When::Date(date));
        };
        let local = if v.ends_with('Z') {
            Utc.from_utc_datetime(&time)
                .with_timezone(&tz)
                .naive_local()
        } else if let Some(zone) = tzid(p).and_then(zone_named) {
            in_zone(zone, time).with_timezone(&tz).naive_local()
        } else if let Some(at) = (tzid(p).and_then(|z| zones.fixed.get(z)))
            .and_then(|offset| offset.from_local_datetime(&time).single())
        {
            at.with_timezone(&tz).naive_local()
        } else {
            time
        };
        Some(When::Time(local))
    }

    fn start(self) -> NaiveDateTime {
        match self {
            When::Date(d) => d.and_time(NaiveTime::MIN),
            When::Time(t) => t,
        }
    }
}

/// The zone a `TZID` names: an IANA name, else a Windows one as Outlook writes them.
fn zone_named(name: &str) -> Option<Tz> {
    (name.parse::<Tz>().ok()).or_else(|| name.parse::<WindowsTimezone>().ok().map(Tz::from))
}

/// The zones a calendar's times are read in: the rotation's, which they are moved into,
/// and the calendar's own VTIMEZONEs of one offset all year (a "Customized Time Zone" of
/// Outlook's without daylight saving), by TZID. One with daylight-saving rules is not
/// worked out: its name must be IANA's or Windows'.
pub(super) struct Zones {
    pub(super) rotation: Tz,
    fixed: HashMap<String, FixedOffset>,
}

impl Zones {
    pub(super) fn of(cal: &IcalCalendar, rotation: Tz) -> Zones {
        let value = |props: &[Property], name: &str| {
            (props.iter().find(|p| p.name == name)).and_then(|p| p.value.clone())
        };
        let fixed = (cal.timezones.iter())
            .filter_map(|z| {
                let offsets: Option<Vec<FixedOffset>> = (z.transitions.iter())
                    .map(|t| value(&t.properties, "TZOFFSETTO").and_then(|o| offset(&o)))
                    .collect();
                let offsets = offsets?;
                let first = *offsets.first()?;
                let id = value(&z.properties, "TZID")?;
                let id = id.trim_matches('"').trim_start_matches('/').to_string();
                offsets.iter().all(|&o| o == first).then_some((id, first))
            })
            .collect();
        Zones { rotation, fixed }
    }

    /// The `TZID` of a local date-time value `p` when it names no zone pipebook knows
    /// (one Outlook made up, with daylight saving): the time is read as written.
    pub(super) fn unknown<'p>(&self, p: &'p Property) -> Option<&'p str> {
        let v = p.value.as_deref()?.trim();
        let zone = tzid(p)?;
        let timed = v.len() >= 15 && !v.ends_with('Z');
        let known = zone_named(zone).is_some() || self.fixed.contains_key(zone);
        (timed && !known).then_some(zone)
    }
}

/// An RFC 5545 UTC offset (`+0530`, `-0800`, `+053000`).
fn offset(v: &str) -> Option<FixedOffset> {
    let v = v.trim();
    let sign = match v.get(..1)? {
        "+" => 1,
        "-" => -1,
        _ => return None,
    };
    let digits = v.get(1..)?;
    if !matches!(digits.len(), 4 | 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let n = |r: std::ops::Range<usize>| digits.get(r).map_or(0, |d| d.parse::<i32>().unwrap_or(0));
    FixedOffset::east_opt(sign * (n(0..2) * 3600 + n(2..4) * 60 + n(4..6)))
}

/// The `TZID` parameter of `p`, without quotes or RFC 5545's leading `/`.
fn tzid(p: &Property) -> Option<&str> {
    let (_, values) = p.params.as_ref()?.iter().find(|(k, _)| k == "TZID")?;
    Some(values.first()?.trim_matches('"').trim_start_matches('/'))
}

/// Local time `t` of `zone` as an instant: the first when it occurs twice, and one moved
/// past a daylight-saving gap when it falls in one (only its day matters here).
fn in_zone(zone: Tz, t: NaiveDateTime) -> DateTime<Tz> {
    (0..=8)
        .find_map(|half_hours| {
            zone.from_local_datetime(&(t + Duration::minutes(30 * half_hours)))
                .earliest()
        })
        .unwrap_or_else(|| zone.from_utc_datetime(&t))
}

/// The first and last day (both included) of an event starting at `start` and ending at
/// `end` or after `duration` (RFC 5545 section 3.3.6, such as `P3D` or `PT36H`).
/// `Err` names a DURATION that cannot be read.
pub(super) fn days(
    start: When,
    end: Option<When>,
    duration: Option<&str>,
) -> Result<(NaiveDate, NaiveDate), String> {
    let end = match (end, duration) {
        (Some(end), _) => Some(end.start()),
        (None, Some(d)) => {
            let d = parse_duration(d.trim())
                .ok_or_else(|| format!("has a DURATION `{}` that is not one", d.trim()))?;
            Some(
                start
                    .start()
                    .checked_add_signed(d)
                    .unwrap_or(NaiveDateTime::MAX),
            )
        }
        (None, None) => None,
    };
    let first = start.start().date();
    let last = match (start, end) {
        (When::Date(d), None) => d,
        (_, None) => first,
        // The end is excluded: an event ending at midnight ends the day before.
        (_, Some(end)) if end > start.start() && end.time() == NaiveTime::MIN => {
            end.date() - Duration::days(1)
        }
        (_, Some(end)) => end.date(),
    };
    Ok((first, last.max(first)))
}

/// An RFC 5545 duration (`P1W`, `P2DT12H`, `PT90M`), not negative.
fn parse_duration(s: &str) -> Option<Duration> {
    let s = s.strip_prefix('+').unwrap_or(s).strip_prefix('P')?;
    let (date, time) = match s.split_once('T') {
        Some((_, "")) => return None,
        Some((d, t)) => (d, t),
        None => (s, ""),
    };
    const DATE: [(char, i64); 2] = [('W', 7 * 86_400), ('D', 86_400)];
    const TIME: [(char, i64); 3] = [('H', 3_600), ('M', 60), ('S', 1)];
    let mut total = Duration::zero();
    let mut any = false;
    for (part, units) in [(date, &DATE[..]), (time, &TIME[..])] {
        let mut rest = part;
        for &(unit, seconds) in units {
            if let Some((n, after)) = rest.split_once(unit) {
                if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                // Far past the year an event may last, without overflow.
                let n = n.parse::<i64>().unwrap_or(i64::MAX).min(1_000_000);
                total += Duration::seconds(n * seconds);
                rest = after;
                any = true;
            }
        }
        if !rest.is_empty() {
            return None;
        }
    }
    any.then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn prop(value: &str, tzid: Option<&str>) -> Property {
        Property {
            name: "DTSTART".into(),
            params: tzid.map(|z| vec![("TZID".to_string(), vec![z.to_string()])]),
            value: Some(value.into()),
        }
    }

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn utc_offsets_are_read_as_rfc_5545_writes_them() {
        let secs = |v| offset(v).map(|o| o.local_minus_utc());
        assert_eq!(secs("+0530"), Some(19_800));
        assert_eq!(secs("-0800"), Some(-28_800));
        assert_eq!(secs("+053015"), Some(19_815));
        assert_eq!(secs(" +0900 "), Some(32_400));
        for bad in ["0530", "+5", "+05:30", "+2400", "+05a0", "", "+"] {
            assert_eq!(secs(bad), None, "{bad}");
        }
    }

    #[test]
    fn times_are_moved_into_the_rotation_zone() {
        let ny: Tz = "America/New_York".parse().unwrap();
        let zones = Zones::of(&IcalCalendar::new(), ny);
        let at = |v, z| match When::of(&prop(v, z), &zones) {
            Some(When::Time(t)) => t.to_string(),
            other => format!("{other:?}"),
        };
        assert_eq!(at("20261215T030000Z", None), "2026-12-14 22:00:00");
        assert_eq!(
            at("20270104T080000", Some("Asia/Kolkata")),
            "2027-01-03 21:30:00"
        );
        assert_eq!(
            at("20270104T080000", Some("\"/Asia/Kolkata\"")),
            "2027-01-03 21:30:00"
        );
        // Outlook's Windows names, as CLDR maps them.
        assert_eq!(
            at("20270104T080000", Some("India Standard Time")),
            "2027-01-03 21:30:00"
        );
        assert_eq!(
            at("20261214T020000", Some("\"W. Europe Standard Time\"")),
            "2026-12-13 20:00:00"
        );
        // A zone of neither kind, or floating: as written.
        let custom = prop("20270104T080000", Some("Customized Time Zone"));
        assert_eq!(zones.unknown(&custom), Some("Customized Time Zone"));
        assert_eq!(
            at("20270104T080000", Some("Customized Time Zone")),
            "2027-01-04 08:00:00"
        );
        assert_eq!(
            zones.unknown(&prop("20270104T080000", Some("Asia/Kolkata"))),
            None
        );
        assert_eq!(
            zones.unknown(&prop("20270104", Some("Customized Time Zone"))),
            None
        );
        assert_eq!(at("20270104T080000", None), "2027-01-04 08:00:00");
        // Kolkata's midnight is New York's afternoon before.
        assert_eq!(
            at("20270104T000000", Some("Asia/Kolkata")),
            "2027-01-03 13:30:00"
        );
        assert_eq!(
            When::of(&prop("20261225", None), &zones),
            Some(When::Date(day("2026-12-25")))
        );
    }

    #[test]
    fn an_event_ends_where_its_end_or_duration_says() {
        let t = |s: &str| When::Time(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap());
        let d = |s: &str| When::Date(day(s));
        let cases = [
            (
                d("2026-12-24"),
                Some(d("2026-12-27")),
                None,
                ("2026-12-24", "2026-12-26"),
            ),
            (d("2026-12-24"), None, None, ("2026-12-24", "2026-12-24")),
            (
                d("2026-12-24"),
                None,
                Some("P3D"),
                ("2026-12-24", "2026-12-26"),
            ),
            (
                d("2026-12-24"),
                None,
                Some("P1W"),
                ("2026-12-24", "2026-12-30"),
            ),
            (
                t("2026-12-24 09:00"),
                Some(t("2026-12-28 00:00")),
                None,
                ("2026-12-24", "2026-12-27"),
            ),
            (
                t("2026-12-24 09:00"),
                Some(t("2026-12-28 00:01")),
                None,
                ("2026-12-24", "2026-12-28"),
            ),
            (
                t("2026-12-24 00:00"),
                Some(t("2026-12-24 00:00")),
                None,
                ("2026-12-24", "2026-12-24"),
            ),
            (
                t("2026-12-24 12:00"),
                None,
                Some("P1DT12H"),
                ("2026-12-24", "2026-12-25"),
            ),
            (
                t("2026-12-24 12:00"),
                None,
                Some("PT90M"),
                ("2026-12-24", "2026-12-24"),
            ),
            (
                t("2026-12-24 12:00"),
                None,
                None,
                ("2026-12-24", "2026-12-24"),
            ),
        ];
        for (start, end, duration, (a, b)) in cases {
            assert_eq!(
                days(start, end, duration),
                Ok((day(a), day(b))),
                "{start:?} {end:?} {duration:?}"
            );
        }
        for bad in ["3D", "P", "PT", "-P1D", "P1X", "P1DT", "PD", "P1H"] {
            assert!(days(d("2026-12-24"), None, Some(bad)).is_err(), "{bad}");
        }
    }
}
