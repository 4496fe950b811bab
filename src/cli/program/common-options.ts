/**
 * Options several commands share, each under its own name and the Atlas CLI's camelCase
 * name (`--org-id` and `--orgId`), so Atlas CLI users' habits work.
 *
 * @module
 */
import { Option, type Command } from "commander";
import { ORG_ID_ENV } from "./api-command-context.js";
import { pathParamParser } from "./arg-parsers.js";

const orgIdParser = pathParamParser("orgId");

/**
 * Adds an option and a hidden camelCase alias that fills the same value (`--org-id` and
 * `--orgId`, `--org-owner-id` and `--ownerId`).
 */
export function optionWithAlias<T>(command: Command, flags: string, alias: string, description: string, parse?: (value: string, previous: T) => T): Command {
  const [, argument = ""] = /(<[^>]+>|\[[^\]]+\])/.exec(flags) ?? [];
  const main = new Option(flags, description);
  const hidden = new Option(`${alias} ${argument}`.trim(), description).hideHelp();
  // Commander stores a value under the name derived from the flag; the alias must store
  // it under the main option's name (`--ownerId` fills `orgOwnerId`).
  hidden.attributeName = () => main.attributeName();
  if (parse) {
    main.argParser(parse);
    hidden.argParser(parse);
  }
  return command.addOption(main).addOption(hidden);
}

/** `--org-id` / `--orgId`; the action falls back to `MONGODB_ATLAS_ORG_ID` or the profile's `org_id`. */
export function withOrgIdOption(command: Command): Command {
  return optionWithAlias(command, "--org-id <orgId>", "--orgId", `the organization's id, 24 hex digits (required; default ${ORG_ID_ENV} or the profile's org_id)`, orgIdParser);
}

/** `--force`: delete without asking. */
export function withForceOption(command: Command): Command {
  return command.option("--force", "delete without asking (required when not on a terminal)");
}
