/**
 * The one way SQL is built in pieces: positional parameters collected as the text is written, so a
 * placeholder always matches its value. `const p = new SqlParams(); sql = \`... = ${p.add(x)}\`; query(sql, p.values)`.
 */
export class SqlParams {
  readonly values: unknown[] = [];

  /** Adds a value and returns its placeholder (`$n`). */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The rows of `alias` that the lower-case codes `:codes` of a sheet name: by their code, or by their id where they
 * have none (an import's `sheetCode`), for a query builder's where.
 */
export function namedInSheetSql(alias: string): string {
  return `(lower(${alias}.code) = ANY(:codes) OR (${alias}.code IS NULL AND ${alias}.id::text = ANY(:codes)))`;
}
