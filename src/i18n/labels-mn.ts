/** The words for the domain's codes in Mongolian (traditional script), with the same keys as labels-zh.ts. */
import type {
  BRANCH_KIND_ZH,
  CATEGORY_ZH,
  FORMAT_ZH,
  LANGUAGE_ZH,
  LEVEL_ZH,
  REGION_LEVEL_ZH,
  ROLE_ZH,
  STATUS_ZH,
  TOPIC_ZH,
  WEEKDAY_ZH,
} from './labels-zh.js';

type Like<T> = Readonly<Record<keyof T, string>>;

export const STATUS_MN: Like<typeof STATUS_ZH> = {
  pending: 'ᠬᠤᠪᠢᠶᠠᠷᠢᠯᠠᠯᠲᠠ ᠬᠦᠯᠢᠶᠡᠨ᠎ᠡ',
  offered: 'ᠬᠤᠪᠢᠶᠠᠷᠢᠯᠠᠭᠰᠠᠨ',
  accepted: 'ᠬᠦᠯᠢᠶᠡᠨ ᠠᠪᠤᠭᠰᠠᠨ',
  completed: 'ᠳᠠᠭᠤᠰᠤᠭᠰᠠᠨ',
  cancelled: 'ᠦᠭᠡᠶᠢᠰᠬᠡᠭᠰᠡᠨ',
  rejected: 'ᠲᠡᠪᠴᠢᠭᠳᠡᠭᠰᠡᠨ',
};

export const FORMAT_MN: Like<typeof FORMAT_ZH> = {
  on_site: 'ᠲᠤᠰ ᠭᠠᠵᠠᠷ ᠲᠤ',
  online: 'ᠰᠦᠯᠵᠢᠶ᠎ᠡ ᠪᠡᠷ',
  field: 'ᠬᠡᠭᠡᠷ᠎ᠡ ᠶᠢᠨ ᠬᠢᠴᠢᠶᠡᠯ',
  mobile: 'ᠶᠠᠪᠤᠭᠤᠯ ᠠᠩᠭᠢ',
};

export const CATEGORY_MN: Like<typeof CATEGORY_ZH> = {
  party_government_leader: 'ᠨᠠᠮ ᠵᠠᠰᠠᠭ ᠤᠨ ᠤᠳᠤᠷᠢᠳᠤᠬᠤ ᠻᠠᠳᠠᠷ',
  branch_secretary: 'ᠪᠠᠭᠠᠰᠢᠷᠠᠭᠤ ᠨᠠᠮ ᠤᠨ ᠰᠢᠦ᠋ᠵᠢ',
  party_affairs_worker: 'ᠨᠠᠮ ᠤᠨ ᠠᠵᠢᠯ ᠤᠨ ᠠᠵᠢᠯᠲᠠᠨ',
  expert_scholar: 'ᠮᠡᠷᠭᠡᠵᠢᠯᠲᠡᠨ ᠡᠷᠳᠡᠮᠲᠡᠨ',
  model_figure: 'ᠲᠡᠷᠢᠭᠦᠨ ᠵᠠᠭᠪᠤᠷ ᠬᠦᠮᠦᠨ',
  practical_technician: 'ᠲᠧᠬᠨᠢᠺ ᠦᠨ ᠮᠡᠷᠭᠡᠵᠢᠯᠲᠡᠨ',
  five_elders: 'ᠲᠠᠪᠤᠨ ᠥᠪᠭᠡᠳ',
};

export const LEVEL_MN: Like<typeof LEVEL_ZH> = {
  city: 'ᠬᠣᠲᠠ ᠶᠢᠨ',
  banner: 'ᠬᠣᠰᠢᠭᠤ ᠶᠢᠨ',
  township: 'ᠰᠤᠮᠤ ᠶᠢᠨ',
};

