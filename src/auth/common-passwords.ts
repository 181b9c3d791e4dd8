import { ValidateBy, type ValidationArguments } from 'class-validator';
import { normalizeUsername } from './username.js';

/**
 * The most common passwords of 8 characters or more, from the published leak-derived top lists
 * (and the Chinese ones among them): NIST SP 800-63B asks that such passwords be refused.
 * Compared in lower case.
 */
const COMMON_PASSWORDS = new Set([
  '12345678',
  '123456789',
  '1234567890',
  '12345678910',
  '0123456789',
  '87654321',
  '987654321',
  '11111111',
  '111111111',
  '1111111111',
  '00000000',
  '000000000',
  '88888888',
  '888888888',
  '66666666',
  '666666666',
  '99999999',
  '12341234',
  '11223344',
  '112233445566',
  '123123123',
  '123321123',
  '1234qwer',
  '1qaz2wsx',
  '1q2w3e4r',
  '1q2w3e4r5t',
  '1qazxsw2',
  'qwertyui',
  'qwertyuiop',
  'qwerty123',
  'qwerty12',
  'asdfghjkl',
  'asdf1234',
  'zxcvbnm1',
  'zxcvbnm123',
  'password',
  'password1',
  'password12',
  'password123',
  'password!',
  'passw0rd',
  'p@ssw0rd',
  'p@ssword',
  'iloveyou',
  'iloveyou1',
  'sunshine',
  'princess',
  'football',
  'baseball',
  'welcome1',
  'welcome123',
  'abcd1234',
  'abc12345',
  'abc123456',
  'abcdefgh',
  'a1234567',
  'a12345678',
  'a123456789',
  'aa123456',
  'aa12345678',
  'qq123456',
  'qq123456789',
  'woaini1314',
  'woaini520',
  '5201314520',
  '520520520',
  '1314520520',
  'wang1234',
  'zhang123',
  'li123456',
  'admin123',
  'admin1234',
  'admin12345',
  'administrator',
  'changeme',
  'letmein1',
  'trustno1',
  'superman',
  'starwars',
  'whatever',
  'computer',
  'internet',
  'michael1',
  'jennifer',
  'charlie1',
  'dragon12',
  'monkey12',
  'shadow12',
  'master12',
  'qazwsxedc',
  'zaq12wsx',
  'q1w2e3r4',
  'q1w2e3r4t5',
  '147258369',
  '123654789',
  '159357456',
  '7758521a',
  'caoyuan123',
  'grassland',
  'lecturer',
  'lecturer1',
  'xuanjiang',
  'dangyuan1',
]);

/**
 * Why a new password is refused, or undefined when it may be used: too common, one character repeated, or the
 * username again (in any case, with digits around it, or its letters alone with digits and symbols, once or more).
 */
export function weakPasswordReason(password: string, username: string): string | undefined {
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'password is one of the most common passwords; choose another';
  if (/^(.)\1*$/u.test(password)) return 'password repeats one character only; choose another';
  const [name, typed] = [normalizeUsername(username), normalizeUsername(password)];
  if (
    name.length > 0 &&
    (typed === name ||
      (withoutDigitsAround(typed) !== '' && withoutDigitsAround(typed) === withoutDigitsAround(name)) ||
      lettersRepeat(lettersOf(typed), lettersOf(name)))
  )
    return 'password must not be the username';
  return undefined;
}

/** A name without the digits at its ends (`saruul2026` → `saruul`), as people add a year or a number to it. */
const withoutDigitsAround = (text: string): string => text.replace(/\d+$|^\d+/g, '');

/** Only a text's letters: what is left of a username when digits and symbols are added around or between (`Lect2-2026`). */
const lettersOf = (text: string): string => text.replace(/\P{L}/gu, '');

/** Whether `typed` is the username's letters (three or more) once or more times over (`lect2lect2`, `LECT4lect4`). */
const lettersRepeat = (typed: string, name: string): boolean =>
  name.length >= 3 && typed.length >= name.length && typed.length % name.length === 0 && typed === name.repeat(typed.length / name.length);

/** The username beside the password being checked ('' when it is not text: its own rule reports that). */
const usernameBeside = (args?: ValidationArguments): string => {
  const username: unknown = (args?.object as { username?: unknown } | undefined)?.username;
  return typeof username === 'string' ? username : '';
};

/** Not a common password, nor the username again (NIST SP 800-63B). */
export const IsNotWeakPassword = () =>
  ValidateBy({
    name: 'isNotWeakPassword',
    validator: {
      validate: (value: unknown, args) => typeof value !== 'string' || weakPasswordReason(value, usernameBeside(args)) === undefined,
      defaultMessage: (args) => weakPasswordReason(String(args?.value), usernameBeside(args)) ?? 'password is too weak',
    },
  });
