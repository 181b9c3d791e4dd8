/**
 * Why a form's field was refused, in Chinese: the API's validation messages are English sentences for client
 * developers, so a page told only "请检查：新密码". Each reason is known by a key read from the message (and carried
 * in a redirect's query as `why=field:key`); a message of no known kind gives none, and the field is listed as
 * before. Chinese only, as the scheduling rules' words: a page in Mongolian lists the fields.
 * `src/web/shared/field-reasons.spec.ts` holds the patterns below to the validators' own wording.
 */

/** Each reason by its key; a length's takes its number (`tooShort.8`). */
const REASONS = {
  weakPassword: () => '是最常见的密码之一，请换一个',
  oneCharacter: () => '只由同一个字符重复组成，请换一个',
  passwordIsUsername: () => '不能与用户名相同',
  notTypedTwice: () => '两次输入的不一致',
  smsNeedsPhone: () => '开启短信通知需要先填写手机号',
  emailNeedsAddress: () => '开启邮件通知需要先填写电子邮箱',
  chineseMobile: () => '应为 11 位手机号（以 13–19 开头）',
  mobileOrLandline: () => '应为 11 位手机号，或带区号的座机号（如 0470-8221234）',
  phoneCharacters: () => '只能包含数字、空格、+、( ) 和 -',
  hourMinute: () => '应为“时:分”，如 09:30',
  beforeMidnight: () => '应早于 24:00（24:00 只能作为结束时间）',
  wholeDay: () => '不能是全天；不想收短信和邮件，请关闭这两种通知',
  email: () => '不是有效的电子邮箱地址',
  usernameCharacters: () => '应为 3–100 个字母（汉字也可）、数字或 . _ @ -，不含空格',
  usernameMixesScripts: () => '拉丁、西里尔、希腊字母不能混用，拉丁字母和数字只能是 a–z、0–9',
  blank: () => '不能为空',
  hiddenControls: () => '含有控制字符或文字方向控制符，请删去后重新输入',
  tooShort: (n: number) => `至少 ${n} 个字符`,
  tooLong: (n: number) => `最多 ${n} 个字符`,
  date: () => '应为日期，如 2026-06-01',
  dateTime: () => '应为日期和时间，如 2026-06-01 09:00',
  realDate: () => '应为 1000–9999 年间实有的日期',
  endBeforeStart: () => '不能早于开始日期',
  atLeast: (n: number) => `不能小于 ${n}`,
  atMost: (n: number) => `不能大于 ${n}`,
} satisfies Record<string, (n: number) => string>;

type ReasonKey = keyof typeof REASONS;
const COUNTED = new Set<ReasonKey>(['tooShort', 'tooLong', 'atLeast', 'atMost']);

/** The message's kind, by the words our validators and class-validator's write. */
const KINDS: Array<[RegExp, ReasonKey]> = [
  [/most common passwords/, 'weakPassword'],
  [/repeats one character only/, 'oneCharacter'],
  [/must not be the username/, 'passwordIsUsername'],
  [/not typed the same twice/, 'notTypedTwice'],
  [/^SMS needs a phone/, 'smsNeedsPhone'],
  [/^e-mail needs an address/, 'emailNeedsAddress'],
  [/must be a Chinese mobile number/, 'chineseMobile'],
  [/must be a mobile number \(11 digits\) or a landline/, 'mobileOrLandline'],
  [/may hold digits, spaces/, 'phoneCharacters'],
  [/must be HH:MM/, 'hourMinute'],
  [/must be before 24:00/, 'beforeMidnight'],
  [/must not last the whole day/, 'wholeDay'],
  [/must be an email/, 'email'],
  [/^username must be 3-100 letters, digits or \. _ @ -$/, 'usernameCharacters'],
  [/^username must not mix Latin, Cyrillic or Greek letters/, 'usernameMixesScripts'],
  [/must not be empty|should not be empty/, 'blank'],
  [/must not contain control characters or text direction overrides/, 'hiddenControls'],
  [/must be longer than or equal to (\d+) characters/, 'tooShort'],
  [/must be shorter than or equal to (\d+) characters/, 'tooLong'],
  [/must be YYYY-MM-DD or an ISO date-time/, 'date'],
  [/must be an ISO 8601 date-time with offset/, 'dateTime'],
  [/is not a calendar date between the years|must fall in the years 1000 to 9999/, 'realDate'],
  [/^to must not be before from$/, 'endBeforeStart'],
  [/must not be less than (\d+)$/, 'atLeast'],
  [/must not be greater than (\d+)$/, 'atMost'],
];

/** A field's reason as a key (`weakPassword`, `tooShort.8`), or undefined when the message is of no known kind. */
export function reasonKeyOf(message: string): string | undefined {
  for (const [pattern, key] of KINDS) {
    const match = pattern.exec(message);
    if (match) return match[1] === undefined ? key : `${key}.${match[1]}`;
  }
  return undefined;
}

/** The reason a key names, in Chinese; undefined for a key that is not one (a query typed by hand). */
export function reasonZh(key: string): string | undefined {
  // Limits run to six digits (a comment's 2,000 characters, an audience of 100,000).
  const match = /^([a-zA-Z]+)(?:\.(\d{1,6}))?$/.exec(key);
  if (!match || !Object.hasOwn(REASONS, match[1])) return undefined;
  const name = match[1] as ReasonKey;
  // A length needs its number, and nothing else has one.
  if (COUNTED.has(name) !== (match[2] !== undefined)) return undefined;
  return REASONS[name](Number(match[2]));
}
