import { bytes, positiveInt, type Problems } from '../../config/validate.js';
import type { LogsBatch } from '../../model/logs.js';
import type { TracesBatch } from '../../model/types.js';
import { createMediaProcessor } from '../../processors/media.js';
import type { ProcessorFactory } from '../types.js';

export interface MediaYaml {
  min_value_length: number;
  min_media_bytes: string | number;
  max_media_bytes: string | number;
}

export const mediaProcessor: ProcessorFactory<MediaYaml> = {
  kind: 'processor',
  type: 'media',
  signals: ['traces', 'logs'],
  // 32 MiB: the most the media API takes in one upload.
  createDefaultConfig: () => ({ min_value_length: 4096, min_media_bytes: 1024, max_media_bytes: '32MiB' }),
  validate(c, path, problems: Problems) {
    positiveInt(c.min_value_length, `${path}.min_value_length`, problems);
    const min = bytes(c.min_media_bytes, `${path}.min_media_bytes`, problems);
    const max = bytes(c.max_media_bytes, `${path}.max_media_bytes`, problems);
    if (min < 1) problems.push(`${path}.min_media_bytes: at least 1 byte, got ${JSON.stringify(c.min_media_bytes)}`);
    if (max < min) problems.push(`${path}.max_media_bytes: at least min_media_bytes (${min}), got ${JSON.stringify(c.max_media_bytes)}`);
  },
  create(settings, c) {
    const ignore: Problems = [];
    const t = settings.telemetry;
    const p = createMediaProcessor(
      { minValueLength: c.min_value_length, minMediaBytes: bytes(c.min_media_bytes, '', ignore), maxMediaBytes: bytes(c.max_media_bytes, '', ignore) },
      (signal, counts) => {
        if (counts.extracted) t.mediaExtracted.inc({ signal }, counts.extracted);
        if (counts.bytes) t.mediaExtractedBytes.inc({ signal }, counts.bytes);
        if (counts.tooLarge) t.mediaTooLarge.inc({ signal }, counts.tooLarge);
      },
    );
    return { traces: (batch) => p.processTraces(batch as TracesBatch), logs: (batch) => p.processLogs(batch as LogsBatch) };
  },
};
