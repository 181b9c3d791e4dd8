import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor.js';
import { validationFailed } from '../common/domain-error.js';
import { parseHm } from '../kernel/time.js';
import { chineseMobile } from './channel-message.js';
import type { NotificationSettingsDto, NotificationSettingsView } from './notification-settings.dto.js';
import { NotificationsRepository, type SettingsRow } from './notifications.repository.js';
import { DEFAULT_QUIET_HOURS, quietHoursProblems } from './quiet-hours.js';

const hm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

const DEFAULTS: SettingsRow = {
  phone: null,
  email: null,
  sms: false,
  emailEnabled: false,
  quietFrom: DEFAULT_QUIET_HOURS.from,
  quietTo: DEFAULT_QUIET_HOURS.to,
};

/** Where else each account is told (SMS, e-mail) and when not (quiet hours); only its own. */
@Injectable()
export class NotificationSettingsService {
  constructor(private readonly repo: NotificationsRepository) {}

  async get(actor: Actor): Promise<NotificationSettingsView> {
    const s = (await this.repo.settings(actor.accountId)) ?? DEFAULTS;
    return {
      phone: s.phone,
      email: s.email,
      channels: { sms: s.sms, email: s.emailEnabled },
      quietHours: { from: hm(s.quietFrom), to: hm(s.quietTo) },
    };
  }

  async put(actor: Actor, dto: NotificationSettingsDto): Promise<NotificationSettingsView> {
    // Left out or null (as GET shows an unset one): none.
    const phone = dto.phone == null ? null : (chineseMobile(dto.phone) ?? null);
    // Every problem at once: a form refused for its phone should not come back refused next for its e-mail.
    const quiet = { from: parseHm(dto.quietHours.from), to: parseHm(dto.quietHours.to) };
    const problems = [
      ...quietHoursProblems(quiet),
      ...(dto.phone != null && phone === null ? [{ field: 'phone', message: 'phone must be a Chinese mobile number' }] : []),
      ...(dto.phone == null && dto.channels.sms ? [{ field: 'phone', message: 'SMS needs a phone number' }] : []),
      ...(dto.channels.email && dto.email == null ? [{ field: 'email', message: 'e-mail needs an address' }] : []),
    ];
    if (problems.length > 0) throw validationFailed(problems);
    await this.repo.saveSettings(actor.accountId, {
      phone,
      email: dto.email ?? null,
      sms: dto.channels.sms,
      emailEnabled: dto.channels.email,
      quietFrom: quiet.from,
      quietTo: quiet.to,
    });
    return this.get(actor);
  }
}
