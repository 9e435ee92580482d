// Media in messages: a file WatchLLM keeps (fetched with the API key, shown from a blob URL), an http(s) or
// data: URL, and text with Langfuse media references shown in place.

import { useEffect, useState } from 'preact/hooks';
import { apiBlob } from '../api/client.js';
import { splitMediaReferences, type MediaReference, type MediaSource } from '../lib/media-ref.js';

function Shown({ url, contentType, label }: { url: string; contentType: string; label: string }) {
  if (contentType.startsWith('audio/')) return <audio class="media" controls src={url} data-testid="media" />;
  if (contentType.startsWith('video/')) return <video class="media" controls src={url} data-testid="media" />;
  if (contentType.startsWith('image/')) {
    return (
      <a href={url} target="_blank" rel="noopener noreferrer">
        <img class="media" src={url} alt={label} loading="lazy" referrerpolicy="no-referrer" data-testid="media" />
      </a>
    );
  }
  return (
    <a href={url} download={label} data-testid="media">
      {label}
    </a>
  );
}

/** A file kept by WatchLLM: fetched once shown (the API wants the key, which an <img> cannot send). */
export function KeptMedia({ media }: { media: MediaReference }) {
  const [state, setState] = useState<{ url?: string; error?: string }>({});
  useEffect(() => {
    const abort = new AbortController();
    let url: string | undefined;
    apiBlob(`/api/v1/media/${encodeURIComponent(media.mediaId)}`, abort.signal)
      .then((blob) => setState({ url: (url = URL.createObjectURL(blob)) }))
      .catch((err: Error) => {
        if (err.name !== 'AbortError') setState({ error: err.message });
      });
    return () => {
      abort.abort();
      if (url) URL.revokeObjectURL(url);
    };
  }, [media.mediaId]);
  const label = `${media.contentType} ${media.mediaId}`;
  if (state.error) return <span class="muted" title={state.error}>[{label}: not available]</span>;
  if (!state.url) return <span class="muted">[{label}]</span>;
  return <Shown url={state.url} contentType={media.contentType} label={label} />;
}

export function MediaView({ source }: { source: MediaSource }) {
  if (source.kind === 'kept') return <KeptMedia media={source.ref} />;
  return <Shown url={source.url} contentType={source.contentType.startsWith('image/') || source.url.startsWith('data:image/') ? 'image/*' : source.contentType} label={source.url.slice(0, 80)} />;
}

/** Text with the media references in it shown as the files they name. */
export function TextWithMedia({ text }: { text: string }) {
  const pieces = splitMediaReferences(text);
  if (pieces.length === 1 && typeof pieces[0] === 'string') return <>{text}</>;
  return <>{pieces.map((p, i) => (typeof p === 'string' ? p : <KeptMedia key={i} media={p} />))}</>;
}
