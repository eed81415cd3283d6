// pipebook's service worker: runbooks that open without a network.
//
// Written by `pipebook build`; VERSION is a digest of the whole site, so every deploy that
// changes a file is a new worker with new caches.
//
// - Pages (and the files beside runbooks) are served stale-while-revalidate: at once from
//   the cache, fetched again behind it; when the page changed, its tab is told, and offers
//   to reload. They live in one cache that outlasts deploys, so what a reader saved stays
//   readable offline after one; each page is whole in itself.
// - The theme's files and the search index must match the pages' build: they live in a
//   cache named after VERSION, cache first, and the caches of other builds are deleted.
// - oncall.json goes to the network first (who is on call changes), the cache offline.
// - While the network is failing (the latest request sent to it, of those with an outcome,
//   failed), what is answered from the caches carries `X-Pipebook-Offline: 1`: search
//   says its results come from what is saved. navigator.onLine cannot tell: a VPN that
//   is part of the outage, or a page opened after going offline in Chromium, reads true
//   with every request failing.
//   That state outlives the worker (the browser stops idle workers, and a phone restarts
//   the browser): the first answers of a new worker are marked from it, not only once a
//   request of its own has failed, which on a network that hangs may take a minute.
// - Only GET requests for this site's own origin, under its base path, are handled, and
//   only complete, same-origin, unredirected answers are kept. What "keep offline" saves
//   comes from offline.json, written by the build; no page can name what is cached.
"use strict";

var VERSION = "{{ version }}";
var BASE = {{ base }};
var SHELL = {{ shell }};
// The search index's build (`b` of meta.json, src/search/output.rs `build_id`), which
// meta.json, filters.json, every head (`b`) and every shard (its first record) carry; ""
// when the build has none. A CDN edge serving files of two deploys at once handed the
// newer build's under this build's names: a look at sw.js found this build (the edge's
// copy of it), and the file joined this build's cache. Now one of another build is never
// kept (the page still gets it, and its search checks builds itself). The fragments
// (`f/`) and the typo files carry none: see the README.
var INDEX = {{ index }};
// The size of each of the theme's files as the build wrote them (its path -> bytes). A
// proxy ending a gzip body early (framed as complete: the browser takes it) gave the
// build's cache half of style.css or of a script, served at every visit until the next
// deploy; a file of another size is not kept (the page still gets it, and the next
// request asks the network again).
var SIZES = {{ sizes }};
// The diagram renderer's modules (static/mermaid/: a hundred, loaded by pages with a
// diagram only) are not in SIZES, which every first visit downloads: their sizes are in
// the list the build writes beside them (src/render/diagrams.rs `SIZES`), fetched once
// the worker keeps one. A module cut short on its way was kept, and the page's diagrams
// were never drawn again until the next deploy.
var RENDERER = BASE + "static/mermaid/";
var rendererSizes = null;
// The size of the renderer's module at `path` as the build wrote it (-1: not listed);
// rejects when the list does not come whole.
function rendererSize(path) {
  if (!rendererSizes) {
    var asked = rendererSizes = net(RENDERER + "sizes.json", { cache: "no-cache", credentials: "same-origin" }).then(function (r) {
      if (!r.ok || /html/i.test(r.headers.get("Content-Type") || "")) throw new Error("sizes.json: " + r.status);
      return r.json();
    });
    // Asked again for the next module: the network may be back.
    asked.catch(function () { if (rendererSizes === asked) rendererSizes = null; });
  }
  return rendererSizes.then(function (sizes) {
    var name = path.slice(RENDERER.length);
    var n = sizes && Object.prototype.hasOwnProperty.call(sizes, name) ? sizes[name] : -1;
    return typeof n === "number" ? n : -1;
  });
}
// A browser without DecompressionStream (Safari before 16.4, Firefox before 113, Chrome
// before 80) reads a shard's build with fflate's gunzip (static/search-inflate.js),
// imported at the worker's first start, as a worker may only then: the worker threw on
// every shard, and the page's search failed with it. Not fetched where the API is; not
// come, shards are kept without that look: a save checks each file's size against
// offline.json (`fetchKept`), and the page checks builds itself and has a shard it cannot
// read dropped (the "pipebook:bad-file" message).
var inflate = null;
if (typeof DecompressionStream !== "function") {
  try {
    importScripts(BASE + "static/search-inflate.js");
    inflate = self.pipebookInflate.gunzipSync;
  } catch (e) { /* not come: see `shardBuild` */ }
}
var BUILD_CACHE = "pipebook-build-" + VERSION;
var PAGE_CACHE = "pipebook-pages";
var SETTINGS = "pipebook-settings";
var KEEP_FLAG = BASE + "__pipebook/keep";
var DOWN_FLAG = BASE + "__pipebook/down";
var OFFLINE_PAGE = BASE + "offline/";
// Larger files (a PDF beside a runbook) are served, not stored.
var MAX_BYTES = 10 * 1024 * 1024;
// The save of every runbook under way, if any, the count of "forget"s it started at
// (`saves`: it is stopping when they differ), and the tabs that asked for it.
var saving = null, savingAt = -1, asking = [];
// The last outcome of a request to the network: true failed, false answered, null none
// yet (this worker just started: workers are stopped when idle, and forget).
var down = null;
var probing = false;
// What the previous worker knew last, read once at start; its own requests' outcome wins.
var remembered = caches.match(DOWN_FLAG, { cacheName: SETTINGS }).then(function (hit) {
  return hit ? hit.text() : null;
}).then(function (text) {
  if (down === null && (text === "1" || text === "0")) down = text === "1";
}, function () { /* no settings cache: unknown */ });
// Writes of the state, in order, only when it changes.
var writing = Promise.resolve();

function setDown(value) {
  if (down === value) return;
  down = value;
  writing = writing.then(function () {
    return caches.open(SETTINGS).then(function (cache) { return cache.put(DOWN_FLAG, new Response(value ? "1" : "0")); });
  }).catch(function () { /* the state is a hint: an unsaved one is only not remembered */ });
}

// fetch(), remembering whether the network answered. Any answer, an error status too,
// means it is reachable. Outcomes count in the order the requests were sent, not the one
// they come in: an answer to a request from before the network went (it was on its way,
// or waited for a busy device) must not unmark what a later request found failing, nor a
// request that hung since the network came back mark it down. A request the page dropped
// (its tab navigated on, search's "Try again") says nothing about the network.
var sent = 0, heard = 0;
function net(request, init) {
  var mine = ++sent;
  var hear = function (failed) {
    if (mine < heard) return;
    heard = mine;
    setDown(failed);
  };
  return fetch(request, init).then(function (response) {
    hear(false);
    return response;
  }, function (error) {
    if (!error || error.name !== "AbortError") hear(true);
    throw error;
  });
}

