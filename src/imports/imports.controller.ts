import { Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiParam, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { type Actor, CurrentActor, Roles } from '../auth/actor.js';
import { CommonErrors } from '../common/domain-error.js';
import { IMPORT_KIND_ZH } from '../i18n/imports-zh.js';
import { ImportQuery, ImportReport } from './imports.dto.js';
import { ImportsService } from './imports.service.js';
import { IMPORT_KINDS, type ImportKind } from './sheet-spec.js';
import { sendWorkbook, uploadedFile } from './upload.js';
import { TakesUpload, unreadFields } from '../common/unread-inputs.js';

/** A kind in the path: one of IMPORT_KINDS, else there is no such route. */
export function importKind(kind: string): ImportKind {
  if (!(IMPORT_KINDS as readonly string[]).includes(kind)) throw CommonErrors.ROUTE_NOT_FOUND();
  return kind as ImportKind;
}

const KIND_PARAM = { name: 'kind', enum: IMPORT_KINDS };
const FILE = { schema: { type: 'string', format: 'binary' } };

@ApiTags('imports')
@ApiBearerAuth()
@Roles('admin')
@Controller('imports')
export class ImportsController {
  constructor(private readonly imports: ImportsService) {}

  @Get('templates/:kind')
  @ApiParam(KIND_PARAM)
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({
    description: 'the .xlsx template: Chinese headers, drop-down lists, one example row, a sheet explaining each column',
    ...FILE,
  })
  async template(@Param('kind') kind: string, @Res() res: Response): Promise<void> {
    const k = importKind(kind);
    sendWorkbook(res, await this.imports.template(k), `template-${k}.xlsx`, `${IMPORT_KIND_ZH[k]}导入模板.xlsx`);
  }

  @Get(':kind/export')
  @ApiParam(KIND_PARAM)
  @ApiProduces('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
  @ApiOkResponse({ description: "the rows in the admin's scope in the template's shape: importing it again changes nothing", ...FILE })
  async export(@CurrentActor() actor: Actor, @Param('kind') kind: string, @Res() res: Response): Promise<void> {
    const k = importKind(kind);
    sendWorkbook(res, await this.imports.export(actor, k), `${k}.xlsx`, `${IMPORT_KIND_ZH[k]}.xlsx`);
  }

  @Post(':kind')
  @HttpCode(200)
  @ApiParam(KIND_PARAM)
  @TakesUpload()
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      properties: {
        file: {
          type: 'string',
          format: 'binary',
          description:
            '.xlsx, or .csv in UTF-8 or GB18030 (or Excel\u2019s tab-separated Unicode text, UTF-16); at most 20 MB and 50,000 rows',
        },
      },
    },
  })
  @ApiOkResponse({ type: ImportReport })
  async import(
    @CurrentActor() actor: Actor,
    @Param('kind') kind: string,
    @Query() q: ImportQuery,
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ImportReport> {
    const k = importKind(kind);
    const upload = await uploadedFile(req, res);
    // The pages' form sends its CSRF field beside the file; the API reads the file alone.
    const unread = Object.keys(upload?.body ?? {});
    if (unread.length > 0) throw unreadFields(unread);
    return this.imports.import(actor, k, upload?.buffer, q.dryRun ?? false);
  }
}
