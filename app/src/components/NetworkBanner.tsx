// Banners about where the app's data comes from: the wallet on a chain the app has no deployment on (with a
// button that asks the wallet to switch; the default chain's data stays on screen meanwhile), and an indexer
// that lags the chain.
import { useState } from "react";

import { chainName } from "../protocol/chains.js";
import { useProtocol } from "../protocol/ProtocolContext.js";
import { describeErrorLater } from "../tx/describeErrorLater.js";
import { useWallet } from "../wallet/WalletContext.js";

/** Shown while the indexer lags the chain: its data (portfolio, market, history) is then filled in by RPC. */
export function IndexerBanner() {
  const { indexerLag } = useProtocol();
  if (indexerLag === undefined) return null;
  return (
    <div className="banner" role="status" data-testid="indexer-behind">
      Indexer behind by {indexerLag.toString()} blocks: recent activity is read from the chain directly.
    </div>
  );
}

export function NetworkBanner() {
  const { wrongNetwork, chain } = useProtocol();
  const { chainId, switchChain } = useWallet();
  const [error, setError] = useState<string>();
  if (!wrongNetwork) return null;
  return (
    <div className="banner" role="alert" data-testid="wrong-network">
      Your wallet is on {chainName(chainId!)}, where Rigshare is not deployed.
      <button
        onClick={() => {
          setError(undefined);
          switchChain(chain.chainId).catch(async (e: unknown) => setError((await describeErrorLater(e)).message));
        }}
        data-testid="switch-network"
      >
        Switch to {chainName(chain.chainId)}
      </button>
      {error && <span className="error">{error}</span>}
    </div>
  );
}
