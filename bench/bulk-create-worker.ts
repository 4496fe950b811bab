/**
 * A child process of the rate-limit benchmark: builds its client, prints `ready`, waits for
 * a line on stdin, runs its share of creates and prints `{"failed":n}`.
 *
 * Usage: bulk-create-worker.ts <client> <target JSON> <count> <concurrency> <prefix>
 *
 * @module
 */
import { once } from "node:events";
import { createInterface } from "node:readline";
import { bulkCreate, type BulkClient, type BulkTarget } from "./bulk-create.js";

const [kind, target, count, concurrency, prefix] = process.argv.slice(2) as [BulkClient, string, string, string, string];
const lines = createInterface({ input: process.stdin });
const failed = await bulkCreate(kind, JSON.parse(target) as BulkTarget, Number(count), Number(concurrency), prefix, async () => {
  process.stdout.write("ready\n");
  await once(lines, "line");
});
lines.close();
process.stdout.write(`${JSON.stringify({ failed })}\n`);
