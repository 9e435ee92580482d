import { describe, expect, it } from 'vitest';
import { parseFieldName, parseTraceQL, parseTraceQLMetrics, parseTraceQLSearch, TraceQLError } from './parser.js';
import { fieldText, referencedAttributes } from './ast.js';

describe('parseTraceQL', () => {
  it('parses scoped, unscoped and intrinsic comparisons with precedence of && over ||', () => {
    const expr = parseTraceQL('{ resource.service.name = "api" && span.http.status_code >= 500 || .gen_ai.request.model =~ "gpt-.*" }');
    expect(expr).toEqual({
      kind: 'or',
      left: {
        kind: 'and',
        left: { kind: 'compare', field: { kind: 'attribute', scope: 'resource', key: 'service.name' }, op: '=', value: { type: 'string', value: 'api' } },
        right: { kind: 'compare', field: { kind: 'attribute', scope: 'span', key: 'http.status_code' }, op: '>=', value: { type: 'number', value: 500 } },
      },
      right: { kind: 'compare', field: { kind: 'attribute', scope: 'any', key: 'gen_ai.request.model' }, op: '=~', value: { type: 'string', value: 'gpt-.*' } },
    });
  });

  it('honours parentheses', () => {
    const expr = parseTraceQL('{ name = "a" && (status = error || kind = client) }');
    expect(expr.kind).toBe('and');
    expect(expr.kind === 'and' && expr.right.kind).toBe('or');
  });

  it('reads duration, bool, nil, keyword and negative number literals', () => {
    const lit = (q: string) => {
      const e = parseTraceQL(q);
      return e.kind === 'compare' ? e.value : undefined;
    };
    expect(lit('{ duration > 100ms }')).toEqual({ type: 'duration', nanos: 100_000_000n });
    expect(lit('{ duration > 1.5s }')).toEqual({ type: 'duration', nanos: 1_500_000_000n });
    expect(lit('{ traceDuration < 1m30s }')).toEqual({ type: 'duration', nanos: 90_000_000_000n });
    expect(lit('{ span.cached = true }')).toEqual({ type: 'bool', value: true });
    expect(lit('{ span.x != nil }')).toEqual({ type: 'nil' });
    expect(lit('{ status = error }')).toEqual({ type: 'status', value: 'error' });
    expect(lit('{ status = "ok" }')).toEqual({ type: 'status', value: 'ok' });
    expect(lit('{ kind = server }')).toEqual({ type: 'kind', value: 'server' });
    expect(lit('{ span.temperature > -0.5 }')).toEqual({ type: 'number', value: -0.5 });
  });

  it('accepts the empty span set, colon intrinsics and quoted attribute names', () => {
    expect(parseTraceQL('{}')).toEqual({ kind: 'all' });
    expect(parseTraceQL('{ }')).toEqual({ kind: 'all' });
    const e = parseTraceQL('{ trace:rootService = "x" && span."my key" = `raw\\n` }');
    expect(e).toMatchObject({
      left: { field: { kind: 'intrinsic', name: 'rootServiceName' } },
      right: { field: { kind: 'attribute', scope: 'span', key: 'my key' }, value: { type: 'string', value: 'raw\\n' } },
    });
  });

  it('keeps quotes and backslashes inside string values verbatim', () => {
    const e = parseTraceQL(String.raw`{ name = "a\"b\\c' OR 1=1 --" }`);
    expect(e).toMatchObject({ value: { type: 'string', value: `a"b\\c' OR 1=1 --` } });
  });

  it.each([
    ['missing braces', 'name = "a"'],
    ['two groupings', '{ name = "a" } | by(resource.service.name) | by(name)'],
    ['unknown intrinsic', '{ foo = "a" }'],
    ['unterminated string', '{ name = "a }'],
    ['regex on number', '{ span.x =~ 5 }'],
    ['status ordering', '{ status > error }'],
    ['bad status', '{ status = broken }'],
    ['duration with a string', '{ duration > "1s" }'],
    ['name with a number', '{ name = 5 }'],
    ['dangling operator', '{ name = }'],
    ['unclosed paren', '{ (name = "a" }'],
    ['empty attribute', '{ span. = "a" }'],
    ['bare word value', '{ name = hello }'],
  ])('rejects %s', (_why, q) => {
    expect(() => parseTraceQL(q)).toThrow(TraceQLError);
  });

  it('refuses oversized and deeply nested queries instead of recursing without bound', () => {
    expect(() => parseTraceQL(`{ ${'('.repeat(100)}name = "a"${')'.repeat(100)} }`)).toThrow(/nested deeper/);
    expect(() => parseTraceQL(`{ ${Array(70).fill('name = "a"').join(' && ')} }`)).toThrow(/more than 64 conditions/);
    expect(() => parseTraceQL(`{ name = "${'x'.repeat(5000)}" }`)).toThrow(/longer than/);
  });

  it('lists referenced attributes once each', () => {
    const e = parseTraceQL('{ span.a = "1" && (.b = 2 || span.a = "3") && name = "n" }');
    expect(referencedAttributes(e)).toEqual([
      { kind: 'attribute', scope: 'span', key: 'a' },
      { kind: 'attribute', scope: 'any', key: 'b' },
    ]);
  });
});

