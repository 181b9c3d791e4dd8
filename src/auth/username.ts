/**
 * One username, however it is typed: NFKC folds full-width and compatibility forms (`ａｄｍｉｎ` → `admin`),
 * lower case makes `ADMIN` the same name, and the spaces a login form may add are dropped. The database
 * keeps the same form in `accounts.username_key` (unique); limits on logins are keyed on it too.
 */
export function normalizeUsername(username: string): string {
  return username.normalize('NFKC').trim().toLowerCase();
}

/** What a username may be made of: 3-100 letters, digits or `. _ @ -`. */
export const USERNAME_PATTERN = /^[\p{L}\p{N}._@-]{3,100}$/u;

/** Whether a name may be a username: of USERNAME_PATTERN's characters, none of them reading as another (`isUnambiguous`). */
export function isValidUsername(username: string): boolean {
  return USERNAME_PATTERN.test(username) && isUnambiguous(username);
}

/** Scripts whose letters look alike (`а` Cyrillic, `a` Latin): a name may use only one of them. */
const CONFUSABLE_SCRIPTS = [/\p{Script=Latin}/u, /\p{Script=Cyrillic}/u, /\p{Script=Greek}/u];

/**
 * False for a name that mixes look-alike scripts, such as `аdmin` with a Cyrillic `а` (Unicode TS #39's idea of a
 * mixed-script name), or holds a Latin letter or a digit that reads as an ASCII one.
 */
export function isUnambiguous(username: string): boolean {
  const letters = [...username.normalize('NFKC')];
  return (
    CONFUSABLE_SCRIPTS.filter((script) => letters.some((ch) => script.test(ch))).length <= 1 && !LATIN_LOOKALIKE.test(letters.join(''))
  );
}

/**
 * Latin letters beyond a–z and digits beyond 0–9, which NFKC leaves as they are and which read as one of them: the
 * dotless `ı` of `admın`, the Arabic-Indic `١` of `lecturer-١`. Names here are pinyin or Mongolian in Latin letters.
 */
const LATIN_LOOKALIKE = /(?![a-zA-Z])\p{Script=Latin}|(?![0-9])\p{Nd}/u;
