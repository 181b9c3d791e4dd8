import { availabilityForm, availabilityOf, newLeaveControls } from './availability-form.js';

/** Two recorded leaves, the first marked for deletion, and a weekly window the validation will refuse. */
const refused = {
  w1from: '18:00',
  w1to: '08:00',
  exFrom: ['2026-03-01T16:00:00.000Z', '2026-04-01T16:00:00.000Z'],
  exTo: ['2026-03-03T16:00:00.000Z', '2026-04-02T16:00:00.000Z'],
  exReason: ['探亲', ''],
  exDrop: '0',
};

describe(availabilityForm.name, () => {
  it('shows a refused form with the leave marked for deletion still listed and still marked, since nothing was saved', () => {
    const form = availabilityForm({ weekly: [], exceptions: [] }, refused);
    expect(form.exceptions.map((e) => [e.fromDate, e.toDate, e.reason, e.dropped])).toEqual([
      ['2026-03-02', '2026-03-03', '探亲', true],
      ['2026-04-02', '2026-04-02', '', false],
    ]);
  });

  it('shows the times of leave that takes part of a day (12:30 to 18:00), not a whole day', () => {
    const form = availabilityForm({ weekly: [], exceptions: [{ from: '2027-08-01T04:30:00.000Z', to: '2027-08-01T10:00:00.000Z' }] });
    expect(form.exceptions.map((e) => [e.fromDate, e.toDate])).toEqual([['2027-08-01 12:30', '2027-08-01 18:00']]);
  });

  it('shows stored leave unmarked', () => {
    const form = availabilityForm({ weekly: [], exceptions: [{ from: refused.exFrom[1], to: refused.exTo[1] }] });
    expect(form.exceptions.map((e) => e.dropped)).toEqual([false]);
  });
});

describe(availabilityOf.name, () => {
  it('saves the leave without the rows marked for deletion', () => {
    expect(availabilityOf(refused).exceptions).toEqual([{ from: refused.exFrom[1], to: refused.exTo[1] }]);
  });
});

describe(newLeaveControls.name, () => {
  const withNewLeave = { ...refused, newFrom: '2026-05-09', newTo: '2026-05-08' };

  it('finds the new leave’s date a refusal names among the leave sent after the recorded one kept', () => {
    expect(newLeaveControls(withNewLeave, ['exceptions.1.to'])).toEqual(['newTo']);
    expect(newLeaveControls(withNewLeave, ['exceptions.1'])).toEqual(['newFrom', 'newTo']);
    expect(newLeaveControls(withNewLeave, ['exceptions.1.reason'])).toEqual(['newReason']);
  });

  it('marks nothing for a recorded leave, or when no new leave was typed', () => {
    expect(newLeaveControls(withNewLeave, ['exceptions.0.to'])).toEqual([]);
    expect(newLeaveControls(refused, ['exceptions.0.to'])).toEqual([]);
  });
});
