import type { Scope, TypedAttributes } from './types.js';

/** Resource and scope as the logs and metrics models carry them, with their schema URLs. */
export interface ResourceInfo {
  attributes: TypedAttributes;
  schemaUrl: string;
}

export interface ScopeInfo extends Scope {
  droppedAttributesCount: number;
  schemaUrl: string;
}
