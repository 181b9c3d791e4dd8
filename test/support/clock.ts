import { Clock } from '../../src/kernel/clock.js';
import { HOUR_MS, localDay, localMidnight, weekdayOfDay } from '../../src/kernel/time.js';

/** A clock set to `start` now, then advancing with real time (so timeouts and waits still behave). */
export class RunningClock extends Clock {
  private readonly offset: number;

  constructor(start: number) {
    super();
    this.offset = start - Date.now();
  }

  now(): number {
    return Date.now() + this.offset;
  }
}

const WEDNESDAY = 3;

/** The first Wednesday 10:00 Asia/Shanghai after `t`: an ordinary working morning. */
export function nextWednesdayMorning(t: number): number {
  let day = localDay(t) + 1;
  while (weekdayOfDay(day) !== WEDNESDAY) day++;
  return localMidnight(day) + 10 * HOUR_MS;
}

/**
 * Where the tests' business time starts: TEST_CLOCK_START when set (an ISO instant such as
 * `2026-11-29T23:26:00+08:00` to run at an awkward hour, or `system` for the machine's clock),
 * else the coming Wednesday 10:00 Asia/Shanghai, so that no test depends on the hour it runs at.
 */
export function testClockStart(env: NodeJS.ProcessEnv = process.env): number {
  const start = env.TEST_CLOCK_START;
  if (start === undefined || start === '') return nextWednesdayMorning(Date.now());
  if (start === 'system') return Date.now();
  const t = Date.parse(start);
  if (Number.isNaN(t)) throw new Error(`TEST_CLOCK_START is not an ISO instant: ${start}`);
  return t;
}

/**
 * The business time of this test file: the app under test (`startTestApp`) and the tests' own dates
 * (`World.at`, lectures given hours ago) both read it, so they agree whatever the wall clock says.
 */
export const testClock: Clock = new RunningClock(testClockStart());

/** The tests' business time, which a test may move to a given instant (and back) to see timed work happen then. */
export class MovableClock extends Clock {
  private shift = 0;

  now(): number {
    return testClock.now() + this.shift;
  }

  set(t: number): void {
    this.shift = t - testClock.now();
  }

  reset(): void {
    this.shift = 0;
  }
}