// An answer from the caches (a promise of it), marked when the network is failing. Headers
// of a cached answer cannot be changed: a copy with the same body is made, only then.
function saved(response) {
  return remembered.then(function () {
    return !down || !response ? response : marked(response, "X-Pipebook-Offline", "1");
  });
}

// Answering from the caches tells nothing about the network: while it is failing, or not
// known yet, one small request (HEAD, one at a time, behind the answer) finds out, so the
// next answer is marked right once the network is back, or gone.
// A probe unanswered after PROBE_MS counts as failed: one that hung (a network that takes
// requests and answers nothing) held every later one back, for minutes.
var PROBE_MS = 10000;
function probe(url) {
  if (down === false || probing) return Promise.resolve();
  probing = true;
  var ctl = new AbortController();
  var timer = setTimeout(function () { ctl.abort(new TypeError("no answer")); }, PROBE_MS);
  return net(url, { method: "HEAD", cache: "no-store", credentials: "same-origin", signal: ctl.signal })
    .catch(function () { /* down is set */ })
    .then(function () { clearTimeout(timer); probing = false; });
}

function inScope(url) {
  return url.origin === self.location.origin && url.pathname.indexOf(BASE) === 0;
}

// The theme, the search index, the offline page: the files that must match the build.
function isBuildFile(path) {
  var rest = path.slice(BASE.length);
  return rest.indexOf("static/") === 0 || rest === "manifest.webmanifest" || rest === "offline/" ||
    (rest.indexOf("search/") === 0 && rest !== "search/" && rest.slice(-1) !== "/");
}

function storable(response) {
  if (!response || !response.ok || response.type !== "basic" || response.redirected) return false;
  var length = Number(response.headers.get("Content-Length") || 0);
  return length <= MAX_BYTES;
}

// A captive portal (a hotel's or a train's Wi-Fi) answers every address with its sign-in
// page: 200, HTML, of this origin. Saved, it took the place of a runbook, of the schedule,
// or of a file of the theme or the index (until the next deploy). Only pages are HTML,
// and a page of this site is marked so (`data-base` or, a redirect, `data-redirect` on
// its <html>; a fragment of the tree, under _nav/, is no whole document). Resolves to
// whether `response` may be saved for `key`.
function genuine(response, key) {
  if (!storable(response)) return Promise.resolve(false);
  return sound(response, key);
}

// Files beside the runbooks (an image, a PDF) are in no size list: one cut short on its
// way was saved, and offline the diagram or the PDF opened broken (online, once more).
// The formats readers attach say where they end; a body that does not end so is served,
// not saved. Other kinds are saved as they come.
var ENDING = /\.(png|jpe?g|gif|webp|pdf|svg)$/i;
function ends(path, b) {
  var n = b.length, ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  var last = String.fromCharCode.apply(null, b.subarray(Math.max(0, n - 1024)));
  if (ext === "png") return /IEND\xae\x42\x60\x82$/.test(last);
  if (ext === "gif") return b[n - 1] === 0x3b;
  if (ext === "webp") return n >= 12 && ((b[4] | b[5] << 8 | b[6] << 16 | b[7] << 24) >>> 0) + 8 === n;
  if (ext === "pdf") return /%%EOF/.test(last);
  if (ext === "svg") return /<\/svg>\s*$/.test(last);
  return /\xff\xd9[\s\S]{0,62}$/.test(last);
}

