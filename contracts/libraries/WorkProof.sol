// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// Calldata reads at checked offsets and the SHA-256 precompile through scratch memory are what this library
// is for: they are its assembly blocks, each a few lines.
// solhint-disable no-inline-assembly

/// @title WorkProof
/// @notice Verifies a Bitcoin share proof on chain: SHA-256 work that a rig did for one epoch, bound to that rig
/// and epoch by a tag in the coinbase transaction. A share is
/// - the 80-byte block header, whose double-SHA-256 read as a little-endian number is at most the share target;
/// - the coinbase transaction in its non-witness serialization, whose double-SHA-256 (the txid) hashes up its
///   merkle branch to the header's merkle root;
/// - and the coinbase carries the rig's tag for the epoch: `TAG_MAGIC` followed by `tagFor(...)`.
/// Each valid share at difficulty D proves D × 2^32 expected hashes (`expectedHashes`).
///
/// How it is meant to be used (the commit-and-sample flow of issue 14; not wired into the oracle yet):
/// 1. A report commits to the Merkle root of the epoch's share list, with the share count n and the share
///    difficulty D. The leaves are the shares' hashes (`verifyShare`'s return value), sorted strictly ascending.
/// 2. After the commitment, a randomness source fixed later picks k indices in [0, n): by default the blockhash
///    of a block mined after the commitment. Its limits: `blockhash` is only available for the last 256 blocks;
///    on L1 a proposer can withhold a block to re-draw (costing a block reward); on a rollup the sequencer chooses
///    it outright.
/// 3. The relayer submits each sampled share with its inclusion proof, and the leaf at index + 1 with its own
///    inclusion proof (none for the last leaf). The contract checks `verifyShare` for the sampled share and that
///    the neighbour's leaf is strictly greater. Copies of one share sort next to each other, so a list padded
///    with copies fails the sample just as a list padded with invalid shares does.
/// 4. If every sample passes, the proven work is n × D × 2^32 hashes over the epoch (a hashrate bound of
///    n × D × 2^32 / epoch length). A list in which a fraction f of the entries is invalid (or a duplicate)
///    passes k samples with probability (1 − f)^k: k = 8 catches f = 10% with probability 57%, f = 50% with
///    99.6%. On top of that, n itself is Poisson: an honest rig's n has a relative standard deviation of
///    1 / √(expected n), so the accepted hashrate needs a tolerance of a few of those.
/// Limits of what a share proves: that the hashes were spent on a header committing to the tag, not that the
/// header was a real pool job on the current Bitcoin tip (the contract cannot see Bitcoin), nor when the hashes
/// were spent: tags are predictable, so a rig could mine a future epoch's shares in advance. Mixing a value
/// revealed at the epoch's start (e.g. a blockhash) into the tag would close that.
/// @dev Everything reads calldata and is bounds-checked before each read: malformed input reverts with one of
/// the `WorkProof*` errors below, never a panic, and nothing outside the given bytes influences the result.
/// Hashing uses the SHA-256 precompile (0x02) through scratch memory, so the functions are `view`.
/// Byte orders: Bitcoin hashes are compared as the precompile returns them ("internal byte order"); only the
/// header hash is reversed, into the little-endian number that is compared with targets.
library WorkProof {
    /// @notice The 8 bytes that precede a rig's tag in the coinbase ("RIGSHARE" in ASCII).
    bytes8 internal constant TAG_MAGIC = "RIGSHARE";

    /// @notice Length of a rig's tag, in bytes (the first 20 bytes of a keccak256).
    uint256 internal constant TAG_LENGTH = 20;

    /// @notice Length of a serialized Bitcoin block header.
    uint256 internal constant HEADER_LENGTH = 80;

    /// @notice The difficulty-1 target: 0x00000000FFFF0000…0000 = 0xFFFF × 2^208 (Bitcoin's `bits` 0x1d00ffff).
    uint256 internal constant DIFF1_TARGET = 0xFFFF << 208;

    /// @notice The highest share difficulty accepted: 2^208. Up to it, D × 2^32 never overstates a share's
    /// expected hashes (see `expectedHashes`); real difficulties are below 2^50.
    uint256 internal constant MAX_DIFFICULTY = 1 << 208;

    /// @notice Bitcoin's consensus bounds on the coinbase's scriptSig length.
    uint256 internal constant MIN_SCRIPT_SIG_LENGTH = 2;
    uint256 internal constant MAX_SCRIPT_SIG_LENGTH = 100;

    /// @notice The header is not 80 bytes long.
    error WorkProofMalformedHeader(uint256 length);

    /// @notice The coinbase does not parse as a transaction with one null-prevout input, at byte `offset`.
    error WorkProofMalformedCoinbase(uint256 offset);

    /// @notice The coinbase's branch reaches `computed`, not the header's merkle root `expected`.
    error WorkProofBadMerkleProof(bytes32 computed, bytes32 expected);

    /// @notice The header's hash, as a little-endian number, is above the target.
    error WorkProofAboveTarget(uint256 hash, uint256 target);

    /// @notice The coinbase carries no `TAG_MAGIC` followed by a full tag.
    error WorkProofTagMissing();

    /// @notice The coinbase's (first) tag is `found`, not the `expected` one.
    error WorkProofWrongTag(bytes20 found, bytes20 expected);

    /// @notice `bits` does not encode a positive target (negative, zero or overflowing compact number).
    error WorkProofBadBits(uint32 bits);

    /// @notice A share difficulty must be in [1, MAX_DIFFICULTY].
    error WorkProofBadDifficulty(uint256 difficulty);

    /// @notice A searched-for byte string must be 1 to 32 bytes long.
    error WorkProofBadNeedle(uint256 length);

    // ───────────────────────────── the share ─────────────────────────────

    /// @notice Verifies one share for a rig and epoch.
    /// @dev Requirements:
    /// - `header` is 80 bytes and its hash, as a little-endian number, is ≤ `target`;
    /// - `coinbase` is a coinbase transaction without witness (see `coinbaseTag`) whose first tag is `tag`;
    /// - `branch` takes the coinbase's txid to the header's merkle root (the coinbase is leaf 0).
    /// Reverts with the matching `WorkProof*` error otherwise.
    /// @param header The 80-byte block header.
    /// @param coinbase The coinbase transaction, non-witness serialization.
    /// @param branch The coinbase's merkle siblings from the leaf up, internal byte order.
    /// @param target The share target (`shareTarget(difficulty)`).
    /// @param tag The rig's tag for the epoch (`tagFor(...)`).
    /// @return shareHash The header's hash as a little-endian number: the share's identity, by which the
    /// epoch's share list is sorted.
    function verifyShare(
        bytes calldata header,
        bytes calldata coinbase,
        bytes32[] calldata branch,
        uint256 target,
        bytes20 tag
    ) internal view returns (uint256 shareHash) {
        // The cheapest check first: a header above target costs two hashes of 80 bytes.
        shareHash = checkHeader(header, target);
        bytes20 found = coinbaseTag(coinbase);
        if (found != tag) revert WorkProofWrongTag(found, tag);
        bytes32 root = headerMerkleRoot(header);
        bytes32 computed = branchRoot(txid(coinbase), branch);
        if (computed != root) revert WorkProofBadMerkleProof(computed, root);
    }

    /// @notice The tag that binds a share to one rig and epoch of one deployment.
    /// @dev The first 20 bytes of keccak256(abi.encode(chainId, verifier, rigId, epoch)). `verifier` is the
    /// contract that counts the shares, so two deployments on one chain do not accept each other's shares.
    /// A miner puts `TAG_MAGIC ‖ tag` (28 bytes) in the coinbase's scriptSig (a pool's coinbase prefix, or the
    /// extranonce space) or in an OP_RETURN output (Stratum V2 job declaration).
    /// @param chainId The chain the shares are counted on (`block.chainid`).
    /// @param verifier The contract that counts them.
    /// @param rigId The rig.
    /// @param epoch The epoch the shares prove work for.
    /// @return The tag.
    function tagFor(uint256 chainId, address verifier, uint256 rigId, uint256 epoch) internal pure returns (bytes20) {
        return bytes20(keccak256(abi.encode(chainId, verifier, rigId, epoch)));
    }

    // ───────────────────────────── the header ─────────────────────────────

    /// @notice Checks that the header's hash is at or below `target`.
    /// @param header The 80-byte block header.
    /// @param target The target, as a number.
    /// @return hash The header's hash as a little-endian number.
    function checkHeader(bytes calldata header, uint256 target) internal view returns (uint256 hash) {
        hash = headerHashValue(header);
        if (hash > target) revert WorkProofAboveTarget(hash, target);
    }

    /// @notice The header's double-SHA-256 read as a little-endian number (what Bitcoin compares with targets;
    /// explorers print the same number in hex as the block hash).
    /// @param header The 80-byte block header.
    /// @return The hash as a number.
    function headerHashValue(bytes calldata header) internal view returns (uint256) {
        if (header.length != HEADER_LENGTH) revert WorkProofMalformedHeader(header.length);
        return reverseBytes(uint256(hash256(header)));
    }

    /// @notice The merkle root a header commits to (bytes 36 to 68), in internal byte order.
    /// @param header The 80-byte block header.
    /// @return root The merkle root.
    function headerMerkleRoot(bytes calldata header) internal pure returns (bytes32 root) {
        if (header.length != HEADER_LENGTH) revert WorkProofMalformedHeader(header.length);
        assembly ("memory-safe") {
            root := calldataload(add(header.offset, 36))
        }
    }

    /// @notice The header's `bits` field (bytes 72 to 76, little-endian): the block's own target, compact.
    /// @param header The 80-byte block header.
    /// @return bits The compact target.
    function headerBits(bytes calldata header) internal pure returns (uint32 bits) {
        if (header.length != HEADER_LENGTH) revert WorkProofMalformedHeader(header.length);
        uint256 word;
        assembly ("memory-safe") {
            word := calldataload(add(header.offset, 72))
        }
        // The top four bytes of `word` are bits[0..4], least significant first.
        bits = uint32(reverseBytes((word >> 224) << 224));
    }

    /// @notice Decodes a compact target (`bits`) as Bitcoin's `SetCompact` does: mantissa × 256^(exponent − 3).
    /// @dev Reverts with `WorkProofBadBits` where Bitcoin's `CheckProofOfWork` rejects the encoding: a set
    /// sign bit with a non-zero mantissa, a number above 2^256, or zero.
    /// @param bits The compact target: exponent in the top byte, 23-bit mantissa and a sign bit below.
    /// @return target The target.
    function bitsToTarget(uint32 bits) internal pure returns (uint256 target) {
        uint256 size = bits >> 24;
        uint256 word = bits & 0x007fffff;
        if (size <= 3) {
            word >>= 8 * (3 - size);
            target = word;
        } else {
            // `size` ≤ 255 and the overflow check below rejects every shift that drops set bits.
            target = word << (8 * (size - 3));
        }
        bool negative = word != 0 && (bits & 0x00800000) != 0;
        bool overflow = word != 0 && (size > 34 || (word > 0xff && size > 33) || (word > 0xffff && size > 32));
        if (negative || overflow || target == 0) revert WorkProofBadBits(bits);
    }

    // ───────────────────────────── the coinbase ─────────────────────────────

    /// @notice A coinbase's txid: double-SHA-256 of its non-witness serialization, internal byte order.
    /// @dev The caller passes the non-witness serialization. For a segwit coinbase (version, 0x00 marker,
    /// 0x01 flag, inputs, outputs, witness, lock time), drop the marker, the flag and the witness: what is left
    /// is version ‖ inputs ‖ outputs ‖ lock time. A pool's job gives it directly as coinb1 ‖ extranonce1 ‖
    /// extranonce2 ‖ coinb2 (Stratum V1 sends coinbases without witness).
    /// @param coinbase The transaction, non-witness serialization.
    /// @return The txid.
    function txid(bytes calldata coinbase) internal view returns (bytes32) {
        return hash256(coinbase);
    }

    /// @notice The rig tag a coinbase carries: the 20 bytes after the first `TAG_MAGIC`.
    /// @dev Searches the scriptSig, then each OP_RETURN output's script in order; `TAG_MAGIC ‖ tag` must lie
    /// within one script. Only the first occurrence counts, so one coinbase (one share) binds to exactly one
    /// rig and epoch even if it carries several tags. Validates the whole transaction first (see
    /// `coinbaseScriptSig`).
    /// @param coinbase The coinbase transaction, non-witness serialization.
    /// @return tag The tag.
    function coinbaseTag(bytes calldata coinbase) internal pure returns (bytes20 tag) {
        (uint256 sigStart, uint256 sigEnd, uint256 outputsStart) = _parseCoinbase(coinbase);
        bool found;
        (found, tag) = _tagIn(coinbase, sigStart, sigEnd);
        if (found) return tag;
        // The outputs were validated by _parseCoinbase, so this walk stays within bounds without re-checking.
        uint256 p = outputsStart;
        uint256 count;
        (count, p) = _readVarInt(coinbase, p);
        for (uint256 i; i < count; ++i) {
            uint256 scriptLength;
            (scriptLength, p) = _readVarInt(coinbase, p + 8);
            if (scriptLength != 0 && _byteAt(coinbase, p) == 0x6a) {
                (found, tag) = _tagIn(coinbase, p + 1, p + scriptLength);
                if (found) return tag;
            }
            p += scriptLength;
        }
        revert WorkProofTagMissing();
    }

    /// @notice The coinbase input's scriptSig, after checking that the whole transaction parses.
    /// @dev Requirements, each at its byte offset (`WorkProofMalformedCoinbase(offset)` otherwise):
    /// - version (4 bytes), then exactly one input (so a segwit serialization, marker 0x00, is refused);
    /// - the input's previous outpoint is null: 32 zero bytes and index 0xffffffff;
    /// - the scriptSig length is a canonical var-int in [2, 100], then the scriptSig and the sequence (4);
    /// - at least one output, each an 8-byte value and a var-int-prefixed script;
    /// - the 4-byte lock time ends the data exactly.
    /// Such a transaction is at least 62 bytes, and the 28 bytes of a tag make it longer than 64, so a share's
    /// coinbase can never be mistaken for an inner merkle node (64 bytes).
    /// @param coinbase The coinbase transaction, non-witness serialization.
    /// @return scriptSig The scriptSig bytes.
    function coinbaseScriptSig(bytes calldata coinbase) internal pure returns (bytes calldata scriptSig) {
        (uint256 sigStart, uint256 sigEnd, ) = _parseCoinbase(coinbase);
        return coinbase[sigStart:sigEnd];
    }

    /// @notice Where `needle`'s first `needleLength` bytes first occur in `haystack`.
    /// @param haystack The bytes to search.
    /// @param needle The bytes to find, left-aligned (bytes past `needleLength` are ignored).
    /// @param needleLength 1 to 32.
    /// @return found Whether it occurs.
    /// @return index Its first position (0 when not found).
    function indexOf(
        bytes calldata haystack,
        bytes32 needle,
        uint256 needleLength
    ) internal pure returns (bool found, uint256 index) {
        if (needleLength == 0 || needleLength > 32) revert WorkProofBadNeedle(needleLength);
        return _indexOf(haystack, 0, haystack.length, needle, needleLength);
    }

    // ───────────────────────────── the merkle branch ─────────────────────────────

    /// @notice The root that leaf 0 reaches along `branch`: at each level, node = double-SHA-256(node ‖ sibling).
    /// @dev Leaf 0 is always a left child; Bitcoin pairs the last node of an odd level with itself, which never
    /// applies to node 0 below the root, so every sibling is a real one. An empty branch is a one-transaction
    /// block: the root is the txid.
    /// @param leaf The coinbase's txid.
    /// @param branch The siblings from the leaf up, internal byte order.
    /// @return node The root.
    function branchRoot(bytes32 leaf, bytes32[] calldata branch) internal view returns (bytes32 node) {
        assembly ("memory-safe") {
            node := leaf
            let end := add(branch.offset, shl(5, branch.length))
            for {
                let p := branch.offset
            } lt(p, end) {
                p := add(p, 0x20)
            } {
                // Both hashes run in the scratch space 0x00–0x3f: no memory grows with the branch.
                mstore(0x00, node)
                mstore(0x20, calldataload(p))
                if iszero(staticcall(gas(), 0x02, 0x00, 0x40, 0x00, 0x20)) {
                    revert(0, 0)
                }
                if iszero(staticcall(gas(), 0x02, 0x00, 0x20, 0x00, 0x20)) {
                    revert(0, 0)
                }
                node := mload(0x00)
            }
        }
    }

    // ───────────────────────────── work ─────────────────────────────

    /// @notice The share target of a share difficulty: ⌊DIFF1_TARGET / difficulty⌋, DIFF1_TARGET = 0xFFFF × 2^208.
    /// @dev The "bdiff" convention of Bitcoin and of pools (cgminer, ckpool): difficulty 1 is Bitcoin's easiest
    /// block target. Rounding down makes the target harder, never easier.
    /// @param difficulty The share difficulty, in [1, MAX_DIFFICULTY].
    /// @return The target.
    function shareTarget(uint256 difficulty) internal pure returns (uint256) {
        _checkDifficulty(difficulty);
        return DIFF1_TARGET / difficulty;
    }

    /// @notice The hashes one share at `difficulty` proves: difficulty × 2^32.
    /// @dev A random hash meets target T with probability (T + 1) / 2^256, so a share takes 2^256 / (T + 1)
    /// hashes on average: D × 2^32 × 65536 / 65535 for T = DIFF1_TARGET / D exactly. D × 2^32 is the
    /// convention and understates that by 1/65536 (0.0015%); with the rounded-down target it stays at or below
    /// the true expectation for every D ≤ MAX_DIFFICULTY, so proven work is never overstated.
    /// @param difficulty The share difficulty, in [1, MAX_DIFFICULTY].
    /// @return The expected hashes.
    function expectedHashes(uint256 difficulty) internal pure returns (uint256) {
        _checkDifficulty(difficulty);
        return difficulty << 32;
    }

    // ───────────────────────────── bytes ─────────────────────────────

    /// @notice Double-SHA-256 of `data` with the precompile, internal byte order.
    /// @param data The bytes to hash.
    /// @return digest SHA-256(SHA-256(data)).
    function hash256(bytes calldata data) internal view returns (bytes32 digest) {
        assembly ("memory-safe") {
            // The input is copied past the free memory pointer without claiming it: it is only read once.
            let ptr := mload(0x40)
            calldatacopy(ptr, data.offset, data.length)
            if iszero(staticcall(gas(), 0x02, ptr, data.length, 0x00, 0x20)) {
                revert(0, 0)
            }
            if iszero(staticcall(gas(), 0x02, 0x00, 0x20, 0x00, 0x20)) {
                revert(0, 0)
            }
            digest := mload(0x00)
        }
    }

    /// @notice Reverses the 32 bytes of `x` (big-endian ↔ little-endian).
    /// @param x The number.
    /// @return v `x` with its bytes in the opposite order.
    function reverseBytes(uint256 x) internal pure returns (uint256 v) {
        // Swap adjacent bytes, then pairs, then 4-byte words, 8-byte words, and the two 16-byte halves.
        v =
            ((x >> 8) & 0x00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff) |
            ((x & 0x00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff) << 8);
        v =
            ((v >> 16) & 0x0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff) |
            ((v & 0x0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff) << 16);
        v =
            ((v >> 32) & 0x00000000ffffffff00000000ffffffff00000000ffffffff00000000ffffffff) |
            ((v & 0x00000000ffffffff00000000ffffffff00000000ffffffff00000000ffffffff) << 32);
        v =
            ((v >> 64) & 0x0000000000000000ffffffffffffffff0000000000000000ffffffffffffffff) |
            ((v & 0x0000000000000000ffffffffffffffff0000000000000000ffffffffffffffff) << 64);
        v = (v >> 128) | (v << 128);
    }

    // ───────────────────────────── private ─────────────────────────────

    /// @dev Walks the whole coinbase, checking every length against the bytes left before reading.
    /// Invariant: p ≤ coinbase.length after every step, so `coinbase.length - p` never underflows.
    function _parseCoinbase(
        bytes calldata coinbase
    ) private pure returns (uint256 sigStart, uint256 sigEnd, uint256 outputsStart) {
        uint256 end = coinbase.length;
        // Version (4), input count (1), null outpoint (36) and the scriptSig length (1): 42 bytes at least.
        if (end < 42) revert WorkProofMalformedCoinbase(end);
        if (_byteAt(coinbase, 4) != 1) revert WorkProofMalformedCoinbase(4);
        bytes32 prevHash;
        uint256 prevIndex;
        assembly ("memory-safe") {
            prevHash := calldataload(add(coinbase.offset, 5))
            prevIndex := shr(224, calldataload(add(coinbase.offset, 37)))
        }
        if (prevHash != 0) revert WorkProofMalformedCoinbase(5);
        if (prevIndex != 0xffffffff) revert WorkProofMalformedCoinbase(37);
        uint256 sigLength;
        (sigLength, sigStart) = _readVarInt(coinbase, 41);
        if (sigLength < MIN_SCRIPT_SIG_LENGTH || sigLength > MAX_SCRIPT_SIG_LENGTH) {
            revert WorkProofMalformedCoinbase(41);
        }
        // scriptSig, then the 4-byte sequence.
        if (sigLength + 4 > end - sigStart) revert WorkProofMalformedCoinbase(sigStart);
        sigEnd = sigStart + sigLength;
        outputsStart = sigEnd + 4;
        (uint256 count, uint256 p) = _readVarInt(coinbase, outputsStart);
        if (count == 0) revert WorkProofMalformedCoinbase(outputsStart);
        for (uint256 i; i < count; ++i) {
            // Each output: 8-byte value, then its script. The loop ends within `end / 9` rounds at most.
            if (end - p < 8) revert WorkProofMalformedCoinbase(p);
            uint256 scriptLength;
            (scriptLength, p) = _readVarInt(coinbase, p + 8);
            if (scriptLength > end - p) revert WorkProofMalformedCoinbase(p);
            p += scriptLength;
        }
        if (end - p != 4) revert WorkProofMalformedCoinbase(p);
    }

    /// @dev A canonical Bitcoin var-int at `p` (1, 3, 5 or 9 bytes); reverts if it does not fit or is not the
    /// shortest encoding of its value (Bitcoin rejects those). Returns the value and the offset after it.
    function _readVarInt(bytes calldata data, uint256 p) private pure returns (uint256 value, uint256 next) {
        if (p >= data.length) revert WorkProofMalformedCoinbase(p);
        uint256 first = _byteAt(data, p);
        if (first < 0xfd) return (first, p + 1);
        uint256 size = first == 0xfd ? 2 : (first == 0xfe ? 4 : 8);
        if (data.length - p - 1 < size) revert WorkProofMalformedCoinbase(p);
        uint256 word;
        assembly ("memory-safe") {
            word := calldataload(add(add(data.offset, p), 1))
        }
        // Keep the `size` bytes read, then turn them from little-endian into a number.
        value = reverseBytes((word >> (256 - 8 * size)) << (256 - 8 * size));
        if (value < (size == 2 ? 0xfd : (size == 4 ? 0x10000 : 0x100000000))) revert WorkProofMalformedCoinbase(p);
        next = p + 1 + size;
    }

    /// @dev The first `TAG_MAGIC ‖ tag` within [from, to) of `data`; from ≤ to ≤ data.length.
    function _tagIn(bytes calldata data, uint256 from, uint256 to) private pure returns (bool found, bytes20 tag) {
        // The magic must leave room for the tag before `to`.
        if (to - from < 8 + TAG_LENGTH) return (false, tag);
        uint256 at;
        (found, at) = _indexOf(data, from, to - TAG_LENGTH, bytes32(TAG_MAGIC), 8);
        if (found) {
            bytes32 word;
            assembly ("memory-safe") {
                word := calldataload(add(add(data.offset, at), 8))
            }
            // The conversion keeps the first 20 bytes, the tag, and drops the 12 the load took past it.
            tag = bytes20(word);
        }
    }

    /// @dev First occurrence of `needle`'s first `len` bytes entirely within [from, to) of `data`;
    /// from ≤ to ≤ data.length, 1 ≤ len ≤ 32. A 32-byte load at position i is masked to its first `len`
    /// bytes, all inside [i, i + len) ⊆ [from, to): bytes beyond never count.
    function _indexOf(
        bytes calldata data,
        uint256 from,
        uint256 to,
        bytes32 needle,
        uint256 len
    ) private pure returns (bool found, uint256 index) {
        if (to - from < len) return (false, 0);
        bytes32 mask = bytes32(type(uint256).max << (256 - 8 * len));
        bytes32 wanted = needle & mask;
        // Positions from..to − len, as calldata addresses: the loop is the hot path of a tag search.
        assembly ("memory-safe") {
            let p := add(data.offset, from)
            let last := add(data.offset, sub(to, len))
            for {} iszero(gt(p, last)) {
                p := add(p, 1)
            } {
                if eq(and(calldataload(p), mask), wanted) {
                    found := 1
                    index := sub(p, data.offset)
                    break
                }
            }
        }
    }

    /// @dev The byte at `p`; callers have checked p < data.length.
    function _byteAt(bytes calldata data, uint256 p) private pure returns (uint256 b) {
        assembly ("memory-safe") {
            b := byte(0, calldataload(add(data.offset, p)))
        }
    }

    function _checkDifficulty(uint256 difficulty) private pure {
        if (difficulty == 0 || difficulty > MAX_DIFFICULTY) revert WorkProofBadDifficulty(difficulty);
    }
}
