// The relay's HTTP API as a Hono sub-app, routes relative to where it is mounted (the indexer mounts it
// at /orders; relay/server.ts does the same standalone):
//   POST /        submit a signed listing or offer (the JSON of sdk/signedOrders.ts)
//   GET  /        the book, best price first, each order with its live status
//   GET  /:hash   one order with its live status
// The relay never holds funds and never signs: it stores signed orders and reads the chain to judge them.
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import { type Address, type Hex, getAddress, isAddress } from "viem";

import type { AddressBook } from "../sdk/addressBook.js";
import { signedOrderJson } from "../sdk/signedOrders.js";
import type { ChainSnapshot, ChainView } from "./chainView.js";
import { Rejection } from "./errors.js";
import { ChainReadError, evaluate, requestFor } from "./evaluate.js";
import type { OrderStore, StoreQuery } from "./store/store.js";
import { checkOffChain, checkOnChain } from "./submit.js";
import {
  DEFAULT_LIMITS,
  LIVE_STATUSES,
  ORDER_STATUSES,
  TERMINAL_STATUSES,
  type OrderStatus,
  type OrderStatusName,
  type RelayLimits,
  type StoredOrder,
  type TerminalStatus,
} from "./types.js";

export type RelayAppOptions = {
  /** The deployment served: orders must be signed for its chain id and ShareMarket. */
  book: AddressBook;
  chainView: ChainView;
  store: OrderStore;
  limits?: Partial<RelayLimits>;
};

/** Statuses `GET /` returns when the query names none: what a taker can fill. */
export const DEFAULT_STATUSES: OrderStatusName[] = ["open", "partial"];
const DEFAULT_PAGE = 50;
const MAX_SCAN = 5_000;

export function createRelayApp({ book, chainView: view, store, limits: given }: RelayAppOptions): Hono {
  const limits: RelayLimits = { ...DEFAULT_LIMITS, ...given };
  const market = book.contracts.ShareMarket?.address;
  if (!market) throw new Error("the address book has no ShareMarket: nothing to relay orders for");
  const domain = { chainId: book.chainId, market: getAddress(market) };
  if (store.scope.chainId !== domain.chainId || getAddress(store.scope.market) !== domain.market)
    throw new Error("the order store serves another deployment than the address book");

  // Whatever the view throws (node down, RPC refused, indexer behind) is the chain being unavailable: 503.
  const chainView: ChainView = {
    snapshot: (request) =>
      view.snapshot(request).catch((e: unknown) => {
        throw new ChainReadError(firstLine(e), { cause: e });
      }),
  };
  const app = new Hono();

  app.onError((e, c) => {
    if (e instanceof Rejection) return c.json(e.body(), e.status);
    if (e instanceof ChainReadError)
      return c.json(new Rejection("chain_unavailable", `the chain could not be read: ${firstLine(e)}`).body(), 503);
    console.error("relay:", e);
    return c.json(new Rejection("internal", "internal error").body(), 500);
  });

  app.post(
    "/",
    bodyLimit({
      maxSize: limits.maxBodyBytes,
      onError: (c) =>
        c.json(new Rejection("body_too_large", `the body is larger than ${limits.maxBodyBytes} bytes`).body(), 413),
    }),
    async (c) => {
      const signed = await checkOffChain(await c.req.text(), domain);
      if (await store.get(signed.orderHash))
        throw new Rejection("duplicate", `order ${signed.orderHash} is already in the book`, "orderHash");
      const { order, status, closed } = await checkOnChain(signed, {
        chainView,
        store,
        maxLivePerMaker: limits.maxOpenOrdersPerMaker,
      });
      await store.close(closed);
      const result = await store.insert(order, limits.maxOpenOrdersPerMaker);
      if (result === "duplicate")
        throw new Rejection("duplicate", `order ${order.orderHash} is already in the book`, "orderHash");
      if (result === "cap")
        throw new Rejection(
          "too_many_orders",
          `${order.maker} already has ${limits.maxOpenOrdersPerMaker} live orders in the book (the limit)`,
        );
      const view = orderView(order, status);
      return c.json(view, 201);
    },
  );

  app.get("/", async (c) => {
    const q = parseQuery(c, limits.maxPageSize);
    const wanted = new Set(q.statuses);
    // Terminal orders never come back to life: when only live statuses are asked, skip the closed rows.
    const onlyLive = q.statuses.every((s) => (LIVE_STATUSES as readonly string[]).includes(s));
    const chunk = Math.min(Math.max(q.limit * 2, 50), 500);
    // A status filter can make the relay read far into the book; past this many rows it answers what it
    // found with `truncated: true` rather than reading the chain for the whole table.
    const maxScan = Math.max(MAX_SCAN, q.offset + q.limit);
    let scanned = 0;
    let truncated = false;
    const found: Record<string, unknown>[] = [];
    let skipped = 0;
    let storeOffset = 0;
    let snapshotOf: ChainSnapshot | undefined;
    for (;;) {
      const rows = await store.list({
        ...q.filters,
        live: onlyLive ? true : undefined,
        limit: chunk,
        offset: storeOffset,
      });
      const { views, closedNow, snapshot } = await judge(rows, chainView, store);
      snapshotOf ??= snapshot;
      // Rows closed just now drop out of a live-only listing: the next chunk starts that much earlier.
      storeOffset += rows.length - (onlyLive ? closedNow : 0);
      scanned += rows.length;
      for (const v of views) {
        if (!wanted.has(v.status as OrderStatusName)) continue;
        if (skipped < q.offset) skipped++;
        else if (found.length < q.limit) found.push(v);
      }
      if (found.length >= q.limit || rows.length < chunk) break;
      if (scanned >= maxScan) {
        truncated = true;
        break;
      }
    }
    return c.json({
      orders: found,
      ...(truncated ? { truncated: true } : {}),
      ...(snapshotOf
        ? { blockNumber: snapshotOf.blockNumber.toString(), chainTime: snapshotOf.timestamp.toString() }
        : {}),
    });
  });

  app.get("/:hash", async (c) => {
    const hash = c.req.param("hash");
    if (!/^0x[0-9a-fA-F]{64}$/.test(hash))
      throw new Rejection("invalid_query", "an order hash is 32 bytes of 0x-hex", "hash");
    const order = await store.get(hash as Hex);
    if (!order) throw new Rejection("not_found", `no order ${hash.toLowerCase()} in the book`, "hash");
    const [view] = (await judge([order], chainView, store)).views;
    return c.json(view);
  });

  return app;
}

