// Check in the browser that a record entry is in the log: hash its exact bytes, fetch the
// inclusion proof, recompute the root and compare it with a signed checkpoint's root.
import { getJSON, t } from "./common.js";
import { decode, leafHash, verifyInclusion } from "./merkle.js";

const root = document.getElementById("record");
const noteText = document.getElementById("checkpoint")?.textContent ?? "";
const vkeyText = document.getElementById("vkey")?.textContent ?? "";
const noteStatus = document.getElementById("checkpoint-status");

/** Size and root of the latest checkpoint note (C2SP signed note), or null. */
function parseCheckpoint(text) {
  if (!text) return null;
  const cut = text.lastIndexOf("\n\n");
  const body = text.slice(0, cut + 1);
  const [origin, size, rootB64] = body.split("\n");
  const signatures = text.slice(cut + 2).split("\n").filter(Boolean);
  return { origin, size: Number(size), root: decode(rootB64), body, signatures };
}

/** Check the log's Ed25519 signature on the checkpoint with WebCrypto; null if unsupported. */
async function checkNote(note, vkey) {
  const [name, , material] = vkey.trim().split("+");
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

const checkpoint = parseCheckpoint(noteText);
let checkpointValid = null;
if (checkpoint && vkeyText) {
  checkpointValid = await checkNote(checkpoint, vkeyText);
  noteStatus.textContent =
    checkpointValid === null ? t("no ed25519") : t(checkpointValid ? "checkpoint ok" : "checkpoint bad");
  noteStatus.className = checkpointValid === false ? "bad" : "ok";
  root.dataset.checkpoint = String(checkpointValid);
}

async function verify(index, out) {
  out.textContent = t("Working");
  const useCheckpoint = checkpoint && checkpointValid !== false && index < checkpoint.size;
  const size = useCheckpoint ? checkpoint.size : Number(root.dataset.size);
  const expected = useCheckpoint ? checkpoint.root : decode(root.dataset.root);
  const entries = await getJSON(`/api/v1/record/entries?start=${index}&end=${index + 1}`);
  const leaf = await leafHash(decode(entries.entries[0].leaf));
  const proof = await getJSON(`/api/v1/record/proof/inclusion?index=${index}&tree_size=${size}`);
  const ok = await verifyInclusion(leaf, index, size, proof.hashes.map(decode), expected);
  out.textContent = `${ok ? "✓" : "✗"} ${t(ok ? "included" : "not included")}` +
    (useCheckpoint ? ` (${size})` : ` · ${t("current root")}`);
  out.className = `proof ${ok ? "ok" : "bad"}`;
  out.dataset.ok = String(ok);
}

for (const button of root.querySelectorAll("button.verify")) {
  button.addEventListener("click", async () => {
    const out = document.getElementById(`proof-${button.dataset.index}`);
    try {
      await verify(Number(button.dataset.index), out);
    } catch (error) {
      out.textContent = `${t("Could not load")}: ${error.message}`;
    }
  });
}
root.dataset.ready = "1";
