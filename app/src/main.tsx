// Entry point: fetch the runtime configuration (chains and address books), then render the app.
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./App.js";
import { fetchAppConfig } from "./fetchConfig.js";
import "./styles.css";

const root = createRoot(document.getElementById("root")!);
fetchAppConfig()
  .then((config) =>
    root.render(
      <StrictMode>
        <App config={config} />
      </StrictMode>,
    ),
  )
  .catch((error: unknown) =>
    root.render(
      <main className="fatal" role="alert">
        <h1>Rigshare cannot start</h1>
        <p>{error instanceof Error ? error.message : String(error)}</p>
      </main>,
    ),
  );
