// Prints, as JSON, what ical.js reads of each feed given: the calendar's names and each
// event's UID, times (UTC, or the date of an all-day one), texts and reminder, for
// agree.py to compare with what vobject and Python's icalendar read.
"use strict";
const fs = require("fs");
const ICAL = require("ical.js");

const out = {};
for (const path of process.argv.slice(2)) {
  const cal = new ICAL.Component(ICAL.parse(fs.readFileSync(path, "utf8")));
  const when = (t) => (t.isDate ? t.toString() : t.toJSDate().toISOString().replace(".000Z", "Z"));
  out[path] = {
    cal: Object.fromEntries(
      ["x-wr-calname", "x-wr-caldesc", "name", "description"].map((p) => [p, cal.getFirstPropertyValue(p)]),
    ),
    events: cal.getAllSubcomponents("vevent").map((v) => {
      const e = new ICAL.Event(v);
      const alarm = v.getFirstSubcomponent("valarm");
      return {
        uid: e.uid,
        start: when(e.startDate),
        end: when(e.endDate),
        summary: e.summary,
        description: e.description,
        alarm: alarm ? alarm.getFirstPropertyValue("description") : null,
      };
    }),
  };
}
console.log(JSON.stringify(out));
