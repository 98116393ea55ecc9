import { presentSchedule as present, scheduleBuilder, scheduleDescription } from '../campaign/scheduling';

export const description = scheduleDescription('canvas', 'update', 'updateSchedule');
export const buildChanges = scheduleBuilder('canvas', 'update');
export { present };
