import { findInteropTools, installHint, missingPackages } from "./interop-tools.js";

/** Says once, for the whole interop run, which servers are missing and how to get them. */
export default function setup(): void {
  const missing = missingPackages(findInteropTools());
  if (missing.length > 0) console.warn(installHint(missing));
}
