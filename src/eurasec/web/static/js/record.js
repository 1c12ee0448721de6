// Check in the browser that a record entry is in the log: hash its exact bytes, fetch the
// inclusion proof, recompute the root and compare it with a root, saying what that relies on:
// a checkpoint and key the reader pasted (trusts only that key), the server's signed
// checkpoint (trusts the server to name the log key), or the server's current root (shows
// only that the server's answers agree with each other).
import { getJSON, t } from "./common.js";
import { checkNote, parseCheckpoint, parseVkey } from "./checkpoint.js";
import { fromBase64 as decode, leafHash, verifyInclusion } from "./merkle.js";

const root = document.getElementById("record");
const noteText = document.getElementById("checkpoint")?.textContent ?? "";
const vkeyText = document.getElementById("vkey")?.textContent ?? "";
const noteStatus = document.getElementById("checkpoint-status");

const fill = (text, values) => Object.entries(values).reduce((s, [k, v]) => s.replace(`{${k}}`, v), text);

const serverCheckpoint = parseCheckpoint(noteText);
let serverValid = null;
if (serverCheckpoint && vkeyText) {
  serverValid = await checkNote(serverCheckpoint, vkeyText);
  if (noteStatus) {
    noteStatus.textContent = serverValid === null ? t("no ed25519") : t(serverValid ? "checkpoint ok" : "checkpoint bad");
    noteStatus.className = serverValid === false ? "trust bad" : "trust neutral";
  }
  root.dataset.checkpoint = String(serverValid);
}
/** A checkpoint whose signature the reader checked with a key the reader supplied. */
let trusted = null;

async function verify(index, out) {
  out.textContent = t("Working");
  let size;
  let expected;
  let trust;
  if (trusted) {
    if (index >= trusted.size) {
      out.textContent = fill(t("pasted beyond"), { size: trusted.size });
      out.className = "proof trust neutral";
      return;
    }
    [size, expected, trust] = [trusted.size, trusted.root, "pasted"];
  } else if (serverCheckpoint && serverValid && index < serverCheckpoint.size) {
    [size, expected, trust] = [serverCheckpoint.size, serverCheckpoint.root, "server"];
  } else {
    [size, expected, trust] = [Number(root.dataset.size), decode(root.dataset.root), "current"];
  }
  const entries = await getJSON(`/api/v1/record/entries?offset=${index}&limit=1`);
  const leaf = await leafHash(decode(entries.data[0].leaf));
  const proof = await getJSON(`/api/v1/record/proof/inclusion?index=${index}&tree_size=${size}`);
  const ok = await verifyInclusion(leaf, index, size, proof.hashes.map(decode), expected);
  const message = { pasted: "included pasted", server: "included server checkpoint", current: "included current root" }[trust];
  // Only a check against a key the reader supplied earns the mark of a verified result.
  out.textContent = ok ? `${trust === "pasted" ? "✓ " : ""}${fill(t(message), { size })}` : `✗ ${t("not included")}`;
  out.className = `proof trust ${ok ? (trust === "pasted" ? "ok" : "neutral") : "bad"}`;
  out.dataset.ok = String(ok);
  out.dataset.trust = trust;
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

const pasteButton = document.getElementById("pasted-check");
pasteButton?.addEventListener("click", async () => {
  const status = document.getElementById("pasted-status");
  const note = parseCheckpoint(document.getElementById("pasted-note").value.replace(/\r\n/g, "\n"));
  const vkey = parseVkey(document.getElementById("pasted-vkey").value);
  trusted = null;
  if (!note || !vkey) {
    status.textContent = t("pasted unreadable");
    status.className = "trust bad";
    return;
  }
  const valid = await checkNote(note, vkey);
  if (valid) {
    trusted = note;
    status.textContent = `✓ ${fill(t("pasted ok"), { size: note.size, name: vkey.name })}` +
      (vkey.alg === 4 ? ` ${fill(t("pasted witness ok"), { name: vkey.name })}` : "");
    status.className = "trust ok";
  } else {
    status.textContent = valid === null ? t("no ed25519") : t("pasted bad");
    status.className = "trust bad";
  }
  status.dataset.valid = String(Boolean(valid));
});
root.dataset.ready = "1";
