/**
 * A throwaway certificate for the mock's HTTPS, made by the `selfsigned` package.
 *
 * @module
 */

/** A private key and its certificate, both PEM. */
export interface TlsKeyPair {
  readonly key: string;
  readonly cert: string;
}

const DAY_MS = 86_400_000;

/**
 * A new self-signed certificate for `127.0.0.1`, `::1` and `localhost`, valid from a day ago
 * (clocks drift) for 30 days. `selfsigned` is imported here, on first use, so that the
 * package entry points and a mock over plain HTTP never load it.
 */
export async function selfSignedCertificate(): Promise<TlsKeyPair> {
  const { generate } = await import("selfsigned");
  const now = Date.now();
  const pems = await generate([{ name: "commonName", value: "atlas-admin-client mock" }], {
    keyType: "ec",
    curve: "P-256",
    algorithm: "sha256",
    notBeforeDate: new Date(now - DAY_MS),
    notAfterDate: new Date(now + 30 * DAY_MS),
    extensions: [
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", digitalSignature: true, keyCertSign: true },
      { name: "extKeyUsage", serverAuth: true },
      {
        name: "subjectAltName",
        altNames: [
          { type: 7, ip: "127.0.0.1" },
          { type: 7, ip: "::1" },
          { type: 2, value: "localhost" },
        ],
      },
    ],
  });
  return { key: pems.private, cert: pems.cert };
}
