  // search.js, part preview (joined in the order of SEARCH_PARTS in src/load/theme.rs):
  // The first results from the words' heads alone, before the shards are in.
  // The query ranked by its words' heads alone (their best pages): what the header
  // shows a round trip before the shards are in. Every word must be a term (a word being
  // typed, a typo or a word not in the index leaves it to the shards: null), and a page
  // must be among the best of every required word; completions, other forms and
  // synonyms wait for the shards, whose ranking replaces this one.
  function preview(query, meta) {
    var gs = [], seen = new Set();
    queryGroups(query.trim()).forEach(function (g) { if (!seen.has(g.whole)) { seen.add(g.whole); gs.push(g); } });
    if (!meta.heads || !gs.length) return Promise.resolve(null);
    var slots = slotsOf(gs, meta), wanted = slots.filter(function (s) { return !s.common; });
    if (!wanted.length) wanted = slots;
    var units = wanted.map(function (s) {
      var own = s.own.length > 1 ? s.own.filter(function (g) { return !COMMON.has(g.whole); }) : s.own;
      return (own.length ? own : s.own).map(function (g) { return g.whole; });
    });
    var words = [].concat.apply([], units);
    return Promise.all(words.map(function (w) { return head(meta, w); })).then(function (found) {
      if (found.some(function (f) { return !f; })) return null;
      var n = meta.pages, at = 0, pages = null;
      units.forEach(function (unit) {
        var slot = null;
        unit.forEach(function () {
          var f = found[at++], count = f[1], list = f[2], m = new Map();
          var idf = Math.log(1 + (n - count + 0.5) / (count + 0.5));
          for (var i = 0; i + 1 < list.length; i += 2) m.set(list[i], (list[i + 1] / 15) * 2.2 * idf);
          slot = both(slot, m);
        });
        pages = both(pages, slot);
      });
      var listings = meta.listings === undefined ? n : meta.listings, ranked = [], low = lowOf(meta);
      pages.forEach(function (v, page) { ranked.push([page, demoted(v, page, low), null, units.length]); });
      ranked.sort(byRank(low, listings, true));
      return { ranked: ranked, terms: words, corrections: [], listings: listings, low: low, dirs: meta.dirs || {} };
    });
  }

  // Pages in both maps, their scores added.
  function both(a, b) {
    if (a === null) return b;
    var out = new Map();
    a.forEach(function (v, page) { if (b.has(page)) out.set(page, v + b.get(page)); });
    return out;
  }

