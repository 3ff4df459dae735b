/* sphinx-aigloss: hover cards for AI glossary term links.
 *
 * A term link (a.aigloss-term, href ending in #aiterm-<key>) shows a card with the term's
 * definition when hovered (after a short delay), focused from the keyboard or tapped.
 * WCAG 2.2 SC 1.4.13: the card can be hovered itself, stays until the pointer or focus
 * leaves, and Escape dismisses it. ARIA tooltip pattern: one element with role="tooltip",
 * referenced by the shown link's aria-describedby. The card data is the page's
 * <script type="application/json" id="aigloss-data">, read on first use. No dependencies,
 * no requests, no innerHTML. Without JavaScript the title attribute of a page's first link
 * to each term (its short definition) remains; with it, that title is the card's text.
 *
 * The first part is pure logic (no DOM), exported for unit tests as
 * globalThis.aiglossFuncs and, under Node, module.exports.
 */
(function (root) {
  "use strict";

  // ---------------------------------------------------------------- pure logic

  var PREFIX = "#aiterm-";

  /** The term key of a link's href ("glossary.html#aiterm-rlhf" -> "rlhf"), or "". */
  function keyOf(href) {
    var i = typeof href === "string" ? href.indexOf(PREFIX) : -1;
    if (i < 0) return "";
    var key = href.slice(i + PREFIX.length);
    try { return decodeURIComponent(key); } catch (e) { return key; }
  }

  /** The page data: an object of key -> entry ({} when missing or malformed). */
  function parseData(text) {
    var data;
    try { data = JSON.parse(text || "{}"); } catch (e) { return {}; }
    return data && typeof data === "object" && !Array.isArray(data) ? data : {};
  }

  /** The URL unless it would run script. */
  function safeHref(url) {
    return typeof url === "string" && !/^\s*(javascript|vbscript|data):/i.test(url) ? url : "";
  }

  function text(value) {
    return typeof value === "string" ? value : "";
  }

  /** Text and links [[start, end, href], ...] (UTF-16 offsets into the text) as segments. */
  function linkSegments(value, links) {
    var segments = [];
    var pos = 0;
    links = Array.isArray(links) ? links : [];
    for (var i = 0; i < links.length; i++) {
      var link = links[i];
      if (!Array.isArray(link)) continue;
      var start = link[0];
      var end = link[1];
      if (typeof start !== "number" || typeof end !== "number" || start < pos || end <= start || end > value.length) continue;
      if (start > pos) segments.push({ text: value.slice(pos, start) });
      var href = safeHref(link[2]);
      segments.push(href ? { text: value.slice(start, end), href: href } : { text: value.slice(start, end) });
      pos = end;
    }
    if (pos < value.length) segments.push({ text: value.slice(pos) });
    return segments;
  }

  /** What a card shows, from a data entry (may be missing) and what the page's links hold
   * ({name, text, href}; text: the term's title, the short definition, which the entry
   * leaves out unless it has a definition "d" of its own):
   * {name, other, category, segments: [{text, href?}], href}. */
  function describe(entry, fallback) {
    entry = entry && typeof entry === "object" ? entry : {};
    fallback = fallback || {};
    var parts = Array.isArray(entry.d) ? entry.d : typeof entry.d === "string" ? [entry.d] : null;
    var segments = [];
    if (!parts) segments = linkSegments(text(fallback.text), entry.l);
    for (var i = 0; parts && i < parts.length; i++) {
      var part = parts[i];
      if (typeof part === "string") {
        if (part) segments.push({ text: part });
      } else if (Array.isArray(part) && typeof part[0] === "string" && part[0]) {
        var href = safeHref(part[1]);
        segments.push(href ? { text: part[0], href: href } : { text: part[0] });
      }
    }
    if (!segments.length && text(fallback.text)) segments.push({ text: fallback.text });
    return {
      name: text(entry.n) || text(fallback.name),
      other: text(entry.x),
      category: text(entry.c),
      segments: segments,
      href: safeHref(text(entry.u) || fallback.href),
    };
  }

  function clamp(value, low, high) {
    return high < low ? low : value < low ? low : value > high ? high : value;
  }

  /** Where the card goes. anchor: the link's box {top, bottom, left, right}; size: the
   * card's {width, height}; view: the viewport's {width, height}; opts: {gap, margin, rtl}.
   * Below the link when it fits, else above when that fits, else on the roomier side with
   * maxHeight set so it still fits; aligned with the link's start edge, clamped to the
   * viewport. Returns {top, left, side: "below"|"above", maxHeight: number|null}. */
  function place(anchor, size, view, opts) {
    opts = opts || {};
    var gap = opts.gap == null ? 6 : opts.gap;
    var margin = opts.margin == null ? 8 : opts.margin;
    var below = view.height - anchor.bottom - gap - margin;
    var above = anchor.top - gap - margin;
    var side = size.height <= below || (size.height > above && below >= above) ? "below" : "above";
    var room = Math.max(side === "below" ? below : above, 0);
    var height = Math.min(size.height, room);
    var maxHeight = size.height > room ? Math.floor(room) : null;
    var top = side === "below" ? anchor.bottom + gap : anchor.top - gap - height;
    top = clamp(top, margin, view.height - margin - height);
    var left = opts.rtl ? anchor.right - size.width : anchor.left;
    left = clamp(left, margin, view.width - margin - size.width);
    return { top: Math.round(top), left: Math.round(left), side: side, maxHeight: maxHeight };
  }

  /** The box of a (possibly wrapped) link to place the card at: the line box under the
   * point (x, y) when given, else the first one. rects: array-like of DOMRect-like. */
  function pickRect(rects, x, y) {
    var best = null;
    var bestDistance = Infinity;
    for (var i = 0; i < rects.length; i++) {
      var r = rects[i];
      if (!r || (r.width === 0 && r.height === 0)) continue;
      if (x == null || y == null) return r;
      var dx = x < r.left ? r.left - x : x > r.right ? x - r.right : 0;
      var dy = y < r.top ? r.top - y : y > r.bottom ? y - r.bottom : 0;
      var distance = dx * dx + dy * dy;
      if (distance < bestDistance) {
        best = r;
        bestDistance = distance;
      }
    }
    return best;
  }

  var api = {
    keyOf: keyOf,
    parseData: parseData,
    safeHref: safeHref,
    linkSegments: linkSegments,
    describe: describe,
    place: place,
    pickRect: pickRect,
  };
  if (typeof module === "object" && module && module.exports) module.exports = api;
  root.aiglossFuncs = api;

  // ---------------------------------------------------------------- DOM glue

  if (typeof document === "undefined" || document.aiglossStarted) return;
  document.aiglossStarted = true;

  var SHOW_DELAY = 200; // hover intent
  var SWITCH_DELAY = 80; // from one term to another while a card is shown
  var HIDE_DELAY = 300; // grace period to move the pointer onto the card
  var CARD_ID = "aigloss-card";
  var popover = typeof HTMLElement === "function" && "showPopover" in HTMLElement.prototype;

  var data = null; // parsed page data, on first use
  var titles = {}; // term key -> the title of the page's first link to it (its short definition)
  var moreLabel = "Read more";
  var length = "short";
  var card = null; // the single card element, on first use
  var current = null; // the link the card describes
  var shown = false;
  var previousDescribedBy = null;
  var hoverLink = null; // term link under a mouse or pen
  var overCard = false;
  var focusLink = null; // term link focused from the keyboard
  var muted = null; // link whose card was dismissed with Escape
  var tap = null; // {link, wasShown} of the touch pointer that went down on a link
  var showTimer = 0;
  var hideTimer = 0;
  var frame = 0;
  var point = null; // pointer position for the pending or shown card

  function termLink(node) {
    var el = node && node.nodeType === 1 ? node : node && node.parentElement;
    var a = el && el.closest ? el.closest("a.aigloss-term") : null;
    return a && !inCard(a) && keyOf(a.getAttribute("href")) ? a : null;
  }

  function inCard(node) {
    return !!(card && node && node.nodeType && card.contains(node));
  }

  /** Keep the native tooltip from appearing beside the card (title stays the no-JS fallback). */
  function untitle(a) {
    var title = a.getAttribute("title");
    if (title !== null) {
      a.setAttribute("data-aigloss-title", title);
      a.removeAttribute("title");
    }
  }

  function entryFor(key) {
    if (!data) {
      var el = document.getElementById("aigloss-data");
      if (!el) return null;
      data = parseData(el.textContent);
      var titled = document.querySelectorAll("a.aigloss-term[title], a.aigloss-term[data-aigloss-title]");
      for (var i = 0; i < titled.length; i++) {
        var a = titled[i];
        var k = keyOf(a.getAttribute("href"));
        if (k && !Object.prototype.hasOwnProperty.call(titles, k)) {
          titles[k] = a.getAttribute("data-aigloss-title") || a.getAttribute("title") || "";
        }
      }
      moreLabel = el.getAttribute("data-read-more") || moreLabel;
      length = el.getAttribute("data-length") || length;
    }
    return Object.prototype.hasOwnProperty.call(data, key) ? data[key] : null;
  }

  function element(tag, className, content) {
    var el = document.createElement(tag);
    el.className = className;
    if (content) el.textContent = content;
    return el;
  }

  function ensureCard() {
    if (!card) {
      card = element("div", "aigloss-card");
      card.id = CARD_ID;
      card.setAttribute("role", "tooltip");
      if (popover) card.setAttribute("popover", "manual");
      else card.hidden = true;
    }
    card.setAttribute("data-length", length);
    if (!card.isConnected) document.body.appendChild(card);
    return card;
  }

  function fill(model) {
    card.textContent = "";
    var head = element("div", "aigloss-card-head");
    head.appendChild(element("span", "aigloss-card-name", model.name));
    if (model.other) {
      head.appendChild(document.createTextNode(" "));
      head.appendChild(element("span", "aigloss-card-other", "(" + model.other + ")"));
    }
    card.appendChild(head);
    if (model.category) card.appendChild(element("div", "aigloss-card-category", model.category));
    var definition = element("p", "aigloss-card-definition");
    for (var i = 0; i < model.segments.length; i++) {
      var segment = model.segments[i];
      if (segment.href) {
        var link = element("a", "aigloss-card-link", segment.text);
        link.href = segment.href;
        definition.appendChild(link);
      } else {
        definition.appendChild(document.createTextNode(segment.text));
      }
    }
    card.appendChild(definition);
    if (model.href) {
      var more = element("a", "aigloss-card-more", moreLabel);
      more.href = model.href;
      card.appendChild(more);
    }
  }

  function show(a) {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (a === muted) return;
    if (!shown || a !== current) {
      var key = keyOf(a.getAttribute("href"));
      var entry = entryFor(key);
      var model = describe(entry, {
        name: a.textContent.trim(),
        text: a.getAttribute("data-aigloss-title") || a.getAttribute("title") || titles[key] || "",
        href: a.getAttribute("href"),
      });
      if (!model.segments.length) return;
      release();
      ensureCard();
      fill(model);
      current = a;
      previousDescribedBy = a.getAttribute("aria-describedby");
      a.setAttribute("aria-describedby", previousDescribedBy ? previousDescribedBy + " " + CARD_ID : CARD_ID);
      if (!shown) open();
    }
    position();
  }

  function open() {
    shown = true;
    if (popover) {
      try {
        if (!card.matches(":popover-open")) card.showPopover();
      } catch (e) { /* not in the document: nothing to show */ }
    } else {
      card.hidden = false;
    }
    addEventListener("scroll", onMove, { capture: true, passive: true });
    addEventListener("resize", onMove, { passive: true });
  }

  /** Give the current link back its own aria-describedby. */
  function release() {
    if (!current) return;
    if (previousDescribedBy === null) current.removeAttribute("aria-describedby");
    else current.setAttribute("aria-describedby", previousDescribedBy);
    current = null;
  }

  function hide() {
    clearTimeout(showTimer);
    clearTimeout(hideTimer);
    if (!shown) return;
    shown = false;
    overCard = false;
    release();
    if (popover) {
      try { card.hidePopover(); } catch (e) { /* already hidden */ }
    } else {
      card.hidden = true;
    }
    removeEventListener("scroll", onMove, { capture: true });
    removeEventListener("resize", onMove);
  }

  function position() {
    var style = card.style;
    style.maxHeight = "";
    style.top = "0px";
    style.left = "0px";
    var size = card.getBoundingClientRect();
    var anchor = pickRect(current.getClientRects(), point && point.x, point && point.y);
    anchor = anchor || current.getBoundingClientRect();
    var root = document.documentElement;
    var view = { width: root.clientWidth || innerWidth, height: root.clientHeight || innerHeight };
    var where = place(anchor, size, view, { rtl: getComputedStyle(current).direction === "rtl" });
    style.top = where.top + "px";
    style.left = where.left + "px";
    if (where.maxHeight !== null) style.maxHeight = where.maxHeight + "px";
    card.setAttribute("data-side", where.side);
  }

  function onMove(event) {
    if (frame || (event && inCard(event.target))) return; // scrolling the card itself
    frame = requestAnimationFrame(function () {
      frame = 0;
      if (!shown || !current) return;
      var box = current.getBoundingClientRect();
      var root = document.documentElement;
      if (!current.isConnected || box.bottom < 0 || box.top > (root.clientHeight || innerHeight)) hide();
      else {
        point = null;
        position();
      }
    });
  }

  function scheduleShow(a, x, y) {
    clearTimeout(showTimer);
    showTimer = setTimeout(function () {
      if (hoverLink === a) {
        point = { x: x, y: y };
        show(a);
      }
    }, shown ? SWITCH_DELAY : SHOW_DELAY);
  }

  function scheduleHide() {
    clearTimeout(hideTimer);
    hideTimer = setTimeout(function () {
      if (!shown || hoverLink === current || overCard || (focusLink && focusLink === current)) return;
      hide();
      if (focusLink && !hoverLink) {
        point = null;
        show(focusLink);
      }
    }, HIDE_DELAY);
  }

  function keyboardFocus(a) {
    try { return a.matches(":focus-visible"); } catch (e) { return true; }
  }

  // ---------------------------------------------------------------- the listeners

  function onPointerOver(event) {
    if (event.pointerType === "touch") return;
    var a = termLink(event.target);
    if (a) {
      untitle(a);
      if (a === hoverLink) return;
      hoverLink = a;
      clearTimeout(hideTimer);
      if (a === muted || (shown && a === current)) return;
      scheduleShow(a, event.clientX, event.clientY);
    } else if (inCard(event.target)) {
      overCard = true;
      clearTimeout(hideTimer);
    }
  }

  function onPointerOut(event) {
    if (event.pointerType === "touch") return;
    var to = event.relatedTarget;
    var a = termLink(event.target);
    if (a && a === hoverLink) {
      if (termLink(to) === a) return; // still inside the link
      hoverLink = null;
      clearTimeout(showTimer);
      if (a === muted) muted = null;
      if (!inCard(to)) scheduleHide();
    } else if (inCard(event.target) && !inCard(to)) {
      overCard = false;
      if (!current || termLink(to) !== current) scheduleHide();
    }
  }

  function onFocusIn(event) {
    var a = termLink(event.target);
    if (!a) return;
    untitle(a);
    if (!keyboardFocus(a)) return;
    focusLink = a;
    if (muted !== a) muted = null;
    point = null;
    show(a);
  }

  function onFocusOut(event) {
    var a = termLink(event.target);
    if (!a || a !== focusLink) return;
    focusLink = null;
    if (a === muted) muted = null;
    if (a === current && hoverLink !== a && !overCard && !inCard(event.relatedTarget)) hide();
  }

  function onKeyDown(event) {
    if ((event.key === "Escape" || event.key === "Esc") && shown) {
      muted = current;
      hide();
    }
  }

  function onPointerDown(event) {
    var a = termLink(event.target);
    if (a && event.pointerType === "touch") {
      untitle(a);
      tap = { link: a, wasShown: shown && a === current };
      return;
    }
    tap = null;
    if (shown && !a && !inCard(event.target)) hide();
  }

  function onClick(event) {
    var a = termLink(event.target);
    if (a) {
      var touch = tap && tap.link === a;
      var first = touch && !tap.wasShown;
      tap = null;
      if (first && !(event.ctrlKey || event.metaKey || event.shiftKey || event.altKey)) {
        // First tap: show the definition instead of following the link; a second tap follows.
        event.preventDefault();
        muted = null;
        point = null;
        show(a);
        return;
      }
      muted = a;
      hide();
    } else if (inCard(event.target) && event.target.closest("a")) {
      hide();
    }
  }

  document.addEventListener("pointerover", onPointerOver);
  document.addEventListener("pointerout", onPointerOut);
  document.addEventListener("focusin", onFocusIn);
  document.addEventListener("focusout", onFocusOut);
  document.addEventListener("keydown", onKeyDown);
  document.addEventListener("pointerdown", onPointerDown);
  document.addEventListener("click", onClick);
})(typeof globalThis !== "undefined" ? globalThis : this);
