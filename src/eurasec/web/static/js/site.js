// Loaded on every page: tables that sort, filter and download; charts; language links that
// keep the page's state (its query, as the page's scripts have changed it, and its anchor).
import { drawCharts } from "./chart.js";
import { enhanceTables } from "./table.js";

for (const link of document.querySelectorAll("a[data-lang]")) {
  link.addEventListener("click", () => {
    const params = new URLSearchParams(location.search);
    params.set("lang", link.dataset.lang);
    link.href = `${location.pathname}?${params}${location.hash}`;
  });
}
drawCharts();
enhanceTables();
document.body.dataset.ready = "1";
