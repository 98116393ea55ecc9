import { presentSchedule as present, scheduleBuilder, scheduleDescription } from './scheduling';

export const description = scheduleDescription('campaign', 'create', 'createSchedule');
export const buildChanges = scheduleBuilder('campaign', 'create');
export { present };
