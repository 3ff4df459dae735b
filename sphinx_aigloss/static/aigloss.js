// @ts-check
/* sphinx-aigloss: hover cards for AI glossary term links (a.aigloss-term, href ending in
 * #aiterm-<key>). Hover (after a short delay), keyboard focus or a tap shows the term's card.
 * WCAG 2.2 SC 1.4.13: the pointer can move onto the card, it stays until the pointer or focus
 * leaves, Escape dismisses it. ARIA tooltip pattern: one element, role="tooltip", referenced
 * by the shown link's aria-describedby, placed inside the landmark that holds the link. It
 * goes against the line of a wrapped link under the pointer, never over the link. The
 * data is the page's <script type="application/json" id="aigloss-data"> (html.py writes it),
 * read on first use; no requests, no innerHTML. Without JavaScript, the title of the page's
 * first link to a term (its short definition) remains; with it, the title moves aside.
 * The pure logic comes first, exported as globalThis.aiglossFuncs for tests/js/; the file is
 * checked by tsc --checkJs --strict (tests/test_js_types.py). */
(() => {
  "use strict";

  /**
   * One term's entry in the page data (html.py, card_entry): its name, category, other form
   * (when it has one), the URL of its entry, and its definition as segments: text, or
   * [text, url] linking another term's entry.
   * @typedef {{name: string, category: string, other?: string, url: string,
   *   segments: (string | [string, string])[]}} Entry
   * @typedef {{text: string, href?: string}} Segment
   * @typedef {{name: string, other: string, category: string, segments: Segment[], href: string}} Model
   * @typedef {{top: number, bottom: number, left: number, right: number}} Box
   * @typedef {"below" | "above"} Side
   */

  const PREFIX = "#aiterm-";

  /** The term key of a link's href ("glossary.html#aiterm-rlhf" -> "rlhf"), or "".
   * @param {string | null} href */
  function keyOf(href) {
    const i = href ? href.indexOf(PREFIX) : -1;
    const key = href && i >= 0 ? href.slice(i + PREFIX.length) : "";
    try { return decodeURIComponent(key); } catch { return key; }
  }

  /** The page data; {} when the element is missing or its JSON broken (a stale page).
   * @param {string | null | undefined} text @returns {Record<string, Entry>} */
  function parseData(text) {
    try { return JSON.parse(text || "{}"); } catch { return {}; }
  }

  /** The URL unless it would run script. @param {string} url */
  function safeHref(url) {
    return /^\s*(javascript|vbscript|data):/i.test(url) ? "" : url;
  }

  /** What a card shows, from the term's entry: script URLs lose their link, empty text goes.
   * @param {Entry} entry @returns {Model} */
  function describe(entry) {
    /** @type {Segment[]} */
    const segments = [];
    for (const part of entry.segments) {
      const [text, url] = typeof part === "string" ? [part, ""] : part;
      const href = safeHref(url);
      if (text) segments.push(href ? { text, href } : { text });
    }
    return { name: entry.name, other: entry.other ?? "", category: entry.category, segments, href: safeHref(entry.url) };
  }

  /** The index of the line box (of a wrapped link) under the point (x, y), or the nearest.
   * @param {Box[]} boxes @param {number} x @param {number} y */
  function lineAt(boxes, x, y) {
    /** @param {Box} r */
    const distance = (r) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
    let best = -1;
    boxes.forEach((r, i) => { if (best < 0 || distance(r) < distance(boxes[best])) best = i; });
    return best;
  }

  /** The box to place the card against: the line box `line` (else the last) across, the whole
   * link up and down, so the card covers no line. The side to try first: above when that line
   * is the first of several (the card then touches it), else below.
   * @param {Box[]} boxes (not empty) @param {number} line @returns {Box & {prefer: Side}} */
  function anchorOf(boxes, line) {
    const r = boxes[line] ?? boxes[boxes.length - 1];
    /** @param {Box} b */
    const middle = (b) => (b.top + b.bottom) / 2;
    const first = !boxes.some((b) => middle(b) < r.top), last = !boxes.some((b) => middle(b) > r.bottom);
    const top = Math.min(...boxes.map((b) => b.top)), bottom = Math.max(...boxes.map((b) => b.bottom));
    return { top, bottom, left: r.left, right: r.right, prefer: first && !last ? "above" : "below" };
  }

  /** Where the card goes, given the anchor box, the card's and the viewport's sizes: on the
   * preferred side when it fits, else on the other when that fits, else on the roomier one with
   * maxHeight set; aligned with the anchor's start edge; inside the viewport.
   * @param {Box} anchor @param {{width: number, height: number}} size @param {{width: number, height: number}} view
   * @param {{gap?: number, margin?: number, rtl?: boolean, prefer?: Side}} [opts] */
  function place(anchor, size, view, { gap = 6, margin = 8, rtl = false, prefer = "below" } = {}) {
    const room = { below: view.height - anchor.bottom - gap - margin, above: anchor.top - gap - margin };
    const other = prefer === "below" ? "above" : "below";
    /** @type {Side} */
    const side = size.height <= room[prefer] || (size.height > room[other] && room[prefer] >= room[other]) ? prefer : other;
    const space = Math.max(room[side], 0);
    const height = Math.min(size.height, space);
    /** @param {number} value @param {number} high */
    const clamp = (value, high) => Math.round(Math.max(margin, Math.min(value, high)));
    return {
      top: clamp(side === "below" ? anchor.bottom + gap : anchor.top - gap - height, view.height - margin - height),
      left: clamp(rtl ? anchor.right - size.width : anchor.left, view.width - margin - size.width),
      side,
      maxHeight: size.height > space ? Math.floor(space) : null,
    };
  }

  const started = "aiglossFuncs" in globalThis; // the script twice on a page: listen once
  Object.assign(globalThis, { aiglossFuncs: { keyOf, parseData, safeHref, describe, lineAt, anchorOf, place } });
  if (typeof document === "undefined" || started) return;

  // ---------------------------------------------------------------- DOM glue

  const SHOW_DELAY = 200; // hover intent
  const SWITCH_DELAY = 80; // from one term to another while a card is shown
  const HIDE_DELAY = 300; // grace period to move the pointer onto the card
  const CARD_ID = "aigloss-card";
  // The card goes into the landmark holding its link (all content inside landmarks).
  const LANDMARKS = "main, [role=main], nav, [role=navigation], aside, [role=complementary], header, "
    + "[role=banner], footer, [role=contentinfo], [role=region], section[aria-label], "
    + "section[aria-labelledby], search, [role=search]";
  const popover = "showPopover" in HTMLElement.prototype;

  const state = {
    /** @type {Record<string, Entry> | null} page data, parsed on first use */ data: null,
    moreLabel: "Read more",
    length: "short",
    /** @type {HTMLElement | null} the one card, made on first use */ card: null,
    /** @type {HTMLElement | null} the link the card describes */ current: null,
    shown: false,
    /** @type {string | null} the current link's own aria-describedby */ describedBy: null,
    line: -1, // the current link's line box the card is placed against (-1: the last)
    /** @type {HTMLElement | null} term link under a mouse or pen */ hoverLink: null,
    overCard: false,
    /** @type {HTMLElement | null} term link focused from the keyboard */ focusLink: null,
    /** @type {HTMLElement | null} link whose card was dismissed with Escape */ muted: null,
    /** @type {{link: HTMLElement, wasShown: boolean} | null} a touch down on a link */ tap: null,
    timer: 0, // a pending show (hover intent) or hide (grace period)
    frame: 0,
  };

  /** @param {EventTarget | null} node */
  const inCard = (node) => !!state.card && node instanceof Node && state.card.contains(node);

  /** The term link a node is in (not one inside the card), or null. @param {EventTarget | null} node */
  function termLink(node) {
    const a = (node instanceof Element ? node : node instanceof Node ? node.parentElement : null)?.closest("a.aigloss-term");
    return a instanceof HTMLElement && !inCard(a) && keyOf(a.getAttribute("href")) ? a : null;
  }

  /** Keep the native tooltip (the no-JS fallback) from doubling the card: a link with a card
   * gives its title to data-aigloss-title. @param {HTMLElement} a */
  function untitle(a) {
    const title = a.getAttribute("title");
    if (title === null || !entryFor(keyOf(a.getAttribute("href")))) return;
    a.setAttribute("data-aigloss-title", title);
    a.removeAttribute("title");
  }

  /** @param {HTMLElement} a */
  const lineBoxes = (a) => [...a.getClientRects()].filter((r) => r.width || r.height);

  /** The page's entry for a term, or null; the page data is parsed on first use. @param {string} key */
  function entryFor(key) {
    if (!state.data) {
      const el = document.getElementById("aigloss-data");
      state.data = parseData(el?.textContent);
      state.moreLabel = el?.getAttribute("data-read-more") || state.moreLabel;
      state.length = el?.getAttribute("data-length") || state.length;
    }
    return Object.prototype.hasOwnProperty.call(state.data, key) ? state.data[key] : null;
  }

  /** @param {string} tag @param {string} className @param {string} text @param {string} [href] */
  function element(tag, className, text, href) {
    const el = document.createElement(tag);
    el.className = className;
    el.textContent = text;
    if (href) {
      el.setAttribute("href", href);
      el.tabIndex = -1; // a tooltip takes no focus: out of the Tab order (the term link leads there)
    }
    return el;
  }

  /** The card, made on first use, moved into the landmark holding link a (moving an open
   * popover closes it: it is opened again), filled with the model. @param {HTMLElement} a @param {Model} model */
  function fill(a, model) {
    let card = state.card;
    if (!card) {
      card = state.card = element("div", "aigloss-card", "");
      card.id = CARD_ID;
      card.setAttribute("role", "tooltip");
      if (popover) card.popover = "manual";
      else card.hidden = true;
    }
    card.setAttribute("data-length", state.length);
    const host = a.closest(LANDMARKS) ?? document.body;
    if (card.parentElement !== host) {
      host.append(card);
      if (state.shown) display(true);
    }
    const head = element("div", "aigloss-card-head", "");
    head.append(element("span", "aigloss-card-name", model.name));
    if (model.other) head.append(" ", element("span", "aigloss-card-other", `(${model.other})`));
    const definition = element("p", "aigloss-card-definition", "");
    definition.append(...model.segments.map((s) => (s.href ? element("a", "aigloss-card-link", s.text, s.href) : s.text)));
    card.replaceChildren(head);
    if (model.category) card.append(element("div", "aigloss-card-category", model.category));
    card.append(definition);
    if (model.href) card.append(element("a", "aigloss-card-more", state.moreLabel, model.href));
  }

  /** Show or hide the card: in the top layer with the Popover API, else a fixed element. @param {boolean} on */
  function display(on) {
    const card = state.card;
    if (card && !popover) card.hidden = !on;
    else if (card?.isConnected && card.matches(":popover-open") !== on) card.togglePopover(on);
  }

  // ---------------------------------------------------------------- state transitions

  /** Show a's card against the line box under the point (null: below the last line).
   * @param {HTMLElement} a @param {{x: number, y: number} | null} point */
  function show(a, point) {
    clearTimeout(state.timer);
    if (a === state.muted) return;
    if (!state.shown || a !== state.current) {
      const entry = entryFor(keyOf(a.getAttribute("href")));
      if (!entry) return;
      release();
      fill(a, describe(entry));
      state.current = a;
      state.describedBy = a.getAttribute("aria-describedby");
      a.setAttribute("aria-describedby", state.describedBy ? `${state.describedBy} ${CARD_ID}` : CARD_ID);
      if (!state.shown) {
        state.shown = true;
        display(true);
        addEventListener("scroll", onMove, { capture: true, passive: true });
        addEventListener("resize", onMove, { passive: true });
      }
    }
    state.line = point ? lineAt(lineBoxes(a), point.x, point.y) : -1;
    position();
  }

  /** Give the current link back its own aria-describedby. */
  function release() {
    const a = state.current;
    if (a && state.describedBy !== null) a.setAttribute("aria-describedby", state.describedBy);
    else a?.removeAttribute("aria-describedby");
    state.current = null;
  }

  function hide() {
    clearTimeout(state.timer);
    if (!state.shown) return;
    state.shown = false;
    state.overCard = false;
    release();
    display(false);
    removeEventListener("scroll", onMove, { capture: true });
    removeEventListener("resize", onMove);
  }

  /** Run fn after ms, instead of what was pending. @param {() => void} fn @param {number} ms */
  function later(fn, ms) {
    clearTimeout(state.timer);
    state.timer = setTimeout(fn, ms);
  }

  /** After the grace period: hide, unless the pointer or focus is back on the link or card;
   * then the keyboard-focused link's card, if any. */
  const hideLater = () => later(() => {
    const { shown, hoverLink, current, overCard, focusLink } = state;
    if (!shown || hoverLink === current || overCard || (focusLink && focusLink === current)) return;
    hide();
    if (focusLink && !hoverLink) show(focusLink, null);
  }, HIDE_DELAY);

  function position() {
    const { card, current } = state;
    if (!card || !current) return;
    card.style.maxHeight = "";
    card.style.top = card.style.left = "0px";
    const boxes = lineBoxes(current);
    const anchor = anchorOf(boxes.length ? boxes : [current.getBoundingClientRect()], state.line);
    const root = document.documentElement;
    const view = { width: root.clientWidth || innerWidth, height: root.clientHeight || innerHeight };
    const rtl = getComputedStyle(current).direction === "rtl";
    const where = place(anchor, card.getBoundingClientRect(), view, { rtl, prefer: anchor.prefer });
    card.style.top = `${where.top}px`;
    card.style.left = `${where.left}px`;
    if (where.maxHeight !== null) card.style.maxHeight = `${where.maxHeight}px`;
    card.setAttribute("data-side", where.side);
  }

  /** Scrolling or resizing: follow the link, or hide once it has left the window. @param {Event} event */
  function onMove(event) {
    if (state.frame || inCard(event.target)) return; // scrolling the card itself
    state.frame = requestAnimationFrame(() => {
      state.frame = 0;
      const a = state.current;
      if (!state.shown || !a) return;
      const box = a.getBoundingClientRect();
      if (!a.isConnected || box.bottom < 0 || box.top > (document.documentElement.clientHeight || innerHeight)) hide();
      else position();
    });
  }

  // ---------------------------------------------------------------- the listeners (delegated)

  document.addEventListener("pointerover", (event) => {
    if (event.pointerType === "touch") return;
    const a = termLink(event.target);
    if (a) {
      untitle(a);
      if (a === state.hoverLink) return;
      state.hoverLink = a;
      clearTimeout(state.timer);
      const point = { x: event.clientX, y: event.clientY };
      if (a === state.muted || (state.shown && a === state.current)) return;
      later(() => state.hoverLink === a && show(a, point), state.shown ? SWITCH_DELAY : SHOW_DELAY);
    } else if (inCard(event.target)) {
      state.overCard = true;
      clearTimeout(state.timer);
    }
  });

  document.addEventListener("pointerout", (event) => {
    if (event.pointerType === "touch") return;
    const to = event.relatedTarget;
    const a = termLink(event.target);
    if (a && a === state.hoverLink) {
      if (termLink(to) === a) return; // still inside the link
      state.hoverLink = null;
      clearTimeout(state.timer);
      if (a === state.muted) state.muted = null;
      if (!inCard(to)) hideLater();
    } else if (inCard(event.target) && !inCard(to)) {
      state.overCard = false;
      if (!state.current || termLink(to) !== state.current) hideLater();
    }
  });

  document.addEventListener("focusin", (event) => {
    const a = termLink(event.target);
    if (!a) return;
    untitle(a);
    let keyboard = true; // without :focus-visible, assume the keyboard
    try { keyboard = a.matches(":focus-visible"); } catch { /* an older browser */ }
    if (!keyboard) return;
    state.focusLink = a;
    if (state.muted !== a) state.muted = null;
    show(a, null);
  });

  document.addEventListener("focusout", (event) => {
    const a = termLink(event.target);
    if (!a || a !== state.focusLink) return;
    state.focusLink = null;
    if (a === state.muted) state.muted = null;
    if (a === state.current && state.hoverLink !== a && !state.overCard && !inCard(event.relatedTarget)) hide();
  });

  document.addEventListener("keydown", (event) => {
    if ((event.key === "Escape" || event.key === "Esc") && state.shown) {
      state.muted = state.current;
      hide();
    }
  });

  document.addEventListener("pointerdown", (event) => {
    const a = termLink(event.target);
    if (a && event.pointerType === "touch") {
      untitle(a);
      state.tap = { link: a, wasShown: state.shown && a === state.current };
    } else {
      state.tap = null;
      if (state.shown && !a && !inCard(event.target)) hide();
    }
  });

  document.addEventListener("click", (event) => {
    const a = termLink(event.target);
    if (a) {
      const first = state.tap?.link === a && !state.tap.wasShown;
      state.tap = null;
      if (first && !(event.ctrlKey || event.metaKey || event.shiftKey || event.altKey)) {
        event.preventDefault(); // a first tap shows the card; a second follows the link
        state.muted = null;
        show(a, { x: event.clientX, y: event.clientY });
      } else {
        state.muted = a;
        hide();
      }
    } else if (event.target instanceof Element && inCard(event.target) && event.target.closest("a")) {
      hide();
    }
  });
})();
