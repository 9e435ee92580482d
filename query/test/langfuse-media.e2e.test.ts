// Langfuse's SDK takes base64 images (audio, PDFs) out of a span's input and output, puts a
// `@@@langfuseMedia:…@@@` reference in their place and uploads the file through the media API. Against a
// backend without that API the file is lost; here the real SDK uploads it, the span keeps the reference,
// and Langfuse's client, WatchLLM's API and the upload URLs' checks work on the file.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LangfuseClient } from '@langfuse/client';
import { LangfuseSpanProcessor } from '@langfuse/otel';
import { setLangfuseTracerProvider, startActiveObservation, startObservation } from '@langfuse/tracing';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from './helpers.js';
import { CLI, startProcess, stopProcess, type WatchLLMProcess } from './process.js';

// A 2×2 PNG, and the id Langfuse's SDK gives it (URL-safe base64 SHA-256, 22 characters).
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==', 'base64');
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('base64');
const MEDIA_ID = sha256(PNG).replaceAll('+', '-').replaceAll('/', '_').slice(0, 22);

let p: WatchLLMProcess;
let key: string;
let otherKey: string;
let traceId: string;

beforeAll(async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'watchllm-media-'));
  const create = (project: string) =>
    /api key: (\S+)/.exec(execFileSync(process.execPath, [CLI, 'keys', 'create', '--project', project], { env: { ...process.env, WATCHLLM_DATA_DIR: dataDir }, encoding: 'utf8' }))![1];
  key = create('vision');
  otherKey = create('other');
  p = await startProcess(['start'], { WATCHLLM_DATA_DIR: dataDir, WATCHLLM_AUTH: 'true' });

  const processor = new LangfuseSpanProcessor({ publicKey: 'pk-lf-anything', secretKey: key, baseUrl: p.api, exportMode: 'immediate' });
  const provider = new NodeTracerProvider({ spanProcessors: [processor] });
  provider.register(); // the context manager that makes the generation a child of the active span
  setLangfuseTracerProvider(provider);
  traceId = await startActiveObservation('describe-photo', async (root) => {
    const input = [{ role: 'user', content: [{ type: 'text', text: 'What is in this photo?' }, { type: 'image_url', image_url: { url: `data:image/png;base64,${PNG.toString('base64')}` } }] }];
    startObservation('vision', { model: 'gpt-4o-mini', input, usageDetails: { input: 300, output: 12 } }, { asType: 'generation' }).update({ output: 'A red square.' }).end();
    return root.traceId;
  });
  await processor.forceFlush();
  await provider.shutdown();
}, 90_000);

afterAll(async () => {
  if (p) await stopProcess(p);
});

const api = (path: string, k = key, init: RequestInit = {}) => fetch(`${p.api}${path}`, { ...init, headers: { authorization: `Bearer ${k}`, 'content-type': 'application/json', ...init.headers } });

describe('Langfuse media', () => {
  it('keeps the file the SDK uploads, and the span the reference it put in its place', async () => {
    const trace = await eventually(async () => (await api(`/api/v1/traces/${traceId}`)).json(), (t) => t.spans?.length === 2);
    const vision = trace.spans.find((s: { name: string }) => s.name === 'vision');
    const text = JSON.stringify(vision.genAi.inputMessages);
    expect(text).toContain(`@@@langfuseMedia:type=image/png|id=${MEDIA_ID}|source=base64_data_uri@@@`);
    expect(text).not.toContain('data:image/png;base64');

    const file = await api(`/api/v1/media/${MEDIA_ID}`);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await file.arrayBuffer()).equals(PNG)).toBe(true);
    // Another project holds no such file.
    expect((await api(`/api/v1/media/${MEDIA_ID}`, otherKey)).status).toBe(404);
  });

  it("answers Langfuse's client: the media record, its download URL, and references resolved back to data URIs", async () => {
    const langfuse = new LangfuseClient({ publicKey: 'pk-lf-anything', secretKey: key, baseUrl: p.api });
    const media = await langfuse.api.media.get(MEDIA_ID);
    expect(media).toMatchObject({ mediaId: MEDIA_ID, contentType: 'image/png', contentLength: PNG.length });
    const download = await fetch(media.url);
    expect(Buffer.from(await download.arrayBuffer()).equals(PNG)).toBe(true);
    expect(download.headers.get('content-security-policy')).toContain('sandbox');
    expect((await fetch(media.url.replace(/token=[^&]+/, 'token=wrong'))).status).toBe(404);

    const resolved = await langfuse.media.resolveReferences({ obj: { image: `@@@langfuseMedia:type=image/png|id=${MEDIA_ID}|source=base64_data_uri@@@` }, resolveWith: 'base64DataUri' });
    expect(resolved).toEqual({ image: `data:image/png;base64,${PNG.toString('base64')}` });
    // The same file again: already kept, no upload asked for.
    const again = await langfuse.api.media.getUploadUrl({ traceId, contentType: 'image/png', contentLength: PNG.length, sha256Hash: sha256(PNG), field: 'input' });
    expect(again).toEqual({ mediaId: MEDIA_ID, uploadUrl: null });
  });

  it('checks uploads against what was asked for, and serves files it would not show as downloads', async () => {
    const svg = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');
    const ask = (body: Record<string, unknown>) => api('/api/public/media', key, { method: 'POST', body: JSON.stringify({ traceId, field: 'output', ...body }) });
    const { uploadUrl, mediaId } = await (await ask({ contentType: 'image/svg+xml', contentLength: svg.length, sha256Hash: sha256(svg) })).json();
    const put = (body: Buffer, contentType = 'image/svg+xml', url = uploadUrl) => fetch(url, { method: 'PUT', headers: { 'content-type': contentType }, body });
    const refusal = async (res: Response) => [res.status, (await res.json()).error];
    expect(await refusal(await put(Buffer.from('<svg/>')))).toEqual([400, expect.stringMatching(/bytes, not the \d+ this upload was asked for/)]);
    expect(await refusal(await put(svg, 'text/html'))).toEqual([400, expect.stringMatching(/content-type text\/html is not the image\/svg\+xml/)]);
    expect((await put(svg, 'image/svg+xml', uploadUrl.replace(/token=[^&]+/, 'token=forged'))).status).toBe(404);
    expect((await put(svg)).status).toBe(200);
    const file = await api(`/api/v1/media/${mediaId}`);
    expect([file.headers.get('content-disposition'), file.headers.get('x-content-type-options')]).toEqual([`attachment; filename="${mediaId}"`, 'nosniff']);

    expect(await refusal(await ask({ contentType: 'image/png', contentLength: 10, sha256Hash: 'nope' }))).toEqual([400, expect.stringMatching(/^field sha256Hash: /)]);
    expect(await refusal(await ask({ contentType: 'not a type', contentLength: 10, sha256Hash: sha256(PNG) }))).toEqual([400, expect.stringMatching(/^field contentType: /)]);
    expect(await refusal(await ask({ contentType: 'image/png', contentLength: 64 * 2 ** 20, sha256Hash: sha256(PNG) }))).toEqual([400, expect.stringMatching(/^field contentLength: .* over the 32 MiB/)]);
    expect((await api(`/api/public/media/${MEDIA_ID}`, otherKey)).status).toBe(404);
  });
});
