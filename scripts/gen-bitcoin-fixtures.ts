// Turns the real Bitcoin blocks of ../shared/fixtures/bitcoin/blocks.json into Solidity constants for the
// WorkProof tests (test/solidity/utils/BitcoinBlocks.sol): each block's 80-byte header and, for full blocks,
// the coinbase transaction in its non-witness serialization (what the verifier hashes into the txid), that
// txid, and the coinbase's merkle branch to the header's merkle root, computed here from all the block's
// txids. The script checks its own work (header hash = blockHash, branch reaches the header's root) and
// fails rather than write a wrong fixture.
//
//   npx tsx scripts/gen-bitcoin-fixtures.ts [--blocks path/to/blocks.json] [--out path.sol] [--check]
//
// --check compares with the committed file instead of writing it (exit 1 if it differs).
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

import * as prettier from "prettier";

type BlockEntry = {
  description: string;
  hex: string;
  blockHash: string;
  valid: boolean;
  height?: number;
  txCount?: number;
  coinbaseScriptSigAscii?: string;
};

type ParsedTx = {
  /** The serialization as it appears in the block (with marker, flag and witness for segwit). */
  raw: Buffer;
  /** Version, inputs, outputs and lock time only: what the txid hashes. */
  stripped: Buffer;
  segwit: boolean;
};

const { values: args } = parseArgs({
  options: {
    blocks: { type: "string", default: path.resolve(import.meta.dirname, "../../shared/fixtures/bitcoin/blocks.json") },
    out: { type: "string", default: path.resolve(import.meta.dirname, "../test/solidity/utils/BitcoinBlocks.sol") },
    check: { type: "boolean", default: false },
  },
});

const sha256 = (data: Buffer): Buffer => createHash("sha256").update(data).digest();
const hash256 = (data: Buffer): Buffer => sha256(sha256(data));
const reversed = (b: Buffer): Buffer => Buffer.from(b).reverse();

