/**
 * Masks secrets in the error texts the CLI prints. Commander quotes whatever it could not
 * parse (`unknown command '…'`, `command-argument value '…' is invalid`), and a secret
 * typed one word off its flag lands exactly there.
 *
 * @module
 */
import { CREDENTIAL_ENV } from "./resolve-credentials.js";

const MASK = "***";

/** The flags whose values are secrets. */
const SECRET_FLAGS = ["--private-key", "--client-secret"] as const;

/**
 * Shapes that are secrets wherever they appear: an Atlas private key is a UUID, a service
 * account secret starts `mdb_sa_sk_`. They catch a secret the user typed without its flag
 * (`--public-key abc <private key> orgs list`), which no flag value names.
 */
const SECRET_SHAPES = [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, /\bmdb_sa_sk_\w+/g];

/**
 * A function that masks, in a text, the private key and client secret in use (from `args`
 * or `env`), anything shaped like either, the value of any `--option=value`, and URL user
 * info (`//user:password@`).
 */
export function secretMasker(args: readonly string[], env: Readonly<Record<string, string | undefined>>): (text: string) => string {
  // Longest first, so a secret that contains another is masked whole.
  const secrets = [...new Set([...flagValues(args), env[CREDENTIAL_ENV.privateKey], env[CREDENTIAL_ENV.clientSecret]])]
    .filter((secret): secret is string => secret !== undefined && secret !== "")
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let masked = secrets.reduce((current, secret) => current.replaceAll(secret, MASK), text);
    for (const shape of SECRET_SHAPES) masked = masked.replace(shape, MASK);
    return masked.replace(/(--[\w-]+)=[^\s']+/g, `$1=${MASK}`).replace(/\/\/[^\s']*@/g, `//${MASK}@`);
  };
}

/** `--private-key V` and `--private-key=V` (and the same for `--client-secret`). */
function flagValues(args: readonly string[]): string[] {
  return args.flatMap((arg, index) => {
    for (const flag of SECRET_FLAGS) {
      if (arg === flag) return args.slice(index + 1, index + 2);
      if (arg.startsWith(`${flag}=`)) return [arg.slice(flag.length + 1)];
    }
    return [];
  });
}
