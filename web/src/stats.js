// Bands over an ensemble's seeds: mean and percentiles, type 7 (as NumPy, R and
// `chistka ensemble`).

/** The q-quantile of sorted values, interpolating between order statistics (type 7). */
export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** For one column of a table over runs: {mean, p05, p50, p95}, one array each, by period. */
export function bands(tables, column) {
  const c = tables[0].columns.indexOf(column) - 1;
  const n = tables[0].labels.length;
  const out = { mean: [], p05: [], p50: [], p95: [] };
  for (let i = 0; i < n; i++) {
    const xs = tables.map((t) => t.values[c][i]).sort((a, b) => a - b);
    out.mean.push(xs.reduce((s, x) => s + x, 0) / xs.length);
    out.p05.push(quantile(xs, 0.05));
    out.p50.push(quantile(xs, 0.5));
    out.p95.push(quantile(xs, 0.95));
  }
  return out;
}

/** The values of a named column of a results table. */
export function column(table, name) {
  const c = table.columns.indexOf(name) - 1;
  if (c < 0) throw new Error(`no column ${name}`);
  return table.values[c];
}
