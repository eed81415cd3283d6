// Inlined into every page's <head> (its hash is in the site's policy): runs before the
// first paint, so there is no flash of the other scheme and no flash of the menu. Marks
// the page as scripted (`js`: the phone menu is a drawer, not a list) and applies the
// remembered light or dark choice. Lines that are only a comment are left out of pages.
(function (r) {
  r.className += " js";
  try {
    var t = localStorage.getItem("pipebook-theme");
    if (t === "dark" || t === "light") r.setAttribute("data-theme", t);
  } catch (e) { /* storage unavailable: follow the system */ }
  // style.css once the page's HTML is read, as the page's last link did (it stays, in
  // <noscript>, for readers without script). A stylesheet the page links holds the parser,
  // and site.js after it: on a connection that accepts and never answers, the header's
  // menu, theme button and search were dead until the browser gave up. Added by script,
  // it holds nothing.
  var css = function () {
    if (document.readyState === "loading") return;
    document.removeEventListener("readystatechange", css);
    if (document.querySelector('link[rel="stylesheet"][href$="static/style.css"]')) return;
    var l = document.createElement("link");
    l.rel = "stylesheet";
    l.href = (r.getAttribute("data-base") || "/") + "static/style.css";
    document.head.appendChild(l);
  };
  document.addEventListener("readystatechange", css);
  // The phone's menu before site.js has run (deferred, it runs once the whole page is in:
  // 7 s for a long home page on 2G, the button dead till then). The button shows at once
  // (critical.css) and opens the header's own links; site.js takes over (`data-menu`) and
  // hands an open one on to its drawer.
  var early = function (open) {
    r.classList.toggle("menu-early", open);
    var b = document.querySelector(".site-header > .menu-button");
    if (b) b.setAttribute("aria-expanded", String(open));
  };
  document.addEventListener("click", function (e) {
    var t = e.target, open = r.classList.contains("menu-early");
    if (r.hasAttribute("data-menu") || !t.closest) return;
    var b = t.closest(".site-header > .menu-button");
    if (b || (open && !t.closest(".site-nav"))) early(!!b && !open);
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && r.classList.contains("menu-early") && !r.hasAttribute("data-menu")) early(false);
  });
  // site.js not run once the page is in (it did not come: a 404, a network that dropped
  // it; or it threw before its search part): the header's box did nothing, and the search
  // page said nothing under its box. The box now says Enter searches (its form's action);
  // the search page's status line says what to do, in the page's own words (a template
  // of search.html: they are not in every page's head, and not in the status line's text
  // until needed).
  window.addEventListener("load", function () {
    if (window.pipebookSearchOn) return;
    var say = document.getElementById("search-no-site"), s = document.getElementById("search-status");
    if (say && s && !s.closest("article")) s.textContent = say.content.textContent;
    var box = document.getElementById("search-input");
    if (box && !box.closest("article")) box.placeholder = "Search: press Enter";
  });
})(document.documentElement);
