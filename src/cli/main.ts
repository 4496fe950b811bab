#!/usr/bin/env node
/**
 * The `atlas-admin` executable: the process's arguments, streams, environment and signals
 * handed to {@link runCli}; on a terminal, a way to ask before deleting.
 *
 * @module
 */
import { once } from "node:events";
import { createInterface } from "node:readline/promises";
import { runCli } from "./program/run-cli.js";

async function confirm(question: string): Promise<boolean> {
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  untilStopped: () => Promise.race([once(process, "SIGINT"), once(process, "SIGTERM")]).then(() => undefined),
  confirm: process.stdin.isTTY && process.stderr.isTTY ? confirm : undefined,
});
