import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsLatitude, IsLongitude, IsNumber, IsOptional } from 'class-validator';
import { PageFields, PageQuery } from '../common/pagination.js';
import { OptionalCode, IsFilledText, IsId } from '../common/validation.js';
import { REGION_LEVELS, type RegionLevel } from '../kernel/vocabulary.js';

const toBool = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

export class CreateRegionDto {
  @ApiProperty({ maxLength: 200, example: '巴彦嵯岗苏木' }) @IsFilledText(200) name: string;
  @OptionalCode() code?: string;
  @ApiProperty({ enum: REGION_LEVELS }) @IsIn(REGION_LEVELS) level: RegionLevel;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsId() parentId?: string;
  @ApiProperty({ example: 49.21 }) @IsNumber() @IsLatitude() latitude: number;
  @ApiProperty({ example: 119.76 }) @IsNumber() @IsLongitude() longitude: number;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() border?: boolean;
  @ApiPropertyOptional() @IsOptional() @IsBoolean() remote?: boolean;
  @ApiPropertyOptional({ description: 'party education is weak here (党员教育薄弱)' }) @IsOptional() @IsBoolean() weak?: boolean;
}

/** The tree's shape (level, parent) is fixed once created; names, places and flags can change. */
export class UpdateRegionDto extends PartialType(
  PickType(CreateRegionDto, ['name', 'code', 'latitude', 'longitude', 'border', 'remote', 'weak'] as const),
) {}

export class RegionQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REGION_LEVELS }) @IsOptional() @IsIn(REGION_LEVELS) level?: RegionLevel;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsId() parentId?: string;
  @ApiPropertyOptional({ description: 'only nodes under this one (itself included)', format: 'uuid' })
  @IsOptional()
  @IsId()
  within?: string;
  @ApiPropertyOptional() @IsOptional() @Transform(toBool) @IsBoolean() remote?: boolean;
  @ApiPropertyOptional() @IsOptional() @Transform(toBool) @IsBoolean() border?: boolean;
  @ApiPropertyOptional() @IsOptional() @Transform(toBool) @IsBoolean() weak?: boolean;
}

export class RegionView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ description: "the office's own code (编码), when it has one" }) code?: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: REGION_LEVELS }) level: RegionLevel;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) parentId: string | null;
  @ApiProperty() latitude: number;
  @ApiProperty() longitude: number;
  @ApiProperty() border: boolean;
  @ApiProperty() remote: boolean;
  @ApiProperty() weak: boolean;
}

export class RegionPage extends PageFields {
  @ApiProperty({ type: [RegionView] }) items: RegionView[];
}
