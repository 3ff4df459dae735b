// @ts-check
/* sphinx-aigloss: hover cards for term links (a.aigloss-term, href ending in #aiterm-<key>), per WCAG 2.2 SC 1.4.13
 * and the ARIA tooltip pattern: hover (after a short delay), keyboard focus or a first tap shows the one card,
 * role="tooltip", in the link's aria-describedby; the pointer can move onto it, it stays until pointer and focus
 * leave, Escape dismisses it. Data: the page's JSON <script id="aigloss-data"> (html.py); no requests, no innerHTML.
 * Without JavaScript the title of a term's first link remains; with it, it moves aside so no native tooltip doubles
 * the card. A key enters the card (a non-modal dialog then). The pure logic comes first, exported as
 * globalThis.aiglossFuncs for tests/js/. */
(() => {
  "use strict";

  /** A term's entry in the page data (html.py, card_entry); a segment is text, or [text, a term's URL].
   * Translations: `english`, a translated term's English name; `lang`, "en" when its definition is left in English;
   * `en`, which of "name", "other" and "category" are left in English.
   * @typedef {{name: string, category: string, other?: string, english?: string, lang?: string, en?: string[],
   *   url: string, segments: Part[]}} Entry
   * @typedef {string | [string, string]} Part
   * @typedef {{name: string, other: string, english: string, lang: string, en: string[], category: string,
   *   segments: Segment[], href: string}} Model
   * @typedef {{text: string, href?: string}} Segment
   * @typedef {{top: number, bottom: number, left: number, right: number}} Box
   * @typedef {"below" | "above"} Side
   * @typedef {{left?: number, top?: number, width: number, height: number}} View */

  /** The term key of a link's href ("glossary.html#aiterm-rlhf" -> "rlhf"), or "". @param {string | null} href */
  function keyOf(href) {
    const key = /#aiterm-(.*)/s.exec(href ?? "")?.[1] ?? "";
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

  /** What a card shows: script URLs lose their link, empty text goes. @param {Entry} entry @returns {Model} */
  function describe({ name, category, other = "", english = "", lang = "", en = [], url, segments }) {
    const parts = segments.flatMap((part) => {
      const [text, href] = typeof part === "string" ? [part, ""] : [part[0], safeHref(part[1])];
      return text ? [href ? { text, href } : { text }] : [];
    });
    return { name, other, english, lang, en: [...en], category, segments: parts, href: safeHref(url) };
  }

  /** Index of the line box under (x, y), or the nearest. @param {Box[]} boxes @param {number} x @param {number} y */
  function lineAt(boxes, x, y) {
    /** @param {Box} r */
    const distance = (r) => Math.hypot(Math.max(r.left - x, 0, x - r.right), Math.max(r.top - y, 0, y - r.bottom));
    return boxes.reduce((best, r, i) => (best < 0 || distance(r) < distance(boxes[best]) ? i : best), -1);
  }

  /** The box to place the card against: line box `line` (else the last) across, the whole link up and down (the
   * card covers no line); the side to try first: above when that line is the first of several, else below.
   * @param {Box[]} boxes (not empty) @param {number} line @returns {Box & {prefer: Side}} */
  function anchorOf(boxes, line) {
    const r = boxes[line] ?? boxes[boxes.length - 1];
    /** @param {Box} b */
    const middle = (b) => (b.top + b.bottom) / 2;
    const first = !boxes.some((b) => middle(b) < r.top);
    const last = !boxes.some((b) => middle(b) > r.bottom);
    const top = Math.min(...boxes.map((b) => b.top));
    const bottom = Math.max(...boxes.map((b) => b.bottom));
    return { top, bottom, left: r.left, right: r.right, prefer: first && !last ? "above" : "below" };
  }

  /** Where the card goes: on the preferred side if it fits, else the other if that fits, else the roomier one
   * with maxHeight set; aligned with the anchor's start edge; inside the view (the visible part of the window:
   * a phone's visual viewport may be offset in a page wider than the screen).
   * @param {Box} anchor @param {{width: number, height: number}} size @param {View} view
   * @param {{gap?: number, margin?: number, rtl?: boolean, prefer?: Side}} [opts] */
  function place(anchor, size, { left: x = 0, top: y = 0, width, height: tall }, opts = {}) {
    const { gap = 6, margin = 8, rtl = false, prefer = "below" } = opts;
    const room = { below: y + tall - anchor.bottom - gap - margin, above: anchor.top - y - gap - margin };
    const other = prefer === "below" ? "above" : "below";
    const keep = size.height <= room[prefer] || (size.height > room[other] && room[prefer] >= room[other]);
    const side = keep ? prefer : other;
    const space = Math.max(room[side], 0);
    const height = Math.min(size.height, space);
    /** @param {number} value @param {number} low @param {number} high */
    const clamp = (value, low, high) => Math.round(Math.max(low + margin, Math.min(value, high - margin)));
    return {
      top: clamp(side === "below" ? anchor.bottom + gap : anchor.top - gap - height, y, y + tall - height),
      left: clamp(rtl ? anchor.right - size.width : anchor.left, x, x + width - size.width),
      side,
      maxHeight: size.height > space ? Math.floor(space) : null,
    };
  }

  const started = "aiglossFuncs" in globalThis; // the script twice on a page: listen once
  Object.assign(globalThis, { aiglossFuncs: { keyOf, parseData, safeHref, describe, lineAt, anchorOf, place } });
  // Supported browsers all have the Popover API (Chromium 114, Firefox 125, Safari 17); older ones keep the titles.
  if (typeof document === "undefined" || started || !("showPopover" in HTMLElement.prototype)) return;

  // ---------------------------------------------------------------- DOM glue
  const SHOW_DELAY = 200; // hover intent
  const SWITCH_DELAY = 80; // from one term to another while a card is shown
  const HIDE_DELAY = 300; // grace period to move the pointer onto the card
  const CARD_ID = "aigloss-card";
  const ENTER_KEY = "Alt+ArrowUp"; // enters the card: GitHub Docs' key for its hover cards, unused on links
  // The card goes into the landmark holding its link (all content inside landmarks).
  const LANDMARKS = "main, [role=main], nav, [role=navigation], aside, [role=complementary], header, [role=banner], "
    + "footer, [role=contentinfo], [role=region], section[aria-label], section[aria-labelledby], search, [role=search]";

  /** What the listeners share. Links: `current` shows its card (null: none does), `hoverLink` is under a mouse or
   * pen, `focusLink` focused from the keyboard, `away` focused but its card hid as it left the window (back when it
   * returns), `muted` dismissed (Escape, a click), `tap` touched while its card was not shown.
   * @typedef {{data: Record<string, Entry> | null, current: HTMLElement | null, describedBy: string | null,
   *   line: number, hoverLink: HTMLElement | null, overCard: boolean, focusLink: HTMLElement | null,
   *   away: HTMLElement | null, muted: HTMLElement | null, tap: HTMLElement | null, timer: number}} State */
  /** @type {State} */
  const state = {
    data: null, // the page data, parsed on first use
    current: null,
    describedBy: null, // the current link's own aria-describedby
    line: -1, // the current link's line box the card is placed against (-1: the last)
    hoverLink: null,
    overCard: false, // a mouse or pen on the card
    focusLink: null,
    away: null,
    muted: null,
    tap: null,
    timer: 0, // a pending show (hover intent) or hide (grace period)
  };

  /** @param {string} tag @param {string} className @param {(string | Node)[]} children */
  function element(tag, className, ...children) {
    const el = document.createElement(tag);
    el.className = className;
    el.append(...children);
    return el;
  }

  /** A link in the card, out of the Tab order while the card is a tooltip (setEntered).
   * @param {string} className @param {string} text @param {string} href */
  const cardLink = (className, text, href) => Object.assign(element("a", className, text), { href, tabIndex: -1 });
  const card = Object.assign(element("div", "aigloss-card"), { id: CARD_ID, role: "tooltip", popover: "manual" });
  /** @param {EventTarget | null} node */
  const inCard = (node) => node instanceof Node && card.contains(node);
  /** @param {HTMLElement} a */
  const lineBoxes = (a) => [...a.getClientRects()].filter((r) => r.width || r.height);
  const viewport = /** @type {VisualViewport} */ (visualViewport); // (every browser with popovers has it)
  /** The visible part of the window (a phone's may be panned or zoomed), in the fixed card's coordinates. */
  const visibleArea = () => {
    const { offsetLeft: left, offsetTop: top, width, height } = viewport;
    return { left, top, width, height };
  };

  /** The term link a node is in (not one inside the card), or null. @param {EventTarget | null} node */
  function termLink(node) {
    const a = node instanceof Element ? node.closest("a.aigloss-term") : null;
    return a instanceof HTMLElement && !inCard(a) && keyOf(a.getAttribute("href")) ? a : null;
  }

  /** The page's entry for a term, or null. @param {string} key */
  function entryFor(key) {
    state.data ??= parseData(document.getElementById("aigloss-data")?.textContent);
    return Object.hasOwn(state.data, key) ? state.data[key] : null;
  }

  /** A link with a card gives its title (the no-JS fallback) to data-aigloss-title. @param {HTMLElement} a */
  function untitle(a) {
    const title = a.getAttribute("title");
    if (title === null || !entryFor(keyOf(a.getAttribute("href")))) return;
    a.setAttribute("data-aigloss-title", title);
    a.removeAttribute("title");
  }

  /** The card, in the landmark holding link a (moving an open popover closes it: show opens it again),
   * filled with the model. @param {HTMLElement} a @param {Model} model */
  function fill(a, model) {
    const settings = document.getElementById("aigloss-data")?.dataset;
    card.dataset.length = settings?.length || "short";
    const host = a.closest(LANDMARKS) ?? document.body;
    if (card.parentElement !== host) host.append(card);
    /** Mark English text in a translated page, as render.py does. @param {HTMLElement} e @param {string} part */
    const english = (e, part) => (model.en.includes(part) ? Object.assign(e, { lang: "en" }) : e);
    const other = model.other ? [" ", english(element("span", "aigloss-card-other", `(${model.other})`), "other")] : [];
    const name = english(Object.assign(element("span", "aigloss-card-name", model.name), { id: `${CARD_ID}-name` }),
      "name");
    card.replaceChildren(element("div", "aigloss-card-head", name, ...other));
    if (model.english) {
      const name = Object.assign(element("span", "", model.english), { lang: "en" });
      card.append(element("div", "aigloss-card-english", `${settings?.english || "English"}: `, name));
    }
    if (model.category) card.append(english(element("div", "aigloss-card-category", model.category), "category"));
    const parts = model.segments.map((s) => (s.href ? cardLink("aigloss-card-link", s.text, s.href) : s.text));
    const definition = element("p", "aigloss-card-definition", ...parts);
    if (model.lang) definition.lang = model.lang;
    card.append(definition);
    if (model.href) card.append(cardLink("aigloss-card-more", settings?.readMore || "Read more", model.href));
  }

  // ---------------------------------------------------------------- state transitions
  /** Show a's card against the line box under the point (null: below the last line).
   * @param {HTMLElement} a @param {{x: number, y: number} | null} point */
  function show(a, point) {
    clearTimeout(state.timer);
    state.away = null;
    if (a === state.muted) return;
    if (a !== state.current) {
      if (inCard(document.activeElement)) return; // entered: no pointer replaces it under focus
      const entry = entryFor(keyOf(a.getAttribute("href")));
      if (!entry) return;
      fill(a, describe(entry));
      setCurrent(a);
      if (!card.matches(":popover-open")) card.showPopover();
    }
    state.line = point ? lineAt(lineBoxes(a), point.x, point.y) : -1;
    position(a);
  }

  /** @param {HTMLElement | null} a the link whose card is shown (null: none), the card in its aria-describedby */
  function setCurrent(a) {
    const old = state.current;
    if (old && state.describedBy !== null) old.setAttribute("aria-describedby", state.describedBy);
    else old?.removeAttribute("aria-describedby");
    state.current = a;
    state.describedBy = a?.getAttribute("aria-describedby") ?? null;
    a?.setAttribute("aria-describedby", state.describedBy ? `${state.describedBy} ${CARD_ID}` : CARD_ID);
    old?.removeAttribute("aria-keyshortcuts");
    a?.setAttribute("aria-keyshortcuts", ENTER_KEY);
  }

  /** The card as a tooltip, or entered: a non-modal dialog named by its term. @param {boolean} entered */
  function setEntered(entered) {
    card.role = entered ? "dialog" : "tooltip";
    if (entered) card.setAttribute("aria-labelledby", `${CARD_ID}-name`);
    else card.removeAttribute("aria-labelledby");
    for (const link of card.querySelectorAll("a")) link.tabIndex = entered ? 0 : -1;
  }

  function hide() {
    clearTimeout(state.timer);
    if (!state.current) return;
    state.overCard = false;
    setCurrent(null);
    setEntered(false);
    if (card.matches(":popover-open")) card.hidePopover();
  }

  /** The grace period is over: hide, unless the pointer or focus came back; then the focused link's card. */
  function graceOver() {
    const { hoverLink, current, overCard, focusLink } = state;
    if (!current || hoverLink === current || overCard || focusLink === current || inCard(document.activeElement)) return;
    hide();
    if (focusLink && !hoverLink) show(focusLink, null);
  }

  /** @param {HTMLElement} a */
  function position(a) {
    const view = visibleArea();
    Object.assign(card.style, { maxHeight: "", top: "0px", left: "0px" });
    card.style.setProperty("--aigloss-view-width", `${view.width}px`); // (narrower than 100vw when pinch-zoomed)
    const boxes = lineBoxes(a);
    const anchor = anchorOf(boxes.length ? boxes : [a.getBoundingClientRect()], state.line);
    const rtl = getComputedStyle(a).direction === "rtl";
    const where = place(anchor, card.getBoundingClientRect(), view, { rtl, prefer: anchor.prefer });
    const maxHeight = where.maxHeight === null ? "" : `${where.maxHeight}px`;
    Object.assign(card.style, { top: `${where.top}px`, left: `${where.left}px`, maxHeight });
    card.setAttribute("data-side", where.side);
  }

  /** Scroll or resize: the card follows its link, hides while the link is out of the window (unless it holds the focus),
   * and comes back for a focused link when it returns (a theme's smooth scrolling to a focused link starts with it out of view).
   * @param {Event} event */
  function onMove(event) {
    if (inCard(event.target)) return; // (scrolling the card itself)
    const a = state.current ?? (state.away === state.focusLink ? state.away : null);
    if (!a) return;
    const box = a.getBoundingClientRect();
    const { left, top, width, height } = visibleArea();
    const out = box.bottom < top || box.top > top + height || box.right < left || box.left > left + width;
    if (!a.isConnected || out) {
      if (a.isConnected && inCard(document.activeElement)) return; // entered: it stays, or focus would drop to <body>
      hide();
      state.away = a.isConnected && a === state.focusLink ? a : null;
    } else if (a === state.current) position(a);
    else show(a, null);
  }

  // ---------------------------------------------------------------- the listeners (delegated)
  /** A mouse or pen moved onto a term link, the card or neither (null: left the window). @param {PointerEvent} event */
  function onPointer(event) {
    const to = event.type === "pointerout" ? event.relatedTarget : event.target;
    const a = termLink(to);
    const overCard = inCard(to);
    if (a) untitle(a); // (a touch too: before its pointerdown)
    if (event.pointerType === "touch" || (a === state.hoverLink && overCard === state.overCard)) return;
    if (state.hoverLink === state.muted) state.muted = null; // leaving a dismissed link ends the dismissal
    state.hoverLink = a;
    state.overCard = overCard;
    clearTimeout(state.timer);
    if (a && a !== state.muted && a !== state.current) {
      const point = { x: event.clientX, y: event.clientY };
      state.timer = setTimeout(() => show(a, point), state.current ? SWITCH_DELAY : SHOW_DELAY);
    } else if (!a && !overCard) {
      state.timer = setTimeout(graceOver, HIDE_DELAY);
    }
  }
  document.addEventListener("pointerover", onPointer);
  document.addEventListener("pointerout", onPointer);
  addEventListener("scroll", onMove, { capture: true, passive: true });
  addEventListener("resize", onMove, { passive: true });
  // A phone's visual viewport pans and zooms without scrolling the page.
  viewport.addEventListener("scroll", onMove, { passive: true });
  viewport.addEventListener("resize", onMove, { passive: true });

  document.addEventListener("focusin", (event) => {
    const a = termLink(event.target);
    if (a) untitle(a);
    if (!a?.matches(":focus-visible")) return; // the keyboard, not a click or a tap
    state.focusLink = a;
    if (state.muted !== a) state.muted = null;
    show(a, null);
  });

  document.addEventListener("focusout", (event) => {
    const a = termLink(event.target);
    if (inCard(event.target) && !inCard(event.relatedTarget)) { // focus left the entered card
      setEntered(false);
      if (event.relatedTarget !== state.current && state.hoverLink !== state.current) hide();
    }
    if (!a || a !== state.focusLink) return;
    state.focusLink = null;
    if (a === state.muted) state.muted = null;
    if (a === state.current && state.hoverLink !== a && !state.overCard && !inCard(event.relatedTarget)) hide();
  });

  document.addEventListener("keydown", (event) => {
    const a = state.current;
    const links = card.querySelectorAll("a");
    if (a && event.target === a && event.altKey && event.key === "ArrowUp" && links.length) {
      event.preventDefault();
      setEntered(true);
      links[0].focus();
    } else if (a && event.key === "Tab" && event.target === links[event.shiftKey ? 0 : links.length - 1]) {
      // Out at either end: to the term link (Tab's default action then goes on from there).
      if (event.shiftKey) event.preventDefault();
      a.focus();
    }
    if (event.key !== "Escape") return;
    state.away = null; // (dismissed while its link was out of view: it does not come back)
    if (!a) return;
    state.muted = a;
    if (inCard(event.target)) a.focus();
    hide();
  });

  document.addEventListener("pointerdown", (event) => {
    const a = termLink(event.target);
    state.tap = a && event.pointerType === "touch" && a !== state.current ? a : null;
    if (!a && !inCard(event.target)) hide();
  });

  document.addEventListener("click", (event) => {
    const a = termLink(event.target);
    const first = a !== null && a === state.tap && !(event.ctrlKey || event.metaKey || event.shiftKey || event.altKey);
    state.tap = null;
    if (first) {
      event.preventDefault(); // a first tap shows the card; a second follows the link
      state.muted = null;
      show(a, { x: event.clientX, y: event.clientY });
    } else if (a || (event.target instanceof Element && inCard(event.target) && event.target.closest("a"))) {
      state.muted = a ?? state.muted; // a click dismisses its term link's card; one on a link in the card hides it
      hide();
    }
  });
})();
