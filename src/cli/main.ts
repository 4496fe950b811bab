#!/usr/bin/env node
/**
 * The `atlas-admin` executable: the process's arguments, streams, environment and signals
 * handed to {@link runCli}.
 *
 * @module
 */
import { once } from "node:events";
import { runCli } from "./program/run-cli.js";

process.exitCode = await runCli(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
  untilStopped: () => Promise.race([once(process, "SIGINT"), once(process, "SIGTERM")]).then(() => undefined),
});
