//! How values of the content files are read where YAML's own types do not fit: one
//! name or a list of them, time zones, local dates and times.

use std::fmt;

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use chrono_tz::Tz;
use schemars::JsonSchema;
use serde::{de, Deserializer};

/// A string or a list of strings, as written in YAML.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
pub(super) enum OneOrManySchema {
    One(String),
    Many(Vec<String>),
}

/// Reads a string or a list of strings (`job: dag_id` or `job: [a, b]`) as a list, with
/// the parser's own error at the value when it is neither.
pub(super) fn one_or_many<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<String>, D::Error> {
    struct V;
    impl<'de> de::Visitor<'de> for V {
        type Value = Vec<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a name or a list of names")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Vec<String>, E> {
            Ok(vec![v.to_string()])
        }
        // `job:` with nothing after it names nothing.
        fn visit_unit<E: de::Error>(self) -> Result<Vec<String>, E> {
            Ok(Vec::new())
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<String>, A::Error> {
            let mut out = Vec::new();
            while let Some(s) = seq.next_element::<String>()? {
                out.push(s);
            }
            Ok(out)
        }
    }
    d.deserialize_any(V)
}

/// What to write for `reminder_hours`, in every error about it.
const REMINDER_HOURS: &str = "write a whole number of hours from 0 (no reminders) to 672 \
     (four weeks), or leave the key out for 24";

/// Reads `reminder_hours`: a whole number of hours, with errors that say what to write
/// rather than the parser's wording (`expected u32`). Values that fit are read; whether
/// they are at most [`super::MAX_REMINDER_HOURS`] is checked with the other rules.
pub(super) fn reminder_hours<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    d.deserialize_any(Whole("hours", REMINDER_HOURS))
}

/// What to write for `review_interval_days` (site.yaml and front matter).
const REVIEW_DAYS: &str = "write a whole number of days such as 90 (the default), at most 3660";

/// Reads `review_interval_days` of site.yaml (see [`reminder_hours`]).
pub(super) fn review_days<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    d.deserialize_any(Whole("days", REVIEW_DAYS))
}

/// Reads `review_interval_days` of a runbook's front matter (see [`reminder_hours`]); a
/// key with no value is the site's interval, as a key left out is.
pub(super) fn review_days_or_site<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<u32>, D::Error> {
    struct Or;
    impl<'de> de::Visitor<'de> for Or {
        type Value = Option<u32>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            Whole("days", REVIEW_DAYS).expecting(f)
        }
        fn visit_none<E: de::Error>(self) -> Result<Option<u32>, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Option<u32>, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<u32>, D::Error> {
            review_days(d).map(Some)
        }
    }
    d.deserialize_option(Or)
}

/// What to write for `horizon.past_weeks` and `horizon.future_weeks`.
const HORIZON_WEEKS: &str =
    "write a whole number of weeks from 0 to 520, or leave the key out (4 before, 52 after)";

/// Reads `horizon.past_weeks` or `horizon.future_weeks` (see [`reminder_hours`]).
pub(super) fn horizon_weeks<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    d.deserialize_any(Whole("weeks", HORIZON_WEEKS))
}

/// A whole number of a unit (`hours`), and what to write for it: every number key of the
/// content files that is a length of time reads through it, so that each says the same
/// of a quoted number (`"30"`: the schemas say integer, and editors mark it too), a
/// fraction, `true` or nothing, rather than the parser's `invalid type: string "30",
/// expected u32`. (`rotation.shift` is text as well as a number: `"12"` is 12 days.)
struct Whole(&'static str, &'static str);

