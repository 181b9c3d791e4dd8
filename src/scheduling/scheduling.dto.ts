import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { PageFields, PageQuery } from '../common/pagination.js';
import { PeriodQuery } from '../common/period.js';
import { NestedObject, QueryInteger, IsId } from '../common/validation.js';

/** Per-run overrides of the cost weights (see the README for what each means and its default). */
export class WeightsDto {
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(1e6) travelPerKm?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(1e6) ratingPerStar?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(1e6) coveragePerLecture?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(1e6) priorityRemote?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(1e6) priorityBorder?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(1e6) priorityWeak?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(1e6) grassrootsPerLevel?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(1e6) latenessPerDay?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(1e6) fairLoad?: number;
  @ApiPropertyOptional() @IsOptional() @IsNumber() @Min(0) @Max(1e7) unservedBase?: number;
  @ApiPropertyOptional({ description: 'points per night away on a tour' }) @IsOptional() @IsNumber() @Min(0) @Max(1e6) nightAway?: number;
  @ApiPropertyOptional({ description: 'points an order that names a lecturer (点名) costs with anyone else' })
  @IsOptional()
  @IsNumber()
  @Min(0)
  @Max(1e6)
  namedLecturer?: number;
}

/** `from`/`to`: the orders whose window reaches `from` or later and starts by `to` (dates in Asia/Shanghai, both inclusive, or instants). */
export class RunDto extends PeriodQuery {
  @ApiPropertyOptional({ default: false, description: 'propose only; make no offers' }) @IsOptional() @IsBoolean() dryRun?: boolean;
  @ApiPropertyOptional({ default: true, description: 'false: plan without tours (every on-site lecture a trip from home and back)' })
  @IsOptional()
  @IsBoolean()
  tours?: boolean;
  @ApiPropertyOptional({ type: WeightsDto }) @IsOptional() @NestedObject(() => WeightsDto) weights?: WeightsDto;
  @ApiPropertyOptional({
    format: 'uuid',
    description:
      "a dry run to confirm: planned again for its period (from and to are then left out), made once, and only by an admin of the dry run's own area",
  })
  @IsOptional()
  @IsId()
  confirms?: string;
}

/** The most candidates one ranking lists. */
export const MAX_CANDIDATES = 50;

export class CandidatesQuery {
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: MAX_CANDIDATES, default: 5 })
  @IsOptional()
  @QueryInteger()
  @IsInt()
  @Min(1)
  @Max(MAX_CANDIDATES)
  limit: number = 5;
}

export class RunQuery extends PageQuery {}

export class CostBreakdownView {
  @ApiProperty() travel: number;
  @ApiProperty() rating: number;
  @ApiProperty() coverage: number;
  @ApiProperty() priority: number;
  @ApiProperty() grassroots: number;
  @ApiProperty() lateness: number;
  @ApiProperty() load: number;
  @ApiPropertyOptional({ description: 'tour stops: the night away before this stop' }) nights?: number;
  @ApiPropertyOptional({ description: 'orders that name a lecturer (点名): what giving it to another costs, 0 for the one named' })
  named?: number;
  @ApiProperty() total: number;
}

export class ReasonView {
  @ApiProperty() code: string;
  @ApiProperty() message: string;
  @ApiProperty() messageZh: string;
  @ApiPropertyOptional() count?: number;
}

export class AssignedView {
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({ format: 'uuid' }) lecturerId: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() travelKm: number;
  @ApiProperty() cost: number;
  @ApiProperty({ type: CostBreakdownView }) breakdown: CostBreakdownView;
  @ApiPropertyOptional({ description: 'real runs: whether the offer was made (false: the order changed meanwhile, or `clashesWithPlan`)' })
  offered?: boolean;
  @ApiPropertyOptional({
    description:
      "true: not offered, its drive (or a tour's night away or drive home) would overlap the lecturer's bookings or another lecture of this plan for the same lecturer (dry runs say so too)",
  })
  clashesWithPlan?: true;
  @ApiPropertyOptional({ description: 'index into `tours` when the lecture is a stop of a tour' }) tourIndex?: number;
}

export class TourStopView {
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({ format: 'uuid' }) branchId: string;
  @ApiProperty() startsAt: string;
}

export class TourLegView {
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: "null: the lecturer's home" }) fromOrderId: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: "null: the lecturer's home" }) toOrderId: string | null;
  @ApiProperty() km: number;
}

