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
  // Folding as sphinx_aigloss.glossary_tools.search_text folds the names (normalise(), then
  // no accents): typed words, names and definitions meet in the same form.
  const INVISIBLE = /[\u00ad\u200b-\u200f\u2060\ufeff\u202a-\u202e]/g;
  const SEPARATORS = /[\s\-\u2010-\u2015_.,'\u2019/]+/g;
  const MARKS = /\p{Mn}/gu;

  /**
   * @param {string} text
   * @returns {string}
   */
  function fold(text) {
    return text.normalize("NFKC").replace(INVISIBLE, "").toLowerCase().replace(/ß/g, "ss")
      .replace(SEPARATORS, "").normalize("NFKD").replace(MARKS, "");
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
   *
   * @typedef {object} Group
   * @property {HTMLElement[]} parts  the category heading, its <dl> and its jump bar item
   * @property {Entry[]} entries
   *
   * @typedef {[HTMLElement, boolean]} Change  an element and its new `hidden`
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
          entries.push({ parts: [child], text: child.dataset.aiglossSearch || "" });
        } else if (entries.length) {
          const entry = entries[entries.length - 1];
          const definition = entry.parts.length === 1 ? child.querySelector(":scope > p") : null;
          if (definition) entry.text += " " + fold(definition.textContent || "");
          entry.parts.push(child);
        }
      }
      groups.push({ parts, entries });
    }
    return groups;
  }

  /**
   * Which entries hold every word, and what must change for the page to show them and only
   * them (emptied categories hide too), in the page's order, category headings first.
   * @param {Group[]} groups
   * @param {string[]} wanted
   * @returns {{count: number, changes: Change[]}}
   */
  function plan(groups, wanted) {
    let count = 0;
    /** @type {Change[]} */
    const changes = [];
    for (const group of groups) {
      /** @type {Change[]} */
      const inside = [];
      let inGroup = 0;
      for (const entry of group.entries) {
        const shown = wanted.every((word) => entry.text.includes(word));
        if (shown) inGroup += 1;
        for (const part of entry.parts) if (part.hidden === shown) inside.push([part, !shown]);
      }
      for (const part of group.parts) if (part.hidden === (inGroup > 0)) changes.push([part, inGroup === 0]);
      changes.push(...inside);
      count += inGroup;
    }
    return { count, changes };
  }

  /**
   * How many elements change visibility in the keystroke's own task (the first in page order,
   * nearest the field), then in each later frame. Each frame that changes any costs Chromium work
   * over the whole list (moving the entries below, checking which are in view) as well as
   * per element: the first slice small keeps the keystroke quick, the later ones large keep
   * the frames few (measured with benchmarks/filter_keystroke.py).
   */
  const FIRST = 150;
  const SLICE = 1500;

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

    /** @param {number} shown */
    const say = (shown) => {
      status.textContent = template.replace("{shown}", String(shown)).replace("{total}", String(total));
    };
    let frame = 0;
    /** @param {boolean} [now]  apply every change at once (before scrolling to an entry) */
    const update = (now = false) => {
      const { count, changes } = plan(groups, words(input.value));
      say(count);
      cancelAnimationFrame(frame);
      let next = 0;
      const step = () => {
        const end = now ? changes.length : Math.min(next + (next === 0 ? FIRST : SLICE), changes.length);
        for (; next < end; next += 1) changes[next][0].hidden = changes[next][1];
        if (next < changes.length) frame = requestAnimationFrame(step);
      };
      step();
    };
    say(total);
    input.addEventListener("input", () => update());
    input.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && input.value !== "") {
        event.preventDefault();
        input.value = "";
        update();
      }
    });
    // A link to an entry the filter hides (a term link, the jump bar): show everything again.
    window.addEventListener("hashchange", () => {
      const target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
      if (target && box.contains(target) && target.closest("[hidden]")) {
        input.value = "";
        update(true);
        target.scrollIntoView();
      }
    });
  }

  // The pure functions, for tests (tests/test_glossary_tools.py runs them under Node).
  Object.assign(globalThis, { aiglossGlossaryFuncs: { fold, words, plan } });
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
