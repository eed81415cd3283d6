// The service worker, answering requests: the build's files cache first, the schedule
// network first, pages stale-while-revalidate, the offline page; telling tabs of changes.

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