// Whether the body of `response` reads as the site's file at `key` (see `genuine`).
function sound(response, key) {
  var html = /^\s*text\/html/i.test(response.headers.get("Content-Type") || "");
  var path = new URL(key, self.location.origin).pathname;
  if (!/\/$|\.html$/.test(path)) {
    // A JSON file cut short on its way (a proxy ending a body early: a complete answer,
    // half the file) is not saved: it took the place of the saved schedule, which then
    // could not be read offline. No file but a page is HTML: a sign-in page.
    if (html) return Promise.resolve(foreign(response));
    if (Object.prototype.hasOwnProperty.call(SIZES, path)) {
      return response.clone().arrayBuffer().then(function (b) { return b.byteLength === SIZES[path]; }, function () { return false; });
    }
    if (path.indexOf(RENDERER) === 0 && /\.mjs$/.test(path)) {
      return Promise.all([rendererSize(path), response.clone().arrayBuffer()])
        .then(function (got) { return got[1].byteLength === got[0]; }, function () { return false; });
    }
    if (/\.bin$/.test(path) && isIndexFile(path)) {
      return shardBuild(response.clone()).then(function (b) { return sameIndex(response, b); }, function () { return false; });
    }
    // The web app manifest is JSON too (cut short in the shell, it was kept until the
    // next deploy: no size list names it).
    if (ENDING.test(path)) {
      return response.clone().arrayBuffer().then(function (b) { return ends(path, new Uint8Array(b)); }, function () { return false; });
    }
    if (!/\.(json|webmanifest)$/.test(path)) return Promise.resolve(true);
    return response.clone().text().then(function (text) { return JSON.parse(text); })
      .then(function (value) {
        return !isIndexFile(path) || sameIndex(response, value && typeof value === "object" ? value.b : null);
      }, function () { response.pipebookCut = true; return false; });
  }
  if (!html) return Promise.resolve(true);
  return response.clone().text().then(function (text) {
    var head = text.slice(0, 2048);
    if (path.indexOf(BASE + "_nav/") === 0) return !/<html|<head/i.test(head);
    // Not a page of this site: a sign-in page (`pipebookForeign`, said to the reader).
    if (!/<html[^>]* data-(base|redirect)="/i.test(head)) return foreign(response);
    // A page cut short on its way (a proxy ending a gzip body early: a complete answer)
    // took the place of the whole page saved: its end is looked for.
    return /<\/html>\s*$/i.test(text.slice(-64));
  }, function () { return false; });
}

// Whether `response`, to a request for a page, is the host sending it on to another page
// of the site: Netlify answers an alias (the old address of a moved runbook, whose
// redirect page the build writes and offline.json lists) with a `301` before any file.
// Nothing is kept at that address: the page it leads to is kept at its own. A sign-in
// page on this origin reads as no page of the site; one elsewhere fails the request.
function sentOn(response) {
  if (!response.redirected || !response.ok || response.type !== "basic") return Promise.resolve(false);
  var to = new URL(response.url);
  if (!inScope(to) || !/^\s*text\/html/i.test(response.headers.get("Content-Type") || "")) return Promise.resolve(false);
  return sound(response, pageKey(to));
}

// An answer that is not this site's (a captive portal's, a proxy's sign-in page, 200
// and HTML) is marked so: a save stops, and a tab shown its saved page is told, rather
// than either taking it for the site's answer. Resolves to false (not saved).
function foreign(response) {
  response.pipebookForeign = true;
  return false;
}

// The error of a request the network answered with a page not the site's.
function portalError() {
  var e = new Error("the network answered with a web page instead of this site's files (a Wi-Fi sign-in page?). Sign in to the network, then press the button again.");
  e.name = "Portal";
  return e;
}

function isIndexFile(path) {
  return path.indexOf(BASE + "search/") === 0;
}

// Whether an index file whose build is `b` (null: it carries none) may be kept: marked
// `pipebookSkew` when it is another build's.
function sameIndex(response, b) {
  if (!INDEX || typeof b !== "string" || b === INDEX) return true;
  response.pipebookSkew = true;
  return false;
}

// A shard's build: its first record, of no term (src/search/output.rs `id_record`:
// varint(0) varint(0) varint(n) then n bytes); null when it has none. The gzip stream is
// read to its end, its first bytes kept: a shard cut short on its way (a proxy ending the
// body early, framed as complete) was kept, its first bytes read alone, and offline every
// word of it was missing; now it rejects, as a body that is not gzip does.
function shardBuild(response) {
  if (typeof DecompressionStream !== "function") {
    if (!inflate) return Promise.resolve(null);
    return response.arrayBuffer().then(function (buf) { return idRecord(inflate(new Uint8Array(buf))); });
  }
  var reader = response.body.pipeThrough(new DecompressionStream("gzip")).getReader();
  var got = new Uint8Array(0);
  var more = function () {
    return reader.read().then(function (r) {
      if (r.done) return got;
      var need = got.length >= 3 ? 3 + got[2] : 3;
      if (got.length < need) {
        var grown = new Uint8Array(got.length + r.value.length);
        grown.set(got);
        grown.set(r.value, got.length);
        got = grown;
      }
      return more();
    });
  };
  return more().then(idRecord);
}

// The build a shard's first bytes `b` name (see `shardBuild`), or null.
function idRecord(b) {
  if (b.length < 3 || b[0] !== 0 || b[1] !== 0 || b.length < 3 + b[2]) return null;
  return new TextDecoder().decode(b.subarray(3, 3 + b[2]));
}

// Pages are cached by their path: the query string of /search/?q=… does not change them.
function pageKey(url) {
  return url.origin + url.pathname;
}

// The shell is saved file by file: on a network that drops a request, a first worker
// with part of it (the rest is saved when first used) beats no worker at all, which is
// what a failed install would leave. An update is another matter: the worker it replaces
// has its build's whole shell, which taking over deletes. A deploy's worker installed
// while the signal went (its sw.js came, the shell did not) took over with none: offline,
// the saved runbooks opened without stylesheet or scripts, and a page never saved with
// the browser's error page. An update whose shell did not all come (no answer, a
// server's error, a sign-in page) fails, and the next page with the network back installs
// it. Every file is fetched at each install, even one an earlier try kept: an install
// that found its shell kept finished at once and called skipWaiting while the previous
// worker was still answering the page's requests, and Chromium then left the new worker
// waiting (3 runs in 41 of tests/browser/test_two_deploys.py).
// A deploy during the install (a phone's slow network: seconds) gave this build's cache
// the next build's stylesheet or scripts, which its pages then used until the next
// worker. Once the files are in, the site is looked at: serving another build, the
// install fails (nothing is kept) and the browser installs that build's worker at the
// next page; offline, it cannot tell and the install stands.
self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(BUILD_CACHE).then(function (cache) {
      var lost = 0;
      return Promise.all(SHELL.map(function (path) {
        return Promise.resolve().then(function () {
          return net(path, { cache: "no-cache" }).then(function (response) {
            return genuine(response, path).then(function (ok) {
              if (ok) return cache.put(path, response);
              // A server's error, a sign-in page: not come either (a file cut short is
              // only not kept, as on a first visit: a proxy that always alters it would
              // hold every update back).
              if (response.status >= 500 || response.pipebookForeign) lost++;
            });
          }, function () { lost++; });
        }).catch(function () { return null; });
      })).then(function () { return lost; });
    }).then(function (lost) {
      return servedVersion().then(function (served) {
        if (served === null || served === VERSION) return lost;
        return caches.delete(BUILD_CACHE).then(function () { throw new Error("the site is now build " + served); });
      }, function () { return lost; /* offline: cannot tell */ });
    }).then(function (lost) {
      if (lost && self.registration.active) throw new Error(lost + " files of the shell did not come");
      return self.skipWaiting();
    })
  );
});

// The build the site serves: VERSION as its sw.js says it, from the file's first
// kilobyte (a Range request: the browser fetched the whole file a moment ago); null when
// that does not say. Rejects when there is no answer within PROBE_MS.
function servedVersion() {
  var ctl = new AbortController();
  var timer = setTimeout(function () { ctl.abort(new TypeError("no answer")); }, PROBE_MS);
  var init = { cache: "no-store", credentials: "same-origin", headers: { Range: "bytes=0-1023" }, signal: ctl.signal };
  return net(BASE + "sw.js", init).then(function (r) {
    if (!r.ok || /html/i.test(r.headers.get("Content-Type") || "")) return null;
    return r.text().then(function (text) {
      var m = /\bVERSION\s*=\s*"([0-9a-z_-]+)"/i.exec(text.slice(0, 1024));
      return m ? m[1] : null;
    });
  }).then(function (v) { clearTimeout(timer); return v; }, function (e) { clearTimeout(timer); throw e; });
}

// The caches of other builds, deleted when this worker takes over; and once more a while
// after its first request, the same names only: the previous worker may still have been
// saving a file when it was replaced, which opens its cache again. (Never "every other
// name" then: that could be a newer build's, installing.)
var dropped = [];
function dropOtherBuilds() {
  return caches.keys().then(function (names) {
    // Not this build's staging cache: the files in it are on their way into this build's.
    dropped = names.filter(function (n) { return n.indexOf("pipebook-build-") === 0 && n !== BUILD_CACHE && n !== STAGE; });
    return dropAgain();
  });
}
function dropAgain() {
  return Promise.all(dropped.map(function (n) { return caches.delete(n); }));
}
var droppedAgain = false;

