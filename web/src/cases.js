// Follow a case: one synthetic person's file, with the chain of namings that led to them and
// the people they named, each a button that opens that person's file.
import { fmt } from "./charts.js";

const SYNTHETIC = "Synthetic person: generated from census shares by the model. No real person is described.";

const words = (s) => String(s).replaceAll("_", " ");

function who(p) {
  const role = p.elite_role ? `${words(p.elite_role)}, ` : "";
  return `${role}${words(p.category)}, ${p.sex}, ${p.age_band}, ${p.region}`;
}

function personButton(id, text) {
  return `<button type="button" class="person" data-person="${id}">No. ${id}${text ? `: ${text}` : ""}</button>`;
}

/** The list of suggested cases, one group per cause of arrest. */
export function renderSuggestions(el, list, open) {
  if (!list?.length) {
    el.innerHTML = "<p>No arrests in 1937-38 in this run.</p>";
    return;
  }
  el.innerHTML = `<ul class="suggestions">${list
    .map(([id, cause, date]) => `<li>${personButton(id, `arrested ${date} (${cause})`)}</li>`)
    .join("")}</ul>`;
  el.onclick = (e) => {
    const b = e.target.closest("[data-person]");
    if (b) open(Number(b.dataset.person));
  };
}

/** One case file. */
export function renderCase(el, f, open) {
  const p = f.profile;
  const li = (items, empty) => (items.length ? `<ul>${items.map((x) => `<li>${x}</li>`).join("")}</ul>` : `<p>${empty}</p>`);
  const source = (a) => {
    if (a.by != null) return ` (${a.source === "wife" ? "wife of" : "source:"} ${personButton(a.by)})`;
    return a.source === "none" ? "" : ` (source: ${words(a.source)})`;
  };
  const arrests = f.arrests.map((a) => `${a.date}: arrested, cause <strong>${words(a.cause)}</strong>${source(a)}`);
  const sentences = f.sentences.map(
    (s) => `${s.date}: <strong>${words(s.verdict)}</strong>${s.term_years ? `, ${s.term_years} years` : ""}, by the ${words(s.channel)}`,
  );
  const namedBy = f.named_by.map((n) => `${n.date}: named by ${personButton(n.person)}${n.coerced ? " under torture" : ""}`);
  const named = f.named.map(
    (n) => `${n.date}: named ${personButton(n.person)}${n.coerced ? " under torture" : ""}${n.arrested ? "" : " (never arrested)"}`,
  );
  const chain = f.chain.length > 1
    ? `<ol class="chain">${f.chain.map((c) => `<li>${c.id === p.id ? `<strong>No. ${c.id}</strong>` : personButton(c.id)}: ${who(c)}; ${words(c.status)}</li>`).join("")}</ol>`
    : "<p>This person was not named by anyone: the chain starts here.</p>";
  el.innerHTML = `<article class="casefile" aria-labelledby="case-title" data-testid="case-file">
    <p class="synthetic" role="note">${SYNTHETIC}</p>
    <h3 id="case-title" tabindex="-1">Case of synthetic person No. ${p.id}</h3>
    <p>${who(p)}; nationality ${words(p.nationality)}; party: ${words(p.party)}. At the end of the run: <strong>${words(p.status)}</strong> (since ${p.status_date}).</p>
    <h4>Arrests</h4>${li(arrests, "Never arrested.")}
    <h4>Sentences</h4>${li(sentences, "No sentence.")}
    <h4>Named by (${fmt(f.named_by.length)})</h4>${li(namedBy, "Nobody named this person.")}
    <h4>Named others (${fmt(f.named.length)})</h4>${li(named, "This person named nobody.")}
    <h4>The chain of namings that led here</h4>${chain}
  </article>`;
  el.onclick = (e) => {
    const b = e.target.closest("[data-person]");
    if (b) open(Number(b.dataset.person));
  };
  el.querySelector("#case-title").focus();
}