describe('parseFieldName', () => {
  it('parses scoped names and intrinsics', () => {
    expect(parseFieldName('resource.service.name')).toEqual({ kind: 'attribute', scope: 'resource', key: 'service.name' });
    expect(parseFieldName('.gen_ai.request.model')).toEqual({ kind: 'attribute', scope: 'any', key: 'gen_ai.request.model' });
    expect(parseFieldName('status')).toEqual({ kind: 'intrinsic', name: 'status' });
    expect(() => parseFieldName('service.name')).toThrow(TraceQLError);
  });
});

describe('parseTraceQLMetrics', () => {
  it('reads a span set piped into a metrics function with its measure, quantiles and grouping', () => {
    expect(parseTraceQLMetrics('{ status = error } | quantile_over_time(duration, .5, 0.99) by (resource.service.name, .route, name) with(sample=true)')).toEqual({
      filter: { kind: 'compare', field: { kind: 'intrinsic', name: 'status' }, op: '=', value: { type: 'status', value: 'error' } },
      fn: 'quantile_over_time',
      measure: { kind: 'intrinsic', name: 'duration' },
      quantiles: [0.5, 0.99],
      by: [
        { kind: 'attribute', scope: 'resource', key: 'service.name' },
        { kind: 'attribute', scope: 'any', key: 'route' },
        { kind: 'intrinsic', name: 'name' },
      ],
    });
    expect(parseTraceQLMetrics('{} | rate()')).toEqual({ filter: { kind: 'all' }, fn: 'rate', measure: undefined, quantiles: [], by: [] });
    expect(parseTraceQLMetrics('{ } | sum_over_time(span.gen_ai.usage.input_tokens)').measure).toEqual({ kind: 'attribute', scope: 'span', key: 'gen_ai.usage.input_tokens' });
  });

  it('reads event-scoped attributes, and refuses them where a span has one value (by, measures)', () => {
    expect(parseTraceQL('{ event.exception.message =~ ".*timeout.*" }')).toMatchObject({ field: { kind: 'attribute', scope: 'event', key: 'exception.message' } });
    expect(() => parseTraceQLMetrics('{ } | rate() by (event.x)')).toThrow(/cannot group by an event attribute/);
    expect(() => parseTraceQLMetrics('{ } | avg_over_time(event.x)')).toThrow(/not an event's/);
  });

  it('reads spanset aggregates after a span set, before select() or a metrics function', () => {
    const q = parseTraceQLSearch('{ kind = client } | count() > 2 | avg(duration) >= 1.5s | max(span.tokens) < 10 | select(name)');
    expect(q.filter).toMatchObject({
      kind: 'aggregate',
      fn: 'max',
      measure: { kind: 'attribute', scope: 'span', key: 'tokens' },
      op: '<',
      value: { type: 'number', value: 10 },
      inner: { kind: 'aggregate', fn: 'avg', value: { type: 'duration', nanos: 1_500_000_000n }, inner: { kind: 'aggregate', fn: 'count', op: '>', inner: { kind: 'compare' } } },
    });
    expect(parseTraceQLMetrics('{ } | count() > 1 | rate()').filter).toMatchObject({ kind: 'aggregate', fn: 'count' });
    expect(parseTraceQLMetrics('{ } | rate() by (name) >= 2.5 | topk(3)')).toMatchObject({ threshold: { op: '>=', value: 2.5 }, rank: { fn: 'topk', n: 3 } });
    expect(() => parseTraceQL('{ } | count() > 1s')).toThrow(/count\(\) compares with a number/);
    expect(() => parseTraceQL('{ } | avg(duration) > 3')).toThrow(/compares with a duration/);
    expect(() => parseTraceQL('{ } | avg(name) > 3')).toThrow(/takes duration or an attribute/);
    expect(() => parseTraceQL('{ } | count() =~ 3')).toThrow(/expected a comparison/);
  });

  it('reads structural operators between span sets, left to right', () => {
    const a = { kind: 'compare', field: { kind: 'intrinsic', name: 'name' }, op: '=', value: { type: 'string', value: 'a' } };
    expect(parseTraceQL('{ name = "a" } >> { } < { }')).toEqual({ kind: 'structural', op: '<', left: { kind: 'structural', op: '>>', left: a, right: { kind: 'all' } }, right: { kind: 'all' } });
    expect(parseTraceQL('{ name = "a" }<<{ }')).toMatchObject({ op: '<<' });
    expect(() => parseTraceQL('{ name = "a" } > > { }')).toThrow(/expected "\{" at 17, found ">"/);
    expect(parseTraceQLMetrics('{ } >> { status = error } | rate()').filter).toMatchObject({ kind: 'structural', op: '>>' });
    expect(parseTraceQL('{ } ~ { }')).toMatchObject({ kind: 'structural', op: '~' });
    // Negations: no such relation to any left-side span.
    for (const [text, op] of [['!>', '>'], ['!<', '<'], ['!>>', '>>'], ['!<<', '<<'], ['!~', '~']] as const) {
      expect(parseTraceQL(`{ name = "a" } ${text} { }`), text).toEqual({ kind: 'structural', op, negated: true, left: a, right: { kind: 'all' } });
    }
    expect(() => parseTraceQL('{ } ! > { }')).toThrow(TraceQLError);
    // && over || between span sets, structural operators tighter than both.
    expect(parseTraceQL('{ } > { } && { } || { }')).toMatchObject({ kind: 'or', left: { kind: 'spansets', left: { kind: 'structural', op: '>' } } });
    expect(() => parseTraceQL('{ name ~ "x" }')).toThrow(/expected a comparison operator/);
    // `&`-forms keep both sides: B under A, or A over B; parentheses group span-set expressions.
    expect(parseTraceQL('({ name = "a" } &>> { }) || { }')).toMatchObject({
      kind: 'or',
      left: { kind: 'or', left: { kind: 'structural', op: '>>', left: a, right: { kind: 'all' } }, right: { kind: 'structural', op: '<<', left: { kind: 'all' }, right: a } },
    });
  });

  it("reads Traces Drilldown's filters: bare true/false and nestedSetParent", () => {
    expect(parseTraceQL('{nestedSetParent<0 && true}')).toEqual({ kind: 'and', left: { kind: 'compare', field: { kind: 'intrinsic', name: 'nestedSetParent' }, op: '<', value: { type: 'number', value: 0 } }, right: { kind: 'all' } });
    expect(parseTraceQL('{ false }')).toEqual({ kind: 'none' });
    expect(() => parseTraceQL('{ nestedSetParent = "x" }')).toThrow(/nestedSetParent compares with a number/);
  });

  it('reads a topk / bottomk stage after the function', () => {
    expect(parseTraceQLMetrics('{ } | rate() by (name) | topk(5)').rank).toEqual({ fn: 'topk', n: 5 });
    expect(parseTraceQLMetrics('{ } | count_over_time() | bottomk(1) with(sample=true)').rank).toEqual({ fn: 'bottomk', n: 1 });
    expect(() => parseTraceQLMetrics('{ } | rate() | topk(1.5)')).toThrow(/count from 1 to 1000/);
  });

  it.each([
    ['{ } | rate', /expected "\("/],
    ['{ } | rate() by ()', /expected an attribute or intrinsic/],
    ['{ } | min_over_time(duration, 0.5)', /min_over_time takes one attribute/],
    ['{ } | rate() with(sample=true', /closing the hints/],
    ['{ } rate()', /expected "\|"/],
  ])('refuses %s', (q, message) => {
    expect(() => parseTraceQLMetrics(q)).toThrow(message);
  });

  it('spells fields back as TraceQL writes them (series label keys)', () => {
    expect(['resource.service.name', 'span.http.route', '.foo', 'status'].map((t) => fieldText(parseFieldName(t)))).toEqual(['resource.service.name', 'span.http.route', '.foo', 'status']);
  });
});

describe('parseTraceQLSearch', () => {
  it('reads | select(…) after the span set, and hints after that', () => {
    expect(parseTraceQLSearch('{ } | select(span.a, resource.b, status) with(most_recent=true)')).toEqual({
      filter: { kind: 'all' },
      select: [
        { kind: 'attribute', scope: 'span', key: 'a' },
        { kind: 'attribute', scope: 'resource', key: 'b' },
        { kind: 'intrinsic', name: 'status' },
      ],
    });
    expect(() => parseTraceQLSearch('{ } | select()')).toThrow(/expected an attribute or intrinsic/);
  });
});
