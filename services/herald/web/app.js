// Herald's map page: events from /v1/events.geojson on a Natural Earth base map, clustered
// in screen space, coloured by QuadClass; a timeline whose brush filters the map; stories;
// evidence with the trigger highlighted. No library: SVG and fetch.
"use strict";

const W = 960, H = 480, CELL = 26, PAGE = 10000, MAX_EVENTS = 50000, POLL_MS = 5000;
const svgNs = "http://www.w3.org/2000/svg";
const state = {
  events: [],        // features of the current filters
  brush: null,       // [firstDay, lastDay] (ms) or null
  view: { k: 1, x: 0, y: 0 },
  stats: null,
  params: new URLSearchParams(),
};
const $ = (id) => document.getElementById(id);

function el(tag, attrs, text) {
  const e = tag.includes(":") || ["svg", "g", "circle", "rect", "path", "text"].includes(tag)
    ? document.createElementNS(svgNs, tag) : document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}

// ---- base map: TopoJSON arcs to SVG paths, equirectangular ----
const project = (lon, lat) => [(lon + 180) / 360 * W, (90 - lat) / 180 * H];

function topoArcs(topo) {
  const [sx, sy] = topo.transform.scale, [tx, ty] = topo.transform.translate;
  return topo.arcs.map((arc) => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
  });
}

function ringPath(ring, arcs) {
  const points = [];
  for (const i of ring) {
    const arc = i < 0 ? arcs[~i].slice().reverse() : arcs[i];
    points.push(...(points.length ? arc.slice(1) : arc));
  }
  let d = "", prev = null;
  for (const [lon, lat] of points) {
    const [x, y] = project(lon, lat);
    // A jump across the antimeridian starts a new piece rather than crossing the map.
    d += (prev === null || Math.abs(lon - prev) > 180 ? "M" : "L") + x.toFixed(1) + "," + y.toFixed(1);
    prev = lon;
  }
  return d + "Z";
}

async function drawLand() {
  const topo = await (await fetch("countries-110m.json")).json();
  const arcs = topoArcs(topo);
  const land = $("land");
  for (const g of topo.objects.countries.geometries) {
    const polys = g.type === "Polygon" ? [g.arcs] : g.type === "MultiPolygon" ? g.arcs : [];
    const d = polys.map((p) => p.map((r) => ringPath(r, arcs)).join("")).join("");
    if (d) land.appendChild(el("path", { d, "data-name": (g.properties || {}).name || "" }));
  }
}

// ---- data ----
function dayOf(f) {
  const d = f.properties.date;
  return d ? Date.parse(d + "T00:00:00Z") : NaN;
}

async function load() {
  const events = [];
  let cursor = null;
  do {
    const p = new URLSearchParams(state.params);
    p.set("limit", PAGE);
    if (cursor) p.set("cursor", cursor);
    const r = await fetch("v1/events.geojson?" + p);
    const body = await r.json();
    if (!r.ok) { $("count").textContent = body.error || r.statusText; return; }
    for (const f of body.features) { f.day = dayOf(f); events.push(f); }
    cursor = body.next_cursor;
  } while (cursor && events.length < MAX_EVENTS);
  state.events = events;
  fillTypes(events);
  drawTimeline();
  drawMarkers();
}

function fillTypes(events) {
  const select = $("f-type");
  const have = new Set([...select.options].map((o) => o.value));
  const types = [...new Set(events.map((f) => f.properties.plover))].sort();
  for (const t of types) if (!have.has(t)) select.appendChild(el("option", { value: t }, t));
}

function shown() {
  const b = state.brush;
  return b ? state.events.filter((f) => f.day >= b[0] && f.day <= b[1]) : state.events;
}

