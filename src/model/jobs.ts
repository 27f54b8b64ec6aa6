import { Type, type Static } from '@sinclair/typebox';
import { Name, StringEnum, Timestamp, Uuid, Word } from './kit.js';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed', 'cancelled'] as const;
export type JobStatus = (typeof JOB_STATUSES)[number];
export const DIRECTIONS = ['input', 'output'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export const DirectionSchema = StringEnum(DIRECTIONS);

export const JobCreate = Type.Object(
  {
    name: Name,
    kind: Type.Unsafe<string>({ ...Word, description: 'e.g. training, evaluation, conversion' }),
    status: Type.Optional(StringEnum(JOB_STATUSES, { default: 'queued' })),
  },
  { title: 'JobCreate', additionalProperties: false },
);
export type JobCreate = Static<typeof JobCreate>;

export const Job = Type.Object(
  {
    id: Uuid,
    name: Type.String(),
    kind: Type.String(),
    status: StringEnum(JOB_STATUSES),
    created_at: Timestamp,
    updated_at: Timestamp,
  },
  { title: 'Job' },
);
export type Job = Static<typeof Job>;

export const LinkCreate = Type.Object(
  { dataset_id: Uuid, direction: DirectionSchema },
  { title: 'LinkCreate', additionalProperties: false },
);
export type LinkCreate = Static<typeof LinkCreate>;

export const JobLink = Type.Object(
  { job_id: Uuid, dataset_id: Uuid, direction: DirectionSchema, created_at: Timestamp },
  { title: 'JobLink' },
);
export type JobLink = Static<typeof JobLink>;
