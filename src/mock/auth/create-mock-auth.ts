/**
 * Wires the Digest and token gates to the mock's state: API keys and users with a password
 * sign with Digest, service accounts get tokens with their live secrets.
 *
 * @module
 */
import { apiErrorResponse } from "../core/api-error-response.js";
import type { MockState } from "../state/create-mock-state.js";
import { userByName } from "../routes/mock-access.js";
import { createDigestGate } from "./digest-gate.js";
import type { MockOptions } from "../core/mock-options.js";
import type { GateResult, MockPrincipal } from "./mock-principal.js";
import { createTokenGate, type TokenGate } from "./token-gate.js";

/** The mock's auth: who a request is, and the token endpoints. */
export interface MockAuth {
  /** Bearer goes to the token gate, anything else to Digest. */
  authenticate(request: Request): Promise<GateResult>;
  readonly tokenGate: TokenGate;
  /** Forgets every token, nonce and spent rate limit. */
  reset(): void;
}

/** Creates the gates over `state`; `now` is the mock's clock. */
export function createMockAuth(state: MockState, options: MockOptions, now: () => number): MockAuth {
  const digestGate = createDigestGate({
    ...(options.digestAlgorithms ? { algorithms: options.digestAlgorithms } : {}),
    ...(options.nonceLifetimeMs !== undefined ? { nonceLifetimeMs: options.nonceLifetimeMs } : {}),
    ...(options.strictNonceCount !== undefined ? { strictNonceCount: options.strictNonceCount } : {}),
    lookup: (username) => lookupDigest(state, username),
    usernames: () => [...state.apiKeys.keys(), ...[...state.users.values()].filter((user) => user.password).map((user) => user.username)],
    now,
  });
  const tokenGate = createTokenGate({
    verifyClient: (clientId, clientSecret) => verifyClient(state, clientId, clientSecret, now()),
    ...(options.tokenRateLimit !== undefined ? { rateLimit: options.tokenRateLimit } : {}),
    ...(options.tokenLifetimeSeconds !== undefined ? { lifetimeSeconds: options.tokenLifetimeSeconds } : {}),
    now,
  });

  async function authenticate(request: Request): Promise<GateResult> {
    if (!/^Bearer\s/i.test(request.headers.get("Authorization") ?? "")) return digestGate.authenticate(request);
    const result = await tokenGate.authenticate(request);
    // A token outlives nothing: once its service account is deleted it is refused.
    if ("principal" in result && result.principal.kind === "serviceAccount" && !state.serviceAccounts.has(result.principal.clientId)) {
      return { response: apiErrorResponse(401, "UNAUTHORIZED", "You are not authorized for this resource.") };
    }
    return result;
  }

  function reset(): void {
    digestGate.reset();
    tokenGate.reset();
  }

  return { authenticate, tokenGate, reset };
}

function lookupDigest(state: MockState, username: string): { password: string; principal: MockPrincipal } | undefined {
  const key = state.apiKeys.get(username);
  if (key) return { password: key.privateKey, principal: { kind: "apiKey", publicKey: key.publicKey } };
  const user = userByName(state, username);
  return user?.password === undefined ? undefined : { password: user.password, principal: { kind: "user", username: user.username } };
}

function verifyClient(state: MockState, clientId: string, clientSecret: string, now: number): MockPrincipal | undefined {
  const secret = state.serviceAccounts.get(clientId)?.secrets.find((candidate) => candidate.value === clientSecret && candidate.expiresAtMs > now);
  if (!secret) return undefined;
  secret.lastUsedAt = new Date(now).toISOString();
  return { kind: "serviceAccount", clientId };
}
