// The protocol as the app sees it: the deployment of the chain in use (the wallet's chain when it has a
// deployment, else the configured default), a public client for reads, a wallet client for writes (only
// when the wallet is on that chain), and the chain clock — the latest block, polled, plus the seconds
// since it was seen, so amounts that stream per second can tick between blocks.
//
// Both clients are viem's bare `createClient`, not createPublicClient/createWalletClient: the SDK calls
// viem's tree-shakable actions (`readContract(client, …)` from viem/actions), so the clients need no
// decorator, and the decorators would put every viem action (and secp256k1) into the app's first load.
// Read with `getBlock(client, …)`-style calls from viem/actions, never `client.getBlock(…)`.
import { type ReactNode, createContext, useContext, useEffect, useMemo, useState } from "react";
import { createClient, custom, http } from "viem";
import { getBlock } from "viem/actions";

import { type RigshareContracts, contractsOf } from "../../../sdk/addressBook.js";
import { type IndexerClient, createIndexerClient, getIndexerStatus } from "../../../sdk/indexer.js";
import type { ReadClient, WriteClient } from "../../../sdk/types.js";
import type { AppConfig, ChainConfig } from "../config.js";
import { useWallet } from "../wallet/WalletContext.js";
import { chainOf } from "./chains.js";

const POLL_MS = 1_000;
/** The indexer is shown as behind when its last block is more than this many blocks under the chain's. */
const LAG_SHOWN_ABOVE = 2n;

export type BlockClock = { number: bigint; timestamp: bigint; seenAt: number };

export type Protocol = {
  config: AppConfig;
  chain: ChainConfig;
  contracts: RigshareContracts;
  publicClient: ReadClient;
  /** Set when a wallet is connected on `chain`. */
  walletClient?: WriteClient;
  /** The wallet is connected to a chain the app has no deployment on. */
  wrongNetwork: boolean;
  block?: BlockClock;
  /** The chain's indexer, when configured: reads take its answer and scan only the blocks after it. */
  indexer?: IndexerClient;
  /** Blocks the indexer is behind the chain head, when it lags by more than a couple (else undefined). */
  indexerLag?: bigint;
  /** The order relay's URL (signed listings and offers anyone can see and fill), when configured. */
  relayUrl?: string;
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
    const client: ReadClient = createClient({
      chain: viemChain,
      transport,
      pollingInterval: POLL_MS,
      key: "public",
      name: "Public Client",
      type: "publicClient",
    });
    return client;
  }, [chain, wallet]);

  const walletClient = useMemo(() => {
    if (!wallet || !account || chainId !== chain.chainId) return undefined;
    const client: WriteClient = createClient({
      account,
      chain: chainOf(chain.chainId, chain.rpcUrl),
      transport: custom(wallet.provider),
      pollingInterval: POLL_MS,
      key: "wallet",
      name: "Wallet Client",
      type: "walletClient",
    });
    return client;
  }, [wallet, account, chainId, chain]);

  const indexer = useMemo(
    () => (chain.indexerUrl ? createIndexerClient(chain.indexerUrl, { timeoutMs: 5_000 }) : undefined),
    [chain],
  );
  // The indexer's last block, kept with the client it came from (a chain switch makes it stale at once).
  const [indexed, setIndexed] = useState<{ client: IndexerClient; block: bigint }>();
  const indexedBlock = indexed && indexed.client === indexer ? indexed.block : undefined;
  useEffect(() => {
    if (!indexer) return;
    let stopped = false;
    // An unreachable indexer counts as having indexed nothing: the banner shows how far behind that is.
    const poll = () =>
      getIndexerStatus(indexer).then(
        (s) => !stopped && setIndexed({ client: indexer, block: s.indexedBlock }),
        () => !stopped && setIndexed({ client: indexer, block: 0n }),
      );
    void poll();
    const timer = setInterval(poll, 2 * POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [indexer]);

  const [block, setBlock] = useState<BlockClock>();
  const [revision, setRevision] = useState(0);
  useEffect(() => {
    let stopped = false;
    let last: bigint | undefined;
    const poll = async () => {
      try {
        const latest = await getBlock(publicClient, { blockTag: "latest" });
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
      indexer,
      indexerLag:
        indexedBlock !== undefined && block && block.number - indexedBlock > LAG_SHOWN_ABOVE
          ? block.number - indexedBlock
          : undefined,
      relayUrl: chain.relayUrl,
      revision,
      refresh: () => setRevision((r) => r + 1),
    }),
    [config, chain, publicClient, walletClient, wrongNetwork, block, indexer, indexedBlock, revision],
  );
  return <ProtocolContext.Provider value={value}>{children}</ProtocolContext.Provider>;
}
