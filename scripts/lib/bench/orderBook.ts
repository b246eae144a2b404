// The order book of the indexer benchmark: 1,000 real signed orders in the relay, made with the SDK as a
// maker makes them (signListing / signOffer, then submitOrder). One listing maker (the benchmark's portfolio
// holder, listing positions it owns) and many offer makers (Hardhat accounts the demo seed does not use,
// given test USDC, and ETH beyond the 20 the node funds). Few orders per maker: on every submission the
// relay reads the state of all the maker's live orders in one deployless multicall, whose returned data
// the node caps at 24,576 bytes (EIP-170), about 28 listings or 100 offers. Hardhat's accounts beyond
// HARDHAT_KEYS are derived from its public test mnemonic: local chains only.
import { type Address, type Hex, toHex } from "viem";
import { mnemonicToAccount } from "viem/accounts";
import { sendTransaction, writeContract } from "viem/actions";

import {
  type AddressBook,
  type SignedOrder,
  contractsOf,
  signListing,
  signOffer,
  submitOrder,
  testErc20Abi,
} from "../../../sdk/index.js";
import { testPublicClient, testWalletClient } from "../stack/clients.js";

/** Hardhat's default mnemonic (public; every local Hardhat node funds its first 20 accounts). */
const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

/** The private key of Hardhat account #`index` (public test keys: local chains only). */
export function hardhatKey(index: number): Hex {
  const key = mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: index }).getHdKey().privateKey;
  if (!key) throw new Error(`no private key for Hardhat account #${index}`);
  return toHex(key);
}

export type OrderBookOptions = {
  rpcUrl: string;
  book: AddressBook;
  /** The relay's base URL (the indexer's, which serves it at /orders). */
  relayUrl: string;
  /** Signs one listing per position of `listingPositions` (whole positions, it must own them). */
  listingMakerKey: Hex;
  listingPositions: readonly bigint[];
  /** Each signs `offersPerMaker` offers for shares of `offerRigId`. */
  offerMakerKeys: readonly Hex[];
  offersPerMaker: number;
  offerRigId: bigint;
};

export type OrderBookSummary = {
  listings: number;
  offers: number;
  /** Orders the relay answered "open" when it stored them. */
  open: number;
  seconds: number;
};

const USDC = 1_000_000n;
const DAY = 86_400n;

/** Signs and submits the orders, makers in parallel, each maker's orders in sequence. */
export async function buildOrderBook(options: OrderBookOptions): Promise<OrderBookSummary> {
  const { rpcUrl, book, relayUrl } = options;
  const usdc = book.tokens?.USDC?.address;
  if (!usdc) throw new Error("buildOrderBook needs the demo seed's USDC test token");
  const contracts = contractsOf(book);
  const market = contracts.market;
  if (!market) throw new Error("the address book has no ShareMarket");
  const reader = testPublicClient(rpcUrl, book.chainId);
  const started = performance.now();
  const expiry = (await reader.getBlock({ blockTag: "latest" })).timestamp + 30n * DAY;
  const envelope = (orderHash: Hex) => ({ orderHash, chainId: book.chainId, market: market as Address });

  // Test USDC for every offer maker (the token's faucet is open), and ETH for those the node did not fund
  // (Hardhat funds accounts #0–#19 only).
  const deployer = testWalletClient(rpcUrl, book.chainId, hardhatKey(0));
  for (const key of options.offerMakerKeys) {
    const maker = testWalletClient(rpcUrl, book.chainId, key);
    if ((await reader.getBalance({ address: maker.account.address })) === 0n) {
      const hash = await sendTransaction(deployer, {
        to: maker.account.address,
        value: 10n ** 19n,
        chain: deployer.chain,
        account: deployer.account,
      });
      await reader.waitForTransactionReceipt({ hash });
    }
    const hash = await writeContract(deployer, {
      address: usdc,
      abi: testErc20Abi,
      functionName: "mint",
      args: [maker.account.address, 1_000_000n * USDC],
      chain: deployer.chain,
    });
    await reader.waitForTransactionReceipt({ hash });
  }

  let open = 0;
  const listings = async () => {
    const seller = testWalletClient(rpcUrl, book.chainId, options.listingMakerKey);
    for (const [i, positionId] of options.listingPositions.entries()) {
      // The first signature also approves the market for the seller's positions (one transaction).
      const r = await signListing(seller, {
        contracts,
        positionId,
        paymentToken: usdc,
        pricePerShare: (2n + BigInt(i % 40)) * USDC,
        expiry,
        approveMarket: i === 0,
      });
      if (r.approvalHash) await reader.waitForTransactionReceipt({ hash: r.approvalHash });
      const signed: SignedOrder = { kind: "listing", order: r.order, signature: r.signature, ...envelope(r.orderHash) };
      if ((await submitOrder(relayUrl, signed)).status === "open") open++;
    }
    return options.listingPositions.length;
  };
  const offers = async (key: Hex, m: number) => {
    const buyer = testWalletClient(rpcUrl, book.chainId, key);
    for (let i = 0; i < options.offersPerMaker; i++) {
      // "max": the first offer approves the market once for all of the maker's offers.
      const r = await signOffer(buyer, {
        contracts,
        rigId: options.offerRigId,
        maxShares: 1n + BigInt((i + m) % 10),
        paymentToken: usdc,
        pricePerShare: (1n + BigInt((i * 7 + m) % 50)) * USDC,
        expiry,
        approve: "max",
      });
      if (r.approvalHash) await reader.waitForTransactionReceipt({ hash: r.approvalHash });
      const signed: SignedOrder = { kind: "offer", order: r.offer, signature: r.signature, ...envelope(r.orderHash) };
      if ((await submitOrder(relayUrl, signed)).status === "open") open++;
    }
    return options.offersPerMaker;
  };
  const [listed, ...offered] = await Promise.all([
    listings(),
    ...options.offerMakerKeys.map((key, m) => offers(key, m)),
  ]);
  return {
    listings: listed!,
    offers: offered.reduce((s, n) => s + n, 0),
    open,
    seconds: (performance.now() - started) / 1000,
  };
}
