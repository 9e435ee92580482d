import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { LogsBatch } from '../model/logs.js';
import type { ExtractedMedia } from '../model/media.js';
import type { TracesBatch, TypedAttributes } from '../model/types.js';
import { attrs, scopeInfo, testLogRecord, testSpan } from '../../test/model-fixtures.js';
import { createMediaProcessor, type MediaConfig, type MediaCounts } from './media.js';
import { scanInlineMedia, sniffContentType } from './media-scan.js';

const CONFIG: MediaConfig = { minValueLength: 4096, minMediaBytes: 1024, maxMediaBytes: 32 * 2 ** 20 };

const SIGNATURES: Record<string, number[]> = {
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff, 0xe0],
  'image/gif': [...Buffer.from('GIF89a')],
  'image/webp': [...Buffer.from('RIFF\x10\x00\x00\x00WEBP')],
  'audio/wav': [...Buffer.from('RIFF\x10\x00\x00\x00WAVE')],
  'application/pdf': [...Buffer.from('%PDF-1.7')],
  'audio/mpeg': [...Buffer.from('ID3\x04')],
  'audio/ogg': [...Buffer.from('OggS')],
  'audio/flac': [...Buffer.from('fLaC')],
  'video/mp4': [0, 0, 0, 0x20, ...Buffer.from('ftypisom')],
};

/** A file of `size` bytes starting with the signature of `type` (random bytes after it). */
const file = (type: string, size = 6000) => Buffer.concat([Buffer.from(SIGNATURES[type]), randomBytes(size - SIGNATURES[type].length)]);
const sha = (b: Buffer) => createHash('sha256').update(b).digest('base64');
const idOf = (b: Buffer) => sha(b).replaceAll('+', '-').replaceAll('/', '_').slice(0, 22);
const ref = (type: string, b: Buffer, source = 'base64_data_uri') => `@@@langfuseMedia:type=${type}|id=${idOf(b)}|source=${source}@@@`;
const dataUri = (type: string, b: Buffer) => `data:${type};base64,${b.toString('base64')}`;

function traces(...spans: TypedAttributes[]): TracesBatch {
  const list = spans.map((a, i) => ({ ...testSpan('chat', 3, a), spanId: `eee19b7ec3c1b17${i}` }));
  return { projectId: 'p1', resourceSpans: [{ resource: attrs({}), scopeSpans: [{ scope: scopeInfo(), spans: list }] }], rejectedSpans: 0, rejectionReasons: [] };
}

function run(batch: TracesBatch, config: Partial<MediaConfig> = {}) {
  const counts: MediaCounts[] = [];
  createMediaProcessor({ ...CONFIG, ...config }, (_s, c) => counts.push(c)).processTraces(batch);
  const spans = batch.resourceSpans[0].scopeSpans[0].spans;
  return { values: spans.map((s) => s.attributes.values), media: batch.media ?? [], counts: counts[0] };
}

const one = (key: string, value: string, config?: Partial<MediaConfig>) => {
  const r = run(traces(attrs({ [key]: value })), config);
  return { value: r.values[0][key] as string, media: r.media, counts: r.counts };
};

const expectStored = (m: ExtractedMedia, b: Buffer, type: string, field: string) =>
  expect(m).toEqual({ mediaId: idOf(b), contentType: type, contentLength: b.length, sha256: sha(b), content: b.toString('base64'), traceId: '5b8efff798038103d269b633813fc60c', observationId: 'eee19b7ec3c1b170', field });

