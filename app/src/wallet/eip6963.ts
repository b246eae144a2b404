// Wallet discovery: EIP-6963 (every extension announces itself with a name, icon and reverse-DNS id, so
// several can coexist) with the legacy EIP-1193 `window.ethereum` as a fallback for wallets that do not
// announce. Pure DOM events; React state lives in WalletContext.
export type Eip1193Provider = {
  request(args: { method: string; params?: readonly unknown[] | object }): Promise<unknown>;
  on?(event: string, listener: (...args: never[]) => void): void;
  removeListener?(event: string, listener: (...args: never[]) => void): void;
};

/** EIP-6963 provider info. */
export type WalletInfo = { uuid: string; name: string; icon: string; rdns: string };
export type DiscoveredWallet = { info: WalletInfo; provider: Eip1193Provider };

type AnnounceEvent = CustomEvent<DiscoveredWallet>;

declare global {
  interface Window {
    ethereum?: Eip1193Provider;
  }
  interface WindowEventMap {
    "eip6963:announceProvider": AnnounceEvent;
  }
}

/** Info shown for a `window.ethereum` that did not announce itself. */
export const INJECTED_WALLET: WalletInfo = {
  uuid: "injected",
  name: "Browser wallet",
  icon: "",
  rdns: "injected",
};

/**
 * Listens for announcements and asks every wallet to announce; `onChange` gets the list each time it
 * grows. The legacy provider is listed (last) unless one of the announced wallets is that same object.
 * Returns the unsubscribe function.
 */
export function discoverWallets(onChange: (wallets: DiscoveredWallet[]) => void): () => void {
  const announced = new Map<string, DiscoveredWallet>();
  const publish = () => {
    const wallets = [...announced.values()];
    const legacy = window.ethereum;
    if (legacy && !wallets.some((w) => w.provider === legacy))
      wallets.push({ info: INJECTED_WALLET, provider: legacy });
    onChange(wallets);
  };
  const onAnnounce = (event: AnnounceEvent) => {
    announced.set(event.detail.info.uuid, event.detail);
    publish();
  };
  window.addEventListener("eip6963:announceProvider", onAnnounce);
  window.dispatchEvent(new Event("eip6963:requestProvider"));
  publish();
  return () => window.removeEventListener("eip6963:announceProvider", onAnnounce);
}