self.addEventListener("activate", function (event) {
  event.waitUntil(
    dropOtherBuilds().then(function () { return self.clients.claim(); }).then(saveOpenPages)
  );
});

// The page a reader opened before the worker ran was never seen by it: save it now. A
// new build's worker does the same for the tabs open when it takes over, and tells each
// whose saved page the network has changed (the previous worker may have been replaced
// before it could).
function saveOpenPages() {
  return self.clients.matchAll({ type: "window" }).then(function (list) {
    return Promise.all(list.map(function (client) {
      var url = new URL(client.url), key = pageKey(url);
      if (!inScope(url) || isBuildFile(url.pathname)) return null;
      return caches.match(key, { cacheName: PAGE_CACHE }).then(function (saved) {
        return refresh(key).then(function (fresh) {
          if (!saved || !fresh.pipebookSaved) return null;
          return Promise.all([saved.text(), fresh.clone().text()]).then(function (texts) {
            if (texts[0] !== texts[1]) client.postMessage({ type: "pipebook:updated" });
          });
        });
      }).catch(function () { return null; });
    }));
  });
}

// Fetches `key` (at `url`, when asked with a query: site.js's way past a CDN's stale copy)
// and stores it when genuine; resolves to the response (`pipebookGenuine`,
// and `pipebookSaved` when stored), or rejects when offline. A device too full to store it
// (QuotaExceededError) still has the network's answer: the schedule was answered with
// the saved copy instead, marked offline, while the network had a newer one.
function refresh(key, url) {
  return net(url || key, { cache: "no-cache", credentials: "same-origin" }).then(function (response) {
    return genuine(response, key).then(function (ok) {
      if (!ok) return response;
      var copy = response.clone();
      response.pipebookGenuine = true;
      return caches.open(PAGE_CACHE).then(function (cache) { return cache.put(key, copy); })
        .then(function () { response.pipebookSaved = true; }, function () { /* not saved */ })
        .then(function () { return response; });
    });
  });
}

self.addEventListener("fetch", function (event) {
  if (!droppedAgain) {
    droppedAgain = true;
    event.waitUntil(new Promise(function (done) { setTimeout(done, 3000); }).then(dropAgain));
  }
  var request = event.request;
  if (request.method !== "GET" || request.headers.has("Range")) return;
  var url = new URL(request.url);
  if (!inScope(url) || url.pathname === BASE + "sw.js" || /\.ics$/.test(url.pathname)) return;
  if (url.pathname === BASE + "oncall.json") {
    event.respondWith(networkFirst(request, pageKey(url)));
  } else if (isBuildFile(url.pathname)) {
    event.respondWith(cacheFirst(event));
  } else {
    event.respondWith(staleWhileRevalidate(event, pageKey(url)));
  }
});

// Files of this build being stored, by key: a file the page finds unreadable is dropped
// once its store is done (the "pipebook:bad-file" message).
var storing = {};

function cacheFirst(event) {
  var request = event.request;
  // Asked to revalidate (search.js, having found files of two deploys): the network's
  // answer, not this build's saved one, and not saved into this build's cache, whose
  // files must all be of one build; the saved one only offline.
  if (request.cache === "no-cache" || request.cache === "reload") {
    return net(request).catch(function () {
      return caches.match(request, { cacheName: BUILD_CACHE, ignoreSearch: true }).then(function (hit) {
        return saved(hit).then(function (answer) { return answer || Response.error(); });
      });
    });
  }
  return caches.open(BUILD_CACHE).then(function (cache) {
    return cache.match(request, { ignoreSearch: true }).then(function (hit) {
      if (hit) {
        event.waitUntil(probe(request.url));
        return saved(hit);
      }
      // Staged, its look not done yet (the network went, or the worker was stopped):
      // answered from there at once, as it was kept (a network that hangs answered
      // nothing), and looked at again.
      return caches.match(request, { cacheName: STAGE, ignoreSearch: true }).then(function (staged) {
        if (!staged) return fetchToStage(event, request);
        event.waitUntil(Promise.all([probe(request.url), confirmStaged()]));
        return saved(staged);
      });
    });
  });
}

// A file of this build from the network, staged (see `confirmStaged`); offline, the
// staged copy if there is one.
function fetchToStage(event, request) {
  return net(request).then(function (response) {
    var key = request.url.split("?")[0], copy = response.clone();
    var store = genuine(copy, key).then(function (ok) {
      // Another build's index file: the site was deployed again, or rolled back to an
      // earlier deploy; its worker is looked for (a no-op while sw.js is this one).
      if (copy.pipebookSkew) return self.registration.update().catch(function () { /* offline */ });
      if (!ok) return null;
      return caches.open(STAGE).then(function (stage) { return stage.put(key, copy); }).then(confirmStaged);
    }).catch(function () { /* not saved */ }).then(function () { if (storing[key] === store) delete storing[key]; });
    storing[key] = store;
    event.waitUntil(store);
    return response;
  }, function (e) {
    // Offline: a file a save fetched but had not settled (its tab closed, the worker
    // stopped) still serves.
    return caches.match(request, { cacheName: STAGE, ignoreSearch: true }).then(function (hit) {
      if (!hit) throw e;
      return saved(hit);
    });
  });
}

// The schedule; a sign-in page in its place (not saved, see `genuine`) or no answer is
// answered with the saved copy, marked as not from the network, or the sign-in page passed
// on when there is none. Marked from this request's own outcome, not from `down`: an answer
// to an older request arriving meanwhile would unmark it. A schedule that came cut short
// (the network answered) is marked so too (`X-Pipebook-Cut`): the box said "Offline".
function networkFirst(request, key) {
  var fromCache = function (other) {
    return caches.match(key, { cacheName: PAGE_CACHE }).then(function (hit) {
      if (!hit) return other || Response.error();
      var copy = marked(hit, "X-Pipebook-Offline", "1");
      return other && other.pipebookCut ? marked(copy, "X-Pipebook-Cut", "1") : copy;
    });
  };
  return refresh(key, request.url).then(function (response) {
    return response.pipebookGenuine || !response.ok ? response : fromCache(response);
  }, function () { return fromCache(null); });
}

