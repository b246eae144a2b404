// OrderStore: where the relay keeps accepted orders. One store serves one deployment (chain id and market,
// its `scope`); every query stays inside it, so several deployments can share a database. Implementations:
// relay/store/sqlStore.ts over PGlite (embedded, a data directory) or Postgres (DATABASE_URL).
import type { Address, Hex } from "viem";

import type { OrderSide, StoredOrder, TerminalStatus } from "../types.js";

export type StoreScope = { chainId: number; market: Address };

export type StoreQuery = {
  side?: OrderSide;
  rigId?: bigint;
  maker?: Address;
  paymentToken?: Address;
  /** true: only orders with no terminal status recorded; false: only those with one; absent: all. */
  live?: boolean;
  limit: number;
  offset: number;
};

export type InsertResult = "inserted" | "duplicate" | "cap";

export interface OrderStore {
  readonly scope: StoreScope;
  /**
   * Stores `order` atomically unless its hash is already stored ("duplicate") or its maker already has
   * `maxLivePerMaker` orders without a terminal status ("cap"). Safe against concurrent inserts, also from
   * other relay instances sharing the database.
   */
  insert(order: StoredOrder, maxLivePerMaker: number): Promise<InsertResult>;
  get(orderHash: Hex): Promise<StoredOrder | undefined>;
  /**
   * Orders matching `query`, best price first: listings by ascending price per share, then offers by
   * descending price per share; equal prices in the order they were accepted.
   */
  list(query: StoreQuery): Promise<StoredOrder[]>;
  /** Records terminal statuses observed on chain (they never change again). */
  close(updates: { orderHash: Hex; status: TerminalStatus; filled: bigint }[]): Promise<void>;
  /** Number of stored orders (all statuses). */
  count(): Promise<number>;
  /** Releases the database (closes PGlite, ends the Postgres pool). */
  shutdown(): Promise<void>;
}
