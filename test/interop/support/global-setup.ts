import { findInteropTools, installHint, missingPackages } from "./interop-tools.js";

/**
 * Says once, for the whole interop run, which peers are missing and how to get them. On a
 * developer's machine their suites skip; in CI (`CI` set) a missing peer fails the run before
 * any test starts, so a mirror that could not be reached never passes for a green run.
 */
export default function setup(): void {
  const missing = missingPackages(findInteropTools());
  if (missing.length === 0) return;
  if (process.env.CI) throw new Error(installHint(missing, "and CI runs every peer's suite"));
  console.warn(installHint(missing, "their tests skipped"));
}
