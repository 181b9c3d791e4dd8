import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { PageFields } from '../common/pagination.js';

export class EvidenceView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'the stored image (JPEG)' }) url: string;
  @ApiProperty() width: number;
  @ApiProperty() height: number;
  @ApiProperty() bytes: number;
  @ApiPropertyOptional({ description: "when it was taken, from the photo's EXIF" }) takenAt?: string;
  @ApiPropertyOptional() latitude?: number;
  @ApiPropertyOptional() longitude?: number;
  @ApiPropertyOptional({ description: 'how far from the ordering branch it was taken' }) kmFromBranch?: number;
}

export class EvidenceList extends PageFields {
  @ApiProperty({ type: [EvidenceView] }) items: EvidenceView[];
}
