import type { Store } from '../store/store.js';

/** Whether this instance can serve: the store answers. */
export class StatusService {
  constructor(private readonly store: Store) {}

  /** The store's name when it answers; throws when it does not. */
  async ready(): Promise<string> {
    await this.store.ping();
    return this.store.dialect.name;
  }
}
