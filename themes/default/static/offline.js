// /offline/: what this device keeps for reading without a network, and "Keep runbooks
// offline", which asks the service worker (sw.js) to save every runbook, the search
// index and, on a site with diagrams, the diagram renderer. The list of what to save, and
// its size, come from offline.json, which the build writes. Served in place of a page
// that is not saved, it says so.
(function () {
  "use strict";
  var base = document.documentElement.getAttribute("data-base") || "/";
  var $ = function (id) { return document.getElementById(id); };
  var size = $("keep-size"), keep = $("keep-button"), forget = $("forget-button"), status = $("keep-status");
  if (!size || !keep) return;

  // Safari on an iPhone or iPad (iPadOS says it is a Mac with a touch screen; every
  // browser there is Safari's engine, its tracking prevention on since iOS 14) deletes a
  // site's storage, kept runbooks included, after 7 days without a visit, and nothing is
  // left to tell the reader so: told here, before. Not in the site opened from the Home
  // Screen, which keeps them.
  var ios = /iP(hone|ad|od)/.test(navigator.userAgent) || (/Macintosh/.test(navigator.userAgent) && navigator.maxTouchPoints > 1);
  if (ios && !navigator.standalone && !(window.matchMedia && matchMedia("(display-mode: standalone)").matches)) $("keep-ios").hidden = false;

  // Served by the worker for a page it does not have: name the page asked for.
  if (location.pathname !== base + "offline/") {
    $("offline-path").textContent = shown(location.pathname);
    $("offline-missing").hidden = false;
  }

  // A path as a reader reads it: decoded (kept encoded when it is not UTF-8, which
  // anyone can link to), without characters that show nothing or reorder the text.
  function shown(path) {
    try { path = decodeURIComponent(path); } catch (e) { /* shown as written */ }
    return path.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u3164\uFE00-\uFE0F\uFFA0]/gu, "");
  }

  var kB = function (bytes) {
    return bytes >= 1e6 ? (bytes / 1e6).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1e3)) + " kB";
  };
  // A count with its noun: "1 page", never "1 pages" (nor "save them" of one).
  var count = function (n, one, many) { return n + " " + (n === 1 ? one : many); };
  var things = function (n) { return count(n, "file", "pages and files"); };
  if (!("serviceWorker" in navigator) || !window.caches) {
    size.textContent = "This browser cannot keep pages for offline reading.";
    return;
  }

  var worker = function () {
    return navigator.serviceWorker.ready.then(function (reg) { return reg.active; });
  };

  // Site data blocked (the browser's setting, or an in-app or private browser's): the
  // caches refuse (SecurityError) and no worker registers. The page offered to keep the
  // runbooks, and said "Saving…" for ever when asked.
  var blocked = function () {
    size.textContent = "This browser does not let this site keep anything on this device (site data is blocked): pages open only with a network.";
    var none = document.createElement("li");
    none.textContent = "Nothing: this browser keeps no pages for this site.";
    $("saved-list").replaceChildren(none);
    // "Every page you open is saved on this device", above it, is not true here.
    var intro = size.closest("section").previousElementSibling;
    if (intro && intro.tagName === "P") intro.hidden = true;
    throw new Error("blocked");
  };

  // The size first: the reader decides with it in front of them.
  Promise.all([caches.keys(), navigator.serviceWorker.getRegistration()]).then(function () {
    return fetch(base + "offline.json", { cache: "no-cache" });
  }, blocked).then(function (r) {
    if (!r.ok) throw new Error(r.status);
    return r.json();
  }).then(function (list) {
    var sum = function (items) { return (items || []).reduce(function (n, e) { return n + e[1]; }, 0); };
    var runbooks = (list.pages || []).filter(function (e) { return e[0].indexOf(base + "runbooks/") === 0; }).length;
    var diagrams = sum(list.diagrams);
    // One count, the one the save reports when it is done ("Saved all N pages and
    // files"), with the runbooks among them: two counts read as two things (look24 item 11).
    var files = (list.pages || []).length + (list.index || []).length + (list.diagrams || []).length;
    size.textContent = "Saves " + things(files) + " (" + count(runbooks, "runbook or folder page", "runbook and folder pages") + ", the search index" +
      (diagrams ? " and the diagram renderer" : "") + ") on this device: " +
      kB(sum(list.pages) + sum(list.index) + diagrams) + " (" + kB(sum(list.pages)) + " of pages, " +
      kB(sum(list.index)) + " of index" + (diagrams ? ", " + kB(diagrams) + " of diagram renderer" : "") + ").";
    keep.hidden = false;
  }).catch(function (e) {
    if (e && e.message === "blocked") return;
    // A request that got no answer (TypeError) is offline, whatever navigator.onLine says.
    size.textContent = e instanceof TypeError || navigator.onLine === false
      ? "You are offline: the list of runbooks to keep needs the network."
      : "The list of runbooks to keep could not be loaded.";
  });

  // The worker that saves, once the registration has an active one. A registration whose
  // script is still coming, or whose worker is installing, may never get one: the script
  // fails (a 404, the network) or the install does, and the browser drops the
  // registration; the page waited on `ready` and said "Saving…" for ever. Looked at every
  // second: dropped ("gone"), or not active within READY_MS ("slow"), is said.
  var READY_MS = 30000;
  function activeWorker() {
    var start = performance.now();
    return new Promise(function (ok, no) {
      (function look() {
        navigator.serviceWorker.getRegistration().then(function (reg) {
          if (!reg) return no(new Error("gone"));
          if (reg.active) return ok(reg.active);
          if (performance.now() - start > READY_MS) return no(new Error("slow"));
          setTimeout(look, 1000);
        }, no);
      })();
    });
  }

  // No worker (its script did not come when the page registered it: the network): asked
  // for again now, and if it does not come, said. The page said "Saving…" for ever.
  keep.addEventListener("click", function () {
    keep.disabled = true;
    // Saved pages are the first a browser evicts when the device runs short of space,
    // unless the site's storage is persistent: asked for (Chrome grants it to a site the
    // reader uses or installed, unasked; Firefox asks). Evicted, they went unannounced.
    if (navigator.storage && navigator.storage.persist) navigator.storage.persist().catch(function () { /* kept all the same */ });
    status.textContent = "Saving…";
    navigator.serviceWorker.getRegistration().then(function (reg) {
      return reg || navigator.serviceWorker.register(base + "sw.js", { scope: base });
    }).then(activeWorker).then(function (w) { w.postMessage({ type: "pipebook:keep" }); }, function (e) {
      keep.disabled = false;
      status.textContent = e && e.message === "slow"
        ? "Could not start saving yet: the part of this site that keeps pages is still loading (a slow network?). Press the button again in a moment."
        : "Could not start saving: the part of this site that keeps pages did not load (the network?). Press the button again.";
    });
  });
  forget.addEventListener("click", function () {
    worker().then(function (w) { w.postMessage({ type: "pipebook:forget" }); });
  });

  navigator.serviceWorker.addEventListener("message", function (e) {
    var d = e.data || {};
    if (d.type === "pipebook:progress") {
      status.textContent = "Saved " + d.done + " of " + d.total + "…";
    } else if (d.type === "pipebook:kept") {
      keep.disabled = false;
      // Stopped (the device full, the network gone) or not, what was saved stays, and
      // pressing again fetches only the rest (sw.js `keepAll`).
      status.textContent = d.stopped === "full" && !d.total
        ? "This device has no room left: nothing could be saved. Free some space, then press the button again."
        : d.stopped === "full"
        ? "This device has no room left: saved " + d.done + " of " + things(d.total) + ". Free some space, then press the button again to save the rest."
        : d.stopped === "portal"
        ? "The network answered with a web page instead of this site's files (a Wi-Fi sign-in page?): saved " + d.done + " of " + things(d.total) + ". Sign in to the network, then press the button again to save the rest."
        : d.stopped === "network"
        ? "The network dropped: saved " + d.done + " of " + things(d.total) + ". Press the button again when it is back to save the rest."
        : d.stale
        ? "Saved " + d.done + " of " + d.total + "; " + d.stale + " came only as an older version (from a cache between this device and the site) and " + (d.stale > 1 ? "were not saved. Press the button again later to save them." : "was not saved. Press the button again later to save it.")
        : d.failed
        ? "Saved " + d.done + " of " + d.total + "; " + d.failed + " could not be fetched. Press the button again with a better connection to save the rest."
        : d.total === 1 ? "Saved the 1 file: it opens without a network."
        : "Saved all " + things(d.total) + ": they open without a network.";
      // None saved, the choice not even recorded (no room at all): the state is as it was.
      if (d.total) {
        showState(true, d.failed > 0);
        mark(true);
      }
      listSaved();
    } else if (d.type === "pipebook:keep-replaced") {
      // The worker was of a build before the site's last deploy: its new version saves
      // them, once it has taken over.
      status.textContent = "The site has been updated since this page was opened: saving the new version…";
      waitingForNew = true;
      // Its install failed (the network, again): said, not left saving for ever.
      setTimeout(function () {
        if (!waitingForNew) return;
        waitingForNew = false;
        keep.disabled = false;
        status.textContent = "The site's new version could not be installed. Reload this page and try again.";
      }, 60000);
    } else if (d.type === "pipebook:keep-failed") {
      keep.disabled = false;
      status.textContent = "Could not save the runbooks: " + d.reason;
    } else if (d.type === "pipebook:forgotten") {
      // A save under way stops, without its own answer (sw.js).
      keep.disabled = false;
      status.textContent = "Removed the saved pages.";
      mark(false);
      showState(false);
      listSaved();
    } else if (d.type === "pipebook:status") {
      // "pending": a save stopped part way (or under way in another tab).
      showState(d.keep, d.partial);
      // Kept, and gone since: the browser evicted the site's storage (site.js said so on
      // the pages read since; said here once more, and then forgotten).
      if (!d.keep && mark(null) && !status.textContent) status.textContent = GONE;
      mark(!!d.keep);
    }
  });
  worker().then(function (w) { w.postMessage({ type: "pipebook:status" }); });
  var waitingForNew = false;
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (!waitingForNew || !navigator.serviceWorker.controller) return;
    waitingForNew = false;
    navigator.serviceWorker.controller.postMessage({ type: "pipebook:keep" });
  });

  // The reader's choice to keep, outside the caches (site.js's `pipebookKept`): a browser
  // short of space evicts the caches, and with them the worker's record of it.
  function mark(on) {
    return window.pipebookKept ? window.pipebookKept(on) : false;
  }
  var GONE = "The runbooks you kept offline are no longer on this device: the browser removed them, as it does when the device runs short of space. Press the button to save them again.";

  function showState(kept, part) {
    keep.textContent = part ? "Save the rest" : kept ? "Save the latest runbooks again" : "Keep runbooks offline";
    forget.hidden = !kept;
  }

  // The pages saved so far, by title (read from the saved page itself).
  function listSaved() {
    var list = $("saved-list");
    caches.open("pipebook-pages").then(function (cache) { return cache.keys(); }).then(function (keys) {
      // A redirect kept at an alias or a job's route (sw.js `redirectKey`): no page, left
      // out before the first 500 are taken (a site's 2,000 job routes took them all).
      var pages = keys.filter(function (k) { return !k.headers.get("X-Pipebook-Redirect"); })
        .map(function (k) { return new URL(k.url); })
        .filter(function (u) { return u.pathname.slice(-1) === "/" && u.pathname.indexOf(base) === 0; });
      return Promise.all(pages.slice(0, 500).map(function (u) {
        return caches.match(u.href, { cacheName: "pipebook-pages" }).then(function (r) {
          // A redirect kept at an alias or a job's route (sw.js `sending`): no page.
          return r.status >= 300 && r.status < 400 ? null : r.text();
        }).then(function (html) {
          if (html === null) return null;
          // Parsed, never shown: a DOMParser document runs no script.
          var title = new DOMParser().parseFromString(html, "text/html").title;
          // "Aggregate profit · Site title": the site's title is the same for all.
          return { url: u.pathname, title: (title || "").replace(/ · [^·]*$/, "") || shown(u.pathname) };
        });
      })).then(function (items) {
        items = items.filter(Boolean);
        items.sort(function (a, b) { return a.title < b.title ? -1 : a.title > b.title ? 1 : 0; });
        list.replaceChildren();
        items.forEach(function (item) {
          var li = document.createElement("li"), a = document.createElement("a");
          a.href = item.url;
          a.textContent = item.title;
          li.appendChild(a);
          var where = document.createElement("span");
          where.className = "where";
          where.textContent = " " + shown(item.url);
          li.appendChild(where);
          list.appendChild(li);
        });
        if (!items.length) {
          var none = document.createElement("li");
          none.textContent = "Nothing yet.";
          list.appendChild(none);
        } else if (pages.length > 500) {
          var more = document.createElement("li");
          more.textContent = "and " + (pages.length - 500) + " more";
          list.appendChild(more);
        }
      });
    }).catch(function () { /* storage unavailable */ });
  }
  listSaved();
})();