describe('media processor: the shapes libraries send', () => {
  const png = file('image/png');

  it('OpenAI-style image_url data URI in gen_ai.input.messages: a reference in its place, the JSON intact', () => {
    const messages = [{ role: 'user', content: [{ type: 'text', text: 'What is this?' }, { type: 'image_url', image_url: { url: dataUri('image/png', png) } }] }];
    const { value, media, counts } = one('gen_ai.input.messages', JSON.stringify(messages));
    expect(JSON.parse(value)[0].content[1].image_url.url).toBe(ref('image/png', png));
    expect(JSON.parse(value)[0].content[0].text).toBe('What is this?');
    expect(media).toHaveLength(1);
    expectStored(media[0], png, 'image/png', 'gen_ai.input.messages');
    expect(counts).toEqual({ extracted: 1, bytes: png.length, tooLarge: 0 });
  });

  it('OpenInference llm.input_messages.*.image.url: the whole value is the data URI', () => {
    const key = 'llm.input_messages.0.message.contents.1.message_content.image.image.url';
    const { value, media } = one(key, dataUri('image/png', png));
    expect(value).toBe(ref('image/png', png));
    expect(media[0].field).toBe(key);
  });

  it("OpenLLMetry's gen_ai.prompt.N.content (JSON of the parts) and a JSON-escaped data URI (\\/ for /)", () => {
    const parts = JSON.stringify([{ type: 'image_url', image_url: { url: dataUri('image/jpeg', file('image/jpeg')) } }]);
    const jpeg = file('image/jpeg');
    const escaped = JSON.stringify([{ type: 'image_url', image_url: { url: dataUri('image/jpeg', jpeg) } }]).replaceAll('/', '\\/');
    const r = run(traces(attrs({ 'gen_ai.prompt.0.content': parts, 'gen_ai.prompt.1.content': escaped })));
    expect(JSON.parse(r.values[0]['gen_ai.prompt.0.content'] as string)[0].image_url.url).toMatch(/^@@@langfuseMedia:type=image\/jpeg\|id=[\w-]{22}\|source=base64_data_uri@@@$/);
    expect(JSON.parse(r.values[0]['gen_ai.prompt.1.content'] as string)[0].image_url.url).toBe(ref('image/jpeg', jpeg));
    expect(r.media.find((m) => m.field === 'gen_ai.prompt.1.content')!.content).toBe(jpeg.toString('base64'));
  });

  it("Anthropic's base64 source, the Vercel AI SDK's image part and a GenAI BlobPart: bare base64 known by its signature", () => {
    const pdf = file('application/pdf');
    const wav = file('audio/wav');
    const anthropic = JSON.stringify([{ role: 'user', content: [{ type: 'image', source: { type: 'base64', media_type: 'image/png', data: png.toString('base64') } }] }]);
    const vercel = JSON.stringify([{ role: 'user', content: [{ type: 'image', image: pdf.toString('base64'), mimeType: 'application/pdf' }] }]);
    const blob = JSON.stringify([{ role: 'user', parts: [{ type: 'blob', modality: 'audio', mime_type: 'audio/wav', content: wav.toString('base64') }] }]);
    const r = run(traces(attrs({ 'gen_ai.input.messages': anthropic, 'ai.prompt.messages': vercel, 'gen_ai.output.messages': blob })));
    const v = r.values[0];
    expect(JSON.parse(v['gen_ai.input.messages'] as string)[0].content[0].source).toEqual({ type: 'base64', media_type: 'image/png', data: ref('image/png', png, 'bytes') });
    expect(JSON.parse(v['ai.prompt.messages'] as string)[0].content[0].image).toBe(ref('application/pdf', pdf, 'bytes'));
    expect(JSON.parse(v['gen_ai.output.messages'] as string)[0].parts[0].content).toBe(ref('audio/wav', wav, 'bytes'));
    expect(r.media.map((m) => m.contentType).sort()).toEqual(['application/pdf', 'audio/wav', 'image/png']);
  });

  it('a JSON document inside a JSON string (escaped quotes) and a MIME-wrapped payload', () => {
    const inner = JSON.stringify({ data: png.toString('base64') });
    const wrapped = png.toString('base64').replace(/.{76}/g, '$&\n');
    const r = run(traces(attrs({ doubled: JSON.stringify({ payload: inner }), mime: `see data:image/png;base64,${wrapped} above` })));
    expect(JSON.parse(JSON.parse(r.values[0].doubled as string).payload).data).toBe(ref('image/png', png, 'bytes'));
    expect(r.values[0].mime).toBe(`see ${ref('image/png', png)} above`);
    expect(r.media).toHaveLength(1);
  });

  it('span events and log records (attributes, string bodies, structured bodies) alike', () => {
    const batch = traces(attrs({}));
    batch.resourceSpans[0].scopeSpans[0].spans[0].events.push({ timeUnixNano: '1', name: 'gen_ai.user.message', attributes: attrs({ content: dataUri('image/png', png) }) });
    expect(run(batch).media[0].field).toBe('content');
    expect(batch.resourceSpans[0].scopeSpans[0].spans[0].events[0].attributes.values.content).toBe(ref('image/png', png));

    const gif = file('image/gif');
    const records = [
      { ...testLogRecord(9, `look: ${dataUri('image/gif', gif)}`), traceId: 'ab'.repeat(16), spanId: 'cd'.repeat(8) },
      testLogRecord(9, { role: 'user', content: [{ type: 'image', image: dataUri('image/png', png) }] }, 'kvlist'),
      testLogRecord(9, 'plain', undefined, attrs({ 'gen_ai.prompt': dataUri('image/png', png) })),
    ];
    const logs: LogsBatch = { projectId: 'p1', resourceLogs: [{ resource: { attributes: attrs({}), schemaUrl: '', droppedAttributesCount: 0 } as never, scopeLogs: [{ scope: scopeInfo(), logRecords: records }] }], rejectedLogRecords: 0, rejectionReasons: [] };
    createMediaProcessor(CONFIG).processLogs(logs);
    expect(records[0].body).toBe(`look: ${ref('image/gif', gif)}`);
    expect(records[1].body).toEqual({ role: 'user', content: [{ type: 'image', image: ref('image/png', png) }] });
    expect(records[2].attributes.values['gen_ai.prompt']).toBe(ref('image/png', png));
    expect(logs.media!.map((m) => [m.contentType, m.traceId, m.observationId, m.field])).toEqual([
      ['image/gif', 'ab'.repeat(16), 'cd'.repeat(8), 'body'],
      ['image/png', '', '', 'body'],
    ]);
  });
});

