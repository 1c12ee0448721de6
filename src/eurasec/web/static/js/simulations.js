// Simulation runs take seconds: say so while the server works.
import { t } from "./common.js";

const form = document.getElementById("sim-form");
form?.addEventListener("submit", () => {
  const button = form.querySelector("button");
  button.disabled = true;
  button.textContent = t("Working");
});
