import { describe, expect, it } from "vitest";
import { secretMasker } from "../../../src/cli/credentials/secret-masker.js";

describe("secretMasker", () => {
  it("masks the values of --private-key and --client-secret, given apart or with =", () => {
    const mask = secretMasker(["--private-key", "pk-value", "--client-secret=cs-value"], {});
    expect(mask("unknown command 'pk-value'; argument 'cs-value' is invalid")).toBe("unknown command '***'; argument '***' is invalid");
  });

  it("masks the private key and client secret from the environment", () => {
    const mask = secretMasker([], { MONGODB_ATLAS_PRIVATE_API_KEY: "env-pk", MONGODB_ATLAS_CLIENT_SECRET: "env-cs", MONGODB_ATLAS_PUBLIC_API_KEY: "public" });
    expect(mask("env-pk env-cs public")).toBe("*** *** public");
  });

  it("masks a secret that contains another secret whole", () => {
    const mask = secretMasker(["--private-key", "abc", "--client-secret", "abcdef"], {});
    expect(mask("'abcdef'")).toBe("'***'");
  });

  it("masks UUIDs and service account secrets wherever they appear", () => {
    const mask = secretMasker([], {});
    expect(mask("unknown command '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9' or 'mdb_sa_sk_0123abcd'")).toBe("unknown command '***' or '***'");
  });

  it("masks any --option=value and URL user info, slashes in the password included", () => {
    const mask = secretMasker([], {});
    expect(mask("unknown option '--privat-key=x'")).toBe("unknown option '--privat-key=***'");
    expect(mask("argument 'http://u:a/b@127.0.0.1' is invalid")).toBe("argument 'http://***@127.0.0.1' is invalid");
  });

  it("masks the word typed right after a public key or client id when it is no command: the secret without its flag", () => {
    const mask = secretMasker(["--public-key", "ann@example.com", "ann-mock-password", "orgs", "list"], {}, ["orgs"]);
    expect(mask("error: unknown command 'ann-mock-password'")).toBe("error: unknown command '***'");
    const withEquals = secretMasker(["--client-id=mdb_sa_id_1", "plain-secret", "orgs"], {}, ["orgs"]);
    expect(withEquals("'plain-secret'")).toBe("'***'");
  });

  it("leaves a command that follows a public key alone", () => {
    const text = "error: unknown option '--nope' for 'orgs'";
    expect(secretMasker(["--public-key", "abcdefgh", "orgs", "--nope"], {}, ["orgs"])(text)).toBe(text);
  });

  it("masks the secrets of a profile, which reach it as environment variables", () => {
    const mask = secretMasker([], { MONGODB_ATLAS_PRIVATE_API_KEY: "from-profile-pk", MONGODB_ATLAS_CLIENT_SECRET: "from-profile-cs" });
    expect(mask("from-profile-pk / from-profile-cs")).toBe("*** / ***");
  });

  it("leaves a text without secrets as it is", () => {
    const text = "error: unknown command 'org' (Did you mean orgs?)\n";
    expect(secretMasker(["--public-key", "abcdefgh"], {})(text)).toBe(text);
  });
});
