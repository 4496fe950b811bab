#!/usr/bin/env node
/**
 * `atlas-admin` in a checkout: runs the CLI's TypeScript source through tsx, so it works
 * right after `npm ci`, without `npm run build`, and never runs a stale `dist/`.
 * `npm ci` links it into `node_modules/.bin` (scripts/link-cli-bin.mjs); the published
 * package's bin is the compiled `dist/src/cli/main.js` instead.
 */
import { register } from "tsx/esm/api";

register();
await import("../src/cli/main.ts");
