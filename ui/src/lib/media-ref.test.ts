import { describe, expect, it } from 'vitest';
import { mediaSourceOf, splitMediaReferences } from './media-ref.js';

const REF = '@@@langfuseMedia:type=image/png|id=AbCdEfGhIjKlMnOpQrStU_|source=base64_data_uri@@@';

describe('media references', () => {
  it('cuts text around the references Langfuse SDKs leave in place of uploaded files', () => {
    expect(splitMediaReferences(`Look: ${REF} and ${REF}`)).toEqual([
      'Look: ',
      { mediaId: 'AbCdEfGhIjKlMnOpQrStU_', contentType: 'image/png' },
      ' and ',
      { mediaId: 'AbCdEfGhIjKlMnOpQrStU_', contentType: 'image/png' },
    ]);
    expect(splitMediaReferences('no media here')).toEqual(['no media here']);
    expect(splitMediaReferences('@@@langfuseMedia:type=image/png|id=short|source=x@@@')).toEqual(['@@@langfuseMedia:type=image/png|id=short|source=x@@@']);
  });

  it('reads what uri and blob parts show: kept files, http(s) and data URLs, base64 blobs; nothing else', () => {
    expect(mediaSourceOf({ type: 'uri', modality: 'image', uri: REF })).toEqual({ kind: 'kept', ref: { mediaId: 'AbCdEfGhIjKlMnOpQrStU_', contentType: 'image/png' } });
    expect(mediaSourceOf({ type: 'uri', modality: 'image', uri: 'https://x/cat.png' })).toEqual({ kind: 'url', url: 'https://x/cat.png', contentType: 'image/*' });
    expect(mediaSourceOf({ type: 'blob', modality: 'image', mime_type: 'image/jpeg', content: 'QUJD' })).toEqual({ kind: 'url', url: 'data:image/jpeg;base64,QUJD', contentType: 'image/jpeg' });
    expect(mediaSourceOf({ type: 'uri', modality: 'image', uri: 'javascript:alert(1)' })).toBeUndefined();
    expect(mediaSourceOf({ type: 'uri', uri: 'data:text/html;base64,PHNjcmlwdD4=' })).toBeUndefined();
    expect(mediaSourceOf({ type: 'text', content: REF })).toBeUndefined();
  });
});
