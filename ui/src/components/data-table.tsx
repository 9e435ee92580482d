// One table for every list in the UI: columns as data (header, cell, alignment), rows keyed and marked for tests.
// A page says what a cell shows; how a table is wrapped, captioned and headed is written here once.

import { Fragment, type ComponentChildren, type HTMLAttributes } from 'preact';

type DataAttributes = { [name: `data-${string}`]: string | boolean | undefined };
type RowAttributes = HTMLAttributes<HTMLTableRowElement> & DataAttributes;
type CellAttributes = Omit<HTMLAttributes<HTMLTableCellElement>, 'class'> & { class?: string } & DataAttributes;

export interface Column<T> {
  /** The header cell's content; `srOnly(…)` names a column of buttons for screen readers only. */
  header: ComponentChildren;
  cell: (row: T) => ComponentChildren;
  /** Numbers: right-aligned in tabular figures, header included. */
  numeric?: boolean;
  /** Class of the body cells (not the header): `nowrap`, `muted`, `name-cell`… */
  class?: string;
  /** More of a body cell's attributes where they depend on the row (a tooltip, a class, a test id). */
  attrs?: (row: T) => CellAttributes;
  /** The cell heads its row (`<th scope="row">`), as a run's name or a field's label does. */
  rowHeader?: boolean;
}

export interface DataTableProps<T> {
  columns: readonly Column<T>[];
  rows: readonly T[];
  rowKey: (row: T, index: number) => string | number;
  caption: ComponentChildren;
  /** The caption shown as the table's title (dashboard cards); else only screen readers hear it. */
  titled?: boolean;
  testid?: string;
  /** More classes of the table: `compact`, `dataset-values`. */
  class?: string;
  /** What holds the table: a sideways-scrolling `table-wrap`, a dashboard `card`, or nothing (the caller's own box). */
  frame?: 'table-wrap' | 'card' | null;
  rowTestid?: string;
  /** More of a row's attributes: data ids, a click, a class. */
  rowAttrs?: (row: T) => RowAttributes;
  /** What a row opens below itself, the width of the table; nothing while it returns null. */
  detail?: (row: T) => ComponentChildren;
  /** Said in a row of its own when there are no rows; without it, an empty table renders nothing. */
  empty?: ComponentChildren;
}

/** A header for screen readers only, over a column of buttons. */
export const srOnly = (label: string) => <span class="sr-only">{label}</span>;

const classes = (...names: Array<string | false | undefined>) => names.filter(Boolean).join(' ') || undefined;

export function DataTable<T>(p: DataTableProps<T>) {
  if (p.rows.length === 0 && p.empty === undefined) return null;
  const table = (
    <table class={classes('data-table', p.class)} data-testid={p.testid}>
      <caption class={p.titled ? undefined : 'sr-only'}>{p.caption}</caption>
      <thead>
        <tr>
          {p.columns.map((c, i) => (
            <th key={i} scope="col" class={c.numeric ? 'num' : undefined}>
              {c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {p.rows.length === 0 && (
          <tr>
            <td colSpan={p.columns.length} class="muted">
              {p.empty}
            </td>
          </tr>
        )}
        {p.rows.map((row, i) => {
          const detail = p.detail?.(row);
          return (
            <Fragment key={p.rowKey(row, i)}>
              <tr data-testid={p.rowTestid} {...p.rowAttrs?.(row)}>
                {p.columns.map((c, j) => cell(c, row, j))}
              </tr>
              {detail != null && (
                <tr class="row-detail">
                  <td colSpan={p.columns.length}>{detail}</td>
                </tr>
              )}
            </Fragment>
          );
        })}
      </tbody>
    </table>
  );
  return p.frame === null ? table : <div class={p.frame ?? 'table-wrap'}>{table}</div>;
}

// A function, not a component: a long list renders hundreds of cells, none of which needs state of its own.
function cell<T>(c: Column<T>, row: T, key: number) {
  const { class: extra, ...attrs } = c.attrs?.(row) ?? {};
  const Tag = c.rowHeader ? 'th' : 'td';
  return (
    <Tag key={key} scope={c.rowHeader ? 'row' : undefined} class={classes(c.numeric && 'num', c.class, extra)} {...attrs}>
      {c.cell(row)}
    </Tag>
  );
}
