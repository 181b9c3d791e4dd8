import { SqlParams } from './sql.js';

describe(SqlParams.name, () => {
  it('numbers placeholders in the order values are added', () => {
    const sut = new SqlParams();
    const text = `a = ${sut.add('x')} AND b = ${sut.add(2)}`;
    expect(text).toBe('a = $1 AND b = $2');
    expect(sut.values).toEqual(['x', 2]);
  });
});
