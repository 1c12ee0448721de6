// RFC 9162 (Certificate Transparency 2.0) Merkle tree hashing and proof checking, in the
// browser with WebCrypto SHA-256: a reader checks the record without trusting the server.

async function sha256(...parts) {
  const length = parts.reduce((n, p) => n + p.length, 0);
  const data = new Uint8Array(length);
  let offset = 0;
  for (const part of parts) {
    data.set(part, offset);
    offset += part.length;
  }
  return new Uint8Array(await crypto.subtle.digest("SHA-256", data));
}

/** MTH of one leaf: SHA-256(0x00 || leaf). */
export function leafHash(leaf) {
  return sha256(Uint8Array.of(0), leaf);
}

/** Interior node: SHA-256(0x01 || left || right). */
export function nodeHash(left, right) {
  return sha256(Uint8Array.of(1), left, right);
}

function equal(a, b) {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Check an inclusion proof (RFC 9162 section 2.1.3.2): does the leaf with hash `leaf` sit at
 * `index` in the tree of `size` leaves whose root is `root`? Every argument is bytes except
 * the two integers; `path` is the list of sibling hashes, bottom up.
 */
export async function verifyInclusion(leaf, index, size, path, root) {
  if (index >= size || index < 0) return false;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of path) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 && equal(r, root);
}

/** Bytes of a hex string. */
export function fromHex(text) {
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i += 1) out[i] = parseInt(text.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** Bytes of standard or URL-safe base64, padded or not. */
export function fromBase64(text) {
  const b64 = text.trim().replace(/-/g, "+").replace(/_/g, "/");
  const padded = b64 + "=".repeat((4 - (b64.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0));
}
