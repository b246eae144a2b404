// The app shell: wallet and protocol providers, the header (navigation, wallet, network), the page of the
// current route and the activity panel of transactions.
import { Header } from "./components/Header.js";
import { IndexerBanner, NetworkBanner } from "./components/NetworkBanner.js";
import { TxPanel } from "./components/TxPanel.js";
import type { AppConfig } from "./config.js";
import { ProtocolProvider } from "./protocol/ProtocolContext.js";
import { useRoute } from "./router.js";
import { TxProvider } from "./tx/TxContext.js";
import { MarketView } from "./views/MarketView.js";
import { OperatorView } from "./views/OperatorView.js";
import { PortfolioView } from "./views/PortfolioView.js";
import { RigView } from "./views/RigView.js";
import { RigsView } from "./views/RigsView.js";
import { WalletProvider } from "./wallet/WalletContext.js";

function Page() {
  const route = useRoute();
  switch (route.page) {
    case "rig":
      return <RigView rigId={route.rigId} />;
    case "portfolio":
      return <PortfolioView />;
    case "market":
      return <MarketView />;
    case "operator":
      return <OperatorView />;
    default:
      return <RigsView />;
  }
}

export function App({ config }: { config: AppConfig }) {
  return (
    <WalletProvider>
      <ProtocolProvider config={config}>
        <TxProvider>
          <Header />
          <NetworkBanner />
          <IndexerBanner />
          <div className="layout">
            <main className="page">
              <Page />
            </main>
            <TxPanel />
          </div>
        </TxProvider>
      </ProtocolProvider>
    </WalletProvider>
  );
}
