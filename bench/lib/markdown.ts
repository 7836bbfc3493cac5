export type Cell = string | number | undefined;

/** Fixed decimals for figures, an em dash for missing ones. */
export function fixed(value: number | undefined, decimals = 2): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  return value.toFixed(decimals);
}

export function percent(value: number | undefined, decimals = 1): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  return `${(value * 100).toFixed(decimals)} %`;
}

export function count(value: number): string {
  return value.toLocaleString('en-US');
}

export function table(headers: readonly string[], rows: readonly (readonly Cell[])[]): string {
  const line = (cells: readonly Cell[]) => `| ${cells.map((cell) => (cell === undefined ? '—' : String(cell))).join(' | ')} |`;
  return [line(headers), line(headers.map(() => '---')), ...rows.map(line)].join('\n');
}
