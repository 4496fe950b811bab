/**
 * Test helpers for the mock: a Digest signer written from RFC 7616 with node:crypto (so the
 * tests do not lean on the client under test), a token fetch with a hand-built Basic header,
 * and shorthands for calls.
 */
import { createHash, randomBytes } from "node:crypto";

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

export interface Challenge {
  readonly realm: string;
  readonly nonce: string;
  readonly algorithm: string;
  readonly stale: boolean;
}

/** Every Digest challenge in a `WWW-Authenticate` value (Headers joins several with ", "). */
export function parseChallenges(header: string | null): Challenge[] {
  return (header ?? "")
    .split(/,\s*(?=Digest\s)/)
    .filter((part) => part.startsWith("Digest "))
    .map((part) => ({
      realm: /realm="([^"]*)"/.exec(part)?.[1] ?? "",
      nonce: /nonce="([^"]*)"/.exec(part)?.[1] ?? "",
      algorithm: /algorithm=([\w-]+)/.exec(part)?.[1] ?? "MD5",
      stale: /stale=true/.test(part),
    }));
}

/** An `Authorization: Digest …` value for one request. */
export function digestHeader(credentials: Credentials, challenge: Challenge, method: string, uri: string, nc = 1): string {
  const hash = challenge.algorithm.toUpperCase().startsWith("SHA-256") ? "sha256" : "md5";
  const h = (text: string) => createHash(hash).update(text).digest("hex");
  const cnonce = randomBytes(8).toString("hex");
  const ncText = nc.toString(16).padStart(8, "0");
  const ha1 = h(`${credentials.username}:${challenge.realm}:${credentials.password}`);
  const ha2 = h(`${method}:${uri}`);
  const response = h(`${ha1}:${challenge.nonce}:${ncText}:${cnonce}:auth:${ha2}`);
  return `Digest username="${credentials.username}", realm="${challenge.realm}", nonce="${challenge.nonce}", uri="${uri}", algorithm=${challenge.algorithm}, qop=auth, nc=${ncText}, cnonce="${cnonce}", response="${response}"`;
}

/** Sends once unsigned, then signed with the first challenge (preferring `algorithm` when given). */
export async function digestFetch(url: string, init: RequestInit, credentials: Credentials, algorithm?: string): Promise<Response> {
  const first = await fetch(url, init);
  if (first.status !== 401) return first;
  const challenges = parseChallenges(first.headers.get("WWW-Authenticate"));
  const challenge = challenges.find((c) => c.algorithm === algorithm) ?? challenges[0];
  if (!challenge) return first;
  const target = new URL(url);
  const headers = new Headers(init.headers);
  headers.set("Authorization", digestHeader(credentials, challenge, init.method ?? "GET", target.pathname + target.search));
  return fetch(url, { ...init, headers });
}

/** `POST /api/oauth/token` with a hand-built Basic header; resolves to the whole answer. */
export function requestToken(baseUrl: string, clientId: string, clientSecret: string): Promise<Response> {
  return fetch(`${baseUrl}/api/oauth/token`, {
    method: "POST",
    headers: {
      Authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString("base64")}`,
      "Content-Type": "application/x-www-form-urlencoded",
    },
    body: "grant_type=client_credentials",
  });
}

/** An access token for a service account. */
export async function getToken(baseUrl: string, clientId: string, clientSecret: string): Promise<string> {
  const response = await requestToken(baseUrl, clientId, clientSecret);
  if (response.status !== 200) throw new Error(`token request answered ${response.status}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

/** Headers for a v2 call with `version` (and a body of the same type). */
export function v2Headers(version: string, token?: string): Record<string, string> {
  const type = `application/vnd.atlas.${version}+json`;
  return { Accept: type, "Content-Type": type, ...(token ? { Authorization: `Bearer ${token}` } : {}) };
}

/** A JSON body's fields, typed loosely for assertions. */
export async function json(response: Response): Promise<Record<string, any>> {
  return (await response.json()) as Record<string, any>;
}

/** A Bearer-authenticated v2 call: `call("POST", "/orgs/…/teams", body, "2023-01-01")`. */
export function v2Caller(baseUrl: string, token: () => string) {
  return (method: string, path: string, body?: unknown, version = "2023-01-01", query = ""): Promise<Response> =>
    fetch(`${baseUrl}/api/atlas/v2${path}${query}`, {
      method,
      headers: v2Headers(version, token()),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
}

/**
 * A fetch that trusts `ca` (PEM), the documented way: an undici `Agent` with `connect: { ca }`
 * passed as `dispatcher`. Node 20 does not export the undici it bundles, and an `Agent` from
 * another undici version may not fit its fetch, so this takes the bundled `Agent` class from
 * the global dispatcher (which exists once fetch has run).
 */
export async function fetchTrusting(ca: string): Promise<(input: Request | string, init?: RequestInit) => Promise<Response>> {
  await fetch("data:,");
  const global = (globalThis as Record<symbol, unknown>)[Symbol.for("undici.globalDispatcher.1")] as object;
  const Agent = global.constructor as new (options: { connect: { ca: string } }) => unknown;
  const dispatcher = new Agent({ connect: { ca } });
  return (input, init) => fetch(input, { ...init, dispatcher } as RequestInit);
}
