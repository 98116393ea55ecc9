import { presentSchedule as present, scheduleBuilder, scheduleDescription } from '../campaign/scheduling';

export const description = scheduleDescription('canvas', 'delete', 'deleteSchedule');
export const buildChanges = scheduleBuilder('canvas', 'delete');
export { present };
