import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { IsIn, IsInt, IsLatitude, IsLongitude, IsNumber, IsOptional, Max, Min } from 'class-validator';
import { PageFields, PageQuery } from '../common/pagination.js';
import { OptionalCode, IsFilledText, GivenWith, IsId } from '../common/validation.js';
import { BRANCH_KINDS, type BranchKind } from '../kernel/vocabulary.js';

export class CreateBranchDto {
  @ApiProperty({ maxLength: 200, example: '呼和诺尔嘎查党支部' }) @IsFilledText(200) name: string;
  @OptionalCode() code?: string;
  @ApiProperty({ format: 'uuid' }) @IsId() regionId: string;
  @ApiProperty({ enum: BRANCH_KINDS }) @IsIn(BRANCH_KINDS) kind: BranchKind;
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 100000 }) @IsInt() @Min(0) @Max(100000) memberCount: number;
  @ApiPropertyOptional({ description: "default: the region's" })
  @IsOptional()
  @IsNumber()
  @IsLatitude()
  @GivenWith('longitude')
  latitude?: number;
  @ApiPropertyOptional({ description: "default: the region's" })
  @IsOptional()
  @IsNumber()
  @IsLongitude()
  @GivenWith('latitude')
  longitude?: number;
}

/** What an admin corrects: any field of the form; a branch moved to another region without coordinates takes the region's. */
export class UpdateBranchDto extends PartialType(CreateBranchDto) {}

export class BranchQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'branches in this region subtree' }) @IsOptional() @IsId() regionId?: string;
  @ApiPropertyOptional({ enum: BRANCH_KINDS }) @IsOptional() @IsIn(BRANCH_KINDS) kind?: BranchKind;
}

export class BranchView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ description: "the office's own code (编码), when it has one" }) code?: string;
  @ApiProperty() name: string;
  @ApiProperty({ format: 'uuid' }) regionId: string;
  @ApiProperty({ enum: BRANCH_KINDS }) kind: BranchKind;
  @ApiProperty() memberCount: number;
  @ApiProperty() latitude: number;
  @ApiProperty() longitude: number;
}

export class BranchPage extends PageFields {
  @ApiProperty({ type: [BranchView] }) items: BranchView[];
}
