// Take the data away: CSV and JSON of rows, files saved from the browser, and the URL state
// (permalinks) shared by tables and charts.

/** One CSV field (RFC 4180: quoted when it holds a comma, a quote or a line break). */
function field(value) {
  const text = value === null || value === undefined ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** CSV text of `rows` (arrays) under `header`, with a BOM so spreadsheets read UTF-8. */
export function toCSV(header, rows) {
  const lines = [header, ...rows].map((row) => row.map(field).join(","));
  return `\ufeff${lines.join("\r\n")}\r\n`;
}

/** JSON text of `rows` as objects keyed by `header`. */
export function toJSON(header, rows) {
  const objects = rows.map((row) => Object.fromEntries(header.map((h, i) => [h, row[i]])));
  return `${JSON.stringify(objects, null, 1)}\n`;
}

/** Save `content` (text or a Blob) as a file called `name`. */
export function save(name, content, type) {
  const blob = content instanceof Blob ? content : new Blob([content], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file name for a download from this page: `<page>-<what>.<ext>`. */
export function fileName(what, ext) {
  const page = location.pathname.replace(/^\/+|\/+$/g, "").replace(/[^A-Za-z0-9_-]+/g, "-") || "overview";
  return `eurasec-${page}-${what}.${ext}`;
}

/** A value of the page's URL state (`key` in the query string). */
export function getState(key) {
  return new URLSearchParams(location.search).get(key);
}

/** Set (or with null, remove) keys of the URL state without reloading; tell the page. */
export function setState(changes) {
  const params = new URLSearchParams(location.search);
  for (const [key, value] of Object.entries(changes)) {
    if (value === null || value === "" || value === undefined) params.delete(key);
    else params.set(key, value);
  }
  const query = params.toString();
  history.replaceState(null, "", `${location.pathname}${query ? `?${query}` : ""}${location.hash}`);
  document.dispatchEvent(new CustomEvent("eurasec:state"));
}

/** The current URL with `#id`: a link that restores this view. */
export function permalink(id) {
  return `${location.pathname}${location.search}#${id}`;
}
