// A select drawn from options as data: each option's value and the text shown for it.

export interface SelectOption<T extends string> {
  value: T;
  text: string;
}

/** A select of `options` showing `value`; `onPick` gets the value picked. */
export function Select<T extends string>({ value, options, onPick, testid }: { value: T; options: readonly SelectOption<T>[]; onPick: (value: T) => void; testid?: string }) {
  return (
    <select value={value} onChange={(e) => onPick(e.currentTarget.value as T)} data-testid={testid}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.text}
        </option>
      ))}
    </select>
  );
}
