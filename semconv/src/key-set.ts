/**
 * Set of attribute keys for diagnostics. A typical span maps ~15 keys: a plain array with `includes` is cheaper
 * than hashing fresh key strings into a Set; big flattened spans (OpenInference messages) switch to a Set.
 */
const ARRAY_LIMIT = 32;

export class KeySet {
  private readonly list: string[] = [];
  private set: Set<string> | null = null;

  static from(keys: readonly string[]): KeySet {
    const s = new KeySet();
    for (const k of keys) s.add(k);
    return s;
  }

  get size(): number {
    return this.list.length;
  }

  has(key: string): boolean {
    return this.set !== null ? this.set.has(key) : this.list.includes(key);
  }

  add(key: string): void {
    if (this.has(key)) return;
    this.list.push(key);
    if (this.set !== null) this.set.add(key);
    else if (this.list.length > ARRAY_LIMIT) this.set = new Set(this.list);
  }

  toArray(): string[] {
    return this.list.slice();
  }
}
