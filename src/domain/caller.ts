import type { Role } from '../model/tenancy.js';
import { DomainError } from './errors.js';

/** Who is calling, as authentication resolved it: what every service receives. */
export interface Caller {
  keyId: string;
  /** Null for the instance admin key, which manages tenancy and owns no data. */
  projectId: string | null;
  role: Role;
  /** The user the key acts as, if any: what it creates is theirs, what is shared with them it may read. */
  userId: string | null;
}

const RANK: Record<Role, number> = { read: 0, write: 1, admin: 2 };

export function assertRole(caller: Caller, needed: Role): void {
  if (RANK[caller.role] < RANK[needed]) {
    throw new DomainError('forbidden', `this key's role (${caller.role}) may not do this; it needs ${needed}`);
  }
}

/** The project a data call acts in: always the key's own, never one named by the caller. */
export function projectOf(caller: Caller): string {
  if (caller.projectId === null) {
    throw new DomainError('forbidden', 'the instance admin key manages tenancy only; use a project key for data');
  }
  return caller.projectId;
}

export function assertInstanceAdmin(caller: Caller): void {
  if (caller.projectId !== null) throw new DomainError('forbidden', 'this needs the instance admin key');
}

/** The instance itself, for bootstrapping and tooling that runs beside the server (benchmarks, tests). */
export const INSTANCE: Caller = { keyId: 'instance', projectId: null, role: 'admin', userId: null };
