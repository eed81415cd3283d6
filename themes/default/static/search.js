// pipebook search: queries the chunked index under /search/ and shows results in the
// header's search box and, with search-page.js, on /search/. Loaded on demand (first focus of the box, the "/"
// key, or the search page), so pages that are only read never download it.
(function () {
  "use strict";
  // An element with that id is reachable as `window.pipebookSearch` too: not the engine.
  if (window.pipebookSearch && !(window.pipebookSearch instanceof Element)) return;
  // The theme's own elements, not an author's id inside a runbook's text.
  var own = function (id) {
    var el = document.getElementById(id);
    return el && !el.closest("article") ? el : null;
  };
  var script = document.currentScript;
  var root = (script && script.getAttribute("data-index")) || "/search/";
  var cache = {};
  // Index files that could not be fetched so far: offline, the service worker (sw.js)
  // answers only with what it saved, and a search goes on over that, saying so.
  var failures = 0;
  // What the worker said with its last answer: from its caches, the network failing
  // (navigator.onLine can read true then: a broken VPN, or Chromium after a navigation).
  var workerOffline = false;
  var isOffline = function (failed) {
    return failures > failed || workerOffline || navigator.onLine === false;
  };
  var get = function (path, parse) {
    if (!cache[path]) {
      cache[path] = fetch(root + path).then(function (r) {
        workerOffline = r.headers.get("X-Pipebook-Offline") === "1";
        if (!r.ok) throw new Error(path + ": " + r.status);
        return parse(r);
      });
      // Not kept: the network may be back for the next query.
      cache[path].catch(function () { failures++; delete cache[path]; });
    }
    return cache[path];
  };
  var getJSON = function (path) { return get(path, function (r) { return r.json(); }); };
  // The list of shards, when site.js started fetching it beside this script.
  var early = window.pipebookMeta;
  if (early instanceof Promise) {
    // On a small site meta.json is the whole index: what the worker said with it counts.
    cache["meta.json"] = early.then(function (meta) {
      workerOffline = window.pipebookMetaOffline === true;
      return meta;
    });
    cache["meta.json"].catch(function () { delete cache["meta.json"]; });
  }

  // A shard: gzip-compressed records `varint(length) term varint(pages) varint(bytes)
  // postings`; read into a Map from term to its postings (still encoded).
  var utf8 = new TextDecoder();
  function varint(b, at) {
    var n = 0, shift = 0, c;
    do { c = b[at.i++]; n += (c & 0x7f) * Math.pow(2, shift); shift += 7; } while (c & 0x80);
    return n;
  }
  // Pages known by their rows (meta.json's `rows` on a small site, the heads' `r`
  // elsewhere): page -> a fragment without its sections, but with its lead (`l`: its
  // summary or the start of its text), enough to show a result in the header's list.
  var known = new Map();
  function learn(x) { if (!known.has(x[0])) known.set(x[0], { u: x[1], t: x[2], k: x[3], l: x[4] || "", n: x[5] || "", s: [] }); }
  function gunzip(r) { return new Response(r.body.pipeThrough(new DecompressionStream("gzip"))); }
  // On a slow network a word's shard waits for its head (below) to come in, for at most
  // STAGGER ms: the heads' few kilobytes then come alone, a twentieth of a second after
  // the round trip instead of sharing the line with the shards'. On a fast one the heads
  // are in first, and nothing waits.
  var STAGGER = 150, headsIn = null;
  function getShard(i) {
    var start = headsIn ? Promise.race([headsIn, new Promise(function (ok) { setTimeout(ok, STAGGER); })]) : null;
    return start ? start.then(function () { return terms(i); }) : terms(i);
  }
  // A word's head: the number of pages that hold it and its best ones (page, weight,
  // best first), from h/<fnv1a(word) % meta.heads>.bin, which also gives the rows of each
  // term's best pages. Resolves to null when the word is no term.
  function head(meta, word) {
    var file = "h/" + fnv1a(word) % meta.heads + ".bin";
    return get(file, function (r) {
      return gunzip(r).json().then(function (f) {
        (f.r || []).forEach(learn);
        var byTerm = new Map();
        (f.t || []).forEach(function (t) { byTerm.set(t[0], t); });
        return byTerm;
      });
    }).then(function (byTerm) { return byTerm.get(word) || null; });
  }
  function terms(i) {
    return get("s/" + i + ".bin", function (r) {
      return gunzip(r).arrayBuffer().then(function (buf) { return parse(new Uint8Array(buf)); });
    });
  }
  function parse(b) {
    var at = { i: 0 }, terms = new Map();
    while (at.i < b.length) {
      var len = varint(b, at), term = utf8.decode(b.subarray(at.i, at.i + len));
      at.i += len;
      var pages = varint(b, at), bytes = varint(b, at);
      terms.set(term, { pages: pages, data: b.subarray(at.i, at.i + bytes) });
      at.i += bytes;
    }
    return terms;
  }
  // A small site's whole index comes in meta.json (`all`: every shard's records, in
  // base64; `rows`: every page's row): read once as the only shard, so that no query
  // waits for another file before its titles (a round trip, 2 s on a bad network), and
  // no typo file is needed (every term is at hand).
  var whole = null, bounds = null;
  function prepare(meta) {
    if (whole) return whole;
    // The shards' bounds, front-coded (src/search/output.rs `front_coded`): a line each,
    // the characters shared with the bound before (as '0' + n), then the rest.
    if (typeof meta.shards === "string") {
      if (!bounds) {
        bounds = [];
        meta.shards.split("\n").forEach(function (line, i) {
          var cs = Array.from(line), shared = cs[0].charCodeAt(0) - 48;
          bounds.push((i ? Array.from(bounds[i - 1]).slice(0, shared).join("") : "") + cs.slice(1).join(""));
        });
      }
      meta = Object.assign({}, meta, { shards: bounds });
    }
    if (!meta.all) return meta;
    var bin = atob(meta.all), b = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) b[i] = bin.charCodeAt(i);
    (meta.rows || []).forEach(learn);
    cache["all"] = Promise.resolve(parse(b));
    whole = Object.assign({}, meta, { shards: [""], typo: 0 });
    return whole;
  }

  // The same words as the index (src/search/words.rs): Unicode words, lowercased, and
  // the parts of joined names (snake_case, dotted, CamelCase, letters and digits) before
  // the whole.
  var segmenter = window.Intl && Intl.Segmenter ? new Intl.Segmenter(undefined, { granularity: "word" }) : null;
  // ASCII words as src/search/scan.rs finds them (UAX #29 for ASCII: `.` and `'` join
  // two letters or two digits, `:` two letters, `,` and `;` two digits), so that both
  // sides agree whatever the browser's segmenter does with `fact_orders.daily`.
  var asciiWord = /[A-Za-z0-9_]+(?:(?:(?<=[A-Za-z])[.':](?=[A-Za-z])|(?<=[0-9])[.',;](?=[0-9]))[A-Za-z0-9_]+)*/g;
  // UAX #29, which the index follows, makes each ideograph and each hiragana a word of its
  // own; the browser's segmenter finds dictionary words instead ("告警"), which the index
  // does not hold, so a query in Chinese or Japanese found nothing.
  var single = /[\p{Script=Han}\p{Script=Hiragana}]/u;
  var singles = /[\p{Script=Han}\p{Script=Hiragana}]|[^\p{Script=Han}\p{Script=Hiragana}]+/gu;
  function pushWord(out, w) {
    if (!single.test(w)) out.push(w);
    else (w.match(singles) || []).forEach(function (p) { out.push(p); });
  }
  function rawWords(text) {
    var out = [];
    // As src/search/words.rs `stretches`: only a stretch between white space that holds
    // something other than ASCII goes to the segmenter.
    text.split(/[ \t\n\f\r]+/).forEach(function (chunk) {
      if (!/[^\x00-\x7f]/.test(chunk)) {
        (chunk.match(asciiWord) || []).forEach(function (w) { if (/[A-Za-z0-9]/.test(w)) out.push(w); });
      } else if (segmenter) {
        for (var s of segmenter.segment(chunk)) if (s.isWordLike) pushWord(out, s.segment);
      } else {
        (chunk.match(/[\p{L}\p{N}_.']+/gu) || []).forEach(function (w) { pushWord(out, w); });
      }
    });
    return out;
  }
  // Character classes of `class` in src/search/words.rs, tested in the same order.
  var DIGIT = 1, UPPER = 2, LOWER = 3, LETTER = 4, OTHER = 0;
  function cls(c) {
    if (c === undefined || c === "_" || c === ".") return OTHER;
    if (/\p{N}/u.test(c)) return DIGIT;
    if (/\p{Uppercase}/u.test(c)) return UPPER;
    if (/\p{Lowercase}/u.test(c)) return LOWER;
    if (/\p{Alphabetic}/u.test(c)) return LETTER;
    return OTHER;
  }
  // A name splits between classes a and b (c next): `kubelet|Pleg`, `HTTP|Server`, `x|509`.
  function splits(a, b, c) {
    if (a === LOWER && b === UPPER) return true;
    if (a === UPPER && b === UPPER) return c === LOWER;
    var letter = function (k) { return k === UPPER || k === LOWER || k === LETTER; };
    return (a === DIGIT && letter(b)) || (letter(a) && b === DIGIT);
  }
  function nameParts(w) {
    var cs = Array.from(w), out = [], cur = "", prev = OTHER;
    for (var i = 0; i < cs.length; i++) {
      var c = cs[i];
      if (c === "_" || c === ".") { if (cur) out.push(cur); cur = ""; prev = OTHER; continue; }
      var k = cls(c);
      if (cur && splits(prev, k, cls(cs[i + 1]))) { out.push(cur); cur = ""; }
      cur += c;
      prev = k;
    }
    if (cur) out.push(cur);
    return out;
  }
  var encoder = new TextEncoder();
  // Each word of `text` as { whole, parts }: `parts` is empty unless it is a joined name.
  function groups(text) {
    var out = [];
    rawWords(text).forEach(function (w) {
      if (encoder.encode(w).length > 80) return;
      var parts = nameParts(w);
      var joined = /[_.]/.test(w) || parts.length > 1;
      out.push({ whole: w.toLowerCase(), parts: joined ? parts.map(function (p) { return p.toLowerCase(); }) : [] });
    });
    return out;
  }
  // The terms the index stores for `text`, in its order.
  function words(text) {
    var out = [];
    groups(text).forEach(function (g) { out.push.apply(out, g.parts); out.push(g.whole); });
    return out;
  }

  // Damerau-Levenshtein distance, stopping early above 1.
  function withinOne(a, b) {
    if (a === b) return true;
    var la = a.length, lb = b.length;
    if (Math.abs(la - lb) > 1) return false;
    var i = 0;
    while (i < la && i < lb && a[i] === b[i]) i++;
    if (la === lb) {
      if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
      return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swap
    }
    return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
  }

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
    // `subnet`), and for a long word, the words sharing all but its last two letters
    // (`saturated`: `saturation`), a little below the word itself.
    var has = new Set(out.map(function (a) { return a[0]; }));
    var variant = function (t) { if (!has.has(t) && terms.has(t)) { has.add(t); out.push([t, VARIANT]); } };
    if (word.length >= 4) {
      variant(word + "s");
      if (/s$/.test(word)) variant(word.slice(0, -1));
      if (/es$/.test(word)) variant(word.slice(0, -2));
    }
    var chars = Array.from(word);
    if (chars.length >= 7 && /^\p{L}+$/u.test(word)) {
      var stem = chars.slice(0, -2).join(""), found = 0;
      terms.forEach(function (_, t) {
        if (found < 8 && t.startsWith(stem) && t.length <= word.length + 3 && !has.has(t)) { has.add(t); out.push([t, VARIANT]); found++; }
      });
    }
    if (!out.length && word.length >= 4 && !exact) {
      terms.forEach(function (_, t) { if (out.length < 20 && withinOne(t, word)) out.push([t, FUZZY]); });
    }
    return out;
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
    return (whole ? cache["all"] : getShard(i)).catch(function () { return new Map(); });
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

  // The weight of a term one letter away from the word (a typo); exact matches weigh 1
  // and completions of the last word 0.8.
  var FUZZY = 0.6;
  // The weight of another form of the word (`subnet` for `subnets`).
  var VARIANT = 0.8;

  // A word's terms and their shards; the typo table only when its own shards have none,
  // and neither when `exact` (the reader asked for the word as typed).
  function lookup(meta, word, isLast, exact) {
    return termsFor(meta.shards, word, isLast, exact).then(function (terms) {
      var alts = expand(word, terms, isLast, exact);
      if (alts.length || word.length < 4 || exact) return { terms: terms, alts: alts };
      return typoTerms(meta, word).then(function (found) {
        if (!found.length) return { terms: terms, alts: alts };
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
        var s = (w / 15) * 2.2 * alt[1];
        if (!(best.get(page) >= s)) best.set(page, s);
      });
    });
    var idf = Math.log(1 + (n - best.size + 0.5) / (best.size + 0.5));
    best.forEach(function (v, page) { best.set(page, v * idf); });
    return best;
  }

  // The query ranked by its words' heads alone (their best pages): what the header
  // shows a round trip before the shards are in. Every word must be a term (a word being
  // typed, a typo or a word not in the index leaves it to the shards: null), and a page
  // must be among the best of every required word; completions, other forms and
  // synonyms wait for the shards, whose ranking replaces this one.
  function preview(query, meta) {
    var gs = [], seen = new Set();
    groups(query.trim()).forEach(function (g) { if (!seen.has(g.whole)) { seen.add(g.whole); gs.push(g); } });
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
      var listings = meta.listings === undefined ? n : meta.listings, ranked = [];
      pages.forEach(function (v, page) { ranked.push([page, v, null, units.length]); });
      ranked.sort(function (a, b) { return ((a[0] >= listings) - (b[0] >= listings)) || (b[1] - a[1]) || (a[0] - b[0]); });
      return { ranked: ranked, terms: words, corrections: [], listings: listings };
    });
  }

  // Pages in both maps, their scores added.
  function both(a, b) {
    if (a === null) return b;
    var out = new Map();
    a.forEach(function (v, page) { if (b.has(page)) out.set(page, v + b.get(page)); });
    return out;
  }

  // Words too common to be required: a page need not hold them to match (they are not
  // looked up at all when the query has other words): `alertmanager not sending` finds
  // a runbook that says `failed to send`. Words that carry an incident's meaning
  // (`down`, `out`, `full`) are not among them.
  var COMMON = new Set(("a about all also am an and any are as at be been being but by can cannot cant could did do does " +
    "doesnt doing dont for from getting got help isnt just keep keeps lot lots many more most much no not only please " +
    "really seems some still suddenly up wont " +
    "had has have having he her here his how i if in into is it its itself me my of on once or our ours " +
    "she should so than that the their them then there these they this those to too very was we were " +
    "what when where which while who whom why will with would you your yours").split(" "));
  // The weight of a page found through a synonym, against 1 for the word as typed.
  var SYNONYM = 0.75;

  // The synonym table of meta.json as Map(first word -> [{ words, group }]), longest
  // phrases first, built once.
  var synonymIndex = null;
  function synonymsOf(meta) {
    if (synonymIndex) return synonymIndex;
    synonymIndex = { first: new Map(), groups: [] };
    (meta.syn || []).forEach(function (group, gi) {
      var phrases = group.map(function (p) { return groups(p).map(function (g) { return g.whole; }); })
        .filter(function (ws) { return ws.length; });
      synonymIndex.groups.push(phrases);
      phrases.forEach(function (ws) {
        var list = synonymIndex.first.get(ws[0]) || [];
        list.push({ words: ws, group: gi });
        list.sort(function (a, b) { return b.words.length - a.words.length; });
        synonymIndex.first.set(ws[0], list);
      });
    });
    return synonymIndex;
  }

  // The query as slots: each word, or each phrase of the synonym table (`out of memory`),
  // is one slot, matched by the words as typed or by one of their synonyms. A slot of
  // common words only is `common`: not required.
  var MAX_ALTERNATIVES = 8;
  // The most synonym words one query looks up: each may need a shard of its own, and a
  // first query must stay within its download budget whatever is typed.
  var MAX_SYNONYM_WORDS = 12;
  // Shards fetched for synonyms only: two for a one-word query, one for two words, none
  // for more.
  var SYNONYM_SHARDS = 2;
  function slotsOf(gs, meta) {
    var syn = synonymsOf(meta), slots = [], i = 0;
    var key = function (ws) { return ws.join(" "); };
    while (i < gs.length) {
      var hit = (syn.first.get(gs[i].whole) || []).find(function (p) {
        return p.words.every(function (w, k) { return gs[i + k] && gs[i + k].whole === w; });
      });
      var len = hit ? hit.words.length : 1, own = gs.slice(i, i + len), alts = [];
      if (hit) {
        var seen = new Set([key(hit.words)]);
        syn.groups.forEach(function (phrases) {
          if (!phrases.some(function (ws) { return key(ws) === key(hit.words); })) return;
          phrases.forEach(function (ws) {
            if (seen.has(key(ws)) || alts.length >= MAX_ALTERNATIVES) return;
            seen.add(key(ws));
            alts.push(ws);
          });
        });
      }
      slots.push({
        own: own,
        synonyms: alts,
        common: own.every(function (g) { return COMMON.has(g.whole) && !g.parts.length; }),
        text: own.map(function (g) { return g.whole; }).join(" ")
      });
      i += len;
    }
    return slots;
  }

  // Without the common words of a phrase, unless it has nothing else.
  function meaningful(words) {
    var kept = words.filter(function (w) { return !COMMON.has(w); });
    return kept.length ? kept : words;
  }

  // Ranks the pages for `query`. Every slot (a word, or a phrase of the synonym table)
  // must match, but for common words; a slot matches by its words as typed or, a little
  // lower, by a synonym. A joined name (`KubeletPleg`, `fact_orders`) matches a page
  // holding the whole or every part; a page with both scores both. The last word also
  // matches as a prefix while typing; a word not in the index is corrected to the words
  // one letter away, unless `exact`. Listing pages (meta.listings on) rank below the
  // others. When fewer than three pages match every slot, the pages matching most of
  // them follow, each with `partial` ({ m, k, missing }). Returns the ranked pages as
  // [page, score, partial or null], the terms to highlight and the corrections made.
  function search(query, filters, exact) {
    var gs = [], seen = new Set();
    groups(query.trim()).forEach(function (g) { if (!seen.has(g.whole)) { seen.add(g.whole); gs.push(g); } });
    if (!gs.length) return Promise.resolve({ ranked: [], terms: [], corrections: [] });
    var typingLast = !/\s$/.test(query);
    return getJSON("meta.json").then(prepare).then(function (meta) {
      var slots = slotsOf(gs, meta);
      var wanted = slots.filter(function (s) { return !s.common; });
      if (!wanted.length) wanted = slots;
      // Every word to look up once: the wholes, the parts of joined names and the words
      // of synonyms. Typos are corrected at once for plain words only: a joined name's
      // parts are corrected once its whole is known to be missing, and its whole never
      // (the parts are), which keeps a first query of an alert name from fetching the
      // typo files of every part. Synonyms are looked up as they are.
      var words = [], at = new Map();
      var need = function (w, last, fuzzy) {
        var k = w + (last ? "\u0001" : "");
        if (!at.has(k)) { at.set(k, words.length); words.push([w, last, false]); }
        words[at.get(k)][2] = words[at.get(k)][2] || fuzzy;
        return at.get(k);
      };
      var lastG = gs[gs.length - 1], synonymWords = 0;
      wanted.forEach(function (s) {
        var own = s.own.length > 1 ? s.own.filter(function (g) { return !COMMON.has(g.whole); }) : s.own;
        s.units = (own.length ? own : s.own).map(function (g) {
          var last = typingLast && g === lastG;
          g.at = need(g.whole, last, !g.parts.length);
          g.partsAt = g.parts.map(function (p, pi) { return need(p, last && pi === g.parts.length - 1, false); });
          return g;
        });
      });
      // Synonyms come from the shards the query's own words need, and from at most
      // SYNONYM_SHARDS more altogether: a first query of three words or more fetches no
      // shard for synonyms, and no query more shards than a three-word query does (the
      // first-query budget, bench/search_bench.py).
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
      var units = [];
      wanted.forEach(function (s) { units.push.apply(units, s.units); });
      // A word with synonyms is corrected only when neither it nor they are found: its
      // synonyms say more than its near misses (`disk` is `volume` before it is `risk`),
      // and a first query fetches no typo files and shards for it.
      var deferred = new Set();
      wanted.forEach(function (s) {
        if (s.alts.length) s.units.forEach(function (g) { if (!g.parts.length && words[g.at][2]) deferred.add(g.at); });
      });
      var lookAll = function () {
        return Promise.all(words.map(function (w, i) { return lookup(meta, w[0], w[1], exact || !w[2] || deferred.has(i)); })).then(function (found) {
          var again = [];
          wanted.forEach(function (s) {
            var some = s.alts.some(function (alt) { return alt.every(function (i) { return found[i].alts.length; }); });
            s.units.forEach(function (g) {
              if (!exact && deferred.has(g.at) && !some && !found[g.at].alts.length && again.indexOf(g.at) < 0) again.push(g.at);
            });
          });
          units.forEach(function (g) {
            if (exact || !g.parts.length || found[g.at].alts.length) return;
            g.partsAt.forEach(function (i) { if (!found[i].alts.length && again.indexOf(i) < 0) again.push(i); });
          });
          return Promise.all(again.map(function (i) {
            return lookup(meta, words[i][0], words[i][1], false).then(function (f) { found[i] = f; });
          })).then(function () { return found; });
        });
      };
      var active = Object.keys(filters || {}).filter(function (f) { return filters[f]; });
      return Promise.all([
        lookAll(),
        active.length ? getJSON("filters.json").catch(function () { return {}; }) : Promise.resolve(null)
      ]).then(function (loaded) {
        var found = loaded[0], filterLists = loaded[1], n = meta.pages;
        var matched = [], corrections = [];
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
        var slotScores = wanted.map(function (s) {
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
        var allowed = null;
        active.forEach(function (f) {
          var set = new Set((filterLists[f] || {})[filters[f]] || []);
          allowed = allowed ? new Set(Array.from(allowed).filter(function (x) { return set.has(x); })) : set;
        });
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
        var listings = meta.listings === undefined ? n : meta.listings;
        var order = function (a, b) {
          return (b[3] - a[3]) || ((a[0] >= listings) - (b[0] >= listings)) || (b[1] - a[1]) || (a[0] - b[0]);
        };
        var full = [], partial = [];
        pages.forEach(function (e, page) {
          if (e.m === k) full.push([page, e.score, null, k]);
          else partial.push([page, e.score, e, e.m]);
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
        return {
          ranked: ranked,
          terms: gs.map(function (g) { return g.whole; }).concat(matched),
          corrections: ranked.length ? corrections : [],
          // How many words were looked up (each needs a shard): bounded (tests).
          lookups: words.length,
          listings: listings
        };
      });
    });
  }

  function esc(s) {
    return s.replace(/[&<>"']/g, function (c) { return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]; });
  }

  // An excerpt of `text` around the first match, with every matched word in <mark>.
  function excerpt(text, terms, size) {
    var lower = text.toLowerCase(), at = -1;
    terms.forEach(function (t) {
      var i = lower.indexOf(t);
      if (i >= 0 && (at < 0 || i < at)) at = i;
    });
    var start = Math.max(0, at - (size >> 2)), end = Math.min(text.length, start + size);
    if (start > 0) { var sp = text.indexOf(" ", start); if (sp >= 0 && sp < at) start = sp + 1; }
    // End at a space too, not inside a word (past the match, which stays whole).
    if (end < text.length) { var back = text.lastIndexOf(" ", end); if (back > Math.max(at, start)) end = back; }
    return (start > 0 ? "… " : "") + marked(text.slice(start, end), terms) + (end < text.length ? " …" : "");
  }

  // `text` escaped, with every word that starts with one of `terms` in <mark>. Words are
  // found in the text before it is escaped, so `amp` marks no `&amp;`.
  function marked(text, terms) {
    var sorted = terms.filter(Boolean).sort(function (a, b) { return b.length - a.length; });
    var pattern = sorted.map(function (t) { return t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"); }).join("|");
    if (!pattern) return esc(text);
    var re = new RegExp("(^|[^\\p{L}\\p{N}])(" + pattern + ")", "giu"), out = "", last = 0, m;
    while ((m = re.exec(text))) {
      var at = m.index + m[1].length;
      out += esc(text.slice(last, at)) + "<mark>" + esc(m[2]) + "</mark>";
      last = at + m[2].length;
    }
    return out + esc(text.slice(last));
  }

  // How many times the words start a word of `text`.
  function hits(text, terms) {
    var lower = text.toLowerCase(), n = 0;
    terms.forEach(function (t) {
      var i = lower.indexOf(t);
      while (i >= 0) {
        if (i === 0 || !/[\p{L}\p{N}]/u.test(lower[i - 1])) n++;
        i = lower.indexOf(t, i + t.length);
      }
    });
    return n;
  }

  // A name as compared with a query: its letters and digits, lowercased
  // (`etcd members down`, `etcdMembersDown` and `etcd-members-down` are one).
  function nameKey(s) { return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ""); }

  // The top `limit` results with their titles, excerpts and sub-results (headings); in
  // the header's list (`compact`), their titles and leads, no sub-results.
  // Offline (files failed, the worker answered from its caches with the network failing,
  // or the browser says so), each result says whether its page is
  // saved on this device, and the results say they may be incomplete.
  // With `early`, it is first called with the best results whose rows are known (the
  // words' heads, or meta.json on a small site), title and lead: on a slow network they
  // come with the heads and the shards, a round trip before the other results' texts.
  function results(query, filters, limit, exact, compact, early) {
    var failed = failures, done = false;
    if (early && !exact && !Object.keys(filters || {}).some(function (f) { return filters[f]; })) {
      var previewed = getJSON("meta.json").then(prepare).then(function (meta) { return preview(query, meta); });
      headsIn = previewed.catch(function () {});
      previewed.then(function (r) {
        if (!r || done) return;
        var top = r.ranked.slice(0, limit), lead = 0;
        while (lead < top.length && known.has(top[lead][0])) lead++;
        if (!lead) return;
        top = top.slice(0, lead);
        var shown = present(r, top, top.map(function (e) { return known.get(e[0]); }));
        shown.total = 0; // how many pages match is for the shards to say
        early(shown);
      }, function () {});
    }
    return search(query, filters, exact).then(function (r) {
      done = true;
      var top = (r.ranked || []).slice(0, limit);
      // The best results whose rows are known, from the first on: on a large site the
      // heads know the first result most often, the others seldom.
      var lead = 0;
      while (lead < top.length && known.has(top[lead][0])) lead++;
      if (early && lead) {
        var leading = top.slice(0, lead);
        early(present(r, leading, leading.map(function (e) { return known.get(e[0]); })));
      }
      return Promise.all(top.map(function (e) {
        // The header's list shows a known row as it is: no fragment, no round trip.
        if (compact && known.has(e[0])) return known.get(e[0]);
        // Without its text (offline, not saved), a page is still shown by its title.
        return getJSON("f/" + e[0] + ".json").catch(function () { return known.get(e[0]) || null; });
      })).then(function (frags) {
        return present(r, top, frags);
      }).then(function (res) {
        if (!res.offline || !window.caches) return res;
        return Promise.all(res.items.map(function (item) {
          return caches.match(item.url).then(function (hit) { item.saved = !!hit; }, function () {});
        })).then(function () { return res; });
      });
    }, function (e) {
      // No index at all (not even its list of shards): say why.
      if (isOffline(failed)) e.offline = true;
      throw e;
    });

    // The results `top` of `r`, shown from `frags` (a page's fragment, or its row: a
    // lead, no sections).
    function present(r, top, frags) {
      // A page whose title, file name or alert name is the query comes first (not a
      // listing: the folder `etcd` is no answer to `etcd`).
      var wantedName = nameKey(query);
      var named = function (f) {
        return !!wantedName && [f.t].concat((f.n || "").split("\n")).some(function (x) { return nameKey(x) === wantedName; });
      };
      var rows = top.map(function (e, i) { return { e: e, f: frags[i] }; }).filter(function (x) { return x.f; });
      var first = rows.filter(function (x) { return !x.e[2] && !(x.e[0] >= r.listings) && named(x.f); });
      rows = first.concat(rows.filter(function (x) { return first.indexOf(x) < 0; }));
      return {
        corrections: r.corrections,
        total: (r.ranked || []).length,
        offline: isOffline(failed),
        items: rows.map(function (row) {
          var f = row.f;
          if (compact) {
            // Title and lead: what the page is, the same whether its row or its fragment
            // told it, so the list does not change under the reader as the others come.
            var lead = f.l || "";
            return { url: f.u, title: f.t, kind: f.k, excerpt: lead ? marked(lead, r.terms) : "", subs: [], partial: row.e[2] };
          }
          // Sections ranked by the matched words they hold (a heading counts thrice).
          var order = f.s.map(function (sec, i) {
            return [i, hits(sec[1], r.terms) * 3 + hits(sec[2], r.terms)];
          }).filter(function (x) { return x[1] > 0; });
          order.sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; });
          var shown = order.filter(function (s) { return f.s[s[0]][0]; }).slice(0, 3);
          var subs = shown.map(function (s) {
            var sec = f.s[s[0]];
            // Named by the heading, after the headings it is under (`Diagnosis › Other`).
            return { url: f.u + "#" + sec[0], heading: sec[3] ? sec[3] + " › " + sec[1] : sec[1], excerpt: excerpt(sec[2], r.terms, 120) };
          });
          // The page's own excerpt: its best section that is not a sub-result (whose
          // excerpts are shown under them), else the start of the page when there are no
          // sub-results.
          var best = order.filter(function (s) { return shown.indexOf(s) < 0; })[0];
          var text = best ? f.s[best[0]][2] : !subs.length ? (f.s[0] || [])[2] || "" : "";
          // Found by its names alone (a pipeline, the title): what the page is about.
          var shownText = text ? excerpt(text, r.terms, 160) : !subs.length && f.l ? marked(f.l, r.terms) : "";
          return { url: f.u, title: f.t, kind: f.k, excerpt: shownText, subs: subs, partial: row.e[2] };
        })
      };
    }
  }

  // The line above results found offline; the message when search cannot run at all.
  var OFFLINE_NOTE = '<p class="offline-note">Offline: results from the part of the index saved on this device.</p>';
  function failure(e) {
    return e && e.offline ? "You are offline, and the search index is not saved on this device." : "Search is unavailable.";
  }

  // "Showing results for etc — search for etcd instead": the query with each corrected
  // word replaced by what it was taken for, and a link to search for the words as typed
  // (`exact=1`: no corrections). Empty when nothing was corrected.
  function correction(query, corrections, page) {
    if (!corrections.length) return "";
    var shown = esc(query.trim());
    corrections.forEach(function (c) {
      var from = esc(c.from).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      var to = c.to.slice(0, 3).join(" or ");
      shown = shown.replace(new RegExp(from, "iu"), "<strong>" + esc(to) + "</strong>");
    });
    var href = page + "?q=" + encodeURIComponent(query.trim()) + "&exact=1";
    return '<p class="correction">Showing results for <em>' + shown + '</em> — <a href="' + esc(href) +
      '">search for <em>' + esc(query.trim()) + "</em> instead</a></p>";
  }

  // What a kind of page is called in results and in the kind filter.
  var LABELS = { runbook: "Runbook", folder: "Folder", pipeline: "Pipeline", engineer: "Engineer", page: "Page" };
  function label(kind) { return LABELS[kind] || kind; }

  function render(list, res, compact) {
    list.replaceChildren();
    res.items.forEach(function (item) {
      var li = document.createElement(compact ? "div" : "li");
      li.className = "result";
      li.innerHTML =
        '<a class="result-title" href="' + esc(item.url) + '"><span class="kind">' + esc(label(item.kind)) + "</span> " + esc(item.title) + "</a>" +
        (item.saved === false ? ' <span class="unsaved">not saved on this device</span>' : "") +
        (item.partial ? ' <span class="partial">matches ' + item.partial.m + " of " + item.partial.k + " words" +
          (item.partial.missing.length ? ', not <s>' + esc(item.partial.missing.join(" ")) + "</s>" : "") + "</span>" : "") +
        (item.excerpt ? '<p class="excerpt">' + item.excerpt + "</p>" : "") +
        (item.subs.length ? '<ul class="subs">' + item.subs.map(function (s) {
          return '<li><a href="' + esc(s.url) + '">' + esc(s.heading) + "</a>" + (compact ? "" : '<p class="excerpt">' + s.excerpt + "</p>") + "</li>";
        }).join("") + "</ul>" : "");
      list.appendChild(li);
    });
  }

  // Arrow keys move through the links of `box`; Enter follows the focused one.
  function keyboard(input, box, close) {
    var links = function () { return Array.from(box.querySelectorAll("a")); };
    var move = function (dir) {
      var all = links(), i = all.indexOf(document.activeElement);
      if (!all.length) return;
      var next = i < 0 ? (dir > 0 ? 0 : all.length - 1) : i + dir;
      if (next < 0) { input.focus(); return; }
      all[Math.min(next, all.length - 1)].focus();
    };
    var onKey = function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
      else if (e.key === "Escape") { e.preventDefault(); close(); input.focus(); }
      else if (e.key === "Enter" && e.target === input) {
        // The best result, not the "search for … instead" link above it.
        var first = box.querySelector("a.result-title") || links()[0];
        if (first && box.childElementCount) { e.preventDefault(); first.click(); }
      }
    };
    input.addEventListener("keydown", onKey);
    box.addEventListener("keydown", onKey);
  }

  function attachHeader(input) {
    if (input.dataset.ready) return;
    input.dataset.ready = "1";
    var box = own("search-popup");
    var timer = 0, seq = 0;
    var close = function () { box.hidden = true; input.setAttribute("aria-expanded", "false"); };
    var run = function () {
      var q = input.value, mine = ++seq;
      if (!q.trim()) { close(); box.replaceChildren(); return; }
      // Titles first when the shards' page tables know them, then the excerpts.
      var early = function (res) { if (mine === seq) show(res, false); };
      results(q, {}, 6, false, true, early).then(function (res) {
        if (mine === seq) show(res, true);
      }).catch(function (e) {
        if (mine !== seq) return;
        box.innerHTML = '<p class="none">' + failure(e) + "</p>";
        box.hidden = false;
        input.setAttribute("aria-expanded", "true");
      });
      function show(res, final) {
        // The link in focus stays in focus when the texts replace the titles.
        var focused = box.contains(document.activeElement) ? document.activeElement.getAttribute("href") : null;
        // Busy until the texts are in: the list is about to be redrawn (tests wait).
        box.setAttribute("aria-busy", final ? "false" : "true");
        render(box, res, true);
        if (!res.items.length) box.innerHTML = '<p class="none">No results for “' + esc(q.trim()) + '”.</p>';
        box.insertAdjacentHTML("afterbegin", correction(q, res.corrections, input.form.action));
        if (res.offline) box.insertAdjacentHTML("afterbegin", OFFLINE_NOTE);
        var more = document.createElement("a");
        more.className = "more";
        more.href = input.form.action + "?q=" + encodeURIComponent(q.trim());
        more.textContent = res.total > res.items.length ? "All " + res.total + " results" : "Open the search page";
        box.appendChild(more);
        box.hidden = false;
        input.setAttribute("aria-expanded", "true");
        if (focused !== null) {
          var again = Array.from(box.querySelectorAll("a")).filter(function (a) { return a.getAttribute("href") === focused; })[0];
          (again || input).focus();
        }
        if (!final) return;
        // An answer card is the result: no "No results" under it.
        answer(box, q, res, function () { return mine === seq; }).then(function (shown) {
          var none = shown && box.querySelector("p.none");
          if (none) none.remove();
        });
      }
    };
    // A letter typed waits 60 ms for the next, so that a word typed fast fetches the
    // files of the word, not of each of its prefixes. Text that comes at once (pasted, a
    // phone keyboard's suggestion, dictation) is searched at once: a round trip starts
    // 60 ms sooner on a slow network.
    var typed = input.value;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var jump = Math.abs(input.value.length - typed.length) > 1;
      typed = input.value;
      if (jump) run(); else timer = setTimeout(run, 60);
    });
    keyboard(input, box, close);
    document.addEventListener("click", function (e) { if (!input.form.contains(e.target)) close(); });
    if (input.value) run();
  }

  // The answer card (search-answers.js) loads only for a question about the team, or when
  // a pipeline or an engineer is among the best results.
  var ASKS = /\b(on[\s_-]*call|oncall|who|whom|whose|owns?|owners?|owned|backups?|secondary|deputy|rota|pager|hand-?off|shifts?)\b/i, answering = null;
  // Resolves to whether a card is shown.
  function answer(box, q, res, current) {
    if (!ASKS.test(q) && !res.items.slice(0, 3).some(function (i) { return i.kind === "pipeline" || i.kind === "engineer"; })) return Promise.resolve(false);
    answering = answering || new Promise(function (done, fail) {
      var s = extra("search-answers.js");
      s.onload = done;
      s.onerror = function () { answering = null; fail(); };
    });
    return answering.then(function () { return current() && window.pipebookSearch.showAnswer(box, q, current); }).catch(function () { return false; });
  }

  window.pipebookSearch = {
    search: search, results: results, words: words, attachHeader: attachHeader, fnv1a: fnv1a, typoKeys: typoKeys, marked: marked,
    // For search-page.js.
    getJSON: getJSON, render: render, correction: correction, label: label, keyboard: keyboard,
    own: own, OFFLINE_NOTE: OFFLINE_NOTE, failure: failure, answer: answer
  };
  var header = own("search-input");
  if (header) attachHeader(header);
  // The search page's own code (filters, status, the query in the address) loads only
  // there, so a first query from the header downloads less.
  var extra = function (name) {
    var more = document.createElement("script");
    more.src = script.src.replace(/search\.js(\?.*)?$/, name);
    document.head.appendChild(more);
    return more;
  };
  if (own("search-results") && script) extra("search-page.js");
  // A page not found: search the words of its address (path-search.js).
  if (own("path-search-results") && script) extra("path-search.js");
})();
