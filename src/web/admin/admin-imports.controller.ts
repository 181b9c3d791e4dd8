import { Controller, Get, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { IMPORT_COLUMNS_ZH, IMPORT_KIND_ZH } from '../../i18n/imports-zh.js';
import { toPageError } from '../../i18n/page-errors.js';
import { adminText } from '../../i18n/texts.js';
import { importKind } from '../../imports/imports.controller.js';
import type { ImportReport } from '../../imports/imports.dto.js';
import { ImportsService } from '../../imports/imports.service.js';
import { headerOf, IMPORT_KINDS, type ImportKind, SHEET_COLUMNS } from '../../imports/sheet-spec.js';
import { passwordsWorkbook } from '../../imports/sheet-writer.js';
import { sendWorkbook, type UploadRequest } from '../../imports/upload.js';
import { errorNotice, PageRenderer } from '../plumbing/page-renderer.js';
import { actorOf, type PageRequest, WebPages } from '../plumbing/web-page.guard.js';
import { type FormBody, list } from '../shared/form-fields.js';

/** The import pages (导入): per kind, the template and the export to download, the upload, and the check's report. */
@ApiExcludeController()
@WebPages('admin')
@Controller('admin/imports')
export class AdminImportsController {
  constructor(
    private readonly imports: ImportsService,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  index(@Res() res: Response): void {
    res.redirect(303, '/admin/imports/branches');
  }

  @Get(':kind')
  page(@Req() req: PageRequest, @Res() res: Response, @Param('kind') kind: string): void {
    this.show(req, res, importKind(kind));
  }

  @Get(':kind/template')
  async template(@Res() res: Response, @Param('kind') kind: string): Promise<void> {
    const k = importKind(kind);
    sendWorkbook(
      res,
      await this.imports.template(k),
      `template-${k}.xlsx`,
      adminText('admin.imports.templateFile', { kind: IMPORT_KIND_ZH[k] }),
    );
  }

  @Get(':kind/export')
  async export(@Req() req: PageRequest, @Res() res: Response, @Param('kind') kind: string): Promise<void> {
    const k = importKind(kind);
    sendWorkbook(res, await this.imports.export(actorOf(req), k), `${k}.xlsx`, `${IMPORT_KIND_ZH[k]}.xlsx`);
  }

  /** 检查 (a dry run) or 导入: the report either way; after a real import of accounts, their temporary passwords. */
  @Post(':kind')
  async upload(@Req() req: PageRequest & UploadRequest, @Res() res: Response, @Param('kind') kind: string): Promise<void> {
    const k = importKind(kind);
    const dryRun = (req.upload?.body.mode ?? (req.body as FormBody | undefined)?.mode) !== 'import';
    try {
      // multer's refusals are already ImportErrors (see upload.ts)
      if (req.uploadError instanceof Error) throw req.uploadError;
      const report = await this.imports.import(actorOf(req), k, req.upload?.buffer, dryRun);
      this.show(req, res, k, report);
    } catch (err) {
      const error = toPageError(err);
      if (error.status >= 500) throw err;
      this.pages.render(req, res, 'admin/imports.njk', { ...this.context(k), notice: errorNotice(error) }, error.status);
    }
  }

  /** The temporary passwords just shown, as a sheet to print (posted back from the page: the server keeps none). */
  @Post('accounts/passwords')
  async passwords(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    const body = req.body as FormBody;
    const usernames = list(body, 'username');
    const passwords = list(body, 'temporaryPassword');
    sendWorkbook(
      res,
      await passwordsWorkbook(usernames.map((username, i) => ({ username, temporaryPassword: passwords[i] ?? '' }))),
      'passwords.xlsx',
      `${adminText('admin.imports.temporaryPassword')}.xlsx`,
    );
  }

  private context(kind: ImportKind) {
    return {
      title: adminText('admin.imports.title', { kind: IMPORT_KIND_ZH[kind] }),
      kind,
      kindLabel: IMPORT_KIND_ZH[kind],
      kinds: IMPORT_KINDS.map((k) => ({ value: k, label: IMPORT_KIND_ZH[k] })),
      columns: SHEET_COLUMNS[kind].map((c) => ({
        header: headerOf(kind, c.key),
        required: c.required,
        note: IMPORT_COLUMNS_ZH[kind][c.key]?.note ?? '',
      })),
    };
  }

  private show(req: PageRequest, res: Response, kind: ImportKind, report?: ImportReport): void {
    const done = report && report.errors.length === 0;
    const notice = !report
      ? undefined
      : !done
        ? { kind: 'error', message: adminText('admin.imports.foundProblems', { n: report.errors.length }), fields: [] }
        : report.dryRun
          ? { kind: 'done', message: adminText('admin.imports.checkPassed'), fields: [] }
          : { kind: 'done', message: adminText('admin.imports.done'), fields: [] };
    this.pages.render(req, res, 'admin/imports.njk', { ...this.context(kind), report, notice }, 200);
  }
}
