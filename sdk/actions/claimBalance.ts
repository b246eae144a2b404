// claimBalance: pays the caller its settled balance of `token` (rewards credited when its positions were
// transferred, split, merged or burned). Zero is not an error: nothing is paid.
import { type Address, parseEventLogs } from "viem";

import { rewardDistributorAbi } from "../abis.js";
import type { RigshareErrorType } from "../errors.js";
import { send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type ClaimBalanceParameters = ContractsParameter & WriteOptions & { token: Address };
export type ClaimBalanceReturnType = WriteResult & { paid: bigint };
export type ClaimBalanceErrorType = RigshareErrorType;

export async function claimBalance(
  client: WriteClient,
  { contracts, token, onHash, beforeSend }: ClaimBalanceParameters,
): Promise<ClaimBalanceReturnType> {
  const { hash, receipt } = await send(
    client,
    {
      address: contracts.distributor,
      abi: rewardDistributorAbi,
      functionName: "claimBalance",
      args: [token],
      label: "claim balance",
    },
    { onHash, beforeSend },
  );
  const [claimed] = parseEventLogs({ abi: rewardDistributorAbi, eventName: "RewardsClaimed", logs: receipt.logs });
  return { hash, receipt, paid: claimed?.args.amount ?? 0n };
}
