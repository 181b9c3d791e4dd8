import { errorCatalogue } from '../common/domain-error.js';

export const SchedulingErrors = errorCatalogue({
  SCHEDULING_RUN_NOT_FOUND: { status: 404, detail: 'Scheduling run not found.' },
  SCHEDULING_RUN_IN_PROGRESS: { status: 409, detail: 'Another scheduling run is making its offers; try again in a moment.' },
  ORDER_NOT_SCHEDULABLE: { status: 409, detail: 'Only a pending order whose window has not passed can be matched to lecturers.' },
});
