import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import { type CompiledQuery, type DatabaseConnection, type Dialect, type Driver, type QueryResult } from 'kysely';
import { sqliteDialectOver } from './sqlite-driver.js';

/**
 * A connection to the embedded store's file that lives on a worker thread and runs the
 * statements it is sent. Bulk transactions (imports) run through it: better-sqlite3 is
 * synchronous, so on the main thread each batch written would hold the event loop;
 * here the main thread reads and checks the next batch while this one writes.
 */
const SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
for (const pragma of workerData.pragmas) db.pragma(pragma);
const statements = new Map();
const prepared = (sql) => {
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    if (statements.size >= 200) statements.delete(statements.keys().next().value);
    statements.set(sql, statement);
  }
  return statement;
};
const OPS = {
  exec: ({ sql }) => db.exec(sql),
  query: ({ sql, params }) => {
    const statement = prepared(sql);
    if (statement.reader) return { rows: statement.all(params) };
    const { changes, lastInsertRowid } = statement.run(params);
    return { rows: [], changes, lastInsertRowid: Number(lastInsertRowid) };
  },
  get: ({ sql, params }) => prepared(sql).get(params),
  runEach: ({ sql, params }) => {
    const statement = prepared(sql);
    db.exec('savepoint bulk');
    try {
      for (const row of params) statement.run(row);
      db.exec('release bulk');
    } catch (error) {
      db.exec('rollback to bulk');
      db.exec('release bulk');
      throw error;
    }
  },
  allEach: ({ sql, params }) => params.flatMap((row) => prepared(sql).all(row)),
  close: () => db.close(),
};
parentPort.on('message', ({ id, op, ...args }) => {
  try {
    parentPort.postMessage({ id, result: OPS[op](args) });
  } catch (error) {
    parentPort.postMessage({ id, error: { message: error.message, code: error.code } });
  }
});
`;

/** An error the worker's connection raised, with SQLite's code kept (unique violations are told apart by it). */
class WorkerSqliteError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
  }
}

export class SqliteWorker {
  private readonly worker: Worker;
  private readonly waiting = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  private nextId = 0;

  constructor(file: string, pragmas: string[]) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(SOURCE, {
      eval: true,
      workerData: { file, driver, pragmas },
      resourceLimits: { maxYoungGenerationSizeMb: 4 },
    });
    this.worker.unref();
    this.worker.on('message', ({ id, result, error }: { id: number; result?: unknown; error?: { message: string; code?: string } }) => {
      const waiter = this.waiting.get(id)!;
      this.waiting.delete(id);
      if (error) waiter.reject(new WorkerSqliteError(error.message, error.code));
      else waiter.resolve(result);
    });
  }

  private call<T>(op: string, args: object): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, op, ...args });
    });
  }

  exec(sql: string): Promise<void> {
    return this.call('exec', { sql });
  }
  query(sql: string, params: readonly unknown[]): Promise<{ rows: unknown[]; changes?: number; lastInsertRowid?: number }> {
    return this.call('query', { sql, params });
  }
  /** The first row a statement returns. */
  get(sql: string, params: unknown[]): Promise<unknown> {
    return this.call('get', { sql, params });
  }
  /** Runs one statement once per parameter list (bulk inserts), inside a savepoint: all or none. */
  runEach(sql: string, params: unknown[][]): Promise<void> {
    return this.call('runEach', { sql, params });
  }
  /** Runs one query once per parameter list, and returns all the rows (keyed lookups). */
  allEach<R>(sql: string, params: unknown[][]): Promise<R[]> {
    return this.call('allEach', { sql, params });
  }

  async close(): Promise<void> {
    await this.call('close', {});
    await this.worker.terminate();
  }
}

class WorkerConnection implements DatabaseConnection {
  constructor(private readonly worker: SqliteWorker) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    const { rows, changes, lastInsertRowid } = await this.worker.query(query.sql, query.parameters);
    return {
      rows: rows as R[],
      ...(changes !== undefined && { numAffectedRows: BigInt(changes), insertId: BigInt(lastInsertRowid ?? 0) }),
    };
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('streaming queries are not used');
  }
}

/** Kysely over the worker's connection; the bulk transaction around it is begun and ended by its owner. */
export function workerSqliteDialect(worker: SqliteWorker): Dialect {
  const connection = new WorkerConnection(worker);
  const driver: Driver = {
    init: async () => {},
    acquireConnection: async () => connection,
    beginTransaction: async () => {
      throw new Error('the bulk connection runs inside the transaction its owner opened');
    },
    commitTransaction: async () => {},
    rollbackTransaction: async () => {},
    releaseConnection: async () => {},
    destroy: async () => {},
  };
  return sqliteDialectOver(driver);
}
