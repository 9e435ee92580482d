import type { MapContext } from '../context.js';

/** One convention's contribution. `applies` is a cheap check on the key summary; `map` fills only empty fields. */
export interface ConventionMapper {
  readonly name: string;
  applies(ctx: MapContext): boolean;
  map(ctx: MapContext): void;
}
