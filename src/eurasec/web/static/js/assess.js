// The assess tool: show the fields of the chosen kind of move, ask the API, redraw in place.
import { postJSON, t } from "./common.js";

const form = document.getElementById("assess-form");
const kind = document.getElementById("move-kind");
const section = document.getElementById("assess-result");
const verdict = document.getElementById("verdict");
const losers = document.getElementById("losers");
const winners = document.getElementById("winners");
const NAMES = JSON.parse(document.getElementById("assess-names").textContent);
const DIMENSIONS = JSON.parse(document.getElementById("assess-dimensions")?.textContent || "{}");
const LISTS = new Set(["parties", "targets"]);
const NUMBERS = new Set(["percent", "share", "intensity"]);
/** How many states gaining security the list shows. */
const TOP = 10;

function showFields() {
  for (const label of form.querySelectorAll("[data-kinds]")) {
    const on = label.dataset.kinds.split(" ").includes(kind.value);
    label.hidden = !on;
    for (const input of label.querySelectorAll("input, select")) input.disabled = !on;
  }
}

function moveDocument() {
  const data = new FormData(form);
  const move = { kind: data.get("kind"), actor: data.get("actor"), date: data.get("date") };
  for (const label of form.querySelectorAll("[data-kinds]")) {
    if (label.hidden) continue;
    for (const input of label.querySelectorAll("input, select")) {
      const name = input.name;
      if (input.type === "checkbox") move[name] = input.checked;
      else if (LISTS.has(name)) move[name] = input.value.split(/[,;]/).map((x) => x.trim()).filter(Boolean);
      else if (NUMBERS.has(name)) move[name] = Number(input.value);
      else move[name] = input.value;
    }
  }
  return move;
}

function item(text) {
  const li = document.createElement("li");
  li.textContent = text;
  return li;
}

function show(move, result) {
  const tol = result.tolerance;
  const change = {};
  for (const [actor, dims] of Object.entries(result.deltas)) {
    change[actor] = Object.values(dims).reduce((a, b) => a + b, 0);
  }
  for (const path of section.querySelectorAll("svg.map path[data-iso]")) {
    const c = change[path.dataset.iso];
    let cls = "";
    if (path.dataset.iso === move.actor) cls = "actor";
    else if (c > tol) cls = "gain";
    else if (c < -tol) cls = "loss";
    path.setAttribute("class", cls);
    const name = NAMES[path.dataset.iso] ?? path.dataset.iso;
    path.querySelector("title").textContent = c === undefined ? name : `${name}: ${c.toFixed(4)}`;
  }
  const strong = verdict.querySelector("strong");
  strong.textContent = t(result.verdict);
  strong.className = result.verdict === "indivisible" ? "ok" : "bad";
  verdict.hidden = false;
  losers.replaceChildren(
    ...(result.losers.length
      ? result.losers.map((l) => item(`${NAMES[l.actor] ?? l.actor}: ${Object.entries(l.dimensions)
          .map(([d, v]) => `${DIMENSIONS[d] ?? d} ${v.toFixed(4)}`).join(", ")}`))
      : [item(t("no one"))]),
  );
  const gains = Object.entries(change).filter(([, c]) => c > tol).sort((a, b) => b[1] - a[1]).slice(0, TOP);
  winners.replaceChildren(
    ...(gains.length ? gains.map(([a, c]) => item(`${NAMES[a] ?? a}: +${c.toFixed(4)}`)) : [item(t("no one"))]),
  );
  section.dataset.verdict = result.verdict;
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const move = moveDocument();
  verdict.hidden = false;
  verdict.querySelector("strong").textContent = t("Working");
  delete section.dataset.verdict;
  try {
    show(move, await postJSON("/api/v1/analysis/assess", move));
    const params = new URLSearchParams(new FormData(form));
    history.replaceState(null, "", `?${params}`);
  } catch (error) {
    verdict.querySelector("strong").textContent = `${t("Could not load")}: ${error.message}`;
  }
});
kind.addEventListener("change", showFields);
showFields();
form.dataset.ready = "1";
