// The relay's test stack: a real `hardhat node` with the protocol deployed and seeded (test/helpers/
// seededChain.ts), wallets for the public test keys, and helpers that make real chain state for orders
// (a fresh position, the market approved, a signed listing or offer through the SDK's own signing
// actions). `openRelay` starts the relay over HTTP against that node with a PGlite or Postgres store.
import { type Address, type Hex, type PublicClient, erc20Abi } from "viem";
import { writeContract } from "viem/actions";

import { openStore, rpcViewOf, startRelayServer, type RelayServer, type StoreChoice } from "../../relay/server.js";
import type { RelayLimits } from "../../relay/types.js";
import type { ChainView } from "../../relay/chainView.js";
import { rigSharesAbi } from "../../sdk/abis.js";
import { mint } from "../../sdk/actions/mint.js";
import { signListing } from "../../sdk/actions/signListing.js";
import { signOffer } from "../../sdk/actions/signOffer.js";
import { type AddressBook, type RigshareContracts, contractsOf } from "../../sdk/addressBook.js";
import type { SignedOrder } from "../../sdk/signedOrders.js";
import type { WriteClient } from "../../sdk/types.js";
import { HARDHAT_KEYS, type LocalNode, rpc, testPublicClient, testWalletClient } from "../../scripts/lib/localStack.js";
import { startSeededChain } from "../helpers/seededChain.js";

export const USDC = 1_000_000n;
export const DAY = 86_400n;

export type Stack = {
  node: LocalNode;
  book: AddressBook;
  contracts: RigshareContracts & { market: Address };
  client: PublicClient;
  usdc: Address;
  /** Holders #4 and #5 of the demo seed: 1,000,000 USDC each, no position yet. */
  alice: WriteClient;
  bob: WriteClient;
  /** Holder #2 (a seeded position). */
  carol: WriteClient;
  tmp: string;
  /** The relay's ChainView over the node. */
  chainView: ReturnType<typeof rpcViewOf>;
  stop(): Promise<void>;
};

export async function startStack(name: string): Promise<Stack> {
  const chain = await startSeededChain(`relay-${name}`);
  const { node, deployment } = chain;
  const book = deployment.book;
  const contracts = contractsOf(book) as RigshareContracts & { market: Address };
  const wallet = (key: Hex) => testWalletClient(node.url, node.chainId, key);
  return {
    node,
    book,
    contracts,
    client: testPublicClient(node.url, node.chainId),
    usdc: book.tokens!.USDC.address,
    alice: wallet(HARDHAT_KEYS.holders[2]),
    bob: wallet(HARDHAT_KEYS.holders[3]),
    carol: wallet(HARDHAT_KEYS.holders[0]),
    tmp: chain.tmp,
    chainView: rpcViewOf(book, node.url),
    stop: chain.stop,
  };
}

/** The relay over HTTP for `stack`, with a PGlite store in `dataDir` or a Postgres one. */
export async function openRelay(
  stack: Stack,
  choice: StoreChoice,
  limits?: Partial<RelayLimits>,
  chainView: ChainView = stack.chainView,
): Promise<RelayServer> {
  const store = await openStore(stack.book, choice);
  return startRelayServer({ book: stack.book, chainView, store, limits });
}

/** A fresh position of the demo rig for `who` (paying USDC), the market approved for its positions. */
export async function freshPosition(stack: Stack, who: WriteClient, shares: bigint): Promise<bigint> {
  const { positionId } = await mint(who, { contracts: stack.contracts, rigId: 1n, shares });
  await approveMarket(stack, who, true);
  return positionId;
}

export async function approveMarket(stack: Stack, who: WriteClient, approved: boolean): Promise<void> {
  const hash = await writeContract(who, {
    address: stack.contracts.rigShares,
    abi: rigSharesAbi,
    functionName: "setApprovalForAll",
    args: [stack.contracts.market, approved],
    chain: who.chain,
  });
  await stack.client.waitForTransactionReceipt({ hash });
}

export async function approveUsdc(stack: Stack, who: WriteClient, amount: bigint): Promise<void> {
  const hash = await writeContract(who, {
    address: stack.usdc,
    abi: erc20Abi,
    functionName: "approve",
    args: [stack.contracts.market, amount],
    chain: who.chain,
  });
  await stack.client.waitForTransactionReceipt({ hash });
}

/** Chain time of the latest block. */
export async function chainTime(stack: Stack): Promise<bigint> {
  return (await stack.client.getBlock({ blockTag: "latest" })).timestamp;
}

/** Moves chain time forward and mines a block. */
export async function increaseTime(stack: Stack, seconds: bigint): Promise<void> {
  await rpc(stack.node.url, "evm_increaseTime", [Number(seconds)]);
  await rpc(stack.node.url, "evm_mine");
}

export type ListingTerms = {
  shares?: bigint;
  pricePerShare?: bigint;
  minFill?: bigint;
  expiry?: bigint;
  salt?: bigint;
};

/** A listing signed with the SDK (signListing) for a position `who` owns. */
export async function signedListing(
  stack: Stack,
  who: WriteClient,
  positionId: bigint,
  terms: ListingTerms = {},
): Promise<SignedOrder & { kind: "listing" }> {
  const expiry = terms.expiry ?? (await chainTime(stack)) + 7n * DAY;
  const r = await signListing(who, {
    contracts: stack.contracts,
    positionId,
    paymentToken: stack.usdc,
    pricePerShare: terms.pricePerShare ?? 100n * USDC,
    expiry,
    ...(terms.shares === undefined ? {} : { shares: terms.shares }),
    ...(terms.minFill === undefined ? {} : { minFill: terms.minFill }),
    ...(terms.salt === undefined ? {} : { salt: terms.salt }),
  });
  return {
    kind: "listing",
    order: r.order,
    signature: r.signature,
    orderHash: r.orderHash,
    chainId: stack.book.chainId,
    market: stack.contracts.market,
  };
}

export type OfferTerms = { rigId?: bigint; maxShares?: bigint; pricePerShare?: bigint; expiry?: bigint };

/** An offer signed with the SDK (signOffer, which approves the exact USDC it needs). */
export async function signedOffer(
  stack: Stack,
  who: WriteClient,
  terms: OfferTerms = {},
): Promise<SignedOrder & { kind: "offer" }> {
  const expiry = terms.expiry ?? (await chainTime(stack)) + 7n * DAY;
  const r = await signOffer(who, {
    contracts: stack.contracts,
    rigId: terms.rigId ?? 1n,
    maxShares: terms.maxShares ?? 10n,
    paymentToken: stack.usdc,
    pricePerShare: terms.pricePerShare ?? 90n * USDC,
    expiry,
    approve: "max",
  });
  return {
    kind: "offer",
    order: r.offer,
    signature: r.signature,
    orderHash: r.orderHash,
    chainId: stack.book.chainId,
    market: stack.contracts.market,
  };
}

/** POSTs a raw body to the relay; returns the status and parsed JSON. */
export async function post(
  relay: RelayServer,
  body: string,
): Promise<{ status: number; json: Record<string, unknown> }> {
  const r = await fetch(`${relay.url}/orders`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body,
  });
  return { status: r.status, json: (await r.json()) as Record<string, unknown> };
}
