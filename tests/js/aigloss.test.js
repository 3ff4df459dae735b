// Unit tests of the pure logic of sphinx_aigloss/static/aigloss.js (no DOM).
// Run: node --test tests/js/   (tests/test_hover.py runs them too)
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const f = require(path.join(__dirname, "..", "..", "sphinx_aigloss", "static", "aigloss.js"));

test("exports the pure functions, also on globalThis", () => {
  for (const name of ["keyOf", "parseData", "safeHref", "linkSegments", "describe", "place", "pickRect"]) {
    assert.equal(typeof f[name], "function", name);
  }
  assert.equal(globalThis.aiglossFuncs, f);
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

test("parseData tolerates missing or malformed data", () => {
  assert.deepEqual(f.parseData('{"a":{"n":"A"}}'), { a: { n: "A" } });
  assert.deepEqual(f.parseData(""), {});
  assert.deepEqual(f.parseData(null), {});
  assert.deepEqual(f.parseData("{oops"), {});
  assert.deepEqual(f.parseData("[1,2]"), {});
  assert.deepEqual(f.parseData("null"), {});
  // the extension escapes <, > and & as \u003c, \u003e, \u0026
  assert.equal(f.parseData('{"a":{"n":"\\u003cb\\u003e \\u0026"}}').a.n, "<b> &");
});

test("safeHref refuses script URLs", () => {
  assert.equal(f.safeHref("glossary.html#aiterm-x"), "glossary.html#aiterm-x");
  assert.equal(f.safeHref("https://example.org/#aiterm-x"), "https://example.org/#aiterm-x");
  assert.equal(f.safeHref("javascript:alert(1)"), "");
  assert.equal(f.safeHref(" JavaScript:alert(1)"), "");
  assert.equal(f.safeHref("data:text/html,x"), "");
  assert.equal(f.safeHref(42), "");
});

test("describe turns an entry into the card's content", () => {
  const entry = {
    n: "RLHF",
    x: "Reinforcement Learning from Human Feedback",
    c: "Fine-Tuning Methods",
    d: ["Train a ", ["reward model", "glossary.html#aiterm-reward-model"], " on preferences."],
    u: "glossary.html#aiterm-rlhf",
  };
  assert.deepEqual(f.describe(entry, { name: "ignored", text: "ignored", href: "ignored" }), {
    name: "RLHF",
    other: "Reinforcement Learning from Human Feedback",
    category: "Fine-Tuning Methods",
    segments: [
      { text: "Train a " },
      { text: "reward model", href: "glossary.html#aiterm-reward-model" },
      { text: " on preferences." },
    ],
    href: "glossary.html#aiterm-rlhf",
  });
});

test("describe drops bad segments and falls back to the link's own text", () => {
  const model = f.describe(
    { n: "X", d: ["", 5, ["", "#aiterm-y"], ["evil", "javascript:alert(1)"], ["ok", "#aiterm-ok"], "."] },
    {},
  );
  assert.deepEqual(model.segments, [{ text: "evil" }, { text: "ok", href: "#aiterm-ok" }, { text: "." }]);
  assert.equal(model.other, "");
  assert.equal(model.category, "");
  assert.equal(model.href, "");

  const fallback = f.describe(null, { name: "LoRA", text: "Short definition.", href: "g.html#aiterm-lora" });
  assert.deepEqual(fallback, {
    name: "LoRA",
    other: "",
    category: "",
    segments: [{ text: "Short definition." }],
    href: "g.html#aiterm-lora",
  });
  assert.deepEqual(f.describe({ d: "Plain string." }, {}).segments, [{ text: "Plain string." }]);
  assert.deepEqual(f.describe(undefined, undefined).segments, []);
});

test("describe places the entry's links in the title text, in UTF-16 offsets", () => {
  const title = "\u{1F916} Train a reward model with PPO.";
  const model = f.describe(
    { n: "RLHF", c: "Fine-Tuning Methods", l: [[11, 23, "g.html#aiterm-reward-model"], [29, 32, "g.html#aiterm-ppo"]] },
    { name: "rlhf", text: title, href: "g.html#aiterm-rlhf" },
  );
  assert.deepEqual(model.segments, [
    { text: "\u{1F916} Train a " },
    { text: "reward model", href: "g.html#aiterm-reward-model" },
    { text: " with " },
    { text: "PPO", href: "g.html#aiterm-ppo" },
    { text: "." },
  ]);
  assert.equal(model.href, "g.html#aiterm-rlhf"); // no "u": the link's own href
  assert.equal(model.name, "RLHF");
});

test("linkSegments skips links that overlap, run backwards, leave the text or run script", () => {
  const text = "abcdefghij";
  assert.deepEqual(f.linkSegments(text, [[2, 4, "#a"], [3, 5, "#b"], [6, 5, "#c"], [8, 99, "#d"], ["1", 2, "#e"], 7]),
    [{ text: "ab" }, { text: "cd", href: "#a" }, { text: "efghij" }]);
  assert.deepEqual(f.linkSegments(text, [[0, 3, "javascript:alert(1)"]]), [{ text: "abc" }, { text: "defghij" }]);
  assert.deepEqual(f.linkSegments(text, undefined), [{ text: "abcdefghij" }]);
  assert.deepEqual(f.linkSegments("", [[0, 1, "#a"]]), []);
});

const view = { width: 1000, height: 800 };
const size = { width: 300, height: 150 };
const rect = (left, top, width = 60, height = 20) => ({
  left, top, right: left + width, bottom: top + height, width, height,
});

function inside(where, sz, vw, margin = 8) {
  const height = where.maxHeight === null ? sz.height : Math.min(sz.height, where.maxHeight);
  assert.ok(where.left >= margin, `left ${where.left}`);
  assert.ok(where.top >= margin, `top ${where.top}`);
  assert.ok(where.left + sz.width <= vw.width - margin, `right ${where.left + sz.width}`);
  assert.ok(where.top + height <= vw.height - margin, `bottom ${where.top + height}`);
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

test("pickRect: the line under the pointer of a wrapped link", () => {
  const first = rect(900, 100, 90, 20);
  const second = rect(0, 124, 50, 20);
  assert.equal(f.pickRect([first, second], 20, 130), second);
  assert.equal(f.pickRect([first, second], 950, 110), first);
  assert.equal(f.pickRect([first, second], 60, 150), second); // nearest when outside
  assert.equal(f.pickRect([first, second]), first);
  assert.equal(f.pickRect([{ left: 0, top: 0, right: 0, bottom: 0, width: 0, height: 0 }, second]), second);
  assert.equal(f.pickRect([], 1, 1), null);
});
