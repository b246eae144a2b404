// OrderStore over SQL, the same statements on PGlite and Postgres. One table in its own schema
// (default `rigshare_relay`), created on open when missing. Safe for several relay instances on one
// Postgres: the primary key (chain, market, order hash) refuses a second copy of an order, and an insert
// counts its maker's live orders and inserts inside one transaction holding a per-maker advisory lock, so
// two concurrent inserts cannot both pass the cap.
import { type Address, type Hex, getAddress } from "viem";

import { decodeSignedOrder, signedOrderJson } from "../../sdk/signedOrders.js";
import { TERMINAL_STATUSES, type StoredOrder, type TerminalStatus } from "../types.js";
import { type Database, type Row, openPglite, openPostgres } from "./sql.js";
import type { InsertResult, OrderStore, StoreQuery, StoreScope } from "./store.js";

export const DEFAULT_SCHEMA = "rigshare_relay";

export type SqlStoreOptions = { scope: StoreScope; schema?: string };

/** A store in PGlite at `dataDir` (created when missing; reopening the directory finds the orders again). */
export async function openPgliteStore(dataDir: string, options: SqlStoreOptions): Promise<OrderStore> {
  return openSqlStore(await openPglite(dataDir), options);
}

/** A store in the Postgres database at `databaseUrl`, in its own schema. */
export async function openPostgresStore(databaseUrl: string, options: SqlStoreOptions): Promise<OrderStore> {
  return openSqlStore(openPostgres(databaseUrl), options);
}

export async function openSqlStore(
  db: Database,
  { scope, schema = DEFAULT_SCHEMA }: SqlStoreOptions,
): Promise<OrderStore> {
  // The schema name is spliced into SQL: allow plain identifiers only.
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`invalid schema name ${JSON.stringify(schema)}`);
  const t = `${schema}.orders`;
  const market = getAddress(scope.market);
  try {
    await migrate(db, schema);
  } catch (e) {
    await db.close().catch(() => undefined);
    throw e;
  }
  const inScope = "chain_id = $1 AND market = $2";
  const scopeParams = [scope.chainId, market];

  return {
    scope: { chainId: scope.chainId, market },

    async insert(order, maxLivePerMaker): Promise<InsertResult> {
      return db.transaction(async (tx) => {
        // Serialises inserts of one maker across connections and instances until this transaction ends.
        await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [
          `${schema}:${scope.chainId}:${market}:${order.maker}`,
        ]);
        const existing = await tx.query(`SELECT 1 FROM ${t} WHERE ${inScope} AND order_hash = $3`, [
          ...scopeParams,
          order.orderHash,
        ]);
        if (existing.rows.length > 0) return "duplicate";
        const live = await tx.query<{ n: unknown }>(
          `SELECT count(*) AS n FROM ${t} WHERE ${inScope} AND maker = $3 AND closed_status IS NULL`,
          [...scopeParams, order.maker],
        );
        if (Number(live.rows[0]!.n) >= maxLivePerMaker) return "cap";
        // The lock already serialises inserts of this maker's orders; ON CONFLICT keeps the key's guarantee
        // even for a row written by another path (an older relay, a manual import).
        const inserted = await tx.query(
          `INSERT INTO ${t} (chain_id, market, order_hash, side, maker, rig_id, position_id, payment_token,
             price_per_share, shares, expiry, body, accepted_filled, accepted_position_shares, created_at_ms)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
           ON CONFLICT DO NOTHING`,
          [
            ...scopeParams,
            order.orderHash,
            order.side,
            order.maker,
            order.rigId.toString(),
            order.positionId?.toString() ?? null,
            order.paymentToken,
            order.pricePerShare.toString(),
            order.shares.toString(),
            order.expiry.toString(),
            JSON.stringify(signedOrderJson(order.signed), (_k, v: unknown) =>
              typeof v === "bigint" ? v.toString() : v,
            ),
            order.acceptedAt.filled.toString(),
            order.acceptedAt.positionShares.toString(),
            order.createdAt,
          ],
        );
        return inserted.rowCount === 1 ? "inserted" : "duplicate";
      });
    },

    async get(orderHash) {
      const r = await db.query(`SELECT * FROM ${t} WHERE ${inScope} AND order_hash = $3`, [
        ...scopeParams,
        orderHash.toLowerCase(),
      ]);
      return r.rows[0] === undefined ? undefined : fromRow(r.rows[0]);
    },

    async list(query: StoreQuery) {
      const where = [inScope];
      const params: unknown[] = [...scopeParams];
      const add = (clause: string, value: unknown) => {
        params.push(value);
        where.push(clause.replace("?", `$${params.length}`));
      };
      if (query.side) add("side = ?", query.side);
      if (query.rigId !== undefined) add("rig_id = ?", query.rigId.toString());
      if (query.maker) add("maker = ?", getAddress(query.maker));
      if (query.paymentToken) add("payment_token = ?", getAddress(query.paymentToken));
      if (query.live === true) where.push("closed_status IS NULL");
      if (query.live === false) where.push("closed_status IS NOT NULL");
      params.push(query.limit, query.offset);
      const r = await db.query(
        `SELECT * FROM ${t} WHERE ${where.join(" AND ")}
         ORDER BY side ASC,
           CASE WHEN side = 'listing' THEN price_per_share END ASC,
           CASE WHEN side = 'offer' THEN price_per_share END DESC,
           seq ASC
         LIMIT $${params.length - 1} OFFSET $${params.length}`,
        params,
      );
      return r.rows.map(fromRow);
    },

    async close(updates) {
      if (updates.length === 0) return;
      await db.transaction(async (tx) => {
        for (const u of updates)
          await tx.query(
            `UPDATE ${t} SET closed_status = $4, closed_filled = $5
             WHERE ${inScope} AND order_hash = $3 AND closed_status IS NULL`,
            [...scopeParams, u.orderHash.toLowerCase(), u.status, u.filled.toString()],
          );
      });
    },

    async count() {
      const r = await db.query<{ n: unknown }>(`SELECT count(*) AS n FROM ${t} WHERE ${inScope}`, scopeParams);
      return Number(r.rows[0]!.n);
    },

    shutdown: () => db.close(),
  };
}

