// The archival record the charts compare with: data/record_annual.csv and data/party.csv, the
// same files `chistka report` uses, bundled as text.
import annualText from "../../data/record_annual.csv";
import partyText from "../../data/party.csv";

function rows(text) {
  const lines = text.split("\n").filter((l) => l.trim() && !l.startsWith("#"));
  const head = lines.shift().split(",");
  return lines.map((l) => {
    const cells = l.split(",");
    return Object.fromEntries(head.map((h, i) => [h, cells[i]]));
  });
}

/** Record points by metric: {metric: [{year, value, status, source}]}. */
export const RECORD = (() => {
  const out = {};
  for (const r of rows(annualText)) {
    (out[r.metric] ??= []).push({ year: +r.year, value: +r.value, status: r.status, source: r.source });
  }
  out.party_members_jan1 = rows(partyText).map((r) => ({
    year: +r.date.slice(0, 4),
    value: +r.total,
    status: r.status,
    source: r.source,
  }));
  return out;
})();

/** The record's value for a metric summed over years, if every year is there. */
export function recordSum(metric, years) {
  const pts = RECORD[metric] ?? [];
  let s = 0;
  for (const y of years) {
    const p = pts.find((q) => q.year === y);
    if (!p) return null;
    s += p.value;
  }
  return s;
}
