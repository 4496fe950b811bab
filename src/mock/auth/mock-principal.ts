/**
 * Who a request to the mock authenticated as, and what an auth gate answers.
 *
 * @module
 */

/** Who a request authenticated as. */
export type MockPrincipal =
  | { readonly kind: "apiKey"; readonly publicKey: string }
  | { readonly kind: "user"; readonly username: string }
  | { readonly kind: "serviceAccount"; readonly clientId: string };

/** What a gate answers: the caller is known, or here is the answer to send instead. */
export type GateResult = { readonly principal: MockPrincipal } | { readonly response: Response };
