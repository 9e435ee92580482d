import type { QueryParams } from '../reader/query.js';

/**
 * Collects query parameters while SQL is assembled. Every value that came from a
 * request goes through `add`, so the SQL text only ever holds `{pN:Type}` placeholders.
 * Binders over the same `values` (a statement's WHERE and HAVING) keep numbering them in turn.
 */
export class SqlParams {
  constructor(readonly values: QueryParams = {}) {}

  /** Binds `value` as a ClickHouse `type` ('String', 'Int64', 'Array(String)', …) and returns its placeholder. */
  add(value: unknown, type: string): string {
    const name = `p${Object.keys(this.values).length}`;
    this.values[name] = bindable(value);
    return `{${name}:${type}}`;
  }
}

/**
 * A value as the client can bind it: the client refuses numbers that are integers past 2^53
 * (it can't know they are exact), which a Float64 bound like a duration in ns easily reaches
 * (1e10 ms = 1e16 ns); their exact decimal text reads the same in every numeric type.
 */
export function bindable(value: unknown): unknown {
  return typeof value === 'number' && Number.isInteger(value) && !Number.isSafeInteger(value) ? BigInt(value).toString() : value;
}
