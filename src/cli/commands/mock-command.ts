/**
 * `atlas-admin mock [--port N]`: serves the mock API on 127.0.0.1 until the process is
 * asked to stop, and prints its URL and the seeded credentials (mock-only secrets, made
 * to be printed).
 *
 * @module
 */
import type { Command } from "commander";
import type { MockCredentials } from "../../mock/index.js";
import { parsePort } from "../program/arg-parsers.js";
import type { CliIo } from "../output/cli-io.js";
import { CREDENTIAL_ENV } from "../credentials/resolve-credentials.js";
import { OPS_MANAGER_URL_ENV } from "../credentials/resolve-base-url.js";

/** Adds the `mock` command to `program`. */
export function registerMockCommand(program: Command, io: CliIo): void {
  program
    .command("mock")
    .description("serve the mock Atlas / Cloud Manager / Ops Manager API on 127.0.0.1 and print its URL and seeded credentials")
    .option("--port <port>", "the port to listen on (0: any free port)", parsePort, 0)
    .action(async (options: { port: number }, command: Command) => {
      // Loaded only when asked for: the other commands never pay for the mock.
      const { startMockServer } = await import("../../mock/adapters/start-mock-server.js");
      const server = await startMockServer({ port: options.port });
      const json = command.optsWithGlobals<{ json?: boolean }>().json === true;
      io.stdout(json ? `${JSON.stringify({ url: server.url, credentials: server.credentials }, null, 2)}\n` : describeMock(server.url, server.credentials));
      await io.untilStopped();
      await server.close();
    });
}

/** The mock's URL, its credentials and how to use them, for people. */
function describeMock(url: string, credentials: MockCredentials): string {
  const { apiKey, opsManagerApiKey, user, serviceAccount } = credentials;
  return [
    `Mock Atlas / Cloud Manager / Ops Manager API listening on ${url}`,
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
