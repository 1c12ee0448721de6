// Network of actors and formats: a small force-directed layout drawn as SVG (no library).
// Formats are squares, actors circles; a line joins an actor to each format it takes part in.
const data = JSON.parse(document.getElementById("graph-data").textContent);
const svg = document.querySelector("svg.network");
const NS = "http://www.w3.org/2000/svg";
const W = 1000;
const H = 700;
/** Layout constants: spring length, repulsion, damping and the number of iterations. */
const SPRING = 60;
const REPULSION = 2600;
const DAMPING = 0.85;
const ITERATIONS = 260;

function layout(nodes, links) {
  // Deterministic start: nodes on a circle by index, so the picture is the same every load.
  nodes.forEach((n, i) => {
    const a = (2 * Math.PI * i) / nodes.length;
    const r = n.kind === "format" ? 120 : 300;
    n.x = W / 2 + r * Math.cos(a);
    n.y = H / 2 + r * Math.sin(a);
    n.vx = 0;
    n.vy = 0;
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = links.map((l) => [byId.get(l.source), byId.get(l.target)]).filter(([a, b]) => a && b);
  for (let step = 0; step < ITERATIONS; step += 1) {
    const cool = 1 - step / ITERATIONS;
    for (let i = 0; i < nodes.length; i += 1) {
      for (let j = i + 1; j < nodes.length; j += 1) {
        const a = nodes[i];
        const b = nodes[j];
        let dx = a.x - b.x;
        let dy = a.y - b.y;
        const d2 = Math.max(dx * dx + dy * dy, 25);
        const f = REPULSION / d2;
        const d = Math.sqrt(d2);
        dx /= d;
        dy /= d;
        a.vx += f * dx; a.vy += f * dy;
        b.vx -= f * dx; b.vy -= f * dy;
      }
    }
    for (const [a, b] of edges) {
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const d = Math.max(Math.hypot(dx, dy), 1);
      const f = (d - SPRING) * 0.02;
      a.vx += (f * dx) / d; a.vy += (f * dy) / d;
      b.vx -= (f * dx) / d; b.vy -= (f * dy) / d;
    }
    for (const n of nodes) {
      n.vx += (W / 2 - n.x) * 0.004;
      n.vy += (H / 2 - n.y) * 0.004;
      n.x = Math.min(W - 20, Math.max(20, n.x + n.vx * cool));
      n.y = Math.min(H - 20, Math.max(20, n.y + n.vy * cool));
      n.vx *= DAMPING;
      n.vy *= DAMPING;
    }
  }
  return edges;
}

function node(tag, attrs) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function draw() {
  const edges = layout(data.nodes, data.links);
  const lines = node("g", { class: "links" });
  for (const [a, b] of edges) {
    lines.append(node("line", { x1: a.x.toFixed(1), y1: a.y.toFixed(1), x2: b.x.toFixed(1), y2: b.y.toFixed(1) }));
  }
  const dots = node("g", { class: "nodes" });
  for (const n of data.nodes) {
    const link = node("a", { href: n.href, class: n.kind });
    const label = node("title", {});
    label.textContent = n.label;
    link.append(label);
    if (n.kind === "format") {
      link.append(node("rect", { x: n.x - 9, y: n.y - 9, width: 18, height: 18, rx: 3 }));
    } else {
      link.append(node("circle", { cx: n.x, cy: n.y, r: 5 }));
    }
    const text = node("text", { x: n.x + (n.kind === "format" ? 12 : 7), y: n.y + 4 });
    text.textContent = n.short ?? n.label;
    link.append(text);
    dots.append(link);
  }
  svg.replaceChildren(lines, dots);
  svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
  svg.dataset.nodes = String(data.nodes.length);
}

draw();
