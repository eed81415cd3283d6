"""Validates iCalendar feeds with Python's vobject, the strictest offline parser we know.

Usage: python3 validate_vobject.py FEED.ics...  Exits 1 if any feed fails.
"""
import sys

import vobject
from report import run  # beside this file


def check(path):
    with open(path, "rb") as f:
        raw = f.read()
    text = raw.decode("utf-8")
    cal = vobject.readOne(text, validate=True)
    cal.validate(raiseException=True)
    if cal.name != "VCALENDAR":
        raise ValueError("not a VCALENDAR")
    for prop in ("version", "prodid"):
        if not hasattr(cal, prop):
            raise ValueError(f"no {prop.upper()}")
    # A feed of an engineer without duty holds no event: a valid, empty calendar.
    events = list(getattr(cal, "vevent_list", []))
    for ev in events:
        ev.validate(raiseException=True)
        for prop in ("uid", "dtstamp", "dtstart", "summary"):
            if not hasattr(ev, prop):
                raise ValueError(f"event without {prop.upper()}")
        if ev.dtstamp.value.tzinfo is None:
            raise ValueError("DTSTAMP is not in UTC")
    return len(events)


if __name__ == "__main__":
    sys.exit(run("vobject", check, sys.argv[1:]))
