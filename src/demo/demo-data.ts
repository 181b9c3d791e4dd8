import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DataSource, EntityManager } from 'typeorm';
import { AuthService } from '../auth/auth.service.js';
import { haversineKm } from '../kernel/geo.js';
import { HOUR_MS, MINUTE_MS, localDay, localMidnight, localMonthIndex, weekdayOfDay } from '../kernel/time.js';
import { mulberry32 } from '../kernel/seeded-random.js';
import { LOCK_KEYS } from '../database/lock-keys.js';

export interface DemoLogin {
  role: 'admin' | 'branch' | 'lecturer';
  username: string;
  password: string;
}

/** One demo login per role, printed at start-up. */
export const DEMO_LOGINS: DemoLogin[] = [
  { role: 'admin', username: 'admin', password: 'caoyuan-admin' },
  { role: 'branch', username: 'branch', password: 'caoyuan-branch' },
  { role: 'lecturer', username: 'lecturer', password: 'caoyuan-lecturer' },
];

/*
 * The demo city: Hulunbuir's 14 banners with generated townships, villages and party branches, a pool
 * of lecturers, the course menu and a year of orders in every state. Everything is drawn from one
 * seeded PRNG, so the data is the same on every run (relative to the day it is loaded); only the
 * UUIDs and the password salts differ.
 */

const SEED = 20_251_126;
/** Travel speed the app assumes (AppConfig.TRAVEL_SPEED_KMH's default): travel minutes = km. */
const TRAVEL_SPEED_KMH = 60;
/** An offer's time to live (AppConfig.OFFER_TTL_MINUTES's default). */
const OFFER_TTL_MS = 48 * HOUR_MS;
/** Serialises concurrent seeders (replicas starting together on one empty database). */

type RegionLevel = 'city' | 'banner' | 'township' | 'village';
type Profile = 'urban' | 'pastoral' | 'agri' | 'forest';
type VillageType = 'gacha' | 'cun' | 'shequ';
type BranchKind = 'village' | 'community' | 'enterprise' | 'institution' | 'border_joint';
type Category = 'party_government_leader' | 'branch_secretary' | 'party_affairs_worker' | 'expert_scholar' | 'model_figure' | 'practical_technician' | 'five_elders';
type LecturerLevel = 'city' | 'banner' | 'township';
type Topic = 'theory' | 'party_history' | 'policy' | 'rural_revitalization' | 'practical_skills' | 'ethnic_unity' | 'border_security';
type Format = 'on_site' | 'online' | 'field' | 'mobile';
type Status = 'pending' | 'offered' | 'accepted' | 'completed' | 'cancelled' | 'rejected';

const TOPICS: readonly Topic[] = ['theory', 'party_history', 'policy', 'rural_revitalization', 'practical_skills', 'ethnic_unity', 'border_security'];
const TRAVELLING: ReadonlySet<Format> = new Set<Format>(['on_site', 'field', 'mobile']);
const FORMAT_ZH: Record<Format, string> = { on_site: '现场授课', online: '线上授课', field: '现场教学', mobile: '流动课堂' };

// ---- the seeded PRNG ---------------------------------------------------------------------------


