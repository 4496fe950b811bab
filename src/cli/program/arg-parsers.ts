/**
 * Commander argument parsers: a value the API would refuse is refused while parsing, so
 * nothing is sent. Id patterns come from the generated operations table.
 *
 * @module
 */
import { InvalidArgumentError } from "commander";
import { operations } from "../../index.js";
import { baseUrlProblem } from "../credentials/resolve-base-url.js";

/**
 * A parser for a path parameter of the spec (`orgId`, `teamId`, `clientId`…) that checks
 * the pattern the spec gives it.
 */
export function pathParamParser(name: string): (value: string) => string {
  const pattern = operations.map((operation) => operation.pathParams[name]?.pattern).find((found) => found !== undefined);
  if (pattern === undefined) throw new TypeError(`the spec gives no pattern for the path parameter ${name}`);
  const regex = new RegExp(pattern, "u");
  return (value) => {
    if (!regex.test(value)) throw new InvalidArgumentError(`${name} must match ${pattern}.`);
    return value;
  };
}

/** A whole number from 0. */
export function parseCount(value: string): number {
  if (!/^(0|[1-9][0-9]*)$/.test(value)) throw new InvalidArgumentError("Must be a whole number from 0.");
  return Number(value);
}

/** A number of seconds above 0 (fractions allowed). */
export function parseSeconds(value: string): number {
  const seconds = /^[0-9]+(\.[0-9]+)?$/.test(value) ? Number(value) : Number.NaN;
  if (!(seconds > 0)) throw new InvalidArgumentError("Must be a number of seconds above 0, e.g. 30 or 0.5.");
  return seconds;
}

/** A whole number of at least 1. */
export function parsePositiveInteger(value: string): number {
  if (!/^[1-9][0-9]*$/.test(value)) throw new InvalidArgumentError("Must be a whole number of at least 1.");
  return Number(value);
}

/** A TCP port, 0 (any free port) to 65535. */
export function parsePort(value: string): number {
  const port = /^[0-9]{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port <= 65_535)) throw new InvalidArgumentError("Must be a port number from 0 to 65535.");
  return port;
}

/** An absolute http(s) URL without credentials. */
export function parseBaseUrl(value: string): string {
  const problem = baseUrlProblem(value);
  if (problem !== undefined) throw new InvalidArgumentError(`${problem.charAt(0).toUpperCase()}${problem.slice(1)}.`);
  return value;
}

/** Collects a repeatable option's values; one value may also be a comma list (`a,b`), as the Atlas CLI takes them. */
export function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, ...value.split(",").map((item) => item.trim()).filter((item) => item !== "")];
}
