  // search.js, part answers (joined in the order of SEARCH_PARTS in src/load/theme.rs):
  // The answer card loaded for a question about the team; the engine's interface; the start.
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
    own: own, get OFFLINE_NOTE() { return offlineNote(); }, failure: failure, answer: answer, incompleteNote: incompleteNote,
    incompleteStatus: incompleteStatus,
    waiting: waiting, retried: retried
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
