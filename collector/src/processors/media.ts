import { forEachLogRecord, type LogsBatch } from '../model/logs.js';
import { mediaIdOf, mediaReference, sha256Base64, type ExtractedMedia } from '../model/media.js';
import { forEachSpan, putOwn, type AttrValue, type TracesBatch, type TypedAttributes } from '../model/types.js';
import { scanInlineMedia, type InlineMedia } from './media-scan.js';

/**
 * Takes base64 images, audio and PDFs out of span attributes, span event attributes, log record
 * attributes and log bodies, before `limits` would cut them (and the messages JSON around them):
 * each becomes a `@@@langfuseMedia:…@@@` reference, as Langfuse's SDKs write, and the file rides
 * with the batch (`batch.media`) to the exporter, which stores it with the batch's rows.
 */

export interface MediaConfig {
  /** Shorter string values are not scanned: ordinary spans cost a length check. */
  minValueLength: number;
  /** Smaller files stay inline. */
  minMediaBytes: number;
  /** Bigger files stay inline (and are counted). */
  maxMediaBytes: number;
}

export interface MediaCounts {
  extracted: number;
  bytes: number;
  tooLarge: number;
}

type Signal = 'traces' | 'logs';

/** Where the values being scanned belong, for the stored file's row. */
interface Owner {
  traceId: string;
  observationId: string;
}

/** One batch's work: the files found so far by id, and what to count. */
class Extraction {
  readonly files = new Map<string, ExtractedMedia>();
  readonly counts: MediaCounts = { extracted: 0, bytes: 0, tooLarge: 0 };

  constructor(
    private readonly c: MediaConfig,
    existing: ExtractedMedia[] | undefined,
  ) {
    for (const m of existing ?? []) this.files.set(m.mediaId, m);
  }

  /** `text` with its files replaced by references, or undefined when it has none. */
  text(text: string, owner: Owner, field: string): string | undefined {
    if (text.length < this.c.minValueLength) return undefined;
    const found = scanInlineMedia(text, { minBytes: this.c.minMediaBytes, maxBytes: this.c.maxMediaBytes });
    this.counts.tooLarge += found.tooLarge;
    if (found.media.length === 0) return undefined;
    let out = '';
    let last = 0;
    for (const m of found.media) {
      out += text.slice(last, m.start) + this.reference(m, owner, field);
      last = m.end;
    }
    return out + text.slice(last);
  }

  private reference(m: InlineMedia, owner: Owner, field: string): string {
    const sha256 = sha256Base64(Buffer.from(m.base64, 'base64'));
    const mediaId = mediaIdOf(sha256);
    if (!this.files.has(mediaId)) {
      this.files.set(mediaId, { mediaId, contentType: m.contentType, contentLength: m.bytes, sha256, content: m.base64, ...owner, field });
    }
    this.counts.extracted++;
    this.counts.bytes += m.bytes;
    return mediaReference(m.contentType, mediaId, m.source);
  }

  /** A value with its files replaced (arrays and maps walked in place), or undefined when unchanged. */
  value(v: AttrValue, owner: Owner, field: string): AttrValue | undefined {
    if (typeof v === 'string') return this.text(v, owner, field);
    if (v === null || typeof v !== 'object') return undefined;
    let changed = false;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const next = this.value(v[i], owner, field);
        if (next !== undefined) (v[i] = next), (changed = true);
      }
    } else {
      for (const k of Object.keys(v)) {
        const next = this.value(v[k], owner, field);
        if (next !== undefined) putOwn(v, k, next), (changed = true);
      }
    }
    return changed ? v : undefined;
  }

  attributes(a: TypedAttributes, owner: Owner): void {
    const values = a.values;
    // for-in, and the cheap checks first: this runs over every attribute of every span, almost all short strings or scalars.
    for (const key in values) {
      const v = values[key];
      if (typeof v === 'string' ? v.length < this.c.minValueLength : v === null || typeof v !== 'object') continue;
      // A bytes value is the sender's binary attribute (base64 only in our model): not text to rewrite.
      if (a.types?.[key] === 'bytes') continue;
      const next = this.value(v, owner, key);
      if (next !== undefined) putOwn(values, key, next);
    }
  }

  finish<B extends { media?: ExtractedMedia[] }>(batch: B, signal: Signal, onCounts?: (signal: Signal, counts: MediaCounts) => void): B {
    if (this.files.size > 0) batch.media = [...this.files.values()];
    if (this.counts.extracted > 0 || this.counts.tooLarge > 0) onCounts?.(signal, this.counts);
    return batch;
  }
}

export function createMediaProcessor(c: MediaConfig, onCounts?: (signal: Signal, counts: MediaCounts) => void) {
  return {
    processTraces(batch: TracesBatch): TracesBatch {
      const x = new Extraction(c, batch.media);
      forEachSpan(batch, (span) => {
        const owner = { traceId: span.traceId, observationId: span.spanId };
        x.attributes(span.attributes, owner);
        for (const e of span.events) x.attributes(e.attributes, owner);
      });
      return x.finish(batch, 'traces', onCounts);
    },
    processLogs(batch: LogsBatch): LogsBatch {
      const x = new Extraction(c, batch.media);
      forEachLogRecord(batch, (record) => {
        const owner = { traceId: record.traceId, observationId: record.spanId };
        x.attributes(record.attributes, owner);
        if (record.bodyType === 'bytes') return;
        const body = x.value(record.body, owner, 'body');
        if (body !== undefined) record.body = body;
      });
      return x.finish(batch, 'logs', onCounts);
    },
  };
}
