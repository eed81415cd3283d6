"""A year of weekly edits to the example site, replayed into a model subscriber.

Usage: python3 subscriber.py PIPEBOOK [WEEKS] [SEED]

Copies the example site (content/, themes/) to a temporary folder, then each week builds
it at that week's Monday 01:00 UTC (SOURCE_DATE_EPOCH) after one random edit a team makes
(time off ahead, an override ahead or one taken out before it starts, a holiday ahead, a
rename, a new id, a new hire at the end of `rotation.order`, nothing), and replays every feed into a
model client that keeps what it saw by UID, as Google Calendar does between refreshes,
and applies RFC 5546's rule (a revision with a SEQUENCE not above the one held is not
news). It flags, per feed:

  - an event whose who or when (DTSTART, DTEND, SUMMARY) changed at a SEQUENCE not
    above the one held: a client going by SEQUENCE keeps the old one (a description
    alone may change at the same SEQUENCE, as the README says);
  - a SEQUENCE that fell;
  - an event unchanged in content whose SEQUENCE, DTSTAMP or LAST-MODIFIED moved (churn);
  - an event that had ended when the previous build ran changed (but for a rename, which
    rewrites names in past events by design), or removed while it is still within the
    published weeks (Outlook drops it; Google keeps the old copy);
  - the shift on call at the build's clock in the previous fetch vanishing.

Real clients differ, and each is modelled:

  - Google refreshes every 8-24 hours, so it may skip builds: the rules above are
    replayed again on every 3rd build only, against the one it read three builds before
    (an event changed and changed back in between may have a higher SEQUENCE: not churn);
  - Outlook drops the events a later fetch lacks, so it shows exactly the last fetch:
    the team feed's on-call events cover each instant of the published weeks once (no
    gap, no overlap);
  - a client that keys events by UID alone across calendars (one subscribes to the
    team's feed and their own; an engineer's feed is written at their old address too
    after an id change): a UID in two feeds is the same event in both;
  - the feeds use no RRULE, RDATE, EXDATE or RECURRENCE-ID, which clients read each
    their own way: any is flagged.

A team's edits include an engineer's new id (the old under `formerly`).

Edits are chosen never to touch days already served, so every flag is a fault; an
edit the build refuses (an override over time off) is undone. Prints
one line per flag and a summary; exits 1 when anything was flagged.
"""
import datetime as dt
import os
import pathlib
import random
import re
import shutil
import subprocess
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parents[2]
T0 = 1_796_000_000  # Mon 30 Nov 2026 00:53:20 UTC
NOISE = {"DTSTAMP", "LAST-MODIFIED", "SEQUENCE"}
# Who and when: pipebook raises SEQUENCE when they change (README, "Calendar feeds"), as
# RFC 5546 asks for a change of DTSTART or DTEND; a text alone (a description) may change
# at the same SEQUENCE.
SIGNIFICANT = {"DTSTART", "DTEND", "DTSTART;VALUE=DATE", "DTEND;VALUE=DATE", "SUMMARY"}


def events(path):
    """UID -> {property line name: value} of each VEVENT, lines unfolded."""
    text = path.read_bytes().decode()
    lines = text.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")
    out, cur, inner = {}, None, ""
    for line in lines:
        if line == "BEGIN:VEVENT":
            cur = {}
        elif line == "END:VEVENT":
            out[cur["UID"]] = cur
            cur = None
        elif cur is not None and line.startswith("BEGIN:"):
            inner = line[6:] + "."  # a VALARM's properties are its own
        elif cur is not None and line.startswith("END:"):
            inner = ""
        elif cur is not None and ":" in line:
            name, value = line.split(":", 1)
            cur[inner + name] = value
    return out


def stamp(value):
    value = value.split(":")[-1]
    if len(value) == 8:
        return dt.datetime.strptime(value, "%Y%m%d").replace(tzinfo=dt.timezone.utc)
    return dt.datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.timezone.utc)


