// Site behaviour shared by every page: the live "who is on call now" answer, and the
// search box, whose script and index load only when someone starts to search.

// A time as the build writes it ("Mon 7 Dec 2026, 09:00 EST", src/render/oncall.rs), in
// `zone`: the browser's own format ("Mon, Dec 7, 02:00 PM UTC") stood beside the static
// one on the same page. English, as the pages are; the year when asked; a week's day
// alone ("7 Dec 2026") with `dayOnly`.
// A zone the browser does not know (one new in tzdata, America/Coyhaique in 2025b, on a
// phone whose ICU is older) is UTC, which the time then names.
function pipebookWhen(iso, zone, year, dayOnly) {
  if (!pipebookKnowsZone(zone)) zone = "UTC";
  var o = { weekday: "short", day: "numeric", month: "short", year: "numeric", timeZone: zone };
  if (!dayOnly) { o.hour = "2-digit"; o.minute = "2-digit"; o.hourCycle = "h23"; o.timeZoneName = "short"; }
  var p = {};
  new Intl.DateTimeFormat("en-US", o).formatToParts(new Date(iso)).forEach(function (x) { p[x.type] = x.value; });
  if (dayOnly) return p.day + " " + p.month + " " + p.year;
  return p.weekday + " " + p.day + " " + p.month + (year ? " " + p.year : "") +
    ", " + p.hour + ":" + p.minute + " " + p.timeZoneName;
}

// Whether this browser can write times in `zone` (undefined: the reader's own, always):
// Intl throws a RangeError for a zone its ICU lacks. Asked once a zone, not once a time.
var pipebookZones = new Map();
function pipebookKnowsZone(zone) {
  if (zone === undefined) return true;
  if (!pipebookZones.has(zone)) {
    try { new Intl.DateTimeFormat("en-US", { timeZone: zone }); pipebookZones.set(zone, true); } catch (e) { pipebookZones.set(zone, false); }
  }
  return pipebookZones.get(zone);
}

// A page whose HTML stopped halfway (a phone's network dropping on Slow 3G): the browser
// shows what came as if it were all of it, a runbook's first steps with no sign of the
// rest. This script runs once the HTML has ended, whole or not; every page ends with the
// theme's footer (a child of body: a runbook's own is inside its article), so without it
// the page says so (at the bottom of the screen, as a changed page's offer is), offers
// to load it again, and fetches the stylesheet linked after the footer.
(function () {
  "use strict";
  if (document.querySelector("body > footer.site-footer")) return;
  var base = document.documentElement.getAttribute("data-base") || "/";
  var note = document.createElement("p"), button = document.createElement("button");
  note.className = "updated-bar cut-note";
  note.setAttribute("role", "alert");
  note.textContent = "This page did not load completely: the network stopped before the rest of it came. ";
  button.type = "button";
  button.textContent = "Load it again";
  button.addEventListener("click", function () { location.reload(); });
  note.appendChild(button);
  (document.querySelector("main") || document.body).appendChild(note);
  if (!document.querySelector('link[href$="static/style.css"]')) {
    var css = document.createElement("link");
    css.rel = "stylesheet";
    css.href = base + "static/style.css";
    document.head.appendChild(css);
  }
})();

// How far the device's clock is behind the network's (ms), when the on-call script found
// it wrong: the dates greyed as past go by the same time as the box.
var pipebookSkew = 0;

// How far the network's clock reads from the device's (ms; 0 within five minutes), by an
// answer of the site `r` (asked at `sent` by the device's clock) carrying the schedule `d`;
// `plausible` false when the network's reads outside the schedule's dates. The on-call box
// and the search's "On call now" card (search-answers.js) both go by it.
function pipebookClockOff(r, sent, d) {
  var SKEW = 5 * 60 * 1000;
  // A cache on the way answers with its `Age` (seconds since it stored the file) and a
  // `Date`: the one it stored (CloudFront, as RFC 9111 asks), or its own, of now
  // (Cloudflare, Fastly, Varnish). Which is not said: the network's clock reads between
  // `Date` and `Date` + `Age`, and the device's is wrong only outside both.
  var age = Number(r.headers.get("Age"));
  var date = Date.parse(r.headers.get("Date") || ""), got = Date.now();
  if (isNaN(date)) return { off: 0, plausible: true };
  var latest = date + (age > 0 ? age * 1000 : 0);
  // `Date` has whole seconds, and was written between the request and its answer.
  var off = latest + 1000 < sent - SKEW ? latest - sent : date > got + SKEW ? date - got : 0;
  // A broken proxy's `Date` years off (its own clock lost): believed, it made the box
  // say no one is on call. The network's clock is believed only while it reads inside
  // the schedule it sent: from its publication to its last shift's end.
  var from = Date.parse(d.generated || ""), shifts = d.shifts || [];
  var to = shifts.length ? Math.max.apply(null, shifts.map(function (x) { return Date.parse(x.end) || 0; })) : Infinity;
  return { off: off, plausible: !(got + off < from - SKEW) && !(got + off > to) };
}

// How far a clock is off (ms), in words: "3 days".
function pipebookAgo(ms) {
  var off = Math.abs(ms), h = 3600 * 1000;
  return off >= 730 * 24 * h ? Math.round(off / (365.25 * 24 * h)) + " years" :
    off >= 48 * h ? Math.round(off / (24 * h)) + " days" : off >= 2 * h ? Math.round(off / h) + " hours" :
    Math.round(off / 60000) + " minutes";
}

// What the on-call box and the search's card say of a device's clock the network's
// (`pipebookClockOff`) finds `skew` ms behind (or ahead, negative).
function pipebookClockNote(skew) {
  return "This device's clock is " + pipebookAgo(skew) + (skew > 0 ? " behind" : " ahead") + ": on call now is worked out with the site's clock.";
}

