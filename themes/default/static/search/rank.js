  // search.js, part rank (joined in the order of SEARCH_PARTS in src/load/theme.rs):
  // Ranking: every slot's pages merged, partial matches after the full ones.

  // Ranks the pages for `query`. Every slot (a word, or a phrase of the synonym table)
  // must match, but for common words; a slot matches by its words as typed or, a little
  // lower, by a synonym. A joined name (`KubeletPleg`, `fact_orders`) matches a page
  // holding the whole or every part; a page with both scores both. The last word also
  // matches as a prefix while typing; a word not in the index is corrected to the words
  // one letter away, unless `exact`. Listing pages (meta.listings on) rank below the
  // others, and drafts (meta.low) below all. When fewer than three pages match every
  // slot, the pages matching most of them follow, each with `partial` ({ m, k,
  // missing }). Returns the ranked pages as [page, score, partial or null], the terms
  // to highlight, each slot's terms and the corrections made.
  function search(query, filters, exact) {
    var gs = [], seen = new Set();
    queryGroups(query.trim()).forEach(function (g) { if (!seen.has(g.whole)) { seen.add(g.whole); gs.push(g); } });
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
          // Each required slot's terms; a number as typed only (`137`, not `1370`).
          slots: plan.wanted.map(function (s, si) {
            var number = /^\p{N}+$/u.test(s.text);
            return { terms: number ? [s.text] : scored.terms[si], number: number };
          }),
          corrections: ranked.pages.length ? scored.corrections : [],
          // How many words were looked up (each needs a shard): bounded (tests).
          lookups: plan.words.length,
          listings: ranked.listings,
          low: lowOf(meta),
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
  // Returns { wanted: slots, words: [word, isLast, fuzzy], units, deferred, pairs }.
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
    var pairs = pairLookups(gs, wanted, words, need, meta);
    var synonymWords = synonymLookups(wanted, words, need, meta, pairs.length);
    var units = [];
    wanted.forEach(function (s) { units.push.apply(units, s.units); });
    // A word with synonyms is corrected only when neither it nor they are found: its
    // synonyms say more than its near misses (`disk` is `volume` before it is `risk`),
    // and a first query fetches no typo files and shards for it.
    var deferred = new Set();
    wanted.forEach(function (s) {
      if (s.alts.length) s.units.forEach(function (g) { if (!g.parts.length && words[g.at][2]) deferred.add(g.at); });
    });
    return { wanted: wanted, words: words, units: units, deferred: deferred, need: need, synonymWords: synonymWords, pairs: pairs };
  }

  // Two words of the query next to each other are looked up joined too, as a page may
  // write them (`fail over`: `failover`; `on call`, `set up`, `time out`), when the
  // joined term is a word of letters that stands for nothing else: every required slot
  // holding either word holds nothing but them (not a part of a longer synonym phrase).
  // A page holding the joined term matches those slots as the two words would
  // (`slotScores`). At most MAX_PAIRS, each counted as a synonym word, and only in a shard
  // the words need anyway (the joined term sorts beside its first word, `fail` and
  // `failover`, so it mostly is): a pair never costs a download of its own (with a shard
  // more, `partition skew` at 100,000 runbooks fetched 125 kB, over its 120 kB budget).
  // Returns [{ at: the joined term's number, slots: the slots' numbers }].
  var MAX_PAIRS = 4;
  function pairLookups(gs, wanted, words, need, meta) {
    var shards = new Set(words.map(function (w) { return shardFor(meta.shards, w[0]); })), out = [];
    for (var k = 0; k + 1 < gs.length && out.length < MAX_PAIRS; k++) {
      var a = gs[k], b = gs[k + 1], joined = a.whole + b.whole, slots = [], alone = true;
      if (a.parts.length || b.parts.length || !/^\p{L}+$/u.test(joined) || encoder.encode(joined).length > 80) continue;
      wanted.forEach(function (s, si) {
        var held = s.own.filter(function (g) { return g === a || g === b; }).length;
        if (held && held < s.own.length) alone = false;
        else if (held) slots.push(si);
      });
      if (!alone || !slots.length) continue;
      if (!shards.has(shardFor(meta.shards, joined))) continue;
      out.push({ at: need(joined, false, false), slots: slots });
    }
    return out;
  }

  // Each slot's synonyms to look up (`s.alts`: lists of `need`'s numbers). Synonyms come
  // from the shards the query's own words need, and from at most SYNONYM_SHARDS more
  // altogether: a first query of three words or more fetches no shard for synonyms, and
  // no query more shards than a three-word query does (the first-query budget,
  // bench/search_bench.py). `synonymWords`: how many synonym words the query looks up
  // already; returns how many with these.
  function synonymLookups(wanted, words, need, meta, synonymWords) {
    var shards = new Set(words.map(function (w) { return shardFor(meta.shards, w[0]); }));
    var extra = Math.max(0, SYNONYM_SHARDS - shards.size + 1);
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
    return synonymWords;
  }

  // A word that is not in the index, corrected (`presistent`: `persistent`) or, the last
  // word, completed to a word one letter away (`ful`: `full`), expands through the
  // synonym table as that word typed would: its synonyms are looked up now, within the
  // query's synonym budget, and count SYNONYM times the correction's weight (`s.weight`).
  function fixedSynonyms(meta, plan, found) {
    var syn = synonymsOf(meta), fixed = [];
    plan.wanted.forEach(function (s) {
      var g = s.units[0], f = g && found[g.at];
      if (s.synonyms.length || s.units.length !== 1 || g.parts.length || f.terms.has(g.whole)) return;
      var near = f.alts.filter(function (a) { return withinOne(a[0], g.whole); });
      near.sort(function (a, b) { return b[1] - a[1]; });
      near.some(function (a) {
        var phrase = (syn.first.get(a[0]) || []).find(function (p) { return p.words.length === 1; });
        if (!phrase) return false;
        s.synonyms = alternativesOf(syn, phrase.words);
        s.weight = a[1];
        fixed.push(s);
        return true;
      });
    });
    if (!fixed.length) return Promise.resolve();
    var from = plan.words.length;
    plan.synonymWords = synonymLookups(fixed, plan.words, plan.need, meta, plan.synonymWords);
    return Promise.all(plan.words.slice(from).map(function (w, k) {
      return lookup(meta, w[0], false, true).then(function (r) { found[from + k] = r; });
    }));
  }

  // Every word of `plan` looked up; then, for what was not found, the typo table: the
  // deferred words whose synonyms found nothing either, and the parts of joined names
  // whose whole is missing; then the synonyms of the words corrected (`fixedSynonyms`).
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
      })).then(function () {
        return exact ? null : fixedSynonyms(meta, plan, found);
      }).then(function () { return found; });
    });
  }

  // Page -> score of each slot of `plan` (`slots`), with the terms to highlight
  // (`matched`), each slot's terms (`terms`: what its words and synonyms matched) and
  // the corrections made.
  function slotScores(plan, found, n) {
    var words = plan.words, matched = [], corrections = [], mine = null;
    var use = function (i, report) {
      // Highlighted: the terms of the wholes, and of the parts where the whole is not
      // found (`s3` is highlighted, not every word that starts with `s`).
      found[i].alts.forEach(function (alt) {
        if (report) matched.push(alt[0]);
        mine.push(alt[0]);
      });
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
    var terms = [];
    var slots = plan.wanted.map(function (s) {
      var best = null;
      mine = s.units.map(function (g) { return g.whole; });
      terms.push(mine);
      s.units.forEach(function (g) { best = both(best, unitScores(g)); });
      s.alts.forEach(function (alt) {
        var pages = null;
        alt.forEach(function (i) { pages = both(pages, use(i, found[i].alts.length > 0)); });
        pages.forEach(function (v, page) {
          var w = v * SYNONYM * (s.weight || 1);
          if (!(best.get(page) >= w)) best.set(page, w);
        });
      });
      return best;
    });
    // A pair of the query's words that a page writes joined (`pairLookups`): a page that
    // does not match their slots otherwise matches them through it, as it would holding
    // both words, its joined term marked. A page holding the words keeps its score: the
    // pair only adds pages (`partition skew` kept its order where `partition-skew`, which
    // the index joins too, was on every page).
    plan.pairs.forEach(function (p) {
      var f = found[p.at];
      if (!f.alts.length) return;
      var pages = scoresOf(f, n);
      f.alts.forEach(function (alt) { matched.push(alt[0]); });
      p.slots.forEach(function (si) {
        f.alts.forEach(function (alt) { terms[si].push(alt[0]); });
        pages.forEach(function (v, page) { if (!slots[si].has(page)) slots[si].set(page, v); });
      });
    });
    return { slots: slots, matched: matched, terms: terms, corrections: corrections };
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

  // The pages meta.json ranks low (`low`, src/search/output.rs): Map page -> rank, made
  // once. Rank 1: a page that only points elsewhere or says it is deprecated
  // (src/render/stubs.rs): its few words weigh more than a runbook's many, so its score
  // counts STUB times, and its name does not put it above a current page (`present`).
  // Rank 2 (DRAFT): a draft, below every page that is not one.
  var lowMap = null, STUB = 0.5, DRAFT = 2;

  // A slot's score on a page below WEAK times its best page's is weak: the word is there
  // in passing (once in a page ten times the average length, a catalogue of event
  // codes). A page matching every slot but some weakly is not an answer that keeps the
  // pages matching most of the words away, and ranks below pages matching as many
  // slots strongly (`vpn login 3am from another country` found 280 kB of Cisco message
  // codes before the playbook on VPN access).
  var WEAK = 0.2;
  function lowOf(meta) {
    if (lowMap) return lowMap;
    lowMap = new Map();
    (meta.low || []).forEach(function (pages, i) {
      pages.forEach(function (p) { lowMap.set(p, Math.max(lowMap.get(p) || 0, i + 1)); });
    });
    return lowMap;
  }
  function demoted(score, page, low) { return low.has(page) ? score * STUB : score; }

  // The order of ranked pages ([page, score, partial, slots matched, slots matched
  // strongly]): drafts below every other page; listings (pages from `listings` on)
  // below every other page that matches, even partly, when one matches every slot (a
  // folder's list of titles holds many words no one of its runbooks does: `persistent
  // volume full` found /runbooks/kubernetes/ above the runbooks), else below those
  // matching as many slots (a folder's own page may be the only one to hold every word:
  // `wiz status code 400`); bare listings (from `bare` on: only other pages' titles)
  // below every other page when `bareLast` (one matches all slots but one: `PLEG latency
  // high`); then by slots matched strongly, slots matched and score.
  function byRank(low, listings, listingsLast, bare, bareLast) {
    var draft = function (p) { return low.get(p) >= DRAFT ? 1 : 0; };
    var listing = function (p) { return p >= listings ? 1 : 0; };
    var isBare = function (p) { return bareLast && p >= bare ? 1 : 0; };
    var strong = function (e) { return e[4] === undefined ? e[3] : e[4]; };
    return function (a, b) {
      return (draft(a[0]) - draft(b[0])) || (listingsLast && listing(a[0]) - listing(b[0])) ||
        (isBare(a[0]) - isBare(b[0])) || (strong(b) - strong(a)) || (b[3] - a[3]) ||
        (listing(a[0]) - listing(b[0])) || (b[1] - a[1]) || (a[0] - b[0]);
    };
  }

  // The pages matching every slot, best first; when fewer than three of them are not
  // listings and match every slot strongly (see WEAK), those matching most of the slots
  // (at least half) too, each saying which it misses (ordered by `byRank`).
  function rankPages(wanted, slotScores, allowed, meta) {
    var n = meta.pages, low = lowOf(meta);
    // Per page: how many slots it matches, and its score.
    var k = wanted.length, pages = new Map();
    slotScores.forEach(function (scores, si) {
      var most = 0;
      scores.forEach(function (v, page) { if (!(allowed && !allowed.has(page))) most = Math.max(most, v); });
      scores.forEach(function (v, page) {
        if (allowed && !allowed.has(page)) return;
        var e = pages.get(page);
        if (!e) { e = { m: 0, s: 0, score: 0, has: [] }; pages.set(page, e); }
        e.m++; e.score += v; e.has.push(si);
        if (v >= most * WEAK) e.s++;
      });
    });
    var listings = meta.listings === undefined ? n : meta.listings, answers = 0, near = false;
    pages.forEach(function (e, page) {
      if (page >= listings) return;
      if (e.m === k && e.s === k) answers++;
      if (k > 1 && e.s >= k - 1) near = true;
    });
    // The best subsets of the words: pages matching the most of them, at least half.
    var least = answers < 3 && k > 1 ? Math.ceil(k / 2) : k, ranked = [];
    pages.forEach(function (e, page) {
      if (e.m < least) return;
      var partial = null;
      if (e.m < k) {
        var missing = wanted.filter(function (s, si) { return e.has.indexOf(si) < 0; }).map(function (s) { return s.text; });
        partial = { m: e.m, k: k, missing: missing };
      }
      ranked.push([page, demoted(e.score, page, low), partial, e.m, e.s]);
    });
    var bare = meta.bare === undefined ? listings : meta.bare;
    ranked.sort(byRank(low, listings, answers > 0, bare, near));
    return { pages: ranked, listings: listings };
  }

