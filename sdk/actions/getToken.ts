// getToken: symbol and decimals of an ERC-20 (to format amounts), and optionally an account's balance
// and allowance towards a spender.
import { type Address, type ReadContractErrorType, erc20Abi } from "viem";
import { readContract } from "viem/actions";

import { read } from "../internal/send.js";
import type { ReadClient } from "../types.js";

export type GetTokenParameters = { token: Address; account?: Address; spender?: Address };
export type TokenInfo = { address: Address; symbol: string; decimals: number; balance?: bigint; allowance?: bigint };
export type GetTokenReturnType = TokenInfo;
export type GetTokenErrorType = ReadContractErrorType;

export async function getToken(
  client: ReadClient,
  { token, account, spender }: GetTokenParameters,
): Promise<GetTokenReturnType> {
  const [symbol, decimals, balance, allowance] = await read(() =>
    Promise.all([
      readContract(client, { address: token, abi: erc20Abi, functionName: "symbol" }),
      readContract(client, { address: token, abi: erc20Abi, functionName: "decimals" }),
      account
        ? readContract(client, { address: token, abi: erc20Abi, functionName: "balanceOf", args: [account] })
        : undefined,
      account && spender
        ? readContract(client, { address: token, abi: erc20Abi, functionName: "allowance", args: [account, spender] })
        : undefined,
    ]),
  );
  return {
    address: token,
    symbol,
    decimals,
    ...(balance === undefined ? {} : { balance }),
    ...(allowance === undefined ? {} : { allowance }),
  };
}
