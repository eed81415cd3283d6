// The service worker, messages from the site's pages: keep, forget, report.

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

