// Chat rendering of GenAI messages: one bubble per message, tool calls and results as pretty JSON.

import type { ChatMessage, MessagePart } from '../api/types.js';
import type { ChatItem } from '../lib/messages.js';
import { messagesOf } from '../lib/messages.js';
import { prettyValue } from '../lib/json.js';
import { mediaSourceOf } from '../lib/media-ref.js';
import { MediaView, TextWithMedia } from './media.js';

function PartView({ part }: { part: MessagePart }) {
  switch (part.type) {
    case 'text':
      return <div class="part-text">{typeof part.content === 'string' ? <TextWithMedia text={part.content} /> : prettyValue(part.content)}</div>;
    case 'reasoning':
      return (
        <details class="part-reasoning">
          <summary>Reasoning</summary>
          <div class="part-text">{prettyValue(part.content)}</div>
        </details>
      );
    case 'tool_call':
      return (
        <div class="part-tool" data-testid="tool-call">
          <div class="part-label">
            Tool call <code>{part.name ?? '?'}</code>
            {part.id && <span class="muted"> · {part.id}</span>}
          </div>
          <pre class="json">{prettyValue(part.arguments)}</pre>
        </div>
      );
    case 'tool_call_response':
      return (
        <div class="part-tool">
          <div class="part-label">
            Tool result{part.id && <span class="muted"> · {part.id}</span>}
          </div>
          <pre class="json">{prettyValue(part.response)}</pre>
        </div>
      );
    default: {
      const media = mediaSourceOf(part);
      if (media) {
        return (
          <div class="part-media">
            <MediaView source={media} />
          </div>
        );
      }
      const { type, ...rest } = part;
      return (
        <div class="part-tool">
          <div class="part-label">{type}</div>
          <pre class="json">{prettyValue(rest)}</pre>
        </div>
      );
    }
  }
}

export function Bubble({ role, parts, note }: { role: string; parts: MessagePart[]; note?: string }) {
  return (
    <div class={`bubble role-${role.replace(/[^a-z_-]/gi, '')}`} data-testid="chat-message">
      <div class="bubble-role">
        {role}
        {note && <span class="muted"> · {note}</span>}
      </div>
      {parts.length === 0 ? <div class="muted">(empty)</div> : parts.map((p, i) => <PartView key={i} part={p} />)}
    </div>
  );
}

export function Chat({ items }: { items: ChatItem[] }) {
  if (items.length === 0) return <div class="muted">No message content was recorded for this span.</div>;
  return (
    <div class="chat">
      {items.map((item, i) => (
        <Bubble key={i} role={item.role} parts={item.parts} note={item.source === 'output' ? `output${item.finishReason ? ` (${item.finishReason})` : ''}` : undefined} />
      ))}
    </div>
  );
}

export function Messages({ messages, emptyText = 'No messages.' }: { messages: ChatMessage[] | unknown; emptyText?: string }) {
  const list = messagesOf(messages);
  if (list.length === 0) return <div class="muted">{emptyText}</div>;
  return (
    <div class="chat">
      {list.map((m, i) => (
        <Bubble key={i} role={m.role} parts={m.parts} note={m.finish_reason} />
      ))}
    </div>
  );
}
