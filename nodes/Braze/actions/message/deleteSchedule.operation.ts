import { presentSchedule as present, scheduleBuilder, scheduleDescription } from '../campaign/scheduling';

export const description = scheduleDescription('messages', 'delete', 'deleteSchedule');
export const buildChanges = scheduleBuilder('messages', 'delete');
export { present };
