// The service worker, keeping every runbook offline: the save offline.json lists, and its
// redirects.

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

