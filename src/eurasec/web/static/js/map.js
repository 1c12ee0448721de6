// The map of Eurasia: colour states by their role in a format on the chosen date.
// The server renders the first date; this module replays memberships through time by asking
// the registry API for each date the reader picks (a slider by year, or a day in the date
// field). States of the past are drawn with the outlines that made them up (map-composition),
// and outlines that did not exist on the date (united Germany before 1990...) are hidden.
import { getJSON, t } from "./common.js";

const root = document.querySelector("[data-map]");
const svg = root.querySelector("svg.map");
const formatSelect = root.querySelector("#map-format");
const slider = root.querySelector("#map-year");
const dayInput = root.querySelector("#map-date");
const yearOut = root.querySelector("#map-year-out");
const list = root.querySelector("#map-members tbody");
const summary = root.querySelector("#map-summary");
const roleBoxes = [...root.querySelectorAll("input[name=role]")];
const ROLE_CLASS = JSON.parse(root.dataset.roleClasses);
const ROLE_LABEL = JSON.parse(root.dataset.roleLabels);
const FRAME = root.dataset.frame.split(" ").map(Number);
const today = root.dataset.today;
const NAMES = JSON.parse(document.getElementById("map-names").textContent);
const COMPOSITION = JSON.parse(document.getElementById("map-composition").textContent);
const FORMATS = JSON.parse(document.getElementById("map-formats").textContent);
const DAY_NAMES = JSON.parse(document.getElementById("map-day-names").textContent);
let pending = 0;

function yearDay(year) {
  return String(year) === today.slice(0, 4) ? today : `${year}-12-31`;
}

/** The ids of the outlines that draw `actor` on `day`. */
function outlines(actor, day) {
  for (const [from, until, ids] of COMPOSITION[actor] ?? []) {
    if ((!from || from <= day) && (!until || day < until)) return ids;
  }
  return [actor];
}

/** `actor`'s name on `day`: a continued state's name of the day ("Soviet Union" in 1980). */
function nameOn(actor, day) {
  for (const [from, until, name] of DAY_NAMES[actor] ?? []) {
    if ((!from || from <= day) && (!until || day < until)) return name;
  }
  return NAMES[actor] ?? actor;
}

/** Participants of the selected format, or every participant of a treaty by standing. */
async function participants(choice, day) {
  if (choice.startsWith("treaty:")) {
    const id = encodeURIComponent(choice.slice("treaty:".length));
    const treaty = await getJSON(`/api/v1/treaties/${id}?as_of=${day}`);
    const out = new Map();
    const groups = [
      ["former_party", treaty.former_parties],
      ["signatory", treaty.signatories],
      ["party", treaty.parties],
      ["suspended", treaty.suspended],
    ];
    for (const [role, actors] of groups) for (const actor of actors) out.set(actor, { actor, role });
    return [...out.values()];
  }
  const id = encodeURIComponent(choice);
  const body = await getJSON(`/api/v1/formats/${id}/members?as_of=${day}&limit=1000`);
  return body.data;
}

function reframe() {
  let [x0, y0, x1, y1] = [FRAME[0], FRAME[1], FRAME[0] + FRAME[2], FRAME[1] + FRAME[3]];
  for (const path of svg.querySelectorAll("path[data-iso][class]:not([hidden])")) {
    if (!path.getAttribute("class")) continue;
    const b = path.getBBox();
    x0 = Math.min(x0, b.x - 10);
    y0 = Math.min(y0, b.y - 10);
    x1 = Math.max(x1, b.x + b.width + 10);
    y1 = Math.max(y1, b.y + b.height + 10);
  }
  svg.setAttribute("viewBox", [x0, y0, x1 - x0, y1 - y0].map((v) => v.toFixed(1)).join(" "));
}

