import { BRANCH_KIND_ZH, CATEGORY_ZH, TOPIC_ZH } from './labels-zh.js';

/** The import sheets' words: each kind's sheet name and, per column, its header, what it takes, and the example row's value. */
export interface ColumnZh {
  header: string;
  note: string;
  example: string;
}

export const IMPORT_KIND_ZH = { regions: '区域', branches: '党支部', lecturers: '讲师', courses: '课程', accounts: '账号' } as const;

/** A column of set values: they are listed, since a CSV (or a sheet pasted over) has no drop-down list to show them. */
const choices = (labels: Readonly<Record<string, string>>): string =>
  `必填，可选：${Object.values(labels).join('、')}（模板中可从下拉列表选）。`;

const CODE_NOTE =
  '本单位自定的编码，同类中唯一；再次导入时按编码更新，不会重复创建。字母、数字或 . _ -，最多 64 位。在页面上新建、没有编码的，导出时以系统编号代替，原样导入即可对应。';
const LAT: ColumnZh = { header: '纬度', note: '小数，如 49.21；与经度同填或同不填；都不填则保留原坐标，新建的取所在区域的。', example: '' };
const LNG: ColumnZh = {
  header: '经度',
  note: '小数，如 119.76；与纬度同填或同不填；都不填则保留原坐标，新建的取所在区域的。',
  example: '',
};

export const IMPORT_COLUMNS_ZH: Readonly<Record<keyof typeof IMPORT_KIND_ZH, Readonly<Record<string, ColumnZh>>>> = {
  regions: {
    code: { header: '编码', note: CODE_NOTE, example: 'XEQ-BYCG-01' },
    name: { header: '名称', note: '必填，最多 200 字。', example: '巴彦嵯岗嘎查' },
    level: { header: '层级', note: '必填，从下拉列表中选：市、旗市区、苏木乡镇、嘎查村 / 社区。', example: '嘎查村 / 社区' },
    parentCode: { header: '上级编码', note: '上级区域的编码（可以是本表中的行）；市不填，其他必填。', example: 'XEQ-BYCG' },
    latitude: { header: '纬度', note: '必填，小数，如 49.21。', example: '49.21' },
    longitude: { header: '经度', note: '必填，小数，如 119.76。', example: '119.76' },
    border: { header: '边境', note: '是 / 否，不填为否。', example: '是' },
    remote: { header: '牧区偏远', note: '是 / 否，不填为否。', example: '是' },
    weak: { header: '党员教育薄弱', note: '是 / 否，不填为否。', example: '否' },
  },
  branches: {
    code: { header: '编码', note: CODE_NOTE, example: 'DZB-0001' },
    name: { header: '名称', note: '必填，最多 200 字。', example: '巴彦嵯岗嘎查党支部' },
    regionCode: { header: '所在区域编码', note: '必填：所在区域的编码（见区域表）。', example: 'XEQ-BYCG-01' },
    kind: { header: '类型', note: choices(BRANCH_KIND_ZH), example: '嘎查村' },
    memberCount: { header: '党员人数', note: '必填，0–100000 的整数。', example: '36' },
    latitude: LAT,
    longitude: LNG,
  },
  lecturers: {
    code: { header: '编码', note: CODE_NOTE, example: 'JS-001' },
    name: { header: '姓名', note: '必填，最多 200 字。', example: '乌云其其格' },
    category: { header: '类别', note: choices(CATEGORY_ZH), example: '基层党组织书记' },
    level: { header: '层级', note: '必填：市级、旗县级或苏木乡镇级。', example: '旗县级' },
    regionCode: { header: '常驻区域编码', note: '必填：常驻地所在区域的编码。', example: 'XEQ-BYCG' },
    latitude: LAT,
    longitude: LNG,
    topics: { header: '讲授专题', note: '可填多个，用顿号“、”分隔；菜单专题见下拉列表，也可填自定专题。', example: '党史、民族团结' },
    languages: {
      header: '授课语言',
      note: '必填，可填多个，用“、”分隔：汉语、蒙古语，或其他语言的两三位字母代码。',
      example: '汉语、蒙古语',
    },
    formats: {
      header: '授课形式',
      note: '必填，可填多个，用“、”分隔：现场授课、线上、现场教学、流动课堂。',
      example: '现场授课、流动课堂',
    },
    maxLecturesPerMonth: { header: '每月授课上限', note: '必填，0–100 的整数。', example: '8' },
    travelRadiusKm: { header: '出行半径（公里）', note: '必填，0–2000 的整数。', example: '150' },
    availability: {
      header: '每周可授课时间',
      note: '如“周一 08:00-12:00; 周三 14:00-18:00”，多段用分号分隔；也可写“周一至周五 09:00-17:00”。不填则无固定时间；整列不要则保留原有设置。',
      example: '周一 08:00-12:00; 周三 14:00-18:00',
    },
  },
  courses: {
    code: { header: '编码', note: CODE_NOTE, example: 'KC-001' },
    title: { header: '题目', note: '必填，最多 200 字。', example: '铸牢中华民族共同体意识' },
    topic: { header: '专题', note: choices(TOPIC_ZH), example: '民族团结' },
    description: { header: '简介', note: '可不填，最多 2000 字。', example: '结合本地实例讲解。' },
    durationMinutes: { header: '时长（分钟）', note: '必填，15–600 的整数。', example: '90' },
    formats: { header: '授课形式', note: '必填，可填多个，用“、”分隔。', example: '现场授课、线上' },
    lecturerCodes: { header: '授课讲师编码', note: '授课讲师的编码，多个用“、”分隔（见讲师表）。', example: 'JS-001' },
  },
  accounts: {
    username: {
      header: '用户名',
      note: '必填，3–100 个字母、数字或 . _ @ -；再次导入时按用户名匹配，已有的账号不会改动。',
      example: 'bycg-shuji',
    },
    role: { header: '角色', note: '必填：党支部、讲师或组织部门。', example: '党支部' },
    branchCode: { header: '党支部编码', note: '党支部账号必填：其党支部的编码。', example: 'DZB-0001' },
    lecturerCode: { header: '讲师编码', note: '讲师账号必填：讲师的编码。', example: '' },
    regionCode: { header: '管辖区域编码', note: '组织部门账号可填：管辖区域的编码；不填为全市（仅全市管理员可建）。', example: '' },
  },
};

/** The explanation sheet's own words. */
export const IMPORT_SHEET_ZH = {
  data: '数据',
  help: '填写说明',
  helpHeaders: ['列名', '英文名', '是否必填', '说明'],
  required: '必填',
  optional: '选填',
  intro: '第 1 行是列名，请勿修改；从第 2 行起每行一条，第 2 行是示例，请删除或改为真实数据。可以调整列的顺序，可以用中文或英文列名。',
  choices: '可选值',
  passwords: '临时密码',
  passwordHeaders: ['用户名', '临时密码'],
  passwordNote: '临时密码只显示这一次。请当面或电话告知本人；首次登录后须修改密码。',
} as const;
