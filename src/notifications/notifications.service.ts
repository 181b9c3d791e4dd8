import { Injectable } from '@nestjs/common';
import type { Actor } from '../auth/actor.js';
import type { PageQuery } from '../common/pagination.js';
import { texts } from '../i18n/texts.js';
import { Clock } from '../kernel/clock.js';
import type { Role } from '../kernel/vocabulary.js';
import type { InboxPage, NotificationView, ReadAllResult } from './notifications.dto.js';
import { NotificationErrors } from './notifications.errors.js';
import { type InboxRow, NotificationsRepository } from './notifications.repository.js';

/** The page of the order where each role acts on what it is told. */
export function orderLink(role: Role, orderId: string): string {
  return `/${role}/orders/${orderId}`;
}

/** A stored notification as its owner reads it: the text rendered now from the event and its data, in the reader's language (Chinese outside a page). */
export function toNotificationView(row: InboxRow, role: Role): NotificationView {
  const text = texts().notification[row.event](row.data);
  return {
    id: row.id,
    event: row.event,
    ...text,
    link: orderLink(role, row.orderId),
    orderId: row.orderId,
    createdAt: new Date(row.createdAt).toISOString(),
    readAt: row.readAt === null ? null : new Date(row.readAt).toISOString(),
  };
}

export const UNREAD_BADGE_MAX = 99;

/** Each account's inbox: only its own notifications, ever. */
@Injectable()
export class NotificationsService {
  constructor(
    private readonly repo: NotificationsRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * A page of the inbox; by offset (not cursor) with its `total`, as every list, the unread ones' being the unread
   * count. `counted: false` leaves the total out: the inbox page pages by cursor and shows none, and counting a city
   * admin's million notifications on every visit would cost it ~0.1 s.
   */
  async inbox(actor: Actor, q: PageQuery & { unread?: boolean }, opts: { counted?: boolean } = {}): Promise<InboxPage> {
    const unreadOnly = q.unread === true;
    const counted = q.cursor === undefined && opts.counted !== false;
    const [page, unreadCount, all] = await Promise.all([
      this.repo.page(actor.accountId, { unreadOnly }, q),
      this.repo.unreadCount(actor.accountId),
      counted && !unreadOnly ? this.repo.count(actor.accountId) : undefined,
    ]);
    const total = counted ? (all ?? unreadCount) : undefined;
    return {
      items: page.items.map((r) => toNotificationView(r, actor.role)),
      ...(total === undefined ? {} : { total }),
      unreadCount,
      nextCursor: page.nextCursor,
    };
  }

  /** The header's badge on every page: the unread count up to UNREAD_BADGE_MAX + 1, shown past the max as "99+". */
  unreadBadge(actor: Actor): Promise<number> {
    return this.repo.unreadCount(actor.accountId, UNREAD_BADGE_MAX + 1);
  }

  async markRead(actor: Actor, id: string): Promise<NotificationView> {
    const row = await this.repo.markRead(actor.accountId, id, new Date(this.clock.now()));
    if (!row) throw NotificationErrors.NOTIFICATION_NOT_FOUND();
    return toNotificationView(row, actor.role);
  }

  async markAllRead(actor: Actor): Promise<ReadAllResult> {
    const marked = await this.repo.markAllRead(actor.accountId, new Date(this.clock.now()));
    return { marked, unreadCount: await this.repo.unreadCount(actor.accountId) };
  }
}
