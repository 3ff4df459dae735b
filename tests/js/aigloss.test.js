// Unit tests of the pure logic of sphinx_aigloss/static/aigloss.js (no DOM).
// Run: node --test tests/js/   (tests/test_hover.py runs them too)
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");

// The script is a classic browser script: run it as one here (no document, so it only
// exports its pure functions on globalThis). AIGLOSS_JS: another copy of it to test.
const file = process.env.AIGLOSS_JS || path.join(__dirname, "..", "..", "sphinx_aigloss", "static", "aigloss.js");
vm.runInThisContext(fs.readFileSync(file, "utf8"), { filename: file });
const f = globalThis.aiglossFuncs;

test("exports the pure functions on globalThis", () => {
  for (const name of ["keyOf", "parseData", "safeHref", "describe", "lineAt", "anchorOf", "place"]) {
    assert.equal(typeof f[name], "function", name);
  }
});

test("keyOf takes the key from the #aiterm- fragment", () => {
  assert.equal(f.keyOf("glossary.html#aiterm-rlhf"), "rlhf");
  assert.equal(f.keyOf("#aiterm-reward-model"), "reward-model");
  assert.equal(f.keyOf("https://example.org/ai/#aiterm-lora"), "lora");
  assert.equal(f.keyOf("../a/b.html#aiterm-caf%C3%A9"), "café");
  assert.equal(f.keyOf("#aiterm-%E0%A4%A"), "%E0%A4%A"); // malformed escape: kept as is
  assert.equal(f.keyOf("glossary.html#other"), "");
  assert.equal(f.keyOf(""), "");
  assert.equal(f.keyOf(null), "");
});

test("parseData: the page's object; {} when the element is missing or the JSON broken", () => {
  assert.deepEqual(f.parseData('{"a":{"name":"A"}}'), { a: { name: "A" } });
  assert.deepEqual(f.parseData(""), {});
  assert.deepEqual(f.parseData(null), {});
  assert.deepEqual(f.parseData(undefined), {});
  assert.deepEqual(f.parseData("{oops"), {});
  // the extension escapes <, > and & as \u003c, \u003e, \u0026
  assert.equal(f.parseData('{"a":{"name":"\\u003cb\\u003e \\u0026"}}').a.name, "<b> &");
});

test("safeHref refuses script URLs", () => {
  assert.equal(f.safeHref("glossary.html#aiterm-x"), "glossary.html#aiterm-x");
  assert.equal(f.safeHref("https://example.org/#aiterm-x"), "https://example.org/#aiterm-x");
  assert.equal(f.safeHref("javascript:alert(1)"), "");
  assert.equal(f.safeHref(" JavaScript:alert(1)"), "");
  assert.equal(f.safeHref("data:text/html,x"), "");
  assert.equal(f.safeHref("\tVBScript:x"), "");
});

test("describe turns an entry into the card's content", () => {
  const entry = {
    name: "RLHF",
    other: "Reinforcement Learning from Human Feedback",
    category: "Fine-Tuning Methods",
    url: "glossary.html#aiterm-rlhf",
    segments: ["Train a ", ["reward model", "glossary.html#aiterm-reward-model"], " on preferences."],
  };
  assert.deepEqual(f.describe(entry), {
    name: "RLHF",
    other: "Reinforcement Learning from Human Feedback",
    english: "",
    lang: "",
    en: [],
    category: "Fine-Tuning Methods",
    segments: [
      { text: "Train a " },
      { text: "reward model", href: "glossary.html#aiterm-reward-model" },
      { text: " on preferences." },
    ],
    href: "glossary.html#aiterm-rlhf",
  });
});

test("describe: script URLs lose their link, empty text is dropped, no other form is empty", () => {
  const model = f.describe({
    name: "X", category: "", url: "g.html#aiterm-x",
    segments: ["", ["evil", "javascript:alert(1)"], ["ok", "#aiterm-ok"], ["", "#aiterm-empty"], "."],
  });
  assert.deepEqual(model.segments, [{ text: "evil" }, { text: "ok", href: "#aiterm-ok" }, { text: "." }]);
  assert.equal(model.other, "");
  assert.equal(model.category, "");
  assert.equal(model.href, "g.html#aiterm-x");
  assert.equal(f.describe({ name: "X", category: "", url: " data:text/html,x", segments: ["t"] }).href, "");
});

