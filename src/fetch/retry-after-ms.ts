/**
 * How long an answer asks to be left alone: `retry-after-ms`, else `Retry-After` as
 * (decimal) seconds or an HTTP date; `undefined` when neither can be read.
 */
export function retryAfterMs(headers: Headers): number | undefined {
  const ms = Number(headers.get("retry-after-ms") ?? Number.NaN);
  if (ms >= 0) return ms;
  const value = headers.get("retry-after")?.trim() ?? "";
  const delay = /^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isNaN(delay) ? undefined : Math.max(0, delay);
}
