import type { MediaSource } from '../model/media.js';

/**
 * Finds base64 files inline in a text — `data:<mime>;base64,…` URIs anywhere (JSON-escaped or not),
 * and bare base64 that is a whole JSON string value (Anthropic's `source.data`, the Vercel AI SDK's
 * `image`, a GenAI BlobPart's `content`) when its first bytes are a known file signature. One pass
 * over the text with indexOf and a char loop: linear, whatever the text holds (no regexes).
 */

export interface InlineMedia {
  /** The text [start, end) that the reference replaces. */
  start: number;
  end: number;
  contentType: string;
  source: MediaSource;
  /** Standard alphabet, padded, no whitespace. */
  base64: string;
  /** Decoded size. */
  bytes: number;
}

export interface ScanLimits {
  minBytes: number;
  maxBytes: number;
}

export interface ScanResult {
  media: InlineMedia[];
  /** Files over maxBytes, left in the text. */
  tooLarge: number;
}

// Character classes: 1 letters and digits, 2 the standard alphabet's + /, 4 the URL-safe one's - _.
const B64 = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9]/.test(ch)) B64[c] = 1;
  else if (ch === '+' || ch === '/') B64[c] = 2;
  else if (ch === '-' || ch === '_') B64[c] = 4;
}
const b64Class = (c: number) => (c < 128 ? B64[c] : 0);

const BACKSLASH = 92;
const SLASH = 47;
const QUOTE = 34;
const EQUALS = 61;

/** Characters that may follow a data URI's payload: the end of a string, a markup or list delimiter. */
const TERMINATORS = new Set([...' \t\r\n"\'`\\)]},<>|'].map((c) => c.charCodeAt(0)));

interface Payload {
  end: number;
  /** Base64 characters, padding left out. */
  chars: number;
  /** Pieces of text to join (the run without its escapes and line breaks); one piece when there were none. */
  pieces: [number, number][];
  urlSafe: boolean;
  valid: boolean;
}

/** Length of a line break at i (raw \n or \r\n, or JSON-escaped \n or \r\n), 0 when none. */
function lineBreakAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c === 10) return 1;
  if (c === 13) return text.charCodeAt(i + 1) === 10 ? 2 : 0;
  if (c !== BACKSLASH) return 0;
  const e = text.charCodeAt(i + 1);
  if (e === 110) return 2; // \n
  if (e === 114 && text.charCodeAt(i + 2) === BACKSLASH && text.charCodeAt(i + 3) === 110) return 4; // \r\n
  return 0;
}

/**
 * The base64 run starting at `start`, read up to `stop`. `\/` (JSON's escaped slash) counts as `/`;
 * line breaks count only between lines of one width (MIME and PEM wrap at 76 or 64), so a break
 * followed by prose never joins the payload.
 */
function readPayload(text: string, start: number, stop: number): Payload {
  const pieces: [number, number][] = [];
  let pieceStart = start;
  let j = start;
  let kinds = 0;
  let chars = 0;
  let pad = 0;
  let line = 0;
  let width = -1;
  while (j < stop) {
    const c = text.charCodeAt(j);
    const k = b64Class(c);
    if (k !== 0 && pad === 0) {
      kinds |= k;
      chars++;
      line++;
      j++;
    } else if (c === EQUALS && pad < 2) {
      pad++;
      line++;
      j++;
    } else if (c === BACKSLASH && pad === 0 && text.charCodeAt(j + 1) === SLASH) {
      pieces.push([pieceStart, j]);
      pieceStart = j + 1;
      kinds |= 2;
      chars++;
      line++;
      j += 2;
    } else {
      const brk = pad === 0 && line >= 16 && line % 4 === 0 && (width < 0 || line === width) ? lineBreakAt(text, j) : 0;
      if (brk === 0 || j + brk >= stop || b64Class(text.charCodeAt(j + brk)) === 0) break;
      width = line;
      line = 0;
      pieces.push([pieceStart, j]);
      j += brk;
      pieceStart = j;
    }
  }
  pieces.push([pieceStart, j]);
  // Padding only completes a quantum; both alphabets at once is no base64.
  const valid = (kinds & 6) !== 6 && chars % 4 !== 1 && (pad === 0 || (chars + pad) % 4 === 0);
  return { end: j, chars, pieces, urlSafe: (kinds & 4) !== 0, valid };
}

function normalized(text: string, p: Payload): string {
  let s = p.pieces.length === 1 ? text.slice(p.pieces[0][0], p.pieces[0][1]) : p.pieces.map(([a, b]) => text.slice(a, b)).join('');
  s = s.replace(/=+$/, '');
  if (p.urlSafe) s = s.replaceAll('-', '+').replaceAll('_', '/');
  return s + '='.repeat((4 - (s.length % 4)) % 4);
}

const decodedBytes = (chars: number) => Math.floor((chars * 3) / 4);

const ascii = (b: Uint8Array, at: number, s: string) => {
  for (let i = 0; i < s.length; i++) if (b[at + i] !== s.charCodeAt(i)) return false;
  return true;
};