def start_end(ev):
    start = next(v for k, v in ev.items() if k.split(";")[0] == "DTSTART")
    end = next((v for k, v in ev.items() if k.split(";")[0] == "DTEND"), start)
    return stamp(start), stamp(end)


def content(ev):
    return {k: v for k, v in ev.items() if k not in NOISE and not k.startswith("X-")}


def build(root, epoch):
    env = dict(os.environ, SOURCE_DATE_EPOCH=str(epoch))
    o = subprocess.run([PIPEBOOK, "build", "--root", str(root)], env=env,
                       capture_output=True, text=True)
    if o.returncode != 0:
        print(o.stderr.strip().splitlines()[0] if o.stderr.strip() else o.returncode,
              file=sys.stderr)
    return o.returncode == 0


def feeds(public):
    paths = [public / "oncall.ics"] + sorted((public / "oncall").glob("*.ics"))
    return {str(p.relative_to(public)): events(p) for p in paths if p.is_file()}


class Editor:
    def __init__(self, root, rng):
        self.root, self.rng = root, rng
        self.overrides = []  # (line, from datetime)
        self.hires = 0
        self.engineers = ["de1", "de2", "de3", "de4"]  # ids as they are now

    def edit(self, file, f):
        p = self.root / "content" / file
        p.write_text(f(p.read_text()))

    def day_ahead(self, now, weeks_min, weeks_max):
        d = now.date() + dt.timedelta(days=self.rng.randint(7 * weeks_min, 7 * weeks_max))
        return d

    def apply(self, now):
        r = self.rng
        kind = r.choice(["time_off", "override", "unoverride", "holiday", "rename",
                         "hire", "reid", "nothing"])
        engineers = self.engineers
        if kind == "time_off":
            who = r.choice(engineers)
            d = self.day_ahead(now, 2, 10)
            to = d + dt.timedelta(days=r.randint(0, 6))
            def team(t):
                block = re.search(rf"  - id: {who}\n(?:    [^\n]*\n)*", t).group(0)
                if "    time_off: [" in block:
                    new = block.replace("    time_off: [", f"    time_off: [{{ from: {d}, to: {to} }}, ", 1)
                else:
                    new = block.replace("\n", f"\n    time_off: [{{ from: {d}, to: {to}, reason: trip }}]\n", 1)
                return t.replace(block, new, 1)
            self.edit("team.yaml", team)
            return f"{kind} {who} {d}..{to}"
        if kind == "override":
            d = self.day_ahead(now, 2, 20)
            h = r.randint(0, 23)
            start = dt.datetime(d.year, d.month, d.day, h)
            end = start + dt.timedelta(hours=r.choice([12, 24, 36, 72]))
            if any(abs((s - start).days) < 5 for _, s in self.overrides):
                return "nothing (override clash)"
            line = (f'  - {{ from: "{start:%Y-%m-%d %H:%M}", to: "{end:%Y-%m-%d %H:%M}", '
                    f'engineer: {r.choice(engineers)}, reason: cover }}\n')
            self.edit("oncall.yaml", lambda t: t + ("overrides:\n" if "\noverrides:" not in t else "") + line)
            self.overrides.append((line, start))
            return f"{kind} {line.strip()}"
        if kind == "unoverride":
            ahead = [(l, s) for l, s in self.overrides
                     if s > now.replace(tzinfo=None) + dt.timedelta(days=2)]
            if not ahead:
                return "nothing (no override ahead)"
            line, s = r.choice(ahead)
            self.edit("oncall.yaml", lambda t: t.replace(line, "", 1))
            self.overrides.remove((line, s))
            return f"{kind} {line.strip()}"
        if kind == "holiday":
            d = self.day_ahead(now, 6, 30)
            if f"date: {d}," in (self.root / "content/oncall.yaml").read_text():
                return "nothing (holiday there)"
            self.edit("oncall.yaml", lambda t: t.replace(
                "\nholidays:\n", f"\nholidays:\n  - {{ date: {d}, name: \"Team Day\" }}\n", 1))
            return f"{kind} {d}"
        if kind == "rename":
            who = r.choice(engineers)
            n = r.randint(1, 99)
            self.edit("team.yaml", lambda t: re.sub(
                rf"(  - id: {who}\n(?:    (?:time_off|formerly): [^\n]*\n)*    name: )[^\n]*",
                rf"\g<1>Engineer {who} v{n}", t, 1))
            return f"{kind} {who}"
        if kind == "reid":
            # A new id, the old one under `formerly` (README, team.yaml): their feed is
            # written at both addresses, every event keeping its UID and SEQUENCE.
            i = r.randrange(len(engineers))
            who, new = engineers[i], f"eng{r.randint(10, 99)}"
            if new in engineers or f"{new}]" in (self.root / "content/team.yaml").read_text():
                return "nothing (id taken)"
            def team(t):
                block = re.search(rf"  - id: {who}\n(?:    [^\n]*\n)*", t).group(0)
                m = re.search(r"    formerly: \[([^\]]*)\]\n", block)
                before = (m.group(1) + ", " if m else "") + who
                rest = block.split("\n", 1)[1].replace(m.group(0), "") if m else block.split("\n", 1)[1]
                return t.replace(block, f"  - id: {new}\n    formerly: [{before}]\n{rest}", 1)
            self.edit("team.yaml", team)
            for file in ("oncall.yaml", "pipelines.yaml"):
                self.edit(file, lambda t: re.sub(rf"\b{who}\b", new, t))
            self.overrides = [(re.sub(rf"\b{who}\b", new, l), s) for l, s in self.overrides]
            engineers[i] = new
            return f"{kind} {who} -> {new}"
        if kind == "hire" and self.hires < 2:
            # A new hire joins at the end of the order: rule 1 renumbers every shift, so
            # this is the one edit the README says rewrites served weeks; left out.
            return "nothing (hire skipped: rule 1 renumbers served shifts, a contract)"
        return "nothing"


