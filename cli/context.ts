// Everything a command needs, resolved once: the network and its RPC URL, a public client checked to be
// on the expected chain, the address book of that chain (checked to point at deployed code), the account
// for writes, and token metadata for formatting.
//
// RPC URL: --rpc-url, else RIGSHARE_RPC_URL, else the network's own: localhost is http://127.0.0.1:8545;
// sepolia / baseSepolia read SEPOLIA_RPC_URL / BASE_SEPOLIA_RPC_URL from the environment or, failing that,
// from Hardhat's configuration variables (the keystore: `npx hardhat keystore set SEPOLIA_RPC_URL`).
// Indexer: --indexer, else RIGSHARE_INDEXER_URL (reads take its answer and scan only the blocks after it);
// relay: --relay, else RIGSHARE_RELAY_URL, else the indexer (which serves the order book at /orders).
// Account: RIGSHARE_PRIVATE_KEY, else --account-index N on a local chain (Hardhat's test mnemonic), else
// the network's configured deployer key (SEPOLIA_PRIVATE_KEY, from the environment or the keystore).
import {
  type Address,
  type Chain,
  type Hex,
  type PublicClient,
  type Transport,
  createPublicClient,
  createWalletClient,
  defineChain,
  getAddress,
  http,
  isAddress,
} from "viem";
import { mnemonicToAccount, privateKeyToAccount } from "viem/accounts";
import { baseSepolia, hardhat, sepolia } from "viem/chains";

import { ABI_VERSION } from "../sdk/abis.js";
import type { AddressBook, RigshareContracts } from "../sdk/addressBook.js";
import { contractsOf } from "../sdk/addressBook.js";
import { getToken } from "../sdk/actions/getToken.js";
import { type IndexerClient, IndexerError, createIndexerClient } from "../sdk/indexer.js";
import { addressBookPath, deploymentsDir, loadAddressBook } from "../sdk/loadAddressBook.js";
import type { WriteClient } from "../sdk/types.js";
import { CliError, UsageError } from "./errors.js";

const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";
const LOCAL_CHAIN_IDS = new Set([31337, 1337]);

type NetworkInfo = { chain: Chain; defaultUrl?: string; urlVariable?: string; keyVariable?: string };

/** The networks the CLI knows; the names match hardhat.config.ts. */
export const NETWORKS: Record<string, NetworkInfo> = {
  localhost: { chain: hardhat, defaultUrl: "http://127.0.0.1:8545" },
  sepolia: { chain: sepolia, urlVariable: "SEPOLIA_RPC_URL", keyVariable: "SEPOLIA_PRIVATE_KEY" },
  baseSepolia: { chain: baseSepolia, urlVariable: "BASE_SEPOLIA_RPC_URL", keyVariable: "BASE_SEPOLIA_PRIVATE_KEY" },
};

export type GlobalOptions = {
  network: string;
  rpcUrl?: string;
  indexerUrl?: string;
  relayUrl?: string;
  json: boolean;
  yes: boolean;
  accountIndex?: number;
};

export type TokenMeta = { address: Address; symbol: string; decimals: number };

export type Context = {
  options: GlobalOptions;
  network: string;
  rpcUrl: string;
  chainId: number;
  local: boolean;
  book: AddressBook;
  contracts: RigshareContracts;
  client: PublicClient<Transport, Chain>;
  /** The indexer, when configured. */
  indexer?: IndexerClient;
  /** The order relay's URL, when configured (the indexer's by default). */
  relayUrl?: string;
  /** The signing client; throws a one-line error when no account is configured. */
  wallet(): Promise<WriteClient>;
  token(address: Address): Promise<TokenMeta>;
  /** A token by address or by symbol (the address book's test tokens, then the rigs' tokens). */
  resolveToken(text: string): Promise<TokenMeta>;
  /** Warnings to print on stderr (e.g. an ABI version mismatch). */
  warnings: string[];
};

