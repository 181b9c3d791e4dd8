import { Body, Controller, Get, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CreateAccountDto } from '../../accounts/accounts.dto.js';
import { regionScopeOf } from '../../auth/actor.js';
import { AccountsService } from '../../accounts/accounts.service.js';
import { ROLE_ZH, optionsOf } from '../../i18n/labels-zh.js';
import type { PageError } from '../../i18n/page-errors.js';
import { adminText } from '../../i18n/texts.js';
import { PageRenderer } from '../plumbing/page-renderer.js';
import { WebSessionService } from '../plumbing/web-session.service.js';
import { actorOf, type PageRequest, WebPages } from '../plumbing/web-page.guard.js';
import { type FormBody, text, validated } from '../shared/form-fields.js';
import { backTo, createOrShowAgain, runAction } from '../shared/page-actions.js';
import { oneOf, PageId, pageNumber, pager } from '../shared/page-params.js';
import { ROLES } from '../../kernel/vocabulary.js';
import { AdminLookups } from './admin-lookups.js';
import { PAGE_SIZE, renderCreateFormPage, type TypedForm, typedForm } from './create-form-page.js';

/** A password reset, for the list to show once. */
interface ResetShown {
  username: string;
  temporaryPassword: string;
}

/** Back to the list as it was (its filter and page), from the form's `back`. */
const listBack = (body: FormBody): string => backTo(text(body, 'back'), '/admin/accounts');

/**
 * Accounts (账号): those in the admin's scope, switched off or on, a password reset (the temporary one shown
 * once), and the form to open an account for a branch, a lecturer or an admin of a region, through AccountsService.
 */
@ApiExcludeController()
@WebPages('admin')
@Controller('admin/accounts')
export class AdminAccountsController {
  constructor(
    private readonly accounts: AccountsService,
    private readonly lookups: AdminLookups,
    private readonly pages: PageRenderer,
    private readonly session: WebSessionService,
  ) {}

  /** The list (with a temporary password just reset, shown this once) and the form. */
  @Get()
  formPage(@Req() req: PageRequest, @Res() res: Response): Promise<void> {
    return this.show(req, res, { role: 'branch' }, undefined, this.session.takeShownOnce<ResetShown>(req, res));
  }

  @Post(':id/disable')
  disable(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string, @Body() body: FormBody): Promise<void> {
    return runAction(this.pages, res, listBack(body), 'disabled', () => this.accounts.update(actorOf(req), id, { disabled: true }));
  }

  @Post(':id/enable')
  enable(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string, @Body() body: FormBody): Promise<void> {
    return runAction(this.pages, res, listBack(body), 'enabled', () => this.accounts.update(actorOf(req), id, { disabled: false }));
  }

  /**
   * Resets, then back to the list, which shows the temporary password once (never in a URL): a reload of
   * that page neither shows it again nor resets again.
   */
  @Post(':id/reset-password')
  resetPassword(@Req() req: PageRequest, @Res() res: Response, @PageId() id: string, @Body() body: FormBody): Promise<void> {
    const actor = actorOf(req);
    return runAction(this.pages, res, listBack(body), undefined, async () => {
      const { temporaryPassword } = await this.accounts.resetPassword(actor, id);
      const account = await this.accounts.get(actor, id);
      this.session.showOnce(req, res, { username: account.username, temporaryPassword } satisfies ResetShown);
    });
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

  private async show(req: PageRequest, res: Response, form: TypedForm, error?: PageError, reset?: ResetShown): Promise<void> {
    const actor = actorOf(req);
    const q = req.query;
    const role = oneOf(q.role, ROLES);
    const search = typeof q.q === 'string' && q.q.trim() !== '' ? q.q.trim().slice(0, 100) : undefined;
    const page = pageNumber(q.page);
    const [accounts, branches, roster, regions] = await Promise.all([
      this.accounts.list(actor, { role, q: search, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE }),
      this.lookups.branchChoices(actor),
      this.lookups.roster(actor),
      this.lookups.regionChoices(actor),
    ]);
    const regionsInScope = new Set(regions.map((r) => r.value));
    // Whom each account speaks for: its branch, its lecturer, or an admin's region (none: the whole city).
    const names = new Map([...branches, ...regions].map((c) => [c.value, c.label]));
    for (const l of roster) names.set(l.id, l.name);
    const belongsTo = (a: { branchId?: string; lecturerId?: string; regionId?: string; role: string }): string =>
      names.get(a.branchId ?? a.lecturerId ?? a.regionId ?? '') ??
      (a.role === 'admin' && !a.regionId ? adminText('admin.common.wholeCity') : '—');
    renderCreateFormPage(
      this.pages,
      req,
      res,
      'admin/accounts.njk',
      {
        title: adminText('nav.accounts'),
        items: accounts.items.map((a) => ({ ...a, self: a.id === actor.accountId, of: belongsTo(a) })),
        pager: pager(page, PAGE_SIZE, accounts.total ?? 0, { role, q: search }),
        role,
        q: search,
        reset,
        // Where a row's buttons come back to: this list as it is shown (filter, page).
        back: req.method === 'GET' ? req.originalUrl : '/admin/accounts',
        roles: optionsOf(ROLE_ZH),
        branches,
        // A lecturer account only for a lecturer the admin manages: one whose home lies in its scope.
        lecturers: roster.filter((l) => regionsInScope.has(l.regionId)).map((l) => ({ value: l.id, label: l.name })),
        regions,
        // An admin scoped to a region creates admins within it only: "none" is no region, never the whole city.
        scoped: regionScopeOf(actor) !== null,
      },
      form,
      error,
    );
  }
}
