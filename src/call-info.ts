import type { OperationInfo } from "../generated/operations.js";

/** What the client knew about the call that produced a response. */
export interface CallInfo {
  readonly method: string;
  /** The URL sent (may hold ids; never credentials). */
  readonly url: string;
  readonly operation?: OperationInfo | undefined;
  /** The v2 media-type version sent, if any. */
  readonly version?: string | undefined;
}

const infos = new WeakMap<Response, CallInfo>();

/** Remembers which call a response answers, for {@link callInfoOf}. */
export function recordCallInfo(response: Response, info: CallInfo): void {
  infos.set(response, info);
}

/** Which call a response answers, when it came through a client of this package. */
export function callInfoOf(response: Response | undefined): CallInfo | undefined {
  return response ? infos.get(response) : undefined;
}
