import { describe, expect, it } from 'vitest';
import type { AttrValue } from '../model/types.js';
import { compileCondition, type OttlContext } from './ottl.js';

interface Item {
  name: string;
  kind: number;
  status: number;
  severity?: number;
  attributes: Record<string, AttrValue>;
}

const CONTEXT: OttlContext<Item> = {
  name: 'span',
  paths: { name: (i) => i.name, kind: (i) => i.kind, 'status.code': (i) => i.status, severity_number: (i) => i.severity },
  keyed: { attributes: (i) => i.attributes },
};

const item: Item = {
  name: 'GET /health',
  kind: 2,
  status: 0,
  severity: 13,
  attributes: { 'http.route': '/health', 'http.status_code': 200, ratio: 0.5, ok: true, nested: { a: { b: 'deep' } }, list: ['x', 'y'] },
};
const holds = (condition: string, it: Item = item) => compileCondition(condition, CONTEXT)(it);

describe('OTTL conditions', () => {
  it('compares paths, keyed attributes, literals and enums', () => {
    expect(holds('name == "GET /health"')).toBe(true);
    expect(holds('attributes["http.route"] == "/health"')).toBe(true);
    expect(holds('attributes["http.status_code"] >= 200 and attributes["http.status_code"] < 300')).toBe(true);
    expect(holds('attributes["ratio"] == 0.5 and attributes["ok"] == true')).toBe(true);
    expect(holds('kind == SPAN_KIND_SERVER and status.code != STATUS_CODE_ERROR')).toBe(true);
    expect(holds('severity_number < SEVERITY_NUMBER_WARN')).toBe(false);
    expect(holds('severity_number >= SEVERITY_NUMBER_WARN and severity_number < SEVERITY_NUMBER_ERROR')).toBe(true);
    expect(holds('attributes["nested"]["a"]["b"] == "deep" and attributes["list"][1] == "y"')).toBe(true);
  });

  it('treats absent values as nil, and unlike types as unequal and unordered', () => {
    expect(holds('attributes["missing"] == nil')).toBe(true);
    expect(holds('attributes["http.route"] != nil')).toBe(true);
    expect(holds('attributes["missing"] == "x"')).toBe(false);
    expect(holds('attributes["missing"] > 1')).toBe(false);
    expect(holds('attributes["http.status_code"] == "200"')).toBe(false);
    expect(holds('attributes["http.status_code"] != "200"')).toBe(true);
    expect(holds('attributes["http.route"] > 5')).toBe(false);
    expect(holds('attributes["ok"] < true')).toBe(false);
  });

  it('combines with and, or, not and parentheses (and binds tighter than or)', () => {
    expect(holds('name == "x" or name == "GET /health" and kind == 2')).toBe(true);
    expect(holds('(name == "x" or name == "GET /health") and kind == 3')).toBe(false);
    expect(holds('not name == "x"')).toBe(true);
    expect(holds('not (name == "GET /health" or false)')).toBe(false);
    expect(holds('true')).toBe(true);
  });

  it('calls the converters filters use', () => {
    expect(holds('IsMatch(name, "^GET /(health|ready)$")')).toBe(true);
    expect(holds('IsMatch(attributes["http.status_code"], "^2\\\\d\\\\d$")')).toBe(true);
    expect(holds('IsMatch(attributes["missing"], ".*")')).toBe(false);
    expect(holds('HasPrefix(name, "GET ") and HasSuffix(attributes["http.route"], "health")')).toBe(true);
    expect(holds('IsString(name) and IsInt(attributes["http.status_code"]) and IsDouble(attributes["ratio"]) and IsBool(attributes["ok"])')).toBe(true);
    expect(holds('IsMap(attributes["nested"]) and IsList(attributes["list"]) and not IsMap(attributes["list"])')).toBe(true);
  });

  it('computes values with converters and list literals', () => {
    expect(holds('Concat([name, "x", attributes["http.status_code"]], "|") == "GET /health|x|200"')).toBe(true);
    expect(holds('Substring(name, 4, 7) == "/health" and Substring(name, 4, 99) == nil')).toBe(true);
    expect(holds('ToLowerCase(name) == "get /health" and ToUpperCase(attributes["ok"]) == nil')).toBe(true);
    expect(holds('Int("42") == 42 and Int(attributes["ratio"]) == 0 and Int("x") == nil and Double("1.5") == 1.5 and Int(true) == 1')).toBe(true);
    expect(holds('String(attributes["http.status_code"]) == "200" and Len(name) == 11 and Len(attributes["list"]) == 2')).toBe(true);
    expect(holds('SHA256("a") == "ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb"')).toBe(true);
  });

  it('does arithmetic, with parentheses either holding a value or a condition', () => {
    expect(holds('attributes["http.status_code"] + 1 == 201 and attributes["http.status_code"] - 1 * 2 == 198')).toBe(true);
    expect(holds('(attributes["http.status_code"] - 100) / 3 == 33 and attributes["ratio"] * 4 == 2')).toBe(true);
    expect(holds('(attributes["http.status_code"] - 100) * 2 > 150 and (name == "x" or kind == 2)')).toBe(true);
    expect(holds('attributes["http.status_code"] / 0 == nil and name + 1 == nil and attributes["missing"] - 1 == nil')).toBe(true);
    expect(holds('attributes["http.status_code"] > -1 and 3 -1 == 2')).toBe(true);
    // Integers divide as integers; a double side (a literal with a point or exponent, Double(), arithmetic on one) as doubles.
    expect(holds('7 / 2 == 3 and 7 / 2.0 == 3.5 and 7.0 / 2 == 3.5 and Double(7) / 2 == 3.5 and (7 * 1.0) / 2 == 3.5 and 7 / 2e0 == 3.5')).toBe(true);
    expect(holds('attributes["http.status_code"] / 1000.0 == 0.2 and attributes["http.status_code"] / 1000 == 0')).toBe(true);
  });

  it('splits and parses JSON', () => {
    expect(holds('Split(attributes["http.route"], "/") == ["", "health"] and Split(kind, "/") == nil')).toBe(true);
    const json = { ...item, attributes: { ...item.attributes, body: '{"user":{"id":7},"__proto__":{"x":1}}' } };
    expect(holds('ParseJSON(attributes["body"])["user"]["id"] == 7 and ParseJSON(attributes["body"])["__proto__"]["x"] == 1', json)).toBe(true);
    expect(holds('ParseJSON("not json") == nil and ParseJSON("3") == nil and IsList(ParseJSON("[1]"))')).toBe(true);
  });

  it('refuses what it cannot evaluate, saying where', () => {
    const error = (condition: string) => {
      try {
        compileCondition(condition, CONTEXT);
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(error('resource.attributes["x"] == 1')).toMatch(/^"resource.attributes" takes no keys in the span context/);
    expect(error('duration > 5')).toMatch(/^unknown path "duration" in the span context \(paths: name, kind, status.code, severity_number, attributes\["…"\]\)/);
    expect(error('name == "x')).toBe('unterminated string starting at 8');
    expect(error('name == "x" and')).toBe('expected a value at the end');
    expect(error('(name == "x"')).toBe('expected ")" at the end');
    expect(error('name == "x" name')).toBe('unexpected at 12 ("name")');
    expect(error('IsMatch(name, "(")')).toMatch(/invalid regular expression "\(": .*missing closing \)/);
    expect(error('IsMatch(name)')).toBe('IsMatch takes 2 arguments at 0 ("IsMatch")');
    expect(error('Foo(name) > 3')).toMatch(/^unknown converter Foo \(known: IsMatch, .*IsRootSpan, Concat, Split, Substring, ToLowerCase/);
    expect(error('name # "x"')).toBe('unexpected "#" at 5');
    expect(error('IsRootSpan()')).toBe('IsRootSpan is only in the span and spanevent contexts at 0 ("IsRootSpan")');
  });
});
