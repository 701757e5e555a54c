// Calls to the Polybius API: JSON in, JSON out, errors as ApiError with the server's message.

export class ApiError extends Error {
  constructor(status, body) {
    super(describeBody(status, body));
    this.status = status;
    this.body = body;
  }
}

function describeBody(status, body) {
  if (!body || body.detail === undefined) return `the server answered ${status}`;
  if (typeof body.detail === "string") return body.detail;
  return body.detail
    .map((problem) => `${problem.loc.filter((p) => p !== "query").join(".")}: ${problem.msg}`)
    .join("; ");
}

/** The query string of `params`, leaving out empty and false values. */
export function queryString(params) {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === "" || value === false) continue;
    query.set(name, String(value));
  }
  return query.toString();
}

/** GET `path` with `params`; resolves to the parsed JSON body, rejects with ApiError (or with
 * an AbortError once `signal` aborts). */
export async function getJSON(path, params = {}, { signal } = {}) {
  const query = queryString(params);
  const response = await fetch(query ? `${path}?${query}` : path, {
    headers: { Accept: "application/json" },
    signal,
  });
  // An error page may have no JSON body; a cancelled read or a broken successful answer is an error.
  const body = await response.json().catch((error) => {
    if (error.name === "AbortError" || response.ok) throw error;
    return null;
  });
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}
