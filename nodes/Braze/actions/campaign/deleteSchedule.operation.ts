import { presentSchedule as present, scheduleBuilder, scheduleDescription } from './scheduling';

export const description = scheduleDescription('campaign', 'delete', 'deleteSchedule');
export const buildChanges = scheduleBuilder('campaign', 'delete');
export { present };
