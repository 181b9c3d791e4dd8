import { campaignProgress } from './campaign-progress.js';

describe(campaignProgress.name, () => {
  const year = { from: '2026-01-01', to: '2026-12-31', targetLectures: 365 };
  const done = (lectures: number) => ({ lectures, attendance: lectures * 30, branchesReached: lectures });

  it('is on pace on the first day, with the whole year left', () => {
    expect(campaignProgress(year, done(0), '2026-01-01')).toMatchObject({ expectedByNow: 0, onPace: true, daysLeft: 365, status: 'running', percent: 0 });
  });

  it('expects the days fully passed at a steady pace', () => {
    const sut = campaignProgress(year, done(99), '2026-04-11'); // 100 days passed
    expect(sut).toMatchObject({ completedLectures: 99, targetLectures: 365, expectedByNow: 100, onPace: false, daysLeft: 265, percent: 27.1 });
    expect(campaignProgress(year, done(100), '2026-04-11').onPace).toBe(true);
  });

  it('measures an ended campaign against its whole target, and an upcoming one against nothing yet', () => {
    expect(campaignProgress(year, done(400), '2027-02-01')).toMatchObject({ expectedByNow: 365, onPace: true, achieved: true, daysLeft: 0, status: 'ended', percent: 109.6 });
    expect(campaignProgress(year, done(0), '2025-12-01')).toMatchObject({ expectedByNow: 0, onPace: true, achieved: false, daysLeft: 365, status: 'upcoming' });
  });

  it('counts the last day as a day left', () => {
    expect(campaignProgress(year, done(0), '2026-12-31').daysLeft).toBe(1);
  });
});
