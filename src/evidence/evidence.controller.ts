import {
  type ArgumentsHost,
  BadRequestException,
  Catch,
  Controller,
  type ExceptionFilter,
  Get,
  Headers,
  PayloadTooLargeException,
  Post,
  Query,
  Res,
  UploadedFile,
  UseFilters,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOkResponse, ApiProduces, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type Actor, CurrentActor, Roles } from '../auth/actor.js';
import { PageQuery } from '../common/pagination.js';
import { sendProblem } from '../common/problem.filter.js';
import { UuidParam } from '../common/validation.js';
import { EvidenceList, EvidenceView } from './evidence.dto.js';
import { EvidenceErrors, MAX_PHOTO_BYTES } from './evidence.errors.js';
import { EvidenceService } from './evidence.service.js';
import { TakesUpload } from '../common/unread-inputs.js';

/**
 * The upload's refusals in its own words: a photo over the limit as such, not as the API's 100 KB body limit;
 * another field, or a file under another name, as the one field to send (the upload reads `photo` alone).
 */
@Catch(PayloadTooLargeException, BadRequestException)
class PhotoUploadFilter implements ExceptionFilter {
  catch(e: PayloadTooLargeException | BadRequestException, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const error =
      e instanceof PayloadTooLargeException
        ? EvidenceErrors.EVIDENCE_PHOTO_TOO_LARGE()
        : EvidenceErrors.EVIDENCE_PHOTO_REQUIRED(`Send the image alone, as the multipart field "photo" (${e.message}).`);
    sendProblem(http.getResponse<Response>(), http.getRequest<Request>(), error);
  }
}

@ApiTags('orders')
@ApiBearerAuth()
@Controller('orders')
export class OrderEvidenceController {
  constructor(private readonly evidence: EvidenceService) {}

  @Post(':id/evidence')
  @Roles('lecturer')
  @UseFilters(PhotoUploadFilter)
  @UseInterceptors(FileInterceptor('photo', { limits: { fileSize: MAX_PHOTO_BYTES, files: 1, fields: 0 } }))
  @TakesUpload()
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { photo: { type: 'string', format: 'binary' } }, required: ['photo'] } })
  @ApiHeader({
    name: 'idempotency-key',
    required: false,
    description: 'the same key and photo return the photo stored the first time (200); another photo is a 422',
  })
  @ApiResponse({ status: 201, type: EvidenceView, description: 'the photo as stored; 200 when the Idempotency-Key was sent before' })
  async upload(
    @CurrentActor() actor: Actor,
    @UuidParam() id: string,
    @Res({ passthrough: true }) res: Response,
    @UploadedFile() file?: { buffer: Buffer },
    @Headers('idempotency-key') key?: string,
  ): Promise<EvidenceView> {
    const { view, replayed } = await this.evidence.upload(actor, id, file?.buffer, key);
    res.status(replayed ? 200 : 201);
    if (replayed) res.setHeader('Idempotent-Replayed', 'true');
    return view;
  }

  @Get(':id/evidence')
  @Roles('admin', 'branch', 'lecturer')
  @ApiOkResponse({ type: EvidenceList })
  list(@CurrentActor() actor: Actor, @UuidParam() id: string, @Query() q: PageQuery): Promise<EvidenceList> {
    return this.evidence.page(actor, id, q);
  }
}

@ApiTags('orders')
@ApiBearerAuth()
@Controller('evidence')
export class EvidenceImageController {
  constructor(private readonly evidence: EvidenceService) {}

  @Get(':id')
  @Roles('admin', 'branch', 'lecturer')
  @ApiProduces('image/jpeg')
  @ApiOkResponse({
    description: 'the photo as stored: a JPEG, re-encoded, its metadata stripped',
    schema: { type: 'string', format: 'binary' },
  })
  async image(@CurrentActor() actor: Actor, @UuidParam() id: string, @Res() res: Response): Promise<void> {
    const bytes = await this.evidence.image(actor, id);
    // A stored photo never changes: the person's own browser may keep it (for the offline pages), no shared cache.
    res.setHeader('Cache-Control', 'private, max-age=31536000, immutable');
    res.type('image/jpeg').send(bytes);
  }
}
