// mint: buys `shares` of a rig's primary sale. Pre-flight (before any transaction): the rig exists, its
// sale is open, the shares are available, the account holds the price; then approves the payment token
// if the allowance is short (see `approve`), simulates and sends `mint`.
import { type Hash, parseEventLogs } from "viem";
import { readContract } from "viem/actions";

import { rigSharesAbi } from "../abis.js";
import {
  EnforcedPauseError,
  type InsufficientAllowanceError,
  type InsufficientBalanceError,
  RigSharesInvalidSharesError,
  RigSharesSaleClosedError,
  RigSharesSoldOutError,
  type RigSharesUnknownRigError,
  type RigshareErrorType,
} from "../errors.js";
import { type ApproveMode, checkFunding } from "../internal/approve.js";
import { once, read, send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";
import { getRig } from "./getRig.js";

const MAX_UINT96 = 2n ** 96n - 1n;

export type MintParameters = ContractsParameter &
  WriteOptions & {
    rigId: bigint;
    shares: bigint;
    /** Payment-token approval when the allowance is short: "exact" (default), "max", or false (throw). */
    approve?: ApproveMode;
  };
export type MintReturnType = WriteResult & { positionId: bigint; cost: bigint; fee: bigint; approvalHash?: Hash };
export type MintErrorType =
  | RigSharesUnknownRigError
  | RigSharesSaleClosedError
  | RigSharesSoldOutError
  | RigSharesInvalidSharesError
  | EnforcedPauseError
  | InsufficientBalanceError
  | InsufficientAllowanceError
  | RigshareErrorType;

export async function mint(
  client: WriteClient,
  { contracts, rigId, shares, approve = "exact", onHash, beforeSend: confirmOnce }: MintParameters,
): Promise<MintReturnType> {
  const beforeSend = once(confirmOnce);
  // Pre-flight: the same checks as RigShares.mint, so nothing is approved for a mint that would revert.
  const paused = await read(() =>
    readContract(client, { address: contracts.rigShares, abi: rigSharesAbi, functionName: "paused" }),
  );
  if (paused) throw new EnforcedPauseError({});
  const rig = await getRig(client, { contracts, rigId });
  if (!rig.saleOpen || rig.status !== "Active") throw new RigSharesSaleClosedError({ rigId });
  if (shares <= 0n || shares > MAX_UINT96) throw new RigSharesInvalidSharesError({ shares });
  if (shares > rig.sharesAvailable)
    throw new RigSharesSoldOutError({ rigId, available: rig.sharesAvailable, requested: shares });
  const cost = shares * rig.pricePerShare;
  const approveIfNeeded = await checkFunding(client, {
    token: rig.paymentToken,
    spender: contracts.rigShares,
    amount: cost,
    approve,
  });

  const approvalHash = await approveIfNeeded({ onHash, beforeSend });
  const { hash, receipt } = await send(
    client,
    { address: contracts.rigShares, abi: rigSharesAbi, functionName: "mint", args: [rigId, shares], label: "mint" },
    { onHash, beforeSend },
  );
  const [minted] = parseEventLogs({ abi: rigSharesAbi, eventName: "SharesMinted", logs: receipt.logs });
  return {
    hash,
    receipt,
    positionId: minted.args.positionId,
    cost: minted.args.cost,
    fee: minted.args.fee,
    ...(approvalHash ? { approvalHash } : {}),
  };
}
