/**
 * Counting the object members written in a JSON text, duplicates included: what `JSON.parse` hides when a key
 * appears twice (it keeps the last one, and some device parsers keep the first). `isVerbatim` compares this count
 * with the members of the frame the codec decoded, so a text with a member written twice is never taken as the
 * frame (src/protocol/verbatim.ts).
 */

const BACKSLASH = 0x5c;
const COLON = 0x3a;

function isJsonWhitespace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}

/** The index of the quote that closes the string whose opening quote is at `open`. */
function closingQuote(json: string, open: number): number {
  let end = json.indexOf('"', open + 1);
  for (;;) {
    if (end === -1) return json.length; // not JSON: unterminated string (never for a text JSON.parse accepted)
    let backslashes = 0;
    while (json.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = json.indexOf('"', end + 1);
  }
}

/**
 * The number of `"key":` members in `json`, at every depth, a key written twice counted twice.
 * `json` must be a text `JSON.parse` accepted: outside strings, valid JSON has no quote but the ones that open
 * strings, and a string followed by a colon is always a key; on any other text the count means nothing.
 * Cost: two `indexOf` per string, so a long string value (an SDP) is skipped, not walked.
 */
export function countMembers(json: string): number {
  let members = 0;
  let open = json.indexOf('"');
  while (open !== -1) {
    let after = closingQuote(json, open) + 1;
    while (isJsonWhitespace(json.charCodeAt(after))) after++;
    if (json.charCodeAt(after) === COLON) members++;
    open = json.indexOf('"', after);
  }
  return members;
}
