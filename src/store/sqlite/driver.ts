import type BetterSqlite3 from 'better-sqlite3';
import {
  CompiledQuery,
  SelectQueryNode,
  SqliteAdapter,
  SqliteIntrospector,
  SqliteQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely';

/** The right to write to the store's file: one holder at a time, across this process's threads. */
export interface WriteLock {
  /** Resolves once the caller holds it, with the function that lets it go. */
  lock(): Promise<() => void>;
}

/** One holder at a time, in arrival order. */
export class Mutex implements WriteLock {
  private tail: Promise<void> = Promise.resolve();

  async lock(): Promise<() => void> {
    let release!: () => void;
    const previous = this.tail;
    this.tail = new Promise((resolve) => (release = resolve));
    await previous;
    return release;
  }
}

/** Prepared statements by SQL text, per connection: preparing costs more than running most queries. */
const statements = new WeakMap<BetterSqlite3.Database, Map<string, BetterSqlite3.Statement>>();
const CACHED_STATEMENTS = 500;

export function prepared(db: BetterSqlite3.Database, text: string): BetterSqlite3.Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map<string, BetterSqlite3.Statement>()));
  let statement = cache.get(text);
  if (!statement) {
    statement = db.prepare(text);
    if (cache.size >= CACHED_STATEMENTS) cache.delete(cache.keys().next().value!);
    cache.set(text, statement);
  }
  return statement;
}

function run(db: BetterSqlite3.Database, query: CompiledQuery): QueryResult<unknown> {
  const statement = prepared(db, query.sql);
  if (statement.reader) return { rows: statement.all(query.parameters) };
  const { changes, lastInsertRowid } = statement.run(query.parameters);
  return { rows: [], numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid) };
}

const isRead = (query: CompiledQuery) => SelectQueryNode.is(query.query) || /^\s*select\b/i.test(query.sql);

/**
 * A Kysely connection over the embedded store's two SQLite connections (one database
 * file, WAL mode): reads go to the reader and never wait; writes and whole transactions
 * go to the writer, one holder at a time. So a long commit (a large import) holds only
 * the writer, and every read, in other requests, keeps being answered from the last
 * committed state.
 */
class RoutingConnection implements DatabaseConnection {
  private release: (() => void) | null = null;

  constructor(
    private readonly reader: BetterSqlite3.Database,
    private readonly writer: BetterSqlite3.Database,
    private readonly writes: WriteLock,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    if (this.release) return run(this.writer, query) as QueryResult<R>;
    if (isRead(query)) return run(this.reader, query) as QueryResult<R>;
    const release = await this.writes.lock();
    try {
      return run(this.writer, query) as QueryResult<R>;
    } finally {
      release();
    }
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not used');
  }

  async begin(): Promise<void> {
    this.release = await this.writes.lock();
    run(this.writer, CompiledQuery.raw('begin immediate'));
  }

  end(sql: 'commit' | 'rollback'): void {
    try {
      run(this.writer, CompiledQuery.raw(sql));
    } finally {
      this.release?.();
      this.release = null;
    }
  }
}

class RoutingDriver implements Driver {
  constructor(
    private readonly reader: BetterSqlite3.Database,
    private readonly writer: BetterSqlite3.Database,
    private readonly writes: WriteLock,
  ) {}

  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return new RoutingConnection(this.reader, this.writer, this.writes);
  }
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await (connection as RoutingConnection).begin();
  }
  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as RoutingConnection).end('commit');
  }
  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    (connection as RoutingConnection).end('rollback');
  }
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {
    if (this.reader !== this.writer) this.reader.close();
    this.writer.close();
  }
}

/**
 * Kysely's SQLite dialect, driven by a reader and a writer connection to one file (they
 * may be one connection); `writes` is held by whoever writes, on any thread.
 */
export function routingSqliteDialect(reader: BetterSqlite3.Database, writer: BetterSqlite3.Database, writes: WriteLock): Dialect {
  const driver = new RoutingDriver(reader, writer, writes);
  return {
    createAdapter: () => new SqliteAdapter(),
    createDriver: () => driver,
    createIntrospector: (db: Kysely<unknown>) => new SqliteIntrospector(db),
    createQueryCompiler: () => new SqliteQueryCompiler(),
  };
}
