/** The fields a partial update was given (`undefined` is "leave as it is"), as the changes to write. */
export function givenFields<T extends object>(dto: T): Partial<T> {
  return Object.fromEntries(Object.entries(dto).filter(([, v]) => v !== undefined)) as Partial<T>;
}
