  // search.js, part lookup (joined in the order of SEARCH_PARTS in src/load/theme.rs):
  // A word's terms: its shards, completions, other forms and typos, and their pages' scores.
  // Postings: varint(page delta << 4 | weight) -> Map page -> weight (1..15).
  function decode(entry) {
    var pages = new Map(), b = entry.data, at = { i: 0 }, page = 0;
    while (at.i < b.length) {
      var v = varint(b, at);
      page += Math.floor(v / 16);
      pages.set(page, v % 16);
    }
    return pages;
  }

  // The terms a query word stands for: itself, words it starts (the last word, while
  // typing), or words one letter away (typos), each with a weight. `terms` holds every
  // term of the shards that could contain them.
  function expand(word, terms, isLast, exact) {
    var out = [];
    if (terms.has(word)) out.push([word, 1]);
    if (isLast && word.length >= 2) {
      terms.forEach(function (_, t) { if (t !== word && t.startsWith(word) && out.length < 60) out.push([t, 0.8]); });
    }
    // Other forms of the word in the same shards: singular and plural (`subnets`,
    // `subnet`), and for a long word, the words sharing a root with it (`saturated`:
    // `saturation`; see `roots`), a little below the word itself.
    var has = new Set(out.map(function (a) { return a[0]; }));
    var variant = function (t, least) { if (!has.has(t) && terms.has(t)) { has.add(t); out.push([t, VARIANT, least || 0]); } };
    if (word.length >= 4) {
      variant(word + "s");
      if (/s$/.test(word)) variant(word.slice(0, -1));
      if (/es$/.test(word)) variant(word.slice(0, -2));
    }
    var chars = Array.from(word);
    if (chars.length >= 7 && /^\p{L}+$/u.test(word)) {
      var own = roots(word), shortest = own[own.length - 1], found = 0;
      terms.forEach(function (_, t) {
        if (found < 8 && t.startsWith(shortest) && t.length <= word.length + 3 && t.length >= word.length - 2 && !has.has(t) &&
            roots(t).some(function (r) { return own.indexOf(r) >= 0; })) { has.add(t); out.push([t, VARIANT]); found++; }
      });
    }
    if (!terms.has(word) || heaviest(terms.get(word)) < FORM_LEAST) forms(word).forEach(function (t) { variant(t, FORM_LEAST); });
    if (!out.length && word.length >= 4 && !exact) {
      terms.forEach(function (_, t) { if (out.length < 20 && withinOne(t, word)) out.push([t, FUZZY]); });
    }
    return out;
  }

  // Endings that inflect a word or make a noun of a verb: two words are forms of one
  // another when taking one off each leaves the same root (`deployment`, `deployed`:
  // `deploy`; `throttling`, `throttle`: `throttl`). All but the last two letters, the rule
  // before, let `country` find `count` and `counter`; a root of `country` is `countr`.
  // A form at most two letters shorter counts (`stopped`: `stopping`, not `stop`, which
  // buried the pages with the word as typed, as in `forms`).
  var ENDINGS = ["s", "es", "ies", "e", "ed", "d", "ing", "er", "ers", "y", "ment", "ments",
    "ion", "ions", "ation", "ations", "ure", "ures"];
  // A word and its roots of four letters or more (a doubled last consonant single too:
  // `stopped`: `stop`), longest first: each is a start of the word.
  function roots(w) {
    var out = [w];
    ENDINGS.forEach(function (e) {
      if (w.length - e.length < 4 || !w.endsWith(e)) return;
      var r = w.slice(0, -e.length);
      out.push(r);
      if (r.length > 4 && /([b-df-hj-np-tv-z])\1$/.test(r)) out.push(r.slice(0, -1));
    });
    return out.sort(function (a, b) { return b.length - a.length; });
  }

  // The largest weight of a term's postings.
  function heaviest(entry) {
    var most = 0;
    decode(entry).forEach(function (w) { most = Math.max(most, w); });
    return most;
  }

  // -ing and -ed folded to the stem and back (`stopped`: `stop`, `stopping`), for a word
  // in no title (weight below FORM_LEAST); a form counts only where it weighs FORM_LEAST
  // or more: counted everywhere, `stop` and `sync` buried the pages with the typed word.
  function forms(word) {
    var m = /^([a-z]{3,}?)(ing|ed)$/.exec(word);
    if (!m) return [];
    var stem = m[1], stems = [stem, stem + "e"];
    if (/([b-df-hj-np-tv-z])\1$/.test(stem)) stems.push(stem.slice(0, -1));
    var out = [];
    stems.forEach(function (b) { out.push(b, b + "s", b + "ed", b + "ing", b + "es"); });
    return out.filter(function (t) { return t !== word; });
  }

  // Shards are sorted ranges: shard i holds the terms from firsts[i] up to firsts[i+1].
  function shardFor(firsts, term) {
    var lo = 0, hi = firsts.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (firsts[mid] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  var range = function (from, to) {
    var list = [];
    for (var i = from; i <= to; i++) list.push(i);
    return list;
  };

  // The terms a word may stand for, from as few shards as possible: its own shard; the
  // next ones while its completions run on (the last word, while typing, at most two);
  // and only when the word itself is missing, the shards from its first three letters on
  // (for typos, at most one before its own).
  function termsFor(firsts, word, isLast, exact) {
    var own = shardFor(firsts, word), to = own;
    if (isLast) while (to + 1 < firsts.length && to < own + 2 && firsts[to + 1].startsWith(word)) to++;
    var merge = function (maps) {
      if (maps.length === 1) return maps[0];
      var all = new Map();
      maps.forEach(function (m) { m.forEach(function (v, k) { all.set(k, v); }); });
      return all;
    };
    return Promise.all(range(own, to).map(shardOrNone)).then(function (maps) {
      var terms = merge(maps);
      if (terms.has(word) || word.length < 4 || exact) return terms;
      var from = Math.max(shardFor(firsts, Array.from(word).slice(0, 3).join("")), own - 1);
      if (from === own) return terms;
      return Promise.all(range(from, own - 1).map(shardOrNone)).then(function (more) {
        return merge(more.concat([terms]));
      });
    });
  }

  // Typo table keys (src/search/typo.rs `typo_keys`): a term of L letters is filed under its
  // first (L-1)/2 and last L/2 letters; one letter wrong keeps one of them. So look up the
  // word's start and end at the cuts for L = its length -1, +0 and +1.
  function typoKeys(word) {
    var c = Array.from(word), n = c.length, out = [];
    [n - 1, n, n + 1].forEach(function (len) {
      if (len < 4) return;
      var head = (len - 1) >> 1, tail = len - 1 - head;
      out.push(c.slice(0, head).join(""), c.slice(n - tail).join(""));
    });
    return out;
  }
  // FNV-1a (32-bit, UTF-8) as in src/search/typo.rs; a key's terms are in t/<hash % meta.typo>.json.
  function fnv1a(s) {
    var b = encoder.encode(s), h = 0x811c9dc5;
    for (var i = 0; i < b.length; i++) h = Math.imul(h ^ b[i], 0x01000193);
    return h >>> 0;
  }
  // A shard, or no terms when it cannot be fetched (offline and not saved).
  function shardOrNone(i) {
    return (whole ? cache["all"] : getShard(i)).catch(function (e) {
      // Another build's shard: the search starts again from a fresh meta.json
      // (`results`). One the server does not have is looked into after (`attempt`).
      if (e && e.skew) throw e;
      return new Map();
    });
  }

  // Terms one letter away from `word` (not in the table: joined names and numbers).
  function typoTerms(meta, word) {
    if (!meta.typo || word.length < 4 || /[_.]/.test(word) || !/\p{Alphabetic}/u.test(word)) return Promise.resolve([]);
    var files = new Set(typoKeys(word).map(function (k) { return fnv1a(k) % meta.typo; }));
    return Promise.all(Array.from(files).map(function (b) {
      return getJSON("t/" + b + ".json").catch(function () { return []; });
    })).then(function (lists) {
      var found = new Set();
      lists.forEach(function (list) { list.forEach(function (t) { if (found.size < 20 && withinOne(t, word)) found.add(t); }); });
      return Array.from(found);
    });
  }

  // A long word with no term one letter away: the terms of its fetched shards two away.
  function twoAway(word, terms) {
    var n = Array.from(word).length, out = [];
    if (n < 8 || !/^\p{L}+$/u.test(word)) return out;
    terms.forEach(function (_, t) { if (out.length < 5 && withinTwo(t, word)) out.push([t, FUZZY]); });
    return out;
  }
  // Optimal string alignment distance at most 2.
  function withinTwo(a, b) {
    if (Math.abs(a.length - b.length) > 2) return false;
    var prev2 = null, prev = [], i, j;
    for (j = 0; j <= b.length; j++) prev.push(j);
    for (i = 1; i <= a.length; i++) {
      var row = [i], least = i;
      for (j = 1; j <= b.length; j++) {
        var d = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2] + 1);
        row.push(d);
        least = Math.min(least, d);
      }
      if (least > 2) return false;
      prev2 = prev;
      prev = row;
    }
    return prev[b.length] <= 2;
  }

  // The weight of a term one letter away from the word (a typo); exact matches weigh 1
  // and completions of the last word 0.8.
  var FUZZY = 0.6;
  // The weight of another form of the word (`subnet` for `subnets`).
  var VARIANT = 0.8;
  // The least weight at which another inflection counts (`forms`).
  var FORM_LEAST = 11;

  // A word's terms and their shards; the typo table only when its own shards have none,
  // and neither when `exact` (the reader asked for the word as typed).
  function lookup(meta, word, isLast, exact) {
    return termsFor(meta.shards, word, isLast, exact).then(function (terms) {
      var alts = expand(word, terms, isLast, exact);
      if (alts.length || word.length < 4 || exact) return { terms: terms, alts: alts };
      return typoTerms(meta, word).then(function (found) {
        if (!found.length) return { terms: terms, alts: twoAway(word, terms) };
        var own = new Set(found.map(function (t) { return shardFor(meta.shards, t); }));
        return Promise.all(Array.from(own).map(shardOrNone)).then(function (maps) {
          var all = new Map(terms);
          maps.forEach(function (m) { m.forEach(function (v, k) { all.set(k, v); }); });
          return {
            terms: all,
            alts: found.filter(function (t) { return all.has(t); }).map(function (t) { return [t, FUZZY]; })
          };
        });
      });
    });
  }

  // A looked-up word stands for other words only: typos corrected, best first (most pages).
  function corrected(found) {
    if (!found.alts.length || found.alts.some(function (a) { return a[1] !== FUZZY; })) return null;
    return found.alts.map(function (a) { return a[0]; }).sort(function (a, b) {
      return found.terms.get(b).pages - found.terms.get(a).pages || (a < b ? -1 : 1);
    });
  }

  // Page -> score of one looked-up word: the best of its terms, times its idf. A word
  // and the terms it stands for count as one term: rare completions of a prefix must not
  // outrank a title match of the word itself.
  function scoresOf(found, n) {
    var best = new Map();
    found.alts.forEach(function (alt) {
      decode(found.terms.get(alt[0])).forEach(function (w, page) {
        if (w < (alt[2] || 0)) return;
        var s = (w / 15) * 2.2 * alt[1];
        if (!(best.get(page) >= s)) best.set(page, s);
      });
    });
    var idf = Math.log(1 + (n - best.size + 0.5) / (best.size + 0.5));
    best.forEach(function (v, page) { best.set(page, v * idf); });
    return best;
  }

