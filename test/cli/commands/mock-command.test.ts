import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { runCli } from "../../../src/cli/program/run-cli.js";
import { defaultMockSeed } from "../../../src/mock/index.js";

/** Runs `atlas-admin …args` in-process until its stop is requested; resolves once it printed. */
function startCli(args: readonly string[]) {
  let stop = (): void => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  let printed = (_text: string): void => undefined;
  const output = new Promise<string>((resolve) => (printed = resolve));
  const exit = runCli(args, { stdout: (text) => printed(text), stderr: () => undefined, env: {}, untilStopped: () => stopped });
  return { output, exit, stop };
}

describe("atlas-admin mock", () => {
  it("serves the mock until asked to stop, and prints its URL and credentials as JSON with --json", async () => {
    const cli = startCli(["mock", "--json"]);
    const printed = JSON.parse(await cli.output) as { url: string; credentials: { apiKey: { publicKey: string } } };
    expect(printed.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(printed.credentials.apiKey.publicKey).toBe(defaultMockSeed.apiKey.publicKey);

    const challenge = await fetch(`${printed.url}/api/atlas/v2/orgs`);
    expect(challenge.status).toBe(401);
    expect(challenge.headers.get("www-authenticate")).toContain('realm="MMS Public API"');

    cli.stop();
    expect(await cli.exit).toBe(0);
    await expect(fetch(`${printed.url}/api/atlas/v2/orgs`)).rejects.toThrow();
  });

  it("serves HTTPS with --tls, writes the certificate to the PEM file it names, and removes it on stop", async () => {
    const { readFile } = await import("node:fs/promises");
    const { existsSync } = await import("node:fs");
    const cli = startCli(["mock", "--tls", "--json"]);
    const printed = JSON.parse(await cli.output) as { url: string; caFile: string; ca: string };
    expect(printed.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect(await readFile(printed.caFile, "utf8")).toBe(printed.ca);
    expect(printed.ca).toMatch(/^-----BEGIN CERTIFICATE-----/);
    await expect(fetch(`${printed.url}/api/atlas/v2/orgs`)).rejects.toThrow(TypeError);
    cli.stop();
    expect(await cli.exit).toBe(0);
    expect(existsSync(printed.caFile)).toBe(false);
    const human = startCli(["mock", "--tls"]);
    const text = await human.output;
    human.stop();
    await human.exit;
    expect(text).toMatch(/^Certificate \(PEM\) +\S+\.pem {2}\(trust it: curl --cacert /m);
  });

  it("prints, for people, the URL, every seeded credential and how to use them", async () => {
    const cli = startCli(["mock"]);
    const text = await cli.output;
    cli.stop();
    await cli.exit;
    const url = /listening on (http:\S+)/.exec(text)?.[1];
    expect(url).toBeDefined();
    expect(text).toContain(`Seeded organization  Mock-Paying-Org (${defaultMockSeed.organization.id})`);
    expect(text).toContain(`--public-key ${defaultMockSeed.apiKey.publicKey} --private-key ${defaultMockSeed.apiKey.privateKey}`);
    expect(text).toContain(`--client-id ${defaultMockSeed.serviceAccount.clientId} --client-secret ${defaultMockSeed.serviceAccount.secret}`);
    expect(text).toContain("--public-key ann@example.com --private-key ann-mock-password");
    expect(text).toContain(`--public-key ${defaultMockSeed.opsManagerApiKey.publicKey} --private-key ${defaultMockSeed.opsManagerApiKey.privateKey}`);
    expect(text).toContain(`atlas-admin --base-url ${url} orgs list`);
    expect(text).toContain("dave@example.org  (not in the seeded organization)");
  });

  it("says a port in use is a local failure: PORT_IN_USE, exit 4, as JSON with --json", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const { port } = taken.address() as AddressInfo;
    try {
      for (const json of [false, true]) {
        let stderr = "";
        const args = ["mock", "--port", String(port), ...(json ? ["--json"] : [])];
        const code = await runCli(args, { stdout: () => undefined, stderr: (text) => (stderr += text), env: {}, untilStopped: async () => undefined });
        expect(code).toBe(4);
        const expected = `port ${port} on 127.0.0.1 is already in use: choose another --port, or --port 0 for any free port`;
        if (json) expect(JSON.parse(stderr)).toEqual({ errorCode: "PORT_IN_USE", detail: expected, exitCode: 4 });
        else expect(stderr).toBe(`error: PORT_IN_USE — ${expected}\n`);
      }
    } finally {
      taken.close();
    }
  });

  it("refuses a port out of range before starting anything", async () => {
    let stderr = "";
    const code = await runCli(["mock", "--port", "70000"], { stdout: () => undefined, stderr: (text) => (stderr += text), env: {}, untilStopped: async () => undefined });
    expect(code).toBe(2);
    expect(stderr).toContain("Must be a port number from 0 to 65535.");
  });
});
