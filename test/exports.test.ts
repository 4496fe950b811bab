import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../scripts/lib/bundle-spec.js";

/** The names (values and types) a module exports, as TypeScript sees them. */
function exportedNames(entry: string): string[] {
  const file = join(projectRoot, entry);
  const program = ts.createProgram([file], { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, target: ts.ScriptTarget.ES2022, strict: true, noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(file);
  const symbol = source && checker.getSymbolAtLocation(source);
  if (!symbol) throw new Error(`${entry}: not a module`);
  return checker.getExportsOfModule(symbol).map((s) => s.getName()).sort();
}

// The package's public names, per entry point. A file move or a rename that drops or adds
// one fails here; change the list only on purpose (it is the package's API).
const PUBLIC_NAMES: Record<string, string[]> = {
  "src/index.ts": [
    "AtlasApiError", "AtlasApiErrorContext", "AtlasApiErrorInit", "AtlasClient", "AtlasComponents", "AtlasConnectionError", "AtlasConnectionErrorInit",
    "AtlasPaths", "AtlasValidationError", "AuthContext", "AuthStrategy", "BadRequestDetail", "BadRequestField", "BodyFields", "CallResult", "ClientOptions",
    "CloudManagerClient", "CloudManagerComponents", "CloudManagerPaths", "ConnectionErrorKind", "DigestAuthOptions", "DigestChallengeError", "ErrorCode",
    "FetchLike", "GetOperation", "KnownErrorCode", "ListPaths", "LogEvent", "Logger", "MAX_ITEMS_PER_PAGE", "OkContent", "OperationInfo", "OperationVersion",
    "OpsManagerClient", "OpsManagerComponents", "OpsManagerPaths", "PageItem", "PaginateInit", "RateLimitError", "RateLimitErrorInit", "RateLimitOptions", "RequestSchema", "RequiredKeys", "RetryOptions",
    "SchemaIssue", "ServiceAccountAuth", "ServiceAccountAuthOptions", "Surface", "TokenRequestError", "TokenRequestErrorInit", "Unwrapped", "VERSION",
    "createAtlasClient", "createCloudManagerClient", "createOpsManagerClient", "digestAuth", "isAtlasApiError", "operations", "paginate",
    "serviceAccountAuth", "unwrap", "userAgent",
  ],
  "src/mock/index.ts": [
    "AtlasMock", "AtlasMockOptions", "DropOptions", "DroppedConnection", "EnvelopeStatus", "FailureAnswer", "MockAccessListEntry", "MockApiKey",
    "MockCore", "MockCredentials", "MockFaults", "MockOptions", "MockOrganization", "MockPrincipal", "MockRequestRecord", "MockSecret", "MockSeed",
    "MockSeedApiKey", "MockSeedServiceAccount", "MockSeedUser", "MockServer", "MockServerOptions", "MockServiceAccount", "MockState", "MockTeam",
    "MockUser", "PublicApiFlavor", "TlsKeyPair", "createAtlasMock", "createMockCore", "defaultMockSeed", "startMockServer",
    "MockBucketLimits", "MockRateLimitScope", "MockRateLimitSet", "MockRateLimits", "atlasRateLimits",
  ],
  "src/mock/server.ts": [
    "DropOptions", "DroppedConnection", "EnvelopeStatus", "FailureAnswer", "MockAccessListEntry", "MockApiKey", "MockCore", "MockCredentials",
    "MockFaults", "MockOptions", "MockOrganization", "MockPrincipal", "MockRequestRecord", "MockSecret", "MockSeed", "MockSeedApiKey",
    "MockSeedServiceAccount", "MockSeedUser", "MockServer", "MockServerOptions", "MockServiceAccount", "MockState", "MockTeam", "MockUser",
    "PublicApiFlavor", "TlsKeyPair", "createMockCore", "defaultMockSeed", "startMockServer",
    "MockBucketLimits", "MockRateLimitScope", "MockRateLimitSet", "MockRateLimits", "atlasRateLimits",
  ],
};

describe("public entry points", () => {
  for (const [entry, names] of Object.entries(PUBLIC_NAMES)) {
    it(`${entry} exports exactly its public names`, () => {
      expect(exportedNames(entry)).toEqual([...names].sort());
    });
  }
});
