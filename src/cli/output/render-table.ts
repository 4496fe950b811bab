/**
 * The readable output of the CLI: rows as aligned columns under upper-case headers.
 *
 * @module
 */

/** One column: its header and the field of a row it shows. */
export interface TableColumn {
  readonly header: string;
  /** A field name of the row; lists are joined with commas, missing values left blank. */
  readonly field: string;
}

/**
 * Renders `rows` as a table, one line per row, columns two spaces apart; `(none)` when
 * there are no rows.
 */
export function renderTable(rows: readonly unknown[], columns: readonly TableColumn[]): string {
  if (rows.length === 0) return "(none)\n";
  const cells = [columns.map((column) => column.header), ...rows.map((row) => columns.map((column) => cellText(row, column.field)))];
  const widths = columns.map((_, index) => Math.max(...cells.map((line) => (line[index] ?? "").length)));
  return cells.map((line) => line.map((cell, index) => cell.padEnd(widths[index] ?? 0)).join("  ").trimEnd() + "\n").join("");
}

function cellText(row: unknown, field: string): string {
  const value = typeof row === "object" && row !== null ? (row as Record<string, unknown>)[field] : undefined;
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map((item) => (typeof item === "object" ? JSON.stringify(item) : String(item))).join(", ");
  return typeof value === "object" ? JSON.stringify(value) : String(value);
}
