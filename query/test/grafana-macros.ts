/**
 * Expands what Grafana and its ClickHouse datasource substitute before a panel's SQL reaches
 * ClickHouse: `$__conditionalAll`, template variables, then the time macros.
 */
export type VariableValue = string[] | 'all';

export interface GrafanaQueryContext {
  fromMs: number;
  toMs: number;
  intervalSeconds: number;
  /** Selected values; 'all' means the All option. */
  variables: Record<string, VariableValue>;
  /** Every option of each variable, which All stands for. */
  options: Record<string, string[]>;
}

/** Index of the `)` closing the `(` at `open`, skipping quoted text. */
function closingParen(sql: string, open: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = open; i < sql.length; i++) {
    const c = sql[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"' || c === '`') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  throw new Error(`unbalanced parentheses after ${sql.slice(open, open + 40)}`);
}

function expandCall(sql: string, name: string, expand: (args: string) => string): string {
  const token = `$__${name}(`;
  let at: number;
  while ((at = sql.indexOf(token)) >= 0) {
    const open = at + token.length - 1;
    const close = closingParen(sql, open);
    sql = sql.slice(0, at) + expand(sql.slice(open + 1, close).trim()) + sql.slice(close + 1);
  }
  return sql;
}

const quote = (v: string) => `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export function expandGrafanaSql(sql: string, ctx: GrafanaQueryContext): string {
  const values = (name: string): string[] => {
    const v = ctx.variables[name];
    if (v === undefined) throw new Error(`dashboard uses undefined variable $${name}`);
    return v === 'all' ? (ctx.options[name] ?? []) : v;
  };
  sql = expandCall(sql, 'conditionalAll', (args) => {
    const comma = args.lastIndexOf(',');
    const variable = args.slice(comma + 1).trim().replace(/^\$\{?|\}$/g, '');
    return ctx.variables[variable] === 'all' ? '1=1' : args.slice(0, comma);
  });
  sql = sql.replace(/\$\{(\w+):singlequote\}/g, (_m, name) => values(name).map(quote).join(',') || "''");
  sql = sql.replace(/\$\{(\w+)\}|\$(?!__)(\w+)/g, (_m, a, b) => values(a ?? b).join(','));
  const from = Math.floor(ctx.fromMs / 1000);
  const to = Math.floor(ctx.toMs / 1000);
  sql = expandCall(sql, 'timeFilter', (col) => `${col} >= toDateTime(${from}) AND ${col} <= toDateTime(${to})`);
  sql = expandCall(sql, 'timeInterval', (col) => `toStartOfInterval(toDateTime(${col}), INTERVAL ${ctx.intervalSeconds} second)`);
  sql = sql.replaceAll('$__fromTime', `toDateTime(${from})`).replaceAll('$__toTime', `toDateTime(${to})`);
  sql = sql.replaceAll('$__interval_s', String(ctx.intervalSeconds));
  const left = /\$\w+/.exec(sql);
  if (left) throw new Error(`unexpanded macro or variable ${left[0]}`);
  return sql;
}
