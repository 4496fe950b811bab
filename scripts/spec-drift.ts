/**
 * `npm run spec:drift -- [--json] [--ours <root.yaml>] <official spec>`: what differs between
 * spec/'s Atlas v2 operations and MongoDB's official OpenAPI document (a .yaml or .json file, or an
 * https URL such as https://raw.githubusercontent.com/mongodb/openapi/main/openapi/v2.yaml).
 * Exit codes: 0 no unaccepted drift, 1 drift, 2 the input could not be read.
 */
import { runSpecDrift } from "./lib/drift/run-spec-drift.js";

const run = await runSpecDrift(process.argv.slice(2));
process.stdout.write(run.stdout);
process.stderr.write(run.stderr);
process.exitCode = run.exitCode;
