// Tables people can use: sort by any column, filter rows, download CSV or JSON, and a
// permalink that restores the sort and the filter (kept in the URL as <id>.sort, <id>.q).
// Every <table> with an id inside a .table-wrap is enhanced; data-plain opts a table out.
// A cell's data-value (a number, an ISO code) is used for sorting and downloads in place of
// its text; headers' data-key names the JSON field.
import { t, el } from "./common.js";
import { fileName, getState, permalink, save, setState, toCSV, toJSON } from "./download.js";

const collator = new Intl.Collator(document.documentElement.lang || "en", { numeric: true });

function cellValue(cell) {
  if (!cell) return "";
  const raw = cell.dataset.value;
  if (raw !== undefined) {
    const n = Number(raw);
    return raw !== "" && Number.isFinite(n) ? n : raw;
  }
  return cell.textContent.replace(/\s+/g, " ").trim();
}

function headerCells(table) {
  const row = table.tHead?.rows[table.tHead.rows.length - 1];
  return row ? [...row.cells] : [];
}

function bodyRows(table) {
  return [...table.tBodies].flatMap((body) => [...body.rows]).filter((r) => !r.dataset.empty);
}

/** Header names and the rows a download gives: the rows shown, in their order. */
export function tableData(table, { visibleOnly = true } = {}) {
  const header = headerCells(table).map((th) => th.dataset.key || th.textContent.replace(/\s+/g, " ").trim());
  const rows = bodyRows(table)
    .filter((r) => !visibleOnly || !r.hidden)
    .map((r) => [...r.cells].map(cellValue));
  return { header, rows };
}

function compare(a, b) {
  if (typeof a === "number" && typeof b === "number") return a - b;
  return collator.compare(String(a), String(b));
}

function sortBy(table, col, dir) {
  const heads = headerCells(table);
  heads.forEach((th, i) => {
    if (i === col) th.setAttribute("aria-sort", dir === "desc" ? "descending" : "ascending");
    else th.removeAttribute("aria-sort");
  });
  for (const body of table.tBodies) {
    const rows = [...body.rows].filter((r) => !r.dataset.empty);
    rows.sort((r1, r2) => compare(cellValue(r1.cells[col]), cellValue(r2.cells[col])) * (dir === "desc" ? -1 : 1));
    body.append(...rows);
  }
}

function filterRows(table, query, status) {
  const words = query.toLocaleLowerCase().split(/\s+/).filter(Boolean);
  const rows = bodyRows(table);
  let shown = 0;
  for (const row of rows) {
    const text = row.textContent.toLocaleLowerCase();
    row.hidden = !words.every((w) => text.includes(w));
    if (!row.hidden) shown += 1;
  }
  status.textContent = t("rows shown").replace("{shown}", shown).replace("{total}", rows.length);
}

function enhance(table) {
  const id = table.id;
  const heads = headerCells(table);
  const rows = bodyRows(table);
  if (!heads.length || !rows.length || table.dataset.enhanced) return;
  table.dataset.enhanced = "1";
  const wrap = table.closest(".table-wrap") ?? table;
  const status = el("span", { class: "muted table-count", role: "status" });
  const filter = el("input", { type: "search", class: "table-filter", "aria-label": t("Filter rows"), placeholder: t("Filter rows") });
  const csv = el("button", { type: "button", class: "secondary small" }, "CSV");
  const json = el("button", { type: "button", class: "secondary small" }, "JSON");
  const link = el("a", { href: `#${id}`, class: "small" }, t("Permalink"));
  const labelText = table.dataset.label || table.getAttribute("aria-label") || table.caption?.textContent || "";
  csv.setAttribute("aria-label", `${t("Download CSV")}${labelText ? `: ${labelText}` : ""}`);
  json.setAttribute("aria-label", `${t("Download JSON")}${labelText ? `: ${labelText}` : ""}`);
  const tools = el("div", { class: "table-tools" }, filter, csv, json, link, status);
  if (table.dataset.api) tools.append(el("a", { href: table.dataset.api, class: "small" }, t("API")));
  wrap.before(tools);

  const update = () => {
    link.href = permalink(id);
  };
  filter.addEventListener("input", () => {
    filterRows(table, filter.value, status);
    setState({ [`${id}.q`]: filter.value });
    update();
  });
  csv.addEventListener("click", () => {
    const { header, rows: data } = tableData(table);
    save(fileName(id, "csv"), toCSV(header, data), "text/csv;charset=utf-8");
  });
  json.addEventListener("click", () => {
    const { header, rows: data } = tableData(table);
    save(fileName(id, "json"), toJSON(header, data), "application/json");
  });
  heads.forEach((th, col) => {
    if (th.colSpan > 1 || th.dataset.nosort !== undefined) return;
    const button = el("button", { type: "button", class: "sort" }, ...th.childNodes);
    th.replaceChildren(button);
    button.addEventListener("click", () => {
      const dir = th.getAttribute("aria-sort") === "ascending" ? "desc" : "asc";
      sortBy(table, col, dir);
      setState({ [`${id}.sort`]: `${col}${dir === "desc" ? "-" : ""}` });
      update();
    });
  });
  const sort = getState(`${id}.sort`);
  if (sort && /^\d+-?$/.test(sort)) sortBy(table, Number.parseInt(sort, 10), sort.endsWith("-") ? "desc" : "asc");
  filter.value = getState(`${id}.q`) ?? "";
  filterRows(table, filter.value, status);
  update();
  // A page script that replaces the rows (the map, on a new date) asks for the view again.
  table.addEventListener("eurasec:rows", () => {
    const again = getState(`${id}.sort`);
    if (again && /^\d+-?$/.test(again)) sortBy(table, Number.parseInt(again, 10), again.endsWith("-") ? "desc" : "asc");
    filterRows(table, filter.value, status);
  });
  document.addEventListener("eurasec:state", update);
}

/** Scrollable wrappers can be reached by keyboard and say that they scroll. */
function markScrolling(wrap) {
  const scrolls = wrap.scrollWidth > wrap.clientWidth + 2;
  wrap.classList.toggle("scrolls", scrolls);
  if (scrolls) {
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    const table = wrap.querySelector("table, svg");
    const name = table?.dataset.label || table?.getAttribute("aria-label") || table?.caption?.textContent || t("Table");
    wrap.setAttribute("aria-label", `${name} (${t("scrolls sideways")})`);
  } else {
    wrap.removeAttribute("tabindex");
    wrap.removeAttribute("role");
    wrap.removeAttribute("aria-label");
  }
}

/** Enhance every table on the page. */
export function enhanceTables(root = document) {
  // A chart's data table has the chart's own downloads and permalink.
  root.querySelectorAll(".table-wrap table[id]:not([data-plain])").forEach((table) => {
    if (!table.closest("figure[data-chart]")) enhance(table);
  });
  const wraps = [...root.querySelectorAll(".table-wrap, .scroll-wrap")];
  wraps.forEach(markScrolling);
  new ResizeObserver(() => wraps.forEach(markScrolling)).observe(document.body);
}
