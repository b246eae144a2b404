// signListing: signs a listing off chain (EIP-712, gasless for the seller): `shares` of a position the
// account owns at a fixed price per share, valid while the position is unchanged, until `expiry`, and
// until the seller cancels it or increments its counter. Anyone holding the order and its signature can
// fill it with buySignedListing. A fill needs the market approved for the seller's positions: with
// `approveMarket` this action sends `setApprovalForAll` first when it is missing; by default it sends nothing.
import { type Address, type Hash, type Hex, getAddress } from "viem";
import { getChainId, readContract, signTypedData } from "viem/actions";

import { shareMarketAbi } from "../abis.js";
import {
  MarketInvalidParamsError,
  type MarketNotApprovedError,
  type MarketNotOwnerError,
  type MissingContractError,
  type RigshareErrorType,
} from "../errors.js";
import { SIGNED_LISTING_TYPES, checkSeller, marketDomain, marketOf, randomSalt } from "../internal/market.js";
import { once, read } from "../internal/send.js";
import type { ContractsParameter, WriteClient, WriteOptions } from "../types.js";

/** A signed listing as ShareMarket hashes it (`IShareMarket.SignedListing`). */
export type SignedListingOrder = {
  seller: Address;
  positionId: bigint;
  shares: bigint;
  version: bigint;
  paymentToken: Address;
  pricePerShare: bigint;
  minFill: bigint;
  expiry: bigint;
  counter: bigint;
  salt: bigint;
};

export type SignListingParameters = ContractsParameter &
  WriteOptions & {
    positionId: bigint;
    /** Shares offered (default: the whole position). */
    shares?: bigint;
    paymentToken: Address;
    pricePerShare: bigint;
    /** Smallest partial fill (default 1). */
    minFill?: bigint;
    expiry: bigint;
    /** Default: random. */
    salt?: bigint;
    /** Send `setApprovalForAll(market, true)` when the market may not move the seller's positions (default false). */
    approveMarket?: boolean;
  };
export type SignListingReturnType = { order: SignedListingOrder; signature: Hex; orderHash: Hex; approvalHash?: Hash };
export type SignListingErrorType =
  MarketNotOwnerError | MarketNotApprovedError | MarketInvalidParamsError | MissingContractError | RigshareErrorType;

export async function signListing(
  client: WriteClient,
  {
    contracts,
    positionId,
    shares,
    paymentToken,
    pricePerShare,
    minFill = 1n,
    expiry,
    salt,
    approveMarket = false,
    onHash,
    beforeSend,
  }: SignListingParameters,
): Promise<SignListingReturnType> {
  const market = marketOf(contracts);
  const seller = getAddress(client.account.address);
  const held = await checkSeller(client, contracts, positionId, true);
  const amount = shares ?? held.shares;
  if (amount <= 0n || amount > held.shares) throw new MarketInvalidParamsError({ what: "shares" });
  if (pricePerShare <= 0n) throw new MarketInvalidParamsError({ what: "pricePerShare" });
  if (minFill <= 0n || minFill > amount) throw new MarketInvalidParamsError({ what: "minFill" });
  const [counter, chainId] = await read(() =>
    Promise.all([
      readContract(client, { address: market, abi: shareMarketAbi, functionName: "counterOf", args: [seller] }),
      getChainId(client),
    ]),
  );
  const approvalHash = approveMarket ? await held.approveIfNeeded({ onHash, beforeSend: once(beforeSend) }) : undefined;
  const order: SignedListingOrder = {
    seller,
    positionId,
    shares: amount,
    version: held.version,
    paymentToken: getAddress(paymentToken),
    pricePerShare,
    minFill,
    expiry,
    counter,
    salt: salt ?? randomSalt(),
  };
  const signature = await signTypedData(client, {
    account: client.account,
    domain: marketDomain(chainId, market),
    types: SIGNED_LISTING_TYPES,
    primaryType: "SignedListing",
    message: order,
  });
  const orderHash = await read(() =>
    readContract(client, { address: market, abi: shareMarketAbi, functionName: "hashListing", args: [order] }),
  );
  return { order, signature, orderHash, ...(approvalHash ? { approvalHash } : {}) };
}