function paint(members, day) {
  const shown = new Set(roleBoxes.filter((b) => b.checked).map((b) => b.value));
  const byActor = new Map();
  for (const m of members) if (shown.has(m.role)) byActor.set(m.actor, m);
  const fill = new Map();
  for (const m of byActor.values()) for (const id of outlines(m.actor, day)) fill.set(id, m);
  for (const path of svg.querySelectorAll("path[data-iso]")) {
    const { since, until } = path.dataset;
    path.hidden = Boolean((since && day < since) || (until && day >= until));
    const m = fill.get(path.dataset.iso);
    path.setAttribute("class", m ? ROLE_CLASS[m.role] ?? "other" : "");
    const title = path.querySelector("title");
    const name = path.dataset.name;
    title.textContent = m ? `${name}: ${ROLE_LABEL[m.role] ?? m.role}` : name;
  }
  list.replaceChildren(
    ...[...byActor.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((m) => {
        const a = document.createElement("a");
        a.href = `/actors/${encodeURIComponent(m.actor)}`;
        a.textContent = m.name;
        const who = document.createElement("td");
        who.dataset.value = m.actor;
        who.append(a);
        const drawn = outlines(m.actor, day).every((id) => svg.querySelector(`path[data-iso="${id}"]`));
        if (!drawn) who.append(` (${t("not on this map")})`);
        const role = document.createElement("td");
        role.dataset.value = m.role;
        role.textContent = ROLE_LABEL[m.role] ?? m.role;
        const row = document.createElement("tr");
        row.append(who, role);
        return row;
      }),
  );
  list.closest("table").dispatchEvent(new Event("eurasec:rows"));
  svg.dataset.count = String(byActor.size);
  reframe();
}

function lifeNote(format, day) {
  const [founded, gone] = FORMATS[format] ?? ["", ""];
  if (founded && day < founded) return t("not_yet");
  if (gone && day >= gone) return t("dissolved");
  return "";
}

async function update(day) {
  const ticket = ++pending;
  yearOut.value = day.slice(0, 4);
  const format = formatSelect.value;
  try {
    const members = await participants(format, day);
    for (const m of members) m.name = nameOn(m.actor, day);
    if (ticket !== pending) return;
    paint(members, day);
    const label = formatSelect.selectedOptions[0].textContent;
    const note = lifeNote(format, day);
    summary.textContent = `${label}, ${day}: ${note || `${svg.dataset.count} ${t("participants")}`}`;
    root.dataset.asOf = day;
    dayInput.value = day;
    const params = new URLSearchParams(location.search);
    params.set("format", format);
    params.set("date", day);
    params.delete("year");
    history.replaceState(null, "", `?${params}`);
  } catch (error) {
    if (ticket === pending) summary.textContent = `${t("Could not load")}: ${error.message}`;
  }
}

let timer;
function soon() {
  clearTimeout(timer);
  yearOut.value = slider.value;
  timer = setTimeout(() => update(yearDay(slider.value)), 120);
}

slider.addEventListener("input", soon);
dayInput.addEventListener("change", () => {
  if (!dayInput.value) return;
  slider.value = dayInput.value.slice(0, 4);
  update(dayInput.value);
});
formatSelect.addEventListener("change", () => update(root.dataset.asOf));
for (const box of roleBoxes) box.addEventListener("change", () => update(root.dataset.asOf));
root.querySelector("#map-play")?.addEventListener("click", async (event) => {
  const button = event.currentTarget;
  if (button.dataset.playing) {
    delete button.dataset.playing;
    return;
  }
  button.dataset.playing = "1";
  button.textContent = t("Stop");
  for (let y = Number(slider.min); y <= Number(slider.max) && button.dataset.playing; y += 1) {
    slider.value = String(y);
    await update(yearDay(y));
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  delete button.dataset.playing;
  button.textContent = t("Play");
});
/** Outlines cut from today's countries open the page of the state they belong to now. */
const ACTOR_OF = { DEU_WEST: "DEU", YEM_NORTH: "YEM" };
for (const path of svg.querySelectorAll("path[data-iso]")) {
  path.addEventListener("click", () => {
    const iso = ACTOR_OF[path.dataset.iso] ?? path.dataset.iso;
    location.href = `/actors/${encodeURIComponent(iso)}`;
  });
}
root.dataset.ready = "1";
