// C2SP signed-note checkpoints: parse the log's size and root, and check a signature on the
// note with WebCrypto: the log's own (Ed25519, type 0x01) or a witness's timestamped
// cosignature (c2sp.org/tlog-cosignature, type 0x04). null where the browser has no Ed25519.
import { fromBase64 as decode } from "./merkle.js";

/** Size and root of a checkpoint note (C2SP signed note), or null. */
export function parseCheckpoint(text) {
  if (!text) return null;
  const cut = text.lastIndexOf("\n\n");
  if (cut < 0) return null;
  const body = text.slice(0, cut + 1);
  const [origin, size, rootB64] = body.split("\n");
  const signatures = text.slice(cut + 2).split("\n").filter(Boolean);
  if (!/^\d+$/.test(size ?? "") || !rootB64) return null;
  return { origin, size: Number(size), root: decode(rootB64), body, signatures };
}

/** A verifier key `<name>+<hex key hash>+<base64 key>` (the base64 may itself hold "+"). */
export function parseVkey(text) {
  const trimmed = text.trim();
  const first = trimmed.indexOf("+");
  const second = trimmed.indexOf("+", first + 1);
  if (first < 1 || second < 0) return null;
  const raw = decode(trimmed.slice(second + 1));
  if (raw.length !== 33 || (raw[0] !== 1 && raw[0] !== 4)) return null;
  return { name: trimmed.slice(0, first), hash: trimmed.slice(first + 1, second), alg: raw[0], key: raw.slice(1) };
}

/**
 * Check the signature of the key `vkey` (text) on `note`: true, false, or null where this
 * browser cannot check Ed25519. A cosignature key checks the witness's timestamped signature.
 */
export async function checkNote(note, vkey) {
  const parsed = typeof vkey === "string" ? parseVkey(vkey) : vkey;
  if (!parsed) return false;
  let key;
  try {
    key = await crypto.subtle.importKey("raw", parsed.key, { name: "Ed25519" }, false, ["verify"]);
  } catch {
    return null;
  }
  for (const line of note.signatures) {
    const rest = line.replace(/^— /, "");
    const cut = rest.lastIndexOf(" ");
    const [who, b64] = [rest.slice(0, cut), rest.slice(cut + 1)];
    if (who !== parsed.name) continue;
    const raw = decode(b64);
    let sig = raw.slice(4);
    let message = new TextEncoder().encode(note.body);
    if (parsed.alg === 4) {
      if (raw.length !== 4 + 8 + 64) continue;
      const stamp = new DataView(raw.buffer, raw.byteOffset + 4, 8).getBigUint64(0);
      sig = raw.slice(12);
      message = new TextEncoder().encode(`cosignature/v1\ntime ${stamp}\n${note.body}`);
    }
    if (await crypto.subtle.verify({ name: "Ed25519" }, key, sig, message)) return true;
  }
  return false;
}