// Search: "/" focuses the box; search.js loads on first focus or on the search page.
(function () {
  "use strict";
  var base = document.documentElement.getAttribute("data-base") || "/";
  // The theme's own elements: an id inside a runbook's text is its author's, and must not
  // take a hook of these scripts (`## Results {#search-results}`).
  var own = function (id) {
    var el = document.getElementById(id);
    return el && !el.closest("article") ? el : null;
  };
  var input = own("search-input");
  var loaded = false;
  var load = function () {
    if (loaded) return;
    loaded = true;
    // The index's list of shards is fetched beside the client, not after it: one round
    // trip less before the first result on a slow network. search.js takes this promise
    // (a Promise: an element of the page named like it is not one).
    if (window.fetch && !window.pipebookMeta) {
      // Droppable by search.js's "Try again": a hung request holds the browser's cache
      // entry, and a second request for the same file waited behind it.
      var stop = window.AbortController ? new AbortController() : null;
      window.pipebookMetaStop = stop ? function () { stop.abort(); } : null;
      window.pipebookMeta = fetch(base + "search/meta.json", stop ? { signal: stop.signal } : undefined).then(function (r) {
        // The service worker's word on the network, for search.js (see sw.js).
        window.pipebookMetaOffline = r.headers.get("X-Pipebook-Offline") === "1";
        if (!r.ok) throw new Error("meta.json: " + r.status);
        return r.json();
      });
      window.pipebookMeta.catch(function () { /* search.js fetches it again, and says why */ });
    }
    var s = document.createElement("script");
    s.src = base + "static/search.js";
    s.setAttribute("data-index", base + "search/");
    // Offline before search was ever used: say so where results would be.
    s.addEventListener("error", function () {
      loaded = false;
      var msg = "You are offline, and search is not saved on this device.";
      var status = own("path-search-status");
      if (status) { own("path-search").hidden = false; status.textContent = msg; }
      if (pageStatus) {
        pageStatus.textContent = msg;
        if (own("search-pending")) own("search-pending").hidden = true;
      }
      var popup = own("search-popup");
      if (!popup || !input || document.activeElement !== input) return;
      var p = document.createElement("p");
      p.className = "none";
      p.textContent = msg;
      popup.replaceChildren(p);
      popup.hidden = false;
      input.setAttribute("aria-expanded", "true");
    });
    document.head.appendChild(s);
  };
  // The search page with a query says it searches from the start: on a slow network the
  // client and the index take seconds, and the page showed nothing under the box. Beside
  // the status line, which says only outcomes (search-page.js hides it when one comes).
  var pageStatus = own("search-results") && own("search-status");
  if (pageStatus && !own("search-pending")) {
    var pending = document.createElement("p");
    pending.id = "search-pending";
    pending.textContent = "Searching…";
    pending.hidden = !new URLSearchParams(location.search).get("q");
    pageStatus.after(pending);
  }
  if (own("search-results") || own("path-search-results")) load();
  if (input) input.addEventListener("focus", load);
  // For head.js: search is hooked up (without it, the page says what to do instead).
  window.pipebookSearchOn = true;
  document.addEventListener("keydown", function (e) {
    var t = e.target, editing = t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
    if (e.key === "/" && !editing && !e.ctrlKey && !e.metaKey && !e.altKey) {
      var target = own("search-page-input") || input;
      if (target) { e.preventDefault(); target.focus(); }
    }
  });
})();

// Pointing at a step: the # beside a heading or a numbered step also copies the link to
// it; every code block gets a Copy button, which copies a shell session's commands alone.
(function () {
  "use strict";
  var copy = function (text) {
    return navigator.clipboard && navigator.clipboard.writeText ? navigator.clipboard.writeText(text) : Promise.reject();
  };
  var flash = function (after, text) {
    var note = document.createElement("span");
    note.className = "copied";
    note.setAttribute("role", "status");
    note.textContent = text;
    after.insertAdjacentElement("afterend", note);
    setTimeout(function () { note.remove(); }, 1500);
  };
  document.addEventListener("click", function (e) {
    var a = e.target.closest && e.target.closest("a.anchor, a.step-link");
    if (!a) return;
    copy(a.href).then(function () { flash(a, "Link copied"); }, function () {});
  });
  // A session's commands (`.cmd`, see src/highlight/session.rs) one per line, without
  // their prompts and output; any other block as it reads.
  // A command not wholly on screen (raw HTML can hide part of one in a closed <details>)
  // is never copied unseen: the block is then copied as it reads.
  var codeText = function (code) {
    var commands = code.querySelectorAll(".cmd"), shown = code.innerText;
    if (!commands.length) return shown;
    var lines = Array.prototype.map.call(commands, function (c) {
      var bare = c.cloneNode(true);
      bare.querySelectorAll(".gp").forEach(function (p) { p.remove(); });
      return bare.textContent;
    });
    var seen = lines.every(function (l) {
      return l.split("\n").every(function (part) { return shown.indexOf(part) >= 0; });
    });
    return seen ? lines.join("\n") : shown;
  };
  document.querySelectorAll("pre > code").forEach(function (code) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "copy-code";
    b.textContent = "Copy";
    var first = codeText(code).trim().split("\n")[0].slice(0, 40);
    b.setAttribute("aria-label", "Copy: " + first);
    b.addEventListener("click", function () {
      copy(codeText(code)).then(function () { b.textContent = "Copied"; flash(b, "Copied"); },
        function () { b.textContent = "Select and copy"; flash(b, "Not copied"); });
      setTimeout(function () { b.textContent = "Copy"; }, 1500);
    });
    code.parentElement.appendChild(b);
  });
  // GitHub's images for one colour scheme written as a <picture> (a <source media=
  // "(prefers-color-scheme: dark)">, Artsy's diagrams): the browser matches such a source
  // against the system's scheme only, so a reader who chose the dark theme on a light
  // system got the light drawing, dark lines on the dark page. A source whose media is
  // that one query alone follows the scheme chosen with the toggle, as `#gh-dark-mode-only`
  // images do (style.css), and the system's again with no choice.
  var schemed = [];
  document.querySelectorAll("picture > source[media]").forEach(function (s) {
    var m = /^\s*\(\s*prefers-color-scheme\s*:\s*(dark|light)\s*\)\s*$/i.exec(s.getAttribute("media"));
    if (m) schemed.push([s, m[1].toLowerCase()]);
  });
  var pictures = function () {
    var chosen = document.documentElement.getAttribute("data-theme");
    schemed.forEach(function (p) {
      var media = chosen === "dark" || chosen === "light" ? (chosen === p[1] ? "all" : "not all")
        : "(prefers-color-scheme: " + p[1] + ")";
      if (p[0].getAttribute("media") !== media) p[0].setAttribute("media", media);
    });
  };
  pictures();
  // A toggle button: a screen reader says whether the dark scheme is on (aria-pressed),
  // which a button that only said "switch" never told.
  var toggle = document.getElementById("theme-toggle");
  if (toggle) {
    var root = document.documentElement, system = matchMedia("(prefers-color-scheme: dark)");
    var dark = function () {
      var chosen = root.getAttribute("data-theme");
      return chosen === "dark" || (!chosen && system.matches);
    };
    var show = function () { toggle.setAttribute("aria-pressed", String(dark())); };
    show();
    if (system.addEventListener) system.addEventListener("change", show);
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      var next = dark() ? "light" : "dark";
      root.setAttribute("data-theme", next);
      try { localStorage.setItem("pipebook-theme", next); } catch (err) { /* private mode */ }
      show();
      pictures();
    });
  }
})();

