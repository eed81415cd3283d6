// pipebook search: queries the chunked index under /search/ and shows results in the
// header's search box and, with search-page.js, on /search/. Loaded on demand (first focus of the box, the "/"
// key, or the search page), so pages that are only read never download it.
(function () {
  "use strict";
  // An element with that id is reachable as `window.pipebookSearch` too: not the engine.
  if (window.pipebookSearch && !(window.pipebookSearch instanceof Element)) return;
  // The theme's own elements, not an author's id inside a runbook's text.
  var own = function (id) {
    var el = document.getElementById(id);
    return el && !el.closest("article") ? el : null;
  };
  var script = document.currentScript;
  var root = (script && script.getAttribute("data-index")) || "/search/";
  // The index's files fetched (promises of them parsed), least recently used first (an
  // object keeps its keys in the order set). A long session on a large site kept every
  // one for the tab's life: 18 kB a distinct word at 100,000 runbooks, up to the whole
  // index (170 MB of heads' JSON, 34 MB of shards) on a 1 GB phone. Past HOLD bytes (as
  // `size` estimates them) the least recently used are dropped, fetched again if needed.
  var cache = {}, sizes = {}, held = 0, HOLD = 6e6;
  // meta.json, filters.json and the like (no "/"), and a small site's `all`, stay.
  function keep(path, p, size) {
    if (cache[path] !== p || path.indexOf("/") < 0) return;
    sizes[path] = size;
    held += size;
    for (var k in cache) {
      if (held <= HOLD) break;
      if (k !== path && sizes[k]) { held -= sizes[k]; delete sizes[k]; delete cache[k]; }
    }
  }
  // Index files that could not be fetched so far: offline, the service worker (sw.js)
  // answers only with what it saved, and a search goes on over that, saying so.
  var failures = 0;
  // Index files that came but were not the index: an error status, a web page in its
  // place (a captive portal's sign-in), a body cut short. Not "offline": results are
  // shown with a line saying part of the index is missing.
  var faults = 0, lastFault = "", missed = 0;
  // What the worker said with its last answer: from its caches, the network failing
  // (navigator.onLine can read true then: a broken VPN, or Chromium after a navigation).
  var workerOffline = false;
  var isOffline = function (failed) {
    return failures > failed || workerOffline || navigator.onLine === false;
  };
  // The build of the index this page searches (`b` of meta.json, src/search/output.rs
  // `build_id`), which every head, shard and filters.json must carry too. The files keep
  // their names across deploys: a tab open across one fetched the next deploy's shards
  // against the previous meta.json, and showed another page's title for a result, or
  // "No results" for a word the site has. A file of another build makes the search start
  // again from a fresh meta.json (`results`), once.
  var build = null, generation = 0;
  // After a mismatch, every file is revalidated with the server: a browser's HTTP cache
  // (a host's max-age) would otherwise answer with the previous deploy's.
  var revalidating = false;
  // An error of the index's files: `kind` "skew" (another build), "missing" (404),
  // "portal" (a web page instead), "bad" (another status, a cut or unreadable body).
  function fault(message, kind) {
    var e = new Error(message);
    e[kind] = true;
    return e;
  }
  var HTML = /^\s*text\/html/i;
  // Files on their way, each with what can drop it (`unstick`): a network that takes
  // requests and answers nothing kept them, and every search after waited on them.
  var pending = {};
  var get = function (path, parse) {
    var had = cache[path];
    if (had) {
      delete cache[path];
      cache[path] = had;
    } else {
      var mine = generation, size = 16e3;
      var ctl = typeof AbortController === "function" ? new AbortController() : null;
      var init = ctl ? { signal: ctl.signal } : {};
      if (revalidating) init.cache = "no-cache";
      // Dropped on purpose: neither offline nor a fault of the file.
      var dropped = function () { return ctl && ctl.signal.aborted ? fault(path + ": dropped", "dropped") : null; };
      var p = fetch(root + path, init).then(function (r) {
        workerOffline = r.headers.get("X-Pipebook-Offline") === "1";
        if (r.status === 404 || r.status === 410) throw fault(path + ": " + r.status, "missing");
        if (!r.ok) throw fault(path + ": " + r.status, "bad");
        // A captive portal (a hotel's or a train's Wi-Fi) answers every address with its
        // sign-in page, 200 and HTML: no file of the index is HTML.
        if (HTML.test(r.headers.get("Content-Type") || "")) throw fault(path + ": a web page", "portal");
        return Promise.resolve(parse(r, function (n) { size = n; })).catch(function (e) {
          // A body cut short (a proxy that drops the connection), or not what it should be:
          // the service worker drops its copy of it (sw.js "pipebook:bad-file").
          var err = dropped() || (e && (e.skew || e.bad) ? e : fault(path + ": " + (e && e.message || e), "bad"));
          var sw = navigator.serviceWorker && navigator.serviceWorker.controller;
          if (err.bad && !err.old && sw) sw.postMessage({ type: "pipebook:bad-file", url: root + path });
          throw err;
        });
      }, function (e) {
        var d = dropped();
        if (d) throw d;
        failures++;
        throw e;
      }).then(function (value) {
        // A file of a search since started again (`reset`): not this one's.
        if (mine !== generation) throw fault(path + ": from before a reset", "skew");
        return value;
      });
      cache[path] = p;
      if (ctl) pending[path] = ctl;
      // Not kept: the network may be back for the next query.
      p.then(function () { keep(path, p, size); }, function (e) {
        if (e && (e.bad || e.missing || e.portal)) { faults++; lastFault = e.portal ? "portal" : e.old ? "old" : "bad"; }
        if (e && e.missing) missed++;
        if (cache[path] === p) delete cache[path];
      }).then(function () { if (pending[path] === ctl) delete pending[path]; });
    }
    return cache[path];
  };
  // Drops the files still on their way, so that the next search asks for them again
  // ("Try again" under a search that waits): meta.json too, when site.js's early fetch of
  // it has not come.
  var earlyMeta = false;
  function unstick() {
    Object.keys(pending).forEach(function (path) {
      pending[path].abort();
      delete pending[path];
      delete cache[path];
    });
    if (earlyMeta) {
      earlyMeta = false;
      delete cache["meta.json"];
      if (typeof window.pipebookMetaStop === "function") window.pipebookMetaStop();
    }
  }
  // Parsed JSON takes about twice its text in memory.
  var getJSON = function (path) {
    return get(path, function (r, size) { return r.text().then(function (t) { size(2 * t.length); return JSON.parse(t); }); });
  };
  // A file's build (`b`) against meta.json's: throws on another one.
  function sameBuild(b, path) {
    if (build && b && b !== build) throw fault(path + ": build " + b + ", not " + build, "skew");
  }
  // The list of shards, when site.js started fetching it beside this script.
  var early = window.pipebookMeta;
  if (early instanceof Promise) {
    // On a small site meta.json is the whole index: what the worker said with it counts.
    earlyMeta = true;
    var taken = cache["meta.json"] = early.then(function (meta) {
      earlyMeta = false;
      workerOffline = window.pipebookMetaOffline === true;
      return meta;
    }, function () {
      earlyMeta = false;
      // Fetched again, here, to tell why (offline, a sign-in page, a status); dropped
      // (`unstick`), it already is.
      if (cache["meta.json"] === taken) delete cache["meta.json"];
      return getJSON("meta.json");
    });
  }

  // A shard: gzip-compressed records `varint(length) term varint(pages) varint(bytes)
  // postings`; read into a Map from term to its postings (still encoded).
  var utf8 = new TextDecoder();
  function varint(b, at) {
    var n = 0, shift = 0, c;
    do { c = b[at.i++]; n += (c & 0x7f) * Math.pow(2, shift); shift += 7; } while (c & 0x80);
    return n;
  }
  // Pages known by their rows (meta.json's `rows` on a small site, the heads' `r`
  // elsewhere): page -> a fragment without its sections, but with its lead (`l`: its
  // summary or the start of its text), enough to show a result in the header's list.
  var known = new Map();
  // At most ROWS, the least recently learned dropped (the heads that gave them may be).
  var ROWS = 5000;
  function learn(x) {
    var row = known.get(x[0]) || { u: x[1], t: x[2], k: x[3], l: x[4] || "", n: x[5] || "", s: [] };
    known.delete(x[0]);
    known.set(x[0], row);
    if (known.size > ROWS) known.delete(known.keys().next().value);
  }
  // A shard's bytes, un-gzipped by the browser's DecompressionStream; where it has none
  // (Safari before 16.4, Firefox before 113, Chrome before 80: phones that cannot update,
  // still carried on call) every shard failed, and a large site's search with it. There,
  // by fflate's gunzip (static/search-inflate.js), fetched then only, once.
  var inflater = null;
  function gunzip(r) {
    if (typeof DecompressionStream === "function") {
      return new Response(r.body.pipeThrough(new DecompressionStream("gzip"))).arrayBuffer()
        .then(function (buf) { return new Uint8Array(buf); });
    }
    return Promise.all([r.arrayBuffer(), inflate()]).then(function (got) {
      return got[1].gunzipSync(new Uint8Array(got[0]));
    });
  }
  // The library, once its script ran: an element with that id (an author's heading) is
  // reachable as `window.pipebookInflate` too.
  function loadedInflate() {
    var f = window.pipebookInflate;
    return f && typeof f.gunzipSync === "function" ? f : null;
  }
  function inflate() {
    if (loadedInflate()) return Promise.resolve(loadedInflate());
    inflater = inflater || new Promise(function (ok, fail) {
      var s = document.createElement("script");
      s.src = new URL("../static/search-inflate.js", new URL(root, location.href)).href;
      s.onload = function () { return loadedInflate() ? ok(loadedInflate()) : s.onerror(); };
      s.onerror = function () {
        inflater = null;
        var e = fault("this browser has no DecompressionStream, and static/search-inflate.js could not be loaded", "bad");
        e.old = true;
        fail(e);
      };
      document.head.appendChild(s);
    });
    return inflater;
  }
  // On a slow network a word's shard waits for its head (below) to come in, for at most
  // STAGGER ms: the heads' few kilobytes then come alone, a twentieth of a second after
  // the round trip instead of sharing the line with the shards'. On a fast one the heads
  // are in first, and nothing waits.
  var STAGGER = 150, headsIn = null;
  function getShard(i) {
    var start = headsIn ? Promise.race([headsIn, new Promise(function (ok) { setTimeout(ok, STAGGER); })]) : null;
    return start ? start.then(function () { return terms(i); }) : terms(i);
  }
  // A word's head: the number of pages that hold it and its best ones (page, weight,
  // best first), from h/<fnv1a(word) % meta.heads>.json (plain JSON: the host compresses
  // it on the wire, and the browser takes it apart), which also gives the rows of each
  // term's best pages (in page order, each URL front-coded against the row before: the
  // characters shared as '0' + n, then the rest; the kind as its number in KINDS).
  // Resolves to null when the word is no term.
  var KINDS = ["runbook", "folder", "pipeline", "engineer", "page"];
  function head(meta, word) {
    var file = "h/" + fnv1a(word) % meta.heads + ".json";
    return get(file, function (r, size) {
      return r.text().then(function (t) {
        var f = JSON.parse(t);
        size(2 * t.length);
        sameBuild(f.b, file);
        var last = "";
        (f.r || []).forEach(function (x) {
          last = last.slice(0, x[1].charCodeAt(0) - 48) + x[1].slice(1);
          learn([x[0], last, x[2], KINDS[x[3]], x[4]]);
        });
        var byTerm = new Map();
        (f.t || []).forEach(function (t) { byTerm.set(t[0], t); });
        return byTerm;
      });
    }).then(function (byTerm) { return byTerm.get(word) || null; });
  }
  function terms(i) {
    return get("s/" + i + ".bin", function (r, size) {
      return gunzip(r).then(function (buf) {
        var terms = parse(buf), own = terms.get("");
        size(buf.byteLength + 64 * terms.size);
        // The shard's build: a record of no term, first (src/search/output.rs `id_record`).
        if (own) { sameBuild(utf8.decode(own.data), "s/" + i + ".bin"); terms.delete(""); }
        return terms;
      });
    });
  }
  function parse(b) {
    var at = { i: 0 }, terms = new Map();
    while (at.i < b.length) {
      var len = varint(b, at), term = utf8.decode(b.subarray(at.i, at.i + len));
      at.i += len;
      var pages = varint(b, at), bytes = varint(b, at);
      terms.set(term, { pages: pages, data: b.subarray(at.i, at.i + bytes) });
      at.i += bytes;
    }
    return terms;
  }
  // A small site's whole index comes in meta.json (`all`: every shard's records, in
  // base64; `rows`: every page's row): read once as the only shard, so that no query
  // waits for another file before its titles (a round trip, 2 s on a bad network), and
  // no typo file is needed (every term is at hand).
  var whole = null, bounds = null;
  function prepare(meta) {
    if (!build && meta.b) build = meta.b;
    if (whole) return whole;
    // The shards' bounds, front-coded (src/search/output.rs `front_coded`): a line each,
    // the characters shared with the bound before (as '0' + n), then the rest.
    if (typeof meta.shards === "string") {
      if (!bounds) {
        bounds = [];
        meta.shards.split("\n").forEach(function (line, i) {
          var cs = Array.from(line), shared = cs[0].charCodeAt(0) - 48;
          bounds.push((i ? Array.from(bounds[i - 1]).slice(0, shared).join("") : "") + cs.slice(1).join(""));
        });
      }
      meta = Object.assign({}, meta, { shards: bounds });
    }
    if (!meta.all) return meta;
    var bin = atob(meta.all), b = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) b[i] = bin.charCodeAt(i);
    (meta.rows || []).forEach(learn);
    cache["all"] = Promise.resolve(parse(b));
    whole = Object.assign({}, meta, { shards: [""], typo: 0 });
    return whole;
  }

