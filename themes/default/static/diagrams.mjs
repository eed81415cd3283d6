// Mermaid diagrams: a page with a ```mermaid block loads this module (and only such a
// page), which draws each block with the mermaid package shipped with the site under
// static/mermaid/ (MIT, see its LICENSE), in the reader's browser, from the site itself.
//
// The site's Content-Security-Policy has no 'unsafe-inline' for styles, and mermaid
// styles its drawing inline: a <style> element and style attributes. While mermaid draws,
// its <style> goes into a constructed style sheet and each style attribute into the
// element's CSSOM style, which the policy does not govern. Each sheet keeps only the rules
// that apply inside its own diagram, and no declaration loads anything (url()).
//
// A diagram's source is its author's, and untrusted: mermaid runs with securityLevel
// 'strict' and without HTML labels, a diagram's directives cannot change those settings
// (`secure`), and the SVG is cleaned once more before it is shown (no script, handler,
// animation, outside reference or link other than http(s), mailto and relative ones).
// Without JavaScript, or when a diagram cannot be drawn, its source stays on the page.

import mermaid from "./mermaid/mermaid.esm.min.mjs";

const root = document.documentElement;
const blocks = Array.from(
  document.querySelectorAll("article figure.diagram > pre > code.language-mermaid"),
);

// Settings a diagram's `%%{init}%%` or front matter may not change.
const SECURE = [
  "secure", "securityLevel", "startOnLoad", "maxTextSize", "maxEdges", "suppressErrorRendering",
  "theme", "themeCSS", "darkMode", "htmlLabels", "flowchart", "class", "fontFamily", "altFontFamily",
  "dompurifyConfig", "layout", "elk", "arrowMarkerAbsolute", "legacyMathML", "forceLegacyMathML",
  "deterministicIds", "deterministicIDSeed", "logLevel",
];

const dark = () => {
  const t = root.getAttribute("data-theme");
  return t ? t === "dark" : matchMedia("(prefers-color-scheme: dark)").matches;
};

const configure = () => mermaid.initialize({
  startOnLoad: false,
  securityLevel: "strict",
  theme: dark() ? "dark" : "default",
  htmlLabels: false,
  flowchart: { htmlLabels: false },
  class: { htmlLabels: false },
  // Mermaid 12 lays out with ELK by default; the site ships dagre's layout only (see
  // vendor/mermaid/README.md).
  layout: "dagre",
  state: { layout: "dagre" },
  // The build leaves diagrams over 10 KiB as code (src/markdown/diagram.rs); a few
  // hundred crossing edges take seconds to lay out on a laptop, more on a phone.
  maxTextSize: 10240,
  maxEdges: 200,
  suppressErrorRendering: true,
  logLevel: "fatal",
  secure: SECURE,
});

