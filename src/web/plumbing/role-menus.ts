import type { PageTextKey } from '../../i18n/page-texts-zh.js';
import { pageText } from '../../i18n/texts.js';
import type { Role } from '../../kernel/vocabulary.js';

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

/** Each role's menu: the journeys it works in, most used first (a phone shows the first ones). */
const MENUS: Readonly<Record<Role, ReadonlyArray<readonly [string, PageTextKey]>>> = {
  branch: [
    ['/branch', 'nav.branchOrders'],
    ['/branch/menu', 'nav.menu'],
    ['/branch/orders/new', 'nav.custom'],
  ],
  lecturer: [
    ['/lecturer', 'nav.todo'],
    ['/lecturer/open', 'nav.open'],
    ['/lecturer/schedule', 'nav.schedule'],
    ['/lecturer/availability', 'nav.availability'],
    ['/lecturer/profile', 'nav.profile'],
  ],
  admin: [
    ['/admin', 'nav.coverage'],
    ['/admin/orders', 'nav.orders'],
    ['/admin/scheduling', 'nav.scheduling'],
    ['/admin/lecturers', 'nav.lecturers'],
    ['/admin/branches', 'nav.branches'],
    ['/admin/regions', 'nav.regions'],
    ['/admin/courses', 'nav.menu'],
    ['/admin/accounts', 'nav.accounts'],
    ['/admin/imports', 'nav.imports'],
    ['/admin/deliveries', 'nav.deliveries'],
    ['/admin/webhooks', 'nav.webhooks'],
  ],
};

export const HOME_OF: Readonly<Record<Role, string>> = { branch: '/branch', lecturer: '/lecturer', admin: '/admin' };

/** The menu for a role; the item whose section the path is in is marked current (the longest match wins). */
export function navFor(role: Role | undefined, path: string): NavItem[] {
  if (role === undefined) return [];
  const items = MENUS[role];
  const within = (href: string) => path === href || path.startsWith(href + '/');
  const best = items
    .map(([href]) => href)
    .filter(within)
    .sort((a, b) => b.length - a.length)[0];
  return items.map(([href, label]) => ({ href, label: pageText(label), current: href === best }));
}
