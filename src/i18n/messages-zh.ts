/**
 * What a person reads on a page, in Chinese: a message for every error code (typed: a code without one
 * does not compile), the forms' field names, and what a finished action says.
 */
import { DomainError } from '../common/domain-error.js';
import { toProblem } from '../common/problem.filter.js';
import type { ErrorCode } from './error-codes.js';

export const MESSAGES_ZH: Readonly<Record<ErrorCode, string>> = {
  // common
  VALIDATION_FAILED: '填写的内容有误，请按提示修改后再提交。',
  MALFORMED_JSON: '提交的内容无法识别，请刷新页面后重试。',
  UNSUPPORTED_MEDIA_TYPE: '提交的内容格式不受支持，请刷新页面后重试。',
  PAYLOAD_TOO_LARGE: '提交的内容太长（超过 100 KB），请精简后再试。',
  UNAUTHENTICATED: '请先登录。',
  FORBIDDEN: '您的角色无权进行此操作。',
  ROUTE_NOT_FOUND: '没有这个页面。',
  METHOD_NOT_ALLOWED: '不支持这种操作方式。',
  RATE_LIMITED: '操作太频繁，请一分钟后再试。',
  CONFLICT: '数据已被他人修改，请刷新后重试。',
  INTERNAL_ERROR: '系统出了点问题，已记录，请稍后再试。',
  SERVICE_UNAVAILABLE: '数据库暂时无法连接，请稍后再试。',
  IDEMPOTENCY_KEY_REUSED: '这份表单此前已提交过（内容不同）。请先到“我的订单”查看是否已经下单；确需再下一单，请再次提交。',
  IDEMPOTENCY_REQUEST_IN_PROGRESS: '这份表单正在提交中，请稍候查看结果，不要重复提交。',
  // accounts
  INVALID_CREDENTIALS: '用户名或密码不正确。',
  USERNAME_TAKEN: '该用户名已被使用，请换一个。',
  ACCOUNT_LINK_INVALID: '党支部账号须选择党支部，讲师账号须选择讲师，管理员账号只能选择管辖区域。',
  ACCOUNT_DISABLED: '该账号已停用，请联系组织部门。',
  PASSWORD_CHANGE_REQUIRED: '您正在使用临时密码，请先修改密码。',
  CURRENT_PASSWORD_WRONG: '当前密码不正确。',
  ACCOUNT_NOT_FOUND: '没有找到该账号，或不在您的管辖范围内。',
  ACCOUNT_SELF_DISABLE: '不能停用自己的账号。',
  ACCOUNT_SCOPE_OUTSIDE: '只能把管理员的管辖区域设在您自己的管辖范围之内。',
  // regions, branches, lecturers, menu
  REGION_NOT_FOUND: '没有找到该区域，或不在您的管辖范围内。',
  REGION_CODE_TAKEN: '已有区域使用这个编码。',
  BRANCH_CODE_TAKEN: '已有党支部使用这个编码。',
  LECTURER_CODE_TAKEN: '已有讲师使用这个编码。',
  COURSE_CODE_TAKEN: '已有课程使用这个编码。',
  REGION_PARENT_INVALID: '上级区域不对：市没有上级，旗市区属于市，苏木乡镇属于旗市区，嘎查村属于苏木乡镇。',
  BRANCH_NOT_FOUND: '没有找到该党支部，或不在您的管辖范围内。',
  LECTURER_NOT_FOUND: '没有找到该讲师，或您无权查看。',
  LECTURER_FIELD_FORBIDDEN: '讲师本人不能修改自己的类别、层级、每月授课上限和常驻地（所属地区与坐标）。',
  LECTURER_RADIUS_ABOVE_CAP: '讲师本人最多可将出行半径设为 500 公里，更大的半径须由管理员设置。',
  AVAILABILITY_INVALID: '可授课时间的结束时间必须晚于开始时间。',
  COURSE_NOT_FOUND: '没有找到该课程。',
  COURSE_LECTURER_NOT_FOUND: '所选授课讲师中有人不在讲师库中。',
  // orders
  ORDER_NOT_FOUND: '没有找到该订单，或您无权查看。',
  NOTIFICATION_NOT_FOUND: '没有找到该通知。',
  WEBHOOK_NOT_FOUND: '没有找到该 Webhook，或您无权查看。',
  DELIVERY_NOT_FOUND: '没有找到该投递记录，或您无权查看。',
  DELIVERY_NOT_FAILED: '只有投递失败的记录才能手动重试。',
  ORDER_COURSE_OR_TOPIC_REQUIRED: '请从课程菜单选一门课，或填写自定专题和题目（二选一）。',
  ORDER_BRANCH_NOT_FOUND: '该账号所属的党支部已不存在。',
  ORDER_FORMAT_NOT_OFFERED: '这门课不提供所选的授课形式。',
  ORDER_WINDOW_INVALID: '日期范围有误：最晚日期不能早于最早日期，须在今天之后，且跨度不超过一年。',
  ORDER_PREFERRED_LECTURER_NOT_FOUND: '点名的讲师不在讲师库中。',
  ORDER_NOT_PENDING: '该订单已不在待派单状态。',
  ORDER_ALREADY_ACCEPTED: '该订单已被接单。',
  ORDER_NOT_OFFERED_TO_YOU: '该订单没有派给您。',
  OFFER_EXPIRED: '派单已过期，订单已退回待派单。',
  ORDER_STATE_CONFLICT: '订单当前的状态不允许此操作，请刷新后查看。',
  START_REQUIRED: '抢单须选择授课开始时间。',
  CLAIM_START_PASSED: '抢单时的授课时间必须是将来的时间。',
  STARTED_AT_IMPLAUSIBLE: '实际开讲时间不能晚于现在，也不能与预约时间相差超过 12 小时。',
  ATTENDANCE_IMPLAUSIBLE: '参加人次不能超过党员人数或预计人数（取较大者）的五倍。',
  START_OUTSIDE_WINDOW: '授课时间不在党支部要求的日期范围内。',
  LECTURER_NOT_ELIGIBLE: '该讲师不符合此订单的要求（专题、语言、形式、时间或出行半径）。',
  LECTURER_BUSY: '该时间（含路途时间）讲师已有其他授课安排。',
  MONTHLY_CAP_REACHED: '讲师当月授课已达上限。',
  LECTURER_DECLINED: '该讲师此前已谢绝这个订单。',
  LECTURE_NOT_STARTED: '授课开始时间还没到，不能报告完成。',
  ORDER_ALREADY_RATED: '该订单已经评过分了。',
  // scheduling
  SCHEDULING_RUN_NOT_FOUND: '没有找到该次派单计算。',
  SCHEDULING_RUN_IN_PROGRESS: '另一次派单正在进行，请稍后再试。',
  ORDER_NOT_SCHEDULABLE: '只有日期范围未过的待派单订单才能推荐讲师。',
  // coverage and campaigns
  CAMPAIGN_NOT_FOUND: '没有找到该活动，或不在您的管辖范围内。',
  CAMPAIGN_PERIOD_INVALID: '活动日期有误：结束日期不能早于开始日期，且跨度不超过十年。',
  // calendars
  CALENDAR_NOT_FOUND: '这个日历链接已失效，可能已更换为新链接。',
  // imports
  IMPORT_FILE_MISSING: '请选择要导入的文件。',
  IMPORT_FILE_TYPE: '文件格式不对：请上传 .xlsx 工作簿或 .csv 文件（旧版 .xls 请在 Excel 中“另存为” .xlsx）。',
  IMPORT_FILE_EMPTY: '文件是空的：列名下面没有数据行。',
  IMPORT_FILE_TOO_LARGE: '文件超过 20 MB，请分成几个文件导入。',
  IMPORT_TOO_MANY_ROWS: '文件超过 50,000 行，请分成几个文件导入。',
  IMPORT_FORMULAS: '表格中有公式：请复制后“选择性粘贴 → 数值”，再导入。',
  IMPORT_FILE_UNREADABLE: '文件无法读取，可能已损坏或不是表格文件。',
  IMPORT_COLUMNS_MISSING: '缺少必填的列：请确认用的是这一类的模板，且第 1 行的列名没有改动。',
  IMPORT_VALUE_REQUIRED: '必填，不能为空。',
  IMPORT_VALUE_INVALID: '不是可选的值，请从下拉列表中选。',
  IMPORT_NUMBER_INVALID: '不是有效的数字，或超出允许的范围。',
  IMPORT_TEXT_TOO_LONG: '内容太长。',
  IMPORT_CODE_INVALID: '编码只能由字母、数字或 . _ - 组成，最多 64 位。',
  IMPORT_AVAILABILITY_INVALID: '格式不对，应写成“周一 08:00-12:00; 周三 14:00-18:00”，结束时间要晚于开始时间。',
  IMPORT_CODE_DUPLICATE: '与前面某一行重复。',
  IMPORT_REFERENCE_UNKNOWN: '找不到这个编码：表中和系统中都没有。',
  IMPORT_OUT_OF_SCOPE: '不在您的管辖范围内。',
  IMPORT_PARENT_INVALID: '上级不对：市没有上级，旗市区属于市，苏木乡镇属于旗市区，嘎查村属于苏木乡镇。',
  IMPORT_TREE_FIXED: '区域建立后不能再改层级或上级。',
  IMPORT_ACCOUNT_EXISTS: '该用户名已被另一个账号（角色或所属不同）使用。',
  IMPORT_LINK_INVALID: '党支部账号须填党支部编码，讲师账号须填讲师编码，组织部门账号只能填管辖区域编码。',
  // sign-in
  SIGN_IN_CODE_NOT_FOUND: '签到码无效，请重新扫描讲师出示的二维码。',
  SIGN_IN_CLOSED: '签到未开放：签到时间为授课开始前 1 小时至结束后 3 小时。',
  SIGN_IN_NOT_BOOKED: '只有已接单的授课才有签到二维码。',
  SIGN_IN_SHEET_FINISHED: '该授课已报告完成，签到名单不能再添加。',
  // photo evidence
  EVIDENCE_PHOTO_REQUIRED: '请选择要上传的照片。',
  EVIDENCE_NOT_AN_IMAGE: '只能上传 JPEG、PNG 或 WebP 格式的照片。',
  EVIDENCE_PHOTO_TOO_LARGE: '照片太大：每张不能超过 10 MB。',
  EVIDENCE_NOT_BOOKED: '只有已接单或已授课的订单才能上传现场照片。',
  EVIDENCE_LIMIT_REACHED: '每场授课最多上传 20 张照片。',
  EVIDENCE_NOT_FOUND: '没有找到该照片，或您无权查看。',
  // the pages' own
  CSRF_INVALID: '页面已过期或来源不明，操作未执行。请返回刷新页面后重新提交。',
  SESSION_REQUIRED: '登录已过期，请重新登录。',
};