describe('media processor: what it leaves alone', () => {
  it('values shorter than min_value_length are not scanned', () => {
    const small = file('image/png', 2000);
    const text = JSON.stringify({ url: dataUri('image/png', small) });
    expect(text.length).toBeLessThan(4096);
    expect(one('m', text)).toMatchObject({ value: text, media: [] });
    expect(one('m', text, { minValueLength: 100 }).value).toContain(ref('image/png', small));
  });

  it('files under min_media_bytes stay inline, over max_media_bytes too (counted)', () => {
    const tiny = dataUri('image/png', file('image/png', 500));
    const big = file('image/png', 50_000);
    const text = `${tiny} ${'x'.repeat(5000)} ${dataUri('image/png', big)}`;
    const r = one('m', text, { maxMediaBytes: 40_000 });
    expect(r.value).toBe(text);
    expect(r.counts).toEqual({ extracted: 0, bytes: 0, tooLarge: 1 });
  });

  it('invalid base64 is left as it is', () => {
    const b64 = file('image/png').toString('base64').replace(/=+$/, '');
    const cases = [
      `data:image/png;base64,${b64.slice(0, 4001)}`, // a length no base64 has
      `data:image/png;base64,${b64.slice(0, 2000)}*${b64.slice(2000)}`, // a character no base64 has, right after the run
      `data:image/png;base64,${b64.slice(0, 2000)}==${b64.slice(2000)}`, // padding in the middle
      `data:image/png;base64,${b64.slice(0, 2000).replaceAll('/', '_')}${b64.slice(2000, 4000).replaceAll('+', '-').replaceAll('/', '+')}`, // both alphabets
      JSON.stringify({ data: `${b64.slice(0, 3000)} ${b64.slice(3000)}` }), // bare, not base64 throughout
    ];
    for (const text of cases) expect(one('m', text.padEnd(5000, ' '))).toMatchObject({ value: text.padEnd(5000, ' '), media: [] });
  });

  it('never turns long base64 without a known signature into a reference', () => {
    const noise = randomBytes(9000);
    noise[0] = 0x00;
    const text = JSON.stringify({ data: noise.toString('base64'), token: 'A'.repeat(8000) });
    expect(one('m', text)).toMatchObject({ value: text, media: [] });
  });

  it('bytes-typed attributes are left as they are', () => {
    const v = file('image/png').toString('base64');
    const r = run(traces(attrs({ raw: v }, { raw: 'bytes' })));
    expect(r.values[0].raw).toBe(v);
    expect(r.media).toEqual([]);
  });
});

