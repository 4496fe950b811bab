/**
 * Breaks, one at a time, a line that holds a promise the README makes, and runs only the
 * tests that should notice. Every mutation must be killed (at least one test fails);
 * a survivor is a promise no test holds.
 *
 *   npx tsx scripts/mutation-check.ts             every mutation
 *   npx tsx scripts/mutation-check.ts retry mask  those whose name contains a word given
 *
 * Each mutation is applied to a copy of the project in a temporary folder (node_modules
 * linked, not copied; no .git, so tests that need one are not listed), never to the working
 * tree, so nobody else's test run sees it. The
 * tests are first run unmutated in that copy: a mutation whose tests already fail says
 * nothing, and is reported as such. Exits 1 when any mutation survives or cannot be applied.
 * Not part of `npm test`: it runs vitest about 25 times.
 *
 * @module
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { projectRoot } from "./lib/bundle-spec.js";

/** One one-line break: in `file`, `find` (which must occur exactly once) becomes `replace`. */
interface Mutation {
  readonly name: string;
  readonly promise: string;
  readonly file: string;
  readonly find: string;
  readonly replace: string;
  readonly tests: readonly string[];
}

const RETRY = ["test/fetch/with-retry.test.ts", "test/fetch/connection-error.test.ts"];

/** A run that takes longer than this has hung: as a baseline it fails, under a mutation it killed it. */
const RUN_LIMIT_MS = 150_000;

