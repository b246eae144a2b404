// The connected wallet: which one (EIP-6963 discovery), its account and chain, kept in sync with the
// wallet's `accountsChanged` / `chainChanged` events so switching either needs no reload. The last wallet
// used is remembered and reconnected silently (eth_accounts: no prompt) on the next visit.
import { type ReactNode, createContext, useCallback, useContext, useEffect, useMemo, useState } from "react";
import { type Address, getAddress, numberToHex } from "viem";

import { type DiscoveredWallet, type Eip1193Provider, discoverWallets } from "./eip6963.js";

const LAST_WALLET_KEY = "rigshare.lastWallet";

export type WalletState = {
  /** Wallets found in this browser. */
  wallets: DiscoveredWallet[];
  /** The wallet in use, once connected. */
  wallet?: DiscoveredWallet;
  account?: Address;
  chainId?: number;
  connecting: boolean;
  connect(wallet: DiscoveredWallet): Promise<void>;
  disconnect(): void;
  /** Asks the wallet to switch to `chainId` (EIP-3326). */
  switchChain(chainId: number): Promise<void>;
};

const WalletContext = createContext<WalletState | undefined>(undefined);

export function useWallet(): WalletState {
  const state = useContext(WalletContext);
  if (!state) throw new Error("useWallet outside <WalletProvider>");
  return state;
}

async function readChainId(provider: Eip1193Provider): Promise<number> {
  return Number(await provider.request({ method: "eth_chainId" }));
}

function firstAccount(accounts: unknown): Address | undefined {
  return Array.isArray(accounts) && typeof accounts[0] === "string" ? getAddress(accounts[0]) : undefined;
}

export function WalletProvider({ children }: { children: ReactNode }) {
  const [wallets, setWallets] = useState<DiscoveredWallet[]>([]);
  const [wallet, setWallet] = useState<DiscoveredWallet>();
  const [account, setAccount] = useState<Address>();
  const [chainId, setChainId] = useState<number>();
  const [connecting, setConnecting] = useState(false);

  // Follow the connected wallet's account and chain.
  useEffect(() => {
    const provider = wallet?.provider;
    if (!provider?.on) return;
    const onAccounts = (accounts: unknown) => {
      const next = firstAccount(accounts);
      setAccount(next);
      if (!next) setWallet(undefined);
    };
    const onChain = (id: unknown) => setChainId(Number(id));
    provider.on("accountsChanged", onAccounts as never);
    provider.on("chainChanged", onChain as never);
    return () => {
      provider.removeListener?.("accountsChanged", onAccounts as never);
      provider.removeListener?.("chainChanged", onChain as never);
    };
  }, [wallet]);

  const adopt = useCallback(async (candidate: DiscoveredWallet, method: "eth_requestAccounts" | "eth_accounts") => {
    const next = firstAccount(await candidate.provider.request({ method }));
    if (!next) return false;
    setChainId(await readChainId(candidate.provider));
    setAccount(next);
    setWallet(candidate);
    localStorage.setItem(LAST_WALLET_KEY, candidate.info.rdns);
    return true;
  }, []);

  // Discovery, and a silent reconnect to the wallet used last time as soon as it announces itself (no
  // prompt: eth_accounts only answers when the site is still allowed).
  useEffect(() => {
    const last = localStorage.getItem(LAST_WALLET_KEY);
    let tried = false;
    return discoverWallets((found) => {
      setWallets(found);
      const candidate = found.find((w) => w.info.rdns === last);
      if (candidate && !tried) {
        tried = true;
        adopt(candidate, "eth_accounts").catch(() => undefined);
      }
    });
  }, [adopt]);

  const connect = useCallback(
    async (candidate: DiscoveredWallet) => {
      setConnecting(true);
      try {
        await adopt(candidate, "eth_requestAccounts");
      } finally {
        setConnecting(false);
      }
    },
    [adopt],
  );

  const disconnect = useCallback(() => {
    localStorage.removeItem(LAST_WALLET_KEY);
    setWallet(undefined);
    setAccount(undefined);
    setChainId(undefined);
  }, []);

  const switchChain = useCallback(
    async (target: number) => {
      if (!wallet) return;
      await wallet.provider.request({
        method: "wallet_switchEthereumChain",
        params: [{ chainId: numberToHex(target) }],
      });
      setChainId(await readChainId(wallet.provider));
    },
    [wallet],
  );

  const value = useMemo(
    () => ({ wallets, wallet, account, chainId, connecting, connect, disconnect, switchChain }),
    [wallets, wallet, account, chainId, connecting, connect, disconnect, switchChain],
  );
  return <WalletContext.Provider value={value}>{children}</WalletContext.Provider>;
}
