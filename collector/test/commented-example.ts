import { readFileSync } from 'node:fs';

/**
 * A component's commented example in the shipped otel-config.yaml (`  # name:` and the lines
 * under it), uncommented, as YAML under its section's key.
 */
export function commentedExample(name: string): string {
  const lines = readFileSync(new URL('../../otel-config.yaml', import.meta.url), 'utf8').split('\n');
  const start = lines.indexOf(`  # ${name}:`);
  if (start < 0) throw new Error(`otel-config.yaml has no commented "${name}" example`);
  let end = start + 1;
  while (lines[end]?.startsWith('  #   ')) end++;
  return lines
    .slice(start, end)
    .map((l) => l.replace(/^  # /, '  '))
    .join('\n');
}