function staleWhileRevalidate(event, key) {
  var navigate = event.request.mode === "navigate";
  return caches.match(key, { cacheName: PAGE_CACHE }).then(function (hit) {
    var fresh = navigate ? net(event.request) : net(event.request.url, { credentials: "same-origin" });
    fresh = fresh.then(function (response) {
      // The site no longer has the page (a deploy removed or moved it): the saved copy is
      // forgotten, and the tab shown it is told, which offers the site's answer.
      if (hit && (response.status === 404 || response.status === 410)) {
        event.waitUntil(caches.open(PAGE_CACHE).then(function (cache) { return cache.delete(key); })
          .then(function () { return navigate ? tell(event, "pipebook:removed") : null; }));
        return response;
      }
      // The site sends the address on to another page (a deploy moved the page, its old
      // address now an alias: Netlify's `301`): the saved copy, of the page before it
      // moved, was shown at every visit, never updated, and nothing said. It is
      // forgotten, and the tab shown it is told where the page is now.
      if (hit && !sends(hit) && navigate && response.type === "opaqueredirect") {
        event.waitUntil(movedTo(key).then(function (to) {
          if (!to) return null;
          return caches.open(PAGE_CACHE).then(function (cache) { return cache.delete(key); })
            .then(function () { return tell(event, "pipebook:moved", { to: to }); });
        }));
        return response;
      }
      var copy = response.clone();
      event.waitUntil(genuine(copy, key).then(function (ok) {
        // A sign-in page in place of the page (a hotel's Wi-Fi, a proxy): the saved copy
        // shown is kept, and its tab told that the network is not the site's; base showed
        // it without a word, as if the network had answered it.
        if (!ok && copy.pipebookForeign && hit && navigate) {
          return tell(event, "pipebook:foreign", savedAt(hit));
        }
        if (!ok) return null;
        return caches.open(PAGE_CACHE).then(function (cache) { return cache.put(key, stamped(copy.clone())); })
          .then(function () { return hit && navigate && !sends(hit) ? tellIfChanged(event, hit, copy) : null; });
      }));
      return response;
    });
    // A redirect kept by a save (an alias, a job's route): followed at once, online or
    // not; the network's answer still forgets it when the address is gone, or replaces
    // it when the address has become a page.
    if (hit && sends(hit)) {
      event.waitUntil(fresh.catch(function () { /* offline */ }));
      return hit;
    }
    if (hit) {
      // Opened offline (a search result, a link), the saved copy looked like the site's
      // page: its tab is told, with the day it was saved (its `Date`), at once when the
      // network is known to be failing, else once this page's request fails; and told
      // again when the network's answer comes after all.
      var told = null;
      var offlineCopy = function () {
        if (navigate && !told) told = tell(event, "pipebook:offline-copy", savedAt(hit));
        return told;
      };
      // A network that hangs (takes the request, answers nothing) is said after PROBE_MS.
      var slow = navigate ? setTimeout(offlineCopy, PROBE_MS) : null;
      if (navigate) event.waitUntil(remembered.then(function () { return down ? offlineCopy() : null; }));
      event.waitUntil(fresh.then(function () {
        clearTimeout(slow);
        return told && told.then(function () { return tell(event, "pipebook:online"); });
      }, function () { clearTimeout(slow); return offlineCopy(); }));
      return saved(hit.clone());
    }
    return fresh.catch(function () {
      return navigate ? offlineFallback() : Response.error();
    });
  });
}

// Where the site sends the page at `key` on to: the address (path and query) of the page
// of the site a redirect of it ends at, asked again following it (a navigation's answer
// is an opaque redirect, which does not say where); null when it is not sent on to a
// page of the site (a sign-in page's redirect: elsewhere, the request fails; on this
// origin, it is no page of the site).
function movedTo(key) {
  return net(key, { cache: "no-cache", credentials: "same-origin" }).then(function (response) {
    return sentOn(response).then(function (on) {
      var to = new URL(response.url);
      return on && pageKey(to) !== key ? to.pathname + to.search : null;
    });
  }).catch(function () { return null; });
}

// When a saved page was saved: its `Date` (the network's clock, shown) and the time this
// device's clock read then (`STORED_HEADER`), which its age is worked out from. By the
// `Date` alone, a clock set a year ahead said a copy saved a minute before was
// "(366 days ago)"; a clock wrong by the same at both ends gives the right age.
var STORED_HEADER = "X-Pipebook-Stored";
function stamped(response) {
  return marked(response, STORED_HEADER, String(Date.now()));
}
function savedAt(hit) {
  return { saved: hit.headers.get("Date") || "", stored: Number(hit.headers.get(STORED_HEADER)) || 0 };
}

// A page not saved, and no network: the offline page, which says so and lists what is.
function offlineFallback() {
  return caches.match(OFFLINE_PAGE, { cacheName: BUILD_CACHE }).then(function (page) {
    return page || Response.error();
  });
}

// The tab shown a saved page hears when the network had a different one.
function tellIfChanged(event, saved, fresh) {
  return Promise.all([saved.text(), fresh.text()]).then(function (texts) {
    return texts[0] === texts[1] ? null : tell(event, "pipebook:updated");
  });
}

// The tab of a navigation exists only once its page starts to load: look again a while.
function tell(event, type, more) {
  return findClient(event.resultingClientId || event.clientId, 20).then(function (client) {
    if (client) client.postMessage(Object.assign({ type: type }, more));
  });
}

function findClient(id, tries) {
  if (!id) return Promise.resolve(null);
  return self.clients.get(id).then(function (client) {
    if (client || tries <= 0) return client || null;
    return new Promise(function (done) { setTimeout(done, 250); })
      .then(function () { return findClient(id, tries - 1); });
  });
}

// Counts "forget"s: a save started before the last one stops (keepAll); and "keep"s.
var saves = 0, keeps = 0;

