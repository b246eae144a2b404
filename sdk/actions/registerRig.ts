// registerRig (operator): registers a rig; the caller becomes its operator. The sale starts closed
// (setSaleOpen opens it).
import { type Address, parseEventLogs } from "viem";

import { rigSharesAbi } from "../abis.js";
import type {
  EnforcedPauseError,
  RigSharesInvalidParamsError,
  RigSharesNotOperatorError,
  RigshareErrorType,
} from "../errors.js";
import { send } from "../internal/send.js";
import {
  ALGORITHMS,
  type AlgorithmName,
  type ContractsParameter,
  type WriteClient,
  type WriteOptions,
  type WriteResult,
} from "../types.js";

/** `IRigShares.RigParams` with the algorithm by name. */
export type RigParams = {
  /** 1-32 bytes. */
  name: string;
  algorithm: AlgorithmName;
  /** H/s. */
  hashrate: bigint;
  /** W. */
  powerWatts: number;
  totalShares: bigint;
  /** Payment-token base units per share. */
  pricePerShare: bigint;
  paymentToken: Address;
  payoutToken: Address;
  /** Seconds: an hour or more that divides a day, or whole days. */
  epochLength: number;
  /** Payout-token base units. */
  maxEpochPayout: bigint;
  /** ERC-2981 royalty, ≤ 1,000. */
  royaltyBps: number;
};

export type RegisterRigParameters = ContractsParameter & WriteOptions & { params: RigParams };
export type RegisterRigReturnType = WriteResult & { rigId: bigint };
export type RegisterRigErrorType =
  RigSharesNotOperatorError | RigSharesInvalidParamsError | EnforcedPauseError | RigshareErrorType;

export async function registerRig(
  client: WriteClient,
  { contracts, params, onHash, beforeSend }: RegisterRigParameters,
): Promise<RegisterRigReturnType> {
  const algorithm = ALGORITHMS.indexOf(params.algorithm);
  const { hash, receipt } = await send(
    client,
    {
      address: contracts.rigShares,
      abi: rigSharesAbi,
      functionName: "registerRig",
      args: [{ ...params, algorithm }],
      label: "register rig",
    },
    { onHash, beforeSend },
  );
  const [event] = parseEventLogs({ abi: rigSharesAbi, eventName: "RigRegistered", logs: receipt.logs });
  return { hash, receipt, rigId: event.args.rigId };
}