/** Chinese labels of the fields of the forms, for validation messages. */
export const FIELD_ZH: Readonly<Record<string, string>> = {
  username: '用户名',
  password: '密码',
  currentPassword: '当前密码',
  newPassword: '新密码',
  disabled: '停用',
  role: '角色',
  branchId: '党支部',
  lecturerId: '讲师',
  regionId: '区域',
  courseId: '课程',
  topic: '专题',
  title: '题目',
  format: '授课形式',
  earliestStart: '最早日期',
  latestStart: '最晚日期',
  durationMinutes: '时长（分钟）',
  expectedAudience: '预计听课人数',
  language: '授课语言',
  preferredLecturerId: '点名讲师',
  notes: '备注',
  startsAt: '授课开始时间',
  startedAt: '实际开始时间',
  attendance: '听课人次',
  summary: '授课小结',
  phone: '手机号',
  score: '评分',
  comment: '评价',
  reason: '原因',
  name: '名称',
  code: '编码',
  level: '层级',
  parentId: '上级区域',
  latitude: '纬度',
  longitude: '经度',
  kind: '类型',
  memberCount: '党员人数',
  category: '类别',
  topics: '讲授专题',
  languages: '授课语言',
  formats: '授课形式',
  maxLecturesPerMonth: '每月授课上限',
  travelRadiusKm: '出行半径（公里）',
  description: '课程简介',
  lecturerIds: '授课讲师',
  weekly: '每周可授课时间',
  exceptions: '请假 / 外出',
  from: '开始',
  to: '结束',
  dryRun: '试算',
  targetLectures: '目标场次',
};

