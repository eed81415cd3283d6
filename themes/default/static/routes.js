// On the "page not found" page: an alert or job route asked for in another case
// (/alerts/ETCDMEMBERSDOWN/, as an alert template or a person typed it) goes on to the
// route's own address, which is lower case (spaces and colons as "-") and is written for
// every alert and job. Hosts with redirect rules (Netlify's _redirects) answer the usual
// spellings before this page is ever served; this covers the rest, on any static host.
// Only a path under the site's own /alerts/ or /pipelines/by-job/ is ever rewritten, and
// only to another path under it: never to another site.
//
// On a redirect page (an alias, an alert or job route, for hosts without redirect rules):
// goes on to its page keeping the #anchor (#steps.3), which the page's meta refresh
// (there for readers without scripts) would drop. Only ever to a path of this site.
(function () {
  "use strict";
  // The address's fragment as it came: Chrome strips a text fragment (`#:~:text=Restart`,
  // which marks that text on the page) from location.hash, so going on with location.hash
  // lost the mark. The navigation entry keeps it; it is used only when it is this page's
  // address with location.hash's fragment (the fragment directive after it).
  function fragment() {
    var hash = window.location.hash;
    try {
      var entry = performance.getEntriesByType("navigation")[0];
      var name = entry ? String(entry.name) : "";
      var at = name.indexOf("#");
      var page = window.location.href.split("#")[0];
      if (at >= 0 && name.slice(0, at) === page && name.slice(at).indexOf((hash || "#") + ":~:") === 0) {
        return name.slice(at);
      }
    } catch (e) {}
    return hash;
  }
  var to = document.documentElement.getAttribute("data-redirect");
  if (to !== null) {
    // A path of this site as the browser reads it (it drops tabs and line breaks, and
    // reads `\` as `/`: `/<tab>/host` is another host).
    if (/^\/(?![\/\\])[^\s\\\x00-\x1f\x7f]*$/.test(to)) {
      window.location.replace(to + fragment());
    }
    return;
  }
  var base = document.documentElement.getAttribute("data-base") || "/";
  var path = window.location.pathname;
  var folders = ["alerts/", "pipelines/by-job/"];
  for (var i = 0; i < folders.length; i++) {
    var prefix = base + folders[i];
    if (path.indexOf(prefix) !== 0) {
      continue;
    }
    var name;
    try {
      name = decodeURIComponent(path.slice(prefix.length)).replace(/\/$/, "");
    } catch (e) {
      return;
    }
    var key = name.toLowerCase().replace(/[ :]/g, "-");
    // A route key: one segment that starts with a letter, a digit or "_".
    if (!/^[a-z0-9_][a-z0-9_.-]*$/.test(key)) {
      return;
    }
    var target = prefix + key + "/";
    if (target !== path) {
      window.location.replace(target + fragment());
    }
    return;
  }
})();