class Rng {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  float(a = 0, b = 1): number {
    return a + (b - a) * this.next();
  }
  /** An integer in [a, b], both included. */
  int(a: number, b: number): number {
    return a + Math.floor(this.next() * (b - a + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new RangeError('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }
  shuffle<T>(items: readonly T[]): T[] {
    const a = [...items];
    for (let i = a.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [a[i], a[j]] = [a[j], a[i]];
    }
    return a;
  }
  sample<T>(items: readonly T[], k: number): T[] {
    return this.shuffle(items).slice(0, k);
  }
  weighted<T>(items: readonly T[], weight: (t: T) => number): T {
    let total = 0;
    for (const t of items) total += weight(t);
    let r = this.next() * total;
    for (const t of items) {
      r -= weight(t);
      if (r < 0) return t;
    }
    return items[items.length - 1];
  }
}

// ---- geography and time helpers ----------------------------------------------------------------

interface Point { lat: number; lon: number }

const round5 = (x: number): number => Math.round(x * 1e5) / 1e5;

/** The point `km` away from `p` in the direction `bearingDeg` (flat-earth approximation, fine at this scale). */
function offset(p: Point, km: number, bearingDeg: number): Point {
  const b = (bearingDeg * Math.PI) / 180;
  return {
    lat: round5(p.lat + (km * Math.cos(b)) / 110.574),
    lon: round5(p.lon + (km * Math.sin(b)) / (111.32 * Math.cos((p.lat * Math.PI) / 180))),
  };
}

/** Roughly Hulunbuir's extent: keeps generated places out of Russia and Mongolia's interior. */
function insideCity(p: Point): boolean {
  return p.lat >= 47.15 && p.lat <= 53.2 && p.lon >= 115.95 && p.lon <= 126.0;
}

function placeAround(rng: Rng, centre: Point, minKm: number, maxKm: number): Point {
  for (let i = 0; i < 40; i++) {
    const p = offset(centre, rng.float(minKm, maxKm), rng.float(0, 360));
    if (insideCity(p)) return p;
  }
  return offset(centre, minKm, 90);
}

const km = (a: Point, b: Point): number => haversineKm(a.lat, a.lon, b.lat, b.lon);

/** Local (Asia/Shanghai) time hh:mm of local day `day`, as epoch ms. */
const localAt = (day: number, hh: number, mm: number): number => localMidnight(day) + (hh * 60 + mm) * MINUTE_MS;

/** ISO 8601 with the +08:00 offset, e.g. 2025-03-04T00:00:00+08:00. */
function isoLocal(t: number): string {
  return `${new Date(t + 8 * HOUR_MS).toISOString().slice(0, 19)}+08:00`;
}

const iso = (t: number): string => new Date(t).toISOString();

const hm = (minutes: number): string => `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

// ---- the banners' file -------------------------------------------------------------------------

interface BannerFile {
  city: { name: string; latitude: number; longitude: number };
  banners: Array<{ name: string; seat: string; latitude: number; longitude: number; border: boolean }>;
}

const BANNERS_FILE = 'data/hulunbuir-banners.json';

/** data/hulunbuir-banners.json: from the working directory (the project root), else the nearest one above this module. */
function loadBanners(): BannerFile {
  const candidates = [resolve(process.cwd(), BANNERS_FILE)];
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    candidates.push(resolve(dir, BANNERS_FILE));
    dir = dirname(dir);
  }
  const file = candidates.find((f) => existsSync(f));
  if (!file) throw new Error(`demo data: ${BANNERS_FILE} not found (looked in ${candidates.join(', ')})`);
  return JSON.parse(readFileSync(file, 'utf8')) as BannerFile;
}

// ---- names -------------------------------------------------------------------------------------

const PROFILES: Record<string, Profile> = {
  海拉尔区: 'urban', 扎赉诺尔区: 'urban', 满洲里市: 'urban', 牙克石市: 'forest', 扎兰屯市: 'agri', 额尔古纳市: 'forest',
  根河市: 'forest', 阿荣旗: 'agri', 莫力达瓦达斡尔族自治旗: 'agri', 鄂伦春自治旗: 'forest', 鄂温克族自治旗: 'pastoral',
  陈巴尔虎旗: 'pastoral', 新巴尔虎左旗: 'pastoral', 新巴尔虎右旗: 'pastoral',
};

/** Townships (seat towns left out: they lie at the seat), drawn from for each banner. */
const TOWNSHIPS: Record<string, string[]> = {
  海拉尔区: ['正阳街道', '健康街道', '靠山街道', '胜利街道', '呼伦街道', '建设街道', '奋斗镇', '哈克镇'],
  扎赉诺尔区: ['第一街道', '第二街道', '第三街道', '第四街道', '第五街道', '灵泉镇'],
  满洲里市: ['道北街道', '道南街道', '兴华街道', '敖尔金街道', '新开河镇'],
  牙克石市: ['免渡河镇', '乌奴耳镇', '博克图镇', '图里河镇', '煤田镇', '塔尔气镇', '绰河源镇', '乌尔其汉镇', '库都尔镇'],
  扎兰屯市: ['大河湾镇', '柴河镇', '成吉思汗镇', '卧牛河镇', '蘑菇气镇', '中和镇', '哈多河镇', '浩饶山镇', '达斡尔民族乡', '萨马街鄂温克民族乡'],
  额尔古纳市: ['黑山头镇', '室韦镇', '莫尔道嘎镇', '恩和俄罗斯民族乡', '三河回族乡', '蒙兀室韦苏木'],
  根河市: ['金河镇', '阿龙山镇', '满归镇', '得耳布尔镇', '敖鲁古雅鄂温克族乡'],
  阿荣旗: ['六合镇', '亚东镇', '霍尔奇镇', '向阳峪镇', '三岔河镇', '复兴镇', '音河达斡尔鄂温克民族乡', '查巴奇鄂温克民族乡', '得力其尔鄂温克民族乡'],
  莫力达瓦达斡尔族自治旗: ['红彦镇', '宝山镇', '哈达阳镇', '汉古尔河镇', '西瓦尔图镇', '腾克镇', '阿尔拉镇', '塔温敖宝镇', '巴彦鄂温克民族乡', '杜拉尔鄂温克民族乡'],
  鄂伦春自治旗: ['大杨树镇', '甘河镇', '吉文镇', '克一河镇', '乌鲁布铁镇', '宜里镇', '诺敏镇', '托扎敏乡', '古里乡'],
  鄂温克族自治旗: ['大雁镇', '伊敏河镇', '红花尔基镇', '巴彦嵯岗苏木', '锡尼河东苏木', '锡尼河西苏木', '辉苏木', '伊敏苏木', '巴彦塔拉达斡尔民族乡'],
  陈巴尔虎旗: ['宝日希勒镇', '呼和诺尔镇', '东乌珠尔苏木', '西乌珠尔苏木', '鄂温克民族苏木', '巴彦哈达苏木', '特泥河苏木'],
  新巴尔虎左旗: ['甘珠尔苏木', '新宝力格苏木', '乌布尔宝力格苏木', '罕达盖苏木', '吉布胡郎图苏木', '嵯岗镇'],
  新巴尔虎右旗: ['呼伦镇', '贝尔苏木', '宝格德乌拉苏木', '达赉苏木', '克尔伦苏木', '阿日哈沙特镇'],
};

const MN_HEAD = ['巴彦', '乌兰', '呼和', '锡尼', '额尔敦', '宝格达', '希日', '阿木古朗', '查干', '哈日', '阿拉坦', '乌力吉', '温都尔', '伊和', '赛罕', '沙日', '布日敦', '陶森', '巴嘎', '宝力'];
const MN_TAIL = ['诺尔', '宝力格', '陶勒盖', '乌拉', '敖包', '塔拉', '布拉格', '浩特', '胡都格', '高勒', '额日格', '希伯', '芒哈', '哈达'];
const CUN_HEAD = ['兴隆', '永丰', '太平', '新发', '东升', '红旗', '前进', '富强', '双合', '长胜', '胜利', '新立', '保安', '合发', '丰收', '建国', '五一', '光荣', '永安', '德胜', '三合', '靠山', '二道', '向阳', '团结', '新兴'];
const CUN_MID = ['', '', '', '河', '沟', '岭', '屯', '堡'];
const SHEQU = ['团结', '和平', '幸福', '民主', '新华', '育才', '阳光', '康乐', '友谊', '光明', '锦绣', '滨河', '新城', '北山', '南苑', '林海', '铁北', '站前', '兴安', '文化'];

const ZH_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '罗', '郑', '梁', '宋', '谢', '韩', '唐', '冯', '于', '董', '程', '邢', '白', '孟', '鄂', '敖'];
const ZH_GIVEN = ['建国', '志刚', '海燕', '丽华', '春梅', '国庆', '伟', '秀兰', '立新', '玉兰', '文军', '红梅', '振华', '淑珍', '晓东', '宏伟', '雪梅', '永胜', '桂英', '金龙', '晓光', '凤琴', '俊峰', '雅琴', '德明', '慧敏', '学军', '秀英', '长春', '明远', '丽娟', '新民', '树林', '艳秋'];
const MN_NAMES = [
  '巴特尔', '其其格', '乌云', '斯琴', '萨仁', '图雅', '额尔敦', '宝音', '朝鲁', '那日苏', '阿拉坦仓', '苏日娜', '格日勒', '布和', '孟和',
  '巴雅尔', '乌力吉', '满都拉', '敖登', '哈斯', '吉日嘎拉', '那顺', '巴图', '德力格尔', '特木尔', '阿古拉', '额尔德尼', '娜仁', '乌日娜',
  '宝力道', '都古尔', '斯琴巴图', '萨其拉', '图门', '包金山', '白音仓', '乌云毕力格', '其日麦拉图', '巴图孟和', '苏德', '嘎日迪', '阿拉腾',
];

// ---- the course menu ---------------------------------------------------------------------------

interface CourseSeed { title: string; topic: Topic; minutes: number; formats: Format[]; description: string }

const COURSES: CourseSeed[] = [
  { title: '学习贯彻党的二十大精神', topic: 'theory', minutes: 120, formats: ['on_site', 'online', 'mobile'], description: '系统解读党的二十大报告的主题、主要成果和重大部署，结合嘎查村、社区实际谈贯彻落实。' },
  { title: '习近平新时代中国特色社会主义思想概论', topic: 'theory', minutes: 150, formats: ['on_site', 'online'], description: '讲清思想的核心要义、精神实质和实践要求，帮助党员学思想、强党性。' },
  { title: '学习贯彻党的二十届三中全会精神', topic: 'theory', minutes: 90, formats: ['on_site', 'online'], description: '解读进一步全面深化改革的总目标和重大举措，谈农村牧区改革与基层实践。' },
  { title: '中国共产党党史专题', topic: 'party_history', minutes: 120, formats: ['on_site', 'online', 'field'], description: '以重大事件和人物为线索讲党的百年奋斗历程，可在红色教育基地开展现场教学。' },
  { title: '草原上的红色记忆：内蒙古革命史', topic: 'party_history', minutes: 90, formats: ['on_site', 'field', 'mobile'], description: '讲述内蒙古自治区成立和呼伦贝尔地区革命斗争的历史，传承红色基因。' },
  { title: '党章党规党纪学习教育', topic: 'policy', minutes: 90, formats: ['on_site', 'online'], description: '逐条解读党章和《中国共产党纪律处分条例》，以案释纪，引导党员知敬畏、守底线。' },
  { title: '牧区草原生态保护政策解读', topic: 'policy', minutes: 90, formats: ['on_site', 'mobile', 'field'], description: '解读草原生态保护补助奖励、禁牧休牧和草畜平衡政策，答疑牧户关心的补贴问题。' },
  { title: '农村牧区基层治理与法治宣传', topic: 'policy', minutes: 90, formats: ['on_site', 'online', 'mobile'], description: '围绕"四议两公开"、村规民约和常见法律纠纷，提升嘎查村治理水平。' },
  { title: '基层党组织标准化规范化建设', topic: 'policy', minutes: 120, formats: ['on_site', 'online'], description: '讲解"三会一课"、主题党日、发展党员等工作规范，对照清单查找短板。' },
  { title: '乡村振兴战略解读', topic: 'rural_revitalization', minutes: 120, formats: ['on_site', 'online'], description: '解读乡村振兴战略和巩固拓展脱贫攻坚成果的政策举措，结合本地产业谈发展路径。' },
  { title: '发展壮大嘎查村集体经济', topic: 'rural_revitalization', minutes: 120, formats: ['on_site', 'field'], description: '分享集体经济项目选择、资产管理和收益分配的做法与典型案例。' },
  { title: '牧区合作社规范化建设与品牌培育', topic: 'rural_revitalization', minutes: 90, formats: ['on_site', 'field', 'online'], description: '讲解合作社章程、财务管理和品牌打造，推动"合作社＋牧户"抱团发展。' },
  { title: '牛羊疫病防治实用技术', topic: 'practical_skills', minutes: 150, formats: ['field', 'on_site', 'mobile'], description: '到棚圈现场讲解口蹄疫、布病、羔羊痢疾等常见疫病的预防、识别和处置。' },
  { title: '草原畜牧业科学养殖与舍饲半舍饲技术', topic: 'practical_skills', minutes: 120, formats: ['field', 'mobile', 'on_site'], description: '围绕冷季补饲、接羔保育和良种繁育，提高牧户养殖效益。' },
  { title: '饲草料种植与储备技术', topic: 'practical_skills', minutes: 120, formats: ['field', 'on_site'], description: '讲解人工草地建植、青贮制作和打草储草技术，防范白灾风险。' },
  { title: '农村电商直播带货', topic: 'practical_skills', minutes: 150, formats: ['on_site', 'online', 'field'], description: '手把手教开网店、拍短视频、做直播，把牛羊肉、奶食品卖出草原。' },
  { title: '铸牢中华民族共同体意识', topic: 'ethnic_unity', minutes: 120, formats: ['on_site', 'online', 'mobile'], description: '讲好中华民族共同体历史和民族团结进步故事，引导党员群众增进"五个认同"。' },
  { title: '民族团结进步模范故事宣讲', topic: 'ethnic_unity', minutes: 90, formats: ['on_site', 'mobile', 'online'], description: '由先进模范讲述身边的民族团结故事，蒙汉双语宣讲。' },
  { title: '守边固边与边境管理', topic: 'border_security', minutes: 120, formats: ['on_site', 'field'], description: '讲解边境管理法规和党政军警民合力强边固防机制，可在边境哨所、界碑现场教学。' },
  { title: '护边员巡边实务与边境安全常识', topic: 'border_security', minutes: 90, formats: ['on_site', 'field', 'mobile'], description: '面向护边员和边境嘎查牧民，讲巡边守则、涉边案事件报告和安全防范。' },
];

/** Titles of custom (not on the menu) orders, per topic. */
const CUSTOM_TITLES: Record<Topic, string[]> = {
  theory: ['新时代党员如何发挥先锋模范作用', '学习习近平总书记考察内蒙古重要讲话精神'],
  party_history: ['呼伦贝尔红色故事会', '老党员讲述草原上的入党故事'],
  policy: ['草原承包经营权流转政策问答', '农村牧区常用法律法规宣讲'],
  rural_revitalization: ['嘎查集体经济项目怎么选', '牧家乐与乡村旅游发展'],
  practical_skills: ['冬春季接羔保育技术', '打草季饲草收储与防火', '大豆玉米带状复合种植', '手机短视频拍摄入门'],
  ethnic_unity: ['民族团结一家亲——身边的故事', '国家通用语言文字推广与双语学习'],
  border_security: ['边境地区反走私与法治宣传', '界河巡护与防火安全'],
};

const ORDER_NOTES = [
  '请用蒙汉双语授课，老党员多听不懂汉语。', '牧民转场前人比较齐，尽量安排在本月。', '会议室有投影，可以用课件。',
  '希望结合本嘎查实际多讲案例。', '冬季路况差，请提前联系确认。', '晚上牧民在家，线上课安排在晚上更好。', '课后想请讲师帮助解答几个实际问题。',
];
const DECLINE_REASONS = ['当天已有下乡安排', '身体原因，近期不便远途授课', '该专题不是本人擅长方向，建议另派', '时间冲突，需参加旗里会议'];
const BRANCH_CANCEL_REASONS = ['暴雪封路，无法组织党员集中', '牧民转场，人员难以集中，改期再约', '与嘎查"两委"会议时间冲突', '已由旗委宣讲团安排同类课程'];
const ADMIN_CANCEL_REASONS = ['党组织申请撤单，由旗委组织部代为取消', '授课时间需整体调整，撤回后重新派单'];
const REJECT_REASONS = [
  '本月已为该党组织安排同类课程，请调整专题后再申请', '预计参加人数过少，建议与相邻嘎查联合申请',
  '时间窗过短，无法安排讲师，请放宽时间后重新下单', '与菜单课程内容重复，请直接从课程菜单点单',
];
const RATING_COMMENTS: Record<number, string[]> = {
  5: ['讲得生动接地气，牧民听得懂、用得上', '蒙汉双语授课，老党员们非常欢迎', '案例鲜活，互动充分，希望再来', '现场答疑解决了大家的实际问题'],
  4: ['内容实用，时间稍紧', '讲解清楚，建议多留交流时间', '准备充分，课件可再精简一些'],
  3: ['内容偏理论，结合本地实际不够', '线上信号不稳定，效果一般'],
  2: ['开课推迟较久，准备不够充分'],
  1: ['内容与申请的专题不符'],
};

// ---- generated rows ----------------------------------------------------------------------------

interface RegionRow extends Point {
  id: string; name: string; level: RegionLevel; parentId: string | null; path: string[];
  border: boolean; remote: boolean; weak: boolean;
  bannerIdx: number; profile: Profile; villageType?: VillageType; township?: RegionRow;
}
interface BranchRow extends Point { id: string; name: string; region: RegionRow; kind: BranchKind; members: number; accountId: string; orders: number }
interface Window { weekday: number; from: number; to: number }
interface Exception { from: number; to: number; reason: string }
interface LecturerRow extends Point {
  id: string; name: string; category: Category; level: LecturerLevel; region: RegionRow;
  topics: Topic[]; languages: string[]; formats: Format[]; cap: number; radius: number;
  weekly: Window[]; exceptions: Exception[]; ratingSum: number; ratingCount: number; accountId: string;
  // the allocation tracker: days taken, time blocked (lecture plus travel), lectures per local month
  days: Set<number>; blocked: Array<[number, number]>; perMonth: Map<number, number>; load: number;
}
interface CourseRow { id: string; seed: CourseSeed; lecturers: Set<string> }
interface Slot { start: number; end: number; travel: number; day: number; month: number }
interface HistoryRow { orderId: string; at: number; actorId: string | null; from: Status | null; to: Status; lecturerId: string | null; reason: string | null }
interface BookingRow { orderId: string; lecturerId: string; start: number; end: number; travel: number; releasedAt: number | null; createdAt: number }
interface OrderRow {
  id: string; branch: BranchRow; course: CourseRow | null; topic: Topic; title: string; format: Format;
  earliest: number; latest: number; duration: number; audience: number; language: string; preferredId: string | null; notes: string | null;
  status: Status; offeredId: string | null; offeredStart: number | null; offerExpires: number | null;
  attendance: number | null; startedAt: number | null; summary: string | null; completedAt: number | null;
  ratingScore: number | null; ratingComment: string | null; ratedAt: number | null; placedBy: string; createdAt: number; updatedAt: number;
}

interface DemoCity {
  regions: RegionRow[]; branches: BranchRow[]; lecturers: LecturerRow[]; courses: CourseRow[]; orders: OrderRow[];
  history: HistoryRow[]; bookings: BookingRow[]; declines: Array<{ orderId: string; lecturerId: string; at: number }>;
  accounts: Array<{ id: string; username: string; hash: string; role: 'admin' | 'branch' | 'lecturer'; branchId: string | null; lecturerId: string | null }>;
}

interface Hashes { admin: string; branch: string; lecturer: string; disabled: string }

// ---- regions -----------------------------------------------------------------------------------

function buildRegions(rng: Rng, file: BannerFile): RegionRow[] {
  const city: RegionRow = {
    id: randomUUID(), name: file.city.name, level: 'city', parentId: null, path: [], lat: file.city.latitude, lon: file.city.longitude,
    border: false, remote: false, weak: false, bannerIdx: -1, profile: 'urban',
  };
  city.path = [city.id];
  const regions: RegionRow[] = [city];
  const villages: RegionRow[] = [];
  file.banners.forEach((b, bannerIdx) => {
    const profile = PROFILES[b.name] ?? 'pastoral';
    const seat: Point = { lat: b.latitude, lon: b.longitude };
    const banner: RegionRow = {
      id: randomUUID(), name: b.name, level: 'banner', parentId: city.id, path: [], lat: b.latitude, lon: b.longitude,
      border: b.border, remote: false, weak: false, bannerIdx, profile,
    };
    banner.path = [city.id, banner.id];
    regions.push(banner);
    const used = new Set<string>();
    const nTownships = rng.int(3, 6);
    const names = rng.sample(TOWNSHIPS[b.name] ?? [], nTownships);
    while (names.length < nTownships) {
      const suffix = profile === 'pastoral' ? '苏木' : profile === 'urban' ? '街道' : rng.pick(['镇', '乡']);
      const name = `${rng.pick(MN_HEAD)}${rng.pick(MN_TAIL)}${suffix}`;
      if (!names.includes(name)) names.push(name);
    }
    const [tMin, tMax, vMin, vMax] = profile === 'urban' ? [4, 30, 2, 8] : [15, 120, 3, 30];
    for (const tName of names) {
      const tp = placeAround(rng, seat, tMin, tMax);
      const township: RegionRow = {
        id: randomUUID(), name: tName, level: 'township', parentId: banner.id, path: [], ...tp,
        border: b.border && rng.chance(0.8), remote: km(tp, seat) > 60, weak: false, bannerIdx, profile,
      };
      township.path = [...banner.path, township.id];
      regions.push(township);
      const nVillages = rng.int(3, 6);
      for (let v = 0; v < nVillages; v++) {
        const type = villageType(rng, profile, tName);
        let name = '';
        for (let tries = 0; tries < 200 && (name === '' || used.has(name)); tries++) name = villageName(rng, type);
        if (used.has(name)) name = `新${name}`;
        used.add(name);
        const vp = placeAround(rng, tp, vMin, vMax);
        const village: RegionRow = {
          id: randomUUID(), name, level: 'village', parentId: township.id, path: [], ...vp,
          border: township.border, remote: km(vp, seat) > 60, weak: false, bannerIdx, profile, villageType: type, township,
        };
        village.path = [...township.path, village.id];
        regions.push(village);
        villages.push(village);
      }
    }
  });
  // about one village in ten is marked weak (党员教育薄弱)
  for (const v of rng.sample(villages, Math.round(villages.length / 10))) v.weak = true;
  return regions;
}

function villageType(rng: Rng, profile: Profile, township: string): VillageType {
  if (township.endsWith('街道')) return rng.chance(0.85) ? 'shequ' : 'cun';
  switch (profile) {
    case 'pastoral': return township.endsWith('苏木') ? (rng.chance(0.9) ? 'gacha' : 'shequ') : rng.chance(0.6) ? 'gacha' : 'shequ';
    case 'agri': return rng.chance(0.8) ? 'cun' : 'shequ';
    case 'forest': return rng.chance(0.55) ? 'cun' : 'shequ';
    case 'urban': return rng.pick(['cun', 'gacha', 'shequ', 'shequ'] as const);
  }
}

function villageName(rng: Rng, type: VillageType): string {
  switch (type) {
    case 'gacha': return `${rng.pick(MN_HEAD)}${rng.pick(MN_TAIL)}嘎查`;
    case 'cun': return `${rng.pick(CUN_HEAD)}${rng.pick(CUN_MID)}村`;
    case 'shequ': return `${rng.pick(SHEQU)}社区`;
  }
}

// ---- branches ----------------------------------------------------------------------------------

const ENTERPRISE_BRANDS = ['金帐', '蒙源', '呼伦', '贝尔', '草原红', '兴安', '额尔古纳河', '巴尔虎', '牧歌', '绿野'];
const ENTERPRISE_KINDS = ['乳业有限公司', '肉业有限公司', '电商产业园', '物流有限公司', '牧业有限公司', '旅游开发有限公司', '奶食品加工厂', '律师事务所'];
const INSTITUTIONS = ['机关', '中心学校', '卫生院', '农牧业综合服务中心', '司法所', '文化站'];

function buildBranches(rng: Rng, regions: RegionRow[]): BranchRow[] {
  const branches: BranchRow[] = [];
  const names = new Set<string>();
  const add = (name: string, region: RegionRow, kind: BranchKind, members: number, spreadKm: number): void => {
    if (names.has(name)) return;
    names.add(name);
    branches.push({ id: randomUUID(), name, region, kind, members, ...placeAround(rng, region, 0, spreadKm), accountId: '', orders: 0 });
  };
  const villages = regions.filter((r) => r.level === 'village');
  const townships = regions.filter((r) => r.level === 'township');
  for (const v of villages) {
    if (v.villageType === 'shequ') add(`${v.township?.name ?? ''}${v.name}党支部`, v, 'community', rng.int(20, 120), 1);
    else add(`${v.name}党支部`, v, 'village', rng.int(12, 85), 1.5);
  }
  const extras = Math.min(80, Math.max(30, 300 - branches.length));
  const borderJoint = Math.round(extras * 0.3);
  const institutions = Math.round(extras * 0.35);
  const borderNodes = regions.filter((r) => r.border && (r.level === 'township' || r.level === 'village'));
  for (let i = 0, tries = 0; i < borderJoint && tries < 500; tries++) {
    const r = rng.pick(borderNodes);
    const name = r.level === 'village'
      ? `${r.name}党政军警民共建党支部`
      : rng.pick([`${r.name}边境派出所警民共建党支部`, `${r.name}护边员联合党支部`, `${r.name}党政军警民共建党支部`]);
    const before = branches.length;
    add(name, r, 'border_joint', rng.int(10, 50), 2);
    if (branches.length > before) i++;
  }
  for (let i = 0, tries = 0; i < institutions && tries < 500; tries++) {
    const t = rng.pick(townships);
    const before = branches.length;
    add(`${t.name}${rng.pick(INSTITUTIONS)}党支部`, t, 'institution', rng.int(15, 60), 2);
    if (branches.length > before) i++;
  }
  for (let i = 0, tries = 0; i < extras - borderJoint - institutions && tries < 500; tries++) {
    const onVillage = rng.chance(0.5);
    const r = onVillage ? rng.pick(villages) : rng.pick(townships);
    const name = onVillage && r.villageType !== 'shequ'
      ? `${r.name.replace(/(嘎查|村)$/, '')}${r.villageType === 'gacha' ? '牧民' : '农民'}专业合作社党支部`
      : `呼伦贝尔${rng.pick(ENTERPRISE_BRANDS)}${rng.pick(ENTERPRISE_KINDS)}党支部`;
    const before = branches.length;
    add(name, r, 'enterprise', rng.int(8, 40), 3);
    if (branches.length > before) i++;
  }
  return branches;
}

// ---- lecturers ---------------------------------------------------------------------------------

const LECTURER_PLAN: Array<[LecturerLevel, Category, number]> = [
  ['city', 'party_government_leader', 3], ['city', 'expert_scholar', 4], ['city', 'model_figure', 2], ['city', 'five_elders', 1],
  ['banner', 'party_government_leader', 3], ['banner', 'party_affairs_worker', 5], ['banner', 'expert_scholar', 4], ['banner', 'model_figure', 4],
  ['banner', 'practical_technician', 5], ['banner', 'five_elders', 4],
  ['township', 'branch_secretary', 8], ['township', 'party_affairs_worker', 3], ['township', 'practical_technician', 6],
  ['township', 'model_figure', 3], ['township', 'five_elders', 5],
];

/** Topics each category draws from, the first ones always; formats likewise. */
const CATEGORY_TOPICS: Record<Category, { always: Topic[]; maybe: Topic[] }> = {
  party_government_leader: { always: ['policy'], maybe: ['theory', 'rural_revitalization', 'border_security'] },
  branch_secretary: { always: ['rural_revitalization'], maybe: ['policy', 'practical_skills', 'party_history'] },
  party_affairs_worker: { always: ['theory'], maybe: ['party_history', 'policy'] },
  expert_scholar: { always: [], maybe: ['theory', 'party_history', 'ethnic_unity', 'policy'] },
  model_figure: { always: [], maybe: ['rural_revitalization', 'ethnic_unity', 'border_security', 'practical_skills', 'party_history'] },
  practical_technician: { always: ['practical_skills'], maybe: ['rural_revitalization'] },
  five_elders: { always: ['party_history'], maybe: ['ethnic_unity', 'border_security', 'theory'] },
};
const CATEGORY_FORMATS: Record<Category, { always: Format[]; maybe: Format[] }> = {
  party_government_leader: { always: ['on_site'], maybe: ['online', 'field'] },
  branch_secretary: { always: ['on_site'], maybe: ['field', 'mobile'] },
  party_affairs_worker: { always: ['on_site'], maybe: ['online', 'mobile'] },
  expert_scholar: { always: ['on_site', 'online'], maybe: ['field'] },
  model_figure: { always: ['on_site'], maybe: ['field', 'mobile', 'online'] },
  practical_technician: { always: ['field'], maybe: ['on_site', 'mobile', 'online'] },
  five_elders: { always: ['on_site'], maybe: ['mobile'] },
};

function weeklyFor(rng: Rng, category: Category): Window[] {
  const day = (weekday: number, from: number, to: number): Window => ({ weekday, from, to });
  const evenings = (days: number[]): Window[] => days.map((d) => day(d, 19 * 60, 22 * 60));
  let windows: Window[];
  switch (category) {
    case 'five_elders': {
      const days = rng.sample([1, 2, 3, 4, 5], 3);
      windows = days.map((d) => day(d, 9 * 60, 16 * 60 + 30));
      break;
    }
    case 'practical_technician':
      windows = [2, 3, 4, 5, 6, 7].map((d) => day(d, 8 * 60, 18 * 60)).concat(evenings(rng.sample([1, 3, 5], 2)));
      break;
    case 'branch_secretary':
    case 'model_figure':
      windows = [1, 2, 3, 4, 5, 6].map((d) => day(d, 8 * 60 + 30, 17 * 60 + 30)).concat(evenings(rng.sample([1, 2, 3, 4, 5, 6], 3)));
      break;
    default:
      windows = [1, 2, 3, 4, 5].map((d) => day(d, 8 * 60 + 30, 17 * 60 + 30)).concat(evenings(rng.sample([1, 2, 3, 4], 2)));
  }
  return windows.sort((a, b) => a.weekday - b.weekday || a.from - b.from);
}

function exceptionsFor(rng: Rng, today: number): Exception[] {
  const out: Exception[] = [];
  const n = rng.int(0, 2);
  for (let i = 0; i < n; i++) {
    const [reason, len] = rng.pick([['休假', rng.int(5, 10)], ['外出学习培训', rng.int(3, 7)], ['下乡调研', rng.int(2, 4)]] as const);
    const start = today + rng.int(-300, 55);
    out.push({ from: localMidnight(start), to: localMidnight(start + len), reason });
  }
  return out.sort((a, b) => a.from - b.from);
}

function buildLecturers(rng: Rng, regions: RegionRow[], today: number): { lecturers: LecturerRow[]; demo: LecturerRow } {
  const city = regions[0];
  const banners = regions.filter((r) => r.level === 'banner');
  const townships = regions.filter((r) => r.level === 'township');
  const demoBanner = banners.find((b) => b.name === '陈巴尔虎旗') ?? banners[0];
  const bannerQueue = rng.shuffle(banners.filter((b) => b !== demoBanner)).concat(rng.shuffle(banners));
  const townshipPool = rng.shuffle(townships.filter((t) => t.profile !== 'urban')).concat(rng.shuffle(townships.filter((t) => t.profile === 'urban')));
  const usedNames = new Set<string>(['其木格']);
  const mnPool = rng.shuffle(MN_NAMES);
  const lecturers: LecturerRow[] = [];
  let demo: LecturerRow | undefined;

  for (const [level, category, count] of LECTURER_PLAN) {
    for (let i = 0; i < count; i++) {
      const isDemo = demo === undefined && level === 'banner' && category === 'expert_scholar';
      const region = level === 'city' ? city : level === 'banner' ? (isDemo ? demoBanner : (bannerQueue.shift() as RegionRow)) : (townshipPool.shift() as RegionRow);
      const pMn = level === 'city' ? 0.45 : { pastoral: 0.8, urban: 0.4, forest: 0.25, agri: 0.2 }[region.profile];
      const mongolian = isDemo || rng.chance(pMn);
      let name = isDemo ? '其木格' : '';
      while (!isDemo && (name === '' || usedNames.has(name))) {
        name = mongolian && mnPool.length > 0 ? (mnPool.shift() as string) : `${rng.pick(ZH_SURNAMES)}${rng.pick(ZH_GIVEN)}`;
      }
      usedNames.add(name);
      const languages = mongolian
        ? (category === 'five_elders' && region.profile === 'pastoral' && rng.chance(0.6)) ? ['mn'] : ['zh', 'mn']
        : rng.chance(0.15) ? ['zh', 'mn'] : ['zh'];
      const t = CATEGORY_TOPICS[category];
      const topics = new Set<Topic>(t.always);
      for (const x of rng.shuffle(t.maybe)) if (topics.size < 2 || rng.chance(0.35)) topics.add(x);
      if (category === 'expert_scholar' && !isDemo && rng.chance(0.3)) {
        topics.clear();
        topics.add('practical_skills').add('rural_revitalization'); // an agronomist or a veterinarian
      }
      if (isBorderish(region, regions) && (category === 'five_elders' || category === 'model_figure' || category === 'party_government_leader') && rng.chance(0.7)) {
        topics.add('border_security');
      }
      const f = CATEGORY_FORMATS[category];
      const formats = new Set<Format>(f.always);
      for (const x of f.maybe) if (rng.chance(0.55)) formats.add(x);
      if ([...topics].includes('practical_skills') && category !== 'five_elders') formats.add('field');
      const radius = level === 'city' ? rng.int(25, 40) * 10 : level === 'banner' ? rng.int(12, 30) * 10 : rng.int(8, 15) * 10;
      const cap = category === 'party_government_leader' ? rng.int(4, 6) : level === 'township' ? rng.int(4, 10) : rng.int(6, 12);
      const home = placeAround(rng, region, 0, level === 'township' ? 3 : 5);
      const row: LecturerRow = {
        id: randomUUID(), name, category, level, region, ...home,
        topics: TOPICS.filter((x) => topics.has(x)), languages, formats: (['on_site', 'online', 'field', 'mobile'] as Format[]).filter((x) => formats.has(x)),
        cap, radius, weekly: weeklyFor(rng, category), exceptions: exceptionsFor(rng, today),
        ratingSum: 0, ratingCount: 0, accountId: '', days: new Set(), blocked: [], perMonth: new Map(), load: 0,
      };
      if (isDemo) {
        // the demo lecturer: 陈巴尔虎旗委党校 lecturer, bilingual, travels to the pastoral banners around
        Object.assign(row, {
          topics: ['theory', 'party_history', 'ethnic_unity'] as Topic[], languages: ['zh', 'mn'], formats: ['on_site', 'online', 'mobile'] as Format[],
          cap: 10, radius: 300,
          weekly: [1, 2, 3, 4, 5].map((d) => ({ weekday: d, from: 8 * 60 + 30, to: 17 * 60 + 30 }))
            .concat([2, 4].map((d) => ({ weekday: d, from: 19 * 60, to: 22 * 60 })))
            .sort((a, b) => a.weekday - b.weekday || a.from - b.from),
          exceptions: [
            { from: localMidnight(today - 130), to: localMidnight(today - 123), reason: '休假' },
            { from: localMidnight(today + 24), to: localMidnight(today + 29), reason: '赴自治区党校学习培训' },
          ],
        });
        demo = row;
      }
      lecturers.push(row);
    }
  }
  // at least 40% lecture in Mongolian: bilingual lecturers in the pastoral and border banners first
  const mnShare = (): number => lecturers.filter((l) => l.languages.includes('mn')).length / lecturers.length;
  for (const l of [...lecturers].sort((a, b) => Number(b.region.profile === 'pastoral') - Number(a.region.profile === 'pastoral'))) {
    if (mnShare() >= 0.42) break;
    if (!l.languages.includes('mn')) l.languages = ['zh', 'mn'];
  }
  // a few elders and herders' technicians in the pastoral banners lecture in Mongolian only
  for (const l of lecturers) {
    if (lecturers.filter((x) => x.languages.length === 1 && x.languages[0] === 'mn').length >= 3) break;
    if (l !== demo && l.region.profile === 'pastoral' && MN_NAMES.includes(l.name) && (l.category === 'five_elders' || l.category === 'practical_technician')) l.languages = ['mn'];
  }
  if (!demo) throw new Error('demo data: no demo lecturer');
  return { lecturers, demo };
}

/** Whether the lecturer's home lies in a border banner (or is the city, which has the border belt in its remit). */
function isBorderish(region: RegionRow, regions: RegionRow[]): boolean {
  if (region.level === 'city') return true;
  const banner = regions.find((r) => r.id === region.path[1]);
  return banner?.border ?? false;
}

function buildCourses(rng: Rng, lecturers: LecturerRow[], demo: LecturerRow): CourseRow[] {
  const links = new Map<LecturerRow, number>();
  return COURSES.map((seed) => {
    // those who give fewest courses so far first, so that most of the pool is on the menu
    const candidates = lecturers.filter((l) => l !== demo && l.topics.includes(seed.topic) && l.formats.some((f) => seed.formats.includes(f)))
      .map((l) => ({ l, key: (links.get(l) ?? 0) + rng.float(0, 1.5) }))
      .sort((a, b) => a.key - b.key)
      .map((x) => x.l);
    const k = Math.min(candidates.length, rng.int(3, 6));
    const chosen = candidates.slice(0, k);
    for (const l of chosen) links.set(l, (links.get(l) ?? 0) + 1);
    if (demo.topics.includes(seed.topic) && demo.formats.some((f) => seed.formats.includes(f))) {
      if (chosen.length >= 6) chosen.pop();
      chosen.push(demo);
    }
    if (chosen.length < 2) throw new Error(`demo data: course ${seed.title} has fewer than 2 lecturers`);
    return { id: randomUUID(), seed, lecturers: new Set(chosen.map((l) => l.id)) };
  });
}

// ---- orders ------------------------------------------------------------------------------------

type When = 'past' | 'recentPast' | 'future';
type CancelFrom = 'pending' | 'offered' | 'accepted';
interface Spec {
  status: Status; when: When; rated?: boolean; cancelFrom?: CancelFrom;
  lecturer?: LecturerRow; branch?: BranchRow;
  /** pending orders that this lecturer could claim */
  claimableBy?: LecturerRow;
}

function needsLecturer(spec: Spec): boolean {
  return spec.status === 'offered' || spec.status === 'accepted' || spec.status === 'completed' || (spec.status === 'cancelled' && spec.cancelFrom !== 'pending');
}

interface Draft { branch: BranchRow; course: CourseRow | null; topic: Topic; title: string; format: Format; language: string; duration: number }

class OrderFactory {
  readonly orders: OrderRow[] = [];
  readonly history: HistoryRow[] = [];
  readonly bookings: BookingRow[] = [];
  readonly declines: Array<{ orderId: string; lecturerId: string; at: number }> = [];
  readonly failed: Spec[] = [];

  constructor(
    private readonly rng: Rng,
    private readonly now: number,
    private readonly branches: BranchRow[],
    private readonly lecturers: LecturerRow[],
    private readonly courses: CourseRow[],
    private readonly adminId: string,
    private readonly demo: LecturerRow,
  ) {}

  private get today(): number {
    return localDay(this.now);
  }

  static teaches(d: Pick<Draft, 'course' | 'topic'>, l: LecturerRow): boolean {
    return d.course ? d.course.lecturers.has(l.id) : l.topics.includes(d.topic);
  }

  /** The hard rules that depend on the order and the lecturer only. */
  static qualifies(d: Draft, l: LecturerRow, margin = 1): boolean {
    return OrderFactory.teaches(d, l) && l.languages.includes(d.language) && l.formats.includes(d.format)
      && (!TRAVELLING.has(d.format) || km(l, d.branch) <= l.radius - margin);
  }

  /** The first free slot of the lecturer on one of `days` that meets availability, leave, bookings and the monthly cap. */
  private findSlot(l: LecturerRow, d: Draft, days: number[], window?: [number, number]): Slot | null {
    const travel = TRAVELLING.has(d.format) ? Math.ceil((km(l, d.branch) / TRAVEL_SPEED_KMH) * 60) : 0;
    for (const day of days) {
      if (l.days.has(day)) continue;
      const month = localMonthIndex(localAt(day, 12, 0));
      if ((l.perMonth.get(month) ?? 0) >= l.cap) continue;
      const weekday = weekdayOfDay(day);
      const starts = TRAVELLING.has(d.format) ? [570, 840] : d.duration <= 150 ? [1170, 570, 840] : [570, 840];
      for (const s of starts) {
        const e = s + d.duration;
        if (!l.weekly.some((w) => w.weekday === weekday && w.from <= s && e <= w.to)) continue;
        const start = localAt(day, 0, s);
        const end = start + d.duration * MINUTE_MS;
        if (window && (start < window[0] || start > window[1])) continue;
        if (l.exceptions.some((x) => x.from < end && start < x.to)) continue;
        const bFrom = start - travel * MINUTE_MS;
        const bTo = end + travel * MINUTE_MS;
        if (l.blocked.some(([a, b]) => a < bTo && bFrom < b)) continue;
        return { start, end, travel, day, month };
      }
    }
    return null;
  }

  private reserve(l: LecturerRow, slot: Slot): void {
    l.days.add(slot.day);
    l.blocked.push([slot.start - slot.travel * MINUTE_MS, slot.end + slot.travel * MINUTE_MS]);
    l.perMonth.set(slot.month, (l.perMonth.get(slot.month) ?? 0) + 1);
    l.load++;
  }

  /** Days to try around a target day, nearest first, inside [lo, hi]. */
  private daysAround(target: number, lo: number, hi: number, spread = 10): number[] {
    const out: number[] = [];
    for (let k = 0; k <= spread; k++) {
      for (const d of k === 0 ? [target] : [target + k, target - k]) if (d >= lo && d <= hi) out.push(d);
    }
    return out;
  }

  private targetDays(when: When): number[] {
    const t = this.today;
    if (when === 'past') return this.daysAround(t - 1 - Math.floor(364 * this.rng.float() ** 1.15), t - 365, t - 1);
    if (when === 'recentPast') return this.daysAround(t - this.rng.int(1, 3), t - 4, t - 1, 3);
    return this.daysAround(t + this.rng.int(2, 58), t + 1, t + 60);
  }

  private draft(spec: Spec): Draft | null {
    const rng = this.rng;
    const forced = spec.lecturer ?? spec.claimableBy;
    const open = this.branches.filter((b) => b.orders < 3);
    const reachable = forced ? open.filter((b) => km(b, forced) <= forced.radius - 1) : open;
    const branch = spec.branch ?? rng.weighted(reachable.length > 0 ? reachable : open, (b) =>
      1 + (b.region.remote ? 1.5 : 0) + (b.region.border ? 1 : 0) + (b.region.weak ? 2 : 0) + (b.kind === 'village' ? 0.5 : 0));
    const options = forced ? this.courses.filter((c) => c.lecturers.has(forced.id)) : this.courses;
    let course: CourseRow | null = null;
    let topic: Topic;
    let title: string;
    if (options.length > 0 && rng.chance(0.8)) {
      course = rng.pick(options);
      topic = course.seed.topic;
      title = course.seed.title;
    } else {
      topic = forced ? rng.pick(forced.topics) : rng.pick(TOPICS);
      if (topic === 'border_security' && !branch.region.border && rng.chance(0.8)) return null;
      title = rng.pick(CUSTOM_TITLES[topic]);
    }
    let formats: Format[] = course ? course.seed.formats : ['on_site', 'on_site', 'on_site', 'online', 'online', 'field', 'mobile'];
    if (forced) formats = formats.filter((f) => forced.formats.includes(f));
    if (formats.length === 0) return null;
    const format = rng.pick(formats);
    const mnLikely = branch.region.profile === 'pastoral' ? 0.4 : 0.05;
    let language = rng.chance(mnLikely) ? 'mn' : 'zh';
    if (forced && !forced.languages.includes(language)) language = forced.languages[0];
    const duration = course ? course.seed.minutes : rng.pick([60, 90, 90, 120, 120, 150, 180]);
    return { branch, course, topic, title, format, language, duration };
  }

  /** Tries to make one order of the spec; returns false when nothing fitted (the caller may give up). */
  make(spec: Spec): boolean {
    // most orders start from a lecturer with little work yet, so that the load spreads over the pool
    const lecturerFirst = spec.lecturer === undefined && spec.branch === undefined && needsLecturer(spec) && this.rng.chance(0.6);
    for (let attempt = 0; attempt < 400; attempt++) {
      let s = spec;
      if (lecturerFirst && attempt < 200) {
        const pool = this.lecturers.filter((l) => l !== this.demo);
        const least = Math.min(...pool.map((l) => l.load));
        s = { ...spec, lecturer: this.rng.pick(pool.filter((l) => l.load <= least + 1)) };
      }
      const d = this.draft(s);
      if (!d) continue;
      if (this.tryMake(s, d)) return true;
    }
    this.failed.push(spec);
    return false;
  }

  /** Qualified lecturers, the least loaded first; city and banner lecturers a little ahead for villages (the tilt to the grassroots). */
  private candidates(d: Draft, exclude?: LecturerRow): LecturerRow[] {
    const tilt = d.branch.region.level === 'village';
    return this.lecturers.filter((l) => l !== exclude && OrderFactory.qualifies(d, l))
      .map((l) => ({ l, key: l.load - (tilt && l.level !== 'township' ? 0.5 : 0) + this.rng.float(0, 0.9) }))
      .sort((a, b) => a.key - b.key)
      .map((x) => x.l);
  }

  private tryMake(spec: Spec, d: Draft): boolean {
    const rng = this.rng;
    let lecturer: LecturerRow | null = null;
    let slot: Slot | null = null;
    if (needsLecturer(spec)) {
      const pool = spec.lecturer ? (OrderFactory.qualifies(d, spec.lecturer) ? [spec.lecturer] : []) : this.candidates(d);
      const days = this.targetDays(spec.when);
      for (const l of pool.slice(0, 8)) {
        slot = this.findSlot(l, d, days);
        if (slot) {
          lecturer = l;
          break;
        }
      }
      if (!lecturer || !slot) return false;
    }

    // pending orders (and ones cancelled or rejected before anyone was asked) get a window first
    let window: [number, number];
    let lectureDay: number;
    if (slot) {
      lectureDay = slot.day;
      window = [0, 0];
    } else if (spec.status === 'pending') {
      const first = this.today + rng.int(2, 45);
      window = [localAt(first, 8, 0), localAt(first + rng.int(5, 20), 20, 0)];
      lectureDay = first;
      // someone must be able to take it: a qualified lecturer with a free slot in the window
      const who = spec.claimableBy ? (OrderFactory.qualifies(d, spec.claimableBy) ? [spec.claimableBy] : []) : this.candidates(d);
      const days: number[] = [];
      for (let day = localDay(window[0]); day <= localDay(window[1]); day++) days.push(day);
      if (!who.some((l) => this.findSlot(l, d, days, window) !== null)) return false;
    } else {
      lectureDay = this.targetDays(spec.when)[0];
      window = [0, 0];
    }

    // the transitions after placing the order, forward, with the gap before each
    interface Step { to: Status; from: Status; actor: string | null; lecturerId: string | null; reason: string | null; gap: number }
    const steps: Step[] = [];
    const hours = (a: number, b: number): number => Math.round(rng.float(a, b) * HOUR_MS);
    const declined: LecturerRow[] = [];
    const branchActor = d.branch.accountId;
    const addEarlierOffer = (): void => {
      // an earlier offer to someone else that was declined or ran out
      const others = this.candidates(d, lecturer ?? spec.claimableBy);
      // a pending order keeps someone else who could take it
      const other = others.length >= (spec.status === 'pending' ? 2 : 1) ? others[0] : undefined;
      if (!other) return;
      steps.push({ to: 'offered', from: 'pending', actor: this.adminId, lecturerId: other.id, reason: null, gap: hours(2, 72) });
      if (rng.chance(0.65)) {
        declined.push(other);
        steps.push({ to: 'pending', from: 'offered', actor: other.accountId, lecturerId: other.id, reason: rng.chance(0.8) ? rng.pick(DECLINE_REASONS) : null, gap: hours(1, 40) });
      } else {
        steps.push({ to: 'pending', from: 'offered', actor: null, lecturerId: other.id, reason: 'offer expired', gap: OFFER_TTL_MS + rng.int(5, 40) * 1000 });
      }
    };
    const history = spec.status === 'pending' || spec.status === 'offered' || spec.status === 'accepted' || spec.status === 'completed'
      || (spec.status === 'cancelled' && spec.cancelFrom !== 'pending');
    if (history && rng.chance(spec.status === 'pending' ? 0.3 : 0.18)) addEarlierOffer();

    const l = lecturer;
    switch (spec.status) {
      case 'offered':
        steps.push({ to: 'offered', from: 'pending', actor: this.adminId, lecturerId: l?.id ?? null, reason: null, gap: hours(2, 72) });
        break;
      case 'accepted':
      case 'completed':
        if (rng.chance(0.7)) {
          steps.push({ to: 'offered', from: 'pending', actor: this.adminId, lecturerId: l?.id ?? null, reason: null, gap: hours(2, 72) });
          steps.push({ to: 'accepted', from: 'offered', actor: l?.accountId ?? null, lecturerId: l?.id ?? null, reason: null, gap: hours(0.5, 40) });
        } else {
          steps.push({ to: 'accepted', from: 'pending', actor: l?.accountId ?? null, lecturerId: l?.id ?? null, reason: null, gap: hours(3, 144) });
        }
        break;
      case 'cancelled':
        if (spec.cancelFrom === 'pending') {
          steps.push({ to: 'cancelled', from: 'pending', actor: branchActor, lecturerId: null, reason: rng.pick(BRANCH_CANCEL_REASONS), gap: hours(3, 120) });
        } else if (spec.cancelFrom === 'offered') {
          steps.push({ to: 'offered', from: 'pending', actor: this.adminId, lecturerId: l?.id ?? null, reason: null, gap: hours(2, 72) });
          steps.push({ to: 'cancelled', from: 'offered', actor: this.adminId, lecturerId: null, reason: rng.pick(ADMIN_CANCEL_REASONS), gap: hours(1, 40) });
        } else {
          steps.push({ to: 'offered', from: 'pending', actor: this.adminId, lecturerId: l?.id ?? null, reason: null, gap: hours(2, 72) });
          steps.push({ to: 'accepted', from: 'offered', actor: l?.accountId ?? null, lecturerId: l?.id ?? null, reason: null, gap: hours(0.5, 40) });
          steps.push({ to: 'cancelled', from: 'accepted', actor: branchActor, lecturerId: null, reason: rng.pick(BRANCH_CANCEL_REASONS), gap: hours(6, 200) });
        }
        break;
      case 'rejected':
        steps.push({ to: 'rejected', from: 'pending', actor: this.adminId, lecturerId: null, reason: rng.pick(REJECT_REASONS), gap: hours(2, 72) });
        break;
      case 'pending':
        break;
    }

    // anchor the last of these steps, then walk back to the placing of the order
    const lectureStart = slot ? slot.start : localAt(lectureDay, 9, 30);
    let anchor: number;
    if (spec.status === 'offered') anchor = this.now - hours(1, 40);
    else if (lectureStart < this.now) anchor = lectureStart - hours(spec.status === 'cancelled' ? 20 : 24, 240);
    else anchor = this.now - hours(0.2, spec.status === 'pending' ? 96 : 240);
    const times: number[] = new Array<number>(steps.length + 1);
    times[steps.length] = anchor;
    for (let i = steps.length - 1; i >= 0; i--) times[i] = times[i + 1] - steps[i].gap;
    const created = times[0];
    if (!slot && spec.status !== 'pending') {
      // cancelled before an offer or rejected: any day after the order was placed
      lectureDay = Math.max(lectureDay, localDay(created) + 2);
    }

    if (slot) {
      const lo = Math.max(lectureDay - rng.int(0, 6), localDay(created) + 1);
      window = [Math.max(localAt(Math.min(lo, lectureDay), 8, 0), created + HOUR_MS), localAt(lectureDay + rng.int(0, 10), 20, 0)];
      if (window[0] > slot.start) window[0] = slot.start;
    } else if (spec.status !== 'pending') {
      window = [localAt(lectureDay, 8, 0), localAt(lectureDay + rng.int(3, 15), 20, 0)];
    }
    if (lecturer && slot) this.reserve(lecturer, slot);

    const id = randomUUID();
    const audience = Math.max(5, Math.round(d.branch.members * rng.float(0.5, 1.3)) + (d.format === 'mobile' ? rng.int(5, 20) : 0));
    const order: OrderRow = {
      id, branch: d.branch, course: d.course, topic: d.topic, title: d.title, format: d.format,
      earliest: window[0], latest: window[1], duration: d.duration, audience, language: d.language,
      preferredId: null, notes: rng.chance(0.3) ? rng.pick(ORDER_NOTES) : null,
      status: spec.status, offeredId: null, offeredStart: null, offerExpires: null,
      attendance: null, startedAt: null, summary: null, completedAt: null, ratingScore: null, ratingComment: null, ratedAt: null,
      placedBy: d.branch.accountId, createdAt: created, updatedAt: times[times.length - 1],
    };
    if (lecturer && rng.chance(0.15)) order.preferredId = lecturer.id; // 点名
    if (d.language === 'mn' && order.notes === null && rng.chance(0.3)) order.notes = ORDER_NOTES[0];
    this.history.push({ orderId: id, at: created, actorId: branchActor, from: null, to: 'pending', lecturerId: null, reason: null });
    steps.forEach((s, i) => this.history.push({ orderId: id, at: times[i + 1], actorId: s.actor, from: s.from, to: s.to, lecturerId: s.lecturerId, reason: s.reason }));
    for (const x of declined) {
      const at = this.history.find((h) => h.orderId === id && h.to === 'pending' && h.from === 'offered' && h.lecturerId === x.id)?.at ?? created;
      this.declines.push({ orderId: id, lecturerId: x.id, at });
    }

    if (lecturer && slot) {
      if (spec.status === 'offered') {
        order.offeredId = lecturer.id;
        order.offeredStart = slot.start;
        order.offerExpires = anchor + OFFER_TTL_MS;
      }
      const accepted = steps.find((s) => s.to === 'accepted');
      if (accepted) {
        const acceptedAt = times[steps.indexOf(accepted) + 1];
        const cancelledAt = spec.status === 'cancelled' ? anchor : null;
        this.bookings.push({ orderId: id, lecturerId: lecturer.id, start: slot.start, end: slot.end, travel: slot.travel, releasedAt: cancelledAt, createdAt: acceptedAt });
      }
      if (spec.status === 'completed') this.complete(order, lecturer, slot, spec.rated ?? false);
    }
    this.orders.push(order);
    d.branch.orders++;
    return true;
  }

  private complete(order: OrderRow, l: LecturerRow, slot: Slot, rated: boolean): void {
    const rng = this.rng;
    const attendance = Math.max(3, Math.round(order.audience * rng.float(0.7, 1.1)));
    const completedAt = Math.min(slot.end + Math.round(rng.float(0.3, 48) * HOUR_MS), this.now - MINUTE_MS);
    const where = order.branch.region.name;
    const bilingual = order.language === 'mn' ? '全程蒙汉双语讲解，' : '';
    const summaries = [
      `${l.name}以"${order.title}"为题，采用${FORMAT_ZH[order.format]}形式授课，${bilingual}结合${where}实际讲政策、讲案例，${attendance}人次参加，课后解答了党员群众提出的问题。`,
      `围绕"${order.title}"开展${FORMAT_ZH[order.format]}，${bilingual}${attendance}人次参加。课上组织党员交流发言，大家表示内容实在、听得懂、用得上。`,
      `${FORMAT_ZH[order.format]}：${order.title}。${bilingual}到课${attendance}人次，讲师结合${where}发展实际分析问题，并发放学习资料。`,
    ];
    Object.assign(order, {
      attendance, startedAt: slot.start + rng.int(-5, 15) * MINUTE_MS, summary: rng.pick(summaries), completedAt, updatedAt: completedAt,
    });
    this.history.push({ orderId: order.id, at: completedAt, actorId: l.accountId, from: 'accepted', to: 'completed', lecturerId: l.id, reason: null });
    const ratedAt = completedAt + Math.round(rng.float(1, 120) * HOUR_MS);
    if (rated && ratedAt < this.now) {
      const score = rng.weighted([5, 4, 3, 2, 1], (s) => ({ 5: 50, 4: 34, 3: 11, 2: 4, 1: 1 })[s] ?? 0);
      Object.assign(order, { ratingScore: score, ratingComment: rng.chance(0.85) ? rng.pick(RATING_COMMENTS[score]) : null, ratedAt, updatedAt: ratedAt });
      l.ratingSum += score;
      l.ratingCount += 1;
    }
  }
}

// ---- the whole city ----------------------------------------------------------------------------

function buildCity(now: number, hashes: Hashes): DemoCity {
  const rng = new Rng(SEED);
  const today = localDay(now);
  const regions = buildRegions(rng, loadBanners());
  const branches = buildBranches(rng, regions);
  const { lecturers, demo } = buildLecturers(rng, regions, today);
  const courses = buildCourses(rng, lecturers, demo);

  // the demo branch: a gacha branch in a remote region of 新巴尔虎左旗 within the demo lecturer's reach
  const newBaragLeft = regions.find((r) => r.level === 'banner' && r.name === '新巴尔虎左旗')?.id;
  const byPreference = [
    (b: BranchRow) => b.kind === 'village' && b.region.villageType === 'gacha' && b.region.remote && b.region.path[1] === newBaragLeft && km(b, demo) < 240,
    (b: BranchRow) => b.kind === 'village' && b.region.villageType === 'gacha' && b.region.remote && km(b, demo) < 240,
    (b: BranchRow) => b.kind === 'village' && b.region.remote && km(b, demo) < 240,
    (b: BranchRow) => b.kind === 'village' && b.region.remote,
  ];
  let demoBranch: BranchRow | undefined;
  for (const test of byPreference) {
    demoBranch ??= branches.find(test);
  }
  demoBranch ??= branches[0];

  const accounts: DemoCity['accounts'] = [
    { id: randomUUID(), username: 'admin', hash: hashes.admin, role: 'admin', branchId: null, lecturerId: null },
  ];
  demoBranch.accountId = randomUUID();
  accounts.push({ id: demoBranch.accountId, username: 'branch', hash: hashes.branch, role: 'branch', branchId: demoBranch.id, lecturerId: null });
  demo.accountId = randomUUID();
  accounts.push({ id: demo.accountId, username: 'lecturer', hash: hashes.lecturer, role: 'lecturer', branchId: null, lecturerId: demo.id });
  // every other branch and lecturer gets an account nobody can log in with (a hash of a thrown-away secret)
  let n = 0;
  for (const b of branches) {
    if (b === demoBranch) continue;
    b.accountId = randomUUID();
    accounts.push({ id: b.accountId, username: `branch-${++n}`, hash: hashes.disabled, role: 'branch', branchId: b.id, lecturerId: null });
  }
  n = 0;
  for (const l of lecturers) {
    if (l === demo) continue;
    l.accountId = randomUUID();
    accounts.push({ id: l.accountId, username: `lecturer-${++n}`, hash: hashes.disabled, role: 'lecturer', branchId: null, lecturerId: l.id });
  }

  const factory = new OrderFactory(rng, now, branches, lecturers, courses, accounts[0].id, demo);
  const specs: Spec[] = [];
  const add = (count: number, spec: Spec): void => {
    for (let i = 0; i < count; i++) specs.push({ ...spec });
  };
  // the demo lecturer: offers waiting, lectures ahead, one given but not yet reported, lectures given
  add(3, { status: 'offered', when: 'future', lecturer: demo });
  add(3, { status: 'accepted', when: 'future', lecturer: demo });
  add(1, { status: 'accepted', when: 'recentPast', lecturer: demo });
  add(5, { status: 'completed', when: 'past', lecturer: demo, rated: true });
  add(3, { status: 'completed', when: 'past', lecturer: demo, rated: false });
  add(1, { status: 'cancelled', when: 'future', lecturer: demo, cancelFrom: 'accepted' });
  add(2, { status: 'pending', when: 'future', claimableBy: demo });
  // the demo branch: a few orders in several states
  add(1, { status: 'completed', when: 'past', branch: demoBranch, rated: true });
  add(1, { status: 'completed', when: 'past', branch: demoBranch, rated: false });
  add(1, { status: 'accepted', when: 'future', branch: demoBranch });
  add(1, { status: 'offered', when: 'future', branch: demoBranch });
  add(1, { status: 'pending', when: 'future', branch: demoBranch });
  add(1, { status: 'cancelled', when: 'past', branch: demoBranch, cancelFrom: 'pending' });
  add(1, { status: 'rejected', when: 'past', branch: demoBranch });
  // everyone else, up to about 150 orders
  const targets: Record<Status, number> = { completed: 70, accepted: 22, offered: 12, pending: 20, cancelled: 14, rejected: 10 };
  const have = (s: Status): number => specs.filter((x) => x.status === s).length;
  const rest: Spec[] = [];
  for (let i = have('completed'); i < targets.completed; i++) rest.push({ status: 'completed', when: 'past', rated: rng.chance(0.6) });
  for (let i = have('accepted'); i < targets.accepted; i++) rest.push({ status: 'accepted', when: i === have('accepted') ? 'recentPast' : 'future' });
  for (let i = have('offered'); i < targets.offered; i++) rest.push({ status: 'offered', when: 'future' });
  for (let i = have('pending'); i < targets.pending; i++) rest.push({ status: 'pending', when: 'future' });
  for (let i = have('cancelled'); i < targets.cancelled; i++) {
    rest.push({ status: 'cancelled', when: rng.chance(0.6) ? 'past' : 'future', cancelFrom: rng.weighted(['pending', 'offered', 'accepted'] as const, (c) => ({ pending: 4, offered: 2.5, accepted: 3.5 })[c]) });
  }
  for (let i = have('rejected'); i < targets.rejected; i++) rest.push({ status: 'rejected', when: rng.chance(0.6) ? 'past' : 'future' });
  for (const spec of [...specs, ...rng.shuffle(rest)]) factory.make(spec);

  for (const b of branches) if (b.accountId === '') throw new Error('demo data: a branch without an account');
  return {
    regions, branches, lecturers, courses, accounts,
    orders: factory.orders, history: factory.history.sort((a, b) => a.at - b.at), bookings: factory.bookings, declines: factory.declines,
  };
}

// ---- loading -----------------------------------------------------------------------------------

const csv = (items: readonly string[]): string => items.join(',');
const orNull = (t: number | null): string | null => (t === null ? null : iso(t));

async function insertCity(m: EntityManager, c: DemoCity): Promise<void> {
  await m.query(
    `INSERT INTO regions (id, name, level, parent_id, path, latitude, longitude, border, remote, weak)
     SELECT u.id, u.name, u.level, u.parent_id, string_to_array(u.path, ',')::uuid[], u.lat, u.lon, u.border, u.remote, u.weak
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::float8[], $7::float8[], $8::bool[], $9::bool[], $10::bool[])
       WITH ORDINALITY AS u(id, name, level, parent_id, path, lat, lon, border, remote, weak, ord)
     ORDER BY u.ord`,
    [
      c.regions.map((r) => r.id), c.regions.map((r) => r.name), c.regions.map((r) => r.level), c.regions.map((r) => r.parentId),
      c.regions.map((r) => csv(r.path)), c.regions.map((r) => r.lat), c.regions.map((r) => r.lon),
      c.regions.map((r) => r.border), c.regions.map((r) => r.remote), c.regions.map((r) => r.weak),
    ],
  );
  await m.query(
    `INSERT INTO branches (id, name, region_id, kind, member_count, latitude, longitude)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::uuid[], $4::text[], $5::int[], $6::float8[], $7::float8[])`,
    [
      c.branches.map((b) => b.id), c.branches.map((b) => b.name), c.branches.map((b) => b.region.id), c.branches.map((b) => b.kind),
      c.branches.map((b) => b.members), c.branches.map((b) => b.lat), c.branches.map((b) => b.lon),
    ],
  );
  const availability = (l: LecturerRow): string => JSON.stringify({
    weekly: l.weekly.map((w) => ({ weekday: w.weekday, from: hm(w.from), to: hm(w.to) })),
    exceptions: l.exceptions.map((x) => ({ from: isoLocal(x.from), to: isoLocal(x.to), reason: x.reason })),
  });
  await m.query(
    `INSERT INTO lecturers (id, name, category, level, region_id, latitude, longitude, topics, languages, formats,
                            max_lectures_per_month, travel_radius_km, availability, rating_sum, rating_count)
     SELECT u.id, u.name, u.category, u.level, u.region_id, u.lat, u.lon,
            string_to_array(u.topics, ','), string_to_array(u.languages, ','), string_to_array(u.formats, ','),
            u.cap, u.radius, u.availability::jsonb, u.rating_sum, u.rating_count
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::float8[], $7::float8[], $8::text[], $9::text[], $10::text[],
                 $11::int[], $12::int[], $13::text[], $14::int[], $15::int[])
       WITH ORDINALITY AS u(id, name, category, level, region_id, lat, lon, topics, languages, formats, cap, radius, availability, rating_sum, rating_count, ord)
     ORDER BY u.ord`,
    [
      c.lecturers.map((l) => l.id), c.lecturers.map((l) => l.name), c.lecturers.map((l) => l.category), c.lecturers.map((l) => l.level),
      c.lecturers.map((l) => l.region.id), c.lecturers.map((l) => l.lat), c.lecturers.map((l) => l.lon),
      c.lecturers.map((l) => csv(l.topics)), c.lecturers.map((l) => csv(l.languages)), c.lecturers.map((l) => csv(l.formats)),
      c.lecturers.map((l) => l.cap), c.lecturers.map((l) => l.radius), c.lecturers.map(availability),
      c.lecturers.map((l) => l.ratingSum), c.lecturers.map((l) => l.ratingCount),
    ],
  );
  await m.query(
    `INSERT INTO courses (id, title, topic, description, duration_minutes, formats)
     SELECT u.id, u.title, u.topic, u.description, u.minutes, string_to_array(u.formats, ',')
     FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::int[], $6::text[]) WITH ORDINALITY AS u(id, title, topic, description, minutes, formats, ord)
     ORDER BY u.ord`,
    [
      c.courses.map((x) => x.id), c.courses.map((x) => x.seed.title), c.courses.map((x) => x.seed.topic), c.courses.map((x) => x.seed.description),
      c.courses.map((x) => x.seed.minutes), c.courses.map((x) => csv(x.seed.formats)),
    ],
  );
  const links = c.courses.flatMap((x) => [...x.lecturers].map((l) => [x.id, l] as const));
  await m.query(
    'INSERT INTO course_lecturers (course_id, lecturer_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])',
    [links.map((x) => x[0]), links.map((x) => x[1])],
  );
  const a = c.accounts;
  await m.query(
    `INSERT INTO accounts (id, username, password_hash, role, branch_id, lecturer_id)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::uuid[], $6::uuid[])`,
    [a.map((x) => x.id), a.map((x) => x.username), a.map((x) => x.hash), a.map((x) => x.role), a.map((x) => x.branchId), a.map((x) => x.lecturerId)],
  );
  const o = c.orders;
  await m.query(
    `INSERT INTO orders (id, branch_id, course_id, topic, title, format, earliest_start, latest_start, duration_minutes, expected_audience,
                         language, preferred_lecturer_id, notes, status, offered_lecturer_id, offered_starts_at, offer_expires_at,
                         attendance, started_at, summary, completed_at, rating_score, rating_comment, rated_at, placed_by, created_at, updated_at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::timestamptz[], $8::timestamptz[], $9::int[], $10::int[],
                          $11::text[], $12::uuid[], $13::text[], $14::text[], $15::uuid[], $16::timestamptz[], $17::timestamptz[],
                          $18::int[], $19::timestamptz[], $20::text[], $21::timestamptz[], $22::smallint[], $23::text[], $24::timestamptz[],
                          $25::uuid[], $26::timestamptz[], $27::timestamptz[])`,
    [
      o.map((x) => x.id), o.map((x) => x.branch.id), o.map((x) => x.course?.id ?? null), o.map((x) => x.topic), o.map((x) => x.title), o.map((x) => x.format),
      o.map((x) => iso(x.earliest)), o.map((x) => iso(x.latest)), o.map((x) => x.duration), o.map((x) => x.audience),
      o.map((x) => x.language), o.map((x) => x.preferredId), o.map((x) => x.notes), o.map((x) => x.status), o.map((x) => x.offeredId),
      o.map((x) => orNull(x.offeredStart)), o.map((x) => orNull(x.offerExpires)),
      o.map((x) => x.attendance), o.map((x) => orNull(x.startedAt)), o.map((x) => x.summary), o.map((x) => orNull(x.completedAt)),
      o.map((x) => x.ratingScore), o.map((x) => x.ratingComment), o.map((x) => orNull(x.ratedAt)),
      o.map((x) => x.placedBy), o.map((x) => iso(x.createdAt)), o.map((x) => iso(x.updatedAt)),
    ],
  );
  const h = c.history;
  await m.query(
    `INSERT INTO order_history (order_id, at, actor_id, from_status, to_status, lecturer_id, reason)
     SELECT u.order_id, u.at, u.actor_id, u.from_status, u.to_status, u.lecturer_id, u.reason
     FROM unnest($1::uuid[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::text[])
       WITH ORDINALITY AS u(order_id, at, actor_id, from_status, to_status, lecturer_id, reason, ord)
     ORDER BY u.ord`,
    [h.map((x) => x.orderId), h.map((x) => iso(x.at)), h.map((x) => x.actorId), h.map((x) => x.from), h.map((x) => x.to), h.map((x) => x.lecturerId), h.map((x) => x.reason)],
  );
  await m.query(
    'INSERT INTO order_declines (order_id, lecturer_id, declined_at) SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[])',
    [c.declines.map((x) => x.orderId), c.declines.map((x) => x.lecturerId), c.declines.map((x) => iso(x.at))],
  );
  const b = c.bookings;
  await m.query(
    `INSERT INTO bookings (order_id, lecturer_id, starts_at, ends_at, blocked, released_at, created_at)
     SELECT u.order_id, u.lecturer_id, u.starts_at, u.ends_at,
            tstzrange(u.starts_at - make_interval(mins => u.travel), u.ends_at + make_interval(mins => u.travel), '[)'),
            u.released_at, u.created_at
     FROM unnest($1::uuid[], $2::uuid[], $3::timestamptz[], $4::timestamptz[], $5::int[], $6::timestamptz[], $7::timestamptz[])
       AS u(order_id, lecturer_id, starts_at, ends_at, travel, released_at, created_at)`,
    [b.map((x) => x.orderId), b.map((x) => x.lecturerId), b.map((x) => iso(x.start)), b.map((x) => iso(x.end)), b.map((x) => x.travel), b.map((x) => orNull(x.releasedAt)), b.map((x) => iso(x.createdAt))],
  );
}

/** Loads the demo city into an empty database; returns false (and changes nothing) when there is data. */
export async function seedDemoData(dataSource: DataSource, log: (m: string) => void): Promise<boolean> {
  const rows: unknown[] = await dataSource.query('SELECT 1 FROM regions LIMIT 1');
  if (rows.length > 0) return false;

  const [admin, branch, lecturer, disabled] = await Promise.all([
    ...DEMO_LOGINS.map((d) => AuthService.hashPassword(d.password)),
    AuthService.hashPassword(randomBytes(32).toString('base64')),
  ]);
  const city = buildCity(Date.now(), { admin, branch, lecturer, disabled });

  const seeded = await dataSource.transaction(async (m) => {
    // replicas starting together: the second waits here, then finds the regions and backs off
    await m.query('SELECT pg_advisory_xact_lock($1)', [LOCK_KEYS.demoSeed]);
    const again: unknown[] = await m.query('SELECT 1 FROM regions LIMIT 1');
    if (again.length > 0) return false;
    const taken: Array<{ username: string }> = await m.query('SELECT username FROM accounts WHERE username = ANY($1)', [city.accounts.map((x) => x.username)]);
    if (taken.length > 0) {
      log(`demo data: not loaded, the accounts ${taken.map((t) => t.username).join(', ')} already exist`);
      return false;
    }
    await insertCity(m, city);
    return true;
  });
  if (!seeded) return false;

  const count = (level: RegionLevel): number => city.regions.filter((r) => r.level === level).length;
  log(`demo data: ${count('city')} city, ${count('banner')} banners, ${count('township')} townships, ${count('village')} villages, `
    + `${city.branches.length} branches, ${city.lecturers.length} lecturers, ${city.courses.length} courses, ${city.orders.length} orders`);
  return true;
}
