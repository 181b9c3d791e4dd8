import { domainErrorFromDatabase } from './constraint-errors.js';

describe(domainErrorFromDatabase.name, () => {
  it('answers a violation of a named constraint with the error its table gives', () => {
    expect(domainErrorFromDatabase({ code: '23P01', constraint: 'bookings_no_overlap' })).toMatchObject({
      code: 'LECTURER_BUSY',
      status: 409,
    });
    expect(domainErrorFromDatabase({ code: '23505', constraint: 'accounts_username_key' })).toMatchObject({
      code: 'USERNAME_TAKEN',
      status: 409,
    });
  });

  it('answers an unlisted unique or exclusion violation with a plain CONFLICT', () => {
    expect(domainErrorFromDatabase({ code: '23505', constraint: 'constructor' })).toMatchObject({ code: 'CONFLICT', status: 409 });
  });

  it('leaves other database errors to the caller', () => {
    expect(domainErrorFromDatabase({ code: '42P01' })).toBeUndefined();
    expect(domainErrorFromDatabase(new Error('not from the database'))).toBeUndefined();
  });
});