impl de::Visitor<'_> for Whole {
    type Value = u32;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        write!(f, "a whole number of {}", self.0)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<u32, E> {
        let Whole(unit, forms) = self;
        u32::try_from(v).map_err(|_| E::custom(format!("{v} {unit} is out of range: {forms}")))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<u32, E> {
        let Whole(unit, forms) = self;
        u64::try_from(v)
            .map_err(|_| E::custom(format!("{v} {unit} is out of range: {forms}")))
            .and_then(|v| self.visit_u64(v))
    }
    // Numbers past 64 bits (`99999999999999999999999`) got the parser's `invalid type:
    // integer … as u128`.
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<u32, E> {
        let Whole(unit, forms) = self;
        Err(E::custom(format!("{v} {unit} is out of range: {forms}")))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<u32, E> {
        let Whole(unit, forms) = self;
        Err(E::custom(format!("{v} {unit} is out of range: {forms}")))
    }
    // A whole number written with an exponent or a point (`1e2`, `12.0`) is one: it was
    // told it is not (`1e9` read "1000000000 is not a whole number").
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<u32, E> {
        let Whole(unit, forms) = self;
        Err(E::custom(if !(v.is_finite() && v.fract() == 0.0) {
            format!("{v} is not a whole number of {unit}: {forms}")
        } else if v.abs() > f64::from(u32::MAX) {
            format!("{v} {unit} is out of range: {forms}")
        } else {
            format!(
                "{v} is written with a point or an exponent: write `{v}` as digits alone; {forms}"
            )
        }))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<u32, E> {
        let Whole(unit, forms) = self;
        Err(E::custom(format!(
            "`{v}` is not a number of {unit}: {forms}"
        )))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<u32, E> {
        let Whole(unit, forms) = self;
        Err(E::custom(match v.trim().parse::<u64>() {
            // `012` unquoted is text to YAML too: there are no quotes to remove.
            Ok(n) if v.len() > 1 && v.starts_with('0') => {
                format!("`{v}` is text, not a number (a number does not begin with 0): write `{n}`; {forms}")
            }
            Ok(n) => {
                format!("`{v}` is text, not a number: write `{n}` without the quotes; {forms}")
            }
            Err(_) => format!("`{v}` is text, not a number of {unit}: {forms}"),
        }))
    }
    fn visit_unit<E: de::Error>(self) -> Result<u32, E> {
        Err(E::custom(format!("it has no value: {}", self.1)))
    }
}

/// Parses a string value in place, so that a parse error points at the value itself
/// (an error raised after the value was read points at the enclosing mapping instead).
struct ParseStr<F>(F, &'static str);

impl<'de, T, F: FnOnce(&str) -> Result<T, String>> de::Visitor<'de> for ParseStr<F> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.1)
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
        (self.0)(v).map_err(E::custom)
    }
}

pub(super) fn iana_tz<'de, D: Deserializer<'de>>(d: D) -> Result<Tz, D::Error> {
    d.deserialize_str(ParseStr(
        |s: &str| {
            s.parse().map_err(|_| {
                format!("unknown time zone `{s}`: use an IANA name such as `America/New_York` or `Europe/Berlin`")
            })
        },
        "an IANA time zone name",
    ))
}

pub(super) fn local_datetime<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDateTime, D::Error> {
    d.deserialize_str(ParseStr(
        |s: &str| {
            let t = s.trim();
            let first = NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M");
            first
                .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%dT%H:%M"))
                .or_else(|_| {
                    NaiveDate::parse_from_str(t, "%Y-%m-%d").map(|d| d.and_time(NaiveTime::MIN))
                })
                .map_err(|_| no_datetime(s, first.err()))
        },
        "a local date and time such as `2026-12-24 18:00`",
    ))
}

/// The message for `s`, which is no local date and time; `first` is the error of the
/// form `2026-12-24 18:00`. Written in that form but out of range (`2026-02-30 09:00`,
/// `2026-12-24 24:00`), it says so: "must be a local date and time" read as a wrong form.
fn no_datetime(s: &str, first: Option<chrono::ParseError>) -> String {
    use chrono::format::ParseErrorKind;
    match first.map(|e| e.kind()) {
        Some(ParseErrorKind::OutOfRange | ParseErrorKind::Impossible) => format!(
            "`{s}` is no date and time: that month has no such day, or the time is past 23:59 \
             (the day after `2026-12-24 24:00` is `2026-12-25 00:00`)"
        ),
        _ => format!("`{s}` must be a local date and time such as `2026-12-24 18:00`"),
    }
}

pub(super) fn hh_mm<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveTime, D::Error> {
    d.deserialize_str(ParseStr(
        |s: &str| {
            NaiveTime::parse_from_str(s, "%H:%M")
                .map_err(|_| format!("time `{s}` must be 24-hour HH:MM, such as `09:00`"))
        },
        "a time as HH:MM",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_and_time_out_of_range_is_told_so() {
        let parse = |s: &str| {
            let v = serde_yaml::Value::String(s.into());
            local_datetime(v).map_err(|e| e.to_string())
        };
        for s in ["2026-02-30 09:00", "2026-12-24 24:00", "2026-13-01 09:00"] {
            let e = parse(s).unwrap_err();
            assert!(e.contains("no such day"), "{s}: {e}");
        }
        let e = parse("24 December").unwrap_err();
        assert!(e.contains("must be a local date and time such as"), "{e}");
        assert!(parse("2026-12-24 18:00").is_ok());
        assert!(parse("2026-12-24").is_ok());
    }
}
