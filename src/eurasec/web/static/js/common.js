// Shared helpers for the page modules: translated strings, JSON fetches, small DOM helpers.
const strings = JSON.parse(document.getElementById("i18n")?.textContent || "{}");

/** The translated string for `key` (the page passes its strings in #i18n). */
export function t(key) {
  return strings[key] ?? key;
}

/** GET `url` as JSON; a problem-details error becomes an Error with its detail. */
export async function getJSON(url, options = {}) {
  const response = await fetch(url, { headers: { Accept: "application/json" }, ...options });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) {
    throw new Error(body.detail || `${response.status} ${response.statusText}`);
  }
  return body;
}

/** POST `payload` as JSON to `url` and return the JSON answer. */
export function postJSON(url, payload) {
  return getJSON(url, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    body: JSON.stringify(payload),
  });
}

/** Create an element with attributes and children (strings become text nodes). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(name, value);
  }
  for (const child of children.flat()) {
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Announce `message` in the element `target` (a live region). */
export function announce(target, message) {
  if (target) target.textContent = message;
}
