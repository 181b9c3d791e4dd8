/** The words users see for the domain's codes (statuses, formats, categories …), in Simplified Chinese. */
import {
  BRANCH_KINDS,
  FORMATS,
  LECTURER_CATEGORIES,
  LECTURER_LEVELS,
  ORDER_STATUSES,
  REGION_LEVELS,
  TOPICS,
} from '../kernel/vocabulary.js';

type Labels<K extends string> = Readonly<Record<K, string>>;

export const STATUS_ZH: Labels<(typeof ORDER_STATUSES)[number]> = {
  pending: '待派单',
  offered: '已派单',
  accepted: '已接单',
  completed: '已完成',
  cancelled: '已取消',
  rejected: '已驳回',
};

export const FORMAT_ZH: Labels<(typeof FORMATS)[number]> = { on_site: '现场授课', online: '线上', field: '现场教学', mobile: '流动课堂' };

export const CATEGORY_ZH: Labels<(typeof LECTURER_CATEGORIES)[number]> = {
  party_government_leader: '党政领导干部',
  branch_secretary: '基层党组织书记',
  party_affairs_worker: '党务工作者',
  expert_scholar: '专家学者',
  model_figure: '先进模范人物',
  practical_technician: '实用技术人才',
  five_elders: '“五老”',
};

export const LEVEL_ZH: Labels<(typeof LECTURER_LEVELS)[number]> = { city: '市级', banner: '旗县级', township: '苏木乡镇级' };

export const TOPIC_ZH: Labels<(typeof TOPICS)[number]> = {
  theory: '党的创新理论',
  party_history: '党史',
  policy: '政策法规',
  rural_revitalization: '乡村振兴',
  practical_skills: '实用技术',
  ethnic_unity: '民族团结',
  border_security: '守边固边',
};

export const BRANCH_KIND_ZH: Labels<(typeof BRANCH_KINDS)[number]> = {
  village: '嘎查村',
  community: '社区',
  enterprise: '企业 / “两新”组织',
  institution: '机关事业单位',
  border_joint: '党政军警民共建',
};

export const REGION_LEVEL_ZH: Labels<(typeof REGION_LEVELS)[number]> = {
  city: '市',
  banner: '旗市区',
  township: '苏木乡镇',
  village: '嘎查村 / 社区',
};

/** Languages branches order in most; others are kept as their code. */
/** The languages of Hulunbuir's peoples (ISO 639 codes): Mongolian and Chinese, and Russian, Daur, Evenki and Oroqen. */
export const LANGUAGE_ZH: Readonly<Record<string, string>> = {
  zh: '汉语',
  mn: '蒙古语',
  ru: '俄语',
  dta: '达斡尔语',
  evn: '鄂温克语',
  orh: '鄂伦春语',
};

export const WEEKDAY_ZH = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'] as const;

/** A label for a code, or the code itself when it is not one of ours (custom topics, other languages). */
export function labelOf(labels: Readonly<Record<string, string>>, code: string | null | undefined): string {
  if (code === null || code === undefined) return '';
  return labels[code] ?? code;
}

/** `[value, label]` pairs for a select, in the domain's order. */
export function optionsOf(labels: Readonly<Record<string, string>>): Array<{ value: string; label: string }> {
  return Object.entries(labels).map(([value, label]) => ({ value, label }));
}

/** The places coverage compares (PRIORITY_GROUPS), as the dashboard and the export name them. */
export const PRIORITY_GROUP_ZH: Labels<'remote' | 'border' | 'weak' | 'other'> = {
  remote: '牧区/偏远',
  border: '边境',
  weak: '党员教育薄弱',
  other: '其他',
};

export const ROLE_ZH: Labels<'admin' | 'branch' | 'lecturer'> = { admin: '组织部门', branch: '党支部', lecturer: '讲师' };
