"""Compares the calendar feeds of two builds event by event.

Usage: python3 churn.py BEFORE_PUBLIC AFTER_PUBLIC [--quiet]
Reads `oncall.ics` and `oncall/*.ics` of both output folders with Python's `icalendar`
and prints, per feed, the events added, removed and changed (by UID), with the names of
the properties that changed; then one summary line:
`feeds F events E added A removed R changed C (props: NAME=count ...)`.
"""
import collections
import pathlib
import sys

import icalendar


def feeds(public):
    public = pathlib.Path(public)
    paths = [public / "oncall.ics"] + sorted((public / "oncall").glob("*.ics"))
    return {str(p.relative_to(public)): p for p in paths if p.is_file()}


def events(path):
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    out = {}
    for ev in cal.walk("VEVENT"):
        props = collections.defaultdict(list)
        for name, value in ev.property_items(recursive=True):
            if name in ("BEGIN", "END"):
                continue
            props[name].append(value.to_ical() if hasattr(value, "to_ical") else value)
        uid = str(ev.get("UID"))
        if uid in out:
            raise ValueError(f"{path}: UID {uid} twice")
        out[uid] = dict(props)
    cal_props = {k: [v.to_ical() for v in (vs if isinstance(vs, list) else [vs])]
                 for k, vs in cal.items()}
    return out, cal_props


def main(before, after, quiet):
    a, b = feeds(before), feeds(after)
    total = collections.Counter()
    props = collections.Counter()
    for name in sorted(set(a) | set(b)):
        if name not in b:
            print(f"{name}: feed removed")
            total["feeds removed"] += 1
            continue
        if name not in a:
            print(f"{name}: feed added")
            total["feeds added"] += 1
            continue
        (ea, ca), (eb, cb) = events(a[name]), events(b[name])
        total["feeds"] += 1
        total["events"] += len(eb)
        for k in sorted(set(ca) | set(cb)):
            if ca.get(k) != cb.get(k):
                print(f"{name}: calendar {k} changed")
                props["cal:" + k] += 1
        for uid in sorted(set(ea) | set(eb)):
            if uid not in eb:
                total["removed"] += 1
                if not quiet:
                    print(f"{name}: removed {uid}")
            elif uid not in ea:
                total["added"] += 1
                if not quiet:
                    print(f"{name}: added {uid}")
            elif ea[uid] != eb[uid]:
                changed = sorted(k for k in set(ea[uid]) | set(eb[uid])
                                 if ea[uid].get(k) != eb[uid].get(k))
                total["changed"] += 1
                props.update(changed)
                if not quiet:
                    print(f"{name}: changed {uid}: {' '.join(changed)}")
    summary = " ".join(f"{k} {total[k]}" for k in
                       ("feeds", "events", "added", "removed", "changed"))
    extra = " ".join(f"{k}={v}" for k, v in sorted(props.items()))
    print(f"{summary} (props: {extra})")


if __name__ == "__main__":
    args = [x for x in sys.argv[1:] if not x.startswith("--")]
    main(args[0], args[1], "--quiet" in sys.argv)
