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

/** What a rig produced during one epoch, as the oracle's reporters attest it (`IHashrateOracle.EpochReport`). */
export type EpochReport = {
  rigId: bigint;
  epoch: bigint;
  /** Average hashrate delivered over the epoch, H/s (backup capacity included). */
  deliveredHashrate: bigint;
  /** Share of the epoch the rig was hashing, basis points (≤ 10,000). */
  uptimeBps: bigint;
  /** Coins mined in the epoch, payout-token base units. */
  grossReward: bigint;
  /** Energy used in the epoch, Wh. */
  energyWh: bigint;
};

/** How one epoch's gross became its net (`IEpochFunder.Breakdown`), payout-token base units. */
export type EpochBreakdown = {
  epoch: bigint;
  gross: bigint;
  electricity: bigint;
  serviceFee: bigint;
  /** Fee debt carried into the epoch. */
  debtIn: bigint;
  /** Fee debt carried out of the epoch. */
  debtOut: bigint;
  /** SLA refund paid from the bond into the stream. */
  slaRefund: bigint;
  /** What the operator funds; the stream gets `net + slaRefund`. */
  net: bigint;
};

/** Network parameters of the coin a payout token stands for (`IHashrateOracle.Network`). */
export type OracleNetwork = {
  difficulty: bigint;
  /** Block subsidy plus average fees, payout-token base units. */
  blockReward: bigint;
  /** "bitcoin": a block takes difficulty × 2^32 hashes; "monero": difficulty hashes. */
  style: "bitcoin" | "monero";
};
