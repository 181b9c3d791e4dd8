/** The pure batch solver of the scheduling feature: plain data in, plain data out. */
export * from './types.js';
export { solveBatch } from './solve.js';
export { solveBatchWithTours, solvePlan } from './tour-solve.js';
export { rankCandidates, type CandidateRanking, type RankedCandidate, type ExcludedLecturer } from './candidates.js';
export { checkEligibility, RULES, STATIC_RULES, TIME_RULES, type EligibilityContext, type RuleCode } from './eligibility.js';
export { DEFAULT_WEIGHTS, resolveWeights, assignmentCost, unservedPenalty } from './cost.js';
export { DEFAULT_SLOT_MODEL } from './slots.js';
export { describeNetwork, toLpText, toSparseLp, type NetworkDescription } from './model.js';
export { greedyBatch } from './greedy.js';
