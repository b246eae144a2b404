// An injected EIP-1193 test wallet for Playwright, indistinguishable from a browser extension from the
// page's point of view: `window.ethereum` plus an EIP-6963 announcement ("Rigshare Test Wallet",
// rdns dev.rigshare.testwallet). Its requests cross into Node through `page.exposeFunction`, where the
// wallet keeps its state (selected account, current chain, whether the site is connected) and forwards to
// a `hardhat node`, whose default accounts are unlocked: transactions and signatures are made by the node.
// The state outlives navigations, as an extension's does.
//
//   eth_requestAccounts / wallet_requestPermissions   connect the site; [current account]; accountsChanged
//   eth_accounts                                      [] until connected, then [current account]
//   eth_chainId / net_version                         the wallet's current chain (setChain moves it)
//   wallet_switchEthereumChain                        to the node's chain (or one set with setChain); 4902 otherwise
//   wallet_addEthereumChain                           the node's chain only (switches to it)
//   wallet_revokePermissions                          disconnects the site (accountsChanged [])
//   eth_sendTransaction, eth_signTypedData(_v3/_v4),  need a connected site and the current account; 4001 after
//   personal_sign, eth_sign                            rejectNext(); eth_sendTransaction on a chain other than the
//                                                      node's fails with 4901 and never reaches the node
//   anything else                                      forwarded to the node as is
//
// Errors reach the page as thrown ProviderRpcError objects (an Error with a numeric `code`, `message` and,
// for JSON-RPC errors of the node, its `data`: revert data survives, so viem decodes custom errors).
import type { Page } from "playwright-core";
import { type Address, getAddress, isAddress } from "viem";

export type ProviderRpcErrorShape = { code: number; message: string; data?: unknown };

export type TestWalletOptions = {
  /** The hardhat node the wallet sends to. */
  rpcUrl: string;
  /** Accounts of the wallet (unlocked on the node); the first is selected. */
  accounts: Address[];
  /** The node's chain id: the wallet starts on it. */
  chainId: number;
};

export type TestWallet = {
  /** Every method the page requested, in order (rejected and failed requests included). */
  readonly requests: string[];
  /** Methods actually forwarded to the node, in order: what "reached the chain". */
  readonly forwarded: string[];
  /** The selected account. */
  readonly account: Address;
  /** The wallet's current chain (the node's unless setChain moved it). */
  readonly chainId: number;
  /** Whether the site is connected (eth_requestAccounts granted, not revoked). */
  readonly connected: boolean;
  /** Selects another account (added to the wallet if new); emits accountsChanged to a connected site. */
  setAccount(address: Address): Promise<void>;
  /** Pretends the wallet is on `chainId` (e.g. 1): emits chainChanged; sends then fail with 4901. */
  setChain(chainId: number): Promise<void>;
  /**
   * The next signing request ("sign": eth_sendTransaction, eth_signTypedData*, personal_sign, eth_sign) or
   * connection request ("connect": eth_requestAccounts, wallet_requestPermissions) is rejected by the
   * "user" with { code: 4001, message: "User rejected the request." }.
   */
  rejectNext(kind?: "sign" | "connect"): void;
  /** The user disconnects the site in the wallet: eth_accounts → [], accountsChanged []. */
  disconnect(): Promise<void>;
};

export const TEST_WALLET_INFO = {
  name: "Rigshare Test Wallet",
  rdns: "dev.rigshare.testwallet",
  icon:
    "data:image/svg+xml;base64," +
    Buffer.from(
      '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96">' +
        '<rect width="96" height="96" rx="20" fill="#f7931a"/>' +
        '<path d="M28 68V28h24a12 12 0 0 1 0 24H40l18 16" fill="none" stroke="#fff" stroke-width="9"/></svg>',
    ).toString("base64"),
} as const;

const BRIDGE = "__rigshareTestWalletBridge";
/** Internal: the page asks for the chain at load to emit `connect`; not logged as a request. */
const STATE_METHOD = "rigshare_testWalletState";

const SIGNING = new Set([
  "eth_sendTransaction",
  "eth_signTypedData",
  "eth_signTypedData_v3",
  "eth_signTypedData_v4",
  "personal_sign",
  "eth_sign",
]);

