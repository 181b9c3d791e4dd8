import type { RunView } from '../../scheduling/scheduling.dto.js';
import { runNote } from './run-note.js';

const planned = [{ orderId: 'o1' }] as RunView['assigned'];

describe(runNote.name, () => {
  it('says a preview is not yet sent, and once confirmed that it was', () => {
    expect(runNote({ dryRun: true, confirmedByRunId: null, offersMade: 0, assigned: planned })).toBe('admin.run.dryRunNote');
    expect(runNote({ dryRun: true, confirmedByRunId: 'r2', offersMade: 0, assigned: planned })).toBe('admin.run.dryRunConfirmedNote');
  });

  it('says offers were sent only when some were', () => {
    expect(runNote({ dryRun: false, confirmedByRunId: null, offersMade: 1, assigned: planned })).toBe('admin.run.offeredNote');
    expect(runNote({ dryRun: false, confirmedByRunId: null, offersMade: 0, assigned: planned })).toBe('admin.run.noneOfferedChanged');
    expect(runNote({ dryRun: false, confirmedByRunId: null, offersMade: 0, assigned: [] })).toBe('admin.run.noneOffered');
  });
});
