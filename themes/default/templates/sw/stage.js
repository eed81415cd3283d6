// The service worker, staged files, moved into this build's cache once the site is seen
// serving this build.

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