type BridgeResponse = { result?: unknown; error?: ProviderRpcErrorShape; events?: [string, unknown][] };

class WalletError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
  }
}

const hex = (n: number) => `0x${n.toString(16)}`;
const same = (a: unknown, b: string) => typeof a === "string" && a.toLowerCase() === b.toLowerCase();

/**
 * The provider, injected into every document before its scripts run. Plain JavaScript in a string: a
 * function would be serialized with whatever helpers the TypeScript loader injected (esbuild's __name).
 */
function initScript(info: typeof TEST_WALLET_INFO): string {
  return `(() => {
  if (window.__rigshareTestWallet) return;
  const BRIDGE = ${JSON.stringify(BRIDGE)};
  const STATE_METHOD = ${JSON.stringify(STATE_METHOD)};
  const baseInfo = ${JSON.stringify(info)};
  class ProviderRpcError extends Error {
    constructor(code, message, data) {
      super(message);
      this.name = "ProviderRpcError";
      this.code = code;
      if (data !== undefined) this.data = data;
    }
  }
  const listeners = new Map();
  const emit = (event, payload) => {
    for (const listener of [...(listeners.get(event) || [])]) {
      try { listener(payload); } catch (e) { setTimeout(() => { throw e; }); }
    }
  };
  const bridge = async (method, params) => {
    const call = window[BRIDGE];
    if (typeof call !== "function") throw new ProviderRpcError(4900, "Rigshare Test Wallet: not connected to its extension");
    return call(method, params);
  };
  const provider = {
    isRigshareTestWallet: true,
    isMetaMask: false,
    async request(args) {
      if (!args || typeof args !== "object" || typeof args.method !== "string" || !args.method)
        throw new ProviderRpcError(-32600, "Invalid request: expected { method: string, params?: unknown[] | object }");
      const params = args.params === undefined ? [] : args.params;
      if (typeof params !== "object" || params === null)
        throw new ProviderRpcError(-32602, "Invalid params: expected an array or an object");
      const response = await bridge(args.method, params);
      for (const [event, payload] of response.events || []) setTimeout(() => emit(event, payload), 0);
      if (response.error) throw new ProviderRpcError(response.error.code, response.error.message, response.error.data);
      return response.result;
    },
    on(event, listener) {
      if (!listeners.has(event)) listeners.set(event, new Set());
      listeners.get(event).add(listener);
      return provider;
    },
    once(event, listener) {
      const wrapped = (payload) => { provider.removeListener(event, wrapped); listener(payload); };
      return provider.on(event, wrapped);
    },
    removeListener(event, listener) {
      const set = listeners.get(event);
      if (set) set.delete(listener);
      return provider;
    },
    removeAllListeners(event) {
      if (event === undefined) listeners.clear();
      else listeners.delete(event);
      return provider;
    },
    listenerCount(event) {
      return (listeners.get(event) || new Set()).size;
    },
    isConnected() {
      return true;
    },
  };
  provider.addListener = provider.on;
  provider.off = provider.removeListener;
  Object.defineProperty(window, "__rigshareTestWallet", { value: Object.freeze({ emit }), configurable: false });
  window.ethereum = provider;

  const uuid = (() => {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  })();
  const info = Object.freeze({ uuid, name: baseInfo.name, icon: baseInfo.icon, rdns: baseInfo.rdns });
  const announce = () =>
    window.dispatchEvent(new CustomEvent("eip6963:announceProvider", { detail: Object.freeze({ info, provider }) }));
  window.addEventListener("eip6963:requestProvider", announce);
  announce();
  bridge(STATE_METHOD, []).then(
    (r) => { if (r && r.result) emit("connect", { chainId: r.result.chainId }); },
    () => {},
  );
})();`;
}

