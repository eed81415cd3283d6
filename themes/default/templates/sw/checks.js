// The service worker, what may be kept: answers of this site, whole, of this build, and
// under which key.

// The theme, the search index, the offline page: the files that must match the build.
function isBuildFile(path) {
  var rest = path.slice(BASE.length);
  return rest.indexOf("static/") === 0 || rest === "manifest.webmanifest" || rest === "offline/" ||
    (rest.indexOf("search/") === 0 && rest !== "search/" && rest.slice(-1) !== "/");
}

function storable(response) {
  if (!response || !response.ok || response.type !== "basic" || response.redirected) return false;
  var length = Number(response.headers.get("Content-Length") || 0);
  return length <= MAX_BYTES;
}

// A captive portal (a hotel's or a train's Wi-Fi) answers every address with its sign-in
// page: 200, HTML, of this origin. Saved, it took the place of a runbook, of the schedule,
// or of a file of the theme or the index (until the next deploy). Only pages are HTML,
// and a page of this site is marked so (`data-base` or, a redirect, `data-redirect` on
// its <html>; a fragment of the tree, under _nav/, is no whole document). Resolves to
// whether `response` may be saved for `key`.
function genuine(response, key) {
  if (!storable(response)) return Promise.resolve(false);
  return sound(response, key);
}

// Files beside the runbooks (an image, a PDF) are in no size list: one cut short on its
// way was saved, and offline the diagram or the PDF opened broken (online, once more).
// The formats readers attach say where they end; a body that does not end so is served,
// not saved. Other kinds are saved as they come.
var ENDING = /\.(png|jpe?g|gif|webp|pdf|svg)$/i;
function ends(path, b) {
  var n = b.length, ext = path.slice(path.lastIndexOf(".") + 1).toLowerCase();
  var last = String.fromCharCode.apply(null, b.subarray(Math.max(0, n - 1024)));
  if (ext === "png") return /IEND\xae\x42\x60\x82$/.test(last);
  if (ext === "gif") return b[n - 1] === 0x3b;
  if (ext === "webp") return n >= 12 && ((b[4] | b[5] << 8 | b[6] << 16 | b[7] << 24) >>> 0) + 8 === n;
  if (ext === "pdf") return /%%EOF/.test(last);
  if (ext === "svg") return /<\/svg>\s*$/.test(last);
  return /\xff\xd9[\s\S]{0,62}$/.test(last);
}