// Messages from the site's own pages: keep every runbook, forget them, or report. The
// choice to keep outlasts deploys: the flag holds the build last saved whole, and a page
// that finds it older asks again (site.js), so a kept site follows each deploy.
self.addEventListener("message", function (event) {
  var data = event.data || {}, source = event.source;
  if (!source || !source.url || !inScope(new URL(source.url))) return;
  var reply = function (msg) { source.postMessage(msg); };
  if (data.type === "pipebook:keep") {
    keeps++;
    // One save at a time, whichever tabs ask; but one stopping (Remove was pressed since
    // it started) is not the one asked for: Keep, Remove, Keep from two tabs was ignored
    // for as long as the stopped save's requests hung. It stores nothing more.
    // Every tab that asks hears how it goes: the second said "Saving…" for ever.
    if (!saving || savingAt !== saves) {
      var to = asking = [], mine = saves;
      var tell = function (msg) { to.forEach(function (tab) { tab.postMessage(msg); }); };
      // A device so full that the choice itself cannot be written: said, as a save that
      // finds it full is (base answered nothing: "Saving…" for ever).
      var run = setKeep("pending").then(function () { return keepAll(tell, mine); }, function (e) {
        tell(e && e.name === "QuotaExceededError"
          ? { type: "pipebook:kept", done: 0, failed: 0, stale: 0, total: 0, stopped: "full" }
          : { type: "pipebook:keep-failed", reason: String(e && e.message || e) });
      });
      var done = function () { if (saving === run) saving = null; };
      run = run.then(done, done);
      saving = run;
      savingAt = mine;
    }
    asking.push(source);
    event.waitUntil(saving);
  } else if (data.type === "pipebook:forget") {
    // Removed at once, and a save under way told to stop (it looks at `saves` before
    // each page: its pages, and its flag, came back after the removal); once it has
    // stopped, removed again, for a page it was storing when Remove came. Waiting for it
    // first left Remove doing nothing for as long as one of its requests hung.
    saves++;
    var running = saving, asked = keeps;
    var forget = function () {
      // A save asked for since the removal is the reader's newer choice (under way or done).
      if (keeps !== asked) return null;
      return setKeep(null).then(function () { return keeps !== asked ? null : caches.delete(PAGE_CACHE); });
    };
    event.waitUntil(forget().then(function () { reply({ type: "pipebook:forgotten" }); })
      .then(function () { return running ? running.then(forget) : null; }));
  } else if (data.type === "pipebook:save-start") {
    // Added to the home screen (site.js): the site opens there on the home page (the
    // manifest's start_url), which, opened offline before the reader had visited it, was
    // the offline page. Not saved for every reader: 6 kB more on a first visit.
    event.waitUntil(refresh(new URL(BASE, self.location.origin).href).catch(function () { return null; }));
  } else if (data.type === "pipebook:bad-file") {
    // A file of the index that search.js could not read: cut short on its way (a proxy
    // ending a gzip body early sends a complete answer, half the file), and kept as this
    // build's copy, it broke the searches for its words until the next deploy. Dropped,
    // so the next search fetches it again.
    var url = null;
    try { url = new URL(String(data.url || ""), self.location.origin); } catch (e) { return; }
    if (!inScope(url) || !isBuildFile(url.pathname)) return;
    var key = url.origin + url.pathname;
    event.waitUntil(Promise.resolve(storing[key]).then(function () {
      return Promise.all([BUILD_CACHE, STAGE].map(function (name) {
        return caches.open(name).then(function (cache) { return cache.delete(key, { ignoreSearch: true }); });
      }));
    }).catch(function () { /* nothing to drop */ }));
  } else if (data.type === "pipebook:status") {
    event.waitUntil(kept().then(function (build) {
      reply({ type: "pipebook:status", keep: !!build, current: build === VERSION, partial: build === "pending" });
    }));
  }
});

// Records the reader's choice: null (not kept), "pending", or the build saved whole.
function setKeep(value) {
  return caches.open(SETTINGS).then(function (cache) {
    return value ? cache.put(KEEP_FLAG, new Response(value)) : cache.delete(KEEP_FLAG);
  });
}

function kept() {
  return caches.match(KEEP_FLAG, { cacheName: SETTINGS }).then(function (hit) {
    return hit ? hit.text() : null;
  });
}

// Saves every page, index file and diagram module that offline.json lists, four at a
// time, reporting progress. A file that fails is counted, not fatal; but the network
// gone (eight fetches in a row got no answer) or the device full (the cache refused a
// file: Chrome's QuotaExceededError) stops the save there and says so, rather than
// trying every other file in vain. What was saved stays: pages carry the build that
// saved them (X-Pipebook-Kept) and the index files are kept by this build, so pressing
// again fetches only the rest.
//
// offline.json of another build (a deploy since this worker was installed, its update
// not in yet: a bad network, or a tab that never navigated) is not saved into this
// build's cache, which must hold one build only: the worker looks for its new version,
// which saves it once it has taken over (offline.js and site.js ask it again). A deploy
// during the save is found at its end (see `settle`), and handled alike.
var KEPT_HEADER = "X-Pipebook-Kept";
// The index and diagram files a save fetched, until `settle` moves them into this build's
// cache. Named as another build's cache: the next build's worker deletes it.
var STAGE = BUILD_CACHE + "-saving";
function keepAll(reply, mine) {
  return listed().then(function (list) {
    if (list.version && list.version !== VERSION) return replaced(reply);
    var jobs = [], stamps = (list.stamps || []).filter(function (t) { return typeof t === "string" && t; });
    (list.pages || []).forEach(function (e) { jobs.push([e[0], PAGE_CACHE, e[2]]); });
    (list.index || []).forEach(function (e) { jobs.push([e[0], STAGE, null, e[1]]); });
    (list.diagrams || []).forEach(function (e) { jobs.push([e[0], STAGE, null, e[1]]); });
    jobs = jobs.filter(function (j) { return typeof j[0] === "string" && inScope(new URL(j[0], self.location.origin)); });
    var done = 0, failed = 0, stale = 0, next = 0, lost = 0, signIn = 0, stop = "";
    var worker = function () {
      if (mine !== saves) stop = "forgotten";
      if (next >= jobs.length || stop) return Promise.resolve();
      var job = jobs[next++], key = new URL(job[0], self.location.origin).href, page = job[1] === PAGE_CACHE;
      return Promise.all([caches.open(job[1]), page ? null : caches.match(key, { cacheName: BUILD_CACHE })]).then(function (found) {
        var cache = found[0];
        return found[1] || cache.match(key).then(function (hit) {
          // Saved by this build already (a save the network or the device cut short), or
          // a page saved by an earlier one that reads the same (its hash is this build's).
          if (hit && (!page || hit.headers.get(KEPT_HEADER) === VERSION)) return;
          if (hit && typeof job[2] === "string" && hit.headers.get(SEEN_HEADER) === job[2]) return;
          return fetchKept(key, page ? job[2] : null, page ? stamps : null, page ? null : job[3]).then(function (response) {
            lost = signIn = 0;
            return mine !== saves ? null : cache.put(sends(response) ? redirectKey(key) : key, response);
          }, function (e) {
            if (e && e.name === "TypeError" && ++lost >= 8) stop = "network";
            // Behind a sign-in page (a Wi-Fi's session ending during the save) every file
            // answered it: base went on through all of them, and said they "could not be
            // fetched. Try again with a better connection".
            if (e && e.name === "Portal" && ++signIn >= 8) stop = "portal";
            throw e;
          });
        });
      }).then(function () { done++; }, function (e) {
        failed++;
        if (e && e.name === "Stale") stale++;
        if (e && e.name === "QuotaExceededError") stop = "full";
      }).then(function () {
        if ((done + failed) % 10 === 0 && !stop) reply({ type: "pipebook:progress", done: done, failed: failed, total: jobs.length });
        return worker();
      });
    };
    return keepRedirects(list.redirects, mine).then(function (full) {
      if (full) stop = "full";
      return Promise.all([worker(), worker(), worker(), worker()]);
    }).then(function () {
      // Removed meanwhile: "forgotten" is the answer (see the message handler).
      if (stop === "forgotten") return;
      return settle(function () {
        return listed().then(function (list) { return !list.version || list.version === VERSION; });
      }, true).then(function (same) {
        if (!same) return replaced(reply);
        return Promise.resolve(failed || stop ? null : setKeep(VERSION)).then(function () {
          reply({ type: "pipebook:kept", done: done, failed: failed, stale: stale, total: jobs.length, stopped: stop });
        });
      }, function (e) {
        reply({ type: "pipebook:kept", done: done, failed: failed, stale: stale, total: jobs.length,
          stopped: stop || (e && e.name === "QuotaExceededError" ? "full" : e && e.name === "Portal" ? "portal" : "network") });
      });
    });
  }).catch(function (e) {
    reply({ type: "pipebook:keep-failed", reason: String(e && e.message || e) });
  });
}

