import type { ReactNode } from 'react';

/** One column: its header (null for an actions column, named for screen readers only) and its cell. */
export interface Column<Row> {
  header: string | null;
  cell: (row: Row) => ReactNode;
}

/**
 * The dashboard's lists (jobs, files, attempts, checkpoints, keys, deliveries...): one header row
 * of column scopes, one row per item. Every list renders through this, so they look and read
 * (for assistive technology) alike.
 */
export function DataTable<Row>({ label, columns, rows, rowKey }: { label?: string; columns: Column<Row>[]; rows: readonly Row[] | undefined; rowKey: (row: Row, index: number) => string | number }) {
  return (
    <table aria-label={label}>
      <thead>
        <tr>
          {columns.map((c, i) => (
            <th scope="col" key={i}>
              {c.header ?? <span className="visually-hidden">Actions</span>}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows?.map((row, index) => (
          <tr key={rowKey(row, index)}>
            {columns.map((c, i) => (
              <td key={i}>{c.cell(row)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
