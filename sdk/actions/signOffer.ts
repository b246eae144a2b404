// signOffer: signs an offer off chain (EIP-712): the account pays `pricePerShare` for up to `maxShares`
// shares of a rig, from any holder, until `expiry` or until it cancels the offer or increments its counter.
// A holder fills it with fillOffer. Pre-flight: the account holds the full price and has approved the
// market for it (approved here when short, unless `approve` is false).
import { type Address, type Hash, type Hex, getAddress } from "viem";
import { getChainId, readContract, signTypedData } from "viem/actions";

import { shareMarketAbi } from "../abis.js";
import {
  type InsufficientAllowanceError,
  type InsufficientBalanceError,
  MarketInvalidParamsError,
  type MissingContractError,
  type RigshareErrorType,
} from "../errors.js";
import { type ApproveMode, checkFunding } from "../internal/approve.js";
import { OFFER_TYPES, marketDomain, marketOf, randomSalt } from "../internal/market.js";
import { once, read } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions } from "../types.js";

/** An offer as ShareMarket hashes it (`IShareMarket.Offer`). */
export type OfferOrder = {
  buyer: Address;
  rigId: bigint;
  maxShares: bigint;
  paymentToken: Address;
  pricePerShare: bigint;
  expiry: bigint;
  counter: bigint;
  salt: bigint;
};

export type SignOfferParameters = ContractsParameter &
  WriteOptions & {
    rigId: bigint;
    maxShares: bigint;
    paymentToken: Address;
    pricePerShare: bigint;
    expiry: bigint;
    salt?: bigint;
    /** Payment-token approval of the market when short: "exact" (default), "max", or false (throw). */
    approve?: ApproveMode;
  };
export type SignOfferReturnType = { offer: OfferOrder; signature: Hex; orderHash: Hex; approvalHash?: Hash };
export type SignOfferErrorType =
  | MarketInvalidParamsError
  | InsufficientBalanceError
  | InsufficientAllowanceError
  | MissingContractError
  | RigshareErrorType;

export async function signOffer(
  client: WriteClient,
  {
    contracts,
    rigId,
    maxShares,
    paymentToken,
    pricePerShare,
    expiry,
    salt,
    approve = "exact",
    onHash,
    beforeSend: confirmOnce,
  }: SignOfferParameters,
): Promise<SignOfferReturnType> {
  const beforeSend = once(confirmOnce);
  const market = marketOf(contracts);
  const buyer = getAddress(client.account.address);
  if (maxShares <= 0n) throw new MarketInvalidParamsError({ what: "maxShares" });
  if (pricePerShare <= 0n) throw new MarketInvalidParamsError({ what: "pricePerShare" });
  const approveIfNeeded = await checkFunding(client, {
    token: getAddress(paymentToken),
    spender: market,
    amount: maxShares * pricePerShare,
    approve,
  });
  const [counter, chainId] = await read(() =>
    Promise.all([
      readContract(client, { address: market, abi: shareMarketAbi, functionName: "counterOf", args: [buyer] }),
      getChainId(client),
    ]),
  );
  const approvalHash = await approveIfNeeded({ onHash, beforeSend });
  const offer: OfferOrder = {
    buyer,
    rigId,
    maxShares,
    paymentToken: getAddress(paymentToken),
    pricePerShare,
    expiry,
    counter,
    salt: salt ?? randomSalt(),
  };
  const signature = await signTypedData(client, {
    account: client.account,
    domain: marketDomain(chainId, market),
    types: OFFER_TYPES,
    primaryType: "Offer",
    message: offer,
  });
  const orderHash = await read(() =>
    readContract(client, { address: market, abi: shareMarketAbi, functionName: "hashOffer", args: [offer] }),
  );
  return { offer, signature, orderHash, ...(approvalHash ? { approvalHash } : {}) };
}
