// The service worker, install (the shell), activate (other builds' caches dropped), the
// pages open before the worker ran.

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

