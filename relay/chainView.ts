// ChainView: the chain state the relay judges orders by, read for a whole batch of orders at one block.
// The relay asks for everything a page of orders needs in one `snapshot` call (makers' counters, order
// fill states, positions, approvals, token funds) so an implementation can answer with a couple of round
// trips: relay/rpcChainView.ts reads a node with one multicall; an indexer-backed view can answer from its
// tables. Values mirror the contracts' views exactly (ShareMarket, RigShares, RewardDistributor, ERC-20).
import type { Address, Hex } from "viem";

/** `ShareMarket.orderState(orderHash)`. */
export type OrderFillState = { filled: bigint; version: bigint; cancelled: boolean };

/** A position as ShareMarket's fill checks see it. */
export type PositionState = {
  /** `RigShares.beneficiaryOf` (the zero address once burned or merged away). */
  owner: Address;
  /** `RewardDistributor.position(id).shares`. */
  shares: bigint;
  /** `RewardDistributor.position(id).version`: bumped by every transfer, split and merge. */
  version: bigint;
  /**
   * Last second of a running rental (a rented position cannot move or split), 0 when not rented:
   * `position(id).rented ? rentalOf(id).expires : 0`.
   */
  rentedUntil: bigint;
};

/** A payment-token balance and the market's allowance over it. Both 0 when the token cannot be read. */
export type Funds = { balance: bigint; allowance: bigint };

/** What to read. Duplicates are allowed; implementations read each distinct key once. */
export type ChainRequest = {
  /** `ShareMarket.counterOf(maker)`. */
  counters: Address[];
  /** `ShareMarket.orderState(orderHash)`. */
  orders: Hex[];
  positions: bigint[];
  /** `RigShares.isApprovedForAll(owner, market)`. */
  approvals: Address[];
  /** `token.balanceOf(owner)` and `token.allowance(owner, market)`. */
  funds: { token: Address; owner: Address }[];
};

/** The answers, all at one block. Keys: checksummed addresses, lower-case hashes, `fundsKey(token, owner)`. */
export type ChainSnapshot = {
  blockNumber: bigint;
  /** Timestamp of that block: the next block (where a fill lands) is later. */
  timestamp: bigint;
  /** `ShareMarket.paused() || RigShares.paused()`: either stops every fill (always read). */
  paused: boolean;
  /** `RigShares.rigCount()`: rig ids run from 1 to it (always read). */
  rigCount: bigint;
  counters: Map<Address, bigint>;
  orders: Map<Hex, OrderFillState>;
  positions: Map<bigint, PositionState>;
  approvals: Map<Address, boolean>;
  funds: Map<string, Funds>;
};

export interface ChainView {
  /** Reads everything `request` names at the latest block. */
  snapshot(request: ChainRequest): Promise<ChainSnapshot>;
}

export const fundsKey = (token: Address, owner: Address): string => `${token}:${owner}`.toLowerCase();

export const emptyRequest = (): ChainRequest => ({ counters: [], orders: [], positions: [], approvals: [], funds: [] });
