/** The JSON value `text` holds, or `text` itself when it is not JSON (a proxy's page, a plain-text error). */
export function jsonOrText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
