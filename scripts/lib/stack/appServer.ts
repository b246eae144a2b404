// The web app's Vite server (dev, or a production build served by `vite preview`), in this process.
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

import { ROOT } from "./processes.js";

export type StartAppServerOptions = {
  /** Address books to publish as rigshare.config.json (RIGSHARE_DEPLOYMENTS_DIR). */
  deploymentsDir: string;
  /** The app's read RPC for `chainId` (RIGSHARE_RPC_URL_<chainId>). */
  rpcUrl: string;
  /** Chain the app asks the wallet for (RIGSHARE_CHAIN_ID). */
  chainId: number;
  /** The chain's indexer (RIGSHARE_INDEXER_URL_<chainId>); the app's relay defaults to its /orders. */
  indexerUrl?: string;
  /** The order relay, when not the indexer's (RIGSHARE_RELAY_URL_<chainId>). */
  relayUrl?: string;
  /** "dev": Vite's dev server; "preview": a production build into a temporary directory, then `vite preview`. */
  mode?: "dev" | "preview";
  /** Port on 127.0.0.1 (fails when taken); default: the config's (5173 dev, 4173 preview, or the next free). */
  port?: number;
  /** Default: app/vite.config.ts. */
  configFile?: string;
  logLevel?: "info" | "warn" | "error" | "silent";
};

export type AppServer = {
  /** http://127.0.0.1:<port>/ */
  url: string;
  mode: "dev" | "preview";
  /** Stops the server, removes a preview's build and restores the environment variables. */
  close(): Promise<void>;
};

/**
 * Starts the web app's Vite server in this process. The config plugin reads the environment on every
 * request, so the variables are set on process.env while the server runs (one app server per process).
 */
export async function startAppServer({
  deploymentsDir,
  rpcUrl,
  chainId,
  indexerUrl,
  relayUrl,
  mode = "dev",
  port,
  configFile = path.join(ROOT, "app", "vite.config.ts"),
  logLevel = "warn",
}: StartAppServerOptions): Promise<AppServer> {
  if (!existsSync(configFile)) throw new Error(`no Vite config at ${configFile}`);
  if (!existsSync(path.join(deploymentsDir, `${chainId}.json`)))
    throw new Error(`no address book ${chainId}.json in ${deploymentsDir}: deploy first`);
  const env: Record<string, string> = {
    RIGSHARE_DEPLOYMENTS_DIR: path.resolve(deploymentsDir),
    [`RIGSHARE_RPC_URL_${chainId}`]: rpcUrl,
    RIGSHARE_CHAIN_ID: String(chainId),
    // Set even when empty: an indexer or relay in the caller's environment must not leak into this app.
    [`RIGSHARE_INDEXER_URL_${chainId}`]: indexerUrl ?? "",
    [`RIGSHARE_RELAY_URL_${chainId}`]: relayUrl ?? "",
  };
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const restore = () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  const vite = await import("vite");
  const listen = port === undefined ? {} : { port, strictPort: true };
  const common = { configFile, logLevel, clearScreen: false } as const;
  try {
    if (mode === "dev") {
      const server = await vite.createServer({ ...common, server: listen });
      await server.listen();
      const url = server.resolvedUrls?.local[0];
      if (!url) throw new Error("Vite's dev server reports no local URL");
      return {
        url,
        mode,
        close: async () => {
          await server.close();
          restore();
        },
      };
    }
    const root = path.dirname(configFile);
    if (!existsSync(path.join(root, "index.html"))) throw new Error(`no ${path.join(root, "index.html")} to build`);
    const outDir = await mkdtemp(path.join(os.tmpdir(), "rigshare-app-build-"));
    try {
      await vite.build({ ...common, build: { outDir, emptyOutDir: true } });
      const server = await vite.preview({ ...common, build: { outDir }, preview: listen });
      const url = server.resolvedUrls?.local[0];
      if (!url) throw new Error("Vite's preview server reports no local URL");
      return {
        url,
        mode,
        close: async () => {
          await server.close();
          await rm(outDir, { recursive: true, force: true });
          restore();
        },
      };
    } catch (e) {
      await rm(outDir, { recursive: true, force: true });
      throw e;
    }
  } catch (e) {
    restore();
    throw e;
  }
}
