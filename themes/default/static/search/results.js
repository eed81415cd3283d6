  // search.js, part results (joined in the order of SEARCH_PARTS in src/load/theme.rs):
  // The top results as shown: titles, excerpts with the words marked, sub-results.
  function esc(s) {
    return s.replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }

  // An excerpt of `text` around the first match, with every matched word in <mark>.
  function excerpt(text, terms, size) {
    var lower = text.toLowerCase(), at = -1;
    terms.forEach(function (t) {
      var i = lower.indexOf(t);
      if (i >= 0 && (at < 0 || i < at)) at = i;
    });
    // `İ` lowercases to two units (`i̇`), the one letter that changes length: an index in
    // `lower` is one further per `İ` before it, and 120 of them put the excerpt past its
    // match (tests/browser/test_red46.py).
    if (at > 0 && lower.length !== text.length) at = fromLower(text, at);
    spelled(text, terms).forEach(function (s) { if (at < 0 || s[0] < at) at = s[0]; });
    var start = Math.max(0, at - (size >> 2)), end = Math.min(text.length, start + size);
    if (start > 0) { var sp = text.indexOf(" ", start); if (sp >= 0 && sp < at) start = sp + 1; }
    // End at a space too, not inside a word (past the match, which stays whole).
    if (end < text.length) { var back = text.lastIndexOf(" ", end); if (back > Math.max(at, start)) end = back; }
    // Never between the two halves of a letter outside the BMP (an emoji): a lone half
    // shows as U+FFFD.
    if (start > 0 && start < at && isLow(text, start)) start++;
    if (end < text.length && end > at && isLow(text, end)) end--;
    return (start > 0 ? "… " : "") + marked(text.slice(start, end), terms) + (end < text.length ? " …" : "");
  }
  function isLow(text, i) { var c = text.charCodeAt(i); return c >= 0xdc00 && c <= 0xdfff; }
  // The index in `text` of index `at` of `text.toLowerCase()`.
  function fromLower(text, at) {
    for (var i = 0, j = 0; j < at && i < text.length; i++) j += text.charCodeAt(i) === 0x130 ? 2 : 1;
    return i;
  }

  // Words the index also stores joined (words.rs): two words of letters joined by one
  // hyphen in no longer chain (`post-mortem`: `postmortem`; words.js `hyphenPair`, in
  // ASCII stretches as `rawWords` finds them), and a word with apostrophes (`Let’s`:
  // `lets`). Their places in `text` as [start, length, joined form].
  var QUOTED = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)+/gu;
  function spellings(text) {
    var out = [];
    for (var c of text.matchAll(/[^ \t\n\f\r]+/g)) {
      var chunk = c[0], prev = null;
      if (!/[^\x00-\x7f]/.test(chunk)) {
        for (var m of chunk.matchAll(asciiWord)) {
          if (!/[A-Za-z0-9]/.test(m[0])) continue;
          if (prev && hyphenPair(chunk, prev, m)) out.push([c.index + prev.index, m.index + m[0].length - prev.index, (prev[0] + m[0]).toLowerCase()]);
          prev = m;
        }
      }
      for (var q of chunk.matchAll(QUOTED)) out.push([c.index + q.index, q[0].length, q[0].toLowerCase().replace(/['’]/g, "")]);
    }
    return out;
  }
  // The places of `spellings` in `text` whose joined form is one of `terms`: a page
  // found by `postmortem` or `lets` that writes `post-mortem` or `Let’s`.
  function spelled(text, terms) {
    var wanted = new Set(terms.map(function (t) { return (t || "").toLowerCase(); }));
    return spellings(text).filter(function (s) { return wanted.has(s[2]); });
  }

  // `text` escaped, with every word, or first part of a joined name, that is one of `terms`
  // in <mark>, and the words the index joins (`spelled`). Words are found in the text
  // before it is escaped, so `amp` marks no `&amp;`.
  function marked(text, terms) {
    var sorted = terms.filter(Boolean).sort(function (a, b) { return b.length - a.length; });
    // A term's `i̇` (`İ` lowercased, two units) is `İ` in the text: the regex's case
    // folding does not join them, and `İstanbul` was found but never marked.
    var pattern = sorted.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/i\u0307/g, "(?:i\u0307|\u0130)"); }).join("|");
    var spans = spelled(text, sorted), m;
    var re = pattern ? new RegExp("(^|[^\\p{L}\\p{N}])(" + pattern + ")", "giu") : null;
    while (re && (m = re.exec(text))) {
      var at = m.index + m[1].length;
      // The longest term that ends where the index ends a word or a part of a joined name
      // (`on` marks no `one`; `etcd` marks `etcdMembersDown`'s first part).
      var len = cutAt(text, at, sorted);
      if (!len) { re.lastIndex = at + 1; continue; }
      spans.push([at, len]);
      re.lastIndex = at + len;
    }
    spans.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var out = "", last = 0;
    spans.forEach(function (s) {
      if (s[0] < last) return;
      out += esc(text.slice(last, s[0])) + "<mark>" + esc(text.slice(s[0], s[0] + s[1])) + "</mark>";
      last = s[0] + s[1];
    });
    return out + esc(text.slice(last));
  }

  // The length of the first of `sorted` (lowercase terms, longest first) that `text` holds
  // at `at` and that ends at a cut of the index's words (words.js `splits`), or 0.
  function cutAt(text, at, sorted) {
    for (var i = 0; i < sorted.length; i++) {
      // Where the term ends in `text`: one unit sooner per `İ`, which lowercases to two.
      var term = sorted[i].toLowerCase(), end = at;
      for (var k = 0; k < term.length && end < text.length; end++) k += text.charCodeAt(end) === 0x130 ? 2 : 1;
      if (text.slice(at, end).toLowerCase() !== term) continue;
      var a = cls(text[end - 1]), b = cls(text[end]);
      if (b === OTHER || a === OTHER || splits(a, b, cls(text[end + 1]))) return end - at;
    }
    return 0;
  }

  // Whether `lower` (lowercase text) holds `term` at the start of a word, or as one of
  // `joined` (the joined forms of its `spellings`); a number whole (`1` is not in `137`,
  // nor `137` in `1370`).
  function holds(lower, term, joined) {
    if (joined && joined.indexOf(term) >= 0) return true;
    var number = /^\p{N}+$/u.test(term), i = lower.indexOf(term);
    while (i >= 0) {
      if ((i === 0 || !/[\p{L}\p{N}]/u.test(lower[i - 1])) && !(number && /\p{N}/u.test(lower[i + term.length] || ""))) return true;
      i = lower.indexOf(term, i + 1);
    }
    return false;
  }

  // How many times the words start a word of `text`, or are one the index joins.
  function hits(text, terms) {
    var lower = text.toLowerCase(), n = spelled(text, terms).length;
    terms.forEach(function (t) {
      var i = lower.indexOf(t);
      while (i >= 0) {
        if (i === 0 || !/[\p{L}\p{N}]/u.test(lower[i - 1])) n++;
        i = lower.indexOf(t, i + t.length);
      }
    });
    return n;
  }

  // A name as compared with a query: its letters and digits, lowercased
  // (`etcd members down`, `etcdMembersDown` and `etcd-members-down` are one).
  function nameKey(s) { return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ""); }
  // The name key of a page address's last part (`/runbooks/etcd/etcdMembersDown/`).
  function slugKey(url) {
    try { return nameKey(decodeURIComponent((url || "").split("/").filter(Boolean).pop() || "")); } catch (e) { return ""; }
  }

  // The top `limit` results with their titles, excerpts and sub-results (headings); in
  // the header's list (`compact`), their titles and leads, no sub-results.
  // Offline (files failed, the worker answered from its caches with the network failing,
  // or the browser says so), each result says whether its page is
  // saved on this device, and the results say they may be incomplete.
  // With `early`, it is first called with the best results whose rows are known (the
  // words' heads, or meta.json on a small site), title and lead: on a slow network they
  // come with the heads and the shards, a round trip before the other results' texts.
  //
  // A file of another build (a deploy since this page fetched meta.json), or one missing
  // that meta.json names, starts the search again from a fresh meta.json, once; a file
  // that fails again says so (`failure`).
  function results(query, filters, limit, exact, compact, early) {
    var fresh = stale(), since = adoptions;
    var again = function () {
      reset(since);
      return attempt(query, filters, limit, exact, compact, early);
    };
    return attempt(query, filters, limit, exact, compact, early).then(function (res) {
      return fresh.then(function (changed) { return changed ? again() : res; });
    }, function (e) {
      if (e && e.skew) return again();
      if (!(e && e.missing)) throw e;
      return changedBuild().then(function (changed) { if (changed) return again(); throw e; });
    });
  }

  // Forgets everything of the index fetched so far, for a search from a fresh meta.json,
  // and asks the service worker to look for a new version of itself (a deploy brings a
  // new one, with the new deploy's files; see sw.js). `since`: the count of adoptions when
  // the search that found the files mismatched began.
  function reset(since) {
    generation++;
    cache = {}; sizes = {}; held = 0;
    known.clear();
    whole = null; bounds = null; synonymIndex = null; lowMap = null; headsIn = null; build = null;
    checkedAt = [Date.now(), performance.now()];
    try {
      var now = navigator.serviceWorker.controller;
      // The new deploy's worker may have taken over before the search found the deploy
      // (its check of a saved file found it first): no controllerchange is coming, and
      // files asked to revalidate are not saved (sw.js), so nothing of the new index
      // would be saved for offline use.
      if (now && now !== servedBy) { adoptedBy = servedBy = now; adoptions++; revalidating = false; saveThrough([]); }
      // Not again under the worker that took over since (a search of before the reset,
      // ending after it, starts one more): that worker is the new deploy's. But one that
      // took over before this search began and served it two builds' files is of a deploy
      // before the last (two deploys while the tab stayed open): its cache answered with
      // its meta.json, the network with the next deploy's heads, and the search failed
      // again ("do not match yet") until a newer worker took over.
      if (!adoptedBy || now !== adoptedBy || since === adoptions) revalidating = true;
      navigator.serviceWorker.getRegistration().then(function (reg) { if (reg) reg.update(); }).catch(function () {});
      navigator.serviceWorker.addEventListener("controllerchange", adopted);
    } catch (e) { revalidating = true; /* no worker */ }
  }
  // The new deploy's worker has taken over: files are fetched through it again, and saved
  // for offline use (revalidated, as sw.js's previous worker could not save them into its
  // build's cache); the files this page already has are asked of it once, behind the
  // search (304s where the host revalidates, as Netlify does). Base saved none until the
  // page was reloaded.
  var adoptedBy = null, servedBy = null, adoptions = 0;
  try { servedBy = navigator.serviceWorker.controller; } catch (e) { /* no worker */ }
  function adopted() {
    navigator.serviceWorker.removeEventListener("controllerchange", adopted);
    adoptedBy = servedBy = navigator.serviceWorker.controller;
    adoptions++;
    if (!revalidating) return;
    revalidating = false;
    saveThrough(Object.keys(cache).filter(function (p) { return p !== "all"; }).map(function (p) { return root + p; }));
  }
  // Asks the worker now in control for `held` and this script, which it saves.
  function saveThrough(held) {
    // This script too: a page opened offline searches with it.
    if (script && script.src) held.push(script.src);
    held.forEach(function (url) { fetch(url).catch(function () { /* offline: saved when next used */ }); });
  }

  // Whether the site now serves another build of the index than this page searches:
  // meta.json fetched again, revalidated with the server (a few hundred bytes, or a
  // 304). False when it cannot tell (offline).
  function changedBuild() {
    var was = build;
    if (!was) return Promise.resolve(false);
    checkedAt = [Date.now(), performance.now()];
    return fetch(root + "meta.json", { cache: "no-cache" }).then(function (r) {
      if (!r.ok || HTML.test(r.headers.get("Content-Type") || "")) return false;
      return r.json().then(function (m) { return !!m.b && m.b !== was && build === was; });
    }).catch(function () { return false; });
  }
  // The fragments (`f/`) and the typo files carry no build: a page that searches again
  // a while (RECHECK ms) after its last look at meta.json looks again, beside the search
  // (a 304, or a few kB on a large site; never for the first query, which fetched it). A small
  // site's meta.json holds every page's row, against which each fragment is checked.
  // By either clock: the device's moved back an hour hid a deploy landed since for that
  // hour; `performance.now()` stands still while a phone sleeps.
  var checkedAt = [Date.now(), performance.now()], RECHECK = 10000;
  function stale() {
    var since = Math.max(Math.abs(Date.now() - checkedAt[0]), performance.now() - checkedAt[1]);
    return whole || since < RECHECK ? Promise.resolve(false) : changedBuild();
  }

  function attempt(query, filters, limit, exact, compact, early) {
    var failed = failures, faulted = faults, missing = missed, done = false, heads = Promise.resolve(null);
    var show = function (r, top, frags) {
      var res = present(r, top, frags, query, compact, isOffline(failed));
      // Part of the index did not come (an error status, a web page, a body cut short).
      res.incomplete = !res.offline && faults > faulted;
      return res;
    };
    if (early && !exact && !Object.keys(filters || {}).some(function (f) { return filters[f]; })) {
      var previewed = getJSON("meta.json").then(prepare).then(function (meta) { return preview(query, meta); });
      headsIn = previewed.catch(function () {});
      // A head of another build, or missing (a deploy since meta.json came): the shards
      // the search has in memory may be of the previous one, and the fragments fetched
      // next of the new one (another page's title for a result): the search starts again.
      heads = previewed.then(function () { return null; }, function (e) { return e && (e.skew || e.missing) ? e : null; });
      previewed.then(function (r) {
        if (!r || done) return;
        var top = knownLead(r.ranked.slice(0, limit));
        if (!top.length) return;
        var shown = show(r, top, top.map(rowOf));
        shown.total = 0; // how many pages match is for the shards to say
        early(shown);
      }, function () {});
    }
    return search(query, filters, exact).then(function (r) {
      return heads.then(function (e) {
        if (e && e.skew) throw e;
        if (!e && missed === missing) return r;
        // A file missing (a head, a shard): the site changed, or only that file failed
        // (then the results say part of the index did not come).
        return changedBuild().then(function (changed) {
          if (changed) throw fault("a file missing, and meta.json changed", "skew");
          return r;
        });
      });
    }).then(function (r) {
      // Nothing found while the query's own files failed (the network went mid-query):
      // not "No results", which says the site has none.
      if (!(r.ranked || []).length && failures > failed) throw fault("the index's files did not come", "offline");
      done = true;
      var top = (r.ranked || []).slice(0, limit);
      var leading = knownLead(top);
      if (early && leading.length) early(show(r, leading, leading.map(rowOf)));
      return Promise.all(top.map(function (e) {
        // The header's list shows a known row as it is: no fragment, no round trip.
        if (compact && known.has(e[0])) return known.get(e[0]);
        // Without its text (offline, not saved), a page is still shown by its title.
        return getJSON("f/" + e[0] + ".json").then(function (f) {
          // Page e[0] of another build (a deploy since the shards came): not this result.
          var row = known.get(e[0]);
          if (row && f && row.u !== f.u) throw fault("f/" + e[0] + ".json: " + f.u + ", not " + row.u, "skew");
          return f;
        }).catch(function (err) {
          if (err && err.skew) throw err;
          return known.get(e[0]) || null;
        });
      })).then(function (frags) {
        // A text (no build in it) of a page whose row is not known, that holds none of
        // the query's words: the page of that number in a new deploy, if meta.json says
        // there is one (a long page's match past its text's 4,000 characters only costs
        // that look).
        var odd = !whole && frags.some(function (f, i) { return f && f.s && !known.has(top[i][0]) && !mentions(f, r.terms); });
        return (odd ? changedBuild() : Promise.resolve(false)).then(function (changed) {
          if (changed) throw fault("a result's text holds none of the words, and meta.json changed", "skew");
          return markSaved(show(r, top, frags));
        });
      });
    }, function (e) {
      // No index at all (not even its list of shards): say why.
      if (isOffline(failed)) e.offline = true;
      throw e;
    });
  }

  // Whether fragment `f` holds any of `terms` (its title, names, lead, headings, texts).
  function mentions(f, terms) {
    var text = [f.t, f.n || "", f.l || ""].concat(f.s.map(function (s) { return s[1] + " " + s[2]; })).join(" ");
    return hits(text, terms) > 0;
  }

  // The best results whose rows are known, from the first on: on a large site the
  // heads know the first result most often, the others seldom.
  function knownLead(top) {
    var lead = 0;
    while (lead < top.length && known.has(top[lead][0])) lead++;
    return top.slice(0, lead);
  }
  function rowOf(e) { return known.get(e[0]); }

  // Offline, each result says whether its page is saved on this device.
  function markSaved(res) {
    if (!res.offline || !window.caches) return res;
    return Promise.all(res.items.map(function (item) {
      return caches.match(item.url).then(function (hit) { item.saved = !!hit; }, function () {});
    })).then(function () { return res; });
  }

  // The results `top` of `r` for `query`, shown from `frags` (a page's fragment, or its
  // row: a lead, no sections).
  function present(r, top, frags, query, compact, offline) {
    // A page whose title, file name or alert name is the query comes first (not a
    // listing: the folder `etcd` is no answer to `etcd`). One of them that ranks low
    // (meta.json `low`: it only points elsewhere, says it is deprecated, or is a draft)
    // comes after the current pages of that name, or of a name that holds it: the stub
    // of `KubeAPIDown` that says it moved after the runbook, the deprecated
    // `OperatorConditionsUnhealthy` after `HCOOperatorConditionsUnhealthy`.
    var wantedName = nameKey(query);
    // Its address's last part too: a head's row has no names, but the file's is there.
    var keys = function (f) { return [f.t].concat((f.n || "").split("\n")).map(nameKey).concat(slugKey(f.u)); };
    var low = function (x) { return !!(r.low && r.low.has(x.e[0])); };
    var full = function (x) { return !x.e[2] && !(x.e[0] >= r.listings); };
    var rows = top.map(function (e, i) { return { e: e, f: frags[i] }; }).filter(function (x) { return x.f; });
    var named = !wantedName ? [] : rows.filter(function (x) {
      return full(x) && keys(x.f).some(function (k) { return k === wantedName; });
    });
    var first = named.filter(function (x) { return !low(x); }), lowNamed = named.filter(low);
    // Of those, the runbook that claims the alert of that name first (its names after the
    // file's: one alert, one runbook, or the build fails), then a page whose file bears the
    // name (its address's last part) before one that only takes it as its title, and one
    // named so by both before one by its file alone: a title is free text that any page may
    // copy (a pull request's one-line page titled `etcdMembersDown` outranked the runbook on
    // length alone), a file's name is the one its folder gives. Ties keep the ranking's
    // order. (A head's row has no names: the header's first list can only go by the rest.)
    var is = function (k) { return k === wantedName; };
    first = first.map(function (x, i) {
      var f = x.f;
      return [((f.n || "").split("\n").slice(1).map(nameKey).some(is) ? 4 : 0) + (is(slugKey(f.u)) ? 2 : 0) + (is(nameKey(f.t || "")) ? 1 : 0), i, x];
    }).sort(function (a, b) { return b[0] - a[0] || a[1] - b[1]; }).map(function (a) { return a[2]; });
    if (lowNamed.length) {
      first = first.concat(rows.filter(function (x) {
        return full(x) && !low(x) && first.indexOf(x) < 0 && keys(x.f).some(function (k) { return k.indexOf(wantedName) >= 0; });
      }), lowNamed);
    }
    rows = first.concat(rows.filter(function (x) { return first.indexOf(x) < 0; }));
    return {
      corrections: r.corrections,
      total: (r.ranked || []).length,
      offline: offline,
      items: rows.map(function (row) {
        var f = row.f, item;
        if (!compact) item = resultItem(f, row.e[2], r.terms, r.slots);
        else {
          // Title and lead: what the page is, the same whether its row or its fragment
          // told it, so the list does not change under the reader as the others come.
          var lead = f.l || "";
          item = { url: f.u, title: f.t, kind: f.k, excerpt: lead ? marked(lead, r.terms) : "", subs: [], partial: row.e[2] };
        }
        item.where = placeOf(f.u, r.dirs);
        return item;
      })
    };
  }

  // Where a page lives: its folders under the site's base, named as its breadcrumbs name
  // them (`Alerts › Cluster monitoring operator`): by their index pages' titles
  // (meta.json's `dirs`), else by their names made readable. Two runbooks of one title in
  // two folders (an alert's runbook and its "moved" stub) looked the same in the list
  // (look24 item 2); raw folder names (`cluster-monitoring-operator`) were not the
  // site's words for them.
  function placeOf(url, dirs) {
    var base = document.documentElement.getAttribute("data-base") || "/", path;
    try { path = new URL(url, location.href).pathname; } catch (e) { return ""; }
    var at = path.indexOf(base) === 0 ? base : "/";
    var parts = path.slice(at.length).split("/").filter(Boolean).slice(0, -1);
    return parts.map(function (p, i) {
      at += p + "/";
      if (i === 0 && p === "runbooks") return null;
      if (dirs && Object.prototype.hasOwnProperty.call(dirs, at)) return dirs[at];
      try { return readable(decodeURIComponent(p)); } catch (e) { return readable(p); }
    }).filter(function (x) { return x !== null; }).join(" › ");
  }
  // A folder's name made readable as src/render/titles.rs `readable_name` makes it: words
  // split at `-`, `_` and spaces, the first capitalized unless it has a capital already.
  function readable(name) {
    var words = name.split(/[-_ ]/).filter(Boolean);
    if (!words.length) return name;
    var first = Array.from(words[0]);
    if (!/\p{Uppercase}/u.test(words[0])) first[0] = first[0].toUpperCase();
    words[0] = first.join("");
    return words.join(" ");
  }

  // A heading as a sub-result shows it: at most HEADING characters, cut at a space. A
  // heading has no length limit (a title has, 1024 bytes), and one of 400 kB, stuffed with
  // words to match many queries, filled the results page (88,000 px) above every other.
  var HEADING = 100;
  function clip(text) {
    var chars = Array.from(text);
    if (chars.length <= HEADING) return text;
    var cut = chars.slice(0, HEADING).join(""), space = cut.lastIndexOf(" ");
    return (space > HEADING / 2 ? cut.slice(0, space) : cut) + " …";
  }

  // A result of the search page from page fragment `f`: its excerpt and sub-results.
  // `slots`: the query's required words, each { terms: what it matched, number: typed
  // as a number } (search's `slots`); without them, each term is one.
  function resultItem(f, partial, terms, slots) {
    slots = slots || terms.map(function (t) { return { terms: [t], number: /^\p{N}+$/u.test(t) }; });
    // Sections ranked by the numbers of the query they hold (`exit code 137` is about
    // exit code 137, not exit code 1), then by how many of its words they hold, then by
    // how often they hold them (a heading counts thrice).
    var order = f.s.map(function (sec, i) {
      var lower = (sec[1] + "\n" + sec[2]).toLowerCase(), numbers = 0, distinct = 0;
      var joined = spellings(lower).map(function (x) { return x[2]; });
      slots.forEach(function (slot) {
        if (!slot.terms.some(function (t) { return holds(lower, t, joined); })) return;
        distinct++;
        if (slot.number) numbers++;
      });
      return [i, numbers, distinct, hits(sec[1], terms) * 3 + hits(sec[2], terms)];
    }).filter(function (x) { return x[2] > 0 || x[3] > 0; });
    order.sort(function (a, b) { return b[1] - a[1] || b[2] - a[2] || b[3] - a[3] || a[0] - b[0]; });
    var shown = order.filter(function (s) { return f.s[s[0]][0]; }).slice(0, 3);
    var subs = shown.map(function (s) {
      var sec = f.s[s[0]];
      // Named by the heading, after the headings it is under (`Diagnosis › Other`).
      return { url: f.u + "#" + sec[0], heading: sec[3] ? clip(sec[3]) + " › " + clip(sec[1]) : clip(sec[1]), excerpt: excerpt(sec[2], terms, 120) };
    });
    // The page's own excerpt: its best section that is not a sub-result (whose
    // excerpts are shown under them), else the start of the page when there are no
    // sub-results.
    var best = order.filter(function (s) { return shown.indexOf(s) < 0; })[0];
    var text = best ? f.s[best[0]][2] : !subs.length ? (f.s[0] || [])[2] || "" : "";
    // Found by its names alone (a pipeline, the title): what the page is about.
    var shownText = text ? excerpt(text, terms, 160) : !subs.length && f.l ? marked(f.l, terms) : "";
    return { url: f.u, title: f.t, kind: f.k, excerpt: shownText, subs: subs, partial: partial };
  }