// A link to an anchor in another letter case (`index.md#Responsibilities` for the heading
// whose id is `responsibilities`) works on GitHub, whose page script then looks for the
// anchor in lower case; the build accepts it (GitHub's ids). So here, on load and when
// the fragment changes, an anchor of the runbook found only in lower case becomes the
// address's, which scrolls to it and marks it (:target). Not after a text fragment
// (`#x:~:text=`), which the browser scrolls to and marks itself; a redirect page goes on
// with the fragment.
(function () {
  "use strict";
  var go = function () {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (e) { return; }
    var lower = id.toLowerCase(), el = lower !== id && !document.getElementById(id) && document.getElementById(lower);
    if (el && el.closest("article")) location.replace("#" + encodeURIComponent(lower));
  };
  var entry = performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
  if (!/#.*:~:/.test(entry ? entry.name : "")) go();
  addEventListener("hashchange", function (e) { if (!/#.*:~:/.test(e.newURL)) go(); });
})();

// The menu: below 1100 px the folder tree and (on phones) the site's links are in a
// drawer that the header's Menu button opens; Escape, a tap outside or a link closes it.
// From 1100 px the tree is a column. It is one file per folder (the build's
// _nav/<folder>/tree.html), fetched when it is first shown, and the page is marked in it.
// The table of contents is a closed list on phones and an open column from 1100 px.
(function () {
  "use strict";
  var root = document.documentElement;
  // The theme's elements, not an author's of the same id inside the runbook's text (the
  // drawer comes after it in the page).
  var own = function (id) {
    return Array.prototype.find.call(document.querySelectorAll('[id="' + id + '"]'),
      function (el) { return !el.closest("article"); }) || null;
  };
  var button = own("pipebook-menu"), drawer = own("pipebook-drawer");
  var wide = window.matchMedia("(min-width: 68.75rem)"), phone = window.matchMedia("(max-width: 44.99rem)");
  var hasTree = document.body.classList.contains("has-tree");
  var slot = drawer && drawer.querySelector(".tree-slot[data-tree]");
  var tree = null;
  var same = function (a, b) {
    try { return decodeURIComponent(a) === decodeURIComponent(b); } catch (e) { return a === b; }
  };
  var loadTree = function () {
    if (!tree) {
      var url = slot ? slot.getAttribute("data-tree") : "";
      // Only the site's own fragment, from its own origin.
      if (!/^\/(?![\/\\])[^\s\\\x00-\x1f\x7f]*$/.test(url || "") || !window.fetch) return Promise.resolve();
      tree = fetch(url).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.text();
      }).then(function (html) {
        var nav = new DOMParser().parseFromString(html, "text/html").querySelector("nav.tree");
        if (!nav) return;
        Array.prototype.forEach.call(nav.querySelectorAll("a[href]"), function (a) {
          if (same(a.getAttribute("href"), location.pathname)) a.setAttribute("aria-current", "page");
        });
        slot.replaceWith(document.importNode(nav, true));
      }).catch(function () { tree = null; });
    }
    return tree;
  };
  var setOpen = function (open) {
    root.classList.toggle("menu-open", open);
    button.setAttribute("aria-expanded", String(open));
    if (open) {
      loadTree().then(function () {
        if (!root.classList.contains("menu-open")) return;
        // Opened at its top where the page's entry is on its first screen: scrolled to the
        // entry, the site's links above it were out of sight, and nothing said they were
        // there (large text on a phone).
        var here = drawer.querySelector('[aria-current="page"]') || drawer.querySelector("a");
        if (!here) return;
        here.focus({ preventScroll: true });
        drawer.scrollTop = 0;
        if (here.getBoundingClientRect().bottom > drawer.getBoundingClientRect().bottom) here.scrollIntoView({ block: "center" });
      });
    }
  };
  var show = function () {
    // Worth a button where the drawer holds something the header does not.
    var useful = !wide.matches && (hasTree || phone.matches);
    button.hidden = !useful;
    if (!useful) setOpen(false);
    if (wide.matches && hasTree) {
      // The column scrolls on its own: bring the page's entry into it, not the page to it.
      loadTree().then(function () {
        var here = drawer.querySelector('[aria-current="page"]');
        if (!here || !wide.matches) return;
        var below = here.getBoundingClientRect().top - drawer.getBoundingClientRect().top;
        if (below > drawer.clientHeight - 40) drawer.scrollTop += below - drawer.clientHeight / 2;
      });
    }
  };
  if (button && drawer) {
    // The menu head.js opened before this ran (a slow network) is this drawer now.
    var early = root.classList.contains("menu-early");
    root.setAttribute("data-menu", "");
    root.classList.remove("menu-early");
    show();
    if (early && !button.hidden) setOpen(true);
    wide.addEventListener("change", show);
    phone.addEventListener("change", show);
    button.addEventListener("click", function () { setOpen(!root.classList.contains("menu-open")); });
    document.addEventListener("keydown", function (e) {
      if (!root.classList.contains("menu-open")) return;
      if (e.key === "Escape") { setOpen(false); button.focus(); return; }
      // Tab stays in the open drawer, as in a dialog.
      if (e.key !== "Tab") return;
      var stops = [button].concat(Array.prototype.filter.call(
        drawer.querySelectorAll("a[href], button, summary, input, select"),
        function (el) { return el.getClientRects().length > 0; }));
      var at = stops.indexOf(document.activeElement);
      e.preventDefault();
      stops[at < 0 ? Math.min(1, stops.length - 1) : (at + (e.shiftKey ? stops.length - 1 : 1)) % stops.length].focus();
    });
    document.addEventListener("click", function (e) {
      if (root.classList.contains("menu-open") && !drawer.contains(e.target) && !button.contains(e.target)) setOpen(false);
    });
  }
  var toc = own("tocBox") || document.querySelector("article details.toc-inline");
  if (toc) {
    var place = function () { toc.open = wide.matches; };
    place();
    wide.addEventListener("change", place);
  }
  var filters = document.querySelector(".search-page details.filter-box");
  if (filters) {
    var show = function () { filters.open = !phone.matches; };
    show();
    phone.addEventListener("change", show);
  }
})();

// "Who is on call now", worked out in the reader's browser from /oncall.json, so a page
// built days ago still answers correctly. The build-time answer stays if this fails.
(function () {
  "use strict";
  var boxes = document.querySelectorAll("[data-oncall]");
  // The Team pages have no box, only badges and dates to keep true (data-oncall-src).
  var src = boxes.length ? boxes[0].getAttribute("data-oncall") :
    (document.querySelector("[data-oncall-src]") || { getAttribute: function () { return null; } }).getAttribute("data-oncall-src");
  if (!src || !window.fetch) return;
  // In the zone the page shows (/oncall/: the team's, or the reader's after the switch),
  // else the reader's.
  // The reader's too when the browser does not know the page's zone.
  var zoneOf = function (box) {
    var z = box.closest("[data-zone]"), zone = z ? z.getAttribute("data-zone") : undefined;
    return pipebookKnowsZone(zone) ? zone : undefined;
  };
  // Every time says whose it is.
  var whose = function (box) {
    var z = box.closest("[data-zone]"), zone = zoneOf(box);
    var team = z && zone !== undefined && zone === z.getAttribute("data-team-zone");
    return el("span", team ? " (team's time)" : " (your time)", { "class": "zone" });
  };
  // With the year when asked (the day a saved schedule was published: it can be last
  // year's, on a phone that kept the site offline).
  // Also when the date is not in this year (a handoff next January), both years read in
  // the zone the time is written in: read in the device's, a team in Tokyo's handoff at
  // 00:00 on 1 January, seen from Los Angeles on 31 December (07:00 there), was written
  // "Fri 1 Jan, 00:00" with no year.
  var yearIn = function (t, zone) {
    if (!pipebookKnowsZone(zone)) zone = "UTC";
    return new Intl.DateTimeFormat("en-US", { year: "numeric", timeZone: zone }).format(t);
  };
  var when = function (iso, zone, year) {
    return pipebookWhen(iso, zone, year || yearIn(new Date(iso), zone) !== yearIn(new Date(clock()), zone));
  };
  var el = function (tag, text, attrs) {
    var e = document.createElement(tag);
    if (text) e.textContent = text;
    for (var k in attrs || {}) e.setAttribute(k, attrs[k]);
    return e;
  };
  // Worked out again at each handoff while the page stays open (a phone left on a
  // runbook overnight showed the previous shift's engineer "on call now", until a time
  // already past), and when the page is shown again after a while: the schedule is
  // fetched again (an override made since), else the last one is read at the new time.
  // `saved`: from the worker's saved copy, the network failing ("offline") or the
  // schedule having come cut short ("cut"); false from the network.
  var data = null, saved = false, fetchedAt = [0, 0], timer = 0, nextChange = Infinity;
  // A schedule older than the page (a CDN's or the HTTP cache's copy, the page built since
  // with an override) was shown as current. The page's own answer, as built, is then the
  // newer one: it stands until its shift ends (`builtUntil`); after, the older schedule
  // is used, and said to be.
  var footer = document.querySelector("body > .site-footer > time[datetime]");
  var builtAt = footer ? Date.parse(footer.getAttribute("datetime")) : NaN;
  var asBuilt = Array.prototype.map.call(boxes, function (b) { return b.cloneNode(true); });
  var builtUntil = Math.min.apply(null, Array.prototype.map.call(boxes.length ? boxes[0].querySelectorAll(".now .until time, .next time") : [],
    function (t) { return Date.parse(t.getAttribute("datetime")); }).concat(Infinity));
  var older = function () { return builtAt > Date.parse(data.generated); };
  // A device whose clock is wrong by days (a phone that lost it, set by hand) named the
  // engineer of another shift "on call now". The network's clock (the schedule's `Date`)
  // is used instead when the two differ by more than SKEW, and the box says so.
  // The skew is shared with the dates greyed as past (pipebookSkew, below).
  var SKEW = 5 * 60 * 1000, skew = 0, doubted = 0;
  var clock = function () { return Date.now() + skew; };
  var learnClock = function (r, sent, d) {
    if (isNaN(Date.parse(r.headers.get("Date") || ""))) return;
    var found = pipebookClockOff(r, sent, d), off = found.off, plausible = found.plausible;
    doubted = off && !plausible ? off : 0;
    skew = plausible ? off : 0;
    pipebookSkew = skew;
    document.dispatchEvent(new Event("pipebook:clock"));
  };
  // Until the schedule comes, the build's answer stands, and says so: a schedule that
  // fails (a sign-in page in its place too) or hangs on a bad network left the build's
  // names as if they had been checked.
  var unchecked = function (text) {
    if (data) return;
    boxes.forEach(function (box) {
      var old = box.querySelector(".saved-note");
      if (old) old.remove();
      box.appendChild(el("p", text + " who is on call now: shown as the site was built.", { "class": "saved-note" }));
    });
  };
  // Answers count in the order they were asked for: a request that hung, answered by the
  // worker's saved copy after a later one had the network's, made it "offline" again.
  var asked = 0, heard = 0, retry = 0;
  // A cache on the way that ignores "no-cache" (a CDN) gave the same older copy at every
  // retry: once one was older than the page, it is asked for at an address of its own
  // (`bust`), at once, and at each retry; sw.js passes the query on.
  var refresh = function (bust) {
    var sent = Date.now(), mine = ++asked;
    fetchedAt = [sent, performance.now()];
    bust = bust === true;
    var slow = setTimeout(unchecked, 8000, "Still checking");
    fetch(bust ? src + "?at=" + sent : src, { cache: "no-cache" })
      .then(function (r) {
        if (!r.ok) throw new Error(r.status);
        // The service worker's saved copy, the network failing (see sw.js).
        var offline = r.headers.get("X-Pipebook-Offline") === "1" &&
          (r.headers.get("X-Pipebook-Cut") === "1" ? "cut" : "offline");
        return r.json().then(function (d) {
          if (mine < heard) return;
          heard = mine;
          // A saved copy's `Date` is the day it was saved.
          if (!offline) learnClock(r, sent, d);
          data = d;
          saved = offline;
        });
      })
      .catch(function () { unchecked("Could not check"); /* keep the build-time answer, or the last one */ })
      .then(function () {
        clearTimeout(slow);
        if (data) show();
        // Not checked, or only against the saved copy: asked again a minute on (while the
        // page is seen), and as soon as the browser says the network is back. Base kept
        // "Could not check" until the page was reloaded.
        clearTimeout(retry);
        var stale = data && !saved && older();
        if (stale && !bust) retry = setTimeout(refresh, 0, true);
        else if (!data || saved || older()) retry = setTimeout(function () { if (document.visibilityState === "visible") refresh(stale); }, 60000);
      });
  };
  addEventListener("online", function () { if (!data || saved || older()) refresh(); });
  // Also when the page comes back from the back/forward cache (Chrome makes it visible
  // again: tests/browser/test_tab_days.py). Five minutes by either clock: the device's
  // moved back an hour kept an override made since out of the box for that hour
  // (search-answers.js `since`).
  var since = function (at) { return Math.max(Math.abs(Date.now() - at[0]), performance.now() - at[1]); };
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && (!data || saved || older() || clock() >= nextChange || since(fetchedAt) > 5 * 60 * 1000)) refresh();
  });
  refresh();
  // The schedule (/oncall/'s weeks and table, an engineer's shifts): which shift is on
  // now and which are past, as the build saw it; a page open across a handoff (or built
  // days ago) moves them, and the "now" badge, to the shift on now.
  function markWeeks(now, cur) {
    var on = cur >= 0 ? Date.parse(data.shifts[cur].start) : NaN, ends = {};
    data.shifts.forEach(function (s) { ends[Date.parse(s.start)] = Date.parse(s.end); });
    document.querySelectorAll(".oncall-cal li.week, main tbody tr").forEach(function (row) {
      var t = row.querySelector("time.when, td[data-label='From'] time");
      var start = t ? Date.parse(t.getAttribute("datetime")) : NaN;
      if (!(start in ends)) return;
      var current = start === on;
      row.classList.toggle("current", current);
      if (row.tagName === "LI") row.classList.toggle("past", !current && ends[start] <= now);
      var badge = row.querySelector(".badge:not(.due)");
      if (badge && !current) {
        var gap = [badge.nextSibling, badge.previousSibling].filter(function (n) { return n && n.nodeValue === " "; })[0];
        if (gap) gap.remove();
        badge.remove();
      } else if (!badge && current) {
        var where = row.querySelector("summary") || row.querySelector("td[data-label='On call']") ||
          (row.tagName === "LI" ? row.lastElementChild : null);
        if (!where) return;
        badge = el("strong", "now", { "class": "badge" });
        if (where.tagName === "TD") where.append(" ", badge); else where.prepend(badge, " ");
      }
    });
  }
  // The Team pages (data-engineer): the "on call" badge on whoever is on call now, and
  // each engineer's next shift, from the same schedule as the box.
  function markPeople(now, cur) {
    var onId = cur >= 0 ? data.shifts[cur].engineer : null;
    document.querySelectorAll("[data-engineer]").forEach(function (row) {
      var id = row.getAttribute("data-engineer"), badge = row.querySelector(".badge");
      var where = row.tagName === "H1" ? row : row.querySelector("td[data-label='Engineer']");
      if (id === onId) {
        if (!badge && where) { badge = el("strong", "", { "class": "badge" }); where.append(" ", badge); }
        if (badge) badge.textContent = "on call now";
      } else if (badge) {
        if (badge.previousSibling && badge.previousSibling.nodeType === 3) badge.previousSibling.nodeValue = badge.previousSibling.nodeValue.replace(/ $/, "");
        badge.remove();
      }
      var next = row.querySelector("td[data-label='Next on call']");
      if (!next) return;
      var s = data.shifts.filter(function (x) { return x.engineer === id && Date.parse(x.start) > now; })[0];
      next.textContent = s ? when(s.start, data.timezone) : "–";
    });
    document.querySelectorAll("th small").forEach(function (n) { if (/^\(as of /.test(n.textContent)) n.remove(); });
  }
  // What the box says of a clock found wrong: by the network's, or (offline) one that
  // reads before the schedule it shows was published.
  var ago = pipebookAgo;
  function clockNote(now) {
    if (skew) return pipebookClockNote(skew);
    if (doubted) return "The network's clock reads " + ago(doubted) + (doubted > 0 ? " ahead of" : " behind") +
      " this device's, outside this schedule's dates: on call now is worked out with this device's clock.";
    var published = Date.parse(data.generated || "");
    if (published > now + SKEW) return "This device's clock reads before this schedule was published: check it, on call now may be wrong.";
    return "";
  }
  // The page's answer kept, the schedule received being older; true if so.
  // Offline, that is said too (the reader cannot tell a newer schedule was looked for),
  // and a clock found wrong: the page's answer stands only until a time read by it.
  function keepBuilt(now) {
    if (!older() || now >= builtUntil) return false;
    var wrong = clockNote(now);
    boxes.forEach(function (box, i) {
      box.replaceChildren.apply(box, Array.prototype.slice.call(asBuilt[i].cloneNode(true).childNodes));
      box.appendChild(el("p", (saved ? "Offline: the schedule saved on this device is older" : "The schedule received is older") +
        " than this page (published " + when(data.generated, zoneOf(box), true) +
        "): shown as the page was built, " + when(new Date(builtAt).toISOString(), zoneOf(box), true) + ".", { "class": "saved-note" }));
      if (wrong) box.appendChild(el("p", wrong, { "class": "saved-note clock-note" }));
    });
    clearTimeout(timer);
    if (builtUntil < Infinity) timer = setTimeout(refresh, Math.min(builtUntil - now + 1000, 0x7fffffff));
    nextChange = builtUntil;
    return true;
  }
  function show() {
    if (keepBuilt(clock())) return;
    {
      var now = clock(), people = {}, cur = -1, i;
      data.engineers.forEach(function (p) { people[p.id] = p; });
      for (i = 0; i < data.shifts.length; i++) {
        if (Date.parse(data.shifts[i].start) <= now && now < Date.parse(data.shifts[i].end)) { cur = i; break; }
      }
      // Only a path of this site, as the browser reads it (see search-answers.js `safeHref`).
      var link = function (id) {
        var p = people[id] || { name: id, url: "#" };
        var url = String(p.url || "#");
        return el("a", p.name, { href: /^\/(?![\/\\])[^\s\\\x00-\x1f\x7f]*$/.test(url) ? url : "#" });
      };
      // Call and Email, for the published fields only, and only as the links they are;
      // named by whom they reach (a list of links all named "Email" says nothing).
      var reach = function (p) {
        var span = el("span", "", { "class": "reach" });
        if (/^tel:/.test(p.phone_url || "")) span.appendChild(el("a", "Call", { "class": "reach-call", href: p.phone_url, "aria-label": "Call " + p.name }));
        if (/^mailto:/.test(p.email_url || "")) span.appendChild(el("a", "Email", { "class": "reach-mail", href: p.email_url, "aria-label": "Email " + p.name }));
        return span.childElementCount ? [" ", span] : [];
      };
      var chat = function (p) { return p.slack ? [" ", el("span", p.slack, { "class": "chat" })] : []; };
      boxes.forEach(function (box) {
        // The build-time box may explain its shift (a swap, an override); oncall.json does
        // not carry that text, so it is kept while the live shift is the one it explains.
        var note = box.querySelector(".shift-note"), built = box.querySelector(".now .until time");
        var builtWho = box.querySelector(".now strong a"), keep = null;
        var first = el("p", "", { "class": "now" });
        if (cur < 0) {
          first.textContent = "No one is on call in the published schedule right now.";
        } else {
          var s = data.shifts[cur], strong = el("strong");
          strong.appendChild(link(s.engineer));
          var who = people[s.engineer] || {};
          var until = el("span", "until ", { "class": "until" });
          until.append(el("time", when(s.end, zoneOf(box)), { datetime: s.end }), whose(box));
          first.append.apply(first, ["On call now: ", strong].concat(chat(who),
            [s.override ? " (override)" : ""], reach(who), [" ", until]));
          if (note && built && builtWho && Date.parse(built.getAttribute("datetime")) === Date.parse(s.end) &&
              builtWho.getAttribute("href") === (who.url || "#")) keep = note;
        }
        box.replaceChildren(first);
        if (keep) box.appendChild(keep);
        if (cur >= 0 && data.shifts[cur].secondary) {
          var second = el("p", "", { "class": "second" }), sid = data.shifts[cur].secondary;
          var them = people[sid] || {};
          second.append.apply(second, ["Secondary on call: ", link(sid)].concat(chat(them), reach(them)));
          box.appendChild(second);
        }
        if (cur >= 0) {
          for (i = cur + 1; i < data.shifts.length; i++) {
            if (data.shifts[i].engineer !== data.shifts[cur].engineer) {
              var next = el("p", "", { "class": "next" });
              next.append("Next handoff: ", link(data.shifts[i].engineer), " at ",
                el("time", when(data.shifts[i].start, zoneOf(box)), { datetime: data.shifts[i].start }),
                whose(box));
              box.appendChild(next);
              break;
            }
          }
        }
        if (saved) {
          // Offline, or the schedule cut short on its way: said, with the day the saved
          // one was published (an override made since is not in it).
          var savedNote = el("p", (saved === "cut" ? "The schedule did not arrive whole: worked out from the copy saved on this device"
            : "Offline: worked out from the schedule saved on this device") +
            (data.generated ? ", published " + when(data.generated, zoneOf(box), true) : "") + ".", { "class": "saved-note" });
          box.appendChild(savedNote);
        }
        if (older()) box.appendChild(el("p", "Worked out from a schedule older than this page (published " +
          when(data.generated, zoneOf(box), true) + "): a change made since may be missing.", { "class": "saved-note" }));
        var wrong = clockNote(now);
        if (wrong) box.appendChild(el("p", wrong, { "class": "saved-note clock-note" }));
        box.setAttribute("data-live", "");
      });
      markWeeks(now, cur);
      markPeople(now, cur);
      // The next handoff: the shift on call now ends, or the next one starts.
      nextChange = Infinity;
      for (i = 0; i < data.shifts.length; i++) {
        var at = [Date.parse(data.shifts[i].start), Date.parse(data.shifts[i].end)].filter(function (t) { return t > now; });
        if (at.length) { nextChange = Math.min(nextChange, at[0]); }
      }
      clearTimeout(timer);
      // Timers run late, or not at all, in a phone's background tab: visibilitychange above.
      if (nextChange < Infinity) timer = setTimeout(refresh, Math.min(nextChange - now + 1000, 0x7fffffff));
    }
  }
})();