/** Creates the schema and table when missing; an advisory lock keeps instances starting together apart. */
async function migrate(db: Database, schema: string): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query("SELECT pg_advisory_xact_lock(hashtextextended($1, 0))", [`${schema}:migrate`]);
    await tx.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    // Amounts are uint256: numeric(78, 0) holds any of them and sorts numerically.
    await tx.query(`CREATE TABLE IF NOT EXISTS ${schema}.orders (
      chain_id integer NOT NULL,
      market text NOT NULL,
      order_hash text NOT NULL,
      side text NOT NULL CHECK (side IN ('listing', 'offer')),
      maker text NOT NULL,
      rig_id numeric(78, 0) NOT NULL,
      position_id numeric(78, 0),
      payment_token text NOT NULL,
      price_per_share numeric(78, 0) NOT NULL,
      shares numeric(78, 0) NOT NULL,
      expiry numeric(78, 0) NOT NULL,
      body text NOT NULL,
      accepted_filled numeric(78, 0) NOT NULL,
      accepted_position_shares numeric(78, 0) NOT NULL,
      created_at_ms bigint NOT NULL,
      seq bigserial NOT NULL,
      closed_status text CHECK (closed_status IN (${TERMINAL_STATUSES.map((s) => `'${s}'`).join(", ")})),
      closed_filled numeric(78, 0),
      PRIMARY KEY (chain_id, market, order_hash)
    )`);
    await tx.query(
      `CREATE INDEX IF NOT EXISTS orders_book ON ${schema}.orders (chain_id, market, side, rig_id, price_per_share)`,
    );
    await tx.query(
      `CREATE INDEX IF NOT EXISTS orders_live_maker ON ${schema}.orders (chain_id, market, maker)
       WHERE closed_status IS NULL`,
    );
  });
}

function fromRow(row: Row): StoredOrder {
  const signed = decodeSignedOrder(String(row.body));
  const big = (v: unknown) => BigInt(String(v));
  return {
    orderHash: String(row.order_hash) as Hex,
    signed,
    side: signed.kind,
    maker: getAddress(String(row.maker)) as Address,
    rigId: big(row.rig_id),
    ...(row.position_id === null || row.position_id === undefined ? {} : { positionId: big(row.position_id) }),
    paymentToken: getAddress(String(row.payment_token)),
    pricePerShare: big(row.price_per_share),
    shares: big(row.shares),
    expiry: big(row.expiry),
    createdAt: Number(row.created_at_ms),
    acceptedAt: { filled: big(row.accepted_filled), positionShares: big(row.accepted_position_shares) },
    ...(row.closed_status
      ? { closed: { status: String(row.closed_status) as TerminalStatus, filled: big(row.closed_filled) } }
      : {}),
  };
}
