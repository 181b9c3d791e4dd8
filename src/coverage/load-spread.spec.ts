import { loadSpread } from './load-spread.js';

describe(loadSpread.name, () => {
  it('is perfectly even when everyone gave as many lectures', () => {
    expect(loadSpread([4, 4, 4, 4])).toEqual({ lecturers: 4, idle: 0, lectures: 16, mean: 4, median: 4, max: 4, maxToMean: 1, gini: 0 });
  });

  it('approaches one when one lecturer gives everything', () => {
    const sut = loadSpread([0, 0, 0, 12]);
    expect(sut).toMatchObject({ lecturers: 4, idle: 3, lectures: 12, mean: 3, median: 0, max: 12, maxToMean: 4 });
    // n lecturers, all on one: G = (n − 1) / n
    expect(sut.gini).toBe(0.75);
  });

  it('equals the mean absolute difference over all pairs divided by twice the mean', () => {
    const xs = [1, 2, 3, 7, 0, 5];
    const n = xs.length;
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    let pairs = 0;
    for (const a of xs) for (const b of xs) pairs += Math.abs(a - b);
    expect(loadSpread(xs).gini).toBeCloseTo(pairs / (2 * n * n * mean), 4);
    expect(loadSpread(xs).median).toBe(2.5);
  });

  it('has no mean or Gini coefficient without lecturers, and no Gini coefficient without lectures', () => {
    expect(loadSpread([])).toMatchObject({ lecturers: 0, mean: null, gini: null, maxToMean: null });
    expect(loadSpread([0, 0])).toMatchObject({ lecturers: 2, idle: 2, mean: 0, gini: null, maxToMean: null });
  });
});
