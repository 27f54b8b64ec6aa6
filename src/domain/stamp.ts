import type { Caller } from './caller.js';
import { isoAt, type Clock } from './clock.js';

/** When a change is made, and by which key (and user): what a version and the audit log record. */
export interface Stamp {
  at: string;
  key_id: string;
  user_id: string | null;
  /** The key's project: where the change is reported (null for the instance admin key). */
  project_id: string | null;
}

export const stampOf = (caller: Caller, clock: Clock): Stamp => ({
  at: isoAt(clock),
  key_id: caller.keyId,
  user_id: caller.userId,
  project_id: caller.projectId,
});