// Whether the body of `response` reads as the site's file at `key` (see `genuine`).
function sound(response, key) {
  var html = /^\s*text\/html/i.test(response.headers.get("Content-Type") || "");
  var path = new URL(key, self.location.origin).pathname;
  if (!/\/$|\.html$/.test(path)) {
    // A JSON file cut short on its way (a proxy ending a body early: a complete answer,
    // half the file) is not saved: it took the place of the saved schedule, which then
    // could not be read offline. No file but a page is HTML: a sign-in page.
    if (html) return Promise.resolve(foreign(response));
    if (Object.prototype.hasOwnProperty.call(SIZES, path)) {
      return response.clone().arrayBuffer().then(function (b) { return b.byteLength === SIZES[path]; }, function () { return false; });
    }
    if (path.indexOf(RENDERER) === 0 && /\.mjs$/.test(path)) {
      return Promise.all([rendererSize(path), response.clone().arrayBuffer()])
        .then(function (got) { return got[1].byteLength === got[0]; }, function () { return false; });
    }
    if (/\.bin$/.test(path) && isIndexFile(path)) {
      return shardBuild(response.clone()).then(function (b) { return sameIndex(response, b); }, function () { return false; });
    }
    // The web app manifest is JSON too (cut short in the shell, it was kept until the
    // next deploy: no size list names it).
    if (ENDING.test(path)) {
      return response.clone().arrayBuffer().then(function (b) { return ends(path, new Uint8Array(b)); }, function () { return false; });
    }
    if (!/\.(json|webmanifest)$/.test(path)) return Promise.resolve(true);
    return response.clone().text().then(function (text) { return JSON.parse(text); })
      .then(function (value) {
        return !isIndexFile(path) || sameIndex(response, value && typeof value === "object" ? value.b : null);
      }, function () { response.pipebookCut = true; return false; });
  }
  if (!html) return Promise.resolve(true);
  return response.clone().text().then(function (text) {
    var head = text.slice(0, 2048);
    if (path.indexOf(BASE + "_nav/") === 0) return !/<html|<head/i.test(head);
    // Not a page of this site: a sign-in page (`pipebookForeign`, said to the reader).
    if (!/<html[^>]* data-(base|redirect)="/i.test(head)) return foreign(response);
    // A page cut short on its way (a proxy ending a gzip body early: a complete answer)
    // took the place of the whole page saved: its end is looked for.
    return /<\/html>\s*$/i.test(text.slice(-64));
  }, function () { return false; });
}

// Whether `response`, to a request for a page, is the host sending it on to another page
// of the site: Netlify answers an alias (the old address of a moved runbook, whose
// redirect page the build writes and offline.json lists) with a `301` before any file.
// Nothing is kept at that address: the page it leads to is kept at its own. A sign-in
// page on this origin reads as no page of the site; one elsewhere fails the request.
function sentOn(response) {
  if (!response.redirected || !response.ok || response.type !== "basic") return Promise.resolve(false);
  var to = new URL(response.url);
  if (!inScope(to) || !/^\s*text\/html/i.test(response.headers.get("Content-Type") || "")) return Promise.resolve(false);
  return sound(response, pageKey(to));
}

// An answer that is not this site's (a captive portal's, a proxy's sign-in page, 200
// and HTML) is marked so: a save stops, and a tab shown its saved page is told, rather
// than either taking it for the site's answer. Resolves to false (not saved).
function foreign(response) {
  response.pipebookForeign = true;
  return false;
}

// The error of a request the network answered with a page not the site's.
function portalError() {
  var e = new Error("the network answered with a web page instead of this site's files (a Wi-Fi sign-in page?). Sign in to the network, then press the button again.");
  e.name = "Portal";
  return e;
}

function isIndexFile(path) {
  return path.indexOf(BASE + "search/") === 0;
}

// Whether an index file whose build is `b` (null: it carries none) may be kept: marked
// `pipebookSkew` when it is another build's.
function sameIndex(response, b) {
  if (!INDEX || typeof b !== "string" || b === INDEX) return true;
  response.pipebookSkew = true;
  return false;
}

// A shard's build: its first record, of no term (src/search/output.rs `id_record`:
// varint(0) varint(0) varint(n) then n bytes); null when it has none. The gzip stream is
// read to its end, its first bytes kept: a shard cut short on its way (a proxy ending the
// body early, framed as complete) was kept, its first bytes read alone, and offline every
// word of it was missing; now it rejects, as a body that is not gzip does.
function shardBuild(response) {
  if (typeof DecompressionStream !== "function") {
    if (!inflate) return Promise.resolve(null);
    return response.arrayBuffer().then(function (buf) { return idRecord(inflate(new Uint8Array(buf))); });
  }
  var reader = response.body.pipeThrough(new DecompressionStream("gzip")).getReader();
  var got = new Uint8Array(0);
  var more = function () {
    return reader.read().then(function (r) {
      if (r.done) return got;
      var need = got.length >= 3 ? 3 + got[2] : 3;
      if (got.length < need) {
        var grown = new Uint8Array(got.length + r.value.length);
        grown.set(got);
        grown.set(r.value, got.length);
        got = grown;
      }
      return more();
    });
  };
  return more().then(idRecord);
}

// The build a shard's first bytes `b` name (see `shardBuild`), or null.
function idRecord(b) {
  if (b.length < 3 || b[0] !== 0 || b[1] !== 0 || b.length < 3 + b[2]) return null;
  return new TextDecoder().decode(b.subarray(3, 3 + b[2]));
}

// Pages are cached by their path: the query string of /search/?q=… does not change them.
function pageKey(url) {
  return url.origin + url.pathname;
}

