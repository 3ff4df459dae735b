// @ts-check
/* sphinx-aigloss: on the search page, the card of each term the query names, above the results.
 * Data: globalThis.aiglossSearchData, from _static/aigloss-search-data.js (search.py): name forms folded as the
 * glossary filter folds them (each to the terms it names), and per term its name, other form, category, short definition and entry URL.
 * Text nodes only; no requests. The pure functions are exported as globalThis.aiglossSearchFuncs for tests. */
"use strict";

(() => {
  /** `en`: which of name, other, category and text are left in English (a translated glossary).
   * @typedef {{name: string, other: string, category: string, text: string, url: string, en?: string[]}} Found
   * @typedef {{label: string, more: string, forms: Record<string, number[]>, terms: Found[]}} Data */

  // The glossary filter's folding (aigloss-glossary.js; a test checks both agree): case, width, accents,
  // invisible characters, spaces, hyphens and dots away.
  const INVISIBLE = /[\u00ad\u200b-\u200f\u2060\ufeff\u202a-\u202e]/g;
  const SEPARATORS = /[\s\-\u2010-\u2015_.,'\u2019/]+/g;
  const MARKS = /\p{Mn}/gu;

  /** @param {string} text */
  function fold(text) {
    return text.normalize("NFKC").replace(INVISIBLE, "").toLowerCase().replace(/ß/g, "ss")
      .replace(SEPARATORS, "").normalize("NFKD").replace(MARKS, "");
  }

  /** A folded form and its simple English singulars (as the glossary's lookup tries them). @param {string} key */
  function candidates(key) {
    const out = [key];
    if (key.length > 4 && key.endsWith("ies")) out.push(key.slice(0, -3) + "y");
    if (key.length > 3 && key.endsWith("es")) out.push(key.slice(0, -2));
    if (key.length > 2 && key.endsWith("s") && !key.endsWith("ss")) out.push(key.slice(0, -1));
    return out;
  }

  /** The terms a query names: runs of its words, longest first, each run taken unless it overlaps one already
   * taken; a question's punctuation around words does not count ("what is RLHF?"). A run is tried only while it
   * could still be a form (no longer than the longest), so a long query costs time linear in its words.
   * @param {string} query @param {Data} data @returns {Found[]} */
  function named(query, data) {
    /** @param {string} word */
    const bare = (word) => word.replace(/^[(“"]+|[)”"?!;:]+$/g, "");
    const words = query.split(/\s+/).filter(fold);
    const raw = words.map(fold);
    const plain = words.map((word) => fold(bare(word)));
    // Folding drops the spaces between words, so a run's key is its words' keys joined; candidates() shortens it
    // by at most 3.
    const limit = Object.keys(data.forms).reduce((most, form) => Math.max(most, form.length), 0) + 3;
    /** @type {[number, number, string][]} start, size and key of every run that is a form */
    const runs = [];
    words.forEach((_, start) => {
      let [whole, stripped] = ["", ""];
      for (let end = start; end < words.length && end - start < limit; end++) {
        [whole, stripped] = [whole + raw[end], stripped + plain[end]];
        if (whole.length > limit && stripped.length > limit) break;
        const key = [whole, stripped].flatMap(candidates).find((k) => Object.hasOwn(data.forms, k));
        if (key !== undefined) runs.push([start, end - start + 1, key]);
      }
    });
    runs.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
    const used = words.map(() => false);
    /** @type {Found[]} */
    const found = [];
    for (const [start, size, key] of runs) {
      if (used.slice(start, start + size).some(Boolean)) continue;
      used.fill(true, start, start + size);
      for (const term of data.forms[key].map((i) => data.terms[i])) { // (a shared form: every term it names)
        if (!found.includes(term)) found.push(term);
      }
    }
    return found;
  }

  /** The URL unless it would run script. @param {string} url */
  const safeHref = (url) => (/^\s*(javascript|vbscript|data):/i.test(url) ? "" : url);

  Object.assign(globalThis, { aiglossSearchFuncs: { fold, candidates, named } });
  const data = /** @type {Data | undefined} */ (Reflect.get(globalThis, "aiglossSearchData"));
  if (typeof document === "undefined" || !data) return;

  /** @param {string} tag @param {string} className @param {(string | Node)[]} children */
  function element(tag, className, ...children) {
    const el = document.createElement(tag);
    el.className = className;
    el.append(...children);
    return el;
  }

  const found = named(new URLSearchParams(location.search).get("q") || "", data);
  if (!found.length) return;
  const box = Object.assign(element("section", "aigloss-search-cards"), { ariaLabel: data.label });
  for (const term of found) {
    const href = safeHref(term.url);
    /** Mark English text in a translated page. @param {HTMLElement} e @param {string} part */
    const english = (e, part) => (term.en?.includes(part) ? Object.assign(e, { lang: "en" }) : e);
    const name = href ? Object.assign(element("a", "", term.name), { href }) : term.name;
    const other = term.other ? [" ", english(element("span", "aigloss-card-other", `(${term.other})`), "other")] : [];
    const card = element("div", "aigloss-search-card",
      element("div", "aigloss-card-head", english(element("span", "aigloss-card-name", name), "name"), ...other));
    if (term.category) card.append(english(element("div", "aigloss-card-category", term.category), "category"));
    card.append(english(element("p", "aigloss-card-definition", term.text), "text"));
    if (href) card.append(Object.assign(element("a", "aigloss-card-more", data.more), { href }));
    box.append(card);
  }
  const results = document.getElementById("search-results");
  if (results) results.before(box);
  else (document.querySelector("main, [role=main]") ?? document.body).prepend(box);
})();
