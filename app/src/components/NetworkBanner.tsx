// Shown while the wallet is on a chain the app has no deployment on, with a button that asks the wallet to
// switch (the app keeps showing the default chain's data meanwhile).
import { useState } from "react";

import { chainName } from "../protocol/chains.js";
import { useProtocol } from "../protocol/ProtocolContext.js";
import { describeError } from "../tx/describeError.js";
import { useWallet } from "../wallet/WalletContext.js";

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
          switchChain(chain.chainId).catch((e: unknown) => setError(describeError(e).message));
        }}
        data-testid="switch-network"
      >
        Switch to {chainName(chain.chainId)}
      </button>
      {error && <span className="error">{error}</span>}
    </div>
  );
}
