import * as createSchedule from './createSchedule.operation';
import * as deleteSchedule from './deleteSchedule.operation';
import * as get from './get.operation';
import * as getMany from './getMany.operation';
import * as updateSchedule from './updateSchedule.operation';
import { scheduledResource } from '../campaign/resource';

export const { operations, description } = scheduledResource('canvas', { createSchedule, deleteSchedule, get, getMany, updateSchedule });