// /oncall/: one time zone for the whole page, the team's, with a switch to the reader's.
(function () {
  "use strict";
  var button = document.getElementById("tz-toggle"), box = document.querySelector("[data-zone]");
  if (!button || !box || !window.Intl) return;
  var team = box.getAttribute("data-zone");
  var mine = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!mine || mine === team) return;
  var label = function (zone) {
    return zone === team ? "Show my time zone (" + mine + ")" : "Show the team's time zone (" + team + ")";
  };
  // The team's times are the build's text, kept as the page came: this browser may not
  // know the team's zone. The live box, rewritten since, is then in the reader's.
  var written = new Map(), known = pipebookKnowsZone(team);
  var show = function (zone) {
    var teams = function (n) { return zone === team && (known || !n.closest("[data-oncall]")); };
    document.querySelectorAll("main time[datetime]").forEach(function (t) {
      if (!written.has(t)) written.set(t, t.textContent);
      t.textContent = teams(t) && !t.closest("[data-oncall]") ? written.get(t) :
        pipebookWhen(t.getAttribute("datetime"), teams(t) ? zone : mine, true, t.hasAttribute("data-short"));
    });
    document.querySelectorAll("main .zone").forEach(function (z) {
      z.textContent = teams(z) ? " (team's time)" : " (your time)";
    });
    box.setAttribute("data-zone", zone);
    document.getElementById("tz-name").textContent = zone;
    document.getElementById("tz-whose").textContent = zone === team ? "the team's time zone" : "your time zone";
    button.textContent = label(zone);
  };
  button.textContent = label(team);
  button.hidden = false;
  button.addEventListener("click", function () {
    show(box.getAttribute("data-zone") === team ? mine : team);
  });
})();

