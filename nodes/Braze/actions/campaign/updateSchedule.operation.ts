import { presentSchedule as present, scheduleBuilder, scheduleDescription } from './scheduling';

export const description = scheduleDescription('campaign', 'update', 'updateSchedule');
export const buildChanges = scheduleBuilder('campaign', 'update');
export { present };
