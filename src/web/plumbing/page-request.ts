import type { Request } from 'express';
import type { Actor } from '../../auth/actor.js';

/** A page request: the pages' guard puts the session's Actor on it. */
export interface PageRequest extends Request {
  actor?: Actor;
  /** The actor's unread notifications, for the header of every page. */
  unreadNotifications?: number;
}
