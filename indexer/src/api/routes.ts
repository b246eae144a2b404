// The indexer's REST API (Hono). Every response is JSON; bigints are decimal strings, addresses lowercase.
// List routes take `limit` (default 100, at most 1000) and `offset`, and answer `{ items, limit, offset }`.
//
//   GET /positions?owner=&rig=&burned=        positions (default: live only; burned=true|all)
//   GET /positions/:id                        a position, its lineage (parent, children, merges), current
//                                             listing and rental listing, transfers, rentals
//   GET /rigs?operator=&status=               rigs
//   GET /rigs/:id                             a rig with `sharesAvailable`
//   GET /rigs/:id/epochs?from=&settled=&order=  the rig's epochs from epoch `from`, ascending (order=desc:
//                                             newest first; settled=true: settled ones only): report,
//                                             breakdown, stream
//   GET /accounts/:address                    settled balances per payout token, claims, settlements,
//                                             positions owned and rented, order counter
//   GET /accounts/:address/position-ids       { ids }: every live position the account owns, ascending, in
//                                             one answer (no paging: the SDK's getPositions reads it)
//   GET /accounts/:address/history           every settlement, claim and position transfer of the account,
//                                             in chain order (the CSV export, sdk/actions/getAccountHistory.ts)
//   GET /listings?rig=&status=&seller=&position=        sale listings (status: active|filled|cancelled|replaced)
//   GET /fills?rig=&position=&account=&kind=            market fills (kind: listing|signedListing|offer)
//   GET /signed-orders/:hash                  a signed order's fill state (as ShareMarket.orderState)
//   GET /rental-listings?rig=&status=&owner=&position=  rental listings
//   GET /rentals?renter=&owner=&rig=&position=&active=  rentals (active=true: running at chain time `at`,
//                                             default the chain head's timestamp)
//   GET /reporters, /networks, /parameters    oracle reporters, network parameters, protocol parameters
//   GET /events?contract=&name=&rig=&fromBlock=         the raw event history, in chain order
//   GET /stats                                row counts of the main tables (events, positions, …)
// Ponder itself serves /health, /ready (200 once the backfill is done) and /status (the last indexed
// block: compare with the chain head for "behind by N blocks"), /metrics and /graphql is not mounted.
import { Hono, type Context } from "hono";
import { db, publicClients } from "ponder:api";
import {
  balance,
  claim,
  epoch,
  event,
  fill,
  lineage,
  listing,
  network,
  orderCounter,
  parameter,
  position,
  rental,
  rentalListing,
  reporter,
  rig,
  settlement,
  signedOrder,
  transfer,
} from "ponder:schema";
import { and, asc, count, desc, eq, gte, isNotNull, or } from "ponder";
import { isAddress, isHex } from "viem";

import { jsonSafe, lower } from "../lib/values.js";

class BadRequest extends Error {}

/** JSON with bigints as decimal strings. */
function send(c: Context, body: unknown, status: 200 | 404 = 200): Response {
  return c.body(JSON.stringify(jsonSafe(body)), status, { "content-type": "application/json; charset=utf-8" });
}

function bigintParam(c: Context, name: string, value = c.req.query(name)): bigint | undefined {
  if (value === undefined || value === "") return undefined;
  if (!/^\d+$/.test(value)) throw new BadRequest(`${name} must be a non-negative integer`);
  return BigInt(value);
}

function addressParam(c: Context, name: string, value = c.req.query(name)): `0x${string}` | undefined {
  if (value === undefined || value === "") return undefined;
  if (!isAddress(value, { strict: false })) throw new BadRequest(`${name} must be an address`);
  return lower(value);
}

function enumParam<const T extends string>(c: Context, name: string, allowed: readonly T[]): T | undefined {
  const value = c.req.query(name);
  if (value === undefined || value === "") return undefined;
  if (!allowed.includes(value as T)) throw new BadRequest(`${name} must be one of ${allowed.join(", ")}`);
  return value as T;
}

function page(c: Context): { limit: number; offset: number } {
  const limit = Number(bigintParam(c, "limit") ?? 100n);
  const offset = Number(bigintParam(c, "offset") ?? 0n);
  if (limit < 1 || limit > 1_000) throw new BadRequest("limit must be between 1 and 1000");
  return { limit, offset };
}

