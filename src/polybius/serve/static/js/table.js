// The events table: one row per merged event; rows are built with DOM text nodes only.

function cell(row, text, title = "", className = "") {
  const td = row.insertCell();
  td.textContent = text;
  if (title) td.title = title;
  if (className) td.className = className;
  return td;
}

function actorLabel(actor) {
  return actor ? actor.code || actor.name : "·";
}

function actorTitle(actor) {
  return actor ? `${actor.name}${actor.code ? ` (${actor.code})` : ""}: “${actor.text}”` : "no target";
}

/** Add a row per event to `tbody` (after clearing it unless `append`); `onSelect(id, row)` is
 * called when a row is clicked or chosen with Enter. */
export function renderRows(tbody, events, { append = false, onSelect }) {
  if (!append) tbody.replaceChildren();
  for (const event of events) {
    const row = tbody.insertRow();
    row.dataset.id = event.id;
    row.dataset.source = event.source.code;
    row.dataset.target = event.target ? event.target.code : "";
    row.tabIndex = 0;
    const kind = event.plover + (event.mode ? `/${event.mode}` : "") + (event.negated ? " (not)" : "");
    cell(row, event.date ?? "?", event.date_precision);
    cell(row, kind, `CAMEO ${event.cameo}, Goldstein ${event.goldstein}`, `quad-${event.quad_class}`);
    cell(row, actorLabel(event.source), actorTitle(event.source));
    cell(row, actorLabel(event.target), actorTitle(event.target));
    cell(row, event.location ? event.location.name : "", event.location?.country ?? "");
    cell(row, `${event.num_mentions}/${event.num_articles}/${event.num_sources}`,
      "mentions / articles / sources");
    cell(row, event.sentence.trim(), event.sentence.trim());
    row.addEventListener("click", () => onSelect(event.id, row));
    row.addEventListener("keydown", (e) => {
      if (e.key === "Enter") onSelect(event.id, row);
    });
  }
}