// The redirects offline.json lists (an alias, a pipeline's job route: [address, page]),
// each kept as the `301` it is (`sending`), fetching nothing: listed as pages, a site with
// 2,000 job routes had each fetched, and its pipeline's page again behind Netlify's
// `301`. One already kept alike is left. Resolves to whether the device is full.
function keepRedirects(redirects, mine) {
  var origin = self.location.origin, full = false;
  var todo = (Array.isArray(redirects) ? redirects : []).filter(function (e) {
    return Array.isArray(e) && typeof e[0] === "string" && typeof e[1] === "string" &&
      inScope(new URL(e[0], origin)) && inScope(new URL(e[1], origin));
  });
  return caches.open(PAGE_CACHE).then(function (cache) {
    var next = 0;
    var lane = function () {
      if (next >= todo.length || full || mine !== saves) return Promise.resolve();
      var e = todo[next++], key = new URL(e[0], origin).href, to = new URL(e[1], origin).href;
      return cache.match(key).then(function (hit) {
        if (hit && sends(hit) && hit.headers.get("Location") === to) return null;
        return cache.put(redirectKey(key), sending(to, null));
      }).catch(function (err) { if (err && err.name === "QuotaExceededError") full = true; }).then(lane);
    };
    return Promise.all([lane(), lane(), lane(), lane()]);
  }).then(function () { return full; }, function () { return full; });
}

// offline.json from the network. A sign-in page in its place was said to the reader as
// "Unexpected token '<', "<!doctype "... is not valid JSON".
function listed() {
  return net(BASE + "offline.json", { cache: "no-cache" }).then(function (r) {
    if (!r.ok) throw new Error("offline.json: " + r.status);
    if (/html/i.test(r.headers.get("Content-Type") || "")) throw portalError();
    return r.json().catch(function () {
      throw new Error("the list of what to save came cut short (the network?). Press the button again.");
    });
  });
}

// Moves the files staged so far into this build's cache once `check` (asked after they
// came) resolves to true: the site still serves this build, so they are of it (a deploy
// is atomic: a file that came before the site was found serving this build was of it).
// Resolves to false, the files dropped, when it serves another; rejects when it cannot
// tell (offline): they stay staged, served offline, and a later look moves them. The
// files are taken as they are before `check` is asked: one staged meanwhile waits for
// the next look. With nothing staged, `check` is asked only when `always`.
// The end of a save asks offline.json again; a file fetched on a page's way asks sw.js
// (see `confirmStaged`).
function settle(check, always) {
  return caches.open(STAGE).then(function (stage) {
    return stage.keys().then(function (keys) {
      return Promise.all(keys.map(function (k) { return stage.match(k).then(function (r) { return [k, r]; }); }));
    }).then(function (held) {
      var drop = function (e) { return stage.delete(e[0]); };
      // Emptied, the staging cache goes (a file staged meanwhile is only not kept).
      var tidy = function (same) {
        return stage.keys().then(function (left) { return left.length ? null : caches.delete(STAGE); })
          .then(function () { return same; });
      };
      if (!held.length && !always) return tidy(true);
      return check().then(function (same) {
        if (!same) return Promise.all(held.map(drop)).then(function () { return tidy(false); });
        // One by one: the device holds each twice for a moment only.
        return caches.open(BUILD_CACHE).then(function (cache) {
          return held.reduce(function (chain, e) {
            return chain.then(function () { return e[1] && cache.put(e[0], e[1]); }).then(function () { return drop(e); });
          }, Promise.resolve());
        }).then(function () { return tidy(true); });
      });
    });
  });
}

// The files of this build fetched on a page's way (a search's index files, a script some
// pages only load) came from the network as a save's do, of a deploy made meanwhile too:
// kept in this build's cache, they mixed two builds there (offline, search said the index
// saved on this device is of two versions). They are staged, and moved in by a look at
// the site begun after they came: its sw.js (a 304 once the browser has it) holds
// VERSION while the site is this build. One look at a time, for every file staged before
// it began, a second after the last of them (a search's files come in two or three rounds
// of requests, further apart on a busy phone: one look for them all), and at most four
// seconds after the first (a reader searching on and on still gets their files kept);
// another build's sw.js drops them, and looks for the new worker.
var looking = Promise.resolve(), nextLook = null, lookAt = 0, lookBy = 0;
var GATHER_MS = 1000, GATHER_MAX_MS = 4000;
function confirmStaged() {
  // Not the device's clock: moved back an hour meanwhile, the look waited that hour.
  var now = performance.now();
  if (nextLook) {
    lookAt = Math.min(now + GATHER_MS, lookBy);
    return nextLook;
  }
  lookAt = now + GATHER_MS;
  lookBy = now + GATHER_MAX_MS;
  var look = nextLook = looking.then(gathered).then(function () {
    nextLook = null;
    return settle(servesThisBuild, false);
  }).then(function (same) {
    if (!same) return self.registration.update();
  }).catch(function () { /* offline, or no update: staged, or dropped */ });
  looking = look;
  return look;
}

// Resolves once `lookAt` has passed (it moves on while files keep coming).
function gathered() {
  return new Promise(function (done) {
    (function wait() {
      var left = lookAt - performance.now();
      if (left <= 0) done(); else setTimeout(wait, left);
    })();
  });
}

