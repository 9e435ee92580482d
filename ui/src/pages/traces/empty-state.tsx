// Shown when no trace exists yet: how to send the first span.

import { useMemo } from 'preact/hooks';
import { firstSpanCurl, langfuseEnvSnippet, sdkEnvSnippet } from '../../lib/snippet.js';
import { CopyButton } from '../../components/common.js';

export function FirstSpanHelp() {
  const host = location.hostname || 'localhost';
  const curl = useMemo(() => firstSpanCurl(host, Date.now()), [host]);
  const env = sdkEnvSnippet(host);
  const langfuse = langfuseEnvSnippet(location.origin);
  return (
    <div class="empty first-span" data-testid="empty-state">
      <h2>No traces in this time range yet</h2>
      <p>
        Send spans over OTLP to the collector at <code>http://{host}:4318</code> (HTTP) or <code>{host}:4317</code> (gRPC). Try one from your terminal:
      </p>
      <div class="snippet">
        <pre>{curl}</pre>
        <CopyButton text={curl} label="Copy" testid="copy-snippet" />
      </div>
      <p>Or point any OpenTelemetry SDK (OpenLLMetry, OpenInference, Vercel AI SDK…) at it:</p>
      <div class="snippet">
        <pre>{env}</pre>
        <CopyButton text={env} label="Copy" />
      </div>
      <p>Using a Langfuse SDK? Keep it, and give it this base URL (traces and scores):</p>
      <div class="snippet">
        <pre>{langfuse}</pre>
        <CopyButton text={langfuse} label="Copy" />
      </div>
    </div>
  );
}