/** Live statuses of `orders` (one snapshot for all those not yet closed); records terminal ones. */
async function judge(orders: StoredOrder[], chainView: ChainView, store: OrderStore) {
  const open = orders.filter((o) => !o.closed);
  const snapshot = open.length > 0 ? await chainView.snapshot(requestFor(open)) : undefined;
  const statuses = new Map<string, OrderStatus>();
  const closing: { orderHash: Hex; status: TerminalStatus; filled: bigint }[] = [];
  for (const o of open) {
    const s = evaluate(o, snapshot!);
    statuses.set(o.orderHash, s);
    if ((TERMINAL_STATUSES as readonly string[]).includes(s.status))
      closing.push({ orderHash: o.orderHash, status: s.status as TerminalStatus, filled: s.filled });
  }
  await store.close(closing);
  const views = orders.map((o) =>
    orderView(
      o,
      o.closed ? { status: o.closed.status, filled: o.closed.filled, remaining: 0n } : statuses.get(o.orderHash)!,
    ),
  );
  return { views, closedNow: closing.length, snapshot };
}

/**
 * An order as the API shows it: the signed order in the SDK's JSON (so `decodeSignedOrder` reads an entry
 * as is), its book fields and its live status. Amounts are decimal strings.
 */
export function orderView(order: StoredOrder, status: OrderStatus): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(
      {
        ...signedOrderJson(order.signed),
        orderHash: order.orderHash,
        side: order.side,
        maker: order.maker,
        rigId: order.rigId,
        ...(order.positionId === undefined ? {} : { positionId: order.positionId }),
        paymentToken: order.paymentToken,
        pricePerShare: order.pricePerShare,
        shares: order.shares,
        expiry: order.expiry,
        createdAt: new Date(order.createdAt).toISOString(),
        status: status.status,
        filled: status.filled,
        remaining: status.remaining,
        ...(status.reason ? { reason: status.reason } : {}),
      },
      (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v),
    ),
  ) as Record<string, unknown>;
}

function parseQuery(c: Context, maxPage: number) {
  const get = (name: string) => c.req.query(name);
  const filters: Omit<StoreQuery, "limit" | "offset" | "live"> = {};
  const side = get("side");
  if (side !== undefined) {
    if (side !== "listing" && side !== "offer")
      throw new Rejection("invalid_query", 'side is "listing" or "offer"', "side");
    filters.side = side;
  }
  const rig = get("rig");
  if (rig !== undefined) {
    if (!/^\d{1,78}$/.test(rig)) throw new Rejection("invalid_query", "rig is a rig id (a whole number)", "rig");
    filters.rigId = BigInt(rig);
  }
  for (const name of ["maker", "paymentToken"] as const) {
    const v = get(name);
    if (v === undefined) continue;
    if (!isAddress(v, { strict: false })) throw new Rejection("invalid_query", `${name} is an address`, name);
    filters[name] = getAddress(v) as Address;
  }
  const statusText = get("status");
  const statuses: OrderStatusName[] =
    statusText === undefined
      ? DEFAULT_STATUSES
      : statusText === "all"
        ? [...ORDER_STATUSES]
        : statusText.split(",").map((s) => {
            if (!(ORDER_STATUSES as readonly string[]).includes(s))
              throw new Rejection(
                "invalid_query",
                `status is "all" or a list of ${ORDER_STATUSES.join(", ")}`,
                "status",
              );
            return s as OrderStatusName;
          });
  const whole = (name: string, fallback: number, max: number) => {
    const v = get(name);
    if (v === undefined) return fallback;
    if (!/^\d{1,9}$/.test(v) || Number(v) > max)
      throw new Rejection("invalid_query", `${name} is a whole number up to ${max}`, name);
    return Number(v);
  };
  const limit = whole("limit", Math.min(DEFAULT_PAGE, maxPage), maxPage);
  if (limit === 0) throw new Rejection("invalid_query", "limit is at least 1", "limit");
  return { filters, statuses, limit, offset: whole("offset", 0, 1_000_000) };
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? ((e as { shortMessage?: string }).shortMessage ?? e.message) : String(e)).split(
    "\n",
  )[0]!;
}