// Offline reading: the service worker (sw.js) saves each page as it is read, and serves
// it when the network is gone. Registered once the page has loaded, so it never competes
// with the page itself on a slow network. Not under `pipebook serve`, whose pages change
// with every save: there it is removed.
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  var sw = navigator.serviceWorker;
  var base = document.documentElement.getAttribute("data-base") || "/";
  if (document.querySelector('meta[name="pipebook-serve"]')) {
    sw.getRegistrations().then(function (regs) { regs.forEach(function (r) { r.unregister(); }); });
    return;
  }
  var register = function () { sw.register(base + "sw.js", { scope: base }).catch(function () { /* not offline, still online */ }); };
  if (document.readyState === "complete") register(); else window.addEventListener("load", register);

  // A page served from the cache that the network has since changed: offer the new one,
  // at the bottom of the screen, so nothing moves under the reader's finger.
  var offered = false, refreshed = false;
  var offer = function (text, label, act) {
    offered = true;
    var bar = document.createElement("div"), button = document.createElement("button");
    bar.className = "updated-bar";
    bar.setAttribute("role", "status");
    bar.textContent = text;
    button.type = "button";
    button.textContent = label;
    button.addEventListener("click", function () { bar.remove(); offered = false; act(); });
    bar.appendChild(button);
    document.body.appendChild(bar);
  };
  // A saved copy shown because the network did not answer (sw.js): said, with its age,
  // and a way to ask again; gone when the network's answer comes after all.
  var copyBar = null;
  var copyShown = function (d, why) {
    if (copyBar || offered) return;
    var at = new Date(d.saved), t = at.getTime(), when = "";
    if (t) {
      // Calendar days in the reader's zone, not periods of 24 hours: a copy saved at
      // 23:00 and read at 03:00 is yesterday's. Rounded: a day of 23 or 25 hours.
      // Counted from the time this device's clock read when it saved the copy (`stored`,
      // sw.js `stamped`) where it did: a clock a year ahead, by the network's `Date`,
      // said a copy of a minute ago was "(366 days ago)".
      var day = function (x) { return new Date(x.getFullYear(), x.getMonth(), x.getDate()).getTime(); };
      var now = new Date(Date.now()), from = d.stored > 0 ? new Date(d.stored) : at;
      var days = Math.round((day(now) - day(from)) / 864e5);
      when = " on " + at.toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" }) + ", " +
        at.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" }) +
        // A day after this device's: its clock is behind (set by hand, lost), and any age
        // worked out from it too young; a copy months old was said to be "(today)".
        (days < 0 ? " (a day this device's clock has not reached: it is behind)" :
          days < 1 ? " (today)" : days < 2 ? " (yesterday)" : " (" + days + " days ago)");
    }
    offer((why || "Offline: the network did not answer.") + " This is the copy saved on this device" + when + ". ", "Try again",
      function () { location.reload(); });
    copyBar = document.body.lastChild;
    copyBar.classList.add("offline-copy");
  };
  sw.addEventListener("message", function (e) {
    var d = e.data || {};
    if (d.type === "pipebook:offline-copy") return copyShown(d);
    // The network answered with a page not the site's (a Wi-Fi's sign-in page): the saved
    // copy is shown, and the reader told the network is not the site's yet.
    if (d.type === "pipebook:foreign") {
      return copyShown(d, "The network answered with a web page that is not this site's (a Wi-Fi sign-in page?): sign in to the network to reach the site.");
    }
    if (d.type === "pipebook:status") kept(d.keep);
    if (copyBar && /^pipebook:(online|updated|removed|moved)$/.test(d.type)) {
      copyBar.remove();
      copyBar = null;
      offered = false;
      if (d.type === "pipebook:online") return;
    }
    // A page the site no longer has (removed or moved by a deploy): reloading shows the
    // site's page not found, which searches the words of the address.
    var removed = d.type === "pipebook:removed";
    // Moved by a deploy, its old address sent on (sw.js `movedTo`: a path of the site):
    // the saved copy shown is the page before it moved.
    if (d.type === "pipebook:moved" && typeof d.to === "string" && /^\/(?!\/)/.test(d.to)) {
      if (!offered) {
        offer("This page has moved to a new address since it was saved: this copy is from before. ", "Open the page",
          function () { location.href = d.to + location.hash; });
      }
    } else if ((d.type === "pipebook:updated" || removed) && !offered) {
      offer(removed ? "This page is no longer on the site: it was removed or moved since it was saved. "
        : "This page has changed since it was saved. ", removed ? "Find where it went" : "Show the new version",
        function () { location.reload(); });
    } else if (d.type === "pipebook:status" && d.keep && !d.current && !refreshed) {
      // The reader keeps every runbook, and this deploy is not saved yet: saved at once
      // (the changed pages and the search index), but with Save-Data on (a phone's data
      // plan) only once the reader says so; the saved copies read until then are kept
      // as they were, and the search offline is the earlier build's.
      refreshed = true;
      var keep = function () { if (sw.controller) sw.controller.postMessage({ type: "pipebook:keep" }); };
      if (!(navigator.connection && navigator.connection.saveData)) keep();
      else if (!offered) offer("Runbooks kept offline are from an earlier version of the site. ", "Update them", keep);
    } else if (d.type === "pipebook:keep-replaced") {
      // The worker was older than the site: its new version is asked once it takes over.
      refreshed = false;
    } else if (d.type === "pipebook:kept" && d.stopped === "full" && refreshed && !offered) {
      // The update this page asked for found the device full: the kept runbooks stay
      // the earlier version's, and the reader, who believed them current, is told.
      offer("This device has no room left: the runbooks kept offline could not all be updated to the site's latest version. ",
        "Offline reading", function () { location.href = base + "offline/"; });
    }
  });
  // The reader kept the runbooks (remembered outside the caches): the worker has them no
  // longer, so the browser evicted the site's storage (a device short of space). Said on
  // the next page read, not found out offline; /offline/ (offline.js) says it and forgets.
  // Remembered in localStorage and in a cookie: Firefox evicts localStorage with the
  // caches, Chrome keeps it; neither evicts cookies. (Safari's 7-day deletion takes both:
  // /offline/ tells an iPhone's reader beforehand.) offline.js marks through `pipebookKept`.
  var KEPT = "pipebook-kept";
  var mark = window.pipebookKept = function (on) {
    var has = false;
    try {
      if (on === null) has = document.cookie.split("; ").indexOf(KEPT + "=1") >= 0;
      else document.cookie = KEPT + "=1; path=" + base + "; SameSite=Strict; max-age=" + (on ? 4e7 : 0);
    } catch (err) { /* no cookies */ }
    try {
      if (on === null) has = has || localStorage.getItem(KEPT) === "1";
      else if (on) localStorage.setItem(KEPT, "1"); else localStorage.removeItem(KEPT);
    } catch (err) { /* no storage: not remembered there */ }
    return has;
  };
  var kept = function (keep) {
    if (keep) return mark(true);
    if (!mark(null) || offered || document.getElementById("keep-button")) return;
    offer("The runbooks you kept offline are no longer on this device: the browser removed them (to free space). ",
      "Keep them again", function () { location.href = base + "offline/"; });
  };
  sw.addEventListener("controllerchange", function () {
    if (!refreshed && sw.controller) sw.controller.postMessage({ type: "pipebook:status" });
  });
  sw.ready.then(function (reg) { if (reg.active) reg.active.postMessage({ type: "pipebook:status" }); });
  // Added to the home screen, or opened from it: the worker saves the page it opens on.
  var saveStart = function () {
    sw.ready.then(function (reg) { if (reg.active) reg.active.postMessage({ type: "pipebook:save-start" }); });
  };
  addEventListener("appinstalled", saveStart);
  if (window.matchMedia && matchMedia("(display-mode: standalone)").matches) saveStart();
})();

