import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsLatitude,
  IsLongitude,
  IsNumber,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { PageFields, PageQuery } from '../common/pagination.js';
import { IsPeriodBound } from '../common/period.js';
import { OptionalCode, IsFilledText, GivenWith, HasVisibleText, NestedList, IsId } from '../common/validation.js';
import { MAX_TRAVEL_RADIUS_KM } from '../kernel/geo.js';
import {
  FORMATS,
  type LectureFormat,
  LECTURER_CATEGORIES,
  LECTURER_LEVELS,
  type LecturerCategory,
  type LecturerLevel,
  TOPICS,
} from '../kernel/vocabulary.js';

/** Language codes: zh, mn (Mongolian) or any other two/three-letter code. */
export const LANGUAGE = /^[a-z]{2,3}$/;

export class CreateLecturerDto {
  @ApiProperty({ maxLength: 200, example: '乌云其其格' }) @IsFilledText(200) name: string;
  @OptionalCode() code?: string;
  @ApiProperty({ enum: LECTURER_CATEGORIES }) @IsIn(LECTURER_CATEGORIES) category: LecturerCategory;
  @ApiProperty({ enum: LECTURER_LEVELS }) @IsIn(LECTURER_LEVELS) level: LecturerLevel;
  @ApiProperty({ format: 'uuid' }) @IsId() regionId: string;
  @ApiPropertyOptional({ description: "default: the home region's" })
  @IsOptional()
  @IsNumber()
  @IsLatitude()
  @GivenWith('longitude')
  latitude?: number;
  @ApiPropertyOptional({ description: "default: the home region's" })
  @IsOptional()
  @IsNumber()
  @IsLongitude()
  @GivenWith('latitude')
  longitude?: number;
  @ApiProperty({
    maxItems: 100,
    type: [String],
    example: ['theory', 'party_history'],
    description: `menu topics (${TOPICS.join(', ')}) or others`,
  })
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @HasVisibleText({ each: true })
  @MaxLength(100, { each: true })
  topics: string[];
  @ApiProperty({ maxItems: 100, type: [String], example: ['zh', 'mn'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @Matches(LANGUAGE, { each: true, message: 'each language must be a 2-3 letter code such as zh or mn' })
  languages: string[];
  @ApiProperty({ maxItems: 100, enum: FORMATS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsIn(FORMATS, { each: true })
  formats: LectureFormat[];
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100 }) @IsInt() @Min(0) @Max(100) maxLecturesPerMonth: number;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: MAX_TRAVEL_RADIUS_KM })
  @IsInt()
  @Min(0)
  @Max(MAX_TRAVEL_RADIUS_KM)
  travelRadiusKm: number;
}

export class UpdateLecturerDto extends PartialType(CreateLecturerDto) {}

/**
 * Fields a lecturer may not change on their own profile: the organisation's decisions, their home (the admin's
 * scope) and the office's code for them (what its imports match on: a changed code makes the next import a new lecturer).
 */
export const ADMIN_ONLY_FIELDS = ['category', 'level', 'maxLecturesPerMonth', 'regionId', 'latitude', 'longitude', 'code'] as const;
/** The widest travel radius a lecturer may set themself (Hulunbuir is ~700 km across); wider only by an admin. */
export const SELF_SET_RADIUS_CAP_KM = 500;

export class LecturerQuery extends PageQuery {
  @ApiPropertyOptional({ enum: LECTURER_CATEGORIES }) @IsOptional() @IsIn(LECTURER_CATEGORIES) category?: LecturerCategory;
  @ApiPropertyOptional({ enum: LECTURER_LEVELS }) @IsOptional() @IsIn(LECTURER_LEVELS) level?: LecturerLevel;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) topic?: string;
  @ApiPropertyOptional() @IsOptional() @Matches(LANGUAGE) language?: string;
  @ApiPropertyOptional({ format: 'uuid', description: 'home region in this subtree' }) @IsOptional() @IsId() regionId?: string;
}

const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export class WeeklyWindowDto {
  @ApiProperty({ type: 'integer', minimum: 1, maximum: 7, description: '1 = Monday … 7 = Sunday' })
  @IsInt()
  @Min(1)
  @Max(7)
  weekday: number;
  @ApiProperty({ example: '09:00' }) @Matches(HHMM, { message: 'from must be HH:MM' }) from: string;
  @ApiProperty({ example: '17:30', description: '"24:00" is the end of the day' })
  @Matches(HHMM, { message: 'to must be HH:MM (24:00 allowed)' })
  to: string;
}

export class AvailabilityExceptionDto {
  @ApiProperty({ example: '2026-07-01', description: 'a date (from its start, Asia/Shanghai) or a date-time with offset' })
  @IsPeriodBound()
  from: string;
  @ApiProperty({ example: '2026-07-10', description: 'a date (to its end: the day is inclusive) or a date-time with offset' })
  @IsPeriodBound()
  to: string;
  @ApiPropertyOptional({ maxLength: 2000, example: '休假' }) @IsOptional() @IsString() @MaxLength(2000) reason?: string;
}

export class AvailabilityDto {
  @ApiProperty({ maxItems: 100, type: [WeeklyWindowDto] }) @NestedList(() => WeeklyWindowDto) weekly: WeeklyWindowDto[];
  @ApiPropertyOptional({
    maxItems: 100,
    type: [AvailabilityExceptionDto],
    description: 'left out: the dated unavailability stored stays as it is (a client that sets the weekly pattern alone)',
  })
  @IsOptional()
  @NestedList(() => AvailabilityExceptionDto)
  exceptions?: AvailabilityExceptionDto[];
}

export class RatingView {
  @ApiProperty({ nullable: true, type: Number, description: 'mean score 1-5, null before the first rating' }) mean: number | null;
  @ApiProperty() count: number;
}

export class LecturerView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ description: "the office's own code (编码), when it has one" }) code?: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: LECTURER_CATEGORIES }) category: LecturerCategory;
  @ApiProperty({ enum: LECTURER_LEVELS }) level: LecturerLevel;
  @ApiProperty({ format: 'uuid' }) regionId: string;
  @ApiProperty() latitude: number;
  @ApiProperty() longitude: number;
  @ApiProperty({ type: [String] }) topics: string[];
  @ApiProperty({ type: [String] }) languages: string[];
  @ApiProperty({ enum: FORMATS, isArray: true }) formats: string[];
  @ApiProperty() maxLecturesPerMonth: number;
  @ApiProperty() travelRadiusKm: number;
  @ApiProperty({ type: RatingView }) rating: RatingView;
}

export class LecturerPage extends PageFields {
  @ApiProperty({ type: [LecturerView] }) items: LecturerView[];
}
