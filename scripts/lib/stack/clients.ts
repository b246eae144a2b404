// viem clients for the public test keys on a local chain.
import {
  type Chain,
  type Hex,
  type PublicClient,
  createPublicClient,
  createWalletClient,
  defineChain,
  http,
} from "viem";
import { privateKeyToAccount } from "viem/accounts";

import type { WriteClient } from "../../../sdk/index.js";

/** A viem chain for a local node (chain id and RPC URL as given). */
export function localChain(chainId: number, rpcUrl: string): Chain {
  return defineChain({
    id: chainId,
    name: `Local ${chainId}`,
    nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 },
    rpcUrls: { default: { http: [rpcUrl] } },
  });
}

/** A viem wallet client (local signing) for one of the public test keys. */
export function testWalletClient(rpcUrl: string, chainId: number, key: Hex): WriteClient {
  return createWalletClient({
    account: privateKeyToAccount(key),
    chain: localChain(chainId, rpcUrl),
    transport: http(rpcUrl),
    pollingInterval: 100,
  });
}

export function testPublicClient(rpcUrl: string, chainId: number): PublicClient {
  return createPublicClient({ chain: localChain(chainId, rpcUrl), transport: http(rpcUrl), pollingInterval: 100 });
}
