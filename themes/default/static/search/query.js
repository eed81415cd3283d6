  // search.js, part query (joined in the order of SEARCH_PARTS in src/load/theme.rs):
  // The query as slots: common words that need not match, and the synonym table's phrases.
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
      var phrases = group.map(function (p) { return queryGroups(p).map(function (g) { return g.whole; }); })
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
    while (i < gs.length) {
      var hit = (syn.first.get(gs[i].whole) || []).find(function (p) {
        return p.words.every(function (w, k) { return gs[i + k] && gs[i + k].whole === w; });
      });
      var len = hit ? hit.words.length : 1, own = gs.slice(i, i + len);
      slots.push({
        own: own,
        synonyms: hit ? alternativesOf(syn, hit.words) : [],
        common: own.every(function (g) { return COMMON.has(g.whole) && !g.parts.length; }),
        text: own.map(function (g) { return g.whole; }).join(" ")
      });
      i += len;
    }
    return slots;
  }

  // The phrases that stand for phrase `words` (a list of words) in the synonym table
  // `syn`: the other phrases of every group that holds it, MAX_ALTERNATIVES at most.
  function alternativesOf(syn, words) {
    var key = function (ws) { return ws.join(" "); }, seen = new Set([key(words)]), alts = [];
    syn.groups.forEach(function (phrases) {
      if (!phrases.some(function (ws) { return key(ws) === key(words); })) return;
      phrases.forEach(function (ws) {
        if (seen.has(key(ws)) || alts.length >= MAX_ALTERNATIVES) return;
        seen.add(key(ws));
        alts.push(ws);
      });
    });
    return alts;
  }

  // Without the common words of a phrase, unless it has nothing else.
  function meaningful(words) {
    var kept = words.filter(function (w) { return !COMMON.has(w); });
    return kept.length ? kept : words;
  }