/** Installs the test wallet into `page` (call before the first navigation) and returns its controls. */
export async function installTestWallet(
  page: Page,
  { rpcUrl, accounts, chainId }: TestWalletOptions,
): Promise<TestWallet> {
  if (accounts.length === 0) throw new Error("installTestWallet: give at least one account");
  for (const a of accounts) if (!isAddress(a)) throw new Error(`installTestWallet: "${a}" is not an address`);
  const nodeChain = Number(await nodeRpc(rpcUrl, "eth_chainId", []));
  if (nodeChain !== chainId)
    throw new Error(`installTestWallet: the node at ${rpcUrl} is chain ${nodeChain}, not ${chainId}`);

  const wallet = {
    accounts: accounts.map((a) => getAddress(a)),
    account: getAddress(accounts[0]),
    chainId,
    connected: false,
    reject: undefined as "sign" | "connect" | undefined,
    knownChains: new Set([chainId]),
  };
  const requests: string[] = [];
  const forwarded: string[] = [];

  const forward = async (method: string, params: unknown): Promise<unknown> => {
    forwarded.push(method);
    return nodeRpc(rpcUrl, method, params);
  };
  const userRejected = () => new WalletError(4001, "User rejected the request.");
  const unauthorized = () =>
    new WalletError(4100, "The requested account and/or method has not been authorized by the user.");
  const permissions = () => [{ parentCapability: "eth_accounts", invoker: page.url(), caveats: [] }];

  /** Handles one request; events are emitted in the page after the request settles. */
  const handle = async (method: string, params: unknown, events: [string, unknown][]): Promise<unknown> => {
    const list = Array.isArray(params) ? (params as unknown[]) : [];
    const connect = () => {
      if (wallet.reject === "connect") {
        wallet.reject = undefined;
        throw userRejected();
      }
      if (!wallet.connected) events.push(["accountsChanged", [wallet.account]]);
      wallet.connected = true;
    };
    switch (method) {
      case STATE_METHOD:
        return { chainId: hex(wallet.chainId) };
      case "eth_requestAccounts":
        connect();
        return [wallet.account];
      case "wallet_requestPermissions":
        connect();
        return permissions();
      case "wallet_getPermissions":
        return wallet.connected ? permissions() : [];
      case "wallet_revokePermissions":
        if (wallet.connected) events.push(["accountsChanged", []]);
        wallet.connected = false;
        return null;
      case "eth_accounts":
        return wallet.connected ? [wallet.account] : [];
      case "eth_coinbase":
        return wallet.connected ? wallet.account : null;
      case "eth_chainId":
        return hex(wallet.chainId);
      case "net_version":
        return String(wallet.chainId);
      case "wallet_switchEthereumChain":
      case "wallet_addEthereumChain": {
        const target = (list[0] as { chainId?: unknown } | undefined)?.chainId;
        if (typeof target !== "string" || !/^0x[0-9a-fA-F]+$/.test(target))
          throw new WalletError(-32602, `Invalid params: expected [{ chainId: "0x…" }]`);
        const id = Number(target);
        const known = method === "wallet_addEthereumChain" ? id === chainId : wallet.knownChains.has(id);
        if (!known)
          throw method === "wallet_addEthereumChain"
            ? new WalletError(-32603, `Rigshare Test Wallet can only add chain ${chainId} (its node), not ${id}`)
            : new WalletError(
                4902,
                `Unrecognized chain ID "${target}". Try adding the chain using wallet_addEthereumChain first.`,
              );
        if (wallet.chainId !== id) events.push(["chainChanged", hex(id)]);
        wallet.chainId = id;
        return null;
      }
    }
    if (SIGNING.has(method)) {
      if (!wallet.connected) throw unauthorized();
      let request: unknown[];
      if (method === "eth_sendTransaction") {
        const tx = { ...(list[0] as Record<string, unknown> | undefined) };
        if (tx.from !== undefined && !same(tx.from, wallet.account)) throw unauthorized();
        if (wallet.chainId !== chainId)
          throw new WalletError(
            4901,
            `The wallet is on chain ${wallet.chainId}, not the node's chain ${chainId}: nothing was sent to the node`,
          );
        if (tx.chainId !== undefined && Number(tx.chainId) !== wallet.chainId)
          throw new WalletError(
            -32602,
            `Invalid chainId ${Number(tx.chainId)}: the wallet is on chain ${wallet.chainId}`,
          );
        request = [{ ...tx, from: wallet.account }];
      } else if (method === "personal_sign") {
        if (!same(list[1], wallet.account)) throw unauthorized();
        request = [list[0], wallet.account];
      } else {
        // eth_sign and eth_signTypedData*: [address, data]
        if (!same(list[0], wallet.account)) throw unauthorized();
        if (method !== "eth_sign") {
          const typed = typeof list[1] === "string" ? (JSON.parse(list[1]) as unknown) : list[1];
          const domainChain = (typed as { domain?: { chainId?: unknown } } | undefined)?.domain?.chainId;
          if (domainChain !== undefined && domainChain !== null && Number(domainChain) !== wallet.chainId)
            throw new WalletError(
              -32602,
              `Provided chainId "${Number(domainChain)}" must match the active chainId "${wallet.chainId}"`,
            );
        }
        request = [wallet.account, list[1]];
      }
      if (wallet.reject === "sign") {
        wallet.reject = undefined;
        throw userRejected();
      }
      return forward(method, request);
    }
    return forward(method, params);
  };

  await page.exposeFunction(BRIDGE, async (method: string, params: unknown): Promise<BridgeResponse> => {
    if (method !== STATE_METHOD) requests.push(method);
    const events: [string, unknown][] = [];
    try {
      const result = await handle(method, params, events);
      return { result: result === undefined ? null : result, events };
    } catch (e) {
      return { error: toErrorShape(e), events };
    }
  });
  await page.addInitScript({ content: initScript(TEST_WALLET_INFO) });

  /** Emits an event in the page's current document (nothing when it is gone or has no wallet). */
  const emit = async (event: string, payload: unknown) => {
    try {
      await page.evaluate(
        `window.__rigshareTestWallet && window.__rigshareTestWallet.emit(${JSON.stringify(event)}, ${JSON.stringify(payload)})`,
      );
    } catch {
      // page closed or navigating: a real extension's event would be lost as well
    }
  };

  return {
    requests,
    forwarded,
    get account() {
      return wallet.account;
    },
    get chainId() {
      return wallet.chainId;
    },
    get connected() {
      return wallet.connected;
    },
    async setAccount(address) {
      const account = getAddress(address);
      if (!wallet.accounts.includes(account)) wallet.accounts.push(account);
      const changed = account !== wallet.account;
      wallet.account = account;
      if (changed && wallet.connected) await emit("accountsChanged", [account]);
    },
    async setChain(id) {
      if (!Number.isSafeInteger(id) || id <= 0) throw new Error(`setChain: invalid chain id ${id}`);
      wallet.knownChains.add(id);
      const changed = id !== wallet.chainId;
      wallet.chainId = id;
      if (changed) await emit("chainChanged", hex(id));
    },
    rejectNext(kind = "sign") {
      wallet.reject = kind;
    },
    async disconnect() {
      const was = wallet.connected;
      wallet.connected = false;
      if (was) await emit("accountsChanged", []);
    },
  };
}

