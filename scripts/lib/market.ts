// Deploys the share market on a deployed protocol, approves it for every holder's positions and payment
// tokens, and signs orders the way wallets do. Shared by the demo and the benchmark.
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

import type { ShareMarket } from "../../typechain-types/index.js";

import type { Protocol } from "./protocol.js";

export type MarketParts = { market: ShareMarket };

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
};

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
};

/** Deploys the market (1% protocol fee to the treasury) and approves it for the holders. */
export async function deployMarket<P extends Protocol>(p: P, feeBps = 100n): Promise<P & MarketParts> {
  const market = (await p.ethers.deployContract("ShareMarket", [
    await p.shares.getAddress(),
    feeBps,
    p.treasury.address,
    0,
    p.admin.address,
  ])) as unknown as ShareMarket;
  const address = await market.getAddress();
  for (const holder of [p.alice, p.bob, p.carol, p.dave, p.stranger]) {
    await p.shares.connect(holder).setApprovalForAll(address, true);
    await p.usdc.connect(holder).approve(address, p.ethers.MaxUint256);
  }
  return { ...p, market };
}

/** The EIP-712 domain of `market` on the current chain. */
export async function marketDomain(p: Protocol & MarketParts) {
  return {
    name: "Rigshare Market",
    version: "1",
    chainId: (await p.ethers.provider.getNetwork()).chainId,
    verifyingContract: await p.market.getAddress(),
  };
}

/** Signs an order (a signed listing or an offer) with `signer`. */
export async function signOrder(
  p: Protocol & MarketParts,
  signer: HardhatEthersSigner,
  types: typeof SIGNED_LISTING_TYPES | typeof OFFER_TYPES,
  order: Record<string, unknown>,
): Promise<string> {
  return signer.signTypedData(await marketDomain(p), types, order);
}