/** Hardhat's configuration variables (env first, then the keystore), loaded only when needed: ~1 s. */
async function hardhatVariable(network: string, what: "url" | "key"): Promise<string | undefined> {
  const { default: hre } = await import("hardhat");
  const config = hre.config.networks[network] as
    { type: string; url?: { get(): Promise<string> }; accounts?: unknown } | undefined;
  if (!config || config.type !== "http") return undefined;
  try {
    if (what === "url") return await config.url?.get();
    const accounts = config.accounts;
    if (Array.isArray(accounts) && accounts.length > 0) return await (accounts[0] as { get(): Promise<string> }).get();
  } catch (e) {
    throw new CliError(
      `cannot read the ${what === "url" ? "RPC URL" : "account key"} of ${network}: ${(e as Error).message.split("\n")[0]}`,
    );
  }
  return undefined;
}

async function resolveRpcUrl(options: GlobalOptions, info: NetworkInfo): Promise<string> {
  const url =
    options.rpcUrl ??
    process.env.RIGSHARE_RPC_URL ??
    info.defaultUrl ??
    (info.urlVariable ? process.env[info.urlVariable] : undefined) ??
    (await hardhatVariable(options.network, "url"));
  if (!url)
    throw new CliError(
      `no RPC URL for ${options.network}: pass --rpc-url or set ${info.urlVariable ?? "RIGSHARE_RPC_URL"}`,
    );
  if (!/^https?:\/\//.test(url)) throw new UsageError(`invalid RPC URL "${url}"`);
  return url;
}

function rpcFailure(url: string, e: unknown): CliError {
  const detail = (e as { shortMessage?: string; message?: string }).shortMessage ?? (e as Error).message ?? String(e);
  return new CliError(`cannot reach the RPC at ${url}: ${detail.split("\n")[0]}`);
}

export async function createContext(options: GlobalOptions): Promise<Context> {
  const info = NETWORKS[options.network];
  if (!info) throw new UsageError(`unknown network "${options.network}" (known: ${Object.keys(NETWORKS).join(", ")})`);
  const rpcUrl = await resolveRpcUrl(options, info);
  // Concurrent reads (a position list, a rig table) go out as JSON-RPC batches: one HTTP round trip.
  const transport = http(rpcUrl, { batch: { batchSize: 100 }, retryCount: 1, retryDelay: 200, timeout: 20_000 });

  let chainId: number;
  try {
    chainId = Number(await createPublicClient({ transport }).request({ method: "eth_chainId" }));
  } catch (e) {
    throw rpcFailure(rpcUrl, e);
  }
  if (chainId !== info.chain.id) {
    throw new CliError(
      `wrong network: the RPC at ${rpcUrl} is chain ${chainId}, but --network ${options.network} is chain ${info.chain.id}`,
    );
  }
  const local = LOCAL_CHAIN_IDS.has(chainId);
  const chain = defineChain({ ...info.chain, id: chainId });
  const client = createPublicClient({ chain, transport, pollingInterval: local ? 100 : 2_000 }) as PublicClient<
    Transport,
    Chain
  >;

  const book = await loadAddressBook(chainId).catch((e: Error) => {
    throw new CliError(`${addressBookPath(chainId)}: ${e.message}`);
  });
  if (!book) {
    throw new CliError(
      `no deployment for chain ${chainId} in ${deploymentsDir()}: run \`npm run deploy -- --network ${options.network}\``,
    );
  }
  const code = await client.getCode({ address: book.contracts.RigShares.address }).catch((e) => {
    throw rpcFailure(rpcUrl, e);
  });
  if (!code || code === "0x") {
    throw new CliError(
      `no contract at ${book.contracts.RigShares.address} on chain ${chainId}: the address book is stale${local ? " (local chain restarted?)" : ""}; re-run \`npm run deploy -- --network ${options.network}\``,
    );
  }
  const warnings: string[] = [];
  if (book.abiVersion !== ABI_VERSION) {
    warnings.push(
      `warning: deployment ABI version ${book.abiVersion} differs from the SDK's ${ABI_VERSION} (run \`npm run abi\` or redeploy)`,
    );
  }

  const indexerUrl = options.indexerUrl ?? (process.env.RIGSHARE_INDEXER_URL || undefined);
  let indexer: IndexerClient | undefined;
  try {
    indexer = indexerUrl ? createIndexerClient(indexerUrl) : undefined;
  } catch (e) {
    if (e instanceof IndexerError) throw new UsageError(`--indexer: ${indexerUrl} is not an http(s) URL`);
    throw e;
  }
  const relayUrl = options.relayUrl ?? (process.env.RIGSHARE_RELAY_URL || undefined) ?? indexer?.url;

  let walletClient: WriteClient | undefined;
  const privateKey = async (): Promise<Hex | undefined> => {
    const fromEnv = process.env.RIGSHARE_PRIVATE_KEY;
    if (fromEnv) return fromEnv as Hex;
    if (options.accountIndex !== undefined) return undefined;
    if (info.keyVariable)
      return ((process.env[info.keyVariable] ?? (await hardhatVariable(options.network, "key"))) as Hex) || undefined;
    return undefined;
  };
  const account = async () => {
    const raw = await privateKey();
    if (raw !== undefined) {
      const key = (raw.startsWith("0x") ? raw : `0x${raw}`) as Hex;
      if (!/^0x[0-9a-fA-F]{64}$/.test(key)) throw new CliError("the account key is not a 32-byte hex private key");
      return privateKeyToAccount(key);
    }
    if (options.accountIndex !== undefined) {
      if (!local)
        throw new UsageError("--account-index uses Hardhat's public test mnemonic and works on local chains only");
      return mnemonicToAccount(HARDHAT_MNEMONIC, { addressIndex: options.accountIndex });
    }
    return undefined;
  };

  const tokens = new Map<string, Promise<TokenMeta>>();
  const token = (address: Address) => {
    const key = address.toLowerCase();
    if (!tokens.has(key)) {
      tokens.set(
        key,
        getToken(client, { token: address }).then(
          (t) => ({ address: getAddress(address), symbol: t.symbol, decimals: t.decimals }),
          () => {
            tokens.delete(key);
            throw new CliError(`${address} is not an ERC-20 token on chain ${chainId}`);
          },
        ),
      );
    }
    return tokens.get(key)!;
  };

  const ctx: Context = {
    options,
    network: options.network,
    rpcUrl,
    chainId,
    local,
    book,
    contracts: contractsOf(book),
    client,
    ...(indexer ? { indexer } : {}),
    ...(relayUrl ? { relayUrl: relayUrl.replace(/\/+$/, "") } : {}),
    warnings,
    async wallet() {
      if (walletClient) return walletClient;
      const acct = await account();
      if (!acct) {
        throw new CliError(
          `no account: set RIGSHARE_PRIVATE_KEY${info.keyVariable ? ` or ${info.keyVariable} (env or \`npx hardhat keystore set ${info.keyVariable}\`)` : ""}${local ? ", or pass --account-index N" : ""}`,
        );
      }
      walletClient = createWalletClient({
        account: acct,
        chain,
        transport,
        pollingInterval: local ? 100 : 2_000,
      }) as WriteClient;
      return walletClient;
    },
    token,
    async resolveToken(text: string) {
      if (isAddress(text, { strict: false })) return token(getAddress(text));
      const symbol = text.toUpperCase();
      for (const t of Object.values(book.tokens ?? {})) if (t.symbol.toUpperCase() === symbol) return token(t.address);
      const { getRigs } = await import("../sdk/actions/getRigs.js");
      for (const rig of await getRigs(client, { contracts: ctx.contracts })) {
        for (const address of [rig.paymentToken, rig.payoutToken]) {
          const meta = await token(address);
          if (meta.symbol.toUpperCase() === symbol) return meta;
        }
      }
      throw new UsageError(`unknown token "${text}": give an address or the symbol of a rig's token`);
    },
  };
  return ctx;
}
