import { daysBetween } from './coverage-period.js';

export type CampaignStatus = 'upcoming' | 'running' | 'ended';

export interface CampaignProgress {
  completedLectures: number;
  targetLectures: number;
  attendance: number;
  branchesReached: number;
  /** completedLectures ÷ targetLectures, in percent (one decimal; may pass 100). */
  percent: number;
  /** The lectures a steady pace would have given by the end of yesterday (one decimal). */
  expectedByNow: number;
  onPace: boolean;
  achieved: boolean;
  /** Days left, today included; 0 once the period is over. */
  daysLeft: number;
  status: CampaignStatus;
}

const round1 = (x: number) => Math.round(x * 10) / 10;

/**
 * Where a campaign stands on `today` (an Asia/Shanghai date): the days fully passed set the pace, so a
 * campaign is on pace on its first day, and is measured against its whole target once it is over.
 */
export function campaignProgress(
  campaign: { from: string; to: string; targetLectures: number },
  done: { lectures: number; attendance: number; branchesReached: number },
  today: string,
): CampaignProgress {
  const totalDays = daysBetween(campaign.from, campaign.to) + 1;
  const passed = Math.min(totalDays, Math.max(0, daysBetween(campaign.from, today)));
  const expected = (campaign.targetLectures * passed) / totalDays;
  const status: CampaignStatus = today < campaign.from ? 'upcoming' : today > campaign.to ? 'ended' : 'running';
  return {
    completedLectures: done.lectures,
    targetLectures: campaign.targetLectures,
    attendance: done.attendance,
    branchesReached: done.branchesReached,
    percent: round1((100 * done.lectures) / campaign.targetLectures),
    expectedByNow: round1(expected),
    onPace: done.lectures >= expected,
    achieved: done.lectures >= campaign.targetLectures,
    daysLeft: status === 'upcoming' ? totalDays : status === 'ended' ? 0 : daysBetween(today, campaign.to) + 1,
    status,
  };
}
