  // search.js, part header (joined in the order of SEARCH_PARTS in src/load/theme.rs):
  // Results drawn in the header's list and the search page, and the keyboard in them.
  // The line above results found offline; the message when search cannot run at all.
  var OFFLINE_NOTE = '<p class="offline-note">Offline: results from the part of the index saved on this device.</p>';
  // Once "Keep runbooks offline" saved everything (sw.js sets its flag to the build only
  // then), the whole index is on this device: not "the part of" it (look24 item 11).
  var keptWhole = false;
  try {
    caches.match((document.documentElement.getAttribute("data-base") || "/") + "__pipebook/keep", { cacheName: "pipebook-settings" })
      .then(function (hit) { return hit && hit.text(); })
      .then(function (v) { keptWhole = !!v && v !== "pending"; }, function () {});
  } catch (e) { /* no caches: nothing kept */ }
  function offlineNote() {
    return keptWhole ? '<p class="offline-note">Offline: results from the index saved on this device.</p>' : OFFLINE_NOTE;
  }
  function failure(e) {
    if (e && e.offline && e.skew) return "You are offline, and the search index saved on this device is of two versions of the site. Search again once online.";
    if (e && e.offline) return "You are offline, and the search index is not saved on this device.";
    if (e && e.portal) return "The network answered with a web page instead of the search index: a Wi-Fi sign-in page? Sign in, then search again.";
    if (e && e.skew) return "The site was updated while you searched, and its search files do not match yet. Search again in a moment.";
    if (e && e.old) return OLD;
    if (e && e.missing) return "Search is unavailable: part of its index is missing on the server.";
    return "Search is unavailable: its index could not be loaded. Search again to retry.";
  }
  // A browser without DecompressionStream whose fallback (static/search-inflate.js) did
  // not come: it cannot read the index's shards.
  var OLD = "This browser cannot read the search index by itself, and the reader it needs could not be loaded. Search again to retry, or update the browser.";
  // The search page's status when no result came from the part of the index that did.
  function incompleteStatus() {
    return lastFault === "old" ? OLD : "No results in the part of the index that came.";
  }
  // The line above results found while part of the index did not come (online).
  function incompleteNote() {
    return '<p class="offline-note">' + (lastFault === "portal"
      ? "The network answered with a web page instead of part of the search index (a Wi-Fi sign-in?): some results may be missing."
      : lastFault === "old" ? "This browser could not load the reader part of the search index needs: some results may be missing. Search again to retry, or update the browser."
      : "Part of the search index could not be loaded: some results may be missing. Search again to retry.") + "</p>";
  }

  // "Showing results for etc — search for etcd instead": the query with each corrected
  // word replaced by what it was taken for, and a link to search for the words as typed
  // (`exact=1`: no corrections). Empty when nothing was corrected.
  // Each word is found in the query as typed, then escaped: in the escaped query, `quot`
  // was found inside the `&quot;` of a `"` typed before it (`&quota;quot` shown), and a
  // later word inside an earlier correction's markup.
  function correction(query, corrections, page) {
    if (!corrections.length) return "";
    // The query as pieces of text, each either as typed or a correction (`to`).
    var pieces = [{ text: query.trim() }];
    corrections.forEach(function (c) {
      var re = new RegExp(c.from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "iu");
      for (var i = 0; i < pieces.length; i++) {
        var p = pieces[i], m = p.to === undefined && c.from ? re.exec(p.text) : null;
        if (!m) continue;
        pieces.splice(i, 1, { text: p.text.slice(0, m.index) }, { to: c.to.slice(0, 3).join(" or ") },
          { text: p.text.slice(m.index + m[0].length) });
        break;
      }
    });
    var shown = pieces.map(function (p) { return p.to === undefined ? esc(p.text) : "<strong>" + esc(p.to) + "</strong>"; }).join("");
    var href = page + "?q=" + encodeURIComponent(query.trim()) + "&exact=1";
    return '<p class="correction">Showing results for <em>' + shown + '</em> — <a href="' + esc(href) +
      '">search for <em>' + esc(query.trim()) + "</em> instead</a></p>";
  }

  // What a kind of page is called in results and in the kind filter.
  var LABELS = { runbook: "Runbook", folder: "Folder", pipeline: "Pipeline", engineer: "Engineer", page: "Page" };
  function label(kind) { return LABELS[kind] || kind; }

  // The header's list (`compact`) is a listbox whose options are its links, so that a
  // screen reader says "option 2 of 9" as the arrows move; the text beside a title is
  // its option's description, and no part of the list (a list, a paragraph) is read as
  // something else in it.
  function render(list, res, compact) {
    list.replaceChildren();
    var n = 0, opt = compact ? function (rest) {
      return ' role="option" aria-selected="false" id="hs-' + (n++) + '"' + (rest ? ' aria-describedby="' + rest + '"' : "");
    } : function () { return ""; };
    if (compact) {
      var box = document.createElement("div");
      box.id = "search-list";
      box.setAttribute("role", "listbox");
      box.setAttribute("aria-label", "Results");
      list.appendChild(box);
      list = box;
    }
    res.items.forEach(function (item) {
      var li = document.createElement(compact ? "div" : "li"), at = item.where || "", d = "hs-" + n + "d";
      li.className = "result";
      if (compact) li.setAttribute("role", "none");
      var about = (at ? '<span class="where">' + esc(at) + "</span>" : "") +
        (item.saved === false ? ' <span class="unsaved">not saved on this device</span>' : "") +
        (item.partial ? ' <span class="partial">matches ' + item.partial.m + " of " + item.partial.k + " words" +
          (item.partial.missing.length ? ', not <s>' + esc(item.partial.missing.join(" ")) + "</s>" : "") + "</span>" : "") +
        (item.excerpt ? '<p class="excerpt">' + item.excerpt + "</p>" : "");
      li.innerHTML =
        '<a class="result-title" href="' + esc(item.url) + '"' + opt(about && d) + '><span class="kind">' + esc(label(item.kind)) + "</span> " + esc(item.title) + "</a>" +
        (about && compact ? '<div aria-hidden="true" id="' + d + '">' + about + "</div>" : about) +
        (item.subs.length ? '<ul class="subs"' + (compact ? ' role="none"' : "") + ">" + item.subs.map(function (s) {
          return "<li" + (compact ? ' role="none"' : "") + '><a href="' + esc(s.url) + '"' + opt() + ">" + esc(s.heading) + "</a>" + (compact ? "" : '<p class="excerpt">' + s.excerpt + "</p>") + "</li>";
        }).join("") + "</ul>" : "");
      list.appendChild(li);
    });
  }

  // The link Enter in the box follows: the best result, not the "search for … instead"
  // link above it.
  function chosen(box) { return box.querySelector("a.result-title") || box.querySelector("a"); }
  // Its row is shown selected (CSS: while the focus is in the box, the row of the
  // focused link is instead), so that the reader sees what Enter opens.
  function markChosen(box) {
    var row = chosen(box);
    if (row) select(box, row);
    row = row && row.closest(".result");
    if (row) row.classList.add("chosen");
  }
  // The header's option `link` is the one selected, and the box's active descendant
  // while the focus is on it (the input's, the list's other links: none).
  function select(box, link) {
    var input = own("search-input");
    box.querySelectorAll("[aria-selected=true]").forEach(function (o) { o.setAttribute("aria-selected", "false"); });
    if (link.getAttribute("role") === "option") link.setAttribute("aria-selected", "true");
    if (!input) return;
    if (link === document.activeElement && link.id) input.setAttribute("aria-activedescendant", link.id);
    else input.removeAttribute("aria-activedescendant");
    input.setAttribute("aria-controls", own("search-list") ? "search-list" : "search-popup");
  }

  // Arrow keys move through the links of `box`; Enter follows the focused one.
  function keyboard(input, box, close) {
    var links = function () { return Array.from(box.querySelectorAll("a")); };
    var move = function (dir) {
      var all = links(), i = all.indexOf(document.activeElement);
      if (!all.length) return;
      var next = i < 0 ? (dir > 0 ? 0 : all.length - 1) : i + dir;
      if (next < 0) { input.focus(); markChosen(box); return; }
      all[Math.min(next, all.length - 1)].focus();
      select(box, document.activeElement);
    };
    var onKey = function (e) {
      if (e.key === "ArrowDown") { e.preventDefault(); move(1); }
      else if (e.key === "ArrowUp") { e.preventDefault(); move(-1); }
      else if (e.key === "Escape") { e.preventDefault(); close(); input.focus(); input.removeAttribute("aria-activedescendant"); }
      else if (e.key === "Enter" && e.target === input) {
        var first = chosen(box);
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
      if (!q.trim()) { close(); box.replaceChildren(); box.setAttribute("aria-busy", "false"); return; }
      // Titles first when the shards' page tables know them, then the excerpts.
      var early = function (res) { if (mine === seq) show(res, false); };
      // Files of the index that hang (a network that takes requests and answers nothing)
      // showed nothing at all for as long as they hung: after 8 s the list says so, with
      // a button that drops them and asks again (a search typed after would have waited
      // on the same hung requests).
      var slow = setTimeout(function () {
        if (mine !== seq) return;
        var note = box.querySelector(".waiting");
        if (!note) {
          box.insertAdjacentHTML("afterbegin", '<p class="waiting"></p>');
          note = box.firstChild;
        }
        waiting(note);
        box.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }, 8000);
      results(q, {}, 6, false, true, early).then(function (res) {
        clearTimeout(slow);
        if (mine === seq) show(res, true);
      }).catch(function (e) {
        clearTimeout(slow);
        if (mine !== seq) return;
        // The message is final: busy (from the titles, or a letter typed) kept it unread.
        box.setAttribute("aria-busy", "false");
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
        // "No results" alone leaves a reader paged at 3 a.m. nowhere to go: the way on, as
        // the search page's #search-next gives it.
        if (!res.items.length) {
          box.innerHTML = '<p class="none">No results for “' + esc(q.trim()) + '”. Try fewer or other words, or open the <a href="' +
            esc((document.documentElement.getAttribute("data-base") || "/") + "runbooks/") + '">runbooks</a>.</p>';
        }
        box.insertAdjacentHTML("afterbegin", correction(q, res.corrections, input.form.action));
        if (res.offline) box.insertAdjacentHTML("afterbegin", offlineNote());
        else if (res.incomplete) box.insertAdjacentHTML("afterbegin", incompleteNote());
        var more = document.createElement("a");
        more.className = "more";
        more.href = input.form.action + "?q=" + encodeURIComponent(q.trim());
        more.textContent = res.total > res.items.length ? "All " + res.total + " results" : "Open the search page";
        box.appendChild(more);
        markChosen(box);
        box.hidden = false;
        input.setAttribute("aria-expanded", "true");
        if (focused !== null) {
          var again = Array.from(box.querySelectorAll("a")).filter(function (a) { return a.getAttribute("href") === focused; })[0];
          (again || input).focus();
          if (again) select(box, again);
        }
        if (!final) return;
        // An answer card is the result: no "No results" under it.
        answer(box, q, res, function () { return mine === seq; }).then(function (shown) {
          var none = shown && box.querySelector("p.none");
          if (none) none.remove();
          // Said to screen readers, once the list stays: the list itself is not a live region.
          var said = own("search-said");
          if (said && mine === seq) {
            said.textContent = (shown ? "An answer and " : "") + (res.total ? res.total + (res.total === 1 ? " result" : " results") : "no results") +
              (res.offline ? ", from what is saved" : "") + ": Down arrow to go through them.";
          }
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
      // What is shown or on its way answers a query no longer in the box: a search still
      // under way is dropped, and the list is busy until the new query's texts are in.
      // Before, a letter typed after a pause let the previous prefix's results land and
      // say the list was final (aria-busy) for up to 60 ms.
      seq++;
      if (!box.hidden) box.setAttribute("aria-busy", "true");
      var jump = Math.abs(input.value.length - typed.length) > 1;
      typed = input.value;
      if (jump) run(); else timer = setTimeout(run, 60);
    });
    keyboard(input, box, close);
    document.addEventListener("click", function (e) { if (!input.form.contains(e.target)) close(); });
    box.addEventListener("click", function (e) {
      if (retried(e)) run();
    });
    if (input.value) run();
  }

  // The line under a search that waits for the index, with its "Try again" button.
  function waiting(note) {
    var again = note.querySelector("button.retry");
    if (!again) {
      note.textContent = "Still waiting for the search index: the network is slow or not answering. ";
      again = document.createElement("button");
      again.type = "button";
      again.className = "retry";
      note.appendChild(again);
    }
    again.removeAttribute("aria-disabled");
    again.textContent = "Try again";
  }
  // Whether click `e` was on a "Try again" that was not pressed yet: the files on their
  // way are dropped, and the button stays where it is (the focus on it, and a click on a
  // node taken out of the page would close the header's list), saying it is trying.
  function retried(e) {
    var again = e.target.closest ? e.target.closest("button.retry") : null;
    if (!again || again.getAttribute("aria-disabled") === "true") return false;
    e.preventDefault();
    unstick();
    again.setAttribute("aria-disabled", "true");
    again.textContent = "Trying again…";
    return true;
  }

