import { readFile } from "node:fs/promises";

/** One request as a server logged it: `<status>\t<request line>\t<User-Agent>`. */
export interface LoggedRequest {
  readonly status: number;
  readonly requestLine: string;
  readonly userAgent: string;
}

/** The `LogFormat` both servers are given (lighttpd spells the status `%s`). */
export const ACCESS_LOG_FORMAT = "%>s\t%r\t%{User-Agent}i";

/**
 * The requests whose `User-Agent` carries `tag`, once the log has stopped growing: a server
 * writes its log line after the answer has left, so the last lines can trail the client.
 * `flush` runs before each read, for a server that buffers its log.
 */
export async function loggedRequests(file: string, tag: string, flush = (): void => undefined): Promise<LoggedRequest[]> {
  let previous = -1;
  let entries: LoggedRequest[] = [];
  for (let stableReads = 0; stableReads < 4; ) {
    flush();
    await new Promise((resolve) => setTimeout(resolve, 50));
    entries = parse(await readFile(file, "utf8").catch(() => "")).filter((entry) => entry.userAgent.includes(tag));
    stableReads = entries.length === previous ? stableReads + 1 : 0;
    previous = entries.length;
  }
  return entries;
}

function parse(text: string): LoggedRequest[] {
  return text
    .split("\n")
    .filter((line) => line.length > 0)
    .map((line) => {
      const [status = "0", requestLine = "", userAgent = ""] = line.split("\t");
      return { status: Number(status), requestLine, userAgent };
    });
}
