// Address books: deployments/<chainId>.json, written by scripts/deploy.ts after every deployment and read
// by the SDK, the CLI, the oracle updater and the web app. Pure types and validation (no file system), so
// a browser bundle can import a book as JSON; sdk/loadAddressBook.ts reads one from disk.
import { type Address, type Hex, getAddress, isAddress } from "viem";

/** A deployed contract: its address and the block of its deployment transaction. */
export type DeployedContract = { address: Address; blockNumber: number };

/** A token deployed with the local demo seed. */
export type DeployedToken = DeployedContract & { symbol: string; decimals: number };

export type AddressBook = {
  chainId: number;
  /** Hardhat network name the deployment ran on (informational). */
  network: string;
  /** Ignition deployment id: the journal under ignition/deployments/<deploymentId>/. */
  deploymentId: string;
  /** ABI_VERSION of the artifacts that were deployed (see sdk/abiVersion.ts). */
  abiVersion: Hex;
  /** First block holding protocol state: event scans (positions) start here. */
  deploymentBlock: number;
  contracts: {
    ShareRenderer: DeployedContract;
    RigShares: DeployedContract;
    RewardDistributor: DeployedContract;
    /** The hashrate oracle (k-of-n signed epoch reports); absent in books written before it existed. */
    HashrateOracle?: DeployedContract;
    /** The epoch funder the distributor takes its epochs from; absent with `HashrateOracle`. */
    EpochFunder?: DeployedContract;
    /** The secondary market; absent in books written before it existed. */
    ShareMarket?: DeployedContract;
  };
  /** Test tokens of a seeded local chain, by symbol. */
  tokens?: Record<string, DeployedToken>;
  /** The demo rig of a seeded local chain. */
  seed?: { rigId: number };
};

/** The addresses every SDK action needs; the oracle's actions also need `oracle` and `funder`, the market's `market`. */
export type RigshareContracts = {
  rigShares: Address;
  distributor: Address;
  oracle?: Address;
  funder?: Address;
  /** The secondary market (listings, offers, rentals). */
  market?: Address;
  deploymentBlock?: bigint;
};

export class InvalidAddressBookError extends Error {
  override readonly name = "InvalidAddressBookError" as const;
  constructor(readonly reason: string) {
    super(`invalid address book: ${reason}`);
  }
}

function contract(value: unknown, what: string): DeployedContract {
  const c = value as Partial<DeployedContract> | undefined;
  if (typeof c?.address !== "string" || !isAddress(c.address)) throw new InvalidAddressBookError(`${what}.address`);
  if (!Number.isSafeInteger(c.blockNumber) || c.blockNumber! < 0)
    throw new InvalidAddressBookError(`${what}.blockNumber`);
  return { address: getAddress(c.address), blockNumber: c.blockNumber! };
}

/** Validates parsed JSON as an address book (addresses checksummed). */
export function parseAddressBook(json: unknown): AddressBook {
  const b = json as Partial<AddressBook> | null;
  if (typeof b !== "object" || b === null) throw new InvalidAddressBookError("not an object");
  if (!Number.isSafeInteger(b.chainId) || b.chainId! <= 0) throw new InvalidAddressBookError("chainId");
  if (typeof b.abiVersion !== "string" || !/^0x[0-9a-f]{16}$/.test(b.abiVersion))
    throw new InvalidAddressBookError("abiVersion");
  if (!Number.isSafeInteger(b.deploymentBlock)) throw new InvalidAddressBookError("deploymentBlock");
  const tokens: Record<string, DeployedToken> = {};
  for (const [symbol, t] of Object.entries(b.tokens ?? {})) {
    if (!Number.isInteger(t.decimals)) throw new InvalidAddressBookError(`tokens.${symbol}.decimals`);
    tokens[symbol] = { ...contract(t, `tokens.${symbol}`), symbol: t.symbol ?? symbol, decimals: t.decimals };
  }
  return {
    chainId: b.chainId!,
    network: String(b.network ?? ""),
    deploymentId: String(b.deploymentId ?? ""),
    abiVersion: b.abiVersion as Hex,
    deploymentBlock: b.deploymentBlock!,
    contracts: {
      ShareRenderer: contract(b.contracts?.ShareRenderer, "contracts.ShareRenderer"),
      RigShares: contract(b.contracts?.RigShares, "contracts.RigShares"),
      RewardDistributor: contract(b.contracts?.RewardDistributor, "contracts.RewardDistributor"),
      ...(b.contracts?.HashrateOracle
        ? { HashrateOracle: contract(b.contracts.HashrateOracle, "contracts.HashrateOracle") }
        : {}),
      ...(b.contracts?.EpochFunder ? { EpochFunder: contract(b.contracts.EpochFunder, "contracts.EpochFunder") } : {}),
      ...(b.contracts?.ShareMarket ? { ShareMarket: contract(b.contracts.ShareMarket, "contracts.ShareMarket") } : {}),
    },
    ...(b.tokens ? { tokens } : {}),
    ...(b.seed ? { seed: { rigId: Number(b.seed.rigId) } } : {}),
  };
}

/** The SDK's contract addresses from an address book. */
export function contractsOf(book: AddressBook): RigshareContracts {
  return {
    rigShares: book.contracts.RigShares.address,
    distributor: book.contracts.RewardDistributor.address,
    ...(book.contracts.HashrateOracle ? { oracle: book.contracts.HashrateOracle.address } : {}),
    ...(book.contracts.EpochFunder ? { funder: book.contracts.EpochFunder.address } : {}),
    ...(book.contracts.ShareMarket ? { market: book.contracts.ShareMarket.address } : {}),
    deploymentBlock: BigInt(book.deploymentBlock),
  };
}
