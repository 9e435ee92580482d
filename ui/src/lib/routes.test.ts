import { describe, expect, it } from 'vitest';
import { parseRoute, paths } from './routes.js';

/** A path as the router sees it: its pathname parsed, its query string apart. */
function open(path: string) {
  const url = new URL(path, 'http://ui.test');
  return { route: parseRoute(url.pathname), params: url.searchParams };
}

describe('dataset paths', () => {
  it('parse back to the list, the dataset and its name, however it is spelt', () => {
    expect(parseRoute(paths.datasets())).toEqual({ page: 'datasets' });
    for (const name of ['support-qa', 'evals/support qa?', 'compare', '100% édité'])
      expect(open(paths.dataset(name)).route).toEqual({ page: 'dataset', name });
  });

  it('parse back to the compare view with the runs in the order given', () => {
    const { route, params } = open(paths.datasetCompare('evals/qa', ['run a', 'b&c=1', 'run a2']));
    expect(route).toEqual({ page: 'datasetCompare', name: 'evals/qa' });
    expect(params.getAll('run')).toEqual(['run a', 'b&c=1', 'run a2']);
    expect(paths.datasetCompare('qa', ['v1'])).toBe('/datasets/qa/compare?run=v1');
  });

  it('leave other paths under /datasets unknown', () => {
    expect(parseRoute('/datasets/qa/runs')).toEqual({ page: 'notFound', path: '/datasets/qa/runs' });
  });
});

describe('playground path', () => {
  it('parses back to the playground; nothing lives below it', () => {
    expect(parseRoute(paths.playground())).toEqual({ page: 'playground' });
    expect(parseRoute('/playground/x')).toEqual({ page: 'notFound', path: '/playground/x' });
  });
});

describe('models path', () => {
  it('parses back to the Models page, the marked model in the query', () => {
    expect(parseRoute(paths.models())).toEqual({ page: 'models' });
    expect(paths.models('0b9e/1')).toBe('/models?model=0b9e%2F1');
    expect(parseRoute('/models/x')).toEqual({ page: 'notFound', path: '/models/x' });
  });
});

describe('annotate paths', () => {
  it('parses back to the queues and to one queue', () => {
    expect(parseRoute(paths.annotate())).toEqual({ page: 'annotate' });
    expect(parseRoute(paths.annotateQueue('q/1'))).toEqual({ page: 'annotateQueue', queueId: 'q/1' });
    expect(parseRoute('/annotate/q/x')).toEqual({ page: 'notFound', path: '/annotate/q/x' });
  });
});
