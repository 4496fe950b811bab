/**
 * New ids and secrets for things the mock creates. Ids count up from a fixed start so a
 * test run is reproducible; secrets and private keys are random, as real ones are.
 *
 * @module
 */
import { randomBytes, randomUUID } from "node:crypto";

/** Makes ids, client ids, secrets and API keys. */
export interface MockIds {
  /** 24 lowercase hex digits. */
  id(): string;
  /** `mdb_sa_id_` + 24 hex digits. */
  clientId(): string;
  /** `mdb_sa_sk_` + 32 random hex digits. */
  secret(): string;
  /** 8 lowercase letters, like an Atlas public key. */
  publicKey(): string;
  /** A UUID, like an Atlas private key. */
  privateKey(): string;
  /** Starts counting again (with a reset of the state). */
  reset(): void;
}

/** Creates an id source; its ids start at `660000000000000000000001`. */
export function createMockIds(): MockIds {
  let counter = 0;
  const id = () => `66${(++counter).toString(16).padStart(22, "0")}`;
  return {
    id,
    clientId: () => `mdb_sa_id_${id()}`,
    secret: () => `mdb_sa_sk_${randomBytes(16).toString("hex")}`,
    publicKey: () => Array.from(randomBytes(8), (byte) => String.fromCharCode(97 + (byte % 26))).join(""),
    privateKey: () => randomUUID(),
    reset: () => {
      counter = 0;
    },
  };
}
