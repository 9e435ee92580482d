import { FACTORIES } from '../src/components/registry.js';
import { parseConfig } from '../src/config/load.js';

/** The message a config is refused with ('' when it loads), for tests of validation messages. */
export function configErrors(yaml: string, env: NodeJS.ProcessEnv = {}): string {
  try {
    parseConfig(yaml, env, FACTORIES);
    return '';
  } catch (err) {
    return (err as Error).message;
  }
}
