// quoteSale: how a sale price of a position splits into the seller's part, the rig's ERC-2981 royalty and
// the market fee (the market's `quote`, the same split a fill credits).
import type { Address, ReadContractErrorType } from "viem";
import { readContract } from "viem/actions";

import { shareMarketAbi } from "../abis.js";
import type { MissingContractError } from "../errors.js";
import { marketOf } from "../internal/market.js";
import { read } from "../internal/send.js";
import type { ContractsParameter, ReadClient } from "../types.js";

export type QuoteSaleParameters = ContractsParameter & { positionId: bigint; price: bigint };
export type QuoteSaleReturnType = { seller: bigint; royaltyReceiver: Address; royalty: bigint; fee: bigint };
export type QuoteSaleErrorType = MissingContractError | ReadContractErrorType;

export async function quoteSale(
  client: ReadClient,
  { contracts, positionId, price }: QuoteSaleParameters,
): Promise<QuoteSaleReturnType> {
  const market = marketOf(contracts);
  const [seller, royaltyReceiver, royalty, fee] = await read(() =>
    readContract(client, { address: market, abi: shareMarketAbi, functionName: "quote", args: [positionId, price] }),
  );
  return { seller, royaltyReceiver, royalty, fee };
}
