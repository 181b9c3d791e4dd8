/**
 * The Chinese texts the demo city is drawn from: place and person names, the course menu, what branches
 * write on orders and what lecturers and administrators answer. Only texts here; the drawing is elsewhere.
 */
import type { LectureFormat, Topic } from '../kernel/vocabulary.js';
import { FORMAT_ZH } from '../i18n/labels-zh.js';
import type { CourseSeed, Profile } from './model.js';

// ---- places ------------------------------------------------------------------------------------

export const PROFILES: Record<string, Profile> = {
  海拉尔区: 'urban', 扎赉诺尔区: 'urban', 满洲里市: 'urban', 牙克石市: 'forest', 扎兰屯市: 'agri', 额尔古纳市: 'forest',
  根河市: 'forest', 阿荣旗: 'agri', 莫力达瓦达斡尔族自治旗: 'agri', 鄂伦春自治旗: 'forest', 鄂温克族自治旗: 'pastoral',
  陈巴尔虎旗: 'pastoral', 新巴尔虎左旗: 'pastoral', 新巴尔虎右旗: 'pastoral',
};

/** Townships (seat towns left out: they lie at the seat), drawn from for each banner. */
export const TOWNSHIPS: Record<string, string[]> = {
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

export const MN_HEAD = ['巴彦', '乌兰', '呼和', '锡尼', '额尔敦', '宝格达', '希日', '阿木古朗', '查干', '哈日', '阿拉坦', '乌力吉', '温都尔', '伊和', '赛罕', '沙日', '布日敦', '陶森', '巴嘎', '宝力'];
export const MN_TAIL = ['诺尔', '宝力格', '陶勒盖', '乌拉', '敖包', '塔拉', '布拉格', '浩特', '胡都格', '高勒', '额日格', '希伯', '芒哈', '哈达'];
export const CUN_HEAD = ['兴隆', '永丰', '太平', '新发', '东升', '红旗', '前进', '富强', '双合', '长胜', '胜利', '新立', '保安', '合发', '丰收', '建国', '五一', '光荣', '永安', '德胜', '三合', '靠山', '二道', '向阳', '团结', '新兴'];
export const CUN_MID = ['', '', '', '河', '沟', '岭', '屯', '堡'];
export const SHEQU = ['团结', '和平', '幸福', '民主', '新华', '育才', '阳光', '康乐', '友谊', '光明', '锦绣', '滨河', '新城', '北山', '南苑', '林海', '铁北', '站前', '兴安', '文化'];

// ---- people ------------------------------------------------------------------------------------

export const ZH_SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '罗', '郑', '梁', '宋', '谢', '韩', '唐', '冯', '于', '董', '程', '邢', '白', '孟', '鄂', '敖'];
export const ZH_GIVEN = ['建国', '志刚', '海燕', '丽华', '春梅', '国庆', '伟', '秀兰', '立新', '玉兰', '文军', '红梅', '振华', '淑珍', '晓东', '宏伟', '雪梅', '永胜', '桂英', '金龙', '晓光', '凤琴', '俊峰', '雅琴', '德明', '慧敏', '学军', '秀英', '长春', '明远', '丽娟', '新民', '树林', '艳秋'];
export const MN_NAMES = [
  '巴特尔', '其其格', '乌云', '斯琴', '萨仁', '图雅', '额尔敦', '宝音', '朝鲁', '那日苏', '阿拉坦仓', '苏日娜', '格日勒', '布和', '孟和',
  '巴雅尔', '乌力吉', '满都拉', '敖登', '哈斯', '吉日嘎拉', '那顺', '巴图', '德力格尔', '特木尔', '阿古拉', '额尔德尼', '娜仁', '乌日娜',
  '宝力道', '都古尔', '斯琴巴图', '萨其拉', '图门', '包金山', '白音仓', '乌云毕力格', '其日麦拉图', '巴图孟和', '苏德', '嘎日迪', '阿拉腾',
];

// ---- the course menu ---------------------------------------------------------------------------

