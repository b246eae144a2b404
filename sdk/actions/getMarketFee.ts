// getMarketFee: the market's protocol fee — the one a fill pays now, its treasury, and a scheduled increase
// not yet in force (ShareMarket delays increases by FEE_INCREASE_DELAY so makers can cancel first). Show it
// to makers before they list: the fee comes out of the seller's (or rental owner's) part.
import type { Address, ReadContractErrorType } from "viem";
import { readContract } from "viem/actions";

import { shareMarketAbi } from "../abis.js";
import type { MissingContractError } from "../errors.js";
import { marketOf } from "../internal/market.js";
import { read } from "../internal/send.js";
import type { ContractsParameter, ReadClient } from "../types.js";

export type GetMarketFeeParameters = ContractsParameter;
export type GetMarketFeeReturnType = {
  /** Fee in bps a fill pays now. */
  feeBps: bigint;
  treasury: Address;
  /** A higher fee and the first second it applies; null when none is scheduled. */
  pending: { feeBps: bigint; effectiveAt: bigint } | null;
};
export type GetMarketFeeErrorType = MissingContractError | ReadContractErrorType;

export async function getMarketFee(
  client: ReadClient,
  { contracts }: GetMarketFeeParameters,
): Promise<GetMarketFeeReturnType> {
  const market = marketOf(contracts);
  const [[feeBps, treasury], [pendingFeeBps, effectiveAt]] = await read(() =>
    Promise.all([
      readContract(client, { address: market, abi: shareMarketAbi, functionName: "fee" }),
      readContract(client, { address: market, abi: shareMarketAbi, functionName: "pendingFee" }),
    ]),
  );
  return {
    feeBps,
    treasury,
    pending: effectiveAt === 0n ? null : { feeBps: pendingFeeBps, effectiveAt },
  };
}
