/**
 * The server side of HTTP Digest (RFC 7616), written from the RFC for the tests and
 * sharing no code with the client: it issues challenges, checks every `Authorization`
 * (username, realm, uri, opaque, algorithm, response hash, nc order), expires nonces,
 * and counts requests. {@link digestProtected} puts it in front of an msw handler.
 */
import { createHash, randomBytes } from "node:crypto";
import { http, HttpResponse, type HttpHandler } from "msw";

/** How the test server behaves. */
export interface DigestServerOptions {
  readonly username: string;
  readonly password: string;
  /** Default "MMS Public API". */
  readonly realm?: string;
  /** One challenge per algorithm, in this order. Default ["MD5"]. */
  readonly algorithms?: readonly string[];
  /** The qop parameter as sent (e.g. "auth", "auth,auth-int"); null for an RFC 2069 challenge. Default "auth". */
  readonly qop?: string | null;
  /** Send this opaque and require it echoed. */
  readonly opaque?: string;
  /** Ask for `userhash`. */
  readonly userhash?: boolean;
  /** Refuse (401, fresh challenge) an nc not strictly above the highest seen for its nonce. */
  readonly strictNc?: boolean;
  /**
   * Count as Apache's `AuthDigestNcCheck On` does: each request without credentials opens a
   * client record (a new `opaque`); every request naming it moves its count on as it is
   * checked, across nonces; `nc` must be exactly that count; any refusal restarts it at 0.
   */
  readonly ncPerClient?: boolean;
  /** A nonce older than this gets 401 with stale=true. Default: never expires. */
  readonly nonceLifetimeMs?: number;
  /** Send `Authentication-Info: nextnonce="…"` with each success. */
  readonly nextnonce?: boolean;
  /** Hand out the same nonce in every challenge until it expires (default: a new one each time). */
  readonly reuseNonce?: boolean;
  /** Other challenges put before the Digest ones, e.g. `Negotiate, Basic realm="x"`. */
  readonly otherChallenges?: string;
  /** Waits this long (ms) before checking the request with this 0-based arrival index. */
  readonly delayMs?: (arrival: number) => number;
}

/** One request the server let through. */
export interface AcceptedRequest {
  readonly method: string;
  readonly uri: string;
  readonly username: string;
  readonly algorithm: string;
  readonly nonce: string;
  readonly nc: string | undefined;
  readonly cnonce: string | undefined;
  readonly body: string;
}

interface NonceState {
  readonly issuedAt: number;
  highestNc: number;
  expired: boolean;
}

const NODE_HASHES: Readonly<Record<string, string>> = {
  md5: "md5",
  "sha-256": "sha256",
  "sha-512-256": "sha512-256",
};

/** `H(data)` for an algorithm name as sent (any case, with or without `-sess`). */
export function hashWith(algorithm: string, data: string): string {
  const base = algorithm.toLowerCase().replace(/-sess$/, "");
  const name = NODE_HASHES[base];
  if (!name) throw new Error(`test server: no hash for ${algorithm}`);
  return createHash(name).update(data, "utf8").digest("hex");
}

/** An RFC 7230 quoted-string. */
function quote(value: string): string {
  return `"${value.replace(/["\\]/g, "\\$&")}"`;
}

