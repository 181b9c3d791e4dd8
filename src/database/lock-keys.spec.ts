import { LOCK_KEYS } from './lock-keys.js';

describe('LOCK_KEYS', () => {
  it('gives every job its own advisory lock key', () => {
    const keys = Object.values(LOCK_KEYS);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
