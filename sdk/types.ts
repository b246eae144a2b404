// Shared types of the SDK's actions: the clients they accept, the contracts they talk to, the write
// options and the shapes of rigs, streams and positions as the contracts return them.
import type { Account, Address, Chain, Client, Hash, TransactionReceipt, Transport } from "viem";

import type { RigshareContracts } from "./addressBook.js";

export type { RigshareContracts } from "./addressBook.js";

/** Any viem client (public, wallet or test) for reads. */
export type ReadClient = Client<Transport, Chain | undefined>;
/** A viem client with an account for writes (a wallet client, or any client extended with an account). */
export type WriteClient = Client<Transport, Chain | undefined, Account>;

/** Every action takes the protocol's addresses (see `contractsOf(addressBook)`). */
export type ContractsParameter = { contracts: RigshareContracts };

/** Options of every write action. */
export type WriteOptions = {
  /** Called once the transaction is sent, before waiting for its receipt (progress indicators). */
  onHash?: (hash: Hash, label: string) => void;
  /**
   * Called before the first transaction is signed, after every pre-flight check and simulation that can
   * run before it (a confirmation prompt). Throwing aborts the action with nothing sent. Actions that send
   * two transactions (an approval, then the call) call it before the first one only.
   */
  beforeSend?: () => Promise<void>;
};

/** What every write action returns at least. */
export type WriteResult = { hash: Hash; receipt: TransactionReceipt };

/** Hash algorithm of a rig (`IRigShares.Algorithm`). */
export const ALGORITHMS = ["SHA256", "Scrypt", "RandomX", "Ethash", "KHeavyHash"] as const;
export type AlgorithmName = (typeof ALGORITHMS)[number];
/** Display names of the algorithms, as the on-chain metadata shows them. */
export const ALGORITHM_LABELS: Record<AlgorithmName, string> = {
  SHA256: "SHA-256",
  Scrypt: "Scrypt",
  RandomX: "RandomX",
  Ethash: "Ethash",
  KHeavyHash: "kHeavyHash",
};

/** Life-cycle status of a rig (`IRigShares.RigStatus`). */
export const RIG_STATUSES = ["None", "Active", "Retired", "Suspended"] as const;
export type RigStatusName = (typeof RIG_STATUSES)[number];

/** Reward state of a rig as stored (`IRewardDistributor.RigStream`), amounts `X18` scaled by 1e18. */
export type RigStream = {
  rewardPerShareX18: bigint;
  lastUpdate: bigint;
  rateX18: bigint;
  periodEnd: bigint;
  totalShares: bigint;
  carryX18: bigint;
  nextEpoch: bigint;
  payoutToken: Address;
  epochLength: bigint;
  unallocatedX18: bigint;
  maxEpochPayout: bigint;
  funded: bigint;
};

/** Reward state of a position as stored (`IRewardDistributor.Position`). */
export type PositionState = { shares: bigint; paidX18: bigint };
