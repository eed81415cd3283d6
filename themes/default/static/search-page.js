// pipebook search page (/search/): the query and filters in the address, the filters'
// values, the status line and corrections. Loaded by search.js on that page only; uses
// the engine and rendering search.js exposes as window.pipebookSearch.
(function () {
  "use strict";
  var ps = window.pipebookSearch;
  if (!ps || ps instanceof Element || ps.pageReady) return;
  ps.pageReady = true;
  var getJSON = ps.getJSON, results = ps.results, render = ps.render, correction = ps.correction,
    label = ps.label, keyboard = ps.keyboard, own = ps.own;

  function attachPage() {
    var input = own("search-page-input");
    var list = own("search-results");
    var status = own("search-status");
    var form = own("search-page-form");
    if (!input || !list) return;
    var fix = own("search-correction");
    // "28 results, best 20 shown" and no way to the other 8: this button shows them,
    // up to 100 more a press (each result's excerpt is a fetch of its text).
    var more = own("search-more");
    var limit = 20, shown = 0;
    var params = new URLSearchParams(location.search);
    input.value = params.get("q") || "";
    // `exact=1` (the "search for … instead" link): the words as typed, until edited.
    var exact = params.get("exact") === "1";
    var selects = Array.from(form.querySelectorAll("select[data-filter]"));
    // The filters' values (not in meta.json, which the header's first query downloads),
    // fetched beside the first search rather than before it: a values.json that hung
    // held the search page's query, with nothing said, for as long as it hung. Until
    // they come, the filters are the address's; without them (offline), none.
    var values = "wait", asked = 0;
    var loadValues = function () {
      var mine = ++asked;
      values = "wait";
      getJSON("values.json").then(function (all) {
        if (mine !== asked) return;
        values = "in";
        showValues(all);
      }, function () {
        if (mine !== asked) return;
        values = "none";
        // Offline without the filters' values: no filters, and run() says why.
        selects.forEach(function (sel) { sel.closest("label").hidden = true; });
      });
    };
    var showValues = function (all) {
      selects.forEach(function (sel) {
        var f = sel.getAttribute("data-filter");
        var values = all[f] || [];
        values.forEach(function (v) {
          var o = document.createElement("option");
          o.value = v; o.textContent = f === "kind" ? label(v) : v;
          sel.appendChild(o);
        });
        // A filter without values (no domains on an imported runbook tree) is not shown.
        sel.closest("label").hidden = !values.length;
        sel.value = params.get(f) || "";
      });
    };
    var seq = 0, timer = 0;
    loadValues();
    run();
    // "No results." alone leaves a reader paged at 3 a.m. nowhere to go: the way on.
    function next(show) {
      var p = own("search-next");
      if (p) p.hidden = !show;
    }
    function run() {
      var q = input.value, mine = ++seq, filters = {};
      selects.forEach(function (s) {
        var f = s.getAttribute("data-filter");
        var v = values === "in" ? s.value : values === "wait" ? params.get(f) : "";
        if (v) filters[f] = v;
      });
      var url = new URL(location.href);
      url.search = "";
      if (q.trim()) url.searchParams.set("q", q.trim());
      Object.keys(filters).forEach(function (f) { url.searchParams.set(f, filters[f]); });
      if (exact) url.searchParams.set("exact", "1");
      history.replaceState(null, "", url);
      if (fix) fix.innerHTML = "";
      if (more) more.hidden = true;
      if (!q.trim()) {
        list.replaceChildren();
        status.textContent = "";
        next(false);
        if (own("search-pending")) own("search-pending").hidden = true;
        return;
      }
      // Said until the results come (seconds on a slow network), not a blank; the last
      // count stays while a new query is typed (site.js makes the line).
      var pending = own("search-pending");
      if (pending && !status.textContent) pending.hidden = false;
      // As in the header's list: a search that waits 8 s on the index says so, with a
      // button that drops the files on their way and asks again.
      var slow = setTimeout(function () {
        if (mine !== seq) return;
        var note = own("search-waiting");
        if (!note) {
          note = document.createElement("p");
          note.id = "search-waiting";
          note.className = "waiting";
          status.after(note);
        }
        ps.waiting(note);
        note.hidden = false;
        // The note says it, with its button.
        if (pending) pending.hidden = true;
      }, 8000);
      var done = function () {
        clearTimeout(slow);
        if (pending && mine === seq) pending.hidden = true;
        var note = own("search-waiting");
        if (note && mine === seq) note.hidden = true;
      };
      results(q, filters, limit, exact).then(function (res) {
        done();
        if (mine !== seq) return;
        render(list, res, false);
        shown = res.items.length;
        var rest = res.total - shown;
        if (more && rest > 0) {
          more.textContent = rest <= 100 ? "Show all " + res.total + " results" : "Show 100 more results";
          more.hidden = false;
        }
        if (fix) fix.innerHTML = correction(q, res.corrections, form.action) + (res.offline ? ps.OFFLINE_NOTE : res.incomplete && ps.incompleteNote ? ps.incompleteNote() : "");
        status.textContent = res.total ? res.total + (res.total === 1 ? " result" : " results") + (res.total > res.items.length ? ", best " + res.items.length + " shown" : "") +
          (res.items.length && res.items.every(function (i) { return i.partial; }) ? ": no page has every word" : "") :
          res.incomplete ? (ps.incompleteStatus ? ps.incompleteStatus() : "No results in the part of the index that came.") : "No results.";
        next(!res.total);
        // An answer card is the result: no "No results." under it.
        if (fix) ps.answer(fix, q, res, function () { return mine === seq; }).then(function (shown) {
          if (shown && !res.total && mine === seq) status.textContent = "No pages match; the answer is above.";
        });
      }, function (e) {
        done();
        if (mine !== seq) return;
        list.replaceChildren();
        status.textContent = ps.failure(e);
        next(true);
      });
    }
    document.addEventListener("click", function (e) {
      if (!e.target.closest || !e.target.closest("#search-waiting") || !ps.retried(e)) return;
      // The filters' values too, when they were among the files dropped.
      if (values !== "in") loadValues();
      run();
    });
    // As in the header's box: a letter typed waits 60 ms for the next; text that comes at
    // once (pasted, a keyboard's suggestion, dictation) is searched at once.
    var typed = input.value;
    if (more) more.addEventListener("click", function () {
      limit = shown + 100;
      run();
    });
    input.addEventListener("input", function () {
      exact = false;
      limit = 20;
      clearTimeout(timer);
      var jump = Math.abs(input.value.length - typed.length) > 1;
      typed = input.value;
      if (jump) run(); else timer = setTimeout(run, 60);
    });
    selects.forEach(function (s) { s.addEventListener("change", function () { limit = 20; run(); }); });
    form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
    // Escape brings the focus back to the box and keeps the query (it used to clear it,
    // losing what was typed).
    keyboard(input, list, function () {});
  }

  attachPage();
})();
