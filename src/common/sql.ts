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