/** A cursor over a block's bytes that refuses to read past the end. */
class Reader {
  offset = 0;
  constructor(readonly data: Buffer) {}
  take(n: number): Buffer {
    if (this.offset + n > this.data.length) throw new Error(`read past the end at ${this.offset} (+${n})`);
    const out = this.data.subarray(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }
  varint(): number {
    const first = this.take(1)[0];
    if (first < 0xfd) return first;
    if (first === 0xfd) return this.take(2).readUInt16LE();
    if (first === 0xfe) return this.take(4).readUInt32LE();
    return Number(this.take(8).readBigUInt64LE());
  }
}

function parseTx(r: Reader): ParsedTx {
  const start = r.offset;
  const parts: Buffer[] = [r.take(4)];
  const segwit = r.data[r.offset] === 0x00 && r.data[r.offset + 1] === 0x01;
  if (segwit) r.take(2);
  const bodyStart = r.offset;
  const inputs = r.varint();
  for (let i = 0; i < inputs; i++) {
    r.take(36);
    r.take(r.varint());
    r.take(4);
  }
  const outputs = r.varint();
  for (let i = 0; i < outputs; i++) {
    r.take(8);
    r.take(r.varint());
  }
  parts.push(r.data.subarray(bodyStart, r.offset));
  if (segwit) {
    for (let i = 0; i < inputs; i++) {
      const items = r.varint();
      for (let j = 0; j < items; j++) r.take(r.varint());
    }
  }
  parts.push(r.take(4));
  return { raw: r.data.subarray(start, r.offset), stripped: Buffer.concat(parts), segwit };
}

/** The siblings from leaf 0 to the root; Bitcoin duplicates the last node of an odd level. */
function branchOfFirst(txids: Buffer[]): { branch: Buffer[]; root: Buffer } {
  const branch: Buffer[] = [];
  let level = txids;
  while (level.length > 1) {
    branch.push(level[1]);
    const next: Buffer[] = [];
    for (let i = 0; i < level.length; i += 2) {
      next.push(hash256(Buffer.concat([level[i], level[i + 1] ?? level[i]])));
    }
    level = next;
  }
  return { branch, root: level[0] };
}

type Fixture = {
  name: string;
  comment: string;
  header: Buffer;
  full?: { coinbase: Buffer; coinbaseWithWitness?: Buffer; txid: Buffer; branch: Buffer[]; txCount: number };
};

function fixtureName(entry: BlockEntry, index: number): string {
  if (!entry.valid) return "ALTERED_NONCE";
  if (entry.height === 0) return "GENESIS";
  if (entry.height !== undefined) return `MAINNET_${entry.height}`;
  // The testnet3 entries carry no height; blocks.json's README names them by their transaction count.
  if (entry.txCount === undefined) return `TESTNET_HEADER_${index}`;
  if (entry.coinbaseScriptSigAscii?.includes("KnCMiner")) return "TESTNET_KNCMINER";
  return `TESTNET_${entry.txCount}TX`;
}

function build(entry: BlockEntry, index: number): Fixture {
  const block = Buffer.from(entry.hex, "hex");
  const header = block.subarray(0, 80);
  if (header.length !== 80) throw new Error(`entry ${index}: header shorter than 80 bytes`);
  if (reversed(hash256(header)).toString("hex") !== entry.blockHash) {
    throw new Error(`entry ${index}: header hash differs from blockHash`);
  }
  const name = fixtureName(entry, index);
  const comment = `${entry.description}${entry.height !== undefined ? `, height ${entry.height}` : ""}; block hash ${entry.blockHash}`;
  if (block.length === 80) return { name, comment, header };

  const r = new Reader(block);
  r.take(80);
  const count = r.varint();
  const txs: ParsedTx[] = [];
  // Some fixture entries hold the coinbase only; the header's merkle root then tells whether it is complete.
  while (r.offset < block.length) txs.push(parseTx(r));
  const txids = txs.map((tx) => hash256(tx.stripped));
  const { branch, root } = branchOfFirst(txids);
  const headerRoot = header.subarray(36, 68);
  if (txs.length !== count || !root.equals(headerRoot)) {
    // Not a complete block (e.g. the "Headers + Coinbase" entry): keep the header only.
    console.warn(`${name}: ${txs.length} of ${count} transactions or root mismatch; header only`);
    return { name, comment: `${comment} (its coinbase does not reach this header's root: header only)`, header };
  }
  const coinbase = txs[0];
  return {
    name,
    comment,
    header,
    full: {
      coinbase: coinbase.stripped,
      coinbaseWithWitness: coinbase.segwit ? coinbase.raw : undefined,
      txid: txids[0],
      branch,
      txCount: count,
    },
  };
}

const hexLiteral = (b: Buffer): string => `hex"${b.toString("hex")}"`;

function render(fixtures: Fixture[]): string {
  const lines: string[] = [
    "// SPDX-License-Identifier: MIT",
    "pragma solidity 0.8.28;",
    "",
    "// GENERATED by scripts/gen-bitcoin-fixtures.ts from ../shared/fixtures/bitcoin/blocks.json: do not edit.",
    "// Real Bitcoin blocks (mainnet and testnet3) for the WorkProof tests. Headers are the 80 serialized bytes;",
    "// coinbases are the non-witness serialization (marker, flag and witness dropped), so TXID = double-SHA-256",
    "// of them; branches are the coinbase's merkle siblings from the leaf up, in internal byte order (as hashed).",
    "",
    "// solhint-disable max-line-length",
    "",
    "/// @title BitcoinBlocks",
    "/// @notice Real Bitcoin headers, coinbases and merkle branches as test fixtures (generated).",
    "library BitcoinBlocks {",
  ];
  for (const f of fixtures) {
    lines.push(`    // ${f.comment}`);
    lines.push(`    bytes internal constant ${f.name}_HEADER = ${hexLiteral(f.header)};`);
    // The block hash as explorers print it is the header's double-SHA-256 read as a little-endian number.
    lines.push(`    uint256 internal constant ${f.name}_HASH = 0x${reversed(hash256(f.header)).toString("hex")};`);
    if (f.full) {
      lines.push(`    uint256 internal constant ${f.name}_TX_COUNT = ${f.full.txCount};`);
      lines.push(`    bytes internal constant ${f.name}_COINBASE = ${hexLiteral(f.full.coinbase)};`);
      if (f.full.coinbaseWithWitness) {
        lines.push(
          `    bytes internal constant ${f.name}_COINBASE_WITH_WITNESS = ${hexLiteral(f.full.coinbaseWithWitness)};`,
        );
      }
      lines.push(`    bytes32 internal constant ${f.name}_COINBASE_TXID = 0x${f.full.txid.toString("hex")};`);
    }
    lines.push("");
  }
  for (const f of fixtures) {
    if (!f.full) continue;
    const fn = f.name
      .toLowerCase()
      .split("_")
      .map((w, i) => (i === 0 ? w : w[0].toUpperCase() + w.slice(1)))
      .join("")
      .replace(/(\d)tx$/, "$1Tx");
    lines.push(`    /// @notice The coinbase's merkle branch of ${f.name} (${f.full.branch.length} siblings).`);
    lines.push(`    function ${fn}Branch() internal pure returns (bytes32[] memory branch) {`);
    lines.push(`        branch = new bytes32[](${f.full.branch.length});`);
    f.full.branch.forEach((s, i) => lines.push(`        branch[${i}] = 0x${s.toString("hex")};`));
    lines.push("    }");
    lines.push("");
  }
  lines[lines.length - 1] = "}";
  lines.push("");
  return lines.join("\n");
}

const data = JSON.parse(readFileSync(args.blocks, "utf8")) as { blocks: BlockEntry[] };
const built = data.blocks.map(build);
// The testnet header-only entry repeats the KnCMiner block's header: a header-only fixture is dropped when a
// full one has the same header.
const fullHeaders = new Set(built.filter((f) => f.full).map((f) => f.header.toString("hex")));
const fixtures = built.filter((f) => f.full || !fullHeaders.has(f.header.toString("hex")));
// Formatted as `npx prettier --write` would, so that the committed file passes format:check and --check.
const out = await prettier.format(render(fixtures), {
  ...(await prettier.resolveConfig(args.out)),
  filepath: args.out,
});
if (args.check) {
  const committed = readFileSync(args.out, "utf8");
  if (committed !== out) {
    console.error(`${args.out} is not what the generator writes: run scripts/gen-bitcoin-fixtures.ts`);
    process.exit(1);
  }
  console.log(`${args.out} is up to date`);
} else {
  writeFileSync(args.out, out);
  console.log(`wrote ${args.out}: ${fixtures.map((f) => f.name).join(", ")}`);
}