test("describe: a translated term keeps its English name; an untranslated one its language", () => {
  const model = f.describe({ name: "Feinabstimmung", english: "Fine-tuning", category: "", url: "", segments: ["t"] });
  assert.equal(model.english, "Fine-tuning");
  assert.equal(model.lang, "");
  assert.equal(f.describe({ name: "X", lang: "en", category: "", url: "", segments: ["t"] }).lang, "en");
  const parts = ["name", "category"];
  assert.deepEqual(f.describe({ name: "X", en: parts, category: "C", url: "", segments: ["t"] }).en, parts);
});

const view = { width: 1000, height: 800 };
const size = { width: 300, height: 150 };
const rect = (left, top, width = 60, height = 20) => ({
  left, top, right: left + width, bottom: top + height, width, height,
});

function inside(where, sz, vw, margin = 8) {
  const height = where.maxHeight === null ? sz.height : Math.min(sz.height, where.maxHeight);
  const { left = 0, top = 0 } = vw;
  assert.ok(where.left >= left + margin, `left ${where.left}`);
  assert.ok(where.top >= top + margin, `top ${where.top}`);
  assert.ok(where.left + sz.width <= left + vw.width - margin, `right ${where.left + sz.width}`);
  assert.ok(where.top + height <= top + vw.height - margin, `bottom ${where.top + height}`);
}

test("place: below the link, aligned with its start", () => {
  const where = f.place(rect(100, 100), size, view);
  assert.deepEqual(where, { top: 126, left: 100, side: "below", maxHeight: null });
  inside(where, size, view);
});

test("place: above the link when there is no room below", () => {
  const link = rect(100, 760);
  const where = f.place(link, size, view);
  assert.equal(where.side, "above");
  assert.equal(where.maxHeight, null);
  assert.equal(where.top + size.height, link.top - 6);
  inside(where, size, view);
});

test("place: clamped at the right edge and at the left edge", () => {
  const right = f.place(rect(960, 300, 40), size, view);
  assert.equal(right.left, 1000 - 8 - 300);
  inside(right, size, view);
  const left = f.place(rect(-30, 300, 40), size, view);
  assert.equal(left.left, 8);
  inside(left, size, view);
});

test("place: right-to-left aligns the card with the link's right edge", () => {
  const where = f.place(rect(500, 100), size, view, { rtl: true });
  assert.equal(where.left, 560 - 300);
  const clamped = f.place(rect(10, 100), size, view, { rtl: true });
  assert.equal(clamped.left, 8);
});

test("place: a narrow phone (360 px) keeps the card inside", () => {
  const phone = { width: 360, height: 640 };
  const card = { width: 344, height: 220 };
  for (const left of [0, 20, 150, 300, 340]) {
    for (const top of [0, 100, 300, 500, 620]) {
      inside(f.place(rect(left, top, 20, 18), card, phone), card, phone);
    }
  }
});

test("place: a phone's visual viewport panned inside a wider page keeps the card in what is seen", () => {
  // pydata-sphinx-theme at 360 px: a layout 396 px wide, the visible part 36 px to the right and 74 px down.
  const seen = { left: 36, top: 74, width: 360, height: 740 };
  const card = { width: 344, height: 150 };
  const where = f.place(rect(67, 334, 40, 19), card, seen);
  assert.deepEqual(where, { top: 359, left: 44, side: "below", maxHeight: null });
  for (const left of [0, 40, 200, 380]) {
    for (const top of [80, 300, 790]) inside(f.place(rect(left, top, 30, 19), card, seen), card, seen);
  }
  // near the top of what is seen (not of the page): above has no room, so below
  assert.equal(f.place(rect(100, 100, 30, 19), card, seen, { prefer: "above" }).side, "below");
  // zoomed in: the visible part is smaller than the card, which gets a maxHeight and the start edge
  const zoomed = { left: 100, top: 300, width: 180, height: 370 };
  const big = f.place(rect(150, 400, 30, 19), { width: 164, height: 400 }, zoomed);
  assert.deepEqual(big, { top: 425, left: 108, side: "below", maxHeight: 237 });
});