describe('media processor: batch files', () => {
  it('keeps one file per id in a batch, every place showing it getting the reference', () => {
    const png = file('image/png');
    const uri = dataUri('image/png', png);
    const r = run(traces(attrs({ a: uri, b: JSON.stringify([uri, uri]) }), attrs({ c: uri })));
    expect(r.values.map((v) => Object.values(v).join())).toEqual([`${ref('image/png', png)},${JSON.stringify([ref('image/png', png), ref('image/png', png)])}`, ref('image/png', png)]);
    expect(r.media).toHaveLength(1);
    expect(r.counts.extracted).toBe(4);
  });

  it('takes a 10 MB image out of a 10 MB value, and scans 10 MB of hostile text in linear time', () => {
    const big = file('image/png', 7_500_000);
    const huge = JSON.stringify([{ role: 'user', content: [{ type: 'image_url', image_url: { url: dataUri('image/png', big) } }] }]);
    expect(huge.length).toBeGreaterThan(10_000_000);
    let t = performance.now();
    const r = one('gen_ai.input.messages', huge);
    const extractMs = performance.now() - t;
    expect(r.media[0].contentLength).toBe(big.length);
    expect(r.value.length).toBeLessThan(300);

    // Every trap at once: data: headers without a payload, long runs of base64-ish text broken at
    // the end, escaped quotes, line breaks, padding — 10 MB of it.
    const unit = `data:image/png;base64,${'A'.repeat(3000)}* "data:" \\"${'QUJD'.repeat(500)}\\n${'/9j/'.repeat(400)}==AAAA" data:data:;base64,`;
    const hostile = unit.repeat(Math.ceil(10_000_000 / unit.length));
    t = performance.now();
    expect(one('m', hostile).media).toEqual([]);
    const hostileMs = performance.now() - t;
    // Generous bounds for a loaded CI machine; a quadratic scan would take minutes.
    expect(extractMs).toBeLessThan(2000);
    expect(hostileMs).toBeLessThan(2000);
  });
});

describe('sniffContentType', () => {
  it('knows the signatures of the files LLM calls carry, and nothing else', () => {
    for (const type of Object.keys(SIGNATURES)) expect(sniffContentType(file(type, 64).subarray(0, 12))).toBe(type);
    expect(sniffContentType(Buffer.from([0xff, 0xfb, 0x90, 0x64]))).toBe('audio/mpeg');
    expect(sniffContentType(Buffer.from('\0\0\0\x20ftypM4A \0\0\0\0', 'latin1'))).toBe('audio/mp4');
    expect(sniffContentType(Buffer.from('hello world!'))).toBeUndefined();
    expect(sniffContentType(Buffer.from([0xff, 0xff, 0xff, 0xff]))).toBeUndefined();
  });

  it('scanInlineMedia reports where each file is, in order', () => {
    const png = file('image/png', 1500);
    const pdf = file('application/pdf', 1500);
    const text = `["${pdf.toString('base64')}", "${dataUri('image/png', png)}"]`;
    const found = scanInlineMedia(text, { minBytes: 1024, maxBytes: 1e9 });
    expect(found.media.map((m) => [m.contentType, m.source, text.slice(m.start, m.start + 5)])).toEqual([
      ['application/pdf', 'bytes', pdf.toString('base64').slice(0, 5)],
      ['image/png', 'base64_data_uri', 'data:'],
    ]);
  });
});
