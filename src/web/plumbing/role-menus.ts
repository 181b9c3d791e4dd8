import type { Role } from '../../kernel/vocabulary.js';

export interface NavItem {
  href: string;
  label: string;
  current: boolean;
}

/** Each role's menu: the journeys it works in, most used first (a phone shows the first ones). */
const MENUS: Readonly<Record<Role, ReadonlyArray<readonly [string, string]>>> = {
  branch: [
    ['/branch', '我的订单'],
    ['/branch/menu', '课程菜单'],
    ['/branch/orders/new', '自定点单'],
  ],
  lecturer: [
    ['/lecturer', '待办'],
    ['/lecturer/open', '抢单'],
    ['/lecturer/schedule', '日程'],
    ['/lecturer/availability', '可授课时间'],
  ],
  admin: [
    ['/admin', '覆盖概览'],
    ['/admin/orders', '订单'],
    ['/admin/scheduling', '派单计算'],
    ['/admin/lecturers', '讲师库'],
    ['/admin/branches', '党支部'],
    ['/admin/regions', '区域'],
    ['/admin/courses', '课程菜单'],
    ['/admin/accounts', '账号'],
    ['/admin/imports', '导入'],
    ['/admin/deliveries', '投递失败'],
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
  return items.map(([href, label]) => ({ href, label, current: href === best }));
}