def compare(held, fetched, prev_now, now, tag_of, what, flags, churn=True):
    """The rules of a client that keeps what it saw by UID and goes by SEQUENCE: `held`
    the fetch it last read (at `prev_now`), `fetched` this one (at `now`). `churn`: flag
    an event unchanged whose SEQUENCE moved (not for a client that skipped builds, in
    which it may have changed and changed back)."""
    first_published = min(
        (start_end(e)[0] for e in fetched.get("oncall.ics", {}).values()), default=now)
    for feed, evs in held.items():
        new = fetched.get(feed, {})
        for uid, old in evs.items():
            s, e = start_end(old)
            ev = new.get(uid)
            tag = f"{tag_of} {feed} {uid}"
            if ev is None:
                if e > first_published and e <= prev_now:
                    flags.append(f"{tag}: a past event still published removed")
                # The shift on call now gone, and no event of its feed naming the same
                # holder at this instant (a shift's piece after an override taken out
                # is the whole shift's event again).
                covered = any(start_end(n)[0] <= now < start_end(n)[1]
                              and n.get("SUMMARY") == old.get("SUMMARY") for n in new.values())
                if s <= now < e and uid.startswith("shift-") and not covered:
                    flags.append(f"{tag}: the current shift vanished")
                continue
            so, sn = int(old["SEQUENCE"]), int(ev["SEQUENCE"])
            if sn < so:
                flags.append(f"{tag}: SEQUENCE fell {so} -> {sn}")
            if content(old) != content(ev):
                keys = set(content(old)) | set(content(ev))
                changed = sorted(k for k in keys if content(old).get(k) != content(ev).get(k))
                if sn <= so and SIGNIFICANT & set(changed):
                    flags.append(f"{tag}: changed {changed} at SEQUENCE {so} -> {sn}")
                # A rename rewrites the names in past events too, by design.
                if e <= prev_now and "rename" not in what:
                    flags.append(f"{tag}: a past event changed {changed}")
            elif churn and any(old.get(k) != ev.get(k) for k in NOISE):
                flags.append(f"{tag}: unchanged but {[k for k in NOISE if old.get(k) != ev.get(k)]} moved")


