// @ts-check
/* The floor of benchmarks/filter_keystroke.py (--floor): the same field and live region as
 * the glossary's filter, but a keystroke changes no entry, only the count. Its latency is what
 * typing into a field costs on this machine and browser, whatever a filter does. */
"use strict";

for (const box of Array.from(document.querySelectorAll(".aigloss-glossary-tools"))) {
  if (!(box instanceof HTMLElement)) continue;
  const total = box.querySelectorAll("dt[data-aigloss-search]").length;
  const field = document.createElement("div");
  field.className = "aigloss-filter";
  const label = document.createElement("label");
  const input = document.createElement("input");
  input.type = "search";
  label.append("Filter terms", input);
  const status = document.createElement("p");
  status.className = "aigloss-filter-status";
  status.setAttribute("role", "status");
  field.append(label, status);
  box.prepend(field);
  // One fewer shown per character typed: the recorder reads the count to tell hides from shows.
  const say = () => { status.textContent = `${total - input.value.length} of ${total} terms`; };
  say();
  input.addEventListener("input", say);
}
