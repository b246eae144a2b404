// The protocol as the app sees it: the deployment of the chain in use (the wallet's chain when it has a
// deployment, else the configured default), a public client for reads, a wallet client for writes (only
// when the wallet is on that chain), and the chain clock — the latest block, polled, plus the seconds
// since it was seen, so amounts that stream per second can tick between blocks.
import { type ReactNode, createContext, useContext, useEffect, useMemo, useState } from "react";
import { type PublicClient, type WalletClient, createPublicClient, createWalletClient, custom, http } from "viem";

import { type RigshareContracts, contractsOf } from "../../../sdk/addressBook.js";
import type { WriteClient } from "../../../sdk/types.js";
import type { AppConfig, ChainConfig } from "../config.js";
import { useWallet } from "../wallet/WalletContext.js";
import { chainOf } from "./chains.js";

const POLL_MS = 1_000;

export type BlockClock = { number: bigint; timestamp: bigint; seenAt: number };

export type Protocol = {
  config: AppConfig;
  chain: ChainConfig;
  contracts: RigshareContracts;
  publicClient: PublicClient;
  /** Set when a wallet is connected on `chain`. */
  walletClient?: WriteClient;
  /** The wallet is connected to a chain the app has no deployment on. */
  wrongNetwork: boolean;
  block?: BlockClock;
  /** Bumped after each confirmed transaction so views re-read at once. */
  revision: number;
  refresh(): void;
};

const ProtocolContext = createContext<Protocol | undefined>(undefined);

export function useProtocol(): Protocol {
  const protocol = useContext(ProtocolContext);
  if (!protocol) throw new Error("useProtocol outside <ProtocolProvider>");
  return protocol;
}

/** The chain's time now, in seconds: the latest block's timestamp plus the wall-clock time since it came. */
export function useChainNow(tickMs = 1_000): bigint | undefined {
  const { block } = useProtocol();
  const [wallClock, setWallClock] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setWallClock(Date.now()), tickMs);
    return () => clearInterval(timer);
  }, [tickMs]);
  if (!block) return undefined;
  return block.timestamp + BigInt(Math.max(0, Math.floor((wallClock - block.seenAt) / 1_000)));
}

export function ProtocolProvider({ config, children }: { config: AppConfig; children: ReactNode }) {
  const { wallet, account, chainId } = useWallet();
  const walletChain = config.chains.find((c) => c.chainId === chainId);
  const chain = walletChain ?? config.chains.find((c) => c.chainId === config.defaultChainId) ?? config.chains[0]!;
  const wrongNetwork = wallet !== undefined && chainId !== undefined && walletChain === undefined;

  const publicClient = useMemo(() => {
    const viemChain = chainOf(chain.chainId, chain.rpcUrl);
    // Without an RPC URL of its own the app reads through the wallet, which must be on the chain.
    const transport = chain.rpcUrl || !wallet ? http(chain.rpcUrl) : custom(wallet.provider);
    return createPublicClient({ chain: viemChain, transport, pollingInterval: POLL_MS }) as PublicClient;
  }, [chain, wallet]);

  const walletClient = useMemo(() => {
    if (!wallet || !account || chainId !== chain.chainId) return undefined;
    const client: WalletClient = createWalletClient({
      account,
      chain: chainOf(chain.chainId, chain.rpcUrl),
      transport: custom(wallet.provider),
      pollingInterval: POLL_MS,
    });
    return client as WriteClient;
  }, [wallet, account, chainId, chain]);

  const [block, setBlock] = useState<BlockClock>();
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    let stopped = false;
    let last: bigint | undefined;
    const poll = async () => {
      try {
        const latest = await publicClient.getBlock({ blockTag: "latest" });
        if (!stopped && latest.number !== last) {
          last = latest.number;
          setBlock({ number: latest.number, timestamp: latest.timestamp, seenAt: Date.now() });
        }
      } catch {
        // A node that is briefly unreachable: keep the last block and try again.
      }
    };
    poll();
    const timer = setInterval(poll, POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [publicClient]);

  const value = useMemo<Protocol>(
    () => ({
      config,
      chain,
      contracts: contractsOf(chain.addressBook),
      publicClient,
      walletClient,
      wrongNetwork,
      block,
      revision,
      refresh: () => setRevision((r) => r + 1),
    }),
    [config, chain, publicClient, walletClient, wrongNetwork, block, revision],
  );
  return <ProtocolContext.Provider value={value}>{children}</ProtocolContext.Provider>;
}
