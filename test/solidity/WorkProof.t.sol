// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

// Tests of the Bitcoin share verifier (WorkProof) on real blocks and on shares mined here at a low target:
// - real headers (mainnet 542213 and 370090, the genesis block, testnet blocks) meet the target of their own
//   `bits` and hash to their published block hashes; the header with an altered nonce is above its target;
// - the coinbases' txids and merkle branches (generated from all the blocks' txids by
//   scripts/gen-bitcoin-fixtures.ts) reach the headers' roots, and AntPool's tag is found in 542213's scriptSig;
//   a flipped bit anywhere in the header, the coinbase or a sibling fails;
// - a mined share verifies for its rig, epoch and deployment only; a wrong branch, a header one above target and
//   a truncated coinbase fail;
// - fuzz: arbitrary headers, coinbases and branches revert only with WorkProof's errors, and a parse never
//   depends on the bytes after the coinbase in calldata (nothing is read out of range);
// - shareTarget and expectedHashes over the whole uint256 range;
// - the gas of one share, with branches of 2 and 10 siblings, and each step's share of it.

// solhint-disable no-console
import {console} from "hardhat/console.sol";

import {WorkProof} from "../../contracts/libraries/WorkProof.sol";

import {BitcoinBlocks} from "./utils/BitcoinBlocks.sol";
import {Test} from "./utils/Test.sol";

/// @notice Exposes WorkProof's internal functions with calldata arguments, as a contract calling them would.
contract WorkProofHarness {
    function verifyShare(
        bytes calldata header,
        bytes calldata coinbase,
        bytes32[] calldata branch,
        uint256 target,
        bytes20 tag
    ) external view returns (uint256) {
        return WorkProof.verifyShare(header, coinbase, branch, target, tag);
    }

    /// @notice `verifyShare` and the gas it used, measured around the library call (no call or calldata costs).
    function verifyShareGas(
        bytes calldata header,
        bytes calldata coinbase,
        bytes32[] calldata branch,
        uint256 target,
        bytes20 tag
    ) external view returns (uint256 shareHash, uint256 gasUsed) {
        uint256 start = gasleft();
        shareHash = WorkProof.verifyShare(header, coinbase, branch, target, tag);
        gasUsed = start - gasleft();
    }

    /// @notice The gas of each step of `verifyShare`: the header check, the coinbase parse and tag search, the
    /// txid and the branch.
    function verifyShareGasParts(
        bytes calldata header,
        bytes calldata coinbase,
        bytes32[] calldata branch,
        uint256 target
    ) external view returns (uint256 headerGas, uint256 tagGas, uint256 txidGas, uint256 branchGas) {
        uint256 start = gasleft();
        WorkProof.checkHeader(header, target);
        headerGas = start - gasleft();
        start = gasleft();
        WorkProof.coinbaseTag(coinbase);
        tagGas = start - gasleft();
        start = gasleft();
        bytes32 leaf = WorkProof.txid(coinbase);
        txidGas = start - gasleft();
        start = gasleft();
        WorkProof.branchRoot(leaf, branch);
        branchGas = start - gasleft();
    }

    /// @notice A real block's coinbase proof: the header at its own `bits`, the coinbase parses, the branch
    /// reaches the root.
    function verifyBlock(
        bytes calldata header,
        bytes calldata coinbase,
        bytes32[] calldata branch
    ) external view returns (uint256 hash) {
        hash = WorkProof.checkHeader(header, WorkProof.bitsToTarget(WorkProof.headerBits(header)));
        WorkProof.coinbaseScriptSig(coinbase);
        bytes32 computed = WorkProof.branchRoot(WorkProof.txid(coinbase), branch);
        bytes32 root = WorkProof.headerMerkleRoot(header);
        if (computed != root) revert WorkProof.WorkProofBadMerkleProof(computed, root);
    }

    function checkHeader(bytes calldata header, uint256 target) external view returns (uint256) {
        return WorkProof.checkHeader(header, target);
    }

    function headerHashValue(bytes calldata header) external view returns (uint256) {
        return WorkProof.headerHashValue(header);
    }

    function headerMerkleRoot(bytes calldata header) external pure returns (bytes32) {
        return WorkProof.headerMerkleRoot(header);
    }

    function headerBits(bytes calldata header) external pure returns (uint32) {
        return WorkProof.headerBits(header);
    }

    function bitsToTarget(uint32 bits) external pure returns (uint256) {
        return WorkProof.bitsToTarget(bits);
    }

    function txid(bytes calldata coinbase) external view returns (bytes32) {
        return WorkProof.txid(coinbase);
    }

    function coinbaseTag(bytes calldata coinbase) external pure returns (bytes20) {
        return WorkProof.coinbaseTag(coinbase);
    }

    function coinbaseScriptSig(bytes calldata coinbase) external pure returns (bytes memory) {
        return WorkProof.coinbaseScriptSig(coinbase);
    }

    function scriptSigIndexOf(
        bytes calldata coinbase,
        bytes32 needle,
        uint256 needleLength
    ) external pure returns (bool, uint256) {
        return WorkProof.indexOf(WorkProof.coinbaseScriptSig(coinbase), needle, needleLength);
    }

    function branchRoot(bytes32 leaf, bytes32[] calldata branch) external view returns (bytes32) {
        return WorkProof.branchRoot(leaf, branch);
    }

    function shareTarget(uint256 difficulty) external pure returns (uint256) {
        return WorkProof.shareTarget(difficulty);
    }

    function expectedHashes(uint256 difficulty) external pure returns (uint256) {
        return WorkProof.expectedHashes(difficulty);
    }
}