def on_call(evs):
    """The team feed's on-call events (shifts, overrides, not duties): (start, end, uid)."""
    return sorted((*start_end(e), uid) for uid, e in evs.items()
                  if e.get("SUMMARY", "").startswith("On call: "))


def outlook(fetched, tag, flags):
    """Outlook holds exactly the last fetch (it drops what a later one lacks): each
    instant of the published weeks has one engineer on call in the team feed, with no
    gap and no overlap, or its calendar shows no one (or two) on call then."""
    shown = on_call(fetched.get("oncall.ics", {}))
    for (s0, e0, u0), (s1, e1, u1) in zip(shown, shown[1:]):
        if s1 != e0:
            what = "a gap" if s1 > e0 else "an overlap"
            flags.append(f"{tag} oncall.ics: {what} between {u0} (to {e0}) and {u1} (from {s1})")


def one_uid_one_event(fetched, tag, flags):
    """A client that keys events by UID alone across calendars (one subscribes to the
    team's feed and their own): a UID in two feeds must be the same event in both; and
    the feeds use no RRULE or RECURRENCE-ID, which such clients read each their way."""
    seen = {}
    for feed, evs in fetched.items():
        for uid, ev in evs.items():
            if any(k.split(";")[0] in ("RRULE", "RECURRENCE-ID", "RDATE", "EXDATE") for k in ev):
                flags.append(f"{tag} {feed} {uid}: a recurrence property")
            if uid in seen and content(seen[uid][1]) != content(ev):
                flags.append(f"{tag} {uid}: in {seen[uid][0]} and {feed}, not the same event")
            seen.setdefault(uid, (feed, ev))


def main():
    weeks = int(sys.argv[2]) if len(sys.argv) > 2 else 52
    seed = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    rng = random.Random(seed)
    flags = []
    with tempfile.TemporaryDirectory() as tmp:
        root = pathlib.Path(tmp)
        shutil.copytree(ROOT / "content", root / "content")
        shutil.copytree(ROOT / "themes", root / "themes")
        editor = Editor(root, rng)
        build(root, T0)
        held = feeds(root / "public")  # feed -> uid -> event, as the client holds it
        prev_now = dt.datetime.fromtimestamp(T0, dt.timezone.utc)
        # Google refreshes every 8-24 h, so it may skip builds: it reads every 3rd.
        g_held, g_now, g_what = held, prev_now, []
        for w in range(1, weeks + 1):
            epoch = T0 + w * 7 * 86400
            now = dt.datetime.fromtimestamp(epoch, dt.timezone.utc)
            files = {p: p.read_text() for p in (root / "content").glob("*.yaml")}
            overrides, engineers = list(editor.overrides), list(editor.engineers)
            what = editor.apply(now)
            if not build(root, epoch):
                # An edit check refuses (an override over time off): the team fixes it.
                for p, text in files.items():
                    p.write_text(text)
                editor.overrides, editor.engineers = overrides, engineers
                what = f"nothing ({what} refused)"
                if not build(root, epoch):
                    raise SystemExit(f"build failed at {epoch}")
            fetched = feeds(root / "public")
            tag = f"week {w} ({what})"
            compare(held, fetched, prev_now, now, tag, what, flags)
            outlook(fetched, tag, flags)
            one_uid_one_event(fetched, tag, flags)
            g_what.append(what)
            if w % 3 == 0:
                whats = "; ".join(g_what)
                compare(g_held, fetched, g_now, now, f"Google {tag} (since: {whats})", whats, flags, False)
                g_held, g_now, g_what = fetched, now, []
            held = fetched
            prev_now = now
            print(f"week {w}: {what}", file=sys.stderr)
    for f in flags:
        print(f)
    print(f"{weeks} weeks, seed {seed}: {len(flags)} flags")
    return 1 if flags else 0


if __name__ == "__main__":
    PIPEBOOK = sys.argv[1]
    sys.exit(main())
