// getRig: a rig's registration, sale state and reward stream in one object (two reads, same block).
import type { Address, ReadContractErrorType } from "viem";
import { getBlockNumber, readContract } from "viem/actions";

import { rewardDistributorAbi, rigSharesAbi } from "../abis.js";
import { RigSharesUnknownRigError } from "../errors.js";
import { toRigStream } from "../internal/convert.js";
import { read } from "../internal/send.js";
import {
  ALGORITHMS,
  type AlgorithmName,
  type ContractsParameter,
  type ReadClient,
  RIG_STATUSES,
  type RigStatusName,
  type RigStream,
} from "../types.js";

export type GetRigParameters = ContractsParameter & {
  rigId: bigint;
  /** Read at this block (default: latest). */
  blockNumber?: bigint;
};

export type RigInfo = {
  rigId: bigint;
  name: string;
  operator: Address;
  algorithm: AlgorithmName;
  status: RigStatusName;
  saleOpen: boolean;
  /** Nominal hashrate, H/s. */
  hashrate: bigint;
  /** Power draw, W. */
  powerWatts: bigint;
  /** Share cap. */
  totalShares: bigint;
  /** Shares held by live positions. */
  sharesSold: bigint;
  sharesAvailable: bigint;
  /** Price of one share in `paymentToken` base units. */
  pricePerShare: bigint;
  paymentToken: Address;
  payoutToken: Address;
  /** Epoch length, seconds. */
  epochLength: bigint;
  maxEpochPayout: bigint;
  royaltyBps: bigint;
  /** Serial of the last position minted or split off. */
  lastSerial: bigint;
  /** Next epoch the operator may push. */
  nextEpoch: bigint;
  /** Payout tokens funded over the rig's life. */
  funded: bigint;
  /** The distributor's stored stream state (for client-side accrual). */
  stream: RigStream;
};

export type GetRigReturnType = RigInfo;
export type GetRigErrorType = RigSharesUnknownRigError | ReadContractErrorType;

export async function getRig(
  client: ReadClient,
  { contracts, rigId, blockNumber }: GetRigParameters,
): Promise<GetRigReturnType> {
  const at = blockNumber ?? (await getBlockNumber(client, { cacheTime: 0 }));
  const [rig, rawStream] = await read(() =>
    Promise.all([
      readContract(client, {
        address: contracts.rigShares,
        abi: rigSharesAbi,
        functionName: "rig",
        args: [rigId],
        blockNumber: at,
      }),
      readContract(client, {
        address: contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "rigStream",
        args: [rigId],
        blockNumber: at,
      }),
    ]),
  );
  if (rig.status === 0) throw new RigSharesUnknownRigError({ rigId });
  const stream = toRigStream(rawStream);
  return {
    rigId,
    name: rig.name,
    operator: rig.operator,
    algorithm: ALGORITHMS[rig.algorithm] ?? ALGORITHMS[0],
    status: RIG_STATUSES[rig.status] ?? "None",
    saleOpen: rig.saleOpen,
    hashrate: rig.hashrate,
    powerWatts: BigInt(rig.powerWatts),
    totalShares: rig.totalShares,
    sharesSold: stream.totalShares,
    sharesAvailable: rig.totalShares - stream.totalShares,
    pricePerShare: rig.pricePerShare,
    paymentToken: rig.paymentToken,
    payoutToken: rig.payoutToken,
    epochLength: BigInt(rig.epochLength),
    maxEpochPayout: stream.maxEpochPayout,
    royaltyBps: BigInt(rig.royaltyBps),
    lastSerial: rig.nextSerial,
    nextEpoch: stream.nextEpoch,
    funded: stream.funded,
    stream,
  };
}