// ---- markers, clustered in screen space ----
function drawMarkers() {
  const { k, x: vx, y: vy } = state.view;
  const g = $("markers");
  g.replaceChildren();
  const events = shown();
  const cells = new Map();
  let placed = 0;
  for (const f of events) {
    if (!f.geometry) continue;
    placed++;
    const [lon, lat] = f.geometry.coordinates;
    const [px, py] = project(lon, lat);
    const sx = px * k + vx, sy = py * k + vy;
    if (sx < -CELL || sy < -CELL || sx > W + CELL || sy > H + CELL) continue;
    const key = Math.floor(sx / CELL) + ":" + Math.floor(sy / CELL);
    let c = cells.get(key);
    if (!c) { c = { x: 0, y: 0, n: 0, quads: [0, 0, 0, 0, 0], events: [] }; cells.set(key, c); }
    c.x += sx; c.y += sy; c.n++; c.quads[f.properties.quad_class]++; c.events.push(f);
  }
  for (const c of cells.values()) {
    const quad = c.quads.indexOf(Math.max(...c.quads));
    const m = el("g", {
      class: "marker q" + quad + (c.n > 1 ? " cluster" : " event"),
      transform: `translate(${(c.x / c.n).toFixed(1)},${(c.y / c.n).toFixed(1)})`,
      "data-count": c.n,
    });
    m.appendChild(el("circle", { r: (c.n > 1 ? 7 + 3 * Math.log2(c.n) : 5).toFixed(1) }));
    if (c.n > 1) m.appendChild(el("text", {}, c.n));
    m.addEventListener("click", (ev) => {
      ev.stopPropagation();
      document.querySelectorAll(".marker.selected").forEach((s) => s.classList.remove("selected"));
      m.classList.add("selected");
      showEvidence(c.n > 1 ? `${c.n} events here` : "Event", c.events);
    });
    g.appendChild(m);
  }
  const total = events.length;
  $("count").textContent = `${total} events, ${placed} on the map` +
    (state.brush ? " (timeline selection)" : "");
  document.body.dataset.markers = g.childElementCount;
  document.body.dataset.placed = placed;
  document.body.dataset.ready = "1";
}

// ---- zoom and pan ----
function setupZoom() {
  const map = $("map");
  const toMap = (ev) => {
    const pt = map.createSVGPoint();
    pt.x = ev.clientX; pt.y = ev.clientY;
    return pt.matrixTransform(map.getScreenCTM().inverse());
  };
  const apply = () => {
    const { k, x, y } = state.view;
    $("land").setAttribute("transform", `translate(${x},${y}) scale(${k})`);
    drawMarkers();
  };
  map.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const p = toMap(ev), v = state.view;
    const k = Math.min(64, Math.max(1, v.k * (ev.deltaY < 0 ? 1.5 : 1 / 1.5)));
    v.x = p.x - (p.x - v.x) * k / v.k; v.y = p.y - (p.y - v.y) * k / v.k; v.k = k;
    apply();
  }, { passive: false });
  let drag = null;
  map.addEventListener("mousedown", (ev) => { drag = { p: toMap(ev), x: state.view.x, y: state.view.y }; });
  window.addEventListener("mousemove", (ev) => {
    if (!drag) return;
    const p = toMap(ev);
    state.view.x = drag.x + p.x - drag.p.x; state.view.y = drag.y + p.y - drag.p.y;
    apply();
  });
  window.addEventListener("mouseup", () => { drag = null; });
}

// ---- timeline histogram with a brush ----
const DAY = 86400000;
function drawTimeline() {
  const svg = $("timeline");
  svg.replaceChildren();
  const days = state.events.map((f) => f.day).filter((d) => !isNaN(d));
  if (!days.length) { state.range = null; return; }
  let lo = Math.min(...days), hi = Math.max(...days) + DAY;
  const bins = Math.max(1, Math.min(120, Math.round((hi - lo) / DAY)));
  const step = (hi - lo) / bins;
  const counts = new Array(bins).fill(0);
  for (const d of days) counts[Math.min(bins - 1, Math.floor((d - lo) / step))]++;
  const max = Math.max(...counts), bw = W / bins;
  state.range = { lo, hi, step };
  counts.forEach((n, i) => {
    const h = n ? Math.max(2, n / max * 70) : 0;
    const t0 = lo + i * step;
    const inside = !state.brush || (t0 + step > state.brush[0] && t0 <= state.brush[1]);
    svg.appendChild(el("rect", { class: "bar" + (inside ? " in" : ""), x: i * bw + 0.5, y: 76 - h, width: Math.max(1, bw - 1), height: h }));
  });
  const label = (t) => new Date(t).toISOString().slice(0, 10);
  svg.appendChild(el("text", { x: 2, y: 88 }, label(lo)));
  svg.appendChild(el("text", { x: W - 2, y: 88, "text-anchor": "end" }, label(hi - DAY)));
  if (state.brush) {
    const x0 = (state.brush[0] - lo) / (hi - lo) * W, x1 = (state.brush[1] + DAY - lo) / (hi - lo) * W;
    svg.appendChild(el("rect", { class: "brush", x: x0, y: 0, width: Math.max(1, x1 - x0), height: 78 }));
  }
}