// Dated lists written at build time (a pipeline's backups, an engineer's shifts and
// backup duties, /oncall/'s holidays): a row whose day is over is marked past, so a page
// built weeks ago does not show it as coming. Day-only dates count as over once that day
// has ended everywhere (12:00 UTC the next day). Print: the page's address and build date.
(function () {
  "use strict";
  var MONTHS = { Jan: 0, Feb: 1, Mar: 2, Apr: 3, May: 4, Jun: 5, Jul: 6, Aug: 7, Sep: 8, Oct: 9, Nov: 10, Dec: 11 };
  var dayOver = function (text) {
    var all = String(text).match(/\b(\d{1,2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) (\d{4})\b/g);
    if (!all) return NaN;
    var m = all[all.length - 1].split(" ");
    return Date.UTC(+m[2], MONTHS[m[1]], +m[0] + 1, 12);
  };
  var mark = function () {
    var now = Date.now() + pipebookSkew;
    document.querySelectorAll("main tbody tr, .backup-days li, .backup-date").forEach(function (row) {
      var to = row.querySelector("td[data-label='To'] time[datetime]"), end;
      if (to) end = Date.parse(to.getAttribute("datetime"));
      else {
        var day = row.querySelector(".when, td[data-label='Date'], td[data-label='Dates']");
        end = day ? dayOver(day.textContent) : NaN;
      }
      if (isNaN(end)) return;
      row.classList.toggle("gone", end <= now);
    });
  };
  mark();
  document.addEventListener("pipebook:clock", mark);
  document.addEventListener("visibilitychange", function () { if (document.visibilityState === "visible") mark(); });
  setInterval(mark, 10 * 60 * 1000);
  var foot = document.querySelector(".site-footer");
  var built = foot && /Built (.+) with/.exec(foot.textContent);
  var canon = document.querySelector("link[rel=canonical]");
  document.body.setAttribute("data-print-foot", (canon ? canon.href : location.href) + (built ? " · built " + built[1] : ""));
  // An author's closed <details> (fallback commands) prints open, and closes again after.
  var opened = [];
  addEventListener("beforeprint", function () {
    opened = Array.from(document.querySelectorAll(".runbook details:not([open])"));
    opened.forEach(function (d) { d.open = true; });
  });
  addEventListener("afterprint", function () { opened.forEach(function (d) { d.open = false; }); opened = []; });
})();
