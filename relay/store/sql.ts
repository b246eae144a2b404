// The little the SQL store needs of a database: parameterised queries and a transaction. Adapters for
// PGlite (embedded) and node-postgres, so both run the same SQL.
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";

export type Row = Record<string, unknown>;

export interface Sql {
  query<R extends Row = Row>(text: string, params?: unknown[]): Promise<{ rows: R[]; rowCount: number }>;
}

export interface Database extends Sql {
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** PGlite in `dataDir` (created when missing). PGlite has one connection: its transactions serialise. */
export async function openPglite(dataDir: string): Promise<Database> {
  const db = await PGlite.create(dataDir);
  const wrap = (q: Pick<PGlite, "query">): Sql => ({
    async query<R extends Row>(text: string, params: unknown[] = []) {
      const r = await q.query<R>(text, params);
      return { rows: r.rows, rowCount: r.affectedRows ?? r.rows.length };
    },
  });
  return {
    ...wrap(db),
    // PGlite types the result as possibly undefined (a transaction rolled back by hand); ours never is.
    transaction: async (fn) => (await db.transaction((tx) => fn(wrap(tx)))) as Awaited<ReturnType<typeof fn>>,
    close: () => db.close(),
  };
}

/** A node-postgres pool on `connectionString`. */
export function openPostgres(connectionString: string, maxConnections = 5): Database {
  const pool = new pg.Pool({ connectionString, max: maxConnections });
  const wrap = (q: Pick<pg.Pool, "query">): Sql => ({
    async query<R extends Row>(text: string, params: unknown[] = []) {
      const r = await q.query<R>(text, params);
      return { rows: r.rows, rowCount: r.rowCount ?? r.rows.length };
    },
  });
  return {
    ...wrap(pool),
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        const result = await fn(wrap(client));
        await client.query("COMMIT");
        return result;
      } catch (e) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
