import { describe, expect, it } from "vitest";
import { CliUsageError } from "../../../src/cli/errors/cli-usage-error.js";
import { resolveCredentials } from "../../../src/cli/credentials/resolve-credentials.js";

const keyEnv = { MONGODB_ATLAS_PUBLIC_API_KEY: "envpub", MONGODB_ATLAS_PRIVATE_API_KEY: "envpriv-SECRET" };
const accountEnv = { MONGODB_ATLAS_CLIENT_ID: "mdb_sa_id_x", MONGODB_ATLAS_CLIENT_SECRET: "mdb_sa_sk_SECRET" };

function usageMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(CliUsageError);
    return (error as Error).message;
  }
  throw new Error("expected a CliUsageError");
}

describe("resolveCredentials", () => {
  it("takes an API key from the Atlas CLI's environment variables", () => {
    expect(resolveCredentials({}, keyEnv, "atlas")).toEqual({ kind: "apiKey", publicKey: "envpub", privateKey: "envpriv-SECRET" });
  });

  it("lets a flag override its variable, field by field", () => {
    expect(resolveCredentials({ publicKey: "flagpub" }, keyEnv, "atlas-v1")).toEqual({ kind: "apiKey", publicKey: "flagpub", privateKey: "envpriv-SECRET" });
  });

  it("prefers a service account from the environment on Atlas v2", () => {
    expect(resolveCredentials({}, { ...keyEnv, ...accountEnv }, "atlas")).toEqual({ kind: "serviceAccount", clientId: "mdb_sa_id_x", clientSecret: "mdb_sa_sk_SECRET" });
  });

  it("falls back to the API key from the environment on the APIs without service accounts", () => {
    expect(resolveCredentials({}, { ...keyEnv, ...accountEnv }, "cloud-manager").kind).toBe("apiKey");
  });

  it("uses the kind the flags name even when the environment holds the other", () => {
    expect(resolveCredentials({ publicKey: "p", privateKey: "k" }, accountEnv, "atlas").kind).toBe("apiKey");
    expect(resolveCredentials({ clientId: "id", clientSecret: "s" }, keyEnv, "atlas").kind).toBe("serviceAccount");
  });

  it("treats empty values as absent", () => {
    expect(resolveCredentials({ clientId: "" }, keyEnv, "atlas").kind).toBe("apiKey");
  });

  it("names the missing half of a pair without quoting the half that was given", () => {
    const message = usageMessage(() => resolveCredentials({}, { MONGODB_ATLAS_PRIVATE_API_KEY: "envpriv-SECRET" }, "atlas"));
    expect(message).toBe("--public-key (or MONGODB_ATLAS_PUBLIC_API_KEY) is missing");
    expect(usageMessage(() => resolveCredentials({ clientId: "id" }, {}, "atlas"))).toBe("--client-secret (or MONGODB_ATLAS_CLIENT_SECRET) is missing");
  });

  it("lists every way to give credentials when there are none", () => {
    const message = usageMessage(() => resolveCredentials({}, {}, "atlas"));
    for (const name of ["--public-key", "MONGODB_ATLAS_PRIVATE_API_KEY", "--client-id", "MONGODB_ATLAS_CLIENT_SECRET"]) expect(message).toContain(name);
  });

  it("refuses both kinds given by flags", () => {
    expect(usageMessage(() => resolveCredentials({ publicKey: "p", clientSecret: "SECRET" }, {}, "atlas"))).toContain("not both");
  });

  it("refuses a service account on an API that only takes Digest", () => {
    const message = usageMessage(() => resolveCredentials({ clientId: "id", clientSecret: "SECRET" }, {}, "ops-manager"));
    expect(message).toBe("service accounts authenticate on the Atlas Administration API v2 only; use an API key with --api ops-manager");
    expect(usageMessage(() => resolveCredentials({}, accountEnv, "atlas-v1"))).toContain("v2 only");
  });
});
