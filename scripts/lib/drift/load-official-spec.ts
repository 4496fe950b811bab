import { readFile } from "node:fs/promises";
import { parse } from "yaml";
import { DriftInputError } from "./drift-input-error.js";

/** An OpenAPI document as parsed JSON. */
export type OpenApiDocument = Record<string, unknown>;

/** What the loader needs from `fetch` (tests pass their own). */
export type FetchText = (url: string, init: { signal: AbortSignal }) => Promise<Pick<Response, "ok" | "status" | "statusText" | "text">>;

const DOWNLOAD_TIMEOUT_MS = 60_000;

/**
 * Reads an OpenAPI document from a `.yaml`/`.yml`/`.json` file or an https URL. Every failure
 * is a {@link DriftInputError} whose message says what could not be read and why.
 */
export async function loadOfficialSpec(source: string, fetchText: FetchText = fetch): Promise<OpenApiDocument> {
  const text = /^[a-z][a-z0-9+.-]*:\/\//i.test(source) ? await download(source, fetchText) : await readLocal(source);
  return parseOpenApi(text, source);
}

async function download(url: string, fetchText: FetchText): Promise<string> {
  if (!url.toLowerCase().startsWith("https://")) {
    throw new DriftInputError(`${url}: only https URLs are read (or give a local .yaml or .json file)`);
  }
  let response: Awaited<ReturnType<FetchText>>;
  try {
    response = await fetchText(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS) });
  } catch (error) {
    throw new DriftInputError(`${url}: could not download it (${describe(error)})`);
  }
  if (!response.ok) throw new DriftInputError(`${url}: the server answered ${response.status} ${response.statusText}`.trimEnd());
  return response.text();
}

async function readLocal(file: string): Promise<string> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a folder" : describe(error);
    throw new DriftInputError(`${file}: cannot read it (${why})`);
  }
}

/** Parses JSON or YAML text into an OpenAPI document; JSON is tried first when the text looks like it (it is much faster). */
export function parseOpenApi(text: string, source: string): OpenApiDocument {
  let doc: unknown;
  try {
    doc = text.trimStart().startsWith("{") ? JSON.parse(text) : parse(text);
  } catch (error) {
    throw new DriftInputError(`${source}: not valid JSON or YAML (${describe(error).split("\n")[0]})`);
  }
  if (!isObject(doc) || !isObject(doc.paths) || (typeof doc.openapi !== "string" && typeof doc.swagger !== "string")) {
    throw new DriftInputError(`${source}: not an OpenAPI document (it needs \`openapi\` and \`paths\`)`);
  }
  return doc;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.cause instanceof Error ? `${error.message}: ${error.cause.message}` : error.message;
  return String(error);
}
