// Media in message content: Langfuse's SDKs upload a base64 image, audio clip or file apart and leave a
// `@@@langfuseMedia:type=…|id=…|source=…@@@` reference in its place (served by /api/v1/media/{id}); other
// libraries keep an http(s) URL or the base64 data itself in a `uri` / `blob` part.

import type { MessagePart } from '../api/types.js';

/** A file kept by WatchLLM, shown from /api/v1/media/{mediaId}. */
export interface MediaReference {
  mediaId: string;
  contentType: string;
}

/** What a part shows: a kept file, a URL (http(s) or data:), or nothing to show. */
export type MediaSource = { kind: 'kept'; ref: MediaReference } | { kind: 'url'; url: string; contentType: string };

const REFERENCE = /@@@langfuseMedia:type=([^|@]{1,200})\|id=([A-Za-z0-9_-]{22})\|source=[^@]{0,64}@@@/g;

/** `text` cut into plain runs and the media references between them, in order. */
export function splitMediaReferences(text: string): (string | MediaReference)[] {
  const out: (string | MediaReference)[] = [];
  let last = 0;
  for (const m of text.matchAll(REFERENCE)) {
    if (m.index > last) out.push(text.slice(last, m.index));
    out.push({ contentType: m[1]!, mediaId: m[2]! });
    last = m.index + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/** The content type a part names, else what its modality implies ('' when neither says). */
function contentTypeOf(part: MessagePart): string {
  const mime = str(part.mime_type) ?? str(part.mimeType);
  if (mime) return mime;
  const modality = str(part.modality);
  return modality === 'image' || modality === 'audio' || modality === 'video' ? `${modality}/*` : '';
}

/** What a `uri`, `blob`, `file` or `image` part shows, or undefined for other parts (and unsafe URLs). */
export function mediaSourceOf(part: MessagePart): MediaSource | undefined {
  if (!['uri', 'blob', 'file', 'image'].includes(part.type)) return undefined;
  const contentType = contentTypeOf(part);
  const uri = str(part.uri) ?? str(part.url) ?? str(part.content);
  if (uri === undefined) return undefined;
  const [ref] = splitMediaReferences(uri).filter((x): x is MediaReference => typeof x !== 'string');
  if (ref) return { kind: 'kept', ref };
  if (/^https?:\/\//i.test(uri) || /^data:(image|audio|video)\/[a-z0-9.+-]+;base64,/i.test(uri)) return { kind: 'url', url: uri, contentType };
  // A blob part's content is the base64 data alone.
  if (part.type === 'blob' && /^(image|audio|video)\//.test(contentType) && !contentType.endsWith('*') && /^[A-Za-z0-9+/=\s]+$/.test(uri)) {
    return { kind: 'url', url: `data:${contentType};base64,${uri.replace(/\s/g, '')}`, contentType };
  }
  return undefined;
}
