// Converts the structs viem decodes (numbers for small uints) into the SDK's all-bigint shapes.
import type { Address } from "viem";

import type { RigStream } from "../types.js";

type RawStream = {
  rewardPerShareX18: bigint;
  lastUpdate: bigint;
  rateX18: bigint;
  periodEnd: bigint;
  totalShares: bigint;
  carryX18: bigint;
  nextEpoch: bigint;
  payoutToken: Address;
  epochLength: number | bigint;
  unallocatedX18: bigint;
  maxEpochPayout: bigint;
  funded: bigint;
};

export function toRigStream(raw: RawStream): RigStream {
  return {
    rewardPerShareX18: raw.rewardPerShareX18,
    lastUpdate: raw.lastUpdate,
    rateX18: raw.rateX18,
    periodEnd: raw.periodEnd,
    totalShares: raw.totalShares,
    carryX18: raw.carryX18,
    nextEpoch: raw.nextEpoch,
    payoutToken: raw.payoutToken,
    epochLength: BigInt(raw.epochLength),
    unallocatedX18: raw.unallocatedX18,
    maxEpochPayout: raw.maxEpochPayout,
    funded: raw.funded,
  };
}