/** The content type a file's first bytes (up to 12) say, or undefined when they are no known signature. */
export function sniffContentType(b: Uint8Array): string | undefined {
  if (b.length >= 8 && b[0] === 0x89 && ascii(b, 1, 'PNG\r\n\x1a\n')) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (ascii(b, 0, 'GIF87a') || ascii(b, 0, 'GIF89a')) return 'image/gif';
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WEBP')) return 'image/webp';
  if (ascii(b, 0, 'RIFF') && ascii(b, 8, 'WAVE')) return 'audio/wav';
  if (ascii(b, 0, '%PDF-')) return 'application/pdf';
  if (ascii(b, 0, 'ID3')) return 'audio/mpeg';
  // An MPEG audio frame header without ID3 tag (MPEG-1/2 layer III), the common bare MP3.
  if (b.length >= 2 && b[0] === 0xff && (b[1] === 0xfb || b[1] === 0xf3 || b[1] === 0xf2)) return 'audio/mpeg';
  if (ascii(b, 0, 'OggS')) return 'audio/ogg';
  if (ascii(b, 0, 'fLaC')) return 'audio/flac';
  if (ascii(b, 4, 'ftyp')) return ascii(b, 8, 'M4A ') ? 'audio/mp4' : 'video/mp4';
  return undefined;
}

/** The first 12 bytes of a payload, decoded. */
function head(text: string, p: Payload): Uint8Array {
  let s = '';
  for (const [a, b] of p.pieces) {
    s += text.slice(a, Math.min(b, a + 16 - s.length));
    if (s.length >= 16) break;
  }
  if (p.urlSafe) s = s.replaceAll('-', '+').replaceAll('_', '/');
  return Buffer.from(s.slice(0, s.length - (s.length % 4)), 'base64');
}

const TOKEN = /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/;
const PARAM = /^[a-z0-9_.-]+=[a-z0-9!#$&^_.+%-]*$/i;
/** Characters a data URI header (`image/png;name=a.png;base64,`) may hold: no ':' so a scan stops at the next `data:`. */
const HEADER_CHARS = new Uint8Array(128);
for (const ch of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!#$&^_.+-/;=%') HEADER_CHARS[ch.charCodeAt(0)] = 1;
/** Longer than any header a library writes; bounds the scan. */
const MAX_HEADER = 256;

/** `data:<mime>[;param=value…];base64,` at i: the mime (lower case) and where the payload begins. */
function dataUriHeader(text: string, i: number): { mime: string; payload: number } | undefined {
  const limit = Math.min(text.length, i + 5 + MAX_HEADER);
  let k = i + 5;
  while (k < limit) {
    const c = text.charCodeAt(k);
    if (c === 44 /* , */) break;
    if (c === BACKSLASH && text.charCodeAt(k + 1) === SLASH) k++; // image\/png in JSON that escapes slashes
    else if (c >= 128 || HEADER_CHARS[c] === 0) return undefined;
    k++;
  }
  if (text.charCodeAt(k) !== 44) return undefined;
  const params = text.slice(i + 5, k).replaceAll('\\/', '/').split(';');
  if (params.length < 2 || params.pop()!.toLowerCase() !== 'base64') return undefined;
  const mime = params[0].toLowerCase();
  if (!TOKEN.test(mime) || !params.slice(1).every((p) => PARAM.test(p))) return undefined;
  return { mime, payload: k + 1 };
}

/** Every base64 file of at least minBytes in `text`, in order. */
export function scanInlineMedia(text: string, limits: ScanLimits): ScanResult {
  const result: ScanResult = { media: [], tooLarge: 0 };
  const minChars = Math.max(1, Math.ceil((limits.minBytes * 4) / 3));
  const keep = (start: number, end: number, p: Payload, contentType: string, source: MediaSource) => {
    const bytes = decodedBytes(p.chars);
    if (bytes < limits.minBytes) return;
    if (bytes > limits.maxBytes) result.tooLarge++;
    else result.media.push({ start, end, contentType, source, base64: normalized(text, p), bytes });
  };

  for (let at = text.indexOf('data:'); at >= 0; ) {
    const header = dataUriHeader(text, at);
    if (!header) {
      at = text.indexOf('data:', at + 5);
      continue;
    }
    const p = readPayload(text, header.payload, text.length);
    if (p.valid && (p.end === text.length || TERMINATORS.has(text.charCodeAt(p.end)))) keep(at, p.end, p, header.mime, 'base64_data_uri');
    at = text.indexOf('data:', Math.max(p.end, at + 5));
  }

  // Bare base64: the text between two quotes (or the text's ends) that is base64 throughout.
  // Stretches shorter than minChars are skipped by looking back from where a long one would end
  // for its last quote (text full of short strings — JSON, quoted prose — is crossed minChars at a
  // time instead of quote by quote: 23 → ~4 µs on 50 KB of quoted prose); a long one is read once.
  const dataUris = result.media.length;
  for (let open = -1; open < text.length; ) {
    const inWindow = text.lastIndexOf('"', open + minChars);
    if (inWindow > open) {
      open = inWindow;
      continue;
    }
    let close = text.indexOf('"', open + minChars);
    if (close < 0) close = text.length;
    const start = open + 1;
    if (close - start >= minChars && b64Class(text.charCodeAt(start)) !== 0) {
      // A JSON string inside a JSON string closes with \".
      const stop = text.charCodeAt(close - 1) === BACKSLASH ? close - 1 : close;
      const p = readPayload(text, start, stop);
      if (p.valid && p.end === stop) {
        const type = sniffContentType(head(text, p));
        if (type) keep(start, stop, p, type, 'bytes');
      }
    }
    open = close;
  }
  if (dataUris > 0 && result.media.length > dataUris) result.media.sort((a, b) => a.start - b.start);
  return result;
}
