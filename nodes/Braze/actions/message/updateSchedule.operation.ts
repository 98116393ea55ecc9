import { presentSchedule as present, scheduleBuilder, scheduleDescription } from '../campaign/scheduling';

export const description = scheduleDescription('messages', 'update', 'updateSchedule');
export const buildChanges = scheduleBuilder('messages', 'update');
export { present };
