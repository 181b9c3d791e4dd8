import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';

export class ImportQuery {
  @ApiPropertyOptional({ default: false, description: 'true: check every row and report, write nothing' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  dryRun?: boolean;
}

export class ImportProblemView {
  @ApiProperty({ description: 'as the spreadsheet numbers it: the header is row 1' }) row: number;
  @ApiProperty({ description: 'the column, by its Chinese header' }) column: string;
  @ApiProperty() value: string;
  @ApiProperty() code: string;
  @ApiProperty({ description: 'in Chinese' }) message: string;
}

export class TemporaryPasswordRow {
  @ApiProperty() username: string;
  @ApiProperty() temporaryPassword: string;
}

export class ImportReport {
  @ApiProperty() kind: string;
  @ApiProperty() dryRun: boolean;
  @ApiProperty({ description: 'data rows read (the header and empty lines not counted)' }) rows: number;
  @ApiProperty() created: number;
  @ApiProperty() updated: number;
  @ApiProperty() unchanged: number;
  @ApiProperty({ type: [ImportProblemView], description: 'every problem of every row; any problem means nothing was written' })
  errors: ImportProblemView[];
  @ApiProperty({
    type: [String],
    description: "the file's headers that name no column of this kind, as written: not read (a misspelt header is one)",
  })
  ignoredColumns: string[];
  @ApiPropertyOptional({ type: [TemporaryPasswordRow], description: 'accounts only: the new accounts’ temporary passwords, shown once' })
  passwords?: TemporaryPasswordRow[];
}
