import { describe, expect, it } from 'vitest';
import type { MapEdge, MapNode } from '../api/types.js';
import { layoutServiceMap, nodeTracesQuery } from './service-map.js';

const node = (id: string, calls = 1): MapNode => {
  const [kind, name] = id.split(':') as [MapNode['kind'], string];
  return { id, kind, name, calls, errors: 0 };
};
const edge = (source: string, target: string): MapEdge => ({ source, target, calls: 1, errors: 0, p50Ms: 1, p95Ms: 1, tokens: 0, costUsd: null });

describe('layoutServiceMap', () => {
  it('puts nodes in columns by distance from the user, busiest on top, and cycles after the rest', () => {
    const g = layoutServiceMap(
      [node('llm:gpt-4o', 5), node('user:user', 2), node('agent:planner', 2), node('tool:search', 1), node('llm:claude', 9), node('service:a'), node('service:b')],
      [edge('user:user', 'agent:planner'), edge('agent:planner', 'llm:gpt-4o'), edge('agent:planner', 'tool:search'), edge('tool:search', 'llm:claude'), edge('agent:planner', 'llm:claude'), edge('service:a', 'service:b'), edge('service:b', 'service:a')],
    );
    const at = Object.fromEntries(g.nodes.map((n) => [n.id, [n.column, n.row]]));
    expect(at).toEqual({
      'user:user': [0, 0],
      'agent:planner': [1, 0],
      'llm:claude': [2, 0],
      'llm:gpt-4o': [2, 1],
      'tool:search': [2, 2],
      // A cycle nothing else reaches: after the others.
      'service:a': [3, 0],
      'service:b': [3, 1],
    });
    expect([g.columns, g.rows]).toEqual([4, 3]);
  });

  it('starts from nodes nothing calls when there is no user node, and handles an empty map', () => {
    const g = layoutServiceMap([node('service:b'), node('service:a')], [edge('service:a', 'service:b')]);
    expect(g.nodes.map((n) => [n.id, n.column])).toEqual([['service:a', 0], ['service:b', 1]]);
    expect(layoutServiceMap([], [])).toMatchObject({ nodes: [], columns: 0, rows: 0 });
  });

  it('links nodes to their traces', () => {
    expect(nodeTracesQuery(node('service:api gateway'))).toBe('service=api+gateway');
    expect(nodeTracesQuery(node('llm:gpt-4o'))).toBe('model=gpt-4o');
    expect(nodeTracesQuery(node('tool:search'))).toBe('q=search');
    expect(nodeTracesQuery(node('user:user'))).toBeNull();
  });
});
