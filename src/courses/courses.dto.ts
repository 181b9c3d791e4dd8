import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { PageFields, PageQuery } from '../common/pagination.js';
import { OptionalCode, IsFilledText, IsId } from '../common/validation.js';
import { FORMATS, type LectureFormat, LECTURER_CATEGORIES, LECTURER_LEVELS } from '../kernel/vocabulary.js';

export class CreateCourseDto {
  @ApiProperty({ maxLength: 200, example: '学习贯彻党的二十大精神' }) @IsFilledText(200) title: string;
  @OptionalCode() code?: string;
  @ApiProperty({ example: 'theory' }) @IsFilledText(100) topic: string;
  @ApiPropertyOptional({ maxLength: 2000 }) @IsOptional() @IsString() @MaxLength(2000) description?: string;
  @ApiProperty({ type: 'integer', minimum: 15, maximum: 600, example: 90 }) @IsInt() @Min(15) @Max(600) durationMinutes: number;
  @ApiProperty({ maxItems: 100, enum: FORMATS, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsIn(FORMATS, { each: true })
  formats: LectureFormat[];
  @ApiProperty({ maxItems: 100, type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsId({ each: true })
  lecturerIds: string[];
}

/** What a city-wide admin corrects on the menu: any field; `lecturerIds`, when given, is the whole new list. */
export class UpdateCourseDto extends PartialType(CreateCourseDto) {}

export class CourseQuery extends PageQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) topic?: string;
  @ApiPropertyOptional({ enum: FORMATS }) @IsOptional() @IsIn(FORMATS) format?: LectureFormat;
  @ApiPropertyOptional({ format: 'uuid' }) @IsOptional() @IsId() lecturerId?: string;
}

export class CourseLecturerView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: LECTURER_CATEGORIES }) category: string;
  @ApiProperty({ enum: LECTURER_LEVELS }) level: string;
}

export class CourseView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiPropertyOptional({ description: "the office's own code (编码), when it has one" }) code?: string;
  @ApiProperty() title: string;
  @ApiProperty() topic: string;
  @ApiProperty({ nullable: true, type: String }) description: string | null;
  @ApiProperty() durationMinutes: number;
  @ApiProperty({ enum: FORMATS, isArray: true }) formats: LectureFormat[];
  @ApiProperty({ type: [String], format: 'uuid', description: 'the lecturers who give it, as POST /courses takes them' })
  lecturerIds: string[];
  @ApiProperty({ type: [CourseLecturerView] }) lecturers: CourseLecturerView[];
}

export class CoursePage extends PageFields {
  @ApiProperty({ type: [CourseView] }) items: CourseView[];
}
