// The app shell: wallet and protocol providers, the header (navigation, wallet, network), the page of the
// current route and the activity panel of transactions.
//
// Each route's view is a chunk of its own, loaded when the route is first visited (React.lazy): the first
// visit downloads only this shell, and what a view alone needs (its SDK reads, a chart library) comes with
// the view. `npm run app:build` prints the first-load size (scripts/app-size.ts).
import { Suspense, lazy } from "react";

import { Header } from "./components/Header.js";
import { IndexerBanner, NetworkBanner } from "./components/NetworkBanner.js";
import { TxPanel } from "./components/TxPanel.js";
import type { AppConfig } from "./config.js";
import { ProtocolProvider } from "./protocol/ProtocolContext.js";
import { type Route, useRoute } from "./router.js";
import { TxProvider } from "./tx/TxContext.js";
import { WalletProvider } from "./wallet/WalletContext.js";

const MarketView = lazy(() => import("./views/MarketView.js").then((m) => ({ default: m.MarketView })));
const OperatorView = lazy(() => import("./views/OperatorView.js").then((m) => ({ default: m.OperatorView })));
const PortfolioView = lazy(() => import("./views/PortfolioView.js").then((m) => ({ default: m.PortfolioView })));
const RigView = lazy(() => import("./views/RigView.js").then((m) => ({ default: m.RigView })));
const RigsView = lazy(() => import("./views/RigsView.js").then((m) => ({ default: m.RigsView })));

function Page() {
  const route = useRoute();
  return (
    <Suspense
      fallback={
        <p className="muted" data-testid="page-loading" role="status">
          Loading…
        </p>
      }
    >
      <RoutePage route={route} />
    </Suspense>
  );
}

function RoutePage({ route }: { route: Route }) {
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
