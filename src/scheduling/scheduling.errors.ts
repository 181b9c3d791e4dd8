import { errorCatalogue } from '../common/domain-error.js';

export const SchedulingErrors = errorCatalogue({
  SCHEDULING_RUN_NOT_FOUND: { status: 404, detail: 'Scheduling run not found.' },
  SCHEDULING_RUN_IN_PROGRESS: { status: 409, detail: 'Another scheduling run is making its offers; try again in a moment.' },
  SCHEDULING_RUN_CONFIRMED: { status: 409, detail: 'That dry run has already been confirmed: its offers were made.' },
  SCHEDULING_RUN_NOT_A_PREVIEW: { status: 409, detail: 'Only a dry run can be confirmed.', field: 'confirms' },
  SCHEDULING_SCOPE_DIFFERS: {
    status: 409,
    detail: "That dry run planned another admin's area than yours: run a dry run of your own and confirm it.",
    field: 'confirms',
  },
  ORDER_NOT_SCHEDULABLE: { status: 409, detail: 'Only a pending order whose window has not passed can be matched to lecturers.' },
});
