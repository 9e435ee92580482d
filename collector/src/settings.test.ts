import { describe, expect, it } from 'vitest';
import { readSettings, SettingsError } from './settings.js';

describe('readSettings', () => {
  it('reads WATCHLLM_LANGFUSE_QUIET_MS as milliseconds, and refuses what is not, naming the variable', () => {
    expect(readSettings({}).langfuseQuietMs).toBeUndefined();
    expect(readSettings({ WATCHLLM_LANGFUSE_QUIET_MS: '300' }).langfuseQuietMs).toBe(300);
    for (const bad of ['15s', '0', '-5', '1.5']) {
      expect(() => readSettings({ WATCHLLM_LANGFUSE_QUIET_MS: bad })).toThrow(SettingsError);
      expect(() => readSettings({ WATCHLLM_LANGFUSE_QUIET_MS: bad })).toThrow(`WATCHLLM_LANGFUSE_QUIET_MS="${bad}"`);
    }
  });
});
