/**
 * Masks secrets in everything the CLI prints besides the once-only secret a create command
 * shows by design. Commander quotes whatever it could not parse (`unknown command '…'`,
 * `command-argument value '…' is invalid`), and a secret typed one word off its flag lands
 * exactly there.
 *
 * @module
 */
import { CREDENTIAL_ENV } from "./resolve-credentials.js";

const MASK = "***";

/** The flags whose values are secrets. */
const SECRET_FLAGS = ["--private-key", "--client-secret"] as const;

/** The flags whose value is followed by a secret when the user typed the pair without the second flag. */
const PAIR_FLAGS = ["--public-key", "--client-id"] as const;

/**
 * Shapes that are secrets wherever they appear: an Atlas private key is a UUID, a service
 * account secret starts `mdb_sa_sk_`.
 */
const SECRET_SHAPES = [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, /\bmdb_sa_sk_\w+/g];

/**
 * A function that masks, in a text, every value given as a secret: the private key and
 * client secret from `args` (`--private-key V`, `--private-key=V`) or `env` (which holds
 * the profile's values too), and the word typed right after a public key or client id
 * when it is no command (`--public-key ann@example.com ann-password orgs list`: the
 * password without its flag); also anything shaped like a private key or client secret,
 * the value of any `--option=value`, and URL user info (`//user:password@`).
 *
 * @param commands - the program's command names, which are never secrets.
 */
export function secretMasker(
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  commands: readonly string[] = [],
): (text: string) => string {
  // Longest first, so a secret that contains another is masked whole.
  const secrets = [...new Set([...flagValues(args), ...unflaggedSecrets(args, commands), env[CREDENTIAL_ENV.privateKey], env[CREDENTIAL_ENV.clientSecret]])]
    .filter((secret): secret is string => secret !== undefined && secret !== "")
    .sort((a, b) => b.length - a.length);
  return (text) => {
    let masked = secrets.reduce((current, secret) => current.replaceAll(secret, MASK), text);
    for (const shape of SECRET_SHAPES) masked = masked.replace(shape, MASK);
    return masked.replace(/(--[\w-]+)=[^\s'"]+/g, `$1=${MASK}`).replace(/\/\/[^\s'"]*@/g, `//${MASK}@`);
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

/** `--public-key V W` where `W` is neither an option nor a command: `W` is the private key without its flag. */
function unflaggedSecrets(args: readonly string[], commands: readonly string[]): string[] {
  return args.flatMap((arg, index) => {
    const valueAt = PAIR_FLAGS.includes(arg as (typeof PAIR_FLAGS)[number]) ? index + 2 : PAIR_FLAGS.some((flag) => arg.startsWith(`${flag}=`)) ? index + 1 : -1;
    const next = valueAt < 0 ? undefined : args[valueAt];
    return next !== undefined && !next.startsWith("-") && !commands.includes(next) ? [next] : [];
  });
}
