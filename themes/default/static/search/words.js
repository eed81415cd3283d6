  // search.js, part words (joined in the order of SEARCH_PARTS in src/load/theme.rs):
  // Words as the index stores them (src/search/words.rs): the query's words and joined names' parts.
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
  // The words of `text`; a word that makes a hyphenated pair with the one before
  // (`hyphenPair`) comes as { pair: word }.
  function rawWords(text) {
    var out = [];
    // As src/search/words.rs `stretches`: only a stretch between white space that holds
    // something other than ASCII goes to the segmenter.
    text.split(/[ \t\n\f\r]+/).forEach(function (chunk) {
      if (!/[^\x00-\x7f]/.test(chunk)) {
        var prev = null;
        for (var m of chunk.matchAll(asciiWord)) {
          if (!/[A-Za-z0-9]/.test(m[0])) continue;
          out.push(prev && hyphenPair(chunk, prev, m) ? { pair: m[0] } : m[0]);
          prev = m;
        }
      } else if (segmenter) {
        for (var s of segmenter.segment(chunk)) if (s.isWordLike) pushWord(out, s.segment);
      } else {
        (chunk.match(/[\p{L}\p{N}_.'’]+/gu) || []).forEach(function (w) { pushWord(out, w); });
      }
    });
    return out;
  }
  // As `hyphen_pair` in src/search/words.rs: words `a` and `b` (matches in ASCII
  // `chunk`) are letters joined by one hyphen, in no longer chain, whose joined form is a
  // term too (`post-mortem`: `postmortem`).
  function hyphenPair(chunk, a, b) {
    var end = b.index + b[0].length, word = /[A-Za-z0-9_]/;
    return a.index + a[0].length + 1 === b.index && chunk[b.index - 1] === "-" &&
      /^[A-Za-z]+$/.test(a[0]) && /^[A-Za-z]+$/.test(b[0]) && a[0].length + b[0].length <= 80 &&
      !(a.index >= 2 && chunk[a.index - 1] === "-" && word.test(chunk[a.index - 2])) &&
      !(chunk[end] === "-" && word.test(chunk[end + 1] || ""));
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
  // A hyphenated pair is one word: joined, its parts the terms of its two words
  // (`post-mortem`: `postmortem`, or `post` and `mortem`).
  function groups(text) {
    var out = [];
    rawWords(text).forEach(function (w) {
      var pair = typeof w !== "string";
      if (pair) w = w.pair;
      if (encoder.encode(w).length > 80) return;
      var parts = nameParts(w);
      var joined = /[_.]/.test(w) || parts.length > 1;
      var g = { whole: w.toLowerCase(), parts: joined ? parts.map(function (p) { return p.toLowerCase(); }) : [] };
      // Without its apostrophes too (words.rs `unquoted`): `let’s`, `lets`.
      if (/['’]/.test(w)) g.bare = w.replace(/['’]/g, "").toLowerCase();
      var before = out[out.length - 1];
      if (pair && before) {
        g = { whole: before.whole + g.whole, parts: before.parts.concat([before.whole], g.parts, [g.whole]) };
        out.pop();
      }
      out.push(g);
    });
    return out;
  }
  // The terms the index stores for `text`, in its order.
  function words(text) {
    var out = [];
    groups(text).forEach(function (g) {
      out.push.apply(out, g.parts);
      out.push(g.whole);
      if (g.bare) out.push(g.bare);
    });
    return out;
  }
  // The words of a query (or a synonym) as looked up: a word with an apostrophe without
  // it, which the index stores for `let's`, `let’s` and `lets` alike.
  function queryGroups(text) {
    return groups(text).map(function (g) { return g.bare ? { whole: g.bare, parts: g.parts } : g; });
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

