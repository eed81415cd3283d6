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
})(document.documentElement);