/** An error as the person reads it: the code's message (or a generic one), and the fields to fix. */
export interface PageError {
  code: string;
  status: number;
  message: string;
  /** The fields to fix, in Chinese. */
  fields: string[];
  /** The same fields by their form names. */
  fieldNames: string[];
}

/** Whether a code (from a thrown error or a query) is one of ours. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(MESSAGES_ZH, code);
}

export function messageOf(code: string): string {
  return isErrorCode(code) ? MESSAGES_ZH[code] : MESSAGES_ZH.INTERNAL_ERROR;
}

/** The field a validation error names, in Chinese: `weekly.2.from` → `每周可授课时间`. */
export function fieldLabel(field: string): string {
  const top = field.split('.')[0];
  return Object.hasOwn(FIELD_ZH, top) ? FIELD_ZH[top] : top;
}

export function toPageError(err: unknown): PageError {
  const problem: DomainError = toProblem(err);
  const fieldNames = [...new Set((problem.errors ?? []).map((e) => e.field.split('.')[0]))];
  return {
    code: problem.code,
    status: problem.status,
    message: messageOf(problem.code),
    fields: [...new Set(fieldNames.map(fieldLabel))],
    fieldNames,
  };
}

/** What a finished action says on the page it returns to (`?done=`). */
export const DONE_ZH: Readonly<Record<string, string>> = {
  placed: '订单已提交，等待组织部门派单。',
  cancelled: '订单已取消。',
  rated: '感谢您的评价！',
  accepted: '已接单，已排入您的日程。',
  declined: '已谢绝，订单退回派单队列。',
  claimed: '抢单成功，已排入您的日程。',
  completed: '已报告授课完成，等待党支部评单。',
  signedIn: '签到成功，谢谢参加！',
  signedInAgain: '您已经签过到了，无需重复签到。',
  attendeeAdded: '已加入签到名单。',
  photoAdded: '照片已上传。',
  availability: '可授课时间已保存。',
  offered: '已派单，等待讲师答复。',
  rejected: '订单已驳回。',
  created: '已创建。',
  loggedOut: '您已退出登录。',
  passwordChanged: '密码已修改。',
  disabled: '账号已停用，其登录已全部失效。',
  enabled: '账号已启用。',
  calendarRotated: '已更换日历订阅链接，旧链接已失效。',
  read: '已全部标为已读。',
  retried: '已重新投递，稍后刷新查看结果。',
  saved: '已保存。',
};

