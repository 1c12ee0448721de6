// C2SP signed-note checkpoints: parse the log's size and root, and check the log's Ed25519
// signature with WebCrypto (null where the browser has no Ed25519).
import { fromBase64 as decode } from "./merkle.js";

/** Size and root of the latest checkpoint note (C2SP signed note), or null. */
export function parseCheckpoint(text) {
  if (!text) return null;
  const cut = text.lastIndexOf("\n\n");
  const body = text.slice(0, cut + 1);
  const [origin, size, rootB64] = body.split("\n");
  const signatures = text.slice(cut + 2).split("\n").filter(Boolean);
  return { origin, size: Number(size), root: decode(rootB64), body, signatures };
}

/** Check the log's Ed25519 signature on the checkpoint with WebCrypto; null if unsupported. */
export async function checkNote(note, vkey) {
  // <name>+<hex key hash>+<base64 key>: the base64 itself may contain "+".
  const text = vkey.trim();
  const first = text.indexOf("+");
  const second = text.indexOf("+", first + 1);
  const name = text.slice(0, first);
  const material = text.slice(second + 1);
  const raw = decode(material);
  if (raw[0] !== 1) return false;
  let key;
  try {
    key = await crypto.subtle.importKey("raw", raw.slice(1), { name: "Ed25519" }, false, ["verify"]);
  } catch {
    return null;
  }
  for (const line of note.signatures) {
    const rest = line.replace(/^— /, "");
    const cut = rest.lastIndexOf(" ");
    const [who, b64] = [rest.slice(0, cut), rest.slice(cut + 1)];
    if (who !== name) continue;
    const sig = decode(b64).slice(4);
    const body = new TextEncoder().encode(note.body);
    if (await crypto.subtle.verify({ name: "Ed25519" }, key, sig, body)) return true;
  }
  return false;
}
