/**
 * Masks secrets (private keys, client secrets, tokens, passwords, credentials in headers
 * and URLs) before anything is logged, put in an error message or serialized. Every log
 * event and error of this client passes through here.
 *
 * @module
 */

const MASK = "[REDACTED]";

/** Shorter values are not remembered: masking every `abc` in a text would hide more than it protects. */
const MIN_SECRET_LENGTH = 8;
/** How many per-request values (digest responses, `Authorization` values) are kept; the oldest go first. */
const MAX_RECENT = 256;

/** Keys, client secrets and the credentials derived from them: few per process, kept for its life. */
const lasting = new Set<string>();
/** Values sent or received per request, newest last: they can only be echoed by the answers to those requests. */
const recent = new Set<string>();

/**
 * Remembers a secret the client holds, sent or received (a private key, a client secret, a
 * token), so that it is masked by value wherever it appears later, whatever its shape:
 * every function of this module masks it. Values shorter than 8 characters are ignored.
 *
 * @param value - the secret.
 * @param lifetime - `"lasting"` (default) for a credential kept for the life of the
 *   process; `"recent"` for a value tied to one request, of which only the newest 256 are kept.
 */
export function rememberSecret(value: string, lifetime: "lasting" | "recent" = "lasting"): void {
  if (value.length < MIN_SECRET_LENGTH || lasting.has(value)) return;
  if (lifetime === "lasting") {
    lasting.add(value);
    return;
  }
  // Re-adding moves a value that is still in use to the newest end.
  recent.delete(value);
  recent.add(value);
  if (recent.size > MAX_RECENT) recent.delete(recent.values().next().value as string);
}

/**
 * Remembers an `Authorization` value about to be sent: its credentials after the scheme
 * (all of them when it has none) and the parameter that proves the key (a Digest
 * `response`), so that a server echoing any of them, with or without the scheme, does not
 * put it into an error or a log.
 */
export function rememberAuthorization(value: string): void {
  // The scheme stays readable: `Bearer [REDACTED]` says more than `[REDACTED]`.
  const credentials = value.replace(/^[A-Za-z][\w.+-]*\s+/, "");
  rememberSecret(credentials, "recent");
  const response = /(?:^|[\s,])response\s*=\s*"?([^",\s]+)/i.exec(credentials)?.[1];
  if (response) rememberSecret(response, "recent");
}

/** Every value remembered ({@link redactText} masks the longest first). */
function knownSecrets(): string[] {
  return [...lasting, ...recent];
}

/**
 * Whether a key, query parameter or header name holds a secret. Names are compared
 * without case, `-` or `_`, and matched by suffix so `clientSecret`, `client_secret`,
 * `access_token`, `newPassword` and `privateKey` are all caught; `publicKey`, `apiKey`
 * and `secrets` (objects and lists whose fields are checked one by one) and
 * `secretExpiresAfterHours` are not.
 */
function isSecretName(name: string): boolean {
  return /(secret|password|passwd|passphrase|token|privatekey)$/.test(name.toLowerCase().replace(/[^a-z0-9]/g, ""));
}

/**
 * Copies headers with credentials masked: `Authorization` and `Proxy-Authorization`
 * keep their scheme (`"Digest [REDACTED]"`), `Cookie`, `Set-Cookie` and any header named
 * like a secret (`X-Api-Key`, `X-Auth-Token`) become `"[REDACTED]"`; in any other header,
 * a remembered secret (see {@link rememberSecret}) is masked by value.
 *
 * @param headers - a `Headers` object (names come out lower-case) or a plain record.
 * @returns a new plain record; the input is not changed.
 */
export function redactHeaders(headers: Headers | Record<string, string>): Record<string, string> {
  const entries = headers instanceof Headers ? [...headers] : Object.entries(headers);
  return Object.fromEntries(
    entries.map(([name, value]) => {
      const lower = name.toLowerCase();
      // The scheme of an Authorization header helps debugging; its credentials never show.
      if (/^(proxy-)?authorization$/.test(lower)) value = value.replace(/^([A-Za-z][\w.+-]*\s)?.*/, `$1${MASK}`);
      else if (/^(set-)?cookie$|api-?key$/.test(lower) || isSecretName(lower)) value = MASK;
      else value = redactText(value, knownSecrets());
      return [name, value];
    }),
  );
}