const MUTATIONS: readonly Mutation[] = [
  {
    name: "nonce: nc not counted up",
    promise: "digest counts nc per nonce",
    file: "src/auth/digest-auth.ts",
    find: "const nc = ++session.count;",
    replace: "const nc = Math.max(1, session.count);",
    tests: ["test/auth/digest-auth.test.ts"],
  },
  {
    name: "retry: POST re-sent after a reset",
    promise: "never creates twice",
    file: "src/fetch/with-retry.ts",
    find: "codes.some((c) => NOT_SENT_CODE.test(c));",
    replace: "codes.some((c) => NOT_SENT_CODE.test(c) || /^(ECONNRESET|UND_ERR_SOCKET)$/.test(c));",
    tests: RETRY,
  },
  {
    name: "retry: POST re-sent after a 5xx",
    promise: "never creates twice",
    file: "src/fetch/with-retry.ts",
    find: "const safe = status === 429 || (status >= 500 && idempotent);",
    replace: "const safe = status === 429 || status >= 500;",
    tests: RETRY,
  },
  {
    name: "retry: backoff not doubled",
    promise: "exponential backoff",
    file: "src/fetch/with-retry.ts",
    find: "baseDelayMs * 2 ** (attempt - 1)",
    replace: "baseDelayMs",
    tests: ["test/fetch/with-retry.test.ts"],
  },
  {
    name: "retry: HPE_* not transient",
    promise: "transient parser failures retried for reads",
    file: "src/fetch/connection-error.ts",
    find: "|HPE_\\w+)$/;",
    replace: ")$/;",
    tests: ["test/fetch/with-retry.test.ts", "test/fetch/with-buffered-body.test.ts"],
  },
  {
    name: "retry: DELETE 404 always taken as done",
    promise: "a DELETE that never reached the server keeps its 404",
    file: "src/fetch/with-retry.ts",
    find: 'status === 404 && acted && method === "DELETE"',
    replace: 'status === 404 && method === "DELETE"',
    tests: RETRY,
  },
  {
    name: "token: backoff not doubled",
    promise: "token requests back off exponentially",
    file: "src/auth/service-account-auth.ts",
    find: "tokenRetryBaseMs * 2 ** (attempt - 1)",
    replace: "tokenRetryBaseMs",
    tests: ["test/auth/service-account-auth.test.ts"],
  },
  {
    name: "token: no single flight",
    promise: "one token request however many calls",
    file: "src/auth/token-cache.ts",
    find: "const shared = (pending ??= start(fetchToken, reason));",
    replace: "const shared = (pending = start(fetchToken, reason));",
    tests: ["test/auth/token-cache.test.ts", "test/auth/service-account-auth.test.ts"],
  },
  {
    name: "timeout: body outside the deadline",
    promise: "timeoutMs covers the body",
    file: "src/fetch/with-buffered-body.ts",
    find: "return await Promise.race([response.arrayBuffer(), aborted]);",
    replace: "return await response.arrayBuffer();",
    tests: ["test/fetch/with-timeout.test.ts", "test/fetch/with-buffered-body.test.ts"],
  },
  {
    name: "body: a non-JSON success passed on",
    promise: "every failure is typed",
    file: "src/fetch/with-buffered-body.ts",
    find: "&& !isJsonText(bytes)) {",
    replace: "&& false) {",
    tests: ["test/fetch/with-buffered-body.test.ts"],
  },
  {
    name: "body: a 4xx said to have acted",
    promise: "mayHaveActed",
    file: "src/fetch/with-buffered-body.ts",
    find: "const mayHaveActed = status < 400 || status >= 500;",
    replace: "const mayHaveActed = true;",
    tests: ["test/fetch/with-buffered-body.test.ts"],
  },
  {
    name: "acted: an earlier attempt forgotten",
    promise: "mayHaveActed over every attempt",
    file: "src/fetch/with-retry.ts",
    find: "acted ||= mayHaveActed(error);",
    replace: "",
    tests: ["test/fetch/with-retry.test.ts"],
  },
  {
    name: "acted: a 5xx said not to have acted",
    promise: "mayHaveActed on API errors",
    file: "src/errors/atlas-api-error.ts",
    find: "mayHaveActed: init.status >= 500",
    replace: "mayHaveActed: false",
    tests: ["test/errors/atlas-api-error.test.ts"],
  },
  {
    name: "envelope: lists not unwrapped",
    promise: "envelopes unwrapped",
    file: "src/fetch/with-envelope.ts",
    find: 'if ("results" in rest) return replaceBody(response, rest, status);',
    replace: 'if ("results" in rest) return response;',
    tests: ["test/fetch/with-envelope.test.ts", "test/mock/envelope-through-client.test.ts"],
  },
  {
    name: "versions: override ignored",
    promise: "the versions option picks the media type",
    file: "src/middleware/version-middleware.ts",
    find: "versionOf(request) ?? versions?.[operation.operationId] ?? newest.version",
    replace: "versionOf(request) ?? newest.version",
    tests: ["test/middleware/version-middleware.test.ts"],
  },
  {
    name: "versions: oldest instead of newest",
    promise: "the newest version by default",
    file: "src/middleware/version-middleware.ts",
    find: "const newest = operation?.versions.at(-1);",
    replace: "const newest = operation?.versions.at(0);",
    tests: ["test/middleware/version-middleware.test.ts"],
  },
  {
    name: "mask: secrets by value dropped",
    promise: "no secret in errors or logs",
    file: "src/util/redact.ts",
    find: "return redactText(text, knownSecrets())\n",
    replace: "return text\n",
    tests: ["test/util/redact.test.ts", "test/middleware/error-body-middleware.test.ts", "test/auth/service-account-auth.test.ts"],
  },
  {
    name: "mask: Bearer pattern dropped",
    promise: "no secret in errors or logs",
    file: "src/util/redact.ts",
    find: ".replace(/\\b((?:Bearer|Basic)\\s+)[\\w.~+/-]+=*/gi, `$1${MASK}`)",
    replace: "",
    tests: ["test/util/redact.test.ts", "test/middleware/error-body-middleware.test.ts"],
  },
  {
    name: "mask: URL userinfo kept",
    promise: "tokenUrl redacted like every URL",
    file: "src/util/redact.ts",
    find: 'const bare = url.replace(/^([^:/?#]*:)?\\/\\/[^/?#]*@/, "$1//");',
    replace: "const bare = url;",
    tests: ["test/util/redact.test.ts", "test/auth/service-account-auth.test.ts"],
  },
  {
    name: "mask: TokenRequestError url raw",
    promise: "tokenUrl redacted like every URL",
    file: "src/errors/token-request-error.ts",
    find: "const url = redactUrl(text.url);",
    replace: "const url = text.url;",
    tests: ["test/auth/service-account-auth.test.ts", "test/errors/token-request-error.test.ts"],
  },
  {
    name: "pagination: no stop at totalCount",
    promise: "paginate stops at the last page",
    file: "src/client/paginate.ts",
    find: 'if (typeof page.totalCount === "number" && pageNum * pageSize >= page.totalCount) return true;',
    replace: "",
    tests: ["test/client/paginate.test.ts"],
  },
  {
    name: "pagination: no stop at a short page",
    promise: "paginate stops at the last page",
    file: "src/client/paginate.ts",
    find: "if (count < pageSize) return true;",
    replace: "",
    tests: ["test/client/paginate.test.ts"],
  },
  {
    name: "checks: required fields not checked",
    promise: "bad input refused before sending",
    file: "src/operations/check-schema.ts",
    find: 'if (object[name] === undefined) out.push(issue(prefix + name, "required", "is required"));',
    replace: "",
    tests: ["test/operations/check-schema.test.ts", "test/client/create-atlas-client.test.ts"],
  },
  {
    name: "checks: a missing body sent",
    promise: "a required body is refused before sending",
    file: "src/middleware/validate-request-middleware.ts",
    find: "if (operation.requestBody && request.body === null)",
    replace: "if (false)",
    tests: ["test/middleware/validate-request-middleware.test.ts"],
  },
  {
    name: "mock: team names not unique",
    promise: "the mock refuses what Atlas refuses",
    file: "src/mock/routes/team-routes.ts",
    find: "if (teamsOf(context, orgId).some((team) => team.name.toLowerCase() === name.toLowerCase())) {",
    replace: "if (false) {",
    tests: ["test/mock/routes/team-routes.test.ts"],
  },
  {
    name: "mock: nc replay accepted",
    promise: "the mock counts nc strictly",
    file: "src/mock/auth/digest-gate.ts",
    find: "if (strict && nc <= record.lastNc) return refuse(false);",
    replace: "",
    tests: ["test/mock/auth/digest-gate.test.ts"],
  },
  {
    name: "mock: latency fault ignored",
    promise: "the mock's faults",
    file: "src/mock/state/create-mock-faults.ts",
    find: "if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));",
    replace: "",
    tests: ["test/mock/state/create-mock-faults.test.ts"],
  },
  {
    name: "cli: help not a success",
    promise: "the CLI's help exits 0",
    file: "src/cli/program/run-cli.ts",
    find: 'new Set(["commander.help", "commander.helpDisplayed", "commander.version"])',
    replace: 'new Set(["commander.version"])',
    tests: ["test/cli/program/run-cli.test.ts"],
  },
  {
    name: "cli: usage exit code",
    promise: "the CLI's exit codes",
    file: "src/cli/errors/report-error.ts",
    find: "  usage: 2,",
    replace: "  usage: 1,",
    tests: ["test/cli/errors/report-error.test.ts", "test/cli/program/run-cli.test.ts"],
  },
  {
    name: "rate limit: another process not seen from the first answer",
    promise: "two processes sharing a bucket do not reach for its last tokens twice",
    file: "src/fetch/with-rate-limit.ts",
    find: "if (Number.isNaN(bucket.seen)) bucket.seen = Number(headers.get(\"ratelimit-limit\")) || NaN;",
    replace: "",
    tests: ["test/fetch/with-rate-limit.test.ts"],
  },
  {
    name: "rate limit: the last tokens sent for in parallel while another process draws",
    promise: "two processes sharing a bucket do not reach for its last tokens twice",
    file: "src/fetch/with-rate-limit.ts",
    find: "bucket.level <= END_GAME &&",
    replace: "bucket.level <= 0 &&",
    tests: ["test/fetch/with-rate-limit.test.ts"],
  },
];

