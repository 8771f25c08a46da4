/**
 * Text placed into the report's HTML safely: escaped for element content and
 * attributes, and JSON for a `<script type="application/json">` block that
 * no string inside it can end or turn into markup. Paths, user names and
 * configuration lines come from the trail and the host, so every one of them
 * passes through here.
 *
 * @module
 */

const HTML_ESCAPES: Readonly<Record<string, string>> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/**
 * Escapes text for HTML element content or a quoted attribute value.
 *
 * @param text - any text
 * @returns the text with `& < > " '` as character references
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/**
 * JSON for the content of a `<script type="application/json">` element.
 * `<`, `>` and `&` are written as `\u003c`, `\u003e`, `\u0026` (still the
 * same JSON string), so neither `</script` nor `<!--` can appear in the
 * element whatever the data holds; U+2028 and U+2029 are escaped as well,
 * for readers that take the block as JavaScript.
 *
 * @param value - anything `JSON.stringify` accepts
 * @returns JSON text safe between `<script type="application/json">` and `</script>`
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => {
    return `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}
