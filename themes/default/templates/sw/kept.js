// The service worker, a file as it is kept: checked against offline.json; redirects; pages
// marked with the build that kept them and the hash of what they read.

// A file as it is kept, from the network: genuine, and a page reading as offline.json
// says (`want`, its hash). A page that reads otherwise (a CDN answering "no-cache" with
// its copy of the previous build, or a body cut short) is asked once more at an address
// of its own, past the caches; reading otherwise again, it is not kept (an error named
// "Stale"). An honest save fetches each file once.
// A file of the index that carries another build is handled alike. A page the host sends
// on to another (`sentOn`) is kept as that redirect (`sending`).
// A file of the index or of the diagram renderer is kept only at the `size` offline.json
// lists for it: where the worker cannot read a shard (no DecompressionStream, and fflate
// did not come: `inflate`), one cut short on its way was kept, and the save said "Saved all".
function fetchKept(key, want, stamps, size, again) {
  var init = { cache: again ? "reload" : "no-cache", credentials: "same-origin" };
  var otherwise = function () {
    if (!again) return fetchKept(key, want, stamps, size, true);
    var e = new Error("stale");
    e.name = "Stale";
    throw e;
  };
  return net(again ? key + "?fresh=" + VERSION : key, init).then(function (response) {
    return (stamps ? sentOn(response) : Promise.resolve(false)).then(function (on) {
      return on ? null : genuine(response, key);
    }).then(function (ok) {
      if (!ok || typeof size !== "number") return ok;
      return response.clone().arrayBuffer().then(function (b) { return b.byteLength === size; }, function () { return false; });
    }).then(function (ok) {
      if (ok === null) return sending(response.url, want);
      if (!ok && response.pipebookSkew) return otherwise();
      if (!ok && response.pipebookForeign) throw portalError();
      if (!ok) throw new Error(String(response.status));
      return stamps ? keptPage(response, stamps) : response;
    });
  }).then(function (kept) {
    if (typeof want !== "string" || kept.headers.get(SEEN_HEADER) === want) return kept;
    return otherwise();
  });
}

// A redirect to `to` (a page of the site) as it is kept at an address the host sends on
// (an alias, a job's route: `sentOn`), in place of the redirect page offline.json lists
// (`want`, its hash, which the redirect's target is written in: a save skips it while
// that reads the same, as a page's). Offline, the address then opens its page too.
function sending(to, want) {
  var headers = { Location: to };
  headers[KEPT_HEADER] = VERSION;
  if (typeof want === "string") headers[SEEN_HEADER] = want;
  return new Response(null, { status: 301, headers: headers });
}

// The key a redirect is kept under: its request marked so, which /offline/'s list of
// saved pages reads from the keys alone (offline.js), rather than opening each entry.
function redirectKey(key) {
  return new Request(key, { headers: { "X-Pipebook-Redirect": "1" } });
}

// Whether a saved answer is a redirect (`sending`).
function sends(response) {
  return response.status >= 300 && response.status < 400;
}

// A page as it is kept: marked with the build that kept it and with the hash of what it
// reads, computed here from the bytes received, never taken from offline.json: a page of
// another build (a deploy during the save) is then kept under its own hash, which the
// next build's list does not name unless that build has the same page. What is hashed
// (see src/write/ledger/reader.rs): the page with the text of its first `<style>` block
// (the theme's critical CSS, half of every page, the same on every page of a template:
// hashed once) replaced by that text's SHA-256 in hex, then the last of each of `stamps`
// (the footer's build time) made a NUL. Decoded keeping a byte-order mark, as the build
// hashes bytes.
var SEEN_HEADER = "X-Pipebook-Seen";
var styles = [];
function keptPage(response, stamps) {
  return response.arrayBuffer().then(function (bytes) {
    var text = new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
    var open = text.indexOf("<style>"), end = open < 0 ? -1 : text.indexOf("</style>", open + 7);
    var css = end < 0 ? null : text.slice(open + 7, end);
    return styleHash(css).then(function (hex) {
      if (hex) text = text.slice(0, open + 7) + hex + text.slice(end);
      stamps.forEach(function (stamp) {
        var at = text.lastIndexOf(stamp);
        if (at >= 0) text = text.slice(0, at) + "\0" + text.slice(at + stamp.length);
      });
      return digest(text);
    }).then(function (d) {
      var first = new Uint8Array(d, 0, 16), s = "";
      for (var i = 0; i < first.length; i++) s += String.fromCharCode(first[i]);
      var headers = new Headers(response.headers);
      headers.set(KEPT_HEADER, VERSION);
      headers.set(SEEN_HEADER, btoa(s).replace(/=+$/, ""));
      headers.set(STORED_HEADER, String(Date.now()));
      return new Response(bytes, { status: response.status, statusText: response.statusText, headers: headers });
    });
  });
}

function digest(text) {
  return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
}

// The hex SHA-256 of a page's style block, null for none; the last few kept (a site has
// one a template).
function styleHash(css) {
  if (css === null) return Promise.resolve(null);
  for (var i = 0; i < styles.length; i++) if (styles[i][0] === css) return styles[i][1];
  var hex = digest(css).then(function (d) {
    return Array.prototype.map.call(new Uint8Array(d), function (b) { return (b < 16 ? "0" : "") + b.toString(16); }).join("");
  });
  styles.push([css, hex]);
  if (styles.length > 8) styles.shift();
  return hex;
}

// An answer with one header more (the body is not copied: streamed): a page's the build
// that kept it, a saved schedule's that it is not the network's.
function marked(response, name, value) {
  var headers = new Headers(response.headers);
  headers.set(name, value);
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: headers });
}

// This worker is older than the site: its update is looked for; the page is told to ask
// the new worker, or, when there is none to be had, to reload.
function replaced(reply) {
  return self.registration.update().then(function (reg) {
    if ((reg || self.registration).installing || (reg || self.registration).waiting) {
      reply({ type: "pipebook:keep-replaced" });
    } else {
      throw new Error("no update");
    }
  }).catch(function () {
    reply({ type: "pipebook:keep-failed", reason: "the site has been updated, and its new version could not be loaded yet. Reload this page and try again." });
  });
}
