/**
 * Masks secrets (private keys, client secrets, tokens, passwords, credentials in headers
 * and URLs) before anything is logged, put in an error message or serialized. Every log
 * event and error of this client passes through here.
 *
 * @module
 */

const MASK = "[REDACTED]";

/** Headers whose whole value is a credential. */
const SECRET_HEADERS = new Set(["cookie", "set-cookie"]);

/** Headers of the form `<scheme> <credentials>`: the scheme is kept, it helps debugging. */
const AUTH_HEADERS = new Set(["authorization", "proxy-authorization"]);

/**
 * Whether a key, query parameter or header name holds a secret. Names are compared
 * without case, `-` or `_`, and matched by suffix so `clientSecret`, `client_secret`,
 * `access_token`, `newPassword` and `privateKey` are all caught; `publicKey`, `apiKey`
 * and `secrets` (objects and lists whose fields are checked one by one) and
 * `secretExpiresAfterHours` are not.
 */
function isSecretName(name: string): boolean {
  const plain = name.toLowerCase().replace(/[^a-z0-9]/g, "");
  return /(secret|password|passwd|passphrase|token|privatekey)$/.test(plain);
}

/**
 * Copies headers with credentials masked: `Authorization` and `Proxy-Authorization`
 * keep their scheme (`"Digest [REDACTED]"`), `Cookie`, `Set-Cookie` and any header named
 * like a secret (`X-Api-Key`, `X-Auth-Token`) become `"[REDACTED]"`.
 *
 * @param headers - a `Headers` object (names come out lower-case) or a plain record.
 * @returns a new plain record; the input is not changed.
 */
export function redactHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const entries = headers instanceof Headers ? [...headers.entries()] : Object.entries(headers);
  const out: Record<string, string> = {};
  for (const [name, value] of entries) out[name] = redactHeaderValue(name, value);
  return out;
}

function redactHeaderValue(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (AUTH_HEADERS.has(lower)) {
    const scheme = /^([A-Za-z][\w.+-]*)\s/.exec(value)?.[1];
    return scheme === undefined ? MASK : `${scheme} ${MASK}`;
  }
  const secret = SECRET_HEADERS.has(lower) || isSecretName(lower) || lower.endsWith("api-key");
  return secret ? MASK : value;
}

/**
 * Drops the `user:password@` part of a URL and masks the values of query parameters
 * (and `#fragment` parameters) named like secrets: `token`, `access_token`,
 * `client_secret`, `secret`, `privateKey`, `password`, …
 *
 * @param url - an absolute URL; a string that does not parse is cleaned the same way
 *   textually.
 * @returns the URL with no credentials left in it.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return redactUrlText(url);
  }
  parsed.username = "";
  parsed.password = "";
  parsed.search = maskParams(parsed.search.slice(1));
  parsed.hash = maskParams(parsed.hash.slice(1));
  return parsed.href;
}

function redactUrlText(url: string): string {
  const withoutUserinfo = url.replace(/^([^:/?#]*:)?\/\/[^/?#]*@/, "$1//");
  const [base = "", query] = splitOnce(withoutUserinfo, "?");
  return query === undefined ? base : `${base}?${maskParams(query)}`;
}

function splitOnce(text: string, separator: string): [string, string?] {
  const at = text.indexOf(separator);
  return at < 0 ? [text] : [text.slice(0, at), text.slice(at + 1)];
}

/** Masks secret values in `a=1&b=2` text, leaving every other byte as it was. */
function maskParams(params: string): string {
  return params
    .split("&")
    .map((pair) => {
      const [name, value] = splitOnce(pair, "=");
      return value !== undefined && isSecretName(safeDecode(name)) ? `${name}=${MASK}` : pair;
    })
    .join("&");
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

/**
 * Deep-copies a JSON-like value with the values of secret-named keys masked, at any
 * depth and inside arrays: `privateKey` (so `apiKey.privateKey` in a create-organization
 * answer), `secret`, `clientSecret`, `client_secret`, `password`, `access_token`,
 * `accessToken`, `token`, … (without regard to case). A cycle becomes `"[Circular]"`.
 * `Headers` are masked as by {@link redactHeaders}, `URLSearchParams` become a masked
 * query string; other non-plain objects are returned as they are.
 *
 * @param value - a parsed body, a log field, an error's parameters.
 * @returns a masked copy; the input is not changed.
 */
export function redactBody(value: unknown): unknown {
  return walk(value, new Set());
}

function walk(value: unknown, ancestors: Set<object>): unknown {
  if (typeof value !== "object" || value === null) return value;
  if (value instanceof Headers) return redactHeaders(value);
  if (value instanceof URLSearchParams) return maskParams(value.toString());
  if (!Array.isArray(value) && !isPlainObject(value)) return value;
  if (ancestors.has(value)) return "[Circular]";
  ancestors.add(value);
  const copy = Array.isArray(value)
    ? value.map((item) => walk(item, ancestors))
    : Object.fromEntries(
        Object.entries(value).map(([key, item]) => [
          key,
          isSecretName(key) && item != null ? MASK : walk(item, ancestors),
        ]),
      );
  ancestors.delete(value);
  return copy;
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Replaces every occurrence of each known secret (and of its percent-encoded form, as it
 * appears in a form body or a query) with `"[REDACTED]"`. For text whose structure is
 * unknown: a response body echoed into an error, a message from a lower layer.
 *
 * @param text - the text to clean.
 * @param secrets - the secrets in play (private key, client secret, current token);
 *   empty strings are ignored.
 */
export function redactText(text: string, secrets: readonly string[]): string {
  const forms = secrets
    .filter((secret) => secret.length > 0)
    .flatMap((secret) => [secret, encodeURIComponent(secret)])
    .sort((a, b) => b.length - a.length);
  return forms.reduce((masked, form) => masked.split(form).join(MASK), text);
}
