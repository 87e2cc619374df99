// Charts (uPlot) and their tables for screen readers. Every chart has a caption that reads
// out the hovered period, the record's value with its source, and a table of the same figures.
import uPlot from "uplot";

import { RECORD } from "./record.js";

export const fmt = (v) =>
  v == null || Number.isNaN(v) ? "–" : Math.round(v).toLocaleString("en-GB");

const COLOURS = {
  model: "#b3261e",
  band: "rgba(179, 38, 30, 0.18)",
  a: "#1d4f91",
  record: "#111",
};
const CAUSE_COLOURS = ["#b3261e", "#7b3fa0", "#1d4f91", "#0b7a75", "#c77700", "#5f6b00", "#777"];

function size(el) {
  const w = Math.max(280, Math.min(el.clientWidth || 600, 900));
  return { width: w, height: Math.round(Math.max(200, Math.min(320, w * 0.5))) };
}

const charts = new Map();

function mount(el, opts, data) {
  charts.get(el)?.destroy();
  el.querySelector(".plot")?.remove();
  const holder = document.createElement("div");
  holder.className = "plot";
  holder.setAttribute("aria-hidden", "true"); // the table below carries the figures
  el.prepend(holder);
  const u = new uPlot({ ...size(el), ...opts }, data, holder);
  charts.set(el, u);
  return u;
}

window.addEventListener("resize", () => {
  for (const [el, u] of charts) u.setSize(size(el));
});

function table(el, caption, head, rows) {
  let t = el.querySelector("details");
  if (!t) {
    t = document.createElement("details");
    el.append(t);
  }
  t.innerHTML = `<summary>The figures as a table</summary><table><caption>${caption}</caption>
    <thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join("")}</tr></thead>
    <tbody>${rows.map((r) => `<tr><th scope="row">${r[0]}</th>${r.slice(1).map((c) => `<td>${c}</td>`).join("")}</tr>`).join("")}</tbody></table>`;
}

/**
 * A yearly chart of one metric: the model's line, its band over seeds (if an ensemble), a
 * kept run A for comparison, and the record's points with their sources.
 */
export function yearly(el, { title, metric, years, model, band, a, aLabel }) {
  const record = RECORD[metric] ?? [];
  const rec = years.map((y) => record.find((p) => p.year === y)?.value ?? null);
  const series = [{ label: "year", value: (u, v) => v }];
  const data = [years];
  series.push({ label: band ? "model (mean of seeds)" : "model", stroke: COLOURS.model, width: 2, value: (u, v) => fmt(v) });
  data.push(model);
  const bandsOpt = [];
  if (band) {
    series.push({ label: "5%", stroke: COLOURS.band, value: (u, v) => fmt(v) });
    series.push({ label: "95%", stroke: COLOURS.band, value: (u, v) => fmt(v) });
    data.push(band.p05, band.p95);
    bandsOpt.push({ series: [3, 2], fill: COLOURS.band });
  }
  if (a) {
    series.push({ label: aLabel ?? "run A", stroke: COLOURS.a, width: 2, dash: [6, 4], value: (u, v) => fmt(v) });
    data.push(a);
  }
  series.push({
    label: "archival record",
    stroke: COLOURS.record,
    paths: () => null,
    points: { show: true, size: 9, fill: COLOURS.record },
    value: (u, v) => fmt(v),
  });
  data.push(rec);
  const readout = el.querySelector(".readout");
  mount(
    el,
    {
      title,
      scales: { x: { time: false } },
      axes: [{ values: (u, vs) => vs.map((v) => (Number.isInteger(v) ? String(v) : "")) }, { size: 86, values: (u, vs) => vs.map(fmt) }],
      series,
      bands: bandsOpt,
      hooks: {
        setCursor: [
          (u) => {
            const i = u.cursor.idx;
            if (i == null || !readout) return;
            const y = years[i];
            const p = record.find((q) => q.year === y);
            readout.textContent =
              `${y}: model ${fmt(model[i])}` +
              (p ? `; record ${fmt(p.value)} (${p.status}; ${p.source})` : "; no record for this year");
          },
        ],
      },
    },
    data,
  );
  const head = ["Year", "Model", ...(band ? ["5%", "95%"] : []), ...(a ? [aLabel ?? "Run A"] : []), "Record", "Source of the record"];
  table(
    el,
    title,
    head,
    years.map((y, i) => {
      const p = record.find((q) => q.year === y);
      return [y, fmt(model[i]), ...(band ? [fmt(band.p05[i]), fmt(band.p95[i])] : []), ...(a ? [fmt(a[i])] : []), p ? fmt(p.value) : "–", p ? `${p.status}; ${p.source}` : "–"];
    }),
  );
}

const monthTime = (label) => Date.UTC(+label.slice(0, 4), +label.slice(5, 7) - 1, 1) / 1000;

/** Monthly lines: several named series (and optional bands) against time. */
export function monthly(el, { title, labels, lines, bandsFor }) {
  const xs = labels.map(monthTime);
  const series = [{ label: "month", value: (u, v) => (v == null ? "–" : new Date(v * 1000).toISOString().slice(0, 7)) }];
  const data = [xs];
  const bandsOpt = [];
  lines.forEach((l, k) => {
    series.push({ label: l.label, stroke: l.colour ?? CAUSE_COLOURS[k % CAUSE_COLOURS.length], width: 2, dash: l.dash, value: (u, v) => fmt(v) });
    data.push(l.values);
  });
  for (const b of bandsFor ?? []) {
    const lo = series.length;
    series.push({ label: `${b.label} 5%`, stroke: COLOURS.band, value: (u, v) => fmt(v) });
    series.push({ label: `${b.label} 95%`, stroke: COLOURS.band, value: (u, v) => fmt(v) });
    data.push(b.p05, b.p95);
    bandsOpt.push({ series: [lo + 1, lo], fill: COLOURS.band });
  }
  const readout = el.querySelector(".readout");
  mount(
    el,
    {
      title,
      axes: [{}, { size: 86, values: (u, vs) => vs.map(fmt) }],
      series,
      bands: bandsOpt,
      hooks: {
        setCursor: [
          (u) => {
            const i = u.cursor.idx;
            if (i == null || !readout) return;
            readout.textContent = `${labels[i]}: ` + lines.map((l) => `${l.label} ${fmt(l.values[i])}`).join("; ");
          },
        ],
      },
    },
    data,
  );
  table(el, title, ["Month", ...lines.map((l) => l.label)], labels.map((m, i) => [m, ...lines.map((l) => fmt(l.values[i]))]));
}

export { CAUSE_COLOURS, COLOURS };
