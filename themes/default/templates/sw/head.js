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
//
// Joined from a file per concern (templates/sw/, in the order of src/load/sw_parts.rs
// `SERVICE_WORKER_PARTS`): a theme may replace one (`templates/sw/NAME.js`), or give
// `templates/sw.js` whole.
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
