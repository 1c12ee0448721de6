// The assess tool: show the fields of the chosen kind of move, ask the API, redraw in place.
import { postJSON, t } from "./common.js";

const form = document.getElementById("assess-form");
const kind = document.getElementById("move-kind");
const section = document.getElementById("assess-result");
const verdict = document.getElementById("verdict");
const losers = document.getElementById("losers");
const winners = document.getElementById("winners");
const reading = document.getElementById("reading");
const vintage = document.querySelector("#vintage tbody");
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

/** "+0.0123 (95% interval −0.0150 … −0.0090)" */
function withInterval(value, ci) {
  const f = (x) => (x >= 0 ? "+" : "") + x.toFixed(4);
  return `${f(value)} (${t("95% interval")} ${f(ci[0])} … ${f(ci[1])})`;
}

/** The vintage cell: year or years, the registry date, and whether carried forward. */
function when(v) {
  let text = String(v.year ?? (v.years ?? v.train_years ?? []).join("–"));
  if (v.registry) text += `; registry ${v.registry}`;
  if (v.carried_forward) text += ` (${t("carried forward")})`;
  return text;
}

function show(move, result) {
  const change = {};
  const status = {};
  for (const [actor, dims] of Object.entries(result.deltas)) {
    if (dims.military) change[actor] = dims.military;
    const gains = Object.entries(dims).some(
      ([d, v]) => v.ci[0] > 0 && v.value > result.minimum_loss[d],
    );
    if (gains) status[actor] = "gain";
  }
  for (const l of result.losers) status[l.actor] = "loss";
  for (const path of section.querySelectorAll("svg.map path[data-iso]")) {
    const c = change[path.dataset.iso];
    let cls = status[path.dataset.iso] ?? "";
    if (path.dataset.iso === move.actor) cls = "actor";
    path.setAttribute("class", cls);
    const name = NAMES[path.dataset.iso] ?? path.dataset.iso;
    path.querySelector("title").textContent =
      c === undefined ? name : `${name}: ${DIMENSIONS.military ?? t("military")} ${withInterval(c.value, c.ci)}`;
  }
  const strong = verdict.querySelector("strong");
  strong.textContent = t(result.verdict);
  strong.className = result.verdict === "indivisible" ? "ok" : "bad";
  verdict.hidden = false;
  losers.replaceChildren(
    ...(result.losers.length
      ? result.losers.map((l) => item(`${NAMES[l.actor] ?? l.actor}: ${Object.entries(l.dimensions)
          .map(([d, v]) => `${DIMENSIONS[d] ?? d} ${withInterval(v, l.ci[d])}`)
          .join(", ")}`))
      : [item(t("no one"))]),
  );
  const gains = Object.entries(change)
    .filter(([, c]) => c.ci[0] > 0 && c.value > result.minimum_loss.military)
    .sort((a, b) => b[1].value - a[1].value)
    .slice(0, TOP);
  winners.replaceChildren(
    ...(gains.length
      ? gains.map(([a, c]) => item(`${NAMES[a] ?? a}: ${DIMENSIONS.military ?? t("military")} ${withInterval(c.value, c.ci)}`))
      : [item(t("no one"))]),
  );
  reading.hidden = result.reading.kind !== "scenario_indicators";
  reading.dataset.kind = result.reading.kind;
  vintage.replaceChildren(
    ...Object.entries(result.vintage).map(([key, v]) => {
      const row = document.createElement("tr");
      row.dataset.input = key;
      for (const text of [t(key), v.source, when(v)]) {
        const cell = document.createElement("td");
        cell.textContent = text;
        row.append(cell);
      }
      return row;
    }),
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
