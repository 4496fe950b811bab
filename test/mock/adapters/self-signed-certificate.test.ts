/**
 * The mock over HTTPS: a throwaway certificate, or the user's own; trusted through the
 * certificate the server hands back, by raw fetch and by the library's clients.
 */
import { X509Certificate } from "node:crypto";
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createAtlasClient, digestAuth, serviceAccountAuth, unwrap } from "../../../src/index.js";
import { selfSignedCertificate } from "../../../src/mock/adapters/self-signed-certificate.js";
import { startMockServer, type MockServer } from "../../../src/mock/adapters/start-mock-server.js";
import { fetchTrusting, v2Headers } from "../mock-helpers.js";

let mock: MockServer;
let trusted: Awaited<ReturnType<typeof fetchTrusting>>;

beforeAll(async () => {
  mock = await startMockServer({ tls: true });
  trusted = await fetchTrusting(mock.ca ?? "");
});
afterAll(() => mock.close());

describe("selfSignedCertificate", () => {
  it("makes a certificate for 127.0.0.1, ::1 and localhost, valid now", async () => {
    const { key, cert } = await selfSignedCertificate();
    expect(key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    const x509 = new X509Certificate(cert);
    expect(x509.checkIP("127.0.0.1")).toBe("127.0.0.1");
    expect(x509.checkIP("::1")).toBe("::1");
    expect(x509.checkHost("localhost")).toBe("localhost");
    expect(Date.parse(x509.validFrom)).toBeLessThan(Date.now());
    expect(Date.parse(x509.validTo)).toBeGreaterThan(Date.now());
  });

  it("makes a new key pair each time", async () => {
    const [a, b] = await Promise.all([selfSignedCertificate(), selfSignedCertificate()]);
    expect(a.cert).not.toBe(b.cert);
  });
});

describe("startMockServer({ tls: true })", () => {
  it("serves HTTPS and hands back the certificate it presents", async () => {
    expect(mock.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(mock.ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const response = await trusted(`${mock.url}/api/atlas/v2/orgs`);
    expect(response.status).toBe(401);
    expect(response.headers.get("WWW-Authenticate")).toMatch(/^Digest /);
  });

  it("is refused by a client that does not trust the certificate", async () => {
    const error = await fetch(`${mock.url}/api/atlas/v2/orgs`).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TypeError);
    expect((error as { cause?: { code?: string } }).cause?.code).toMatch(/SELF_SIGNED|UNABLE_TO_VERIFY/);
  });

  it("works with the library's Digest client when its fetch trusts the certificate", async () => {
    const atlas = createAtlasClient({ baseUrl: mock.url, auth: digestAuth(mock.credentials.apiKey), fetch: (request) => trusted(request) });
    const orgs = unwrap(await atlas.GET("/api/atlas/v2/orgs"));
    expect(orgs.results?.map((org) => org.id)).toEqual([mock.credentials.orgId]);
    const links = orgs.links?.map((link) => link.href) ?? [];
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((href) => href?.startsWith(`${mock.url}/`))).toBe(true);
  });

  it("serves the token endpoint over HTTPS to the library's service-account client", async () => {
    const atlas = createAtlasClient({ baseUrl: mock.url, auth: serviceAccountAuth(mock.credentials.serviceAccount), fetch: (request) => trusted(request) });
    const team = unwrap(await atlas.POST("/api/atlas/v2/orgs/{orgId}/teams", { params: { path: { orgId: mock.credentials.orgId } }, body: { name: "over-tls", usernames: [] } }));
    expect(mock.state.teams.get(team.id ?? "")?.name).toBe("over-tls");
    expect(mock.state.counters.tokenRequests).toBe(1);
  });
});

describe("startMockServer({ tls: { key, cert } })", () => {
  it("serves HTTPS with the key and certificate given, and hands that certificate back", async () => {
    const pair = await selfSignedCertificate();
    const own = await startMockServer({ tls: pair });
    try {
      expect(own.ca).toBe(pair.cert);
      const response = await (await fetchTrusting(pair.cert))(`${own.url}/api/atlas/v2/orgs`, { headers: v2Headers("2023-01-01") });
      expect(response.status).toBe(401);
      await expect(trusted(`${own.url}/api/atlas/v2/orgs`)).rejects.toThrow(TypeError);
    } finally {
      await own.close();
    }
  });

  it("hands back no certificate over plain HTTP", async () => {
    const plain = await startMockServer();
    expect(plain.url).toMatch(/^http:\/\//);
    expect(plain.ca).toBeUndefined();
    await plain.close();
  });
});

describe("loading", () => {
  // A fresh process: whether `selfsigned` is in the module cache after the entry points
  // load and a plain server runs, then after a TLS server starts.
  const script = `
    import { createRequire } from "node:module";
    const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((path) => path.includes("/node_modules/selfsigned/"));
    await import("./src/index.ts");
    const { startMockServer } = await import("./src/mock/server.ts");
    const plain = await startMockServer();
    await plain.close();
    const before = loaded();
    const secure = await startMockServer({ tls: true });
    await secure.close();
    console.log(JSON.stringify({ before, after: loaded() }));
  `;

  it("loads selfsigned only when a server is started with tls: true", async () => {
    const root = fileURLToPath(new URL("../../../", import.meta.url));
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { cwd: root }, (error, stdout) => (error ? reject(error) : resolve(stdout)));
    });
    expect(JSON.parse(out)).toEqual({ before: false, after: true });
  });
});