export const COURSES: CourseSeed[] = [
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
export const CUSTOM_TITLES: Readonly<Record<Topic, string[]>> = {
  theory: ['新时代党员如何发挥先锋模范作用', '学习习近平总书记考察内蒙古重要讲话精神'],
  party_history: ['呼伦贝尔红色故事会', '老党员讲述草原上的入党故事'],
  policy: ['草原承包经营权流转政策问答', '农村牧区常用法律法规宣讲'],
  rural_revitalization: ['嘎查集体经济项目怎么选', '牧家乐与乡村旅游发展'],
  practical_skills: ['冬春季接羔保育技术', '打草季饲草收储与防火', '大豆玉米带状复合种植', '手机短视频拍摄入门'],
  ethnic_unity: ['民族团结一家亲——身边的故事', '国家通用语言文字推广与双语学习'],
  border_security: ['边境地区反走私与法治宣传', '界河巡护与防火安全'],
};

export const ORDER_NOTES = [
  '请用蒙汉双语授课，老党员多听不懂汉语。', '牧民转场前人比较齐，尽量安排在本月。', '会议室有投影，可以用课件。',
  '希望结合本嘎查实际多讲案例。', '冬季路况差，请提前联系确认。', '晚上牧民在家，线上课安排在晚上更好。', '课后想请讲师帮助解答几个实际问题。',
];
export const DECLINE_REASONS = ['当天已有下乡安排', '身体原因，近期不便远途授课', '该专题不是本人擅长方向，建议另派', '时间冲突，需参加旗里会议'];
export const BRANCH_CANCEL_REASONS = ['暴雪封路，无法组织党员集中', '牧民转场，人员难以集中，改期再约', '与嘎查"两委"会议时间冲突', '已由旗委宣讲团安排同类课程'];
export const ADMIN_CANCEL_REASONS = ['党组织申请撤单，由旗委组织部代为取消', '授课时间需整体调整，撤回后重新派单'];
export const REJECT_REASONS = [
  '本月已为该党组织安排同类课程，请调整专题后再申请', '预计参加人数过少，建议与相邻嘎查联合申请',
  '时间窗过短，无法安排讲师，请放宽时间后重新下单', '与菜单课程内容重复，请直接从课程菜单点单',
];
export const RATING_COMMENTS: Record<number, string[]> = {
  5: ['讲得生动接地气，牧民听得懂、用得上', '蒙汉双语授课，老党员们非常欢迎', '案例鲜活，互动充分，希望再来', '现场答疑解决了大家的实际问题'],
  4: ['内容实用，时间稍紧', '讲解清楚，建议多留交流时间', '准备充分，课件可再精简一些'],
  3: ['内容偏理论，结合本地实际不够', '线上信号不稳定，效果一般'],
  2: ['开课推迟较久，准备不够充分'],
  1: ['内容与申请的专题不符'],
};

// ---- other branches ----------------------------------------------------------------------------

export const ENTERPRISE_BRANDS = ['金帐', '蒙源', '呼伦', '贝尔', '草原红', '兴安', '额尔古纳河', '巴尔虎', '牧歌', '绿野'];
export const ENTERPRISE_KINDS = ['乳业有限公司', '肉业有限公司', '电商产业园', '物流有限公司', '牧业有限公司', '旅游开发有限公司', '奶食品加工厂', '律师事务所'];
export const INSTITUTIONS = ['机关', '中心学校', '卫生院', '农牧业综合服务中心', '司法所', '文化站'];

/** What a lecturer reports after a lecture: one of these. */
export function lectureSummariesZh(x: { lecturer: string; title: string; format: LectureFormat; where: string; attendance: number; mongolian: boolean }): string[] {
  const form = FORMAT_ZH[x.format];
  const bilingual = x.mongolian ? '全程蒙汉双语讲解，' : '';
  return [
    `${x.lecturer}以"${x.title}"为题，采用${form}形式授课，${bilingual}结合${x.where}实际讲政策、讲案例，${x.attendance}人次参加，课后解答了党员群众提出的问题。`,
    `围绕"${x.title}"开展${form}，${bilingual}${x.attendance}人次参加。课上组织党员交流发言，大家表示内容实在、听得懂、用得上。`,
    `${form}：${x.title}。${bilingual}到课${x.attendance}人次，讲师结合${x.where}发展实际分析问题，并发放学习资料。`,
  ];
}
