import { describe, expect, it } from 'vitest';
import { parseLogQL, regexesOf } from './logql.js';

describe('parseLogQL', () => {
  it('reads a selector with every matcher kind and the pipeline stages', () => {
    expect(parseLogQL('{service_name="api", env!=`prod`, pod=~"web-.*", ns!~"kube.*"} |= "err" or "warn" != "debug" |~ "(?i)time\\"out" | level="error", retries>=2 or user!="bob" | drop __error__, host')).toEqual({
      kind: 'log',
      selector: [
        { name: 'service_name', op: '=', value: 'api' },
        { name: 'env', op: '!=', value: 'prod' },
        { name: 'pod', op: '=~', value: 'web-.*' },
        { name: 'ns', op: '!~', value: 'kube.*' },
      ],
      stages: [
        { kind: 'line', op: '|=', values: ['err', 'warn'] },
        { kind: 'line', op: '!=', values: ['debug'] },
        { kind: 'line', op: '|~', values: ['(?i)time"out'] },
        {
          kind: 'filters',
          alternatives: [
            [
              { kind: 'label', name: 'level', op: '=', value: 'error' },
              { kind: 'number', name: 'retries', op: '>=', value: 2 },
            ],
            [{ kind: 'label', name: 'user', op: '!=', value: 'bob' }],
          ],
        },
        { kind: 'drop', names: ['__error__', 'host'] },
      ],
    });
  });

  it("reads Grafana's log volume, health check and trace-to-logs queries", () => {
    expect(parseLogQL('sum by (level, detected_level) (count_over_time({service_name="api"} | drop __error__[1m]))')).toEqual({
      kind: 'vector',
      fn: 'sum',
      grouping: { without: false, labels: ['level', 'detected_level'] },
      inner: { kind: 'range', fn: 'count_over_time', rangeNs: 60_000_000_000n, log: { kind: 'log', selector: [{ name: 'service_name', op: '=', value: 'api' }], stages: [{ kind: 'drop', names: ['__error__'] }] } },
    });
    expect(parseLogQL('vector(1)+vector(1)')).toEqual({ kind: 'constant', value: 2 });
    expect(parseLogQL('(vector(6) - 2) / 2 * 3')).toEqual({ kind: 'constant', value: 6 });
    const t2l = parseLogQL('{service_name="api"} | label_format log_line_contains_trace_id=`{{ contains "abc" __line__  }}` | log_line_contains_trace_id="true" or trace_id="abc"');
    expect(t2l).toMatchObject({ stages: [{ kind: 'line_contains', name: 'log_line_contains_trace_id', text: 'abc' }, { kind: 'filters', alternatives: [[{ name: 'log_line_contains_trace_id' }], [{ name: 'trace_id' }]] }] });
  });

  it('reads a bare | json stage', () => {
    expect(parseLogQL('{a="b"} | json | role="user"')).toMatchObject({ stages: [{ kind: 'json' }, { kind: 'filters', alternatives: [[{ name: 'role', value: 'user' }]] }] });
  });

  it('reads logfmt, line_format and label_format with the template subset', () => {
    expect(parseLogQL('{a="b"} | logfmt | level="error"')).toMatchObject({ stages: [{ kind: 'logfmt' }, { kind: 'filters' }] });
    expect(parseLogQL('{a="b"} | json | line_format "{{.role}}: {{ .content }} ({{__line__}})"')).toMatchObject({
      stages: [{ kind: 'json' }, { kind: 'line_format', template: [{ label: 'role' }, { text: ': ' }, { label: 'content' }, { text: ' (' }, { line: true }, { text: ')' }] }],
    });
    // {{- and -}} trim the whitespace beside them.
    expect(parseLogQL('{a="b"} | line_format "a  {{- .x -}}  b {{.y}}"')).toMatchObject({ stages: [{ template: [{ text: 'a' }, { label: 'x' }, { text: 'b ' }, { label: 'y' }] }] });
    expect(parseLogQL('{a="b"} | label_format who=`{{.user}}@{{.host}}`, svc=service_name')).toMatchObject({
      stages: [{ kind: 'label_format', labels: [{ name: 'who', template: [{ label: 'user' }, { text: '@' }, { label: 'host' }] }, { name: 'svc', template: [{ label: 'service_name' }], renames: 'service_name' }] }],
    });
  });

  it('reads a pattern into an anchored regular expression with a group per named capture', () => {
    expect(parseLogQL('{a="b"} | pattern "<ip> - <_> [<ts>] \\"<method> <path>\\" <status>"')).toMatchObject({
      stages: [{ kind: 'extract', names: ['ip', 'ts', 'method', 'path', 'status'], groups: [1, 2, 3, 4, 5], regex: '^(.*?) - .*? \\[(.*?)\\] "(.*?) (.*?)" (.*)' }],
    });
    expect(() => parseLogQL('{a="b"} | pattern "<a><b>"')).toThrow(/need a literal between them/);
    expect(() => parseLogQL('{a="b"} | pattern "no captures"')).toThrow(/at least one named capture/);
    expect(() => parseLogQL('{a="b"} | pattern "<a> <a>"')).toThrow(/names each capture once/);
    // regexp: named groups by their place among all capturing groups (classes, escapes and (?:…) capture nothing).
    expect(parseLogQL('{a="b"} | regexp `(\\d+)[(a)\\]]\\((?:x)(?P<method>\\w+) (?<path>[^ ]+)`')).toMatchObject({
      stages: [{ kind: 'extract', names: ['method', 'path'], groups: [2, 3], regex: '(\\d+)[(a)\\]]\\((?:x)(?P<method>\\w+) (?P<path>[^ ]+)' }],
    });
    expect(() => parseLogQL('{a="b"} | regexp "(\\\\d+)"')).toThrow(/at least one named group/);
  });

  it('reads template functions in both forms, the piped value last', () => {
    const a = { kind: 'label', name: 'msg' };
    expect(parseLogQL('{a="b"} | line_format `{{ .msg | trunc 80 | upper }} {{ default "-" .user }}`')).toMatchObject({
      stages: [
        {
          kind: 'line_format',
          template: [
            { expr: { kind: 'call', fn: 'upper', args: [{ kind: 'call', fn: 'trunc', args: [{ kind: 'number', value: 80 }, a] }] } },
            { text: ' ' },
            { expr: { kind: 'call', fn: 'default', args: [{ kind: 'string', value: '-' }, { kind: 'label', name: 'user' }] } },
          ],
        },
      ],
    });
  });

  it('reads arithmetic between metric queries, constants folded', () => {
    expect(parseLogQL('sum(rate({a="b"} |= "error" [5m])) / sum(rate({a="b"}[5m])) * 100')).toMatchObject({
      kind: 'binary',
      op: '*',
      left: { kind: 'binary', op: '/', left: { kind: 'vector', fn: 'sum' }, right: { kind: 'vector', fn: 'sum' } },
      right: { kind: 'constant', value: 100 },
    });
    expect(parseLogQL('2 * 3 + 1')).toEqual({ kind: 'constant', value: 7 });
    // Comparisons bind loosest and filter.
    expect(parseLogQL('sum(rate({a="b"}[1m])) * 60 > 5')).toMatchObject({ kind: 'binary', op: '>', left: { kind: 'binary', op: '*' }, right: { kind: 'constant', value: 5 } });
    expect(() => parseLogQL('1 > 2')).toThrow(/needs bool/);
    expect(parseLogQL('1 > bool 2')).toEqual({ kind: 'constant', value: 0 });
    expect(parseLogQL('topk(3, sum by (job) (rate({a="b"}[1m])))')).toMatchObject({ kind: 'vector', fn: 'topk', n: 3, inner: { kind: 'vector', fn: 'sum' } });
    expect(() => parseLogQL('bottomk(0, sum(rate({a="b"}[1m])))')).toThrow(/a count from 1 to 10000/);
    expect(parseLogQL('sum by (a, b) (rate({a="b"}[1m])) / ignoring(b) sum by (a) (rate({a="b"}[1m])) > bool 0.5')).toMatchObject({
      kind: 'binary',
      op: '>',
      bool: true,
      left: { kind: 'binary', op: '/', matching: { without: true, labels: ['b'] } },
    });
    expect(() => parseLogQL('sum(rate({a="b"}[1m])) / on(a) group_left sum(rate({a="b"}[1m]))')).toThrow(/group_left \(many-to-one matching\) is not supported/);
    expect(() => parseLogQL('sum(rate({a="b"}[1m])) + bool 1')).toThrow(/bool goes with comparisons/);
  });

  it('reads keep, decolorize and unpack', () => {
    expect(parseLogQL('{a="b"} | decolorize | unpack | keep job, level | distinct job')).toMatchObject({
      stages: [{ kind: 'decolorize' }, { kind: 'unpack' }, { kind: 'keep', names: ['job', 'level'] }, { kind: 'distinct', names: ['job'] }],
    });
  });

  it('moves a trailing | unwrap onto its range aggregation', () => {
    expect(parseLogQL('sum by (job) (avg_over_time({a="b"} | logfmt | unwrap duration_ms [5m]))')).toMatchObject({
      kind: 'vector',
      inner: { kind: 'range', fn: 'avg_over_time', unwrap: 'duration_ms', log: { stages: [{ kind: 'logfmt' }] } },
    });
    expect(parseLogQL('rate({a="b"} | json | unwrap tokens [1m])')).toMatchObject({ fn: 'rate', unwrap: 'tokens' });
    expect(parseLogQL('max_over_time({a="b"} | logfmt | unwrap duration_seconds(took) [1m])')).toMatchObject({ unwrap: 'took', unwrapConversion: 'duration' });
    expect(parseLogQL('sum_over_time({a="b"} | logfmt | unwrap bytes(size) [1m])')).toMatchObject({ unwrap: 'size', unwrapConversion: 'bytes' });
    expect(parseLogQL('quantile_over_time(0.95, {a="b"} | json | unwrap ms [1m]) by (model)')).toMatchObject({ fn: 'quantile_over_time', quantile: 0.95, unwrap: 'ms', grouping: { labels: ['model'] } });
    // Label filters may follow (Logs Drilldown writes | __error__=""), and the range may be grouped.
    expect(parseLogQL('avg_over_time({a="b"} | logfmt | unwrap d | __error__="" [5m]) by (job)')).toMatchObject({
      fn: 'avg_over_time',
      unwrap: 'd',
      grouping: { without: false, labels: ['job'] },
      log: { stages: [{ kind: 'logfmt' }, { kind: 'filters', alternatives: [[{ name: '__error__', value: '' }]] }] },
    });
  });

  it('takes the grouping after the aggregated expression too', () => {
    expect(parseLogQL('avg (rate({a="b"}[5m])) without (pod)')).toMatchObject({ kind: 'vector', fn: 'avg', grouping: { without: true, labels: ['pod'] }, inner: { kind: 'range', fn: 'rate', rangeNs: 300_000_000_000n } });
  });

  it.each([
    ['{a="b"', /col 7: expected ",", found end of query/],
    ['{a="b"} | logfmt --strict', /logfmt with flags or field expressions is not supported/],
    ['{a="b"} | logfmt level', /logfmt with flags or field expressions is not supported/],
    ['count_over_time({a="b"} | distinct a [1m])', /distinct keeps the first line per value in log queries/],
    ['{a="b"} | frobnicate', /expected a comparison operator/],
    ['{a="b"} | line_format "{{ .a | printf }}"', /the function printf is not supported/],
    ['{a="b"} | line_format "{{ if .a }}x{{ end }}"', /the function if is not supported/],
    ['{a="b"} | line_format "{{ trunc .n .a }}"', /trunc takes a whole number as argument 1/],
    ['{a="b"} | line_format "{{ .a | replace \\"x\\" }}"', /replace takes 3 argument\(s\), got 2/],
    ['{a="b"} | line_format "{{ .a "', /template action not closed/],
    ['{a="b"} | label_format x=`{{ contains "t" __line__ }}`, y=z', /contains template stands alone/],
    ['{a="b"} | json role="message.role"', /json with field expressions is not supported/],
    ['count_over_time({a="b"})', /expected "\["/],
    ['count_over_time({a="b"}[0s])', /invalid range 0s/],
    ['quantile_over_time(0.9, {a="b"}[1m])', /quantile_over_time needs \| unwrap label/],
    ['quantile_over_time(2, {a="b"} | unwrap x [1m])', /a quantile from 0 to 1/],
    ['absent_over_time({a="b"}[1m])', /absent_over_time is not a function/],
    ['{a="b"} | unwrap x', /unwrap belongs in a range aggregation/],
    ['sum_over_time({a="b"}[5m])', /sum_over_time needs \| unwrap label/],
    ['sum_over_time({a="b"} | unwrap x | json [5m])', /only label filters may follow unwrap/],
    ['count_over_time({a="b"}[5m]) by (x)', /needs an unwrapped range/],
    ['bytes_rate({a="b"} | unwrap x [1m])', /bytes_rate does not take an unwrapped label/],
    ['max_over_time({a="b"} | unwrap seconds(x) [1m])', /unwrap takes duration\(…\), duration_seconds\(…\) or bytes\(…\), not seconds/],
    ['sum(count_over_time({a="b"}[1m])) % 2', /unexpected character "%"/],
    ['sum(vector(1))', /needs a range aggregation/],
    ['{a="b"} |= "x', /string not closed/],
    ['{a="b"} |= "\\q"', /unknown escape/],
    ['{a="b"} | retries =~ 3', /quoted string after a regular expression operator/],
    ['{a="b"} | retries > "3"', /number after a numeric comparison/],
    ['{a="b"} # comment', /unexpected character "#"/],
    ['   ', /empty/],
  ])('refuses %s', (query, message) => {
    expect(() => parseLogQL(query)).toThrow(message);
  });

  it('lists the regular expressions the store will compile, label ones anchored', () => {
    expect(regexesOf(parseLogQL('sum(rate({a=~"x|y"} |~ "err" | b!~"z"[1m]))'))).toEqual(['^(?:x|y)$', 'err', '^(?:z)$']);
  });
});
