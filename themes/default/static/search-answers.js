// pipebook's answer card: the team's questions ("who is on call", "owner of daily growth",
// an engineer's name, a pipeline's id) answered above the search results, live from
// /oncall.json (who is on call, published contacts) and search/answers.json (who owns
// what, runbooks). Loaded by search.js only for a query that could be such a question.
// Names and ids come from YAML that anyone may have written: they go into the page as
// text, never as markup, and only the site's own paths, mailto: and tel: become links.
(function () {
  "use strict";
  var ps = window.pipebookSearch;
  if (!ps || ps instanceof Element || ps.showAnswer) return;
  var script = document.currentScript;
  var base = document.documentElement.getAttribute("data-base") || "/";

  // Its look, in a file of its own so that pages that never ask load none of it.
  var styled = new Promise(function (done) {
    if (!script) return done();
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = script.src.replace(/\.js(\?.*)?$/, ".css");
    link.onload = link.onerror = function () { done(); };
    document.head.appendChild(link);
  });

  var data = null, oncall = null, oncallAt = [0, 0];
  function answers() {
    if (!data) {
      data = ps.getJSON("answers.json").catch(function () { data = null; return { pipelines: [], engineers: [] }; });
    }
    return data;
  }
  // Who is on call changes: asked again after five minutes (the worker goes to the
  // network first, and answers from the device offline). Five minutes by either clock:
  // the device's, moved back an hour (set by hand, a network's time), kept the first
  // answer for an hour and five minutes; `performance.now()` is not moved, but stands
  // still while a phone sleeps, which the device's clock does not.
  function since(at) {
    return Math.max(Math.abs(Date.now() - at[0]), performance.now() - at[1]);
  }
  // A device whose clock is wrong by days named the engineer of another shift "on call
  // now", where the on-call box on the same page, by the network's clock, named the right
  // one: the card goes by the network's clock too (site.js `pipebookClockOff`; not a
  // saved copy's, whose `Date` is the day it was saved).
  var skew = 0;
  function schedule() {
    if (!oncall || since(oncallAt) > 300000) {
      var sent = Date.now();
      oncallAt = [sent, performance.now()];
      oncall = fetch(base + "oncall.json", { cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.json().then(function (d) {
          if (r.headers.get("X-Pipebook-Offline") !== "1" && typeof pipebookClockOff === "function") {
            var found = pipebookClockOff(r, sent, d);
            skew = found.plausible ? found.off : 0;
          }
          return d;
        });
      }).catch(function () { oncall = null; return null; });
    }
    return oncall;
  }

  // ---------------------------------------------------------------- the question

  // Words that ask about the rotation, that ask who owns something, and words that say
  // nothing about what is asked for.
  var ONCALL = /\b(on[\s_-]*call|oncall|pager|paged|rota|rotation|hand-?offs?|shifts?|duty)\b/i;
  var OWNER = /\b(owns?|owners?|owned|owning|ownership|responsible|maintainers?|maintains|contacts?|backups?|secondary|primary|deputy)\b/i;
  // A question about the second owner: the card says the backup first.
  var BACKUP = /\b(backups?|secondary|deputy)\b/i;
  var NOISE = new Set(("who whos whom whose what which is are was the a an of for to in on at by " +
    "it its me my our now today currently current right tonight this week next call oncall " +
    "pager paged rota rotation handoff handoffs hand off shift shifts duty own owns owner owners " +
    "owned owning ownership responsible maintainer maintainers maintains contact contacts " +
    "pipeline pipelines engineer engineers please tell show find get s when how and or with " +
    "about do does has have i we you can need reach page ping backup backups secondary primary deputy").split(" "));

  function tokens(text) {
    return String(text).toLowerCase().normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  }

  // Whether a word of the query stands for a word of a name: the same, its start while
  // typing (three letters or more), or one letter wrong, missing, added or two swapped
  // (four letters or more). Digits must be exact: "engineer 1" is not "engineer 2".
  function near(q, t) {
    if (q === t) return 2;
    if (/\d/.test(q) || /\d/.test(t)) return 0;
    if (q.length >= 3 && t.indexOf(q) === 0) return 1;
    if (q.length < 4 || Math.abs(q.length - t.length) > 1) return 0;
    var i = 0;
    while (i < q.length && q[i] === t[i]) i++;
    var a = q.slice(i + 1), b = t.slice(i + 1);
    return a === b || q.slice(i) === t.slice(i + 1) || q.slice(i + 1) === t.slice(i) ||
      (q[i] === t[i + 1] && q[i + 1] === t[i] && q.slice(i + 2) === t.slice(i + 2)) ? 1 : 0;
  }

  // How well `words` name a thing known by `names` (its id, its name, ...): every word
  // must stand for one of its words; the score counts exact words twice, and `whole` says
  // that each word of its id or name (the first two names) was asked for.
  function match(words, names) {
    var own = [];
    names.forEach(function (n) { own.push(tokens(n)); });
    var all = [].concat.apply([], own), score = 0;
    for (var i = 0; i < words.length; i++) {
      var best = 0;
      for (var j = 0; j < all.length && best < 2; j++) best = Math.max(best, near(words[i], all[j]));
      if (!best) return null;
      score += best;
    }
    // Only the thing's own id or name is a whole answer: a domain ("growth") or a job
    // (aggregate_growth_daily) shared with others is not.
    var whole = own.slice(0, 2).some(function (n) {
      return n.length && n.every(function (t) { return words.some(function (w) { return near(w, t) === 2; }); });
    });
    return { score: score, whole: whole };
  }

  // The things `words` name best, at most three: ties all, or none when more tie.
  // `need`: "whole" (every word of one of its names asked for), "exact" (every word asked
  // is one of its words), or nothing more than a match.
  function best(list, words, namesOf, need) {
    var found = [];
    list.forEach(function (item) {
      var m = match(words, namesOf(item));
      if (!m || (need === "whole" && !m.whole) || (need === "exact" && m.score < 2 * words.length)) return;
      found.push({ item: item, score: m.score + (m.whole ? 10 : 0) });
    });
    if (!found.length) return [];
    var top = Math.max.apply(null, found.map(function (f) { return f.score; }));
    found = found.filter(function (f) { return f.score === top; });
    return found.length <= 3 ? found.map(function (f) { return f.item; }) : [];
  }

  // What the query asks: the rotation, owners, a pipeline, an engineer.
  function understand(q, d) {
    var asksOncall = ONCALL.test(q), asksOwner = OWNER.test(q) || /^\s*who\b/i.test(q);
    var words = tokens(q).filter(function (w) { return !NOISE.has(w); });
    var asked = asksOncall || asksOwner;
    var pipes = [], people = [];
    if (words.length && words.length <= 6) {
      // Without a question word, only a whole name or id answers ("daily growth", "de1",
      // "Data Engineer 1"): "growth" alone is a search for runbooks.
      pipes = best(d.pipelines, words, function (p) {
        return [p.id, p.name].concat(asked ? [p.domain, p.audience] : []);
      }, asked ? null : "whole");
      // A job names its pipeline only when every word of it was asked: jobs share words
      // ("daily") with other pipelines' names.
      var byJob = d.pipelines.filter(function (p) {
        return (p.jobs || []).some(function (j) {
          var t = tokens(j);
          return t.length && t.every(function (w) { return words.indexOf(w) >= 0; });
        });
      });
      if (byJob.length && byJob.length <= 3) pipes = byJob;
      people = best(d.engineers, words, function (e) { return [e.id, e.name]; }, asked ? null : "exact");
      // A first name alone names one engineer; words shared by several (a surname, "data")
      // are not an answer unless asked.
      if (!asked && people.length > 1) people = [];
    }
    return { oncall: asksOncall, owner: asksOwner, backup: BACKUP.test(q), pipelines: pipes, engineers: people };
  }

  // ---------------------------------------------------------------- the card

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  // Only the site's own pages, and the mail and phone links of oncall.json. A path as the
  // browser reads it: it drops tabs and line breaks and reads `\` as `/`, so `/<tab>/host`
  // and `/<tab>\host` lead to another host; the site's paths are percent-encoded and hold
  // none of them.
  function safeHref(href, schemes) {
    href = String(href || "");
    if (/^\/(?![\/\\])[^\s\\\x00-\x1f\x7f]*$/.test(href)) return href;
    return schemes && schemes.test(href) ? href : null;
  }
  function link(text, href, cls, schemes) {
    var ok = safeHref(href, schemes);
    var a = el(ok ? "a" : "span", cls, text);
    if (ok) a.href = ok;
    return a;
  }

  var readerZone = (function () {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return undefined; }
  })();
  function fmt(iso, zone) {
    try {
      // As the pages write times (site.js's pipebookWhen).
      if (typeof pipebookWhen === "function") return pipebookWhen(iso, zone, false);
      return new Date(iso).toLocaleString(undefined, {
        weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit",
        timeZoneName: "short", timeZone: zone
      });
    } catch (e) {
      return new Date(iso).toLocaleString();
    }
  }
  // Whether the browser can write times in `zone`: an older phone's ICU lacks a zone new
  // in tzdata (America/Coyhaique, 2025b), and Intl throws a RangeError for it.
  function knows(zone) {
    try { new Intl.DateTimeFormat("en-US", { timeZone: zone }); return true; } catch (e) { return false; }
  }
  // A time in the team's zone, and in the reader's when it is another; in the reader's
  // alone when the browser does not know the team's.
  function when(iso, team) {
    var mine = team && !knows(team);
    var t = el("time", null, fmt(iso, mine ? readerZone : team));
    t.setAttribute("datetime", iso);
    var out = [t];
    if (mine) out.push(el("span", "yours", " (your time)"));
    else if (readerZone && team && readerZone !== team) out.push(el("span", "yours", " (" + fmt(iso, readerZone) + " your time)"));
    return out;
  }

  // "until <time>" on a line of its own, so that a phone does not break it anywhere.
  function at(word, iso, zone) {
    var span = el("span", "answer-when", word + " ");
    span.append.apply(span, when(iso, zone));
    return span;
  }

  function person(ctx, id) {
    return ctx.people[id] || { id: id, name: id, url: null };
  }
  // A name with its published ways to reach them: chat handle, Email, Call.
  function who(ctx, id) {
    var p = person(ctx, id), span = el("span", "answer-who");
    span.appendChild(link(p.name, p.url));
    var c = ctx.contacts[id] || {};
    if (c.slack) span.append(" ", el("span", "chat", String(c.slack)));
    var mail = safeHref(c.email_url, /^mailto:/), tel = safeHref(c.phone_url, /^tel:/);
    if (mail || tel) {
      var reach = el("span", "reach");
      if (tel) reach.appendChild(link("Call", tel, "reach-call", /^tel:/));
      if (mail) reach.appendChild(link("Email", mail, "reach-mail", /^mailto:/));
      Array.prototype.forEach.call(reach.children, function (a) { a.setAttribute("aria-label", a.textContent + " " + p.name); });
      span.append(" ", reach);
    }
    return span;
  }
  function row(label, parts) {
    var p = el("p", "answer-row");
    p.appendChild(el("span", "answer-label", label));
    p.append.apply(p, [" "].concat(parts));
    return p;
  }

  // The shift under way, the handoff after it, and each engineer's next turn.
  function shifts(sched) {
    var list = (sched && sched.shifts) || [], now = Date.now() + skew, cur = null, next = null;
    for (var i = 0; i < list.length; i++) {
      var s = list[i];
      if (Date.parse(s.start) <= now && now < Date.parse(s.end)) cur = s;
      else if (cur && !next && s.engineer !== cur.engineer && Date.parse(s.start) >= now) next = s;
    }
    if (!cur) next = list.filter(function (s) { return Date.parse(s.start) > now; })[0] || null;
    return { cur: cur, next: next, list: list, now: now };
  }

  function oncallRows(ctx) {
    var rows = [], st = ctx.shifts;
    if (!ctx.sched) {
      rows.push(el("p", "answer-row", "Who is on call cannot be loaded right now."));
      return rows;
    }
    if (st.cur) {
      rows.push(row("Primary:", [who(ctx, st.cur.engineer), st.cur.override ? " (override)" : "", at("until", st.cur.end, ctx.zone)]));
      if (st.cur.secondary) rows.push(row("Secondary:", [who(ctx, st.cur.secondary)]));
    } else {
      rows.push(el("p", "answer-row", "No one is on call in the published schedule right now."));
    }
    if (st.next) rows.push(row("Next handoff:", [who(ctx, st.next.engineer), at("at", st.next.start, ctx.zone)]));
    return rows;
  }

  function card(title, href, kind) {
    var box = el("section", "answer");
    box.setAttribute("aria-label", kind + ": " + title);
    var head = el("p", "answer-title");
    head.appendChild(el("span", "kind", kind));
    head.append(" ");
    head.appendChild(href ? link(title, href) : el("strong", null, title));
    box.appendChild(head);
    return box;
  }

  function oncallCard(ctx) {
    var box = card("On call now", ctx.sched && ctx.sched.schedule, "On call");
    oncallRows(ctx).forEach(function (r) { box.appendChild(r); });
    return box;
  }

  // The owner, then the backup; the backup first when it is what was asked.
  function pipelineCard(ctx, p, backupFirst) {
    var box = card(p.name, p.url, "Pipeline");
    box.appendChild(el("p", "answer-sub", [p.id, p.domain, p.audience ? "for " + p.audience : ""].filter(Boolean).join(" · ")));
    var owners = [row("Owner:", [who(ctx, p.primary)]), row("Backup:", [who(ctx, p.secondary)])];
    if (backupFirst) owners.reverse();
    owners.forEach(function (r) { box.appendChild(r); });
    if (ctx.sched && ctx.shifts.cur) {
      var c = ctx.shifts.cur;
      // Names and chat handles: the buttons to reach them are on the owners above and on
      // the on-call card.
      var brief = function (id) {
        var p = person(ctx, id), span = el("span", "answer-who");
        span.appendChild(link(p.name, p.url));
        if ((ctx.contacts[id] || {}).slack) span.append(" ", el("span", "chat", String(ctx.contacts[id].slack)));
        return span;
      };
      box.appendChild(row("On call now:", [brief(c.engineer)].concat(c.secondary ? [", secondary ", brief(c.secondary)] : [])));
    }
    var books = el("p", "answer-row");
    books.appendChild(el("span", "answer-label", (p.runbooks || []).length > 1 ? "Runbooks:" : "Runbook:"));
    if (!(p.runbooks || []).length) books.append(" none yet");
    (p.runbooks || []).forEach(function (r, i) {
      books.append(i ? ", " : " ");
      books.appendChild(link(r.title, r.url));
    });
    if (p.more_runbooks > 0) {
      books.append(", and " + p.more_runbooks + " more on ");
      books.appendChild(link("its page", p.url));
    }
    box.appendChild(books);
    return box;
  }

  function engineerCard(ctx, e) {
    var box = card(e.name, e.url, "Engineer");
    var contacts = who(ctx, e.id);
    contacts.firstChild.remove();
    box.appendChild(el("p", "answer-sub", e.id));
    if (contacts.childNodes.length) box.lastChild.append(" ", contacts);
    var owns = function (role) {
      return ctx.data.pipelines.filter(function (p) { return p[role] === e.id; });
    };
    [["primary", "Owns:"], ["secondary", "Backup for:"]].forEach(function (r) {
      var list = owns(r[0]);
      if (!list.length) return;
      var parts = [];
      list.forEach(function (p, i) { if (i) parts.push(", "); parts.push(link(p.name, p.url)); });
      box.appendChild(row(r[1], parts));
    });
    if (!owns("primary").length && !owns("secondary").length) box.appendChild(row("Owns:", ["no pipeline"]));
    if (ctx.sched) {
      var st = ctx.shifts, mine = null, second = null;
      st.list.forEach(function (s) {
        if (Date.parse(s.end) <= st.now) return;
        if (!mine && s.engineer === e.id) mine = s;
        if (!second && s.secondary === e.id) second = s;
      });
      if (mine && Date.parse(mine.start) <= st.now) box.appendChild(row("On call:", ["now", at("until", mine.end, ctx.zone)]));
      else if (mine) box.appendChild(row("Next shift:", [at("from", mine.start, ctx.zone), at("to", mine.end, ctx.zone)]));
      else box.appendChild(row("Next shift:", ["none in the published schedule"]));
      if (second && Date.parse(second.start) <= st.now) box.appendChild(row("Secondary on call:", ["now", at("until", second.end, ctx.zone)]));
    }
    return box;
  }

  // Which zone the times are in, said once under the card.
  function zoneNote(ctx) {
    if (!ctx.zone) return null;
    var text = "Times in the team's time zone (" + ctx.zone + ")";
    if (!knows(ctx.zone)) text = "Times in your time zone (" + (readerZone || "this device's") + "): this browser does not know the team's (" + ctx.zone + ")";
    else if (readerZone && readerZone !== ctx.zone) text += " and yours (" + readerZone + ")";
    var p = el("p", "answer-zone", text + ".");
    if (ctx.sched && ctx.sched.schedule) {
      p.append(" ");
      p.appendChild(link("Full schedule", ctx.sched.schedule));
    }
    return p;
  }

  // The answer to `q`, if it is a question the team's data answers, placed first in `box`
  // (the header's list, or the search page's line above the results), unless `current()`
  // says another query has been answered since. Resolves to whether a card is shown.
  function showAnswer(box, q, current) {
    return answers().then(function (d) {
      var a = understand(q, d);
      var needed = a.oncall || a.owner || a.pipelines.length || a.engineers.length;
      if (!needed || (current && !current())) return false;
      return Promise.all([schedule(), styled]).then(function (got) {
        var sched = got[0], ctx = { data: d, sched: sched, people: {}, contacts: {}, zone: sched && sched.timezone };
        d.engineers.forEach(function (e) { ctx.people[e.id] = e; });
        ((sched && sched.engineers) || []).forEach(function (e) { ctx.contacts[e.id] = e; });
        ctx.shifts = shifts(sched);
        var cards = [];
        a.pipelines.forEach(function (p) { cards.push(pipelineCard(ctx, p, a.backup)); });
        a.engineers.forEach(function (e) { cards.push(engineerCard(ctx, e)); });
        // "Who is on call": the rotation, if the site has one; "who owns X" with no X
        // found: nothing to say.
        if (!cards.length && a.oncall && !(sched && !sched.shifts.length)) cards.push(oncallCard(ctx));
        if (!cards.length || (current && !current())) return false;
        var wrap = el("div", "answers");
        // Which query it answers (an attribute, never markup): tests wait for it.
        wrap.setAttribute("data-answer", q);
        cards.forEach(function (c) { wrap.appendChild(c); });
        var note = zoneNote(ctx);
        if (note) wrap.appendChild(note);
        // A device's clock days off (set by hand, lost): the card's times, by the site's
        // clock, read as another day's beside the phone's own, and nothing said why (the
        // on-call box says it; the search page has none).
        if (skew && ctx.sched && typeof pipebookClockNote === "function") wrap.appendChild(el("p", "answer-zone clock-note", pipebookClockNote(skew)));
        clear(box);
        box.prepend(wrap);
        var st = ctx.shifts;
        shown = { box: box, q: q, current: current, wrap: wrap, at: [Date.now(), performance.now()],
          change: st.cur ? Date.parse(st.cur.end) : st.next ? Date.parse(st.next.start) : Infinity };
        return true;
      });
    });
  }
  function clear(box) {
    Array.prototype.forEach.call(box.querySelectorAll("[data-answer]"), function (c) { c.remove(); });
    return false;
  }

  // A card shown in a tab left open (a phone locked at 22:00, unlocked at 3 a.m.: the
  // page is not loaded again) kept naming the engineer of a shift over since. Shown again
  // past the next handoff, or five minutes on, it is worked out again.
  var shown = null;
  document.addEventListener("visibilitychange", function () {
    var s = shown;
    if (document.visibilityState !== "visible" || !s || !s.wrap.isConnected) return;
    if (since(s.at) > 300000 || Date.now() + skew >= s.change) showAnswer(s.box, s.q, s.current);
  });

  ps.showAnswer = showAnswer;
})();
