import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CreateAccountDto } from '../../accounts/accounts.dto.js';
import { AccountsService } from '../../accounts/accounts.service.js';
import { ROLE_ZH, optionsOf } from '../../i18n/labels-zh.js';
import type { PageError } from '../../i18n/messages-zh.js';
import { PageRenderer } from '../plumbing/page-renderer.js';
import { actorOf, type PageRequest, WebPages } from '../plumbing/web-page.guard.js';
import { type FormBody, text, validated } from '../shared/form-fields.js';
import { createOrShowAgain } from '../shared/page-actions.js';
import { AdminLookups } from './admin-lookups.js';
import { renderCreateFormPage, type TypedForm, typedForm } from './create-form-page.js';

/** Accounts (账号): the form to open an account for a branch, a lecturer or an admin of a region, through AccountsService. */
@ApiExcludeController()
@WebPages('admin')
@Controller('admin/accounts')
export class AdminAccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly lookups: AdminLookups,
    private readonly pages: PageRenderer,
  ) {}

  @Get()
  formPage(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    return this.show(req, res, { role: 'branch' });
  }

  @Post()
  create(@Req() req: PageRequest, @Res() res: Response, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    const role = text(body, 'role');
    // Each role takes exactly its own link; the form shows all three selects.
    const link =
      role === 'branch'
        ? { branchId: text(body, 'branchId') }
        : role === 'lecturer'
          ? { lecturerId: text(body, 'lecturerId') }
          : { regionId: text(body, 'regionId') };
    return createOrShowAgain(
      this.pages,
      res,
      '/admin/accounts',
      async () => {
        await this.accounts.create(
          actor,
          await validated(CreateAccountDto, { username: text(body, 'username'), password: text(body, 'password'), role, ...link }),
        );
      },
      (error) => this.show(req, res, { ...typedForm(body), password: undefined }, error),
    );
  }

  private async show(req: PageRequest, res: Response, form: TypedForm, error?: PageError): Promise<void> {
    const actor = actorOf(req);
    const [branches, roster, regions] = await Promise.all([
      this.lookups.branchChoices(actor),
      this.lookups.roster(actor),
      this.lookups.regionChoices(actor),
    ]);
    renderCreateFormPage(
      this.pages,
      req,
      res,
      'admin/accounts.njk',
      {
        title: '账号',
        roles: optionsOf(ROLE_ZH),
        branches,
        lecturers: roster.map((l) => ({ value: l.id, label: l.name })),
        regions,
      },
      form,
      error,
    );
  }
}