/**
 * Drops the `user:password@` part of a URL and masks the values of query parameters
 * (and `#fragment` parameters) named like secrets: `token`, `access_token`,
 * `client_secret`, `secret`, `privateKey`, `password`, … Every other byte stays as it was.
 *
 * @param url - an absolute or relative URL, worked on as text.
 * Remembered secrets (see {@link rememberSecret}) are masked wherever they are in it.
 *
 * @returns the URL with no credentials left in it.
 */
export function redactUrl(url: string): string {
  const bare = url.replace(/^([^:/?#]*:)?\/\/[^/?#]*@/, "$1//");
  const at = bare.search(/[?#]|$/);
  return redactText(bare.slice(0, at) + maskParams(bare.slice(at)), knownSecrets());
}

/** Masks secret values in `a=1&b=2` (or `?a=1#b=2`) text, leaving every other byte as it was. */
function maskParams(params: string): string {
  return params.replace(/([?&#]|^)([^=&#?]*)=([^&#]*)/g, (pair, start: string, name: string) =>
    isSecretName(safeDecode(name)) ? `${start}${name}=${MASK}` : pair,
  );
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, " "));
  } catch {
    return text;
  }
}

/**
 * Deep-copies a JSON-like value with credentials in its strings masked as by
 * {@link maskCredentials}, and the values of secret-named keys masked, at any depth and
 * inside arrays: `privateKey` (so `apiKey.privateKey` in a create-organization answer),
 * `secret`, `clientSecret`, `client_secret`, `password`, `access_token`, `accessToken`,
 * `token`, … (without regard to case). A cycle becomes `"[Circular]"`.
 * `Headers` are masked as by {@link redactHeaders}, `URLSearchParams` become a masked
 * query string; other non-plain objects are returned as they are.
 *
 * @param value - a parsed body, a log field, an error's parameters.
 * @returns a masked copy; the input is not changed.
 */
export function redactBody(value: unknown): unknown {
  return walk(value, []);
}

function walk(value: unknown, ancestors: readonly object[]): unknown {
  if (typeof value === "string") return maskCredentials(value);
  if (value instanceof Headers) return redactHeaders(value);
  if (value instanceof URLSearchParams) return maskParams(`${value}`);
  const proto: unknown = value instanceof Object && Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return value;
  const object = value as object;
  if (ancestors.includes(object)) return "[Circular]";
  const inner = [...ancestors, object];
  if (Array.isArray(object)) return object.map((item) => walk(item, inner));
  return Object.fromEntries(
    Object.entries(object).map(([key, item]) => [key, isSecretName(key) && item != null ? MASK : walk(item, inner)]),
  );
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
  return secrets
    .flatMap((secret) => (secret ? [secret, encodeURIComponent(secret)] : []))
    .filter((form) => text.includes(form))
    .sort((a, b) => b.length - a.length)
    .reduce((masked, form) => masked.replaceAll(form, MASK), text);
}

/**
 * Masks credentials in text of unknown structure (an error page from a proxy that echoes
 * the request, an error `detail`), where the secrets themselves are not known: the value of
 * an `Authorization:`, `Proxy-Authorization:`, `Cookie:` or `Set-Cookie:` line (up to the
 * end of the line or a `<`), what follows `Bearer`, `Basic` or `Digest`, JWTs (`eyJ….….…`)
 * and service-account secrets (`mdb_sa_sk_…`); and, by value, every secret remembered with
 * {@link rememberSecret} or {@link rememberAuthorization} (a token that is not a JWT, a
 * Digest `response` echoed without its scheme). Masking masked text changes nothing.
 *
 * @param text - the text to clean.
 * @returns the text with each credential replaced by `"[REDACTED]"`.
 */
export function maskCredentials(text: string): string {
  return redactText(text, knownSecrets())
    // Already masked, a line is left alone: masking twice must not eat the text after it.
    .replace(/\b((?:proxy-)?authorization|(?:set-)?cookie)([^\S\r\n]*:)(?: \[REDACTED\]|[^\r\n<]*)/gi, `$1$2 ${MASK}`)
    .replace(/\b(Digest\s+)[\w-]+\s*=\s*(?:"[^"]*"|[^\s,<]*)(?:\s*,\s*[\w-]+\s*=\s*(?:"[^"]*"|[^\s,<]*))*/gi, `$1${MASK}`)
    .replace(/\b((?:Bearer|Basic)\s+)[\w.~+/-]+=*/gi, `$1${MASK}`)
    .replace(/\beyJ[\w-]*\.[\w-]*\.[\w-]*|mdb_sa_sk_[\w-]*/g, MASK);
}