/** A JSON-RPC call to the node: its error object (code, message, data) is thrown as is. */
async function nodeRpc(rpcUrl: string, method: string, params: unknown): Promise<unknown> {
  let body: { result?: unknown; error?: ProviderRpcErrorShape };
  try {
    const response = await fetch(rpcUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id: 1, method, params }),
    });
    body = (await response.json()) as typeof body;
  } catch (e) {
    throw new WalletError(4900, `Rigshare Test Wallet cannot reach its node at ${rpcUrl}: ${(e as Error).message}`);
  }
  if (body.error) throw new WalletError(body.error.code, body.error.message, body.error.data);
  return body.result;
}

function toErrorShape(e: unknown): ProviderRpcErrorShape {
  if (e instanceof WalletError)
    return { code: e.code, message: e.message, ...(e.data === undefined ? {} : { data: e.data }) };
  return { code: -32603, message: `Internal error: ${(e as Error)?.message ?? String(e)}` };
}

/**
 * Calls `window.ethereum.request(args)` in the page. Resolves with the result, or rejects with what the page
 * caught, as a plain object: { code, message, data? } (ProviderRpcErrorShape).
 */
export async function pageRequest(page: Page, args: { method: string; params?: unknown }): Promise<unknown> {
  const outcome = (await page.evaluate(
    `window.ethereum.request(${JSON.stringify(args)}).then(
      (result) => ({ ok: true, result }),
      (e) => ({ ok: false, error: { code: e && e.code, message: e && e.message, data: e && e.data, isError: e instanceof Error } }),
    )`,
  )) as { ok: true; result: unknown } | { ok: false; error: ProviderRpcErrorShape };
  if (!outcome.ok) throw outcome.error;
  return outcome.result;
}
