// One small chart component for every chart of the site (no library, no CDN).
//
// A chart is a <figure data-chart> holding its spec (<script type="application/json"
// class="chart-spec">) and a table with the full data, which is what a reader without
// JavaScript sees. The script draws the chart as SVG at the figure's own width, in CSS
// pixels, so its text stays 12-13 px on a phone as on a desktop, and adds: axes with ticks,
// labels and units; a legend that shows and hides series; values on hover and with the arrow
// keys; a Chart/Table switch; PNG, SVG, CSV and JSON downloads; and a permalink (the view and
// the hidden series are kept in the URL as <id>.view and <id>.hide).
//
// Spec: {kind: "line" | "bar", title, x: {label, type: "year" | "date" | "category", values},
//        y: {label, unit}, series: [{name, values}], step?: bool, source?}
import { el, t } from "./common.js";
import { fileName, getState, permalink, save, setState, toCSV, toJSON } from "./download.js";

const NS = "http://www.w3.org/2000/svg";
/** Okabe-Ito colours (colour-blind safe), darkest first. */
const COLOURS = ["#0072b2", "#d55e00", "#009e73", "#cc79a7", "#7a5a00", "#56b4e9", "#333333", "#999933"];
const FONT = '13px system-ui, "Noto Sans", "DejaVu Sans", "WenQuanYi Micro Hei", sans-serif';
const INK = "#1b1f24";
const MUTED = "#4f5861";
const lang = document.documentElement.lang || "en";
const numberFormat = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });
const compactFormat = new Intl.NumberFormat(lang, { notation: "compact", maximumSignificantDigits: 3 });

