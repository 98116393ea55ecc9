import { presentSchedule as present, scheduleBuilder, scheduleDescription } from '../campaign/scheduling';

export const description = scheduleDescription('canvas', 'create', 'createSchedule');
export const buildChanges = scheduleBuilder('canvas', 'create');
export { present };
