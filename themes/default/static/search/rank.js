  // search.js, part rank (joined in the order of SEARCH_PARTS in src/load/theme.rs):
  // Ranking: every slot's pages merged, partial matches after the full ones.

  // Ranks the pages for `query`. Every slot (a word, or a phrase of the synonym table)
  // must match, but for common words; a slot matches by its words as typed or, a little
  // lower, by a synonym. A joined name (`KubeletPleg`, `fact_orders`) matches a page
  // holding the whole or every part; a page with both scores both. The last word also
  // matches as a prefix while typing; a word not in the index is corrected to the words
  // one letter away, unless `exact`. Listing pages (meta.listings on) rank below the
  // others, and drafts (meta.drafts) below all. When fewer than three pages match every slot, the pages matching most of
  // them follow, each with `partial` ({ m, k, missing }). Returns the ranked pages as
  // [page, score, partial or null], the terms to highlight and the corrections made.
  function search(query, filters, exact) {
    var gs = [], seen = new Set();
    groups(query.trim()).forEach(function (g) { if (!seen.has(g.whole)) { seen.add(g.whole); gs.push(g); } });
    if (!gs.length) return Promise.resolve({ ranked: [], terms: [], corrections: [] });
    var typingLast = !/\s$/.test(query);
    return getJSON("meta.json").then(prepare).then(function (meta) {
      var plan = lookups(gs, meta, typingLast);
      var active = Object.keys(filters || {}).filter(function (f) { return filters[f]; });
      return Promise.all([
        lookAll(meta, plan, exact),
        active.length ? getJSON("filters.json").then(function (f) { sameBuild(f.b, "filters.json"); return f; })
          .catch(function (e) { if (e && e.skew) throw e; return {}; }) : Promise.resolve(null)
      ]).then(function (loaded) {
        var scored = slotScores(plan, loaded[0], meta.pages);
        var ranked = rankPages(plan.wanted, scored.slots, allowedPages(active, filters, loaded[1]), meta);
        return {
          ranked: ranked.pages,
          terms: gs.map(function (g) { return g.whole; }).concat(scored.matched),
          corrections: ranked.pages.length ? scored.corrections : [],
          // How many words were looked up (each needs a shard): bounded (tests).
          lookups: plan.words.length,
          listings: ranked.listings,
          stubs: stubsOf(meta),
          dirs: meta.dirs || {}
        };
      });
    });
  }

  // Every word to look up once: the wholes, the parts of joined names and the words
  // of synonyms. Typos are corrected at once for plain words only: a joined name's
  // parts are corrected once its whole is known to be missing, and its whole never
  // (the parts are), which keeps a first query of an alert name from fetching the
  // typo files of every part. Synonyms are looked up as they are.
  // Returns { wanted: slots, words: [word, isLast, fuzzy], units, deferred }.
  function lookups(gs, meta, typingLast) {
    var slots = slotsOf(gs, meta);
    var wanted = slots.filter(function (s) { return !s.common; });
    if (!wanted.length) wanted = slots;
    var words = [], at = new Map();
    var need = function (w, last, fuzzy) {
      var k = w + (last ? "\u0001" : "");
      if (!at.has(k)) { at.set(k, words.length); words.push([w, last, false]); }
      words[at.get(k)][2] = words[at.get(k)][2] || fuzzy;
      return at.get(k);
    };
    var lastG = gs[gs.length - 1];
    wanted.forEach(function (s) {
      var own = s.own.length > 1 ? s.own.filter(function (g) { return !COMMON.has(g.whole); }) : s.own;
      s.units = (own.length ? own : s.own).map(function (g) {
        var last = typingLast && g === lastG;
        g.at = need(g.whole, last, !g.parts.length);
        g.partsAt = g.parts.map(function (p, pi) { return need(p, last && pi === g.parts.length - 1, false); });
        return g;
      });
    });
    synonymLookups(wanted, words, need, meta);
    var units = [];
    wanted.forEach(function (s) { units.push.apply(units, s.units); });
    // A word with synonyms is corrected only when neither it nor they are found: its
    // synonyms say more than its near misses (`disk` is `volume` before it is `risk`),
    // and a first query fetches no typo files and shards for it.
    var deferred = new Set();
    wanted.forEach(function (s) {
      if (s.alts.length) s.units.forEach(function (g) { if (!g.parts.length && words[g.at][2]) deferred.add(g.at); });
    });
    return { wanted: wanted, words: words, units: units, deferred: deferred };
  }

  // Each slot's synonyms to look up (`s.alts`: lists of `need`'s numbers). Synonyms come
  // from the shards the query's own words need, and from at most SYNONYM_SHARDS more
  // altogether: a first query of three words or more fetches no shard for synonyms, and
  // no query more shards than a three-word query does (the first-query budget,
  // bench/search_bench.py).
  function synonymLookups(wanted, words, need, meta) {
    var shards = new Set(words.map(function (w) { return shardFor(meta.shards, w[0]); }));
    var extra = Math.max(0, SYNONYM_SHARDS - shards.size + 1), synonymWords = 0;
    wanted.forEach(function (s) {
      s.alts = [];
      s.synonyms.forEach(function (ws) {
        var kept = meaningful(ws);
        if (synonymWords + kept.length > MAX_SYNONYM_WORDS) return;
        var more = new Set(kept.map(function (w) { return shardFor(meta.shards, w); }).filter(function (i) { return !shards.has(i); }));
        if (more.size > extra) return;
        extra -= more.size;
        more.forEach(function (i) { shards.add(i); });
        synonymWords += kept.length;
        s.alts.push(kept.map(function (w) { return need(w, false, false); }));
      });
    });
  }

  // Every word of `plan` looked up; then, for what was not found, the typo table: the
  // deferred words whose synonyms found nothing either, and the parts of joined names
  // whose whole is missing.
  function lookAll(meta, plan, exact) {
    var words = plan.words, deferred = plan.deferred;
    return Promise.all(words.map(function (w, i) { return lookup(meta, w[0], w[1], exact || !w[2] || deferred.has(i)); })).then(function (found) {
      var again = [];
      plan.wanted.forEach(function (s) {
        var some = s.alts.some(function (alt) { return alt.every(function (i) { return found[i].alts.length; }); });
        s.units.forEach(function (g) {
          if (!exact && deferred.has(g.at) && !some && !found[g.at].alts.length && again.indexOf(g.at) < 0) again.push(g.at);
        });
      });
      plan.units.forEach(function (g) {
        if (exact || !g.parts.length || found[g.at].alts.length) return;
        g.partsAt.forEach(function (i) { if (!found[i].alts.length && again.indexOf(i) < 0) again.push(i); });
      });
      return Promise.all(again.map(function (i) {
        return lookup(meta, words[i][0], words[i][1], false).then(function (f) { found[i] = f; });
      })).then(function () { return found; });
    });
  }

  // Page -> score of each slot of `plan` (`slots`), with the terms to highlight
  // (`matched`) and the corrections made.
  function slotScores(plan, found, n) {
    var words = plan.words, matched = [], corrections = [];
    var use = function (i, report) {
      // Highlighted: the terms of the wholes, and of the parts where the whole is not
      // found (`s3` is highlighted, not every word that starts with `s`).
      if (report) found[i].alts.forEach(function (alt) { matched.push(alt[0]); });
      var fix = report && corrected(found[i]);
      if (fix) corrections.push({ from: words[i][0], to: fix });
      return scoresOf(found[i], n);
    };
    // One word as typed: its whole, or all of its parts.
    var unitScores = function (g) {
      var hasWhole = found[g.at].alts.length > 0;
      var whole = hasWhole ? use(g.at, true) : new Map();
      if (!g.parts.length) return whole;
      // The parts' corrections are told only when the whole is not found.
      var parts = null;
      g.partsAt.forEach(function (i) { parts = both(parts, use(i, !hasWhole)); });
      whole.forEach(function (v, page) { parts.set(page, (parts.get(page) || 0) + v); });
      return parts;
    };
    // A slot: the pages of its words as typed, or (the best of) its synonyms'.
    var slots = plan.wanted.map(function (s) {
      var best = null;
      s.units.forEach(function (g) { best = both(best, unitScores(g)); });
      s.alts.forEach(function (alt) {
        var pages = null;
        alt.forEach(function (i) { pages = both(pages, use(i, found[i].alts.length > 0)); });
        pages.forEach(function (v, page) {
          var w = v * SYNONYM;
          if (!(best.get(page) >= w)) best.set(page, w);
        });
      });
      return best;
    });
    return { slots: slots, matched: matched, corrections: corrections };
  }

  // The pages every active filter allows (`lists`: filters.json), or null for all.
  function allowedPages(active, filters, lists) {
    var allowed = null;
    active.forEach(function (f) {
      var set = new Set((lists[f] || {})[filters[f]] || []);
      allowed = allowed ? new Set(Array.from(allowed).filter(function (x) { return set.has(x); })) : set;
    });
    return allowed;
  }

  // The stubs of meta.json (pages whose short body only says they moved, with a link;
  // src/render/stubs.rs) as a Set, made once. A stub's few words weigh more than a
  // runbook's many: its score counts STUB times, which puts it below the page of its
  // name that it points to.
  var stubSet = null, STUB = 0.5;
  function stubsOf(meta) { return stubSet || (stubSet = new Set(meta.stubs || [])); }
  function demoted(score, page, stubs) { return stubs.has(page) ? score * STUB : score; }

  // The pages matching every slot, best first; when fewer than three, those matching
  // most of the slots (at least half) after them, each saying which it misses.
  function rankPages(wanted, slotScores, allowed, meta) {
    var n = meta.pages, stubs = stubsOf(meta);
    // Per page: how many slots it matches, and its score.
    var k = wanted.length, pages = new Map();
    slotScores.forEach(function (scores, si) {
      scores.forEach(function (v, page) {
        if (allowed && !allowed.has(page)) return;
        var e = pages.get(page);
        if (!e) { e = { m: 0, score: 0, has: [] }; pages.set(page, e); }
        e.m++; e.score += v; e.has.push(si);
      });
    });
    var listings = meta.listings === undefined ? n : meta.listings, drafts = new Set(meta.drafts || []);
    var order = function (a, b) {
      // Drafts (meta.drafts) below every page that is not one.
      return (drafts.has(a[0]) - drafts.has(b[0])) || (b[3] - a[3]) || ((a[0] >= listings) - (b[0] >= listings)) || (b[1] - a[1]) || (a[0] - b[0]);
    };
    var full = [], partial = [];
    pages.forEach(function (e, page) {
      var score = demoted(e.score, page, stubs);
      if (e.m === k) full.push([page, score, null, k]);
      else partial.push([page, score, e, e.m]);
    });
    full.sort(order);
    var ranked = full;
    if (full.length < 3 && k > 1) {
      // The best subsets of the words: pages matching the most of them, at least half.
      var least = Math.ceil(k / 2);
      partial = partial.filter(function (p) { return p[3] >= least; });
      partial.sort(order);
      ranked = full.concat(partial.map(function (p) {
        var missing = wanted.filter(function (s, si) { return p[2].has.indexOf(si) < 0; }).map(function (s) { return s.text; });
        return [p[0], p[1], { m: p[3], k: k, missing: missing }, p[3]];
      }));
    }
    return { pages: ranked, listings: listings };
  }

