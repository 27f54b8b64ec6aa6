import { Type } from '@sinclair/typebox';
import { DIRECTIONS, JOB_STATUSES } from '../../../domain/jobs.js';
import { Name, PageQuery, StringEnum, Timestamp, Uuid } from './common.js';

export const Direction = StringEnum(DIRECTIONS);

export const JobCreate = Type.Object(
  {
    name: Name,
    kind: Type.String({ minLength: 1, maxLength: 64, description: 'e.g. training, evaluation, conversion' }),
    status: Type.Optional(StringEnum(JOB_STATUSES, { default: 'queued' })),
  },
  { additionalProperties: false },
);

export const Job = Type.Object({
  id: Uuid,
  name: Type.String(),
  kind: Type.String(),
  status: StringEnum(JOB_STATUSES),
  created_at: Timestamp,
  updated_at: Timestamp,
});

export const LinkCreate = Type.Object({ dataset_id: Uuid, direction: Direction }, { additionalProperties: false });
export const Link = Type.Object({ job_id: Uuid, dataset_id: Uuid, direction: Direction, created_at: Timestamp });

export const LinkQuery = PageQuery;