/** Reads `Authorization: Digest k=v, k="v"` with a regular expression, not the client's parser. */
export function readAuthorization(header: string): Record<string, string> | undefined {
  const match = /^Digest\s+(.*)$/is.exec(header);
  if (!match?.[1]) return undefined;
  const params: Record<string, string> = {};
  for (const part of match[1].matchAll(/([A-Za-z0-9_*-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,"]*))/g)) {
    const [, name = "", quoted, bare] = part;
    params[name.toLowerCase()] = quoted !== undefined ? quoted.replace(/\\(.)/gs, "$1") : (bare ?? "");
  }
  return params;
}

/**
 * The `response` a client must send (RFC 7616 §3.4.1), computed from the parameters it
 * sent: with `qop`, `KD(HA1, nonce:nc:cnonce:qop:HA2)`; without, RFC 2069's `H(HA1:nonce:HA2)`.
 */
export function expectedDigestResponse(input: {
  readonly params: Readonly<Record<string, string>>;
  readonly method: string;
  readonly username: string;
  readonly password: string;
  readonly realm: string;
}): string {
  const { nonce = "", nc = "", cnonce = "", qop, uri = "", algorithm = "MD5" } = input.params;
  const h = (data: string): string => hashWith(algorithm, data);
  let ha1 = h(`${input.username}:${input.realm}:${input.password}`);
  if (algorithm.toLowerCase().endsWith("-sess")) ha1 = h(`${ha1}:${nonce}:${cnonce}`);
  const ha2 = h(`${input.method}:${uri}`);
  return qop === undefined ? h(`${ha1}:${nonce}:${ha2}`) : h(`${ha1}:${nonce}:${nc}:${cnonce}:${qop}:${ha2}`);
}

/** Why a request was refused, for assertions. */
type Verdict = { status: 200 } | { status: 400 | 401; reason: string; stale?: boolean };

/** A digest-protected resource's server side. */
export class DigestServer {
  /** Requests that reached the handler (HTTP round trips). */
  requests = 0;
  /** Requests let through, in order. */
  readonly accepted: AcceptedRequest[] = [];
  /** Reasons of the 400/401 answers to requests that carried an Authorization header. */
  readonly refusals: string[] = [];
  private readonly nonces = new Map<string, NonceState>();
  /** Client records by opaque (`ncPerClient`): the count of requests checked since the last refusal. */
  private readonly clients = new Map<string, { count: number }>();
  private sharedNonce: string | undefined;
  private password: string;

  constructor(private readonly options: DigestServerOptions) {
    this.password = options.password;
  }

  get realm(): string {
    return this.options.realm ?? "MMS Public API";
  }

  /** Makes every nonce handed out so far stale. */
  expireNonces(): void {
    for (const state of this.nonces.values()) state.expired = true;
    this.sharedNonce = undefined;
  }

  /** Forgets every nonce handed out so far, as a restarted server would: they get a plain 401. */
  forgetNonces(): void {
    this.nonces.clear();
    this.sharedNonce = undefined;
  }

  /** Changes the key's secret, as when a private key is rotated. */
  setPassword(password: string): void {
    this.password = password;
  }

  /** Checks a request; `answer` builds the response when it is let through. */
  async handle(request: Request, answer: (body: string) => Response): Promise<Response> {
    const arrival = this.requests++;
    const delay = this.options.delayMs?.(arrival) ?? 0;
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    const header = request.headers.get("authorization");
    if (!header) return this.challenge(401, "no credentials", false, this.openClient());
    const params = readAuthorization(header) ?? {};
    const client = this.options.ncPerClient ? this.clients.get(params.opaque ?? "") : undefined;
    if (client) client.count += 1;
    const verdict = this.verify(request, params, client);
    if (verdict.status !== 200) {
      this.refusals.push(verdict.reason);
      if (client) client.count = 0;
      return this.challenge(verdict.status, verdict.reason, verdict.stale ?? false, client ? params.opaque : this.openClient());
    }
    const body = await request.text();
    this.record(request, params, body);
    const response = answer(body);
    if (this.options.nextnonce) response.headers.set("authentication-info", `nextnonce=${quote(this.issueNonce())}`);
    return response;
  }

  private record(request: Request, params: Record<string, string>, body: string): void {
    this.accepted.push({
      method: request.method,
      uri: params.uri ?? "",
      username: params.username ?? "",
      algorithm: params.algorithm ?? "MD5",
      nonce: params.nonce ?? "",
      nc: params.nc,
      cnonce: params.cnonce,
      body,
    });
  }

  /** `ncPerClient`: a new client record and its opaque; otherwise the configured opaque. */
  private openClient(): string | undefined {
    if (!this.options.ncPerClient) return this.options.opaque;
    const opaque = randomBytes(6).toString("hex");
    this.clients.set(opaque, { count: 0 });
    return opaque;
  }

  private verify(request: Request, params: Record<string, string>, client: { count: number } | undefined): Verdict {
    const url = new URL(request.url);
    if (params.uri !== url.pathname + url.search) return { status: 400, reason: "uri mismatch" };
    if (params.realm !== this.realm) return { status: 401, reason: "realm mismatch" };
    if (this.options.opaque !== undefined && params.opaque !== this.options.opaque) {
      return { status: 400, reason: "opaque not echoed" };
    }
    if (this.options.ncPerClient && !client) return { status: 401, reason: "unknown client" };
    const algorithm = params.algorithm ?? "MD5";
    const offered = (this.options.algorithms ?? ["MD5"]).map((name) => name.toLowerCase());
    if (!offered.includes(algorithm.toLowerCase())) return { status: 400, reason: "algorithm not offered" };
    const state = this.nonces.get(params.nonce ?? "");
    if (!state) return { status: 401, reason: "unknown nonce" };
    const usernameError = this.checkUsername(params, algorithm);
    if (usernameError) return { status: 401, reason: usernameError };
    const countError = this.checkQop(params);
    if (countError) return { status: 400, reason: countError };
    const credentials = { username: this.options.username, password: this.password, realm: this.realm };
    if (params.response !== expectedDigestResponse({ ...credentials, params, method: request.method })) {
      return { status: 401, reason: "wrong response" };
    }
    if (this.isExpired(state)) return { status: 401, reason: "stale nonce", stale: true };
    return this.checkOrder(params, state, client);
  }

  private checkUsername(params: Record<string, string>, algorithm: string): string | undefined {
    const hashed = params.userhash === "true";
    if (hashed !== (this.options.userhash ?? false)) return "userhash mismatch";
    const expected = hashed ? hashWith(algorithm, `${this.options.username}:${this.realm}`) : this.options.username;
    return params.username === expected ? undefined : "unknown user";
  }

  private checkQop(params: Record<string, string>): string | undefined {
    if (this.options.qop === null) {
      return params.qop || params.nc || params.cnonce ? "qop sent to an RFC 2069 challenge" : undefined;
    }
    if (params.qop !== "auth") return "qop must be auth";
    if (!/^[0-9a-f]{8}$/.test(params.nc ?? "")) return "nc must be 8 lower-case hex digits";
    if (!params.cnonce) return "cnonce missing";
    return undefined;
  }

  private isExpired(state: NonceState): boolean {
    const lifetime = this.options.nonceLifetimeMs;
    return state.expired || (lifetime !== undefined && Date.now() - state.issuedAt > lifetime);
  }

  private checkOrder(params: Record<string, string>, state: NonceState, client: { count: number } | undefined): Verdict {
    if (this.options.qop === null) return { status: 200 };
    const nc = Number.parseInt(params.nc ?? "", 16);
    if (nc < 1) return { status: 401, reason: "nc must start at 1" };
    if (client && nc !== client.count) return { status: 401, reason: "nc out of order" };
    if (this.options.strictNc && nc <= state.highestNc) return { status: 401, reason: "nc out of order" };
    state.highestNc = Math.max(state.highestNc, nc);
    return { status: 200 };
  }

  private issueNonce(): string {
    const nonce = randomBytes(18).toString("base64");
    this.nonces.set(nonce, { issuedAt: Date.now(), highestNc: 0, expired: false });
    return nonce;
  }

  private currentNonce(): string {
    const shared = this.sharedNonce;
    const state = shared === undefined ? undefined : this.nonces.get(shared);
    if (shared !== undefined && state && !this.isExpired(state)) return shared;
    this.sharedNonce = this.issueNonce();
    return this.sharedNonce;
  }

  private challenge(status: 400 | 401, reason: string, stale: boolean, opaque: string | undefined): Response {
    if (status === 400) return HttpResponse.json({ error: 400, detail: reason }, { status });
    const nonce = this.options.reuseNonce ? this.currentNonce() : this.issueNonce();
    const digest = (this.options.algorithms ?? ["MD5"]).map((algorithm) => {
      const params = [`realm=${quote(this.realm)}`, `nonce=${quote(nonce)}`, `algorithm=${algorithm}`];
      if (this.options.qop !== null) params.push(`qop=${quote(this.options.qop ?? "auth")}`);
      if (opaque !== undefined) params.push(`opaque=${quote(opaque)}`);
      if (this.options.userhash) params.push("userhash=true");
      params.push(`stale=${stale ? "true" : "false"}`);
      return `Digest ${params.join(", ")}`;
    });
    const challenges = [this.options.otherChallenges, ...digest].filter(Boolean).join(", ");
    return HttpResponse.json(
      { error: 401, errorCode: "UNAUTHORIZED", detail: "Digest authentication required." },
      { status, headers: { "www-authenticate": challenges } },
    );
  }
}

/**
 * An msw handler for `method url` behind the digest server: when let through it answers
 * 200 with `{ ok: true, method, uri, body }` (the body it received, as text).
 */
export function digestProtected(server: DigestServer, method: "get" | "post" | "all", url: string): HttpHandler {
  return http[method](url, ({ request }) =>
    server.handle(request, (body) => {
      const target = new URL(request.url);
      return HttpResponse.json({ ok: true, method: request.method, uri: target.pathname + target.search, body });
    }),
  );
}