/** A message carried to the next page in its query (`?done=` or `?error=&field=`): only known codes and fields are shown. */
export interface Notice {
  kind: 'done' | 'error';
  message: string;
  fields: string[];
}

export function noticeOf(query: Record<string, unknown>): Notice | undefined {
  const done = query.done;
  if (typeof done === 'string' && Object.hasOwn(DONE_ZH, done)) return { kind: 'done', message: DONE_ZH[done], fields: [] };
  const error = query.error;
  if (typeof error !== 'string' || !isErrorCode(error)) return undefined;
  const fields = ([] as unknown[])
    .concat(query.field ?? [])
    .filter((f): f is string => typeof f === 'string' && Object.hasOwn(FIELD_ZH, f))
    .map(fieldLabel);
  return { kind: 'error', message: MESSAGES_ZH[error], fields };
}

/** A refusal as RFC 9457 problem details in Chinese, for a form the pages' outbox sent by script (it shows title and detail to the person). */
export interface PageProblem {
  type: 'about:blank';
  title: string;
  status: number;
  detail: string;
  code: string;
  /** The fields to fix, in Chinese. */
  fields: string[];
}

export function pageProblem(error: PageError): PageProblem {
  const title = error.status === 401 ? '请重新登录' : error.status === 404 ? '没有找到' : error.status >= 500 ? '服务器出错' : '未能提交';
  return { type: 'about:blank', title, status: error.status, detail: error.message, code: error.code, fields: error.fields };
}

/** The query that carries an error to the next page. */
export function errorQuery(error: PageError): string {
  const params = new URLSearchParams({ error: error.code });
  for (const f of error.fieldNames) params.append('field', f);
  return params.toString();
}
