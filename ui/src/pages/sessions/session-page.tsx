// One session replayed as a chat thread; each turn links to the trace that produced it.

import type { ChatMessage, SessionDetail } from '../../api/types.js';
import { apiDelete, apiUrl } from '../../api/client.js';
import { useApi } from '../../lib/use-api.js';
import { Empty, ErrorBox, Loading } from '../../components/common.js';
import { Bubble } from '../../components/chat.js';
import { Comments } from '../../components/comments.js';
import { AddToQueue } from '../../components/add-to-queue.js';
import { ConfirmAction } from '../../components/confirm-action.js';
import { messagesOf, newTurnMessages } from '../../lib/messages.js';
import { formatCost, formatDuration, formatScores, formatTimestamp, formatTokens, nanoToMs } from '../../lib/format.js';
import { Link, navigate } from '../../lib/router.js';
import { paths } from '../../lib/routes.js';
import { SessionScores } from './session-scores.js';

export function SessionPage({ sessionId }: { sessionId: string }) {
  const { data, error, loading, reload } = useApi<SessionDetail>(apiUrl(`/api/v1/sessions/${encodeURIComponent(sessionId)}`));
  if (error) return <section class="page"><h1>Session</h1><ErrorBox message={error} onRetry={reload} /></section>;
  if (loading && !data) return <Loading label="Loading session…" />;
  const turns = data?.traces ?? [];
  let shown: ChatMessage[] = [];
  const thread = turns.map((t) => {
    const fresh = newTurnMessages(t.inputMessages, shown);
    const out = messagesOf(t.outputMessages);
    shown = [...messagesOf(t.inputMessages), ...out];
    return { turn: t, fresh, out };
  });
  const cost = turns.reduce<number | null>((sum, t) => (t.costUsd == null ? sum : (sum ?? 0) + t.costUsd), null);
  return (
    <section class="page" aria-labelledby="session-title">
      <div class="page-head">
        <div>
          <h1 id="session-title">Session {sessionId}</h1>
          <div class="muted">
            {data?.userId ? `user ${data.userId} · ` : ''}
            {turns.length} turn{turns.length === 1 ? '' : 's'} · cost {formatCost(cost)}
          </div>
        </div>
        <div class="head-actions">
          <AddToQueue objectType="SESSION" objectId={sessionId} />
          <ConfirmAction
            label="Delete conversation"
            testid="erase-session"
            title="Erase this conversation: its traces, content, logs and scores"
            warning={`Its ${turns.length} trace${turns.length === 1 ? '' : 's'} go for good.`}
            confirm="Delete"
            run={() => apiDelete(apiUrl(`/api/v1/sessions/${encodeURIComponent(sessionId)}`)).then(() => navigate(paths.sessions()))}
          />
          <Link class="btn" href={paths.sessions()}>
            All sessions
          </Link>
        </div>
      </div>
      {data && <SessionScores sessionId={sessionId} scores={data.scores ?? []} onChanged={reload} />}
      {data && <Comments key={sessionId} objectType="SESSION" objectId={sessionId} />}
      {turns.length === 0 && <Empty>No traces in this session.</Empty>}
      <ol class="thread" data-testid="session-thread">
        {thread.map(({ turn, fresh, out }, i) => (
          <li key={turn.traceId} class="turn" data-testid="session-turn">
            <div class="turn-head">
              <span>
                Turn {i + 1} · {formatTimestamp(nanoToMs(turn.startTimeUnixNano))} · {formatDuration(turn.durationMs)} · {formatTokens(turn.inputTokens)}/{formatTokens(turn.outputTokens)} tokens · {formatCost(turn.costUsd)}
              </span>
              <Link href={paths.trace(turn.traceId)} data-testid="turn-trace-link">
                Open trace “{turn.rootName}”
              </Link>
            </div>
            {(turn.scores ?? []).length > 0 && (
              <div class="muted turn-scores" data-testid="turn-scores">
                Scores: {formatScores(turn.scores)}
              </div>
            )}
            <div class="chat">
              {fresh.map((m, j) => (
                <Bubble key={`in${j}`} role={m.role} parts={m.parts} />
              ))}
              {out.map((m, j) => (
                <Bubble key={`out${j}`} role={m.role} parts={m.parts} note={m.finish_reason} />
              ))}
              {fresh.length === 0 && out.length === 0 && <div class="muted">No message content recorded for this turn.</div>}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}
