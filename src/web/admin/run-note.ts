import type { AdminTextKey } from '../../i18n/texts.js';
import type { RunView } from '../../scheduling/scheduling.dto.js';

/**
 * What became of the run, in a line: a preview not yet (or since) confirmed, offers sent, or none sent where every
 * order planned had changed meanwhile (cancelled, claimed) or nothing could be planned.
 */
export function runNote(run: Pick<RunView, 'dryRun' | 'confirmedByRunId' | 'offersMade' | 'assigned'>): AdminTextKey {
  if (run.dryRun) return run.confirmedByRunId === null ? 'admin.run.dryRunNote' : 'admin.run.dryRunConfirmedNote';
  if (run.offersMade > 0) return 'admin.run.offeredNote';
  return run.assigned.length > 0 ? 'admin.run.noneOfferedChanged' : 'admin.run.noneOffered';
}
