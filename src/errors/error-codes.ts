/**
 * The `errorCode` values an Atlas, Cloud Manager or Ops Manager error body carries for
 * the operations of this client, plus the one the client itself uses.
 *
 * @module
 */

/**
 * The error codes documented for this client's operations, and `UNEXPECTED_RESPONSE`,
 * which the client gives an error whose body was not an Atlas error (an HTML page from a
 * proxy, an empty body).
 */
export type KnownErrorCode =
  | "API_KEY_CANNOT_CREATE_ORG"
  | "INVALID_EMAIL_ADDRESS"
  | "USER_NOT_IN_ORG"
  | "MAX_TEAMS_PER_ORG_EXCEEDED"
  | "INVALID_ORG_NAME"
  | "INVALID_TEAM_NAME"
  | "TEAM_NAME_NOT_AVAILABLE"
  | "USER_ALREADY_IN_TEAM"
  | "ORG_NOT_FOUND"
  | "TEAM_NOT_FOUND"
  | "NOT_ORG_OWNER"
  | "ORG_NOT_EMPTY"
  | "RESOURCE_NOT_FOUND"
  | "VERSION_GONE"
  | "RATE_LIMITED"
  | "RATE_LIMITED_TOKEN_BUCKET"
  | "INVITATIONS_RATE_LIMITED_IP"
  | "CANNOT_CREATE_ATLAS_ORG"
  | "UNEXPECTED_RESPONSE";

/**
 * Any `errorCode`: the known ones autocomplete, and any other string is accepted because
 * the APIs add codes without notice. (`string & {}` keeps the literals from collapsing
 * into `string`.)
 */
export type ErrorCode = KnownErrorCode | (string & {});
