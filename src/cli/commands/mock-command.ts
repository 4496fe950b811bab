/**
 * `atlas-admin mock [--port N] [--tls]`: serves the mock API on 127.0.0.1 until the process is
 * asked to stop, and prints its URL and the seeded credentials (mock-only secrets, made
 * to be printed).
 *
 * @module
 */
import { rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import type { MockCredentials } from "../../mock/index.js";
import { parsePort } from "../program/arg-parsers.js";
import type { CliSession } from "../program/api-command-context.js";
import { CliLocalError } from "../errors/cli-local-error.js";
import { CREDENTIAL_ENV } from "../credentials/resolve-credentials.js";
import { OPS_MANAGER_URL_ENV } from "../credentials/resolve-base-url.js";

/** Adds the `mock` command to `program`. */
export function registerMockCommand(program: Command, io: CliSession): void {
  program
    .command("mock")
    .description("serve the mock Atlas / Cloud Manager / Ops Manager API on 127.0.0.1 and print its URL and seeded credentials")
    .option("--port <port>", "the port to listen on (0: any free port)", parsePort, 0)
    .option("--tls", "serve HTTPS with a throwaway self-signed certificate, written to a PEM file whose path is printed")
    .action(async (options: { port: number; tls?: boolean }) => {
      // Loaded only when asked for: the other commands never pay for the mock.
      const { startMockServer } = await import("../../mock/adapters/start-mock-server.js");
      const server = await startMockServer({ port: options.port, tls: options.tls === true }).catch((error: unknown) => {
        throw listenFailure(error, options.port);
      });
      // A file, because that is what curl --cacert and NODE_EXTRA_CA_CERTS take.
      const caFile = server.ca === undefined ? undefined : join(tmpdir(), `atlas-admin-mock-${new URL(server.url).port}.pem`);
      if (caFile && server.ca) await writeFile(caFile, server.ca);
      const ca = caFile ? { caFile, ca: server.ca } : {};
      io.stdout(io.json ? `${JSON.stringify({ url: server.url, ...ca, credentials: server.credentials }, null, 2)}\n` : describeMock(server.url, server.credentials, caFile));
      await io.untilStopped();
      await server.close();
      if (caFile) await rm(caFile, { force: true });
    });
}

/** Why the mock could not listen, said as a local failure; anything else as it came. */
function listenFailure(error: unknown, port: number): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === "EADDRINUSE") return new CliLocalError("PORT_IN_USE", `port ${port} on 127.0.0.1 is already in use: choose another --port, or --port 0 for any free port`);
  if (code === "EACCES") return new CliLocalError("PORT_NOT_ALLOWED", `this user may not listen on port ${port}: choose a port above 1023, or --port 0`);
  return error;
}

/** The mock's URL, its credentials and how to use them, for people. */
function describeMock(url: string, credentials: MockCredentials, caFile: string | undefined): string {
  const { apiKey, opsManagerApiKey, user, serviceAccount } = credentials;
  return [
    `Mock Atlas / Cloud Manager / Ops Manager API listening on ${url}`,
    ...(caFile ? [`Certificate (PEM)    ${caFile}  (trust it: curl --cacert ${caFile}; NODE_EXTRA_CA_CERTS=${caFile} atlas-admin …)`] : []),
    "",
    `Seeded organization  ${credentials.orgName} (${credentials.orgId})`,
    `API key (Digest)     --public-key ${apiKey.publicKey} --private-key ${apiKey.privateKey}`,
    `Ops Manager global-owner key (Digest, --api ops-manager)  --public-key ${opsManagerApiKey.publicKey} --private-key ${opsManagerApiKey.privateKey}`,
    `User credentials (Digest, may create Cloud Manager organizations)  --public-key ${user.username} --private-key ${user.password}`,
    `Service account (OAuth, --api atlas)  --client-id ${serviceAccount.clientId} --client-secret ${serviceAccount.clientSecret}`,
    "Users:",
    ...credentials.users.map((seeded) => `  ${seeded.id}  ${seeded.username}${seeded.inOrg ? "" : "  (not in the seeded organization)"}`),
    "",
    "Try:",
    `  export ${CREDENTIAL_ENV.publicKey}=${apiKey.publicKey} ${CREDENTIAL_ENV.privateKey}=${apiKey.privateKey}`,
    `  atlas-admin --base-url ${url} orgs list`,
    `  (for --api ops-manager, ${OPS_MANAGER_URL_ENV}=${url} works too)`,
    "",
    "Press Ctrl+C to stop.",
    "",
  ].join("\n");
}