function setupBrush() {
  const svg = $("timeline");
  const at = (ev) => {
    const r = svg.getBoundingClientRect();
    const { lo, hi } = state.range;
    return lo + (ev.clientX - r.left) / r.width * (hi - lo);
  };
  let start = null;
  svg.addEventListener("mousedown", (ev) => { if (state.range) start = at(ev); });
  svg.addEventListener("mousemove", (ev) => {
    if (start === null) return;
    const t = at(ev), a = Math.min(start, t), b = Math.max(start, t);
    state.brush = [Math.floor(a / DAY) * DAY, Math.floor(b / DAY) * DAY];
    drawTimeline();
  });
  svg.addEventListener("mouseup", () => { start = null; drawMarkers(); });
  svg.addEventListener("dblclick", () => { state.brush = null; drawTimeline(); drawMarkers(); });
}

// ---- evidence and stories ----
function evidenceItem(p) {
  const div = el("div", { class: "evidence" });
  const actors = [p.source && p.source.code, p.target && p.target.code].filter(Boolean).join(" → ");
  const kind = p.plover ? `${p.plover} (${p.cameo})` : `CAMEO ${p.cameo}`;
  const meta = [p.date, kind, actors, p.place && p.place.name].filter(Boolean).join(" · ");
  div.appendChild(el("div", { class: "meta" }, meta));
  const s = el("p", { class: "sentence" });
  s.append(p.evidence.before, el("mark", {}, p.evidence.trigger), p.evidence.after);
  div.appendChild(s);
  if (p.article.url) {
    div.appendChild(el("a", { href: p.article.url, target: "_blank", rel: "noopener" }, p.article.title || p.article.url));
  } else {
    div.appendChild(el("span", { class: "meta" }, p.article.title || p.article.id));
  }
  return div;
}

function showEvidence(title, features) {
  $("evidence-title").textContent = title;
  const box = $("evidence");
  box.replaceChildren(...features.slice(0, 100).map((f) => evidenceItem(f.properties || f)));
  if (features.length > 100) box.appendChild(el("p", { class: "hint" }, `and ${features.length - 100} more`));
}

async function loadStories() {
  const r = await fetch("v1/stories?limit=200");
  if (!r.ok) return;
  const { stories } = await r.json();
  const list = $("stories");
  list.replaceChildren();
  for (const s of stories) {
    const li = el("li", { "data-story": s.story_id }, s.title || s.story_id);
    li.appendChild(el("span", { class: "counts" },
      `${s.num_articles} articles · ${s.num_sources} sources · ${s.num_events} events · ${s.num_mentions} mentions`));
    li.addEventListener("click", async () => {
      document.querySelectorAll("#stories li.selected").forEach((x) => x.classList.remove("selected"));
      li.classList.add("selected");
      const d = await (await fetch("v1/stories/" + encodeURIComponent(s.story_id))).json();
      // A later click wins over a slower answer to an earlier one.
      if (li.classList.contains("selected")) showEvidence(d.title || d.story_id, d.events);
    });
    list.appendChild(li);
  }
}

// ---- filters and live updates ----
function setupFilters() {
  const form = $("filters");
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (v.trim()) p.set(k, v.trim());
    state.params = p;
    state.brush = null;
    $("csv").href = "v1/events.csv?" + p;
    $("geojson").href = "v1/events.geojson?" + p;
    load();
  });
  $("reset").addEventListener("click", () => { form.reset(); form.requestSubmit(); });
}

async function poll() {
  try {
    const r = await fetch("v1/stats");
    const stats = await r.json();
    $("live").classList.toggle("stale", !r.ok);
    if (r.ok && state.stats && (stats.events !== state.stats.events || stats.stories !== state.stats.stories)) {
      await Promise.all([load(), loadStories()]);
    }
    if (r.ok) state.stats = stats;
  } catch (e) {
    $("live").classList.add("stale");
  }
}

async function main() {
  setupZoom();
  setupBrush();
  setupFilters();
  await Promise.all([drawLand(), load(), loadStories()]);
  // Since navigation started: the page's first render with every event on the map.
  window.heraldFirstRenderMs = performance.now();
  await poll();
  setInterval(poll, POLL_MS);
}

main();
