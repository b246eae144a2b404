// getLastBreakdown: how the rig's last epoch pushed through the epoch funder split its gross into
// electricity, service fee, fee debt, SLA refund and net (null before the first one).
import type { ReadContractErrorType } from "viem";
import { getBlockNumber, readContract } from "viem/actions";

import { epochFunderAbi } from "../abis.js";
import type { MissingContractError, RigSharesUnknownRigError } from "../errors.js";
import { funderOf, requireRig, toBreakdown } from "../internal/oracle.js";
import { read } from "../internal/send.js";
import type { ContractsParameter, EpochBreakdown, ReadClient } from "../types.js";

export type GetLastBreakdownParameters = ContractsParameter & { rigId: bigint; blockNumber?: bigint };
export type GetLastBreakdownReturnType = EpochBreakdown | null;
export type GetLastBreakdownErrorType = RigSharesUnknownRigError | MissingContractError | ReadContractErrorType;

export async function getLastBreakdown(
  client: ReadClient,
  { contracts, rigId, blockNumber }: GetLastBreakdownParameters,
): Promise<GetLastBreakdownReturnType> {
  const funder = funderOf(contracts);
  const at = blockNumber ?? (await getBlockNumber(client, { cacheTime: 0 }));
  await requireRig(client, contracts, rigId, at);
  const [terms, last] = await read(() =>
    Promise.all([
      readContract(client, {
        address: funder,
        abi: epochFunderAbi,
        functionName: "terms",
        args: [rigId],
        blockNumber: at,
      }),
      readContract(client, {
        address: funder,
        abi: epochFunderAbi,
        functionName: "lastBreakdown",
        args: [rigId],
        blockNumber: at,
      }),
    ]),
  );
  // An all-zero breakdown is also what a rig that never pushed reads as: `started` tells them apart.
  return terms.started ? toBreakdown(last) : null;
}