// Whether the site serves this build: its sw.js holds this VERSION. Rejects when it
// cannot tell (no answer within PROBE_MS, an error status, a sign-in page).
function servesThisBuild() {
  var ctl = new AbortController();
  var timer = setTimeout(function () { ctl.abort(new TypeError("no answer")); }, PROBE_MS);
  var done = function () { clearTimeout(timer); };
  return net(BASE + "sw.js", { cache: "no-cache", credentials: "same-origin", signal: ctl.signal }).then(function (r) {
    if (!r.ok || /html/i.test(r.headers.get("Content-Type") || "")) throw new Error("sw.js: " + r.status);
    return r.text();
  }).then(function (text) {
    done();
    return text.indexOf('"' + VERSION + '"') >= 0;
  }, function (e) {
    done();
    throw e;
  });
}

// A file as it is kept, from the network: genuine, and a page reading as offline.json
// says (`want`, its hash). A page that reads otherwise (a CDN answering "no-cache" with
// its copy of the previous build, or a body cut short) is asked once more at an address
// of its own, past the caches; reading otherwise again, it is not kept (an error named
// "Stale"). An honest save fetches each file once.
// A file of the index that carries another build is handled alike. A page the host sends
// on to another (`sentOn`) is kept as that redirect (`sending`).
// A file of the index or of the diagram renderer is kept only at the `size` offline.json
// lists for it: where the worker cannot read a shard (no DecompressionStream, and fflate
// did not come: `inflate`), one cut short on its way was kept, and the save said "Saved all".
function fetchKept(key, want, stamps, size, again) {
  var init = { cache: again ? "reload" : "no-cache", credentials: "same-origin" };
  var otherwise = function () {
    if (!again) return fetchKept(key, want, stamps, size, true);
    var e = new Error("stale");
    e.name = "Stale";
    throw e;
  };
  return net(again ? key + "?fresh=" + VERSION : key, init).then(function (response) {
    return (stamps ? sentOn(response) : Promise.resolve(false)).then(function (on) {
      return on ? null : genuine(response, key);
    }).then(function (ok) {
      if (!ok || typeof size !== "number") return ok;
      return response.clone().arrayBuffer().then(function (b) { return b.byteLength === size; }, function () { return false; });
    }).then(function (ok) {
      if (ok === null) return sending(response.url, want);
      if (!ok && response.pipebookSkew) return otherwise();
      if (!ok && response.pipebookForeign) throw portalError();
      if (!ok) throw new Error(String(response.status));
      return stamps ? keptPage(response, stamps) : response;
    });
  }).then(function (kept) {
    if (typeof want !== "string" || kept.headers.get(SEEN_HEADER) === want) return kept;
    return otherwise();
  });
}

// A redirect to `to` (a page of the site) as it is kept at an address the host sends on
// (an alias, a job's route: `sentOn`), in place of the redirect page offline.json lists
// (`want`, its hash, which the redirect's target is written in: a save skips it while
// that reads the same, as a page's). Offline, the address then opens its page too.
function sending(to, want) {
  var headers = { Location: to };
  headers[KEPT_HEADER] = VERSION;
  if (typeof want === "string") headers[SEEN_HEADER] = want;
  return new Response(null, { status: 301, headers: headers });
}

// The key a redirect is kept under: its request marked so, which /offline/'s list of
// saved pages reads from the keys alone (offline.js), rather than opening each entry.
function redirectKey(key) {
  return new Request(key, { headers: { "X-Pipebook-Redirect": "1" } });
}

// Whether a saved answer is a redirect (`sending`).
function sends(response) {
  return response.status >= 300 && response.status < 400;
}

// A page as it is kept: marked with the build that kept it and with the hash of what it
// reads, computed here from the bytes received, never taken from offline.json: a page of
// another build (a deploy during the save) is then kept under its own hash, which the
// next build's list does not name unless that build has the same page. What is hashed
// (see src/write/ledger/reader.rs): the page with the text of its first `<style>` block
// (the theme's critical CSS, half of every page, the same on every page of a template:
// hashed once) replaced by that text's SHA-256 in hex, then the last of each of `stamps`
// (the footer's build time) made a NUL. Decoded keeping a byte-order mark, as the build
// hashes bytes.
var SEEN_HEADER = "X-Pipebook-Seen";
var styles = [];
function keptPage(response, stamps) {
  return response.arrayBuffer().then(function (bytes) {
    var text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    var open = text.indexOf("<style>"), end = open < 0 ? -1 : text.indexOf("</style>", open + 7);
    var css = end < 0 ? null : text.slice(open + 7, end);
    return styleHash(css).then(function (hex) {
      if (hex) text = text.slice(0, open + 7) + hex + text.slice(end);
      stamps.forEach(function (stamp) {
        var at = text.lastIndexOf(stamp);
        if (at >= 0) text = text.slice(0, at) + "\0" + text.slice(at + stamp.length);
      });
      return digest(text);
    }).then(function (d) {
      var first = new Uint8Array(d, 0, 16), s = "";
      for (var i = 0; i < first.length; i++) s += String.fromCharCode(first[i]);
      var headers = new Headers(response.headers);
      headers.set(KEPT_HEADER, VERSION);
      headers.set(SEEN_HEADER, btoa(s).replace(/=+$/, ""));
      headers.set(STORED_HEADER, String(Date.now()));
      return new Response(bytes, { status: response.status, statusText: response.statusText, headers: headers });
    });
  });
}

function digest(text) {
  return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
}

// The hex SHA-256 of a page's style block, null for none; the last few kept (a site has
// one a template).
function styleHash(css) {
  if (css === null) return Promise.resolve(null);
  for (var i = 0; i < styles.length; i++) if (styles[i][0] === css) return styles[i][1];
  var hex = digest(css).then(function (d) {
    return Array.prototype.map.call(new Uint8Array(d), function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  });
  styles.push([css, hex]);
  if (styles.length > 8) styles.shift();
  return hex;
}

// An answer with one header more (the body is not copied: streamed): a page's the build
// that kept it, a saved schedule's that it is not the network's.
function marked(response, name, value) {
  var headers = new Headers(response.headers);
  headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: headers });
}

// This worker is older than the site: its update is looked for; the page is told to ask
// the new worker, or, when there is none to be had, to reload.
function replaced(reply) {
  return self.registration.update().then(function (reg) {
    if ((reg || self.registration).installing || (reg || self.registration).waiting) {
      reply({ type: "pipebook:keep-replaced" });
    } else {
      throw new Error("no update");
    }
  }).catch(function () {
    reply({ type: "pipebook:keep-failed", reason: "the site has been updated, and its new version could not be loaded yet. Reload this page and try again." });
  });
}
