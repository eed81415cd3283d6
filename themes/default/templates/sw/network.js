// The service worker, network state: whether the network is failing (`down`), requests
// sent to it, probes, the site's scope.

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

