import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The project's root folder (scripts/lib/../..). */
export const projectRoot = resolve(import.meta.dirname, "..", "..");

/** An OpenAPI document as plain JSON. */
export type OpenApiDocument = Record<string, unknown>;

const redocly = join(projectRoot, "node_modules", ".bin", "redocly");

/**
 * Bundles one multi-file root document into a single JSON document with internal
 * `#/components/…` references only, using Redocly's own bundler (what `redocly bundle` does).
 */
export async function bundleSpec(rootFile: string, base = projectRoot): Promise<OpenApiDocument> {
  const dir = await mkdtemp(join(tmpdir(), "atlas-spec-"));
  const out = join(dir, "bundled.json");
  try {
    await run(redocly, ["bundle", resolve(base, rootFile), "--output", out, "--ext", "json"], {
      cwd: projectRoot,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    });
    return JSON.parse(await readFile(out, "utf8")) as OpenApiDocument;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs `redocly lint` over every API in redocly.yaml; rejects with its report when it finds problems. */
export async function lintSpec(): Promise<string> {
  try {
    const { stdout, stderr } = await run(redocly, ["lint", "--format=stylish"], {
      cwd: projectRoot,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", REDOCLY_SUPPRESS_UPDATE_NOTICE: "true" },
    });
    return `${stdout}${stderr}`;
  } catch (error) {
    const { stdout = "", stderr = "" } = error as { stdout?: string; stderr?: string };
    throw new Error(`redocly lint found problems:\n${stdout}${stderr}`);
  }
}
