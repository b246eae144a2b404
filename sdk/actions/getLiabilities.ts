// getLiabilities: what the distributor owes in `token` (funded minus paid out), what it holds, and the
// excess above the debt (the only amount the admin can ever sweep).
import { type Address, type ReadContractErrorType, erc20Abi } from "viem";
import { getBlockNumber, readContract } from "viem/actions";

import { rewardDistributorAbi } from "../abis.js";
import { read } from "../internal/send.js";
import type { ContractsParameter, ReadClient } from "../types.js";

export type GetLiabilitiesParameters = ContractsParameter & { token: Address; blockNumber?: bigint };
export type GetLiabilitiesReturnType = { liabilities: bigint; balance: bigint; excess: bigint };
export type GetLiabilitiesErrorType = ReadContractErrorType;

export async function getLiabilities(
  client: ReadClient,
  { contracts, token, blockNumber }: GetLiabilitiesParameters,
): Promise<GetLiabilitiesReturnType> {
  const at = blockNumber ?? (await getBlockNumber(client, { cacheTime: 0 }));
  const [liabilities, balance] = await read(() =>
    Promise.all([
      readContract(client, {
        address: contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "liabilities",
        args: [token],
        blockNumber: at,
      }),
      readContract(client, {
        address: token,
        abi: erc20Abi,
        functionName: "balanceOf",
        args: [contracts.distributor],
        blockNumber: at,
      }),
    ]),
  );
  return { liabilities, balance, excess: balance > liabilities ? balance - liabilities : 0n };
}
