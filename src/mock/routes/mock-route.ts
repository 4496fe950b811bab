/**
 * The shape of one operation's behaviour in the mock.
 *
 * @module
 */
import type { OperationInfo, Surface } from "../../../generated/operations.js";
import type { MockState } from "../state/create-mock-state.js";
import type { MockIds } from "../state/mock-ids.js";
import type { MockPrincipal } from "../auth/mock-principal.js";

/** What a route is given: the checked request and the mock's state. */
export interface RouteContext {
  readonly state: MockState;
  readonly ids: MockIds;
  readonly principal: MockPrincipal;
  readonly surface: Surface;
  readonly operation: OperationInfo;
  /** Path parameter values in path order (names differ between surfaces; order does not). */
  readonly params: readonly string[];
  /** The parsed JSON body, already checked against the spec (undefined without one). */
  readonly body: unknown;
  readonly url: URL;
  /** The mock's clock, epoch milliseconds. */
  readonly now: number;
  /** Forgets every token of a service account (deleted with its organization or by itself). */
  revokeClient(clientId: string): void;
}

/** A resource answered with the operation's success status, or a list the core pages. */
export type RouteResult = { readonly body?: unknown } | { readonly list: readonly unknown[] };

/** One operation's behaviour; throws a `MockError` to refuse. */
export type Route = (context: RouteContext) => RouteResult;

/** The `index`-th path parameter (a route is only reached with all of its parameters). */
export function param(context: RouteContext, index: number): string {
  return context.params[index] ?? "";
}
