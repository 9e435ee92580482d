import { LogQLError, readString } from './logql-error.js';

/** A template's text and actions: the subset of Go templates this API renders (`{{.label}}`, `{{__line__}}`, functions). */
export type TemplatePart = { text: string } | { label: string } | { line: true } | { expr: TemplateExpr };

/** An action's value: a label, the line, a literal, or a function of values (`{{ .msg | trunc 80 }}`, `{{ upper .level }}`). */
export type TemplateExpr =
  | { kind: 'label'; name: string }
  | { kind: 'line' }
  | { kind: 'string'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'call'; fn: TemplateFunction; args: TemplateExpr[] };

/** Template functions rendered (Loki's, from Sprig), with their argument counts including the piped value. */
export const TEMPLATE_FUNCTIONS = {
  lower: 1,
  upper: 1,
  ToLower: 1,
  ToUpper: 1,
  title: 1,
  trim: 1,
  trimPrefix: 2,
  trimSuffix: 2,
  trunc: 2,
  substr: 3,
  replace: 3,
  default: 2,
  alignLeft: 2,
  alignRight: 2,
} as const;
export type TemplateFunction = keyof typeof TEMPLATE_FUNCTIONS;
// Arguments that must be whole numbers written in the template (positions, widths).
const NUMBER_ARGUMENTS: Partial<Record<TemplateFunction, number[]>> = { trunc: [0], substr: [0, 1], alignLeft: [0], alignRight: [0] };

const TEMPLATE_LABEL = /^\.([A-Za-z_][A-Za-z0-9_]*)$/;
const ACTION_TOKEN = /"(?:[^"\\]|\\.)*"|`[^`]*`|\||[^\s|]+/g;

/**
 * One action: commands joined by `|`, each a value or a function and its arguments; a piped value
 * is its function's last argument, as in Go templates (`{{ .msg | trunc 80 }}` = `{{ trunc 80 .msg }}`).
 */
function parseAction(action: string, col: number): TemplateExpr {
  const fail = (why: string): never => {
    throw new LogQLError(`parse error at col ${col}: template action {{ ${action} }}: ${why}`);
  };
  const value = (token: string): TemplateExpr | undefined => {
    const label = TEMPLATE_LABEL.exec(token);
    if (label) return { kind: 'label', name: label[1] };
    if (token === '__line__') return { kind: 'line' };
    if (token.startsWith('"')) return { kind: 'string', value: readString(token, 0)[0] };
    if (token.startsWith('`')) return { kind: 'string', value: token.slice(1, -1) };
    if (/^-?\d+$/.test(token)) return { kind: 'number', value: Number(token) };
    return undefined;
  };
  const commands: string[][] = [[]];
  for (const [token] of action.matchAll(ACTION_TOKEN)) {
    if (token === '|') commands.push([]);
    else commands[commands.length - 1].push(token);
  }
  let piped: TemplateExpr | undefined;
  for (const words of commands) {
    if (words.length === 0) fail('an empty command');
    const [head, ...rest] = words;
    const alone = value(head);
    if (alone) {
      if (rest.length || piped) fail(`${head} is a value, not a function`);
      piped = alone;
      continue;
    }
    if (!(head in TEMPLATE_FUNCTIONS)) fail(`the function ${head} is not supported (${Object.keys(TEMPLATE_FUNCTIONS).join(', ')} are)`);
    const fn = head as TemplateFunction;
    const args = rest.map((w) => value(w) ?? fail(`${w} is not a value (.label, __line__, "text" or a number)`));
    if (piped) args.push(piped);
    if (args.length !== TEMPLATE_FUNCTIONS[fn]) fail(`${fn} takes ${TEMPLATE_FUNCTIONS[fn]} argument(s), got ${args.length}`);
    for (const i of NUMBER_ARGUMENTS[fn] ?? []) if (args[i].kind !== 'number') fail(`${fn} takes a whole number as argument ${i + 1}`);
    piped = { kind: 'call', fn, args };
  }
  return piped ?? fail('nothing to render');
}

/**
 * The Go-template subset line_format and label_format render: text, `{{.label}}` (empty when the
 * line has no such label), `{{__line__}}`, and functions of them (`{{ .msg | trunc 80 | upper }}`),
 * with `{{-` / `-}}` trimming the whitespace beside them. Control structures are refused, named.
 */
export function parseTemplate(text: string, col: number): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let i = 0;
  let trimNext = false;
  const literal = (t: string) => {
    if (trimNext) t = t.trimStart();
    trimNext = false;
    if (t) parts.push({ text: t });
  };
  while (i < text.length) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      literal(text.slice(i));
      break;
    }
    const close = text.indexOf('}}', open + 2);
    if (close < 0) throw new LogQLError(`parse error at col ${col}: template action not closed ("{{" without "}}")`);
    let action = text.slice(open + 2, close);
    const trimBefore = /^-\s/.test(action);
    const trimAfter = /\s-$/.test(action);
    action = action.slice(trimBefore ? 1 : 0, trimAfter ? -1 : undefined).trim();
    const before = text.slice(i, open);
    literal(trimBefore ? before.trimEnd() : before);
    const label = TEMPLATE_LABEL.exec(action);
    if (label) parts.push({ label: label[1] });
    else if (action === '__line__') parts.push({ line: true });
    else parts.push({ expr: parseAction(action, col) });
    trimNext = trimAfter;
    i = close + 2;
  }
  return parts;
}
