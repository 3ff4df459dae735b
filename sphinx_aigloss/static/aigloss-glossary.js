// @ts-check
/* sphinx-aigloss: filter a glossary's entries as you type.
 *
 * The build writes each glossary as a <div class="aigloss-glossary-tools"> holding the strings
 * this script shows (data-aigloss-filter-label, data-aigloss-filter-status) and, on each
 * entry's <dt>, its name forms folded (data-aigloss-search); the definition is the first
 * paragraph of the entry's <dd>. The script inserts the field: without JavaScript there is
 * none and every entry shows.
 */
"use strict";

(() => {
  // Folding as sphinx_aigloss.glossary_tools.fold folds the names (normalise(), then no
  // accents): typed words, names and definitions meet in the same form. Python's casefold()
  // is toLowerCase() and the mappings below (tests/test_glossary_tools.py compares the two
  // over whole scripts); U+0345 (the iota below) folds to an iota once decomposed.
  const INVISIBLE = /[\u00ad\u200b-\u200f\u2060\ufeff\u202a-\u202e]/g;
  const SEPARATORS = /[\s\x1c-\x1f\x85\-\u2010-\u2015_.,'\u2019/]+/g;
  const MARKS = /\p{Mn}/gu;
  /** @type {Record<string, string>} */
  const CASEFOLD = { "ß": "ss", "ς": "σ", "\u1c80": "в", "\u1c81": "д", "\u1c82": "о", "\u1c83": "с",
    "\u1c84": "т", "\u1c85": "т", "\u1c86": "ъ", "\u1c87": "ѣ", "\u1c88": "ꙋ" };
  const FOLDED = /[ßς\u1c80-\u1c88]/g;
  // Cherokee folds to its capitals, which toLowerCase() turned into small letters.
  const CHEROKEE = /[\uab70-\uabbf\u13f8-\u13fd]/g;

  /** @param {string} char */
  const cherokee = (char) => String.fromCharCode(char.charCodeAt(0) - (char < "\u2000" ? 8 : 0xab70 - 0x13a0));

  /**
   * @param {string} text
   * @returns {string}
   */
  function fold(text) {
    return text.normalize("NFKC").replace(INVISIBLE, "").toLowerCase()
      .replace(FOLDED, (char) => CASEFOLD[char]).replace(CHEROKEE, cherokee)
      .replace(SEPARATORS, "").normalize("NFKD").replace(/\u0345/g, "ι").replace(MARKS, "");
  }

  /**
   * The folded words of what the reader typed.
   * @param {string} query
   * @returns {string[]}
   */
  function words(query) {
    return query.split(/\s+/).map(fold).filter((word) => word !== "");
  }

  /**
   * @typedef {object} Entry
   * @property {HTMLElement[]} parts  the entry's <dt> and <dd> elements
   * @property {string} text  what typed words must occur in
   * @property {boolean} hidden  as its parts are (kept here: reading thousands of elements'
   *   `hidden` at each keystroke costs milliseconds)
   * @property {number} height  its parts' height when last rendered while filtering (0: not yet)
   *
   * @typedef {object} Group
   * @property {HTMLElement} list  the category's <dl>
   * @property {HTMLElement[]} parts  the category heading, its <dl> and its jump bar item
   * @property {Entry[]} entries
   * @property {boolean} hidden  as its parts are
   *
   * @typedef {[Entry | Group, boolean]} Change  an entry or category and its new `hidden`
   */

  /**
   * The categories and entries of one glossary, read once.
   * @param {HTMLElement} box
   * @returns {Group[]}
   */
  function read(box) {
    /** @type {Group[]} */
    const groups = [];
    for (const list of Array.from(box.querySelectorAll(":scope > dl"))) {
      const heading = list.previousElementSibling;
      const parts = [/** @type {HTMLElement} */ (list)];
      if (heading instanceof HTMLElement && heading.classList.contains("rubric")) {
        parts.unshift(heading);
        const anchor = box.querySelector(`.aigloss-jump a[href="#${CSS.escape(heading.id)}"]`);
        const item = anchor ? anchor.closest("li") : null;
        if (item instanceof HTMLElement) parts.push(item);
      }
      /** @type {Entry[]} */
      const entries = [];
      for (const child of Array.from(list.children)) {
        if (!(child instanceof HTMLElement)) continue;
        if (child.tagName === "DT") {
          entries.push({ parts: [child], text: child.dataset.aiglossSearch || "", hidden: false, height: 0 });
        } else if (entries.length) {
          const entry = entries[entries.length - 1];
          const definition = entry.parts.length === 1 ? child.querySelector(":scope > p") : null;
          if (definition) entry.text += " " + fold(definition.textContent || "");
          entry.parts.push(child);
        }
      }
      groups.push({ list: /** @type {HTMLElement} */ (list), parts, entries, hidden: false });
    }
    return groups;
  }

  /**
   * Which entries hold every word, and what must change for the page to show them and only
   * them, in the page's order. A category left with no entry hides whole (its heading, list
   * and jump bar item) and its entries are left as they are: one change instead of one per
   * entry. They are brought up to date when the category shows again.
   * @param {Group[]} groups
   * @param {string[]} wanted
   * @returns {{count: number, changes: Change[]}}
   */
  function plan(groups, wanted) {
    let count = 0;
    /** @type {Change[]} */
    const changes = [];
    for (const group of groups) {
      const shown = group.entries.map((entry) => wanted.every((word) => entry.text.includes(word)));
      const inGroup = shown.filter(Boolean).length;
      if (group.hidden === (inGroup > 0)) changes.push([group, inGroup === 0]);
      if (inGroup > 0) {
        group.entries.forEach((entry, index) => {
          if (entry.hidden === shown[index]) changes.push([entry, !shown[index]]);
        });
      }
      count += inGroup;
    }
    return { count, changes };
  }

  /**
   * The id a URL fragment names; a malformed escape ("#%E0%A4%A") is taken as written.
   * @param {string} hash
   * @returns {string}
   */
  function fragment(hash) {
    try {
      return decodeURIComponent(hash.slice(1));
    } catch {
      return hash.slice(1);
    }
  }

  const FILTERING = "aigloss-filtering";
  const NEAR = "aigloss-near";
  const LATER = "aigloss-later";
  const PAUSE = 400; // ms without a keystroke: typing has paused

  /**
   * Insert the field and its live region above one glossary's entries.
   * @param {HTMLElement} box
   */
  function setUp(box) {
    const groups = read(box);
    const total = groups.reduce((sum, group) => sum + group.entries.length, 0);
    const template = box.dataset.aiglossFilterStatus || "{shown} of {total} terms";

    const field = document.createElement("div");
    field.className = "aigloss-filter";
    const label = document.createElement("label");
    const name = document.createElement("span");
    name.className = "aigloss-filter-label";
    name.textContent = box.dataset.aiglossFilterLabel || "Filter terms";
    const input = document.createElement("input");
    input.type = "search";
    input.autocomplete = "off";
    input.spellcheck = false;
    label.append(name, input);
    const status = document.createElement("p");
    status.className = "aigloss-filter-status";
    status.setAttribute("role", "status"); // a polite live region
    field.append(label, status);
    box.prepend(field);

    let said = -1;
    // The count, when it changes: the same text written again would be laid out and painted
    // again, and could be announced again.
    /** @param {number} shown */
    const say = (shown) => {
      if (shown === said) return;
      said = shown;
      status.textContent = template.replace("{shown}", String(shown)).replace("{total}", String(total));
    };
    // Every change in one pass of writes, then one layout (the field's caret needs it anyway).
    // A keystroke that changes no entry moves no list: the lists in view are those of the last
    // one, unless filtering has just begun (`starting`).
    const update = (starting = false) => {
      const { count, changes } = plan(groups, words(input.value));
      for (const [item, hidden] of changes) item.hidden = hidden;
      const filtering = box.classList.contains(FILTERING);
      if (filtering && changes.length > 0 && !starting) below();
      for (const [item, hidden] of changes) {
        for (const part of item.parts) part.hidden = hidden;
      }
      say(count);
      if (filtering && (changes.length > 0 || starting)) {
        near();
        measure();
      }
      clearTimeout(pause);
      if (later.size > 0) pause = setTimeout(lift, PAUSE);
    };
    // Before the writes, while the layout is still clean: a list that the change will certainly
    // push below the viewport (the entries above it, at their heights when last rendered, fill
    // it) is locked before its entries change (aigloss-later: content-visibility: hidden). The
    // browser renders a content-visibility: auto list by where the last frame put it, well
    // beyond the viewport: without the lock the entries it shows there would be styled and laid
    // out for nothing. near() unlocks a wrong guess in view; lift() the rest.
    const below = () => {
      let y = box.getBoundingClientRect().top;
      /** @type {HTMLElement[]} */
      const lock = [];
      for (const { list, entries, hidden } of groups) {
        if (hidden) continue;
        if (y >= window.innerHeight) {
          if (!later.has(list)) lock.push(list);
          continue;
        }
        for (const entry of entries) if (!entry.hidden) y += entry.height;
      }
      for (const list of lock) {
        list.classList.remove(NEAR);
        list.classList.add(LATER);
        later.add(list);
      }
    };
    // Locked lists are unlocked (left to content-visibility: auto again) once typing pauses, and
    // at once when the reader scrolls, focuses, prints or follows a link (lay()): their entries
    // must be there to see, find and land on.
    /** @type {Set<HTMLElement>} */
    const later = new Set();
    let pause = 0;
    const lift = () => {
      clearTimeout(pause);
      for (const list of later) list.classList.remove(LATER);
      later.clear();
    };
    // The heights below() counts on, read once per entry from the rendered lists (the layout is
    // clean after near()).
    const measure = () => {
      for (const { list, entries } of groups) {
        if (!list.classList.contains(NEAR)) continue;
        for (const entry of entries) {
          if (entry.hidden || entry.height > 0) continue;
          for (const part of entry.parts) entry.height += part.getBoundingClientRect().height;
        }
      }
    };
    // While filtering, the browser renders a category list only once it has found it near the
    // viewport, after a frame is painted (aigloss-glossary.css): one that a change brings into
    // view would show empty for a frame. Lists in view are rendered at once; those out of view
    // are left to the browser. Each list rendered can move the next: a few passes settle them.
    const near = () => {
      for (let pass = 0; pass < 4; pass += 1) {
        let moved = false;
        for (const { list } of groups) {
          const rect = list.getBoundingClientRect();
          const inView = !list.hidden && rect.bottom > 0 && rect.top < window.innerHeight;
          if (inView && later.delete(list)) {
            list.classList.remove(LATER);
            moved = true;
          }
          if (inView !== list.classList.contains(NEAR)) {
            list.classList.toggle(NEAR, inView);
            moved = true;
          }
        }
        if (!moved) return;
      }
    };
    // Once the reader filters, the browser lays out only the categories in view
    // (aigloss-glossary.css: .aigloss-filtering); before the page scrolls to a fragment the
    // class goes and the page is laid out whole, so the scroll lands on the real layout.
    // Cold loads never have it.
    const lay = () => {
      lift();
      if (!box.classList.contains(FILTERING)) return false;
      box.classList.remove(FILTERING);
      void box.offsetHeight; // the layout the scroll that follows needs, now
      return true;
    };
    say(total);
    input.addEventListener("input", () => {
      const starting = !box.classList.contains(FILTERING);
      box.classList.add(FILTERING);
      update(starting);
    });
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && input.value !== "") {
        event.preventDefault();
        input.value = "";
        update();
      }
    });
    // A click's scroll to a fragment comes after the listeners: a capturing one runs first.
    document.addEventListener("click", (event) => {
      if (samePage(event.target)) lay();
    }, true);
    // A fragment set otherwise (a script, history): the scroll has happened; it is redone.
    // A link to an entry the filter hides (a term link, the jump bar): show everything again.
    const arrive = () => {
      const target = document.getElementById(fragment(location.hash));
      const laid = lay();
      if (target && box.contains(target) && target.closest("[hidden]")) {
        input.value = "";
        update();
        target.scrollIntoView();
      } else if (target && laid) {
        target.scrollIntoView();
      }
    };
    window.addEventListener("hashchange", arrive);
    // (Capturing: a scroll of any element, as themes scroll their own boxes; but not the
    // field's own text scrolling sideways under a long query, which moves no list.)
    document.addEventListener("scroll", (event) => {
      if (event.target !== input) lift();
    }, { capture: true, passive: true });
    document.addEventListener("focusin", (event) => {
      if (event.target !== input) lift();
    });
    window.addEventListener("beforeprint", lift);
    window.addEventListener("resize", lift);
    // Find in the page (Ctrl+F, Cmd+F, F3): locked content cannot be found.
    document.addEventListener("keydown", (event) => {
      if (event.ctrlKey || event.metaKey || event.key === "F3") lift();
    }, true);
  }

  /**
   * Whether a click on `node` follows a link to a fragment of this page (a map's nodes are
   * SVG links, with xlink:href).
   * @param {EventTarget | null} node
   * @returns {boolean}
   */
  function samePage(node) {
    const link = node instanceof Element ? node.closest("a") : null;
    const href = link ? link.getAttribute("href") || link.getAttribute("xlink:href") : null;
    if (href === null) return false;
    const url = new URL(href, document.baseURI);
    const page = (/** @type {URL | Location} */ where) => where.origin + where.pathname + where.search;
    return url.hash !== "" && page(url) === page(location);
  }

  // The pure functions, for tests (tests/test_glossary_tools.py runs them under Node).
  Object.assign(globalThis, { aiglossGlossaryFuncs: { fold, words, plan, fragment } });
  if (typeof document === "undefined") return;

  const start = () => {
    for (const box of Array.from(document.querySelectorAll(".aigloss-glossary-tools"))) {
      if (box instanceof HTMLElement) setUp(box);
    }
  };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
