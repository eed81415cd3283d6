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
})(document.documentElement);
