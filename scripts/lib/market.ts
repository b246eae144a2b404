// Deploys the share market on a deployed protocol, approves it for every holder's positions and payment
// tokens, and signs orders the way wallets do. Shared by the demo and the benchmark.
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

import { OFFER_TYPES as SDK_OFFER_TYPES, SIGNED_LISTING_TYPES as SDK_SIGNED_LISTING_TYPES } from "../../sdk/index.js";
import type { ShareMarket } from "../../typechain-types/index.js";

import { ethersTypes, type Protocol } from "./protocol.js";

export type MarketParts = { market: ShareMarket };

// The SDK's EIP-712 types (one definition for wallets, the CLI, the demo and the tests), as ethers wants them.
export const SIGNED_LISTING_TYPES = ethersTypes(SDK_SIGNED_LISTING_TYPES);
export const OFFER_TYPES = ethersTypes(SDK_OFFER_TYPES);

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
