import { IsFilledText, IsId } from '../common/validation.js';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { PageFields, PageQuery } from '../common/pagination.js';
import { IsPeriodBound, PeriodQuery } from '../common/period.js';
import type { CampaignStatus } from './campaign-progress.js';
import { BRANCH_KINDS, REGION_LEVELS, type RegionLevel } from '../kernel/vocabulary.js';

// ---- queries -------------------------------------------------------------------------------------

/** `?from&to&regionId`: a period (default: this calendar year in Asia/Shanghai) and a region subtree (default: the admin's scope). */
export class CoverageQuery extends PeriodQuery {
  @ApiPropertyOptional({ format: 'uuid', description: "root of the region subtree; default: the admin's scope (the city for a city-wide admin)" })
  @IsOptional() @IsId() regionId?: string;
}

export const EXPORT_FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export class CoverageExportQuery extends CoverageQuery {
  @ApiPropertyOptional({ enum: EXPORT_FORMATS, default: 'csv', description: 'csv: UTF-8 with BOM (opens in Excel); xlsx: an Excel workbook' })
  @IsOptional() @IsIn(EXPORT_FORMATS) format?: ExportFormat;
}

// ---- coverage ------------------------------------------------------------------------------------

const COUNTS = { type: 'object', additionalProperties: { type: 'integer' } } as const;

export class PeriodView {
  @ApiProperty({ example: '2026-01-01', description: 'first day counted (Asia/Shanghai)' }) from: string;
  @ApiProperty({ example: '2026-12-31', description: 'last day counted (Asia/Shanghai), inclusive' }) to: string;
}

/** The figures of a set of branches over a period. */
export class CoverageFigures {
  @ApiProperty({ description: 'party branches (党组织)' }) branches: number;
  @ApiProperty({ description: 'branches with at least one lecture given in the period' }) branchesReached: number;
  @ApiProperty({ type: Number, nullable: true, description: 'branchesReached ÷ branches (0–1); null without branches' }) reachRate: number | null;
  @ApiProperty({ description: 'lectures given (completed orders, by the date given)' }) lectures: number;
  @ApiProperty({ description: 'attendance (人次)' }) attendance: number;
  @ApiProperty({ ...COUNTS, description: "lectures by the lecturer's category (类别) when given", example: { expert_scholar: 3, five_elders: 1 } })
  byCategory: Record<string, number>;
  @ApiProperty({ ...COUNTS, description: "lectures by the lecturer's level (层级) when given", example: { city: 1, banner: 2, township: 1 } })
  byLevel: Record<string, number>;
  @ApiProperty({ ...COUNTS, description: 'lectures by format', example: { on_site: 2, online: 1, field: 0, mobile: 1 } })
  byFormat: Record<string, number>;
  @ApiProperty({ ...COUNTS, description: 'lectures by topic (menu topics, and custom topics that occur)', example: { theory: 2, policy: 2 } })
  byTopic: Record<string, number>;
}

/** One node of the region tree, its figures rolled up over its whole subtree. */
export class RegionCoverage extends CoverageFigures {
  @ApiProperty({ format: 'uuid' }) regionId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: REGION_LEVELS }) level: RegionLevel;
  @ApiProperty({ format: 'uuid', type: String, nullable: true }) parentId: string | null;
  @ApiProperty({ description: 'levels below the queried root (0: the root itself)' }) depth: number;
  @ApiProperty() border: boolean;
  @ApiProperty() remote: boolean;
  @ApiProperty({ description: 'marked weak, or lying under a region so marked: as its branches count' }) weak: boolean;
}

export class GroupFigures {
  @ApiProperty() branches: number;
  @ApiProperty() branchesReached: number;
  @ApiProperty({ type: Number, nullable: true }) reachRate: number | null;
  @ApiProperty() lectures: number;
  @ApiProperty() attendance: number;
  @ApiProperty({ type: Number, nullable: true, description: 'lectures ÷ branches: comparable between groups of different size' }) lecturesPerBranch: number | null;
}

/** The groups the coverage compares, in the order it shows them; a branch may be in several of the first three. */
export const PRIORITY_GROUPS = ['remote', 'border', 'weak', 'other'] as const;
export type PriorityGroup = (typeof PRIORITY_GROUPS)[number];

/**
 * Branches grouped by their region's flags, as the scheduler weighs them: remote and border the region's own, weak
 * its own mark or one above it (`weakOnPathSql`); a remote border village counts in both groups; `other` has none.
 */
export class PriorityGroups {
  @ApiProperty({ type: GroupFigures, description: 'remote regions (牧区 / far from a banner seat)' }) remote: GroupFigures;
  @ApiProperty({ type: GroupFigures, description: 'border regions (边境)' }) border: GroupFigures;
  @ApiProperty({ type: GroupFigures, description: 'regions marked weak (党员教育薄弱), or lying under a region so marked' }) weak: GroupFigures;
  @ApiProperty({ type: GroupFigures, description: 'the rest: none of the three' }) other: GroupFigures;
}

