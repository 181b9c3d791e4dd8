/** How evenly lectures are spread over lecturers: the figures an admin compares over periods. */
export interface LoadSpread {
  /** Lecturers counted (including those with no lecture in the period). */
  lecturers: number;
  /** Of them, how many gave no lecture. */
  idle: number;
  lectures: number;
  /** Lectures per lecturer; null with no lecturer. */
  mean: number | null;
  median: number | null;
  max: number;
  /** max ÷ mean: 1 is perfectly even; null when nobody lectured. */
  maxToMean: number | null;
  /** Gini coefficient of lectures over lecturers: 0 even, towards 1 all on one lecturer; null when nobody lectured. */
  gini: number | null;
}

const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Mean, median, max, max/mean and the Gini coefficient of the lectures per lecturer. The Gini
 * coefficient uses the sorted form G = 2·Σ i·x(i) / (n·Σx) − (n+1)/n (i from 1, x ascending), which
 * equals the mean absolute difference over all pairs divided by twice the mean.
 */
export function loadSpread(lecturesPerLecturer: readonly number[]): LoadSpread {
  const xs = [...lecturesPerLecturer].sort((a, b) => a - b);
  const n = xs.length;
  const total = xs.reduce((s, x) => s + x, 0);
  const max = n === 0 ? 0 : xs[n - 1];
  const idle = xs.filter((x) => x === 0).length;
  if (n === 0) return { lecturers: 0, idle: 0, lectures: 0, mean: null, median: null, max: 0, maxToMean: null, gini: null };
  const mean = total / n;
  const median = n % 2 === 1 ? xs[(n - 1) / 2] : (xs[n / 2 - 1] + xs[n / 2]) / 2;
  let weighted = 0;
  xs.forEach((x, i) => { weighted += (i + 1) * x; });
  const gini = total === 0 ? null : (2 * weighted) / (n * total) - (n + 1) / n;
  return {
    lecturers: n, idle, lectures: total, mean: round(mean, 2), median, max,
    maxToMean: total === 0 ? null : round(max / mean, 2),
    gini: gini === null ? null : round(Math.max(0, gini), 4),
  };
}
