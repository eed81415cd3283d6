"""Reads every feed of a built site with Python's `icalendar`, vobject and ical.js, and
checks that the three read the same calendar names and the same events (UID, times,
summary, description, reminder), and that the team feed and each engineer's feed show
every shift of `oncall.json` with its holder's name and times.

Usage: NODE_PATH=... python3 agree.py PUBLIC...   Exits 1 on any difference.
"""
import datetime as dt
import json
import pathlib
import subprocess
import sys

import icalendar
import vobject

CAL_PROPS = ("x-wr-calname", "x-wr-caldesc", "name", "description")


def when(t):
    if isinstance(t, dt.datetime):
        return t.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    return t.isoformat()


def by_icalendar(path):
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    events = []
    for e in cal.walk("VEVENT"):
        alarms = [str(a.get("DESCRIPTION")) for a in e.walk("VALARM")]
        events.append(dict(uid=str(e["UID"]), start=when(e.decoded("DTSTART")),
                           end=when(e.decoded("DTEND")), summary=str(e["SUMMARY"]),
                           description=str(e["DESCRIPTION"]),
                           alarm=alarms[0] if alarms else None))
    names = {p: str(cal.get(p.upper())) if cal.get(p.upper()) is not None else None
             for p in CAL_PROPS}
    return dict(cal=names, events=events)


def by_vobject(path):
    cal = vobject.readOne(path.read_text(encoding="utf-8"))
    events = []
    for e in getattr(cal, "vevent_list", []):
        alarm = getattr(e, "valarm", None)
        events.append(dict(uid=e.uid.value, start=when(e.dtstart.value),
                           end=when(e.dtend.value), summary=e.summary.value,
                           description=e.description.value,
                           alarm=alarm.description.value if alarm else None))
    names = {p: cal.contents[p][0].value if p in cal.contents else None for p in CAL_PROPS}
    return dict(cal=names, events=events)


def main(publics):
    failures = []
    for public in map(pathlib.Path, publics):
        feeds = [public / "oncall.ics"] + sorted((public / "oncall").glob("*.ics"))
        js = json.loads(subprocess.run(
            ["node", str(pathlib.Path(__file__).with_name("agree_icaljs.cjs"))]
            + [str(p) for p in feeds], capture_output=True, text=True, check=True).stdout)
        read = {}
        for path in feeds:
            readers = {"icalendar": by_icalendar(path), "vobject": by_vobject(path),
                       "ical.js": js[str(path)]}
            for prop in CAL_PROPS:
                seen = {r: got["cal"][prop] for r, got in readers.items()}
                if len(set(seen.values())) != 1:
                    failures.append(f"{path}: {prop} read as {seen}")
            events = {r: {e["uid"]: e for e in got["events"]} for r, got in readers.items()}
            if len({frozenset(e) for e in events.values()}) != 1:
                failures.append(f"{path}: the readers read different UIDs")
            for uid, event in events["icalendar"].items():
                for key in event:
                    seen = {r: evs.get(uid, {}).get(key) for r, evs in events.items()}
                    if len(set(map(str, seen.values()))) != 1:
                        failures.append(f"{path}: {uid} {key} read as {seen}")
            read[path.name] = list(events["icalendar"].values())
        data = json.loads((public / "oncall.json").read_text())
        names = {e["id"]: e["name"] for e in data["engineers"]}
        for shift in data["shifts"]:
            start, end = (when(dt.datetime.fromisoformat(shift[k])) for k in ("start", "end"))
            summary = f"On call: {names.get(shift['engineer'], shift['engineer'])}"
            summary += " (override)" if shift["override"] else ""
            for feed in ("oncall.ics", f"{shift['engineer']}.ics"):
                if not any(e["start"] <= start and end <= e["end"] and e["summary"] == summary
                           for e in read[feed]):
                    failures.append(f"{public}/{feed}: no event {summary!r} over {start} to {end}")
        print(f"{public}: {len(feeds)} feeds, {sum(map(len, read.values()))} events and "
              f"{len(data['shifts'])} shifts of oncall.json read alike by 3 parsers")
    for f in failures[:40]:
        print("FAIL", f)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