/** What a vitest run of some files came to. */
interface Run {
  readonly ok: boolean;
  readonly tests: number;
  readonly failed: number;
  /** The run passed {@link RUN_LIMIT_MS} and was stopped. */
  readonly hung?: boolean;
}

/** A copy of what the tests read, with node_modules linked. */
function copyProject(): string {
  const dir = mkdtempSync(join(tmpdir(), "mutation-check-"));
  for (const entry of ["src", "test", "generated", "scripts", "spec", "examples", "bench", ".ci", "README.md", "package.json", "tsconfig.json", "vitest.config.ts", "redocly.yaml"]) {
    const from = join(projectRoot, entry);
    if (existsSync(from)) cpSync(from, join(dir, entry), { recursive: true });
  }
  symlinkSync(join(projectRoot, "node_modules"), join(dir, "node_modules"), "dir");
  return dir;
}

function runTests(dir: string, files: readonly string[]): Run {
  const report = join(dir, ".mutation-report.json");
  rmSync(report, { force: true });
  // vitest itself as the child (no npx or shell between), so the time limit ends it and its workers.
  const vitest = join(dir, "node_modules", "vitest", "vitest.mjs");
  const result = spawnSync(process.execPath, [vitest, "run", "--coverage.enabled=false", "--reporter=json", `--outputFile=${report}`, ...files], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, CI: "" },
    timeout: RUN_LIMIT_MS,
    killSignal: "SIGKILL",
  });
  if (result.error || !existsSync(report)) return { ok: false, tests: 0, failed: 0, hung: result.error !== undefined };
  const json = JSON.parse(readFileSync(report, "utf8")) as { numTotalTests: number; numFailedTests: number; success: boolean };
  return { ok: result.status === 0 && json.success, tests: json.numTotalTests, failed: json.numFailedTests };
}

