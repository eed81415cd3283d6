"""Validates iCalendar feeds with Python's `icalendar` (the library of many Python
calendar tools and CalDAV servers), strictly: a property it cannot read is an error.

Usage: python3 validate_icalendar.py FEED.ics...  Exits 1 if any feed fails.
"""
import sys

import icalendar
from report import run  # beside this file


def check(path):
    with open(path, "rb") as f:
        raw = f.read()
    if b"\n" in raw.replace(b"\r\n", b""):
        raise ValueError("a line ends without CR")
    cals = icalendar.Calendar.from_ical(raw, multiple=True)
    if len(cals) != 1 or cals[0].name != "VCALENDAR":
        raise ValueError("not one VCALENDAR")
    cal = cals[0]
    if cal.get("VERSION") != "2.0" or not cal.get("PRODID"):
        raise ValueError("no VERSION 2.0 or no PRODID")
    uids = set()
    events = cal.walk("VEVENT")  # none for an engineer without duty: valid, empty
    for component in cal.walk():
        if component.errors:
            raise ValueError(f"{component.name}: {component.errors}")
    for ev in events:
        for prop in ("UID", "DTSTAMP", "DTSTART", "DTEND", "SUMMARY"):
            if prop not in ev:
                raise ValueError(f"event without {prop}")
        uid = str(ev["UID"])
        if uid in uids:
            raise ValueError(f"UID {uid} twice")
        uids.add(uid)
        if ev.decoded("DTSTAMP").utcoffset() is None or ev.decoded("DTSTAMP").utcoffset().total_seconds():
            raise ValueError(f"{uid}: DTSTAMP not in UTC")
        if ev.decoded("DTEND") <= ev.decoded("DTSTART"):
            raise ValueError(f"{uid}: end is not after start")
    # What it writes back must read the same (round trip).
    again = icalendar.Calendar.from_ical(cal.to_ical())
    if len(again.walk("VEVENT")) != len(events):
        raise ValueError("events lost on a round trip")
    return len(events)


if __name__ == "__main__":
    sys.exit(run("icalendar", check, sys.argv[1:]))
