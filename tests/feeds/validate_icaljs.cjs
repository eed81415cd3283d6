// Validates iCalendar feeds with ical.js (the parser of Thunderbird and many web clients).
// Usage: node validate_icaljs.cjs FEED.ics...   Exits 1 if any feed fails.
"use strict";
const fs = require("fs");
const ICAL = require("ical.js");

function check(path) {
  const text = fs.readFileSync(path, "utf8");
  const cal = new ICAL.Component(ICAL.parse(text));
  if (cal.name !== "vcalendar") throw new Error("not a VCALENDAR");
  if (cal.getFirstPropertyValue("version") !== "2.0") throw new Error("VERSION is not 2.0");
  if (!cal.getFirstPropertyValue("prodid")) throw new Error("no PRODID");
  const events = cal.getAllSubcomponents("vevent");
  // A feed of an engineer without duty holds no event: a valid, empty calendar.
  const uids = new Set();
  for (const v of events) {
    const ev = new ICAL.Event(v);
    if (!ev.uid) throw new Error("event without UID");
    if (uids.has(ev.uid)) throw new Error("duplicate UID " + ev.uid);
    uids.add(ev.uid);
    const stamp = v.getFirstPropertyValue("dtstamp");
    if (!stamp || stamp.zone !== ICAL.Timezone.utcTimezone) throw new Error(ev.uid + ": DTSTAMP not in UTC");
    if (!ev.startDate || !ev.endDate || ev.endDate.compare(ev.startDate) <= 0) {
      throw new Error(ev.uid + ": end is not after start");
    }
    if (!ev.startDate.isDate && ev.startDate.zone !== ICAL.Timezone.utcTimezone) {
      throw new Error(ev.uid + ": start is neither UTC nor a date");
    }
    if (!ev.summary) throw new Error(ev.uid + ": no SUMMARY");
  }
  return events.length;
}

let passed = 0, failed = 0;
for (const path of process.argv.slice(2)) {
  try {
    const n = check(path);
    passed++;
    console.log(`ok    ${path} (${n} events)`);
  } catch (e) {
    failed++;
    console.log(`FAIL  ${path}: ${e.message}`);
  }
}
console.log(`ical.js: ${passed} passed, ${failed} failed`);
process.exit(failed || !passed ? 1 : 0);
