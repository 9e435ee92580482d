import { describe, expect, it } from 'vitest';
import { keyFromHeaders } from './keys.js';

const basic = (pair: string) => `Basic ${Buffer.from(pair).toString('base64')}`;

describe('keyFromHeaders', () => {
  it('reads Bearer, x-watchllm-api-key, and the Basic credentials Langfuse SDKs send', () => {
    expect(keyFromHeaders({ authorization: 'Bearer wl_abc ' })).toBe('wl_abc');
    expect(keyFromHeaders({ 'x-watchllm-api-key': ' wl_def' })).toBe('wl_def');
    // public key : secret key — the secret is the key.
    expect(keyFromHeaders({ authorization: basic('pk-lf-123:wl_secret') })).toBe('wl_secret');
    expect(keyFromHeaders({ authorization: basic('wl_user_only:') })).toBe('wl_user_only');
    expect(keyFromHeaders({ authorization: basic('wl_no_colon') })).toBe('wl_no_colon');
    expect(keyFromHeaders({ authorization: basic(':') })).toBeUndefined();
    expect(keyFromHeaders({ authorization: ['Bearer first', 'Bearer second'] })).toBe('first');
    expect(keyFromHeaders({ authorization: 'Digest x' })).toBeUndefined();
    expect(keyFromHeaders({})).toBeUndefined();
  });
});
