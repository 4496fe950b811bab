import type { Middleware } from "openapi-fetch";

/**
 * Unwraps `?envelope=true` answers so that `data`, `error` and their types are what they are
 * without it: `{ status, content }` becomes `content` with `status` as the status line, and a
 * list loses the `status` it gained. Works whether the server keeps the real status line or
 * answers 200 with the code in `status`. (The client adds `envelope=true` to every URL.)
 */
export function envelopeMiddleware(): Middleware {
  return {
    async onResponse({ response }) {
      if (!isJson(response)) return undefined;
      const text = await response.clone().text();
      const body = parse(text);
      if (!body || typeof body.status !== "number" || !isStatus(body.status)) return undefined;
      const { status, ...rest } = body;
      if ("content" in rest) return rebuild(response, status, rest.content);
      if ("results" in rest) return rebuild(response, status, rest);
      return undefined;
    },
  };
}

function rebuild(response: Response, status: number, content: unknown): Response {
  const headers = new Headers(response.headers);
  headers.delete("Content-Length");
  const empty = content === undefined || status === 204 || status === 205 || status === 304;
  if (empty) headers.delete("Content-Type");
  return new Response(empty ? null : JSON.stringify(content), { status, headers });
}

function isJson(response: Response): boolean {
  return /json/i.test(response.headers.get("Content-Type") ?? "");
}

function isStatus(value: number): boolean {
  return Number.isInteger(value) && value >= 200 && value <= 599;
}

function parse(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
