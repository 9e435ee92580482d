// Scores as small chips: `correctness 0.83`, or the label when a score has no number.

export interface ChipScore {
  name: string;
  value: number | null;
  label?: string | null;
}

export function ScoreChips({ scores }: { scores: readonly ChipScore[] }) {
  if (scores.length === 0) return null;
  return (
    <ul class="score-chips" data-testid="score-chips">
      {scores.map((s) => (
        <li key={s.name} class="score-chip">
          <span class="muted">{s.name}</span> {s.value !== null ? Number(s.value.toFixed(2)) : (s.label ?? '—')}
        </li>
      ))}
    </ul>
  );
}
