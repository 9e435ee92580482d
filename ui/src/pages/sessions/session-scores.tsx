// The scores given to a session as a whole (a conversation's user satisfaction), and a form to give one.

import type { SessionScore } from '../../api/types.js';
import { apiDelete, apiUrl } from '../../api/client.js';
import { ConfirmAction } from '../../components/confirm-action.js';
import { Section } from '../../components/common.js';
import { ScoreForm } from '../../components/score-form.js';
import { shownLabel } from '../../lib/score-config.js';

export function SessionScores({ sessionId, scores, onChanged }: { sessionId: string; scores: readonly SessionScore[]; onChanged: () => void }) {
  return (
    <Section title={`Session scores (${scores.length})`} open testid="session-scores">
      {scores.length === 0 ? (
        <div class="muted">No scores on this session yet.</div>
      ) : (
        <ul class="score-chips">
          {scores.map((s) => (
            <li key={s.id} class={s.dataType ? 'score-chip score-text' : 'score-chip'} data-testid="session-score" title={[s.explanation, s.author && `by ${s.author}`].filter(Boolean).join(' · ')}>
              <span class="muted">{s.name}</span> {s.score !== null ? Number(s.score.toFixed(2)) : ''}
              {s.label ? ` ${shownLabel(s)}` : ''}{' '}
              <ConfirmAction
                label="✕"
                testid="withdraw-session-score"
                title={`Withdraw the ${s.name} score`}
                confirm="Withdraw"
                run={() => apiDelete(apiUrl(`/api/v1/evaluations/${s.id}`, { sessionId })).then(onChanged)}
              />
            </li>
          ))}
        </ul>
      )}
      <ScoreForm key={sessionId} target={{ sessionId }} onScored={onChanged} />
    </Section>
  );
}