/** Stops of one lecturer on consecutive days, driven village to village (巡回宣讲). */
export class TourView {
  @ApiProperty({ format: 'uuid' }) lecturerId: string;
  @ApiProperty({ type: [TourStopView] }) stops: TourStopView[];
  @ApiProperty({ type: [TourLegView], description: 'home → first stop → … → last stop → home' }) legs: TourLegView[];
  @ApiProperty({ description: 'km driven on the tour' }) km: number;
  @ApiProperty({ description: 'km of the same lectures as separate trips from home and back' }) kmIfSeparate: number;
  @ApiProperty() nights: number;
}

/** How good a plan with tours is known to be. */
export class TourBoundView {
  @ApiProperty({ description: 'total cost of the plan without tours (the min-cost flow optimum)' }) costWithoutTours: number;
  @ApiProperty({ description: 'proven lower bound on the optimum with tours' }) lowerBound: number;
  @ApiProperty({ description: '(totalCost − lowerBound) / lowerBound' }) gap: number;
}

export class UnassignedView {
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({ type: [ReasonView] }) reasons: ReasonView[];
}

export class RunSummaryView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) runBy: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) scopeRegionId: string | null;
  @ApiProperty() dryRun: boolean;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'the first instant of the period asked for; null: none asked' })
  periodFrom: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'the instant the period asked for ends, itself not included (a date `to` ends at the next midnight); null: none asked',
  })
  periodTo: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'the dry run this run confirmed' })
  confirmsRunId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'a dry run: the run that confirmed it, if one did' })
  confirmedByRunId: string | null;
  @ApiProperty() ordersConsidered: number;
  @ApiProperty() lecturersConsidered: number;
  @ApiProperty() assignedCount: number;
  @ApiProperty() unassignedCount: number;
  @ApiProperty() offersMade: number;
  @ApiProperty({ description: 'proposals not offered: the order changed meanwhile, or `clashesWithPlan`' }) skipped: number;
  @ApiProperty({
    description: "the plan's cost: every assigned lecture's cost plus each unassigned order's penalty (what the scheduler minimises)",
  })
  totalCost: number;
  @ApiProperty() durationMs: number;
}

/** A whole run: its summary and every proposal with its breakdown, every unserved order with its reasons. */
/** What a run planned with beyond its period: a confirmation plans with its dry run's. */
export class RunSettingsView {
  @ApiProperty({ description: 'whether the run chained lectures into tours' }) tours: boolean;
  @ApiProperty({ type: WeightsDto, description: "the weights the run was asked to override (the rest are the platform's)" })
  weights: WeightsDto;
}

export class RunView extends RunSummaryView {
  @ApiProperty({ type: [AssignedView] }) assigned: AssignedView[];
  @ApiProperty({ type: [UnassignedView] }) unassigned: UnassignedView[];
  @ApiProperty({ type: [TourView], description: 'empty when the run planned without tours' }) tours: TourView[];
  @ApiPropertyOptional({ type: TourBoundView, description: 'runs with tours' }) bound?: TourBoundView;
  @ApiPropertyOptional({ type: RunSettingsView, description: 'absent for runs made before it was kept' }) settings?: RunSettingsView;
}

export class RunPage extends PageFields {
  @ApiProperty({ type: [RunSummaryView] }) items: RunSummaryView[];
}

export class CandidateView {
  @ApiProperty({ format: 'uuid' }) lecturerId: string;
  @ApiProperty() name: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() travelKm: number;
  @ApiProperty() cost: number;
  @ApiProperty({ type: CostBreakdownView }) breakdown: CostBreakdownView;
}

export class ExcludedView {
  @ApiProperty({ format: 'uuid' }) lecturerId: string;
  @ApiProperty() code: string;
  @ApiProperty() message: string;
  @ApiProperty() messageZh: string;
}

export class CandidatesView {
  @ApiProperty({ format: 'uuid' }) orderId: string;
  @ApiProperty({ type: [CandidateView] }) candidates: CandidateView[];
  @ApiProperty({ description: 'eligible lecturers ranked below the limit' }) moreEligible: number;
  @ApiProperty({ type: [ExcludedView] }) excluded: ExcludedView[];
  @ApiProperty({ type: [ReasonView] }) reasons: ReasonView[];
}