// A value that loads something: url() other than a reference inside the drawing,
// image-set(), src().
const LOADS = /(?:url\(\s*(?!['"]?\s*#)|image-set\(|src\()/i;

/** Removes declarations that would load something. */
const local = (style) => {
  for (let i = style.length - 1; i >= 0; i--) {
    const name = style[i];
    if (LOADS.test(style.getPropertyValue(name))) style.removeProperty(name);
  }
};

/** Whether every selector of the list matches only inside the element `#id`. */
const scoped = (list, id) => {
  const head = "#" + id;
  let depth = 0, start = 0;
  const selectors = [];
  for (let i = 0; i < list.length; i++) {
    const c = list[i];
    if (c === "(" || c === "[") depth++;
    else if (c === ")" || c === "]") depth--;
    else if (c === "," && depth === 0) { selectors.push(list.slice(start, i)); start = i + 1; }
  }
  selectors.push(list.slice(start));
  return selectors.every((s) => {
    s = s.trim();
    if (!s.startsWith(head)) return false;
    // The rest of the first compound selector, then the first combinator: a descendant
    // or child of the diagram, or the diagram itself; not its siblings.
    let i = head.length, d = 0;
    if (i < s.length && /[\w-]/.test(s[i])) return false; // `#id2` is another element
    for (; i < s.length; i++) {
      const c = s[i];
      if (c === "(" || c === "[") d++;
      else if (c === ")" || c === "]") d--;
      else if (d === 0 && /[\s>~+]/.test(c)) break;
    }
    while (i < s.length && /\s/.test(s[i])) i++;
    return i >= s.length || (s[i] !== "~" && s[i] !== "+");
  });
};

/** A style sheet of `css` with only the rules scoped to `#id`. */
const sheetFor = (css, id) => {
  const sheet = new CSSStyleSheet();
  try {
    sheet.replaceSync(css);
  } catch (e) {
    return sheet;
  }
  for (let i = sheet.cssRules.length - 1; i >= 0; i--) {
    const rule = sheet.cssRules[i];
    if (rule instanceof CSSKeyframesRule) continue;
    if (!(rule instanceof CSSStyleRule) || !scoped(rule.selectorText, id) ||
        (rule.cssRules && rule.cssRules.length)) {
      sheet.deleteRule(i);
      continue;
    }
    local(rule.style);
  }
  return sheet;
};

/** Gives `el` the style `value` through the CSSOM, which the policy does not govern. */
const inline = (el, value) => {
  el.style.cssText = String(value);
  local(el.style);
};

/** While mermaid draws: its <style> elements go to `onStyle`, and style attributes to the
 * elements' CSSOM. Parsing markup that holds a style attribute is a violation of the policy
 * even in a detached document, and mermaid parses its drawing's markup again (DOMPurify):
 * so when it reads the markup of the drawing (`innerHTML` of the element holding `#id`),
 * each element's style moves to `styles`, the element keeping its index in
 * `data-pb-style`. Returns the function that puts the DOM back as it was. */
const capture = (id, onStyle, styles) => {
  const E = Element.prototype, N = Node.prototype;
  const { setAttribute, setAttributeNS } = E;
  const { insertBefore, appendChild } = N;
  const markup = Object.getOwnPropertyDescriptor(E, "innerHTML");
  const isStyle = (n) => n instanceof HTMLStyleElement || n instanceof SVGStyleElement;
  E.setAttribute = function (name, value) {
    if (String(name).toLowerCase() === "style" && this.style) return inline(this, value);
    return setAttribute.call(this, name, value);
  };
  E.setAttributeNS = function (ns, name, value) {
    if (!ns && String(name).toLowerCase() === "style" && this.style) return inline(this, value);
    return setAttributeNS.call(this, ns, name, value);
  };
  N.insertBefore = function (node, ref) {
    if (isStyle(node)) return onStyle(node.textContent), node;
    return insertBefore.call(this, node, ref);
  };
  N.appendChild = function (node) {
    if (isStyle(node)) return onStyle(node.textContent), node;
    return appendChild.call(this, node);
  };
  Object.defineProperty(E, "innerHTML", {
    configurable: true,
    enumerable: markup.enumerable,
    set: markup.set,
    get() {
      const drawing = this.querySelector && this.querySelector("#" + id);
      if (drawing) {
        for (const el of [drawing, ...drawing.querySelectorAll("[style]")]) {
          const css = el.getAttribute("style");
          el.removeAttribute("style");
          if (css) setAttribute.call(el, "data-pb-style", String(styles.push(css) - 1));
        }
      }
      return markup.get.call(this);
    },
  });
  return () => {
    Object.assign(E, { setAttribute, setAttributeNS });
    Object.assign(N, { insertBefore, appendChild });
    Object.defineProperty(E, "innerHTML", markup);
  };
};

// Elements the drawing never needs, which could run or load something.
const DROP = "script,style,iframe,frame,object,embed,link,meta,base,form,input,button,textarea,"
  + "select,img,audio,video,source,track,animate,animateMotion,animateTransform,set,discard";
const REFERENCES = ["href", "xlink:href", "src", "action", "formaction", "data", "poster", "background"];
const WEB = /^(?:https?:|mailto:|[^:]*$)/i; // http(s), mailto, or no scheme at all

/** The SVG of `markup`, cleaned, as a node of this document, each element given its
 * style from `styles` through the CSSOM. */
const adopt = (markup, id, styles) => {
  const doc = new DOMParser().parseFromString(markup, "text/html");
  const svg = doc.body.firstElementChild;
  if (!svg || svg.localName !== "svg" || svg.id !== id) return null;
  svg.querySelectorAll(DROP).forEach((el) => el.remove());
  for (const el of [svg, ...svg.querySelectorAll("*")]) {
    for (const a of Array.from(el.attributes)) {
      const name = a.name.toLowerCase();
      const value = a.value.replace(/[\s\u0000-\u001f]/g, "");
      if (name.startsWith("on") || name === "style") el.removeAttribute(a.name);
      else if (REFERENCES.includes(name) && !value.startsWith("#") &&
               !(el.localName === "a" && WEB.test(value))) el.removeAttribute(a.name);
    }
  }
  const node = document.importNode(svg, true);
  for (const el of [node, ...node.querySelectorAll("[data-pb-style]")]) {
    const css = styles[Number(el.getAttribute("data-pb-style"))];
    el.removeAttribute("data-pb-style");
    if (css && el.style) inline(el, css);
  }
  return node;
};

// Mermaid draws labels as SVG text here (no HTML labels, see above), and that path drops
// every `<` and `>` that is not part of a `<…>` pair (mermaid issues 4390 and 7016): a
// decision "Lag > 5m?" was drawn "Lag 5m?", "p95 > 300ms" as "p95 300ms". GitHub and GitLab
// draw HTML labels, where they show. In the kinds that draw labels that way (flowcharts and
// block diagrams), each `<` or `>` of a label's text is written as mermaid's entity code
// (#lt;, #gt;), which it draws as the character; arrows (`-->`, `<==>`, `-.->`), a
// flowchart's `id>label]` shape, a block arrow's `<[…]>` and `<br>` stay as they are.
// Any other HTML tag in a label (`<a href='…'>`, `<b>`, `</>`) was drawn as written, markup
// and all; HTML labels show its text, so its text is what is drawn (the tag left out).
const ANGLED = /^\s*(?:flowchart|graph|block-beta|block)\b/;
const NOT_LABELS = /^\s*(?:%%|accTitle|accDescr|classDef|class\s|style\s|linkStyle|click\s)/;
const ARROW_PART = "-=.";
const WORD = /[\p{L}\p{N}_]/u;
const BREAK = /<br\s*\/?>/iy;
const TAG = /<(?:\/?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>"[\]|]*)?\/?|\/)>/y;
// Outside a quoted label, a tag's quoted attribute is taken whole: a `"` alone in an
// unquoted label is a parse error (gitlab-handbook-ja's
// `{…<br/><a href="#when-prep-is-required">…</a>?}`). Inside one, a `"` ends the label.
const QUOTED_TAG = /<(?:\/?[A-Za-z][A-Za-z0-9-]*(?:\s(?:[^<>"'[\]|]|"[^"<>]*"|'[^'<>]*')*)?\/?|\/)>/y;

/** The diagram's source with its labels' angle brackets as entity codes, their tags out. */
const angles = (source) => {
  const lines = source.split("\n");
  let at = 0;
  // Front matter (`---` … `---`) and directives are settings, not drawing.
  if (lines[0] !== undefined && lines[0].trim() === "---") {
    at = 1;
    while (at < lines.length && lines[at].trim() !== "---") at++;
    at++;
  }
  let kind = at;
  while (kind < lines.length && /^\s*(?:%%.*)?$/.test(lines[kind])) kind++;
  if (kind >= lines.length || !ANGLED.test(lines[kind])) return source;
  // A quoted label may go on over lines (a markdown string's); brackets may not.
  let quoted = false;
  for (let n = at; n < lines.length; n++) {
    if (!quoted && NOT_LABELS.test(lines[n])) continue;
    lines[n] = angledLine(lines[n], quoted, (q) => (quoted = q));
  }
  return lines.join("\n");
};

const angledLine = (line, quoted, setQuoted) => {
  let out = "", depth = 0, pipe = false;
  const lastClose = line.lastIndexOf("]");
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    const inLabel = quoted || depth > 0 || pipe;
    if (c === "<" || c === ">") {
      if (!inLabel) {
        const prev = line[i - 1] || "", next = line[i + 1] || "";
        if (c === ">" && (ARROW_PART.includes(prev) || prev === "]")) { out += c; continue; }
        if (c === "<" && (ARROW_PART.includes(next) || next === "[")) { out += c; continue; }
        if (c === ">" && WORD.test(prev) && lastClose > i) { depth++; out += c; continue; }
      }
      BREAK.lastIndex = i;
      const br = c === "<" && BREAK.exec(line);
      if (br) {
        out += br[0];
        i += br[0].length - 1;
        continue;
      }
      const tags = quoted ? TAG : QUOTED_TAG;
      tags.lastIndex = i;
      const tag = c === "<" && tags.exec(line);
      if (tag) {
        i += tag[0].length - 1;
        continue;
      }
      out += c === "<" ? "#lt;" : "#gt;";
      continue;
    }
    out += c;
    if (c === '"') quoted = !quoted;
    else if (quoted) continue;
    else if ("[({".includes(c)) depth++;
    else if ("])}".includes(c) && depth > 0) depth--;
    else if (c === "|" && depth === 0) pipe = !pipe;
  }
  setQuoted(quoted);
  return out;
};

let serial = 0;

/** Draws the diagram of one block, or says why it cannot. */
const draw = async (code) => {
  const figure = code.closest("figure.diagram");
  const id = "mermaid-" + crypto.getRandomValues(new Uint32Array(2)).join("") + "-" + serial++;
  let sheet = null;
  const styles = [];
  const restore = capture(id, (css) => {
    sheet = sheetFor(css, id);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
  }, styles);
  let svg = null, failure = null;
  try {
    svg = adopt((await mermaid.render(id, angles(code.textContent))).svg, id, styles);
    if (!svg) failure = "mermaid drew nothing";
  } catch (e) {
    failure = String((e && e.message) || e).split("\n")[0].slice(0, 200);
  } finally {
    restore();
    const left = document.getElementById("d" + id);
    if (left) left.remove();
  }
  undraw(figure);
  if (!svg) {
    if (sheet) document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== sheet);
    const note = document.createElement("p");
    note.className = "diagram-error";
    note.textContent = "This diagram could not be drawn (" + failure + "); its source is shown.";
    figure.insertBefore(note, figure.firstChild);
    return;
  }
  figure.sheet = sheet;
  svg.classList.add("diagram-svg");
  figure.insertBefore(svg, figure.firstChild);
  const pre = code.parentElement;
  if (pre.parentElement === figure) {
    const details = document.createElement("details");
    details.className = "diagram-source";
    const summary = document.createElement("summary");
    summary.textContent = "Diagram source";
    details.appendChild(summary);
    figure.appendChild(details);
    details.appendChild(pre);
  }
  figure.setAttribute("data-drawn", "");
};

/** Takes a figure back to its source: for drawing it again. */
const undraw = (figure) => {
  figure.querySelectorAll(":scope > .diagram-svg, :scope > .diagram-error").forEach((el) => el.remove());
  if (figure.sheet) {
    document.adoptedStyleSheets = document.adoptedStyleSheets.filter((s) => s !== figure.sheet);
    figure.sheet = null;
  }
  figure.removeAttribute("data-drawn");
};

// One diagram at a time, each when it comes near the screen.
let queue = Promise.resolve();
const later = (code) => { queue = queue.then(() => draw(code)); };
configure();
const seen = new IntersectionObserver((entries) => {
  entries.forEach((e) => {
    if (e.isIntersecting) { seen.unobserve(e.target); later(e.target); }
  });
}, { rootMargin: "400px 0px" });
blocks.forEach((code) => seen.observe(code));

// The theme toggle and the system's scheme: drawn diagrams are drawn again in the new one.
let scheme = dark();
const redraw = () => {
  if (dark() === scheme) return;
  scheme = dark();
  queue = queue.then(configure);
  blocks.forEach((code) => {
    if (code.closest("figure").hasAttribute("data-drawn")) later(code);
  });
};
new MutationObserver(redraw).observe(root, { attributes: true, attributeFilter: ["data-theme"] });
matchMedia("(prefers-color-scheme: dark)").addEventListener("change", redraw);
