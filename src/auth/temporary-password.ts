import { randomInt } from 'node:crypto';

/** Letters and digits that cannot be misread over the phone or on paper (no 0/o, 1/l/i). */
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A temporary password, as an admin reads it to its owner: three groups of four (about 59 bits). */
export function temporaryPassword(): string {
  const group = () => Array.from({ length: 4 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
  return `${group()}-${group()}-${group()}`;
}