export class UnreachedBranch {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: BRANCH_KINDS }) kind: string;
  @ApiProperty({ format: 'uuid' }) regionId: string;
  @ApiProperty() regionName: string;
  @ApiProperty() border: boolean;
  @ApiProperty() remote: boolean;
  @ApiProperty() weak: boolean;
}

export class CoverageView {
  @ApiProperty({ type: PeriodView }) period: PeriodView;
  @ApiProperty({ format: 'uuid', description: 'root of the subtree counted' }) regionId: string;
  @ApiProperty({ type: CoverageFigures, description: 'the whole subtree (equal to the root row of `regions`)' }) totals: CoverageFigures;
  @ApiProperty({ type: [RegionCoverage], description: 'every node of the subtree, parents before their children, siblings by name' }) regions: RegionCoverage[];
  @ApiProperty({ type: PriorityGroups }) priorityGroups: PriorityGroups;
  @ApiProperty({ type: [UnreachedBranch], description: 'branches with no lecture in the period (the "last mile"), by region' }) unreachedBranches: UnreachedBranch[];
}

// ---- lecturers' load -----------------------------------------------------------------------------

export class LecturerLoad {
  @ApiProperty({ format: 'uuid', description: 'the lecturer' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() category: string;
  @ApiProperty() level: string;
  @ApiProperty({ format: 'uuid', description: 'home region' }) regionId: string;
  @ApiProperty({ description: 'lectures given in the subtree in the period' }) lectures: number;
  @ApiProperty() attendance: number;
  @ApiProperty({ type: Number, nullable: true, description: "share of the subtree's lectures (0–1)" }) share: number | null;
}

export class LoadSpreadView {
  @ApiProperty({ description: 'lecturers counted: those at home in the subtree and those who lectured there' }) lecturers: number;
  @ApiProperty({ description: 'of them, with no lecture in the period' }) idle: number;
  @ApiProperty() lectures: number;
  @ApiProperty({ type: Number, nullable: true }) mean: number | null;
  @ApiProperty({ type: Number, nullable: true }) median: number | null;
  @ApiProperty() max: number;
  @ApiProperty({ type: Number, nullable: true, description: 'max ÷ mean; 1 is perfectly even' }) maxToMean: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Gini coefficient: 0 even, towards 1 all on one lecturer' }) gini: number | null;
}

export class LecturerLoadView {
  @ApiProperty({ type: PeriodView }) period: PeriodView;
  @ApiProperty({ format: 'uuid' }) regionId: string;
  @ApiProperty({ type: LoadSpreadView }) spread: LoadSpreadView;
  @ApiProperty({ type: [LecturerLoad], description: 'most lectures first' }) lecturers: LecturerLoad[];
}

// ---- campaigns -----------------------------------------------------------------------------------

export class CreateCampaignDto {
  @ApiProperty({ maxLength: 200, example: '百场党课下基层' }) @IsFilledText(200) name: string;
  @ApiProperty({ format: 'uuid', description: 'the region whose subtree the campaign covers' }) @IsId() regionId: string;
  @ApiProperty({ example: '2026-01-01', description: 'first day (Asia/Shanghai); a date-time names its local day' })
  @IsPeriodBound()
  from: string;
  @ApiProperty({ example: '2026-12-31', description: 'last day (Asia/Shanghai), inclusive; a date-time names its local day' })
  @IsPeriodBound()
  to: string;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 1_000_000, example: 100 }) @IsInt() @Min(1) @Max(1_000_000) targetLectures: number;
}

export class CampaignQuery extends PageQuery {}

export class CampaignProgressView {
  @ApiProperty() completedLectures: number;
  @ApiProperty() targetLectures: number;
  @ApiProperty() attendance: number;
  @ApiProperty() branchesReached: number;
  @ApiProperty({ description: 'completedLectures ÷ targetLectures in percent (one decimal; may pass 100)' }) percent: number;
  @ApiProperty({ description: 'lectures a steady pace would have given by the end of yesterday' }) expectedByNow: number;
  @ApiProperty({ description: 'completedLectures ≥ expectedByNow' }) onPace: boolean;
  @ApiProperty({ description: 'the target is met' }) achieved: boolean;
  @ApiProperty({ description: 'days left, today included; 0 once over' }) daysLeft: number;
  @ApiProperty({ enum: ['upcoming', 'running', 'ended'] }) status: CampaignStatus;
}

export class CampaignView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) regionId: string;
  @ApiProperty() regionName: string;
  @ApiProperty({ example: '2026-01-01' }) from: string;
  @ApiProperty({ example: '2026-12-31' }) to: string;
  @ApiProperty() targetLectures: number;
  // The contract names the progress figures beside the target: they are here as well as in `progress`.
  @ApiProperty({ description: 'the same as progress.completedLectures' }) completedLectures: number;
  @ApiProperty({ description: 'the same as progress.attendance' }) attendance: number;
  @ApiProperty({ description: 'the same as progress.branchesReached' }) branchesReached: number;
  @ApiProperty({ type: CampaignProgressView }) progress: CampaignProgressView;
  @ApiProperty() createdAt: string;
}

export class CampaignPage extends PageFields {
  @ApiProperty({ type: [CampaignView] }) items: CampaignView[];
}