function main(): number {
  const words = process.argv.slice(2);
  const chosen = MUTATIONS.filter((m) => words.length === 0 || words.some((w) => m.name.includes(w)));
  const dir = copyProject();
  const rows: string[][] = [];
  let bad = 0;
  try {
    const baselines = new Map<string, Run>();
    for (const file of new Set(chosen.flatMap((m) => m.tests))) {
      const started = Date.now();
      baselines.set(file, runTests(dir, [file]));
      console.error(`baseline ${file}: ${baselines.get(file)?.ok ? "passes" : "FAILS"} (${Math.round((Date.now() - started) / 1000)} s)`);
    }
    for (const mutation of chosen) {
      const path = join(dir, mutation.file);
      const original = readFileSync(path, "utf8");
      const found = original.split(mutation.find).length - 1;
      const broken = mutation.tests.filter((file) => !baselines.get(file)?.ok);
      let verdict: string;
      let tests = 0;
      if (found !== 1) verdict = `not applied (found ${found} times)`;
      else if (broken.length > 0) verdict = `baseline fails: ${broken.join(", ")}`;
      else {
        writeFileSync(path, original.replace(mutation.find, mutation.replace));
        try {
          const run = runTests(dir, mutation.tests);
          tests = run.tests;
          verdict = run.ok ? "NO (survived)" : run.hung ? `yes (the tests hung: stopped after ${RUN_LIMIT_MS / 1000} s)` : `yes (${run.failed} failed)`;
        } finally {
          writeFileSync(path, original);
        }
      }
      if (!verdict.startsWith("yes")) bad += 1;
      rows.push([mutation.name, mutation.file, String(tests), verdict]);
      console.error(`${mutation.name}: ${verdict}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const header = ["mutation", "file", "tests run", "killed"];
  console.log([header, header.map(() => "---"), ...rows].map((row) => `| ${row.join(" | ")} |`).join("\n"));
  console.log(`\n${rows.length - bad} of ${rows.length} mutations killed`);
  return bad === 0 ? 0 : 1;
}

process.exitCode = main();
