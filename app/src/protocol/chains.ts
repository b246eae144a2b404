// viem chain objects for the chains the app may be deployed on; anything else gets a generic definition.
import { type Chain, defineChain } from "viem";
import { baseSepolia, hardhat, sepolia } from "viem/chains";

const KNOWN: Chain[] = [hardhat, sepolia, baseSepolia];

export function chainOf(chainId: number, rpcUrl?: string): Chain {
  const known = KNOWN.find((c) => c.id === chainId);
  const urls = rpcUrl ? [rpcUrl] : (known?.rpcUrls.default.http ?? []);
  return defineChain({
    ...(known ?? { name: `Chain ${chainId}`, nativeCurrency: { name: "Ether", symbol: "ETH", decimals: 18 } }),
    id: chainId,
    rpcUrls: { default: { http: [...urls] } },
  });
}

export function chainName(chainId: number): string {
  return KNOWN.find((c) => c.id === chainId)?.name ?? `chain ${chainId}`;
}
