// The map of Eurasia: colour states by their role in a format on the date of the slider.
// The server renders the first date; this module replays memberships through time by asking
// the registry API for each date the reader picks.
import { getJSON, t } from "./common.js";

const root = document.querySelector("[data-map]");
const svg = root.querySelector("svg.map");
const formatSelect = root.querySelector("#map-format");
const slider = root.querySelector("#map-year");
const yearOut = root.querySelector("#map-year-out");
const list = root.querySelector("#map-members");
const summary = root.querySelector("#map-summary");
const roleBoxes = [...root.querySelectorAll("input[name=role]")];
const ROLE_CLASS = JSON.parse(root.dataset.roleClasses);
const ROLE_LABEL = JSON.parse(root.dataset.roleLabels);
const today = root.dataset.today;
/** Treaty statuses after which nobody is bound and signatures no longer count. */
const ENDED = new Set(["terminated", "expired"]);
const NAMES = JSON.parse(document.getElementById("map-names").textContent);
let pending = 0;

function asOf(year) {
  return String(year) === today.slice(0, 4) ? today : `${year}-12-31`;
}

/** Participants of the selected format, or parties, signatories and suspended of a treaty. */
async function participants(choice, day) {
  if (choice.startsWith("treaty:")) {
    const id = encodeURIComponent(choice.slice("treaty:".length));
    const treaty = await getJSON(`/api/v1/treaties/${id}?as_of=${day}`);
    const out = new Map();
    const ended = ENDED.has(treaty.status);
    if (!ended) for (const actor of treaty.signatories) out.set(actor, { actor, role: "signatory" });
    for (const actor of treaty.parties) out.set(actor, { actor, role: "party" });
    for (const actor of treaty.suspended) out.set(actor, { actor, role: "suspended" });
    return [...out.values()];
  }
  const id = encodeURIComponent(choice);
  const body = await getJSON(`/api/v1/formats/${id}/members?as_of=${day}&limit=1000`);
  return body.data;
}

function paint(members) {
  const shown = new Set(roleBoxes.filter((b) => b.checked).map((b) => b.value));
  const byActor = new Map();
  for (const m of members) if (shown.has(m.role)) byActor.set(m.actor, m);
  for (const path of svg.querySelectorAll("path[data-iso]")) {
    const m = byActor.get(path.dataset.iso);
    path.setAttribute("class", m ? ROLE_CLASS[m.role] ?? "other" : "");
    const title = path.querySelector("title");
    const name = path.dataset.name;
    title.textContent = m ? `${name}: ${ROLE_LABEL[m.role] ?? m.role}` : name;
  }
  list.replaceChildren(
    ...[...byActor.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((m) => {
        const li = document.createElement("li");
        const a = document.createElement("a");
        a.href = `/actors/${encodeURIComponent(m.actor)}`;
        a.textContent = m.name;
        li.append(a, ` · ${ROLE_LABEL[m.role] ?? m.role}`);
        if (!svg.querySelector(`path[data-iso="${m.actor}"]`)) li.append(` (${t("not on this map")})`);
        return li;
      }),
  );
  svg.dataset.count = String(byActor.size);
}

async function update() {
  const ticket = ++pending;
  const year = slider.value;
  yearOut.value = year;
  const format = formatSelect.value;
  try {
    const members = await participants(format, asOf(year));
    for (const m of members) m.name = NAMES[m.actor] ?? m.name ?? m.actor;
    if (ticket !== pending) return;
    paint(members);
    const label = formatSelect.selectedOptions[0].textContent;
    summary.textContent = `${label}, ${asOf(year)}: ${svg.dataset.count} ${t("participants")}`;
    root.dataset.asOf = asOf(year);
    const params = new URLSearchParams(location.search);
    params.set("format", format);
    params.set("year", year);
    history.replaceState(null, "", `?${params}`);
  } catch (error) {
    if (ticket === pending) summary.textContent = `${t("Could not load")}: ${error.message}`;
  }
}

let timer;
function soon() {
  clearTimeout(timer);
  yearOut.value = slider.value;
  timer = setTimeout(update, 120);
}

slider.addEventListener("input", soon);
formatSelect.addEventListener("change", update);
for (const box of roleBoxes) box.addEventListener("change", update);
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
    await update();
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  delete button.dataset.playing;
  button.textContent = t("Play");
});
for (const path of svg.querySelectorAll("path[data-iso]")) {
  path.addEventListener("click", () => {
    location.href = `/actors/${encodeURIComponent(path.dataset.iso)}`;
  });
}
root.dataset.ready = "1";
