// STUB written by hand so other modules can be coded against the shape; `npm run generate` replaces it.

/** The four API surfaces. */
export type Surface = "atlas-v2" | "atlas-v1.0" | "cloud-manager" | "ops-manager";

/** One version of a v2 operation's media type. */
export interface OperationVersion {
  /** `YYYY-MM-DD`, as in `application/vnd.atlas.YYYY-MM-DD+json`. */
  readonly version: string;
  /** `YYYY-MM-DD` after which the API answers 410 VERSION_GONE, if announced. */
  readonly sunset?: string;
}

/** The subset of JSON Schema the request checks read (generated from the spec). */
export interface RequestSchema {
  readonly type?: "object" | "array" | "string" | "integer" | "number" | "boolean";
  readonly description?: string;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, RequestSchema>>;
  readonly items?: RequestSchema;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly pattern?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly uniqueItems?: boolean;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly exclusiveMinimum?: number;
  readonly contains?: RequestSchema;
  readonly not?: RequestSchema;
}

/** What the client, the mock and the CLI know about one operation. */
export interface OperationInfo {
  readonly operationId: string;
  readonly surface: Surface;
  readonly method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** The schema path, e.g. `/api/atlas/v2/orgs/{orgId}/teams`. */
  readonly path: string;
  /** v2 media-type versions, oldest first; empty on the `application/json` surfaces. */
  readonly versions: readonly OperationVersion[];
  readonly deprecated: boolean;
  /** The operationId that replaces a deprecated operation (`x-replaced-by`). */
  readonly replacedBy?: string;
  /** A list answered as `{ results, totalCount, links }` that takes `pageNum`/`itemsPerPage`. */
  readonly paginated: boolean;
  /** GET, HEAD, PUT and DELETE: sending twice does no more than sending once. */
  readonly retrySafe: boolean;
  /** The documented success status (200, 201, 204, 202). */
  readonly successStatus: number;
  /** Path parameters and the pattern each must match, when the spec gives one. */
  readonly pathParams: Readonly<Record<string, { readonly pattern?: string }>>;
  /** The request body's schema, when the operation takes a body. */
  readonly requestBody?: RequestSchema;
}

/** Every operation of the spec, in spec order. */
export const operations: readonly OperationInfo[] = [
  {
    operationId: "createOrgTeam",
    surface: "atlas-v2",
    method: "POST",
    path: "/api/atlas/v2/orgs/{orgId}/teams",
    versions: [{ version: "2023-01-01" }],
    deprecated: false,
    paginated: false,
    retrySafe: false,
    successStatus: 201,
    pathParams: { orgId: { pattern: "^[a-f0-9]{24}$" } },
    requestBody: {
      type: "object",
      required: ["name", "usernames"],
      properties: {
        name: { type: "string", minLength: 1 },
        usernames: { type: "array", items: { type: "string", format: "email" }, maxItems: 250 },
      },
    },
  },
];
