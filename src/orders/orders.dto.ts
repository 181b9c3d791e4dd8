import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageFields, PageQuery } from '../common/pagination.js';
import { IsPeriodBound } from '../common/period.js';
import { IsInstant, IsFilledText, IsId } from '../common/validation.js';
import { LANGUAGE } from '../lecturers/lecturers.dto.js';
import { FORMATS, type LectureFormat, ORDER_STATUSES, type OrderStatus } from '../kernel/vocabulary.js';

export class PlaceOrderDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'a menu course; or give topic and title for a custom order' })
  @IsOptional()
  @IsId()
  courseId?: string;
  @ApiPropertyOptional({ example: 'practical_skills' }) @IsOptional() @IsFilledText(100) topic?: string;
  @ApiPropertyOptional({ maxLength: 200, example: '牲畜疫病防治' }) @IsOptional() @IsFilledText(200) title?: string;
  @ApiProperty({ enum: FORMATS }) @IsIn(FORMATS) format: LectureFormat;
  @ApiProperty({ example: '2026-12-01T09:00:00+08:00' }) @IsInstant() earliestStart: string;
  @ApiProperty({ example: '2026-12-10T09:00:00+08:00' }) @IsInstant() latestStart: string;
  @ApiPropertyOptional({ type: 'integer', minimum: 15, maximum: 600, description: "default: the course's, or 90 for a custom order" })
  @IsOptional()
  @IsInt()
  @Min(15)
  @Max(600)
  durationMinutes?: number;
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 100000 }) @IsInt() @Min(1) @Max(100000) expectedAudience: number;
  @ApiProperty({ example: 'mn' }) @Matches(LANGUAGE, { message: 'language must be a 2-3 letter code such as zh or mn' }) language: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'a named lecturer (点名)' }) @IsOptional() @IsId() preferredLecturerId?: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) notes?: string;
}

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** Lectures whose photo evidence is doubtful: one taken farther than this from the ordering branch. */
export const FAR_FROM_BRANCH_KM = 20;
export const EVIDENCE_FILTERS = ['far', 'none'] as const;
export type EvidenceFilter = (typeof EVIDENCE_FILTERS)[number];

export class OrderQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ORDER_STATUSES }) @IsOptional() @IsIn(ORDER_STATUSES) status?: OrderStatus;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsId() branchId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'offered to or booked with this lecturer' })
  @IsOptional()
  @IsId()
  lecturerId?: string;
  @ApiPropertyOptional({ format: 'uuid', description: "ordering branch's region in this subtree" })
  @IsOptional()
  @IsId()
  regionId?: string;
  @ApiPropertyOptional({
    description:
      "open (pending) orders: a lecturer's, those they qualify for, to claim (抢单; a lecturer asking status=pending gets the same); an admin's or branch's, the pending orders it sees",
  })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  open?: boolean;
  @ApiPropertyOptional({ example: '2026-01-01', description: 'orders whose window reaches this date (Asia/Shanghai) or instant' })
  @IsOptional()
  @IsPeriodBound()
  from?: string;
  @ApiPropertyOptional({ example: '2026-12-31', description: 'orders whose window starts by this date (inclusive) or instant' })
  @IsOptional()
  @IsPeriodBound()
  to?: string;
  @ApiPropertyOptional({
    enum: EVIDENCE_FILTERS,
    description: `doubtful evidence: far (a photo taken more than ${FAR_FROM_BRANCH_KM} km from the branch) or none (given, no photo)`,
  })
  @IsOptional()
  @IsIn(EVIDENCE_FILTERS)
  evidence?: EvidenceFilter;
  @ApiPropertyOptional({ description: 'completed orders the branch has rated (true) or has still to rate (false, 待评价)' })
  @IsOptional()
  @Transform(toBool)
  @IsBoolean()
  rated?: boolean;
}

export class OfferDto {
  @ApiProperty({ format: 'uuid' }) @IsId() lecturerId: string;
  @ApiProperty({ example: '2026-12-03T09:00:00+08:00' }) @IsInstant() startsAt: string;
}

export class AcceptDto {
  @ApiPropertyOptional({
    description: 'required to claim an open order; for an offer, left out or the offered start (another: 409 OFFER_START_DIFFERS)',
  })
  @IsOptional()
  @IsInstant()
  startsAt?: string;
}

export class ReasonOptionalDto {
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class ReasonDto {
  @ApiProperty({ maxLength: 2000 }) @IsFilledText(2000) reason: string;
}

export class CompleteDto {
  @ApiPropertyOptional({ type: 'integer', minimum: 0, maximum: 100000, description: 'attendance (人次); default the sign-in count' })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(100000)
  attendance?: number;
  @ApiPropertyOptional({ description: 'actual start; default the booked start' }) @IsOptional() @IsInstant() startedAt?: string;
  @ApiProperty({ maxLength: 2000 }) @IsFilledText(2000) summary: string;
}

export class RatingDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 5 }) @IsInt() @Min(1) @Max(5) score: number;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) comment?: string;
}

export class HistoryEntryView {
  @ApiProperty() at: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'null: the system (an offer expired)' }) actorId: string | null;
  @ApiProperty({ enum: ORDER_STATUSES, nullable: true }) from: OrderStatus | null;
  @ApiProperty({ enum: ORDER_STATUSES }) to: OrderStatus;
  @ApiPropertyOptional({ format: 'uuid' }) lecturerId?: string;
  @ApiPropertyOptional() reason?: string;
}

export class BookingView {
  @ApiProperty({ format: 'uuid' }) lecturerId: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() endsAt: string;
}

export class OfferView {
  @ApiProperty({ format: 'uuid' }) lecturerId: string;
  @ApiProperty() startsAt: string;
  @ApiProperty() expiresAt: string;
}

export class CompletionView {
  @ApiProperty() attendance: number;
  @ApiProperty() startedAt: string;
  @ApiProperty() summary: string;
  @ApiProperty() completedAt: string;
}

export class OrderRatingView {
  @ApiProperty() score: number;
  @ApiProperty({ nullable: true, type: String }) comment: string | null;
  @ApiProperty() ratedAt: string;
}

export class OrderView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) branchId: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) courseId: string | null;
  @ApiProperty() topic: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: FORMATS }) format: LectureFormat;
  @ApiProperty() earliestStart: string;
  @ApiProperty() latestStart: string;
  @ApiProperty() durationMinutes: number;
  @ApiProperty() expectedAudience: number;
  @ApiProperty() language: string;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) preferredLecturerId: string | null;
  @ApiProperty({ nullable: true, type: String }) notes: string | null;
  @ApiProperty({ enum: ORDER_STATUSES }) status: OrderStatus;
  @ApiProperty({ type: OfferView, nullable: true }) offer: OfferView | null;
  @ApiProperty({ nullable: true, type: String }) offerExpiresAt: string | null;
  @ApiProperty({ type: BookingView, nullable: true }) booking: BookingView | null;
  @ApiProperty({ type: CompletionView, nullable: true }) completion: CompletionView | null;
  @ApiProperty({ type: OrderRatingView, nullable: true }) rating: OrderRatingView | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;
  @ApiProperty({ type: [HistoryEntryView] }) history: HistoryEntryView[];
}

export class OrderPage extends PageFields {
  @ApiProperty({ type: [OrderView] }) items: OrderView[];
}