/** A drizzle SQL condition (drizzle-orm is Ponder's, not a dependency of ours: its type is taken from `eq`). */
type Condition = ReturnType<typeof eq>;

const where = (conditions: (Condition | undefined)[]) => and(...conditions.filter((x) => x !== undefined));

/** The chain head's timestamp: "now" for rentals (a local chain's time is whatever it was warped to). */
async function chainTime(): Promise<bigint> {
  return (await publicClients.rigshare.getBlock({ blockTag: "latest" })).timestamp;
}

export function createApi(): Hono {
  const app = new Hono();

  app.onError((error, c) => {
    if (error instanceof BadRequest) return c.json({ error: error.message }, 400);
    throw error;
  });

  app.get("/positions", async (c) => {
    const { limit, offset } = page(c);
    const owner = addressParam(c, "owner");
    const rigId = bigintParam(c, "rig");
    const burned = enumParam(c, "burned", ["true", "false", "all"] as const) ?? "false";
    const items = await db
      .select()
      .from(position)
      .where(
        where([
          owner && eq(position.owner, owner),
          rigId !== undefined ? eq(position.rigId, rigId) : undefined,
          burned === "all" ? undefined : eq(position.burned, burned === "true"),
        ]),
      )
      .orderBy(asc(position.id))
      .limit(limit)
      .offset(offset);
    return send(c, { items, limit, offset });
  });

  app.get("/positions/:id", async (c) => {
    const id = bigintParam(c, "id", c.req.param("id"))!;
    const [p] = await db.select().from(position).where(eq(position.id, id));
    if (!p) return send(c, { error: `no position ${id}` }, 404);
    const [lines, transfers, rentals, currentListing, currentRentalListing] = await Promise.all([
      db
        .select()
        .from(lineage)
        .where(or(eq(lineage.parentId, id), eq(lineage.childId, id)))
        .orderBy(asc(lineage.blockNumber)),
      db.select().from(transfer).where(eq(transfer.positionId, id)).orderBy(asc(transfer.id)),
      db.select().from(rental).where(eq(rental.positionId, id)).orderBy(asc(rental.blockNumber)),
      p.listingId ? db.select().from(listing).where(eq(listing.id, p.listingId)) : Promise.resolve([]),
      p.rentalListingId
        ? db.select().from(rentalListing).where(eq(rentalListing.id, p.rentalListingId))
        : Promise.resolve([]),
    ]);
    return send(c, {
      ...p,
      lineage: {
        parent: p.parentId,
        children: lines.filter((l) => l.kind === "split" && l.parentId === id).map((l) => l.childId),
        mergedFrom: lines.filter((l) => l.kind === "merge" && l.parentId === id).map((l) => l.childId),
        mergedInto: p.mergedInto,
        events: lines,
      },
      listing: currentListing[0] ?? null,
      rentalListing: currentRentalListing[0] ?? null,
      transfers,
      rentals,
    });
  });

  app.get("/rigs", async (c) => {
    const { limit, offset } = page(c);
    const operator = addressParam(c, "operator");
    const status = bigintParam(c, "status");
    const items = await db
      .select()
      .from(rig)
      .where(
        where([
          operator && eq(rig.operator, operator),
          status !== undefined ? eq(rig.status, Number(status)) : undefined,
        ]),
      )
      .orderBy(asc(rig.id))
      .limit(limit)
      .offset(offset);
    return send(c, { items: items.map(withAvailable), limit, offset });
  });

  app.get("/rigs/:id", async (c) => {
    const id = bigintParam(c, "id", c.req.param("id"))!;
    const [r] = await db.select().from(rig).where(eq(rig.id, id));
    if (!r) return send(c, { error: `no rig ${id}` }, 404);
    return send(c, withAvailable(r));
  });

  app.get("/rigs/:id/epochs", async (c) => {
    const id = bigintParam(c, "id", c.req.param("id"))!;
    const { limit, offset } = page(c);
    const from = bigintParam(c, "from");
    // settled=true: only epochs the funder settled (with a breakdown); order=desc: newest first.
    const settled = enumParam(c, "settled", ["true", "false"] as const) === "true";
    const order = enumParam(c, "order", ["asc", "desc"] as const) ?? "asc";
    const items = await db
      .select()
      .from(epoch)
      .where(
        where([
          eq(epoch.rigId, id),
          from !== undefined ? gte(epoch.epoch, from) : undefined,
          settled ? isNotNull(epoch.gross) : undefined,
        ]),
      )
      .orderBy(order === "desc" ? desc(epoch.epoch) : asc(epoch.epoch))
      .limit(limit)
      .offset(offset);
    return send(c, { items, limit, offset });
  });

  app.get("/accounts/:address", async (c) => {
    const account = addressParam(c, "address", c.req.param("address"))!;
    const [balances, claims, settlements, owned, counter] = await Promise.all([
      db.select().from(balance).where(eq(balance.account, account)).orderBy(asc(balance.token)),
      db.select().from(claim).where(eq(claim.account, account)).orderBy(desc(claim.blockNumber)).limit(100),
      db
        .select()
        .from(settlement)
        .where(eq(settlement.account, account))
        .orderBy(desc(settlement.blockNumber))
        .limit(100),
      db
        .select({ id: position.id })
        .from(position)
        .where(and(eq(position.owner, account), eq(position.burned, false)))
        .orderBy(asc(position.id)),
      db.select().from(orderCounter).where(eq(orderCounter.account, account)),
    ]);
    const now = await chainTime();
    const rented = await db
      .select({ id: position.id })
      .from(position)
      .where(and(eq(position.renter, account), gte(position.rentalExpires, now)))
      .orderBy(asc(position.id));
    return send(c, {
      address: account,
      balances,
      claims,
      settlements,
      positions: owned.map((p) => p.id),
      rentedPositions: rented.map((p) => p.id),
      orderCounter: counter[0]?.counter ?? 0n,
    });
  });

  app.get("/accounts/:address/position-ids", async (c) => {
    const account = addressParam(c, "address", c.req.param("address"))!;
    const rows = await db
      .select({ id: position.id })
      .from(position)
      .where(and(eq(position.owner, account), eq(position.burned, false)))
      .orderBy(asc(position.id));
    return send(c, { ids: rows.map((r) => r.id) });
  });

  app.get("/accounts/:address/history", async (c) => {
    const account = addressParam(c, "address", c.req.param("address"))!;
    const [settlements, claims, transfers] = await Promise.all([
      db.select().from(settlement).where(eq(settlement.account, account)).orderBy(asc(settlement.id)),
      db.select().from(claim).where(eq(claim.account, account)).orderBy(asc(claim.id)),
      db
        .select()
        .from(transfer)
        .where(or(eq(transfer.from, account), eq(transfer.to, account)))
        .orderBy(asc(transfer.id)),
    ]);
    return send(c, { address: account, settlements, claims, transfers });
  });

  app.get("/listings", async (c) => {
    const { limit, offset } = page(c);
    const rigId = bigintParam(c, "rig");
    const positionId = bigintParam(c, "position");
    const seller = addressParam(c, "seller");
    const status = enumParam(c, "status", ["active", "filled", "cancelled", "replaced"] as const);
    const items = await db
      .select()
      .from(listing)
      .where(
        where([
          rigId !== undefined ? eq(listing.rigId, rigId) : undefined,
          positionId !== undefined ? eq(listing.positionId, positionId) : undefined,
          seller && eq(listing.seller, seller),
          status && eq(listing.status, status),
        ]),
      )
      .orderBy(asc(listing.id))
      .limit(limit)
      .offset(offset);
    return send(c, { items, limit, offset });
  });

  app.get("/fills", async (c) => {
    const { limit, offset } = page(c);
    const rigId = bigintParam(c, "rig");
    const positionId = bigintParam(c, "position");
    const account = addressParam(c, "account");
    const kind = enumParam(c, "kind", ["listing", "signedListing", "offer", "unknown"] as const);
    const items = await db
      .select()
      .from(fill)
      .where(
        where([
          rigId !== undefined ? eq(fill.rigId, rigId) : undefined,
          positionId !== undefined ? or(eq(fill.positionId, positionId), eq(fill.boughtId, positionId)) : undefined,
          account && or(eq(fill.seller, account), eq(fill.buyer, account)),
          kind && eq(fill.kind, kind),
        ]),
      )
      .orderBy(asc(fill.id))
      .limit(limit)
      .offset(offset);
    return send(c, { items, limit, offset });
  });

  app.get("/signed-orders/:hash", async (c) => {
    const hash = c.req.param("hash").toLowerCase();
    if (!isHex(hash) || hash.length !== 66) throw new BadRequest("hash must be 32 bytes of hex");
    const [o] = await db.select().from(signedOrder).where(eq(signedOrder.hash, hash));
    // An order never filled nor cancelled has no row: its state is the market's zero state.
    return send(c, o ?? { hash, kind: null, filled: 0n, version: 0, cancelled: false });
  });

  app.get("/rental-listings", async (c) => {
    const { limit, offset } = page(c);
    const rigId = bigintParam(c, "rig");
    const positionId = bigintParam(c, "position");
    const owner = addressParam(c, "owner");
    const status = enumParam(c, "status", ["active", "cancelled", "replaced"] as const);
    const items = await db
      .select()
      .from(rentalListing)
      .where(
        where([
          rigId !== undefined ? eq(rentalListing.rigId, rigId) : undefined,
          positionId !== undefined ? eq(rentalListing.positionId, positionId) : undefined,
          owner && eq(rentalListing.owner, owner),
          status && eq(rentalListing.status, status),
        ]),
      )
      .orderBy(asc(rentalListing.id))
      .limit(limit)
      .offset(offset);
    return send(c, { items, limit, offset });
  });

  app.get("/rentals", async (c) => {
    const { limit, offset } = page(c);
    const rigId = bigintParam(c, "rig");
    const positionId = bigintParam(c, "position");
    const renter = addressParam(c, "renter");
    const owner = addressParam(c, "owner");
    const active = enumParam(c, "active", ["true", "false"] as const);
    const at = active === "true" ? (bigintParam(c, "at") ?? (await chainTime())) : undefined;
    const items = await db
      .select()
      .from(rental)
      .where(
        where([
          rigId !== undefined ? eq(rental.rigId, rigId) : undefined,
          positionId !== undefined ? eq(rental.positionId, positionId) : undefined,
          renter && eq(rental.renter, renter),
          owner && eq(rental.owner, owner),
          // A rental runs to its last second `expires` inclusive (ERC-4907 userOf).
          at !== undefined ? gte(rental.expires, at) : undefined,
        ]),
      )
      .orderBy(asc(rental.blockNumber), asc(rental.id))
      .limit(limit)
      .offset(offset);
    return send(c, { items, limit, offset, ...(at !== undefined ? { at } : {}) });
  });

  app.get("/reporters", async (c) =>
    send(c, { items: await db.select().from(reporter).orderBy(asc(reporter.address)) }),
  );
  app.get("/networks", async (c) =>
    send(c, { items: await db.select().from(network).orderBy(asc(network.payoutToken)) }),
  );
  app.get("/parameters", async (c) =>
    send(c, { items: await db.select().from(parameter).orderBy(asc(parameter.key)) }),
  );

  app.get("/events", async (c) => {
    const { limit, offset } = page(c);
    const contract = c.req.query("contract");
    const name = c.req.query("name");
    const rigId = bigintParam(c, "rig");
    const fromBlock = bigintParam(c, "fromBlock");
    const items = await db
      .select()
      .from(event)
      .where(
        where([
          contract ? eq(event.contract, contract) : undefined,
          name ? eq(event.name, name) : undefined,
          rigId !== undefined ? eq(event.rigId, rigId) : undefined,
          fromBlock !== undefined ? gte(event.blockNumber, fromBlock) : undefined,
        ]),
      )
      .orderBy(asc(event.id))
      .limit(limit)
      .offset(offset);
    return send(c, { items, limit, offset });
  });

  app.get("/stats", async (c) => {
    const tables = { events: event, rigs: rig, positions: position, transfers: transfer, epochs: epoch, fills: fill };
    const counts: Record<string, number> = {};
    for (const [name, table] of Object.entries(tables)) {
      const [row] = await db.select({ n: count() }).from(table);
      counts[name] = Number(row?.n ?? 0);
    }
    return send(c, counts);
  });

  return app;
}

/** A rig row with the shares still available for minting (`sharesAvailable(rigId)`). */
function withAvailable<R extends { totalShares: bigint; sharesOutstanding: bigint }>(r: R) {
  return { ...r, sharesAvailable: r.totalShares - r.sharesOutstanding };
}
