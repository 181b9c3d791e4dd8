import { unstorableTextProblem } from './validation.js';

describe(unstorableTextProblem.name, () => {
  it('names the first field, however deep, whose text holds a NUL character or half of a surrogate pair', () => {
    expect(unstorableTextProblem({ q: 'a\u0000' })?.field).toBe('q');
    expect(unstorableTextProblem({ a: 'ok', b: { c: ['x', '\ud800'] } })?.field).toBe('b.c.1');
  });

  it('passes text the database can store, Mongolian and emoji included', () => {
    expect(unstorableTextProblem({ name: 'ᠮᠣᠩᠭᠣᠯ 草原 🐎', n: 3, list: ['a'], none: null })).toBeUndefined();
    expect(unstorableTextProblem(undefined)).toBeUndefined();
  });
});
