/**
 * The domain's vocabulary: every enumerated code of the platform, declared once. Entities, DTOs, the
 * solver, the demo city, exports and the i18n labels all take their lists and types from here.
 */

export const ROLES = ['admin', 'branch', 'lecturer'] as const;
export type Role = (typeof ROLES)[number];

export const REGION_LEVELS = ['city', 'banner', 'township', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];
/** The level a region's parent has: a city has none, a banner belongs to the city, and so down to the village. */
export const PARENT_LEVEL: Readonly<Record<RegionLevel, RegionLevel | null>> = {
  city: null,
  banner: 'city',
  township: 'banner',
  village: 'township',
};

export const BRANCH_KINDS = ['village', 'community', 'enterprise', 'institution', 'border_joint'] as const;
export type BranchKind = (typeof BRANCH_KINDS)[number];

export const LECTURER_CATEGORIES = [
  'party_government_leader',
  'branch_secretary',
  'party_affairs_worker',
  'expert_scholar',
  'model_figure',
  'practical_technician',
  'five_elders',
] as const;
export type LecturerCategory = (typeof LECTURER_CATEGORIES)[number];

export const LECTURER_LEVELS = ['city', 'banner', 'township'] as const;
export type LecturerLevel = (typeof LECTURER_LEVELS)[number];

export const TOPICS = [
  'theory',
  'party_history',
  'policy',
  'rural_revitalization',
  'practical_skills',
  'ethnic_unity',
  'border_security',
] as const;
export type Topic = (typeof TOPICS)[number];

export const FORMATS = ['on_site', 'online', 'field', 'mobile'] as const;
export type LectureFormat = (typeof FORMATS)[number];

/** Forms where the lecturer travels to the branch: the travel radius applies and travel time is blocked. */
export const ON_SITE_FORMATS: readonly LectureFormat[] = ['on_site', 'field', 'mobile'];

export function isOnSite(format: string): boolean {
  return (ON_SITE_FORMATS as readonly string[]).includes(format);
}

export const ORDER_STATUSES = ['pending', 'offered', 'accepted', 'completed', 'cancelled', 'rejected'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** The history's reason when an offer is taken back unanswered, by the sweep or found due on the way. */
export const OFFER_EXPIRED_REASON = 'offer expired';

/** The history's reason when a tour's stop returns to the queue: the stop before left the lecturer's way. */
export const TOUR_STOP_STRANDED_REASON = 'the tour stop before fell away, and this village lies beyond the travel radius from home';

/** The history's reason of an offer a scheduling run made. */
export function schedulingRunReason(runId: string): string {
  return `scheduling run ${runId}`;
}

/** Whether the reason is a scheduling run's (schedulingRunReason). */
export function isSchedulingRunReason(reason: string): boolean {
  return reason.startsWith(schedulingRunReason(''));
}

/** A reason the platform wrote (an expiry, a run's offer, a tour's stop sent back), not one a person typed. */
export function isPlatformReason(reason: string): boolean {
  return reason === OFFER_EXPIRED_REASON || reason === TOUR_STOP_STRANDED_REASON || isSchedulingRunReason(reason);
}
