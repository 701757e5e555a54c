// The filter form: read it, fill it, and keep it in the page's address so a view can be shared.

export const FILTER_NAMES = ["since", "until", "actor", "dyad", "type", "country", "include_negated"];

/** The form's filters as an object (empty fields left out, codes upper-cased). */
export function readForm(form) {
  const filters = {};
  for (const name of FILTER_NAMES) {
    const field = form.elements[name];
    if (field.type === "checkbox") {
      if (field.checked) filters[name] = true;
      continue;
    }
    const value = field.value.trim();
    if (!value) continue;
    filters[name] = ["actor", "dyad", "country"].includes(name) ? value.toUpperCase() : value;
  }
  return filters;
}

/** Put `filters` into the form (fields not named are cleared). */
export function writeForm(form, filters) {
  for (const name of FILTER_NAMES) {
    const field = form.elements[name];
    if (field.type === "checkbox") field.checked = Boolean(filters[name]);
    else field.value = filters[name] ?? "";
  }
}

/** The filters in the page's address (`?dyad=RUS:UKR&since=...`). */
export function filtersFromAddress() {
  const query = new URLSearchParams(window.location.search);
  const filters = {};
  for (const name of FILTER_NAMES) {
    const value = query.get(name);
    if (value === null || value === "") continue;
    filters[name] = name === "include_negated" ? value === "true" : value;
  }
  return filters;
}

/** Replace the page's address with one holding `filters`. */
export function filtersToAddress(filters) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) query.set(name, String(value));
  const search = query.toString();
  window.history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
}
