import type { Attributes } from '@opentelemetry/api';

/** Sets a numeric attribute only for a finite number (SDK params are untyped at runtime). */
export function numberAttr(attrs: Attributes, key: string, value: unknown): void {
  if (typeof value === 'number' && Number.isFinite(value)) attrs[key] = value;
}

export function stopSequences(value: unknown): string[] | undefined {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) {
    const strings = value.filter((v): v is string => typeof v === 'string');
    return strings.length ? strings : undefined;
  }
  return undefined;
}
