import { bindable } from '../reader/query.js';

/**
 * Collects query parameters while SQL is assembled. Every value that came from a
 * request goes through `add`, so the SQL text only ever holds `{pN:Type}` placeholders.
 */
export type ParamType = 'String' | 'Float64' | 'UInt64' | 'Int64' | 'UInt32' | 'Array(String)';

export class SqlParams {
  readonly values: Record<string, unknown> = {};
  private next = 0;

  add(value: unknown, type: ParamType): string {
    const name = `p${this.next++}`;
    this.values[name] = bindable(value);
    return `{${name}:${type}}`;
  }
}
