// The page that was not found (404.html, or /offline/ served for a page not saved):
// searches the words of the address asked for and lists the best matches, so a moved
// or misspelt runbook is one tap away. Loaded by search.js on those pages only; uses the
// engine it exposes as window.pipebookSearch.
(function () {
  "use strict";
  var ps = window.pipebookSearch;
  if (!ps || ps instanceof Element || ps.pathReady) return;
  ps.pathReady = true;
  var box = ps.own("path-search"), list = ps.own("path-search-results"), status = ps.own("path-search-status");
  if (!box || !list) return;
  var base = document.documentElement.getAttribute("data-base") || "/";

  // The address's words: its segments, split at - _ . and joined-name boundaries by the
  // engine; the site's own parts of addresses are not words of a page.
  var path = location.pathname.indexOf(base) === 0 ? location.pathname.slice(base.length) : location.pathname;
  try { path = decodeURIComponent(path); } catch (e) { /* keep it encoded */ }
  // Anyone can send a reader to any address of the site: characters that show nothing or
  // reorder the text (`%E2%80%AE`) must not make the words shown read otherwise.
  path = path.replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u034F\u115F\u1160\u17B4\u17B5\u180B-\u180F\u3164\uFE00-\uFE0F\uFFA0]/gu, "");
  var noise = { runbooks: 1, pipelines: 1, engineers: 1, index: 1, html: 1, htm: 1, md: 1, offline: 1, 404: 1 };
  // At most the last MAX_WORDS words (they name the page; the first ones, its folders), of
  // at most 64 characters each, so that an address of hundreds of words does not make
  // hundreds of searches.
  var MAX_WORDS = 8, left = MAX_WORDS;
  var segments = path.split("/").map(function (s) {
    return s.split(/[-_.\s]+/).filter(function (w) { return w && !noise[w.toLowerCase()]; })
      .map(function (w) { return Array.from(w).slice(0, 64).join(""); });
  }).reverse().map(function (w) {
    w = w.slice(Math.max(0, w.length - left));
    left -= w.length;
    return w.join(" ");
  }).filter(Boolean).reverse();
  if (!segments.length) return;

  // All the words, then the last segment's (a runbook moved to another folder), then
  // each word alone, voted on (a name half remembered): pooled in that order, so a folder
  // word that the page itself lacks (`docs/redis/ban-ip`) does not hide it.
  var queries = [segments.join(" "), segments[segments.length - 1]];
  // An address under /runbooks/ was a runbook's: runbooks first.
  var kinds = /^runbooks\//.test(path) ? [{ kind: "runbook" }, {}] : [{}];
  var tries = [];
  kinds.forEach(function (k) { queries.forEach(function (q) { tries.push([q, k]); }); });
  var words = segments.join(" ").split(" ");
  // A suggestion is a page the address could have named: one of the words asked for (or
  // a typo's correction) starts a word of its title or address, or is inside one when
  // long (joined names). A page that only says the word in its text is no suggestion:
  // "nope" corrected to "none" offered every page that says "none yet", "missing" every
  // page about missing data.
  var split = function (text) { return String(text).toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(Boolean); };
  var names = function (q, res) {
    var wanted = split(q);
    (res.corrections || []).forEach(function (c) { wanted = wanted.concat(split(c.to.join(" "))); });
    res.items = res.items.filter(function (item) {
      var own = split(item.title + " " + item.url);
      return wanted.some(function (w) {
        return own.some(function (n) { return n.indexOf(w) === 0 || (w.length >= 5 && n.indexOf(w) > 0); });
      });
    });
    return res;
  };
  var search = function (q, kind) {
    return ps.results(q + " ", kind, 8, false, false).then(function (res) { return names(q, res); });
  };
  var run = function () {
    var asked = tries.map(function (t) { return search(t[0], t[1]); });
    var each = Promise.all(words.map(function (w) { return search(w, {}); }));
    return Promise.all([Promise.all(asked), each]).then(function (got) {
      var voted = [], votes = {};
      got[1].forEach(function (res) {
        res.items.forEach(function (item) {
          if (!votes[item.url]) { votes[item.url] = 0; voted.push(item); }
          votes[item.url]++;
        });
      });
      voted.sort(function (a, b) { return votes[b.url] - votes[a.url]; });
      var seen = {}, items = [];
      got[0].map(function (res) { return res.items; }).concat([voted]).forEach(function (list) {
        list.forEach(function (item) {
          if (!seen[item.url]) { seen[item.url] = true; items.push(item); }
        });
      });
      var all = got[0].concat(got[1]);
      return { items: items.slice(0, 8), offline: all.some(function (r) { return r.offline; }), corrections: [] };
    });
  };
  box.hidden = false;
  status.textContent = "Searching for “" + segments.join(" ") + "”…";
  run().then(function (res) {
    ps.render(list, res, false);
    status.textContent = res.items.length
      ? "Searched for “" + segments.join(" ") + "”." + (res.offline ? " You are offline: this search used only what this device saved, so it may miss some pages." : "")
      : "Nothing on the site matches “" + segments.join(" ") + "”.";
  }, function (e) {
    status.textContent = ps.failure(e);
  });
})();
