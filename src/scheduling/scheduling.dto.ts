import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsNumber, IsOptional, Max, Min, ValidateNested } from 'class-validator';
import { PageFields, PageQuery } from '../common/pagination.js';
import { IsInstant } from '../common/validation.js';

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
}

export class RunDto {
  @ApiPropertyOptional({ description: 'orders whose window reaches this instant or later' }) @IsOptional() @IsInstant() from?: string;
  @ApiPropertyOptional({ description: 'orders whose window starts before this instant' }) @IsOptional() @IsInstant() to?: string;
  @ApiPropertyOptional({ default: false, description: 'propose only; make no offers' }) @IsOptional() @IsBoolean() dryRun?: boolean;
  @ApiPropertyOptional({ type: WeightsDto }) @IsOptional() @ValidateNested() @Type(() => WeightsDto) weights?: WeightsDto;
}

export class CandidatesQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 50, default: 5 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(50) limit: number =
    5;
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
  @ApiPropertyOptional({ description: 'real runs: whether the offer was made (false: the order changed meanwhile)' }) offered?: boolean;
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
  @ApiProperty() ordersConsidered: number;
  @ApiProperty() lecturersConsidered: number;
  @ApiProperty() assignedCount: number;
  @ApiProperty() unassignedCount: number;
  @ApiProperty() offersMade: number;
  @ApiProperty({ description: 'proposals not offered because the order changed meanwhile' }) skipped: number;
  @ApiProperty() totalCost: number;
  @ApiProperty() durationMs: number;
}

/** A whole run: its summary and every proposal with its breakdown, every unserved order with its reasons. */
export class RunView extends RunSummaryView {
  @ApiProperty({ type: [AssignedView] }) assigned: AssignedView[];
  @ApiProperty({ type: [UnassignedView] }) unassigned: UnassignedView[];
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