contract WorkProofTest is Test {
    uint256 private constant CHAIN_ID = 31337;
    uint256 private constant RIG = 7;
    uint256 private constant EPOCH = 42;
    /// @dev A low share target for shares mined in the test: 1 hash in 16 meets it.
    uint256 private constant EASY_TARGET = type(uint256).max >> 4;
    uint256 private constant GAS_BUDGET = 25_000;

    WorkProofHarness private harness;

    function setUp() public {
        harness = new WorkProofHarness();
    }

    // ───────────────────────────── real headers ─────────────────────────────

    function test_realHeaders_meetTheirOwnBitsAndHashToTheirBlockHash() public view {
        _checkRealHeader(BitcoinBlocks.MAINNET_542213_HEADER, BitcoinBlocks.MAINNET_542213_HASH, "542213");
        _checkRealHeader(BitcoinBlocks.MAINNET_370090_HEADER, BitcoinBlocks.MAINNET_370090_HASH, "370090");
        _checkRealHeader(BitcoinBlocks.GENESIS_HEADER, BitcoinBlocks.GENESIS_HASH, "genesis");
        _checkRealHeader(
            BitcoinBlocks.TESTNET_KNCMINER_HEADER,
            BitcoinBlocks.TESTNET_KNCMINER_HASH,
            "testnet kncminer"
        );
        _checkRealHeader(BitcoinBlocks.TESTNET_10TX_HEADER, BitcoinBlocks.TESTNET_10TX_HASH, "testnet 10 txs");
        _checkRealHeader(BitcoinBlocks.TESTNET_103TX_HEADER, BitcoinBlocks.TESTNET_103TX_HASH, "testnet 103 txs");
    }

    function test_bits_decodeKnownTargets() public view {
        // The genesis block's bits, 0x1d00ffff, are difficulty 1.
        assertEq(harness.headerBits(BitcoinBlocks.GENESIS_HEADER), 0x1d00ffff, "genesis bits");
        assertEq(harness.bitsToTarget(0x1d00ffff), WorkProof.DIFF1_TARGET, "difficulty-1 target");
        // 542213's bits are 0x172819a1 (stored a1 19 28 17): 0x2819a1 × 256^(0x17 − 3).
        assertEq(harness.headerBits(BitcoinBlocks.MAINNET_542213_HEADER), 0x172819a1, "542213 bits");
        assertEq(harness.bitsToTarget(0x172819a1), uint256(0x2819a1) << (8 * (0x17 - 3)), "542213 target");
        // Small exponents shift the mantissa right.
        assertEq(harness.bitsToTarget(0x01123456), 0x12, "exponent 1");
        assertEq(harness.bitsToTarget(0x02123456), 0x1234, "exponent 2");
        assertEq(harness.bitsToTarget(0x03123456), 0x123456, "exponent 3");
        // The largest exponent that fits: a one-byte mantissa at exponent 34 fills the top byte.
        assertEq(harness.bitsToTarget(0x2200007f), uint256(0x7f) << 248, "exponent 34");
    }

    function test_RevertWhen_bitsAreNegativeZeroOrOverflow() public {
        uint32[6] memory bad = [uint32(0x1d80ffff), 0x1d000000, 0x01003456, 0x23000001, 0x22000100, 0x21010000];
        for (uint256 i; i < bad.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(WorkProof.WorkProofBadBits.selector, bad[i]));
            harness.bitsToTarget(bad[i]);
        }
    }

    function test_RevertWhen_headerNonceAltered() public {
        bytes memory header = BitcoinBlocks.ALTERED_NONCE_HEADER;
        uint256 target = harness.bitsToTarget(harness.headerBits(header));
        assertEq(harness.headerHashValue(header), BitcoinBlocks.ALTERED_NONCE_HASH, "altered hash");
        vm.expectRevert(
            abi.encodeWithSelector(WorkProof.WorkProofAboveTarget.selector, BitcoinBlocks.ALTERED_NONCE_HASH, target)
        );
        harness.checkHeader(header, target);
    }

    function test_header_passesAtItsHashAndFailsOneBelow() public {
        bytes memory header = BitcoinBlocks.MAINNET_370090_HEADER;
        uint256 hash = BitcoinBlocks.MAINNET_370090_HASH;
        assertEq(harness.checkHeader(header, hash), hash, "hash <= target, equal");
        vm.expectRevert(abi.encodeWithSelector(WorkProof.WorkProofAboveTarget.selector, hash, hash - 1));
        harness.checkHeader(header, hash - 1);
    }

    function test_RevertWhen_headerIsNot80Bytes() public {
        bytes memory header = BitcoinBlocks.GENESIS_HEADER;
        vm.expectRevert(abi.encodeWithSelector(WorkProof.WorkProofMalformedHeader.selector, 79));
        harness.checkHeader(_slice(header, 0, 79), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(WorkProof.WorkProofMalformedHeader.selector, 81));
        harness.checkHeader(bytes.concat(header, hex"00"), type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(WorkProof.WorkProofMalformedHeader.selector, 0));
        harness.headerMerkleRoot("");
    }

    // ───────────────────────────── real coinbases and branches ─────────────────────────────

    function test_mainnet542213_coinbaseReachesTheRootAndCarriesAntPool() public view {
        bytes memory coinbase = BitcoinBlocks.MAINNET_542213_COINBASE;
        assertEq(harness.txid(coinbase), BitcoinBlocks.MAINNET_542213_COINBASE_TXID, "txid");
        bytes32[] memory branch = BitcoinBlocks.mainnet542213Branch();
        assertEq(branch.length, 2, "4 transactions: 2 levels");
        bytes32 root = harness.headerMerkleRoot(BitcoinBlocks.MAINNET_542213_HEADER);
        assertEq(harness.branchRoot(BitcoinBlocks.MAINNET_542213_COINBASE_TXID, branch), root, "root");
        assertEq(
            harness.verifyBlock(BitcoinBlocks.MAINNET_542213_HEADER, coinbase, branch),
            BitcoinBlocks.MAINNET_542213_HASH,
            "block proof"
        );

        (bool found, uint256 at) = harness.scriptSigIndexOf(coinbase, "Mined by AntPool", 16);
        assertTrue(found, "AntPool's tag in the scriptSig");
        // The scriptSig starts with the BIP34 height push (03 054608 = 542213), then AntPool's marker.
        bytes memory scriptSig = harness.coinbaseScriptSig(coinbase);
        assertEq(scriptSig.length, 80, "scriptSig length");
        assertEq(uint8(scriptSig[0]), 3, "height push");
        assertEq(uint24(bytes3(_slice(scriptSig, 1, 3))), 0x054608, "height 542213, little-endian");
        assertEq(keccak256(_slice(scriptSig, at, 16)), keccak256("Mined by AntPool"), "found where it is");
        (found, ) = harness.scriptSigIndexOf(coinbase, "Mined by F2Pool", 15);
        assertFalse(found, "another pool's tag is absent");
    }

    function test_RevertWhen_coinbaseHasItsWitness() public {
        // The block's own (segwit) serialization: 0x00 marker where the input count is, so it is refused.
        vm.expectRevert(abi.encodeWithSelector(WorkProof.WorkProofMalformedCoinbase.selector, 4));
        harness.coinbaseScriptSig(BitcoinBlocks.MAINNET_542213_COINBASE_WITH_WITNESS);
        assertTrue(
            harness.txid(BitcoinBlocks.MAINNET_542213_COINBASE_WITH_WITNESS) !=
                BitcoinBlocks.MAINNET_542213_COINBASE_TXID,
            "the witness serialization hashes to the wtxid, not the txid"
        );
    }

    function test_testnetBlocks_coinbaseBranchesReachTheirRoots() public view {
        bytes32[] memory branch = BitcoinBlocks.testnet103TxBranch();
        assertEq(branch.length, 7, "103 transactions: 7 levels");
        assertEq(
            harness.verifyBlock(BitcoinBlocks.TESTNET_103TX_HEADER, BitcoinBlocks.TESTNET_103TX_COINBASE, branch),
            BitcoinBlocks.TESTNET_103TX_HASH,
            "testnet 103 txs"
        );
        assertEq(
            harness.verifyBlock(
                BitcoinBlocks.TESTNET_10TX_HEADER,
                BitcoinBlocks.TESTNET_10TX_COINBASE,
                BitcoinBlocks.testnet10TxBranch()
            ),
            BitcoinBlocks.TESTNET_10TX_HASH,
            "testnet 10 txs"
        );
        // One-transaction blocks: the root is the coinbase's txid (empty branch).
        assertEq(
            harness.verifyBlock(
                BitcoinBlocks.TESTNET_KNCMINER_HEADER,
                BitcoinBlocks.TESTNET_KNCMINER_COINBASE,
                BitcoinBlocks.testnetKncminerBranch()
            ),
            BitcoinBlocks.TESTNET_KNCMINER_HASH,
            "testnet KnCMiner"
        );
        assertEq(
            harness.verifyBlock(
                BitcoinBlocks.GENESIS_HEADER,
                BitcoinBlocks.GENESIS_COINBASE,
                BitcoinBlocks.genesisBranch()
            ),
            BitcoinBlocks.GENESIS_HASH,
            "genesis"
        );
        (bool found, ) = harness.scriptSigIndexOf(BitcoinBlocks.TESTNET_KNCMINER_COINBASE, "KnCMiner", 8);
        assertTrue(found, "KnCMiner's tag");
        (found, ) = harness.scriptSigIndexOf(BitcoinBlocks.GENESIS_COINBASE, "The Times 03/Jan/2009", 21);
        assertTrue(found, "the genesis headline");
    }

    function test_mainnet542213_anyFlippedBitFails() public view {
        bytes memory header = BitcoinBlocks.MAINNET_542213_HEADER;
        bytes memory coinbase = BitcoinBlocks.MAINNET_542213_COINBASE;
        bytes32[] memory branch = BitcoinBlocks.mainnet542213Branch();
        for (uint256 bit; bit < header.length * 8; ++bit) {
            _expectCustomRevert(_flip(header, bit), coinbase, branch, "header bit");
        }
        for (uint256 bit; bit < coinbase.length * 8; ++bit) {
            _expectCustomRevert(header, _flip(coinbase, bit), branch, "coinbase bit");
        }
        for (uint256 i; i < branch.length; ++i) {
            for (uint256 bit; bit < 256; ++bit) {
                bytes32[] memory flipped = _copy(branch);
                flipped[i] ^= bytes32(uint256(1) << bit);
                _expectCustomRevert(header, coinbase, flipped, "sibling bit");
            }
        }
        // Dropping or adding a level also misses the root.
        bytes32[] memory shorter = new bytes32[](1);
        shorter[0] = branch[0];
        _expectCustomRevert(header, coinbase, shorter, "one level short");
        bytes32[] memory longer = new bytes32[](3);
        (longer[0], longer[1], longer[2]) = (branch[0], branch[1], branch[1]);
        _expectCustomRevert(header, coinbase, longer, "one level too many");
    }

    function test_RevertWhen_coinbaseTruncatedEvenWithItsRestInCalldata() public {
        // 542213's coinbase, and one with two 300-byte output scripts (3-byte var-int lengths).
        bytes[2] memory coinbases = [
            BitcoinBlocks.MAINNET_542213_COINBASE,
            _coinbaseWith(abi.encodePacked(WorkProof.TAG_MAGIC, _tag(RIG, EPOCH)), 2, 300, "")
        ];
        for (uint256 c; c < coinbases.length; ++c) {
            bytes memory coinbase = coinbases[c];
            for (uint256 length; length < coinbase.length; ++length) {
                // The bytes cut off follow the prefix in calldata: reading past its end would find them.
                (bool ok, bytes memory err) = _rawCoinbaseTag(
                    _slice(coinbase, 0, length),
                    _slice(coinbase, length, coinbase.length - length)
                );
                assertFalse(ok, "a truncated coinbase parsed");
                assertEq(bytes4(err), WorkProof.WorkProofMalformedCoinbase.selector, "WorkProofMalformedCoinbase");
            }
        }
        vm.expectRevert(abi.encodeWithSelector(WorkProof.WorkProofMalformedCoinbase.selector, coinbases[0].length - 4));
        harness.coinbaseScriptSig(bytes.concat(coinbases[0], hex"00"));
    }

    // ───────────────────────────── mined shares ─────────────────────────────

    function test_minedShare_verifiesForItsRigAndEpoch() public view {
        bytes20 tag = _tag(RIG, EPOCH);
        bytes memory coinbase = _coinbase(abi.encodePacked(WorkProof.TAG_MAGIC, tag, "/pool/"), "");
        bytes32[] memory branch = _branch(5, 1);
        bytes memory header = _mine(harness.branchRoot(harness.txid(coinbase), branch), EASY_TARGET);
        uint256 shareHash = harness.verifyShare(header, coinbase, branch, EASY_TARGET, tag);
        assertEq(shareHash, harness.headerHashValue(header), "returns the share hash");
        assertLe(shareHash, EASY_TARGET, "meets the target");
        assertEq(bytes32(harness.coinbaseTag(coinbase)), bytes32(tag), "the tag read back");
    }

    function test_minedShare_tagInAnOpReturnOutput() public view {
        bytes20 tag = _tag(RIG, EPOCH);
        bytes memory coinbase = _coinbase("/pool/", abi.encodePacked(WorkProof.TAG_MAGIC, tag));
        bytes32[] memory branch = _branch(2, 2);
        bytes memory header = _mine(harness.branchRoot(harness.txid(coinbase), branch), EASY_TARGET);
        harness.verifyShare(header, coinbase, branch, EASY_TARGET, tag);
    }

    function test_RevertWhen_minedShareCarriesAnotherTag() public {
        bytes20 tag = _tag(RIG, EPOCH);
        bytes memory coinbase = _coinbase(abi.encodePacked(WorkProof.TAG_MAGIC, tag), "");
        bytes32[] memory branch = _branch(3, 3);
        bytes memory header = _mine(harness.branchRoot(harness.txid(coinbase), branch), EASY_TARGET);
        bytes20[4] memory others = [
            _tag(RIG + 1, EPOCH), // another rig
            _tag(RIG, EPOCH - 1), // a previous epoch: the same share replayed in the next epoch
            WorkProof.tagFor(CHAIN_ID, address(0xbeef), RIG, EPOCH), // another deployment
            WorkProof.tagFor(CHAIN_ID + 1, address(this), RIG, EPOCH) // another chain
        ];
        for (uint256 i; i < others.length; ++i) {
            vm.expectRevert(abi.encodeWithSelector(WorkProof.WorkProofWrongTag.selector, tag, others[i]));
            harness.verifyShare(header, coinbase, branch, EASY_TARGET, others[i]);
        }
    }

    function test_minedShare_onlyTheFirstTagCounts() public {
        // Two tags in one coinbase would let one share count for two rigs; only the first one is read.
        bytes20 first = _tag(RIG, EPOCH);
        bytes20 second = _tag(RIG + 1, EPOCH);
        bytes memory coinbase = _coinbase(
            abi.encodePacked(WorkProof.TAG_MAGIC, first, WorkProof.TAG_MAGIC, second),
            abi.encodePacked(WorkProof.TAG_MAGIC, second)
        );
        bytes32[] memory branch = _branch(1, 4);
        bytes memory header = _mine(harness.branchRoot(harness.txid(coinbase), branch), EASY_TARGET);
        harness.verifyShare(header, coinbase, branch, EASY_TARGET, first);
        vm.expectRevert(abi.encodeWithSelector(WorkProof.WorkProofWrongTag.selector, first, second));
        harness.verifyShare(header, coinbase, branch, EASY_TARGET, second);
    }

    function test_RevertWhen_minedShareHasNoTag() public {
        // The magic without room for a whole tag after it, in the scriptSig and in an OP_RETURN, is no tag.
        bytes20 tag = _tag(RIG, EPOCH);
        bytes memory coinbase = _coinbase(
            abi.encodePacked(WorkProof.TAG_MAGIC, bytes19(tag)),
            abi.encodePacked(WorkProof.TAG_MAGIC, bytes19(tag))
        );
        bytes32[] memory branch = _branch(2, 5);
        bytes memory header = _mine(harness.branchRoot(harness.txid(coinbase), branch), EASY_TARGET);
        vm.expectRevert(WorkProof.WorkProofTagMissing.selector);
        harness.verifyShare(header, coinbase, branch, EASY_TARGET, tag);
    }

    function test_RevertWhen_minedShareBranchMissesTheRoot() public {
        bytes20 tag = _tag(RIG, EPOCH);
        bytes memory coinbase = _coinbase(abi.encodePacked(WorkProof.TAG_MAGIC, tag), "");
        bytes32[] memory branch = _branch(4, 6);
        bytes32 root = harness.branchRoot(harness.txid(coinbase), branch);
        bytes memory header = _mine(root, EASY_TARGET);
        bytes32[] memory other = _branch(4, 7);
        bytes32 computed = harness.branchRoot(harness.txid(coinbase), other);
        vm.expectRevert(abi.encodeWithSelector(WorkProof.WorkProofBadMerkleProof.selector, computed, root));
        harness.verifyShare(header, coinbase, other, EASY_TARGET, tag);
    }

    function test_RevertWhen_minedShareIsOneAboveTarget() public {
        bytes20 tag = _tag(RIG, EPOCH);
        bytes memory coinbase = _coinbase(abi.encodePacked(WorkProof.TAG_MAGIC, tag), "");
        bytes32[] memory branch = _branch(2, 8);
        bytes memory header = _mine(harness.branchRoot(harness.txid(coinbase), branch), EASY_TARGET);
        uint256 hash = harness.headerHashValue(header);
        assertEq(harness.verifyShare(header, coinbase, branch, hash, tag), hash, "target = hash passes");
        vm.expectRevert(abi.encodeWithSelector(WorkProof.WorkProofAboveTarget.selector, hash, hash - 1));
        harness.verifyShare(header, coinbase, branch, hash - 1, tag);
    }

    function test_RevertWhen_minedShareCoinbaseTruncated() public {
        bytes20 tag = _tag(RIG, EPOCH);
        bytes memory coinbase = _coinbase(abi.encodePacked(WorkProof.TAG_MAGIC, tag), "");
        bytes32[] memory branch = _branch(2, 9);
        bytes memory header = _mine(harness.branchRoot(harness.txid(coinbase), branch), EASY_TARGET);
        for (uint256 cut = 1; cut <= coinbase.length; ++cut) {
            vm.expectPartialRevert(WorkProof.WorkProofMalformedCoinbase.selector);
            harness.verifyShare(header, _slice(coinbase, 0, coinbase.length - cut), branch, EASY_TARGET, tag);
        }
    }

    // ───────────────────────────── gas ─────────────────────────────

    function test_gas_verifyShare() public view {
        bytes20 tag = _tag(RIG, EPOCH);
        // A pool-sized coinbase (542213's, 226 bytes, tag right after the height push), branches of 2 and 10.
        _logShareGas(_realisticCoinbase(tag), 2, tag, "pool-sized coinbase");
        _logShareGas(_realisticCoinbase(tag), 10, tag, "pool-sized coinbase");
        // The longest search: a 100-byte scriptSig with the tag at its very end.
        bytes memory filler = new bytes(100 - 4 - 28);
        _logShareGas(_coinbase(abi.encodePacked(filler, WorkProof.TAG_MAGIC, tag), ""), 10, tag, "tag last");
    }

    function _logShareGas(bytes memory coinbase, uint256 depth, bytes20 tag, string memory what) private view {
        bytes32[] memory branch = _branch(depth, depth);
        bytes memory header = _mine(harness.branchRoot(harness.txid(coinbase), branch), EASY_TARGET);
        (, uint256 inLibrary) = harness.verifyShareGas(header, coinbase, branch, EASY_TARGET, tag);
        uint256 start = gasleft();
        harness.verifyShare(header, coinbase, branch, EASY_TARGET, tag);
        uint256 asCall = start - gasleft();
        console.log("verifyShare, %s (%d bytes), branch of %d:", what, coinbase.length, depth);
        console.log(
            "  library %d gas, as an external call %d, its calldata %d",
            inLibrary,
            asCall,
            _calldataGas(abi.encodeCall(WorkProofHarness.verifyShare, (header, coinbase, branch, EASY_TARGET, tag)))
        );
        _logShareGasParts(header, coinbase, branch);
        assertLe(inLibrary, GAS_BUDGET, "one share within the issue's 25,000");
    }

    function _logShareGasParts(bytes memory header, bytes memory coinbase, bytes32[] memory branch) private view {
        (uint256 h, uint256 t, uint256 x, uint256 b) = harness.verifyShareGasParts(
            header,
            coinbase,
            branch,
            EASY_TARGET
        );
        console.log("  header %d, coinbase parse + tag %d, txid %d", h, t, x);
        console.log("  branch %d", b);
    }

    // ───────────────────────────── work ─────────────────────────────

    function testFuzz_shareTarget_andExpectedHashes(uint256 difficulty) public {
        if (difficulty == 0 || difficulty > WorkProof.MAX_DIFFICULTY) {
            vm.expectRevert(abi.encodeWithSelector(WorkProof.WorkProofBadDifficulty.selector, difficulty));
            harness.shareTarget(difficulty);
            vm.expectRevert(abi.encodeWithSelector(WorkProof.WorkProofBadDifficulty.selector, difficulty));
            harness.expectedHashes(difficulty);
            return;
        }
        uint256 target = harness.shareTarget(difficulty);
        uint256 hashes = harness.expectedHashes(difficulty);
        assertEq(target, WorkProof.DIFF1_TARGET / difficulty, "target = diff1 / D, rounded down");
        assertEq(hashes, difficulty * 2 ** 32, "D x 2^32");
        // A share takes 2^256 / (T + 1) hashes on average. D × 2^32 never overstates it:
        // D × 2^32 × (T + 1) ≤ 2^256  ⇔  T + 1 ≤ 2^224 / D (T + 1 an integer, so the floor holds too) …
        uint256 exactBound = (uint256(1) << 224) / difficulty;
        assertLe(target + 1, exactBound, "expected hashes never overstated");
        // … and understates it by about 1/65536 only (the 0xFFFF of 2^16 in the difficulty-1 target).
        assertLe(exactBound - (target + 1), exactBound / 65_535 + 1, "understated by at most ~0.0015%");
    }

    function test_shareTarget_edges() public {
        assertEq(harness.shareTarget(1), WorkProof.DIFF1_TARGET, "difficulty 1");
        assertEq(harness.expectedHashes(1), 2 ** 32, "2^32 hashes");
        assertEq(harness.shareTarget(WorkProof.MAX_DIFFICULTY), 0xFFFF, "the hardest accepted");
        vm.expectRevert(abi.encodeWithSelector(WorkProof.WorkProofBadDifficulty.selector, 0));
        harness.shareTarget(0);
        vm.expectRevert(abi.encodeWithSelector(WorkProof.WorkProofBadDifficulty.selector, type(uint256).max));
        harness.expectedHashes(type(uint256).max);
    }

    function testFuzz_bitsToTarget_onlyBadBitsReverts(uint32 bits) public view {
        try harness.bitsToTarget(bits) returns (uint256 target) {
            assertGt(target, 0, "a positive target");
            // Re-derive from the definition: mantissa × 256^(exponent − 3).
            uint256 size = bits >> 24;
            uint256 mantissa = bits & 0x7fffff;
            uint256 expected = size <= 3 ? mantissa >> (8 * (3 - size)) : mantissa << (8 * (size - 3));
            assertEq(target, expected, "mantissa x 256^(exponent - 3)");
            if (size > 3) assertEq(target >> (8 * (size - 3)), mantissa, "no mantissa bit lost to overflow");
        } catch (bytes memory err) {
            assertEq(bytes4(err), WorkProof.WorkProofBadBits.selector, "only WorkProofBadBits");
        }
    }

    // ───────────────────────────── fuzz: malformed input ─────────────────────────────

    function testFuzz_verifyShare_arbitraryBytesRevertWithCustomErrorsOnly(
        bytes memory header,
        bytes memory coinbase,
        bytes32[] memory branch,
        uint256 target,
        bytes20 tag,
        bool header80
    ) public view {
        // Half the runs take an 80-byte header at the easiest target, to get past the header check.
        if (header80) {
            header = bytes.concat(keccak256(header), keccak256(coinbase), bytes16(keccak256(abi.encode(branch))));
            target = type(uint256).max;
        }
        try harness.verifyShare(header, coinbase, branch, target, tag) {
            // Only a real proof passes; random bytes cannot parse as a tagged coinbase reaching the root.
            revert("random bytes verified");
        } catch (bytes memory err) {
            _assertWorkProofError(err);
        }
    }

    function testFuzz_coinbase_mutatedOrTruncatedNeverReadsPastItsEnd(
        uint256 sigLength,
        uint256 outputs,
        uint256 scriptLength,
        uint256 cut,
        uint256 flipAt,
        bool tagInOpReturn
    ) public view {
        bytes20 tag = _tag(RIG, EPOCH);
        sigLength = bound(sigLength, 0, 110);
        bytes memory sig = new bytes(sigLength);
        for (uint256 i; i < sigLength; ++i) sig[i] = bytes1(uint8(uint256(keccak256(abi.encode(i, outputs)))));
        bytes memory tagBytes = abi.encodePacked(WorkProof.TAG_MAGIC, tag);
        bytes memory full = _coinbaseWith(
            tagInOpReturn ? sig : bytes.concat(tagBytes, sig),
            bound(outputs, 0, 4),
            bound(scriptLength, 0, 300),
            tagInOpReturn ? tagBytes : bytes("")
        );
        // A prefix of the coinbase, possibly with one byte changed; in calldata it is followed by the bytes it
        // lost, so a read past its end would see a well-formed remainder.
        // One run in five keeps the whole coinbase, so the parse that succeeds is exercised too.
        cut = cut % 5 == 0 ? full.length : bound(cut, 0, full.length);
        bytes memory prefix = _slice(full, 0, cut);
        bool flipped = prefix.length != 0 && flipAt % 3 == 0;
        if (flipped) prefix[flipAt % prefix.length] ^= bytes1(uint8(1 + (flipAt % 255)));
        bytes memory lost = _slice(full, cut, full.length - cut);

        (bool okLost, bytes memory retLost) = _rawCoinbaseTag(prefix, lost);
        (bool okZeros, bytes memory retZeros) = _rawCoinbaseTag(prefix, new bytes(lost.length + 64));
        assertEq(okLost, okZeros, "the outcome does not depend on the bytes after the coinbase");
        assertEq(keccak256(retLost), keccak256(retZeros), "nor the result");
        if (!okLost) _assertWorkProofError(retLost);
        if (flipped) return;
        if (cut < full.length) assertFalse(okLost, "a truncated coinbase never parses");
        // The whole coinbase parses when its scriptSig length is within Bitcoin's [2, 100].
        if (okLost) assertEq(abi.decode(retLost, (bytes32)), bytes32(tag), "a parse finds the tag");
    }

    function testFuzz_branchRoot_anyLengthTerminates(bytes32 leaf, bytes32[] memory branch) public view {
        bytes32 node = leaf;
        for (uint256 i; i < branch.length; ++i) node = sha256(abi.encode(sha256(abi.encode(node, branch[i]))));
        assertEq(harness.branchRoot(leaf, branch), node, "the same root as Solidity's sha256");
    }

    function testFuzz_reverseBytes_isItsOwnInverse(uint256 x) public pure {
        assertEq(WorkProof.reverseBytes(WorkProof.reverseBytes(x)), x, "involution");
        assertEq(WorkProof.reverseBytes(x) >> 248, x & 0xff, "last byte first");
    }

    // ───────────────────────────── helpers ─────────────────────────────

    function assertEq(bytes32 actual, bytes32 expected, string memory message) internal pure {
        if (actual != expected) revert(message);
    }

    function _checkRealHeader(bytes memory header, uint256 blockHash, string memory name) private view {
        uint256 target = harness.bitsToTarget(harness.headerBits(header));
        assertEq(harness.checkHeader(header, target), blockHash, name);
        assertLe(blockHash, target, name);
    }

    function _tag(uint256 rig, uint256 epoch) private view returns (bytes20) {
        return WorkProof.tagFor(CHAIN_ID, address(this), rig, epoch);
    }

    /// @dev A coinbase: version 1, the null input with scriptSig = BIP34 height push ‖ `sigBody`, a P2PKH
    /// output, and (when `opReturnData` is not empty) an OP_RETURN output pushing it; lock time 0.
    function _coinbase(bytes memory sigBody, bytes memory opReturnData) private pure returns (bytes memory) {
        return _coinbaseWith(bytes.concat(hex"03054608", sigBody), 1, 25, opReturnData);
    }

    /// @dev 542213's coinbase with the tag after its height push: 226 bytes, two outputs (payout and the
    /// segwit commitment), the size of a real pool's coinbase.
    function _realisticCoinbase(bytes20 tag) private pure returns (bytes memory) {
        bytes memory real = BitcoinBlocks.MAINNET_542213_COINBASE;
        // version (4) ‖ count (1) ‖ outpoint (36) ‖ length (1, 0x50 = 80) ‖ scriptSig (80) ‖ rest.
        bytes memory sig = _slice(real, 42, 80);
        bytes memory newSig = bytes.concat(_slice(sig, 0, 4), WorkProof.TAG_MAGIC, tag, _slice(sig, 4 + 28, 80 - 32));
        return
            bytes.concat(
                _slice(real, 0, 41),
                bytes1(uint8(newSig.length)),
                newSig,
                _slice(real, 122, real.length - 122)
            );
    }

    function _coinbaseWith(
        bytes memory scriptSig,
        uint256 payouts,
        uint256 scriptLength,
        bytes memory opReturnData
    ) private pure returns (bytes memory cb) {
        uint256 outputs = payouts + (opReturnData.length != 0 ? 1 : 0);
        cb = bytes.concat(hex"01000000", hex"01", bytes32(0), hex"ffffffff", _varInt(scriptSig.length), scriptSig);
        cb = bytes.concat(cb, hex"ffffffff", _varInt(outputs));
        for (uint256 i; i < payouts; ++i) {
            bytes memory script = new bytes(scriptLength);
            for (uint256 j; j < scriptLength; ++j) script[j] = bytes1(uint8(j + i + 1));
            cb = bytes.concat(cb, bytes8(uint64(625_000_000)), _varInt(scriptLength), script);
        }
        if (opReturnData.length != 0) {
            bytes memory script = bytes.concat(hex"6a", bytes1(uint8(opReturnData.length)), opReturnData);
            cb = bytes.concat(cb, bytes8(0), _varInt(script.length), script);
        }
        cb = bytes.concat(cb, hex"00000000");
    }

    function _varInt(uint256 value) private pure returns (bytes memory) {
        if (value < 0xfd) return abi.encodePacked(uint8(value));
        return abi.encodePacked(uint8(0xfd), uint8(value), uint8(value >> 8));
    }

    /// @dev `depth` siblings drawn from `seed`.
    function _branch(uint256 depth, uint256 seed) private pure returns (bytes32[] memory branch) {
        branch = new bytes32[](depth);
        for (uint256 i; i < depth; ++i) branch[i] = keccak256(abi.encode(seed, i));
    }

    /// @dev A header committing to `root` whose hash meets `target` (tries nonces from 0).
    function _mine(bytes32 root, uint256 target) private pure returns (bytes memory header) {
        bytes memory prefix = bytes.concat(
            hex"00000020",
            keccak256("previous block"),
            root,
            hex"5e8f1c5c",
            hex"ffff7f20"
        );
        for (uint32 nonce; ; ++nonce) {
            header = bytes.concat(prefix, bytes4(nonce));
            uint256 hash = WorkProof.reverseBytes(uint256(sha256(abi.encode(sha256(header)))));
            if (hash <= target) return header;
        }
    }

    function _rawCoinbaseTag(bytes memory coinbase, bytes memory trailer) private view returns (bool, bytes memory) {
        // ABI head (offset 0x20), the length, the bytes, and then `trailer` directly, without padding.
        return
            address(harness).staticcall(
                abi.encodePacked(
                    WorkProofHarness.coinbaseTag.selector,
                    uint256(0x20),
                    coinbase.length,
                    coinbase,
                    trailer
                )
            );
    }

    function _expectCustomRevert(
        bytes memory header,
        bytes memory coinbase,
        bytes32[] memory branch,
        string memory what
    ) private view {
        try harness.verifyBlock(header, coinbase, branch) {
            revert(string.concat("verified with a flipped ", what));
        } catch (bytes memory err) {
            _assertWorkProofError(err);
        }
    }

    function _assertWorkProofError(bytes memory err) private pure {
        bytes4 selector = bytes4(err);
        assertTrue(
            err.length >= 4 &&
                (selector == WorkProof.WorkProofMalformedHeader.selector ||
                    selector == WorkProof.WorkProofMalformedCoinbase.selector ||
                    selector == WorkProof.WorkProofBadMerkleProof.selector ||
                    selector == WorkProof.WorkProofAboveTarget.selector ||
                    selector == WorkProof.WorkProofTagMissing.selector ||
                    selector == WorkProof.WorkProofWrongTag.selector ||
                    selector == WorkProof.WorkProofBadBits.selector),
            "reverted with something else than a WorkProof error"
        );
    }

    /// @dev The intrinsic gas of `data` as a transaction's input: 16 per non-zero byte, 4 per zero byte.
    function _calldataGas(bytes memory data) private pure returns (uint256 gas) {
        for (uint256 i; i < data.length; ++i) gas += data[i] == 0 ? 4 : 16;
    }

    function _flip(bytes memory data, uint256 bit) private pure returns (bytes memory out) {
        out = bytes.concat(data);
        out[bit / 8] ^= bytes1(uint8(1 << (bit % 8)));
    }

    function _copy(bytes32[] memory a) private pure returns (bytes32[] memory b) {
        b = new bytes32[](a.length);
        for (uint256 i; i < a.length; ++i) b[i] = a[i];
    }

    function _slice(bytes memory data, uint256 start, uint256 length) private pure returns (bytes memory out) {
        out = new bytes(length);
        for (uint256 i; i < length; ++i) out[i] = data[start + i];
    }
}
