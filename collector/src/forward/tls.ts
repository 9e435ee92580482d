/**
 * The `tls` block of the forwarding exporters, with the keys of the OTel Collector's
 * configtls.ClientConfig that WatchLLM honours: a private CA, a client certificate for mutual
 * TLS, and skipping verification (for tests). One reader for `otlp` (gRPC) and `otlphttp`.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import type { Problems } from '../config/validate.js';

export interface ClientTls {
  /** gRPC only: plaintext for a bare `host:port` (otlphttp follows the URL's scheme). */
  insecure: boolean;
  ca_file: string;
  cert_file: string;
  key_file: string;
  insecure_skip_verify: boolean;
}

export const defaultClientTls = (): ClientTls => ({ insecure: false, ca_file: '', cert_file: '', key_file: '', insecure_skip_verify: false });

/** Type checks, and the files must be readable now: a missing CA found at the first export would only show as retries. */
export function validateClientTls(tls: ClientTls, path: string, problems: Problems): void {
  for (const key of ['insecure', 'insecure_skip_verify'] as const) if (typeof tls[key] !== 'boolean') problems.push(`${path}.${key}: expected true or false`);
  for (const key of ['ca_file', 'cert_file', 'key_file'] as const) {
    const file = tls[key];
    if (typeof file !== 'string') {
      problems.push(`${path}.${key}: expected a file path`);
      continue;
    }
    if (!file) continue;
    try {
      accessSync(file, constants.R_OK);
    } catch (err) {
      problems.push(`${path}.${key}: cannot read "${file}" (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
  }
  if (Boolean(tls.cert_file) !== Boolean(tls.key_file)) problems.push(`${path}: cert_file and key_file go together`);
}

/** The PEM files a TLS client needs (absent when not configured). */
export function readClientTls(tls: ClientTls): { ca?: Buffer; cert?: Buffer; key?: Buffer } {
  const read = (file: string) => (file ? readFileSync(file) : undefined);
  return { ca: read(tls.ca_file), cert: read(tls.cert_file), key: read(tls.key_file) };
}
