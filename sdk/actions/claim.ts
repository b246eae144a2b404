// claim: settles `positionIds` and pays the caller what is its own — the pending rewards of the positions
// it is the beneficiary of plus its settled balance of each payout token touched. Positions of others
// are settled to their beneficiaries, never paid to the caller.
import { type Address, parseEventLogs } from "viem";

import { rewardDistributorAbi } from "../abis.js";
import type { DistributorUnknownPositionError, RigshareErrorType } from "../errors.js";
import { send } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions, WriteResult } from "../types.js";

export type ClaimParameters = ContractsParameter & WriteOptions & { positionIds: readonly bigint[] };
export type ClaimReturnType = WriteResult & {
  /** Total paid to the caller, summed over tokens (the contract's return value). */
  paid: bigint;
  /** Paid to the caller per payout token. */
  paidByToken: { token: Address; amount: bigint }[];
};
export type ClaimErrorType = DistributorUnknownPositionError | RigshareErrorType;

export async function claim(
  client: WriteClient,
  { contracts, positionIds, onHash, beforeSend }: ClaimParameters,
): Promise<ClaimReturnType> {
  const { hash, receipt } = await send(
    client,
    {
      address: contracts.distributor,
      abi: rewardDistributorAbi,
      functionName: "claim",
      args: [positionIds],
      label: "claim",
    },
    { onHash, beforeSend },
  );
  const me = client.account.address.toLowerCase();
  const paidByToken = parseEventLogs({ abi: rewardDistributorAbi, eventName: "RewardsClaimed", logs: receipt.logs })
    .filter((l) => l.args.account.toLowerCase() === me)
    .map((l) => ({ token: l.args.token, amount: l.args.amount }));
  return { hash, receipt, paid: paidByToken.reduce((sum, p) => sum + p.amount, 0n), paidByToken };
}