function svgEl(tag, attrs = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** About `count` round tick values covering [lo, hi] (1, 2, 2.5 or 5 times a power of ten). */
export function niceTicks(lo, hi, count = 5) {
  if (!(hi > lo)) return hi === lo ? [lo] : [0, 1];
  const raw = (hi - lo) / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const first = Math.floor(lo / step + 1e-9) * step;
  const ticks = [];
  for (let v = first; ticks.length <= 50; v += step) {
    ticks.push(Number(v.toPrecision(12)));
    if (v >= hi - step * 1e-9) break;
  }
  return ticks;
}

function formatValue(v) {
  if (v === null || v === undefined || Number.isNaN(v)) return "—";
  return Math.abs(v) >= 1e5 ? compactFormat.format(v) : numberFormat.format(v);
}

function withUnit(v, unit) {
  return unit ? `${formatValue(v)} ${unit}` : formatValue(v);
}

/** x positions as numbers: years as they are, ISO dates as fractional years. */
function xNumber(value, type) {
  if (type === "date") {
    const d = new Date(`${value}T00:00:00Z`);
    const start = Date.UTC(d.getUTCFullYear(), 0, 1);
    const end = Date.UTC(d.getUTCFullYear() + 1, 0, 1);
    return d.getUTCFullYear() + (d - start) / (end - start);
  }
  return Number(value);
}

function xTicks(lo, hi, type, width) {
  const count = Math.max(2, Math.floor(width / 90));
  if (type === "date" && hi - lo < 4) {
    const months = [1, 2, 3, 6, 12].find((m) => ((hi - lo) * 12) / m <= count) ?? 12;
    const out = [];
    for (let y = Math.floor(lo); y <= Math.ceil(hi); y += 1) {
      for (let m = 0; m < 12; m += months) {
        const v = y + m / 12;
        if (v >= lo - 1e-9 && v <= hi + 1e-9) out.push({ v, label: `${y}-${String(m + 1).padStart(2, "0")}` });
      }
    }
    return out;
  }
  return niceTicks(lo, hi, count).filter((v) => Number.isInteger(v) && v >= lo - 1e-9 && v <= hi + 1e-9)
    .map((v) => ({ v, label: String(v) }));
}

function textWidth(text) {
  return [...String(text)].reduce((w, c) => w + (c.charCodeAt(0) > 0x2e80 ? 13 : 7.2), 0);
}

class Chart {
  constructor(figure) {
    this.figure = figure;
    this.id = figure.id;
    this.spec = JSON.parse(figure.querySelector(".chart-spec").textContent);
    this.table = figure.querySelector("table");
    this.hidden = new Set((getState(`${this.id}.hide`) ?? "").split(",").filter(Boolean));
    this.build();
  }

  build() {
    const { figure, spec } = this;
    this.plot = el("div", { class: "chart-plot" });
    this.tip = el("div", { class: "chart-tip", role: "status", hidden: true });
    const chartButton = el("button", { type: "button", class: "secondary small", "aria-pressed": "true" }, t("Chart"));
    const tableButton = el("button", { type: "button", class: "secondary small", "aria-pressed": "false" }, t("Table"));
    this.views = { chart: chartButton, table: tableButton };
    const switcher = el("div", { class: "chart-views", role: "group", "aria-label": t("Show as") }, chartButton, tableButton);
    chartButton.addEventListener("click", () => this.show("chart", true));
    tableButton.addEventListener("click", () => this.show("table", true));
    this.legend = el("ul", { class: "chart-legend", "aria-label": t("Series") });
    if (spec.series.length > 1) {
      spec.series.forEach((s, i) => {
        const button = el("button", { type: "button", class: "legend-item", "aria-pressed": String(!this.hidden.has(s.name)) },
          el("span", { class: "swatch", style: `background:${COLOURS[i % COLOURS.length]}`, "aria-hidden": "true" }), s.label ?? s.name);
        button.addEventListener("click", () => this.toggle(s.name, button));
        this.legend.append(el("li", {}, button));
      });
    }
    const link = el("a", { href: `#${this.id}`, class: "small" }, t("Permalink"));
    this.link = link;
    const tools = el("div", { class: "chart-tools" },
      this.tool("PNG", t("Download PNG"), () => this.png()),
      this.tool("SVG", t("Download SVG"), () => save(fileName(this.id, "svg"), this.svgText(), "image/svg+xml")),
      this.tool("CSV", t("Download CSV"), () => save(fileName(this.id, "csv"), toCSV(...this.rows()), "text/csv;charset=utf-8")),
      this.tool("JSON", t("Download JSON"), () => save(fileName(this.id, "json"), toJSON(...this.rows()), "application/json")),
      link);
    const holder = figure.querySelector(".chart-table");
    holder.before(switcher, this.legend, this.plot, this.tip);
    figure.querySelector(".chart-cite")?.before(tools);
    if (!figure.querySelector(".chart-cite")) figure.append(tools);
    this.show(getState(`${this.id}.view`) === "table" ? "table" : "chart", false);
    new ResizeObserver(() => this.draw()).observe(this.plot);
    document.addEventListener("eurasec:state", () => { link.href = permalink(this.id); });
    link.href = permalink(this.id);
    figure.dataset.ready = "1";
  }

  tool(text, label, action) {
    const button = el("button", { type: "button", class: "secondary small", "aria-label": `${label}: ${this.spec.title}` }, text);
    button.addEventListener("click", action);
    return button;
  }

  rows() {
    const { spec } = this;
    const header = [spec.x.label, ...spec.series.map((s) => (spec.y.unit ? `${s.label ?? s.name} (${spec.y.unit})` : s.label ?? s.name))];
    const rows = spec.x.values.map((x, i) => [x, ...spec.series.map((s) => s.values[i])]);
    return [header, rows];
  }

  show(view, remember) {
    const table = view === "table";
    this.figure.querySelector(".chart-table").hidden = !table;
    this.plot.hidden = table;
    this.legend.hidden = table || this.spec.series.length < 2;
    this.views.chart.setAttribute("aria-pressed", String(!table));
    this.views.table.setAttribute("aria-pressed", String(table));
    this.figure.dataset.view = view;
    if (remember) setState({ [`${this.id}.view`]: table ? "table" : null });
    if (!table) this.draw();
  }

  toggle(name, button) {
    if (this.hidden.has(name)) this.hidden.delete(name);
    else if (this.hidden.size < this.spec.series.length - 1) this.hidden.add(name);
    button.setAttribute("aria-pressed", String(!this.hidden.has(name)));
    setState({ [`${this.id}.hide`]: [...this.hidden].join(",") || null });
    this.width = null;
    this.draw();
  }

  draw() {
    if (this.plot.hidden) return;
    const width = Math.max(260, Math.floor(this.plot.clientWidth || this.figure.clientWidth || 600));
    if (width === this.width && this.svg) return;
    this.width = width;
    this.svg = this.spec.kind === "bar" ? this.bars(width) : this.lines(width);
    this.plot.replaceChildren(this.svg);
  }

  frame(width, height) {
    const svg = svgEl("svg", { viewBox: `0 0 ${width} ${height}`, width, height, role: "img", tabindex: 0,
      "aria-label": `${this.spec.title}. ${t("Arrow keys read the values.")}`, class: "chart-svg" });
    svg.style.font = FONT;
    return svg;
  }

  axisLabel(svg, x, y, text, anchor = "start", rotate = false) {
    const attrs = { x, y, fill: MUTED, "text-anchor": anchor };
    if (rotate) attrs.transform = `rotate(-90 ${x} ${y})`;
    svg.append(svgEl("text", attrs, text));
  }

  lines(width) {
    const { spec } = this;
    const series = spec.series.map((s, i) => ({ ...s, colour: COLOURS[i % COLOURS.length] })).filter((s) => !this.hidden.has(s.name));
    const xs = spec.x.values.map((v) => xNumber(v, spec.x.type));
    const all = series.flatMap((s) => s.values).filter((v) => v !== null && v !== undefined);
    const lo = Math.min(0, ...all);
    const hi = Math.max(...all);
    const yTicks = niceTicks(lo, hi > lo ? hi : lo + 1, width < 480 ? 4 : 6);
    const top = yTicks[yTicks.length - 1];
    const left = Math.max(...yTicks.map((v) => textWidth(formatValue(v)))) + 30;
    const height = Math.round(Math.min(380, Math.max(240, width * 0.5)));
    const m = { left, right: 16, top: 14, bottom: 46 };
    const svg = this.frame(width, height);
    const X = (v) => m.left + ((v - xs[0]) / ((xs[xs.length - 1] - xs[0]) || 1)) * (width - m.left - m.right);
    const Y = (v) => height - m.bottom - ((v - yTicks[0]) / ((top - yTicks[0]) || 1)) * (height - m.top - m.bottom);
    for (const v of yTicks) {
      svg.append(svgEl("line", { x1: m.left, x2: width - m.right, y1: Y(v), y2: Y(v), stroke: v === 0 ? "#8a939b" : "#e3e6e9" }));
      svg.append(svgEl("text", { x: m.left - 6, y: Y(v) + 4, fill: MUTED, "text-anchor": "end" }, formatValue(v)));
    }
    for (const { v, label } of xTicks(xs[0], xs[xs.length - 1], spec.x.type, width - m.left - m.right)) {
      svg.append(svgEl("line", { x1: X(v), x2: X(v), y1: height - m.bottom, y2: height - m.bottom + 5, stroke: "#8a939b" }));
      svg.append(svgEl("text", { x: X(v), y: height - m.bottom + 19, fill: MUTED, "text-anchor": "middle" }, label));
    }
    this.axisLabel(svg, m.left + (width - m.left - m.right) / 2, height - 6, spec.x.label, "middle");
    this.axisLabel(svg, 13, m.top + (height - m.top - m.bottom) / 2, spec.y.unit ? `${spec.y.label} (${spec.y.unit})` : spec.y.label, "middle", true);
    for (const s of series) {
      let d = "";
      let pen = false;
      s.values.forEach((v, i) => {
        if (v === null || v === undefined) { pen = false; return; }
        const x = X(xs[i]);
        const y = Y(v);
        if (spec.step && pen) d += `H${x.toFixed(1)}V${y.toFixed(1)}`;
        else d += `${pen ? "L" : "M"}${x.toFixed(1)},${y.toFixed(1)}`;
        pen = true;
      });
      svg.append(svgEl("path", { d, fill: "none", stroke: s.colour, "stroke-width": 2.2, "data-series": s.name }));
    }
    const rule = svgEl("line", { y1: m.top, y2: height - m.bottom, stroke: INK, "stroke-dasharray": "3 3", visibility: "hidden" });
    const dots = svgEl("g", { visibility: "hidden" });
    svg.append(rule, dots);
    const pick = (i) => {
      this.index = i;
      const x = X(xs[i]);
      rule.setAttribute("x1", x); rule.setAttribute("x2", x); rule.setAttribute("visibility", "visible");
      dots.replaceChildren(...series.filter((s) => s.values[i] !== null && s.values[i] !== undefined)
        .map((s) => svgEl("circle", { cx: x, cy: Y(s.values[i]), r: 4, fill: s.colour, stroke: "#fff" })));
      dots.setAttribute("visibility", "visible");
      this.tooltip(`${spec.x.label} ${spec.x.values[i]}`, series.map((s) => [s.label ?? s.name, s.colour, s.values[i]]), x, width);
    };
    this.hover(svg, xs.length, (px) => {
      let best = 0;
      xs.forEach((v, i) => { if (Math.abs(X(v) - px) < Math.abs(X(xs[best]) - px)) best = i; });
      return best;
    }, pick, () => { rule.setAttribute("visibility", "hidden"); dots.setAttribute("visibility", "hidden"); });
    return svg;
  }

  bars(width) {
    const { spec } = this;
    const s = spec.series[0];
    const labels = spec.x.values;
    const values = s.values;
    const narrow = width < 520;
    const longest = Math.max(...labels.map(textWidth));
    const labelW = narrow ? 0 : Math.min(width * 0.4, longest + 12);
    const row = narrow ? 44 : 30;
    const low = Math.min(0, ...values);
    const high = Math.max(...values);
    const ticks = niceTicks(low, high > low ? high : low + 1, narrow ? 3 : 5);
    const top = ticks[ticks.length - 1];
    const m = { left: labelW + 8, right: 24, top: 8, bottom: 44 };
    const height = m.top + labels.length * row + m.bottom;
    const svg = this.frame(width, height);
    const X = (v) => m.left + ((v - ticks[0]) / ((top - ticks[0]) || 1)) * (width - m.left - m.right);
    for (const v of ticks) {
      svg.append(svgEl("line", { x1: X(v), x2: X(v), y1: m.top, y2: height - m.bottom, stroke: v === 0 ? "#8a939b" : "#e3e6e9" }));
      svg.append(svgEl("text", { x: X(v), y: height - m.bottom + 17, fill: MUTED, "text-anchor": "middle" }, formatValue(v)));
    }
    this.axisLabel(svg, m.left + (width - m.left - m.right) / 2, height - 6, spec.y.unit ? `${spec.y.label} (${spec.y.unit})` : spec.y.label, "middle");
    const bars = [];
    labels.forEach((label, i) => {
      const y = m.top + i * row;
      const barY = narrow ? y + 20 : y + 5;
      const barH = narrow ? 18 : row - 10;
      const keep = spec.x.verbatim ? { translate: "no" } : {};
      if (narrow) svg.append(svgEl("text", { x: m.left, y: y + 15, fill: INK, ...keep }, label));
      else svg.append(svgEl("text", { x: m.left - 8, y: barY + barH / 2 + 4, fill: INK, "text-anchor": "end", ...keep }, label));
      const x0 = X(Math.min(0, values[i]));
      const w = Math.max(1, Math.abs(X(values[i]) - X(0)));
      const bar = svgEl("rect", { x: x0, y: barY, width: w, height: barH, fill: COLOURS[0], rx: 2 });
      bars.push(bar);
      svg.append(bar);
      const text = withUnit(values[i], spec.y.unit);
      const inside = x0 + w + textWidth(text) + 6 > width - 4;
      svg.append(svgEl("text", { x: inside ? x0 + w - 6 : x0 + w + 6, y: barY + barH / 2 + 4, fill: inside ? "#fff" : INK, "text-anchor": inside ? "end" : "start" }, text));
    });
    this.hover(svg, labels.length, (_px, py) => Math.min(labels.length - 1, Math.max(0, Math.floor((py - m.top) / row))), (i) => {
      bars.forEach((b, j) => b.setAttribute("fill", j === i ? "#004a75" : COLOURS[0]));
      this.tooltip(labels[i], [[s.label ?? s.name, COLOURS[0], values[i]]], X(values[i]), width);
    }, () => bars.forEach((b) => b.setAttribute("fill", COLOURS[0])));
    return svg;
  }

  hover(svg, count, indexAt, pick, clear) {
    const point = (event) => {
      const box = svg.getBoundingClientRect();
      return [event.clientX - box.left, event.clientY - box.top];
    };
    svg.addEventListener("pointermove", (event) => pick(indexAt(...point(event))));
    svg.addEventListener("pointerleave", () => { clear(); this.tip.hidden = true; });
    svg.addEventListener("keydown", (event) => {
      const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
      if (step === undefined && event.key !== "Home" && event.key !== "End") return;
      event.preventDefault();
      let i = this.index ?? (step > 0 ? -1 : count);
      if (event.key === "Home") i = 0;
      else if (event.key === "End") i = count - 1;
      else i = Math.min(count - 1, Math.max(0, i + step));
      pick(i);
    });
    svg.addEventListener("blur", () => { clear(); this.tip.hidden = true; });
  }

  tooltip(heading, rows, x, width) {
    const unit = this.spec.y.unit;
    this.tip.replaceChildren(el("strong", {}, heading),
      ...rows.map(([name, colour, v]) => el("div", {}, el("span", { class: "swatch", style: `background:${colour}`, "aria-hidden": "true" }), `${name}: ${withUnit(v, unit)}`)));
    this.tip.hidden = false;
    const left = Math.min(Math.max(0, x + 12), Math.max(0, width - 220));
    this.tip.style.left = `${left}px`;
  }

  /** The chart as a standalone SVG file: title above, source and permalink below. */
  svgText() {
    const svg = this.svg.cloneNode(true);
    const w = Number(svg.getAttribute("width"));
    const h = Number(svg.getAttribute("height"));
    const out = svgEl("svg", { xmlns: NS, viewBox: `0 0 ${w} ${h + 64}`, width: w, height: h + 64, style: `font:${FONT}` });
    out.append(svgEl("rect", { width: w, height: h + 64, fill: "#ffffff" }));
    out.append(svgEl("text", { x: 8, y: 20, fill: INK, "font-weight": "700" }, this.spec.title));
    const body = svgEl("g", { transform: "translate(0 30)" });
    body.append(...svg.childNodes);
    out.append(body);
    const note = [this.spec.source, `eurasec · ${location.origin}${permalink(this.id)}`].filter(Boolean).join(" · ");
    out.append(svgEl("text", { x: 8, y: h + 54, fill: MUTED, "font-size": "11" }, note));
    return new XMLSerializer().serializeToString(out);
  }

  async png() {
    const text = this.svgText();
    const image = new Image();
    const url = URL.createObjectURL(new Blob([text], { type: "image/svg+xml" }));
    await new Promise((resolve, reject) => { image.onload = resolve; image.onerror = reject; image.src = url; });
    const canvas = document.createElement("canvas");
    canvas.width = image.width * 2;
    canvas.height = image.height * 2;
    const ctx = canvas.getContext("2d");
    ctx.scale(2, 2);
    ctx.drawImage(image, 0, 0);
    URL.revokeObjectURL(url);
    const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
    save(fileName(this.id, "png"), blob);
  }
}

/** Draw every chart of the page. */
export function drawCharts(root = document) {
  for (const figure of root.querySelectorAll("figure[data-chart]")) {
    try {
      figure.chart = new Chart(figure);
    } catch (error) {
      figure.dataset.error = String(error);
      throw error;
    }
  }
}
