// Applies the remembered light or dark choice before the page paints (loaded blocking,
// and tiny, so there is no flash of the other scheme).
try {
  var t = localStorage.getItem("pipebook-theme");
  if (t === "dark" || t === "light") document.documentElement.setAttribute("data-theme", t);
} catch (e) { /* storage unavailable: follow the system */ }
