import { ENV_CAPTURE_MESSAGE_CONTENT } from './attributes.js';

export function captureContentFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  return (env[ENV_CAPTURE_MESSAGE_CONTENT] ?? '').trim().toLowerCase() === 'true';
}

let agentCapture: boolean | undefined;

/** Whether agent/tool helpers record tool arguments and results (register() or env decides). */
export function agentContentCapture(): boolean {
  return agentCapture ?? captureContentFromEnv();
}

export function setAgentContentCapture(enabled: boolean | undefined): void {
  agentCapture = enabled;
}
