// getOrderState: how much of a signed order (listing or offer, by its EIP-712 struct hash as signOffer /
// signListing return it) has filled, whether its maker cancelled it, and whether the maker's counter has
// since moved past the order's (which voids every order signed before).
import type { Address, Hex, ReadContractErrorType } from "viem";
import { readContract } from "viem/actions";

import { shareMarketAbi } from "../abis.js";
import type { MissingContractError } from "../errors.js";
import { marketOf } from "../internal/market.js";
import { read } from "../internal/send.js";
import type { ContractsParameter, ReadClient } from "../types.js";

export type GetOrderStateParameters = ContractsParameter & {
  orderHash: Hex;
  /** The order's maker and counter, to tell whether a counter increment voided it. */
  maker?: Address;
  counter?: bigint;
};
export type GetOrderStateReturnType = { filled: bigint; cancelled: boolean; voided: boolean };
export type GetOrderStateErrorType = MissingContractError | ReadContractErrorType;

export async function getOrderState(
  client: ReadClient,
  { contracts, orderHash, maker, counter }: GetOrderStateParameters,
): Promise<GetOrderStateReturnType> {
  const market = marketOf(contracts);
  const [state, makerCounter] = await read(() =>
    Promise.all([
      readContract(client, { address: market, abi: shareMarketAbi, functionName: "orderState", args: [orderHash] }),
      maker
        ? readContract(client, { address: market, abi: shareMarketAbi, functionName: "counterOf", args: [maker] })
        : undefined,
    ]),
  );
  const voided = makerCounter !== undefined && counter !== undefined && makerCounter > counter;
  return { filled: state.filled, cancelled: state.cancelled, voided };
}
