import { presentSchedule as present, scheduleBuilder, scheduleDescription } from '../campaign/scheduling';

export const description = scheduleDescription('messages', 'create', 'createSchedule');
export const buildChanges = scheduleBuilder('messages', 'create');
export { present };