test("place: too tall for either side picks the roomier side and limits the height", () => {
  const tall = { width: 300, height: 700 };
  const low = f.place(rect(100, 500), tall, view);
  assert.equal(low.side, "above");
  assert.equal(low.maxHeight, 500 - 6 - 8);
  assert.equal(low.top, 8);
  inside(low, tall, view);
  const high = f.place(rect(100, 200), tall, view);
  assert.equal(high.side, "below");
  assert.equal(high.maxHeight, 800 - 220 - 6 - 8);
  assert.equal(high.top, 226);
  inside(high, tall, view);
});

test("place: custom gap and margin", () => {
  const where = f.place(rect(0, 100), size, view, { gap: 0, margin: 0 });
  assert.deepEqual(where, { top: 120, left: 0, side: "below", maxHeight: null });
});

test("place: prefer above, and below when above has no room", () => {
  const where = f.place(rect(100, 300), size, view, { prefer: "above" });
  assert.deepEqual(where, { top: 300 - 6 - 150, left: 100, side: "above", maxHeight: null });
  const high = f.place(rect(100, 100), size, view, { prefer: "above" });
  assert.equal(high.side, "below");
  assert.equal(high.top, 126);
});

// A link wrapped over two lines at the right edge of a 360 px phone, and over three lines.
const two = [rect(250, 100, 100, 20), rect(10, 124, 80, 20)];
const three = [rect(250, 100, 100, 20), rect(10, 124, 340, 20), rect(10, 148, 60, 20)];

test("lineAt: the line under the pointer, else the nearest", () => {
  assert.equal(f.lineAt(two, 300, 110), 0);
  assert.equal(f.lineAt(two, 20, 130), 1);
  assert.equal(f.lineAt(two, 120, 140), 1); // right of the second line
  assert.equal(f.lineAt(two, 240, 101), 0); // left of the first line
  assert.equal(f.lineAt(three, 40, 160), 2);
  assert.equal(f.lineAt(three, 200, 160), 1); // below the middle line, beside the last: nearer the middle
  assert.equal(f.lineAt([], 1, 1), -1);
});

test("anchorOf: the hovered line across, the whole link up and down", () => {
  assert.deepEqual(f.anchorOf(two, 0), { top: 100, bottom: 144, left: 250, right: 350, prefer: "above" });
  assert.deepEqual(f.anchorOf(two, 1), { top: 100, bottom: 144, left: 10, right: 90, prefer: "below" });
  assert.deepEqual(f.anchorOf(two, -1), f.anchorOf(two, 1)); // keyboard focus: the last line
  assert.deepEqual(f.anchorOf(two, 5), f.anchorOf(two, 1));
  assert.equal(f.anchorOf(three, 1).prefer, "below"); // a middle line: below the last
  assert.deepEqual(f.anchorOf([two[0]], 0), { top: 100, bottom: 120, left: 250, right: 350, prefer: "below" });
  // Line boxes taller than the line height overlap a little: still two lines.
  const tight = [rect(250, 100, 100, 22), rect(10, 118, 80, 22)];
  assert.equal(f.anchorOf(tight, 0).prefer, "above");
  assert.equal(f.anchorOf(tight, 1).prefer, "below");
});

const intersects = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;

test("anchorOf + place: the card never covers a line of the link", () => {
  const phone = { width: 360, height: 640 };
  const card = { width: 344, height: 180 };
  for (const shift of [0, 200, 450]) {
    for (const lines of [two, three]) {
      const boxes = lines.map((r) => rect(r.left, r.top + shift, r.width, r.height));
      for (const line of [-1, ...boxes.keys()]) {
        const anchor = f.anchorOf(boxes, line);
        const where = f.place(anchor, card, phone, { prefer: anchor.prefer });
        const height = where.maxHeight === null ? card.height : where.maxHeight;
        const box = rect(where.left, where.top, card.width, height);
        for (const r of boxes) assert.ok(!intersects(box, r), JSON.stringify({ shift, line, where, r }));
        const hovered = boxes[line] ?? boxes[boxes.length - 1];
        if (where.side === "above" && line === 0) assert.equal(where.top + height, hovered.top - 6);
        if (where.side === "below" && line === boxes.length - 1) assert.equal(where.top, hovered.bottom + 6);
      }
    }
  }
});
