// The evidence panel: an event's facts and every sentence it was coded from, with the source,
// trigger and target highlighted from the record's spans (sentence-relative character offsets).

const ROLES = ["source", "trigger", "target"];

/** `sentence` as a fragment in which each role's span is wrapped in
 * `<mark class="role-ROLE" data-role="ROLE">`. Offsets count characters (code points, as
 * Python does), not UTF-16 units; spans outside the sentence are ignored; overlapping spans nest. */
export function highlight(sentence, spans = {}) {
  const chars = Array.from(sentence);
  const ranges = ROLES.filter((role) => {
    const span = spans[role];
    return Array.isArray(span) && span[0] >= 0 && span[0] < span[1] && span[1] <= chars.length;
  }).map((role) => [role, spans[role][0], spans[role][1]]);
  const cuts = [...new Set([0, chars.length, ...ranges.flatMap(([, a, b]) => [a, b])])].sort(
    (x, y) => x - y,
  );
  const fragment = document.createDocumentFragment();
  for (let i = 0; i + 1 < cuts.length; i += 1) {
    const [start, end] = [cuts[i], cuts[i + 1]];
    let node = document.createTextNode(chars.slice(start, end).join(""));
    for (const [role, a, b] of ranges.slice().reverse()) {
      if (a <= start && end <= b) {
        const mark = document.createElement("mark");
        mark.className = `role-${role}`;
        mark.dataset.role = role;
        mark.append(node);
        node = mark;
      }
    }
    fragment.append(node);
  }
  return fragment;
}

function element(tag, text = "", className = "") {
  const node = document.createElement(tag);
  if (text) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function count(n, noun) {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

function actorText(actor) {
  if (!actor) return "—";
  return `${actor.name}${actor.code ? ` (${actor.code})` : ""}`;
}

function facts(event) {
  const list = element("dl", "", "facts");
  const rows = [
    ["type", `${event.plover}${event.mode ? ` / ${event.mode}` : ""} · CAMEO ${event.cameo}` +
      ` · Goldstein ${event.goldstein}`],
    ["source", actorText(event.source)],
    ["target", actorText(event.target)],
    ["date", `${event.date ?? "unknown"} (${event.date_precision})`],
    ["where", event.location ? `${event.location.name}, ${event.location.country}` : "—"],
    ["modality", `${event.modality}${event.negated ? ", negated" : ""}`],
    ["reports", `${count(event.num_mentions, "mention")} in ${count(event.num_articles, "article")}` +
      ` from ${event.num_sources ? count(event.num_sources, "site") : "no known site"}`],
  ];
  for (const [name, value] of rows) {
    list.append(element("dt", name), element("dd", value));
  }
  return list;
}

function mentionItem(mention, isRoot) {
  const record = mention.record;
  const item = element("li");
  const sentence = element("p", "", isRoot ? "sentence root" : "sentence");
  sentence.dataset.mention = mention.id;
  sentence.append(highlight(record.sentence.trimEnd(), record.spans));
  const when = record.date_text ? `“${record.date_text}” → ${record.date}` : record.date ?? "";
  const meta = element("p", "", "meta");
  meta.textContent = [
    `published ${record.published ?? "?"}`,
    when,
    record.modality,
    `confidence ${record.confidence}`,
    mention.urls.join(" · "),
  ].filter(Boolean).join(" | ");
  const why = element("p", record.why, "meta");
  item.append(sentence, meta, why);
  return item;
}

/** Show `event` (a `/v1/events/{id}` body) in `container`. */
export function renderEvidence(container, event) {
  const mentions = [...event.mentions].sort(
    (a, b) => (b.id === event.root_mention) - (a.id === event.root_mention),
  );
  const list = element("ul", "", "mentions");
  for (const mention of mentions) list.append(mentionItem(mention, mention.id === event.root_mention));
  if (!mentions.length) list.append(element("li", event.sentence));
  container.replaceChildren(facts(event), list);
  container.dataset.event = event.id;
}