export const TOPIC_MN: Like<typeof TOPIC_ZH> = {
  theory: 'ᠨᠠᠮ ᠤᠨ ᠰᠢᠨᠡᠯᠢᠭ ᠣᠨᠣᠯ',
  party_history: 'ᠨᠠᠮ ᠤᠨ ᠲᠡᠦᠬᠡ',
  policy: 'ᠪᠣᠳᠣᠯᠭ᠎ᠠ ᠬᠠᠤᠯᠢ ᠴᠠᠭᠠᠵᠠ',
  rural_revitalization: 'ᠬᠥᠳᠡᠭᠡ ᠰᠡᠷᠭᠦᠭᠡᠯᠲᠡ',
  practical_skills: 'ᠬᠡᠷᠡᠭᠯᠡᠭᠡᠨ ᠦ ᠲᠧᠬᠨᠢᠺ',
  ethnic_unity: 'ᠦᠨᠳᠦᠰᠦᠲᠡᠨ ᠦ ᠡᠪ ᠨᠡᠶᠢᠯᠡᠯ',
  border_security: 'ᠬᠢᠯ ᠬᠠᠮᠠᠭᠠᠯᠠᠬᠤ',
};

export const BRANCH_KIND_MN: Like<typeof BRANCH_KIND_ZH> = {
  village: 'ᠭᠠᠴᠠᠭ᠎ᠠ',
  community: 'ᠬᠣᠷᠣᠭᠠᠯᠠᠩ',
  enterprise: 'ᠠᠵᠤ ᠠᠬᠤᠢ',
  institution: 'ᠠᠯᠪᠠᠨ ᠪᠠᠶᠢᠭᠤᠯᠤᠯᠭ᠎ᠠ',
  border_joint: 'ᠬᠢᠯ ᠦᠨ ᠬᠠᠮᠲᠤ ᠪᠠᠶᠢᠭᠤᠯᠤᠯᠲᠠ',
};

export const REGION_LEVEL_MN: Like<typeof REGION_LEVEL_ZH> = {
  city: 'ᠬᠣᠲᠠ',
  banner: 'ᠬᠣᠰᠢᠭᠤ',
  township: 'ᠰᠤᠮᠤ',
  village: 'ᠭᠠᠴᠠᠭ᠎ᠠ',
};

export const LANGUAGE_MN: Like<typeof LANGUAGE_ZH> = {
  zh: 'ᠬᠢᠲᠠᠳ ᠬᠡᠯᠡ',
  mn: 'ᠮᠣᠩᠭᠣᠯ ᠬᠡᠯᠡ',
  ru: 'ᠣᠷᠣᠰ ᠬᠡᠯᠡ',
  dta: 'ᠳᠠᠭᠤᠷ ᠬᠡᠯᠡ',
  evn: 'ᠡᠸᠡᠩᠬᠢ ᠬᠡᠯᠡ',
  orh: 'ᠣᠷᠴᠣᠨ ᠬᠡᠯᠡ',
};

/** Monday is "the week's first" (ᠭᠠᠷᠠᠭ ᠤᠨ ᠨᠢᠭᠡᠨ), Sunday "the week's day" (ᠭᠠᠷᠠᠭ ᠤᠨ ᠡᠳᠦᠷ). */
export const WEEKDAY_MN: Readonly<Record<keyof typeof WEEKDAY_ZH & `${number}`, string>> & readonly string[] = [
  '',
  'ᠭᠠᠷᠠᠭ ᠤᠨ ᠨᠢᠭᠡᠨ',
  'ᠭᠠᠷᠠᠭ ᠤᠨ ᠬᠣᠶᠠᠷ',
  'ᠭᠠᠷᠠᠭ ᠤᠨ ᠭᠤᠷᠪᠠᠨ',
  'ᠭᠠᠷᠠᠭ ᠤᠨ ᠳᠥᠷᠪᠡᠨ',
  'ᠭᠠᠷᠠᠭ ᠤᠨ ᠲᠠᠪᠤᠨ',
  'ᠭᠠᠷᠠᠭ ᠤᠨ ᠵᠢᠷᠭᠤᠭᠠᠨ',
  'ᠭᠠᠷᠠᠭ ᠤᠨ ᠡᠳᠦᠷ',
];

export const ROLE_MN: Like<typeof ROLE_ZH> = {
  admin: 'ᠵᠣᠬᠢᠶᠠᠨ ᠪᠠᠶᠢᠭᠤᠯᠬᠤ ᠶᠠᠪᠤᠳᠠᠯ',
  branch: 'ᠨᠠᠮ ᠤᠨ ᠡᠰ',
  lecturer: 'ᠪᠠᠭᠰᠢ',
};
