// Shared pieces of the market actions: the market's address (or a typed error when the address book has
// none), the EIP-712 domain and types of signed listings and offers (as ShareMarket hashes them), and the
// fill check the contract runs (`_checkFill`).
import { type Address, type Hash, getAddress } from "viem";
import { readContract } from "viem/actions";

import { rewardDistributorAbi, rigSharesAbi } from "../abis.js";
import {
  MarketInvalidSharesError,
  MarketNotApprovedError,
  MarketNotOwnerError,
  MissingContractError,
} from "../errors.js";
import type { RigshareContracts, WriteClient, WriteOptions } from "../types.js";
import { read, send } from "./send.js";

/** The market's address, or MissingContractError("ShareMarket"). */
export function marketOf(contracts: RigshareContracts): Address {
  if (!contracts.market) throw new MissingContractError("ShareMarket");
  return contracts.market;
}

/** EIP-712 domain of a ShareMarket. */
export function marketDomain(chainId: number, market: Address) {
  return { name: "Rigshare Market", version: "1", chainId, verifyingContract: market } as const;
}

export const SIGNED_LISTING_TYPES = {
  SignedListing: [
    { name: "seller", type: "address" },
    { name: "positionId", type: "uint256" },
    { name: "shares", type: "uint256" },
    { name: "version", type: "uint256" },
    { name: "paymentToken", type: "address" },
    { name: "pricePerShare", type: "uint256" },
    { name: "minFill", type: "uint256" },
    { name: "expiry", type: "uint256" },
    { name: "counter", type: "uint256" },
    { name: "salt", type: "uint256" },
  ],
} as const;

export const OFFER_TYPES = {
  Offer: [
    { name: "buyer", type: "address" },
    { name: "rigId", type: "uint256" },
    { name: "maxShares", type: "uint256" },
    { name: "paymentToken", type: "address" },
    { name: "pricePerShare", type: "uint256" },
    { name: "expiry", type: "uint256" },
    { name: "counter", type: "uint256" },
    { name: "salt", type: "uint256" },
  ],
} as const;

/** `ShareMarket._checkFill`: between the minimum fill and what is left; all that is left is always allowed. */
export function checkFill(shares: bigint, minFill: bigint, available: bigint): void {
  if (shares === 0n || shares > available || (shares < minFill && shares !== available))
    throw new MarketInvalidSharesError({ shares, available });
}

/** A random 128-bit salt for a signed order. */
export function randomSalt(): bigint {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
}

/**
 * Checks that `owner` owns `positionId` (as its beneficiary) and that the market may move its positions;
 * returns a function that sends `setApprovalForAll(market, true)` when `approveMarket` allows it and the
 * approval is missing (otherwise MarketNotApprovedError before anything is sent).
 */
export async function checkSeller(
  client: WriteClient,
  contracts: RigshareContracts,
  positionId: bigint,
  approveMarket: boolean,
): Promise<{ approveIfNeeded: (options: WriteOptions) => Promise<Hash | undefined>; shares: bigint; version: bigint }> {
  const market = marketOf(contracts);
  const owner = getAddress(client.account.address);
  const [beneficiary, position, approved] = await read(() =>
    Promise.all([
      readContract(client, {
        address: contracts.rigShares,
        abi: rigSharesAbi,
        functionName: "beneficiaryOf",
        args: [positionId],
      }),
      readContract(client, {
        address: contracts.distributor,
        abi: rewardDistributorAbi,
        functionName: "position",
        args: [positionId],
      }),
      readContract(client, {
        address: contracts.rigShares,
        abi: rigSharesAbi,
        functionName: "isApprovedForAll",
        args: [owner, market],
      }),
    ]),
  );
  if (beneficiary !== owner) throw new MarketNotOwnerError({ positionId, account: owner });
  if (!approved && !approveMarket) throw new MarketNotApprovedError({ owner });
  return {
    shares: position.shares,
    version: BigInt(position.version),
    approveIfNeeded: async (options) => {
      if (approved) return undefined;
      const { hash } = await send(
        client,
        {
          address: contracts.rigShares,
          abi: rigSharesAbi,
          functionName: "setApprovalForAll",
          args: [market, true],
          label: "approve the market",
        },
        options,
      );
      return hash;
    },
  };
}
