// Navigation, the chain in use and the wallet: a button per discovered wallet (EIP-6963) until one is
// connected, then its account with a disconnect button.
import { chainName } from "../protocol/chains.js";
import { useProtocol } from "../protocol/ProtocolContext.js";
import { useRoute } from "../router.js";
import { useWallet } from "../wallet/WalletContext.js";
import { shortAddress } from "../format.js";

const PAGES = [
  { page: "rigs", href: "#/rigs", label: "Rigs" },
  { page: "portfolio", href: "#/portfolio", label: "Portfolio" },
  { page: "market", href: "#/market", label: "Market" },
  { page: "operator", href: "#/operator", label: "Operator" },
] as const;

function WalletArea() {
  const { wallets, wallet, account, connecting, connect, disconnect } = useWallet();
  if (wallet && account)
    return (
      <div className="wallet">
        {wallet.info.icon && <img src={wallet.info.icon} alt="" width={20} height={20} />}
        <span className="account" data-testid="account" title={account}>
          {shortAddress(account)}
        </span>
        <button className="secondary" onClick={disconnect}>
          Disconnect
        </button>
      </div>
    );
  if (wallets.length === 0)
    return (
      <span className="muted" data-testid="no-wallet">
        No wallet found: install a browser wallet to mint and trade.
      </span>
    );
  return (
    <div className="wallet">
      {wallets.map((w) => (
        <button
          key={w.info.uuid}
          disabled={connecting}
          onClick={() => connect(w).catch(() => undefined)}
          data-testid="connect"
        >
          {w.info.icon && <img src={w.info.icon} alt="" width={16} height={16} />} Connect {w.info.name}
        </button>
      ))}
    </div>
  );
}

export function Header() {
  const route = useRoute();
  const { chain, block } = useProtocol();
  const current = route.page === "rig" ? "rigs" : route.page;
  return (
    <header className="header">
      <a className="brand" href="#/rigs">
        ◆ Rigshare
      </a>
      <nav>
        {PAGES.map((p) => (
          <a key={p.page} href={p.href} className={p.page === current ? "active" : undefined}>
            {p.label}
          </a>
        ))}
      </nav>
      <span className="network" data-testid="network" title={block ? `block ${block.number}` : "no block yet"}>
        {chainName(chain.chainId)}
        {block ? ` · #${block.number}` : ""}
      </span>
      <WalletArea />
    </header>
  );
}
