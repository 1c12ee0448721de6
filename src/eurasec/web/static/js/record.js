// Check in the browser that a record entry is in the log: hash its exact bytes, fetch the
// inclusion proof, recompute the root and compare it with a signed checkpoint's root.
import { getJSON, t } from "./common.js";
import { checkNote, parseCheckpoint } from "./checkpoint.js";
import { fromBase64 as decode, leafHash, verifyInclusion } from "./merkle.js";

const root = document.getElementById("record");
const noteText = document.getElementById("checkpoint")?.textContent ?? "";
const vkeyText = document.getElementById("vkey")?.textContent ?? "";
const noteStatus = document.getElementById("checkpoint-status");

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
  const entries = await getJSON(`/api/v1/record/entries?offset=${index}&limit=1`);
  const leaf = await leafHash(decode(entries.data[0].leaf));
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
