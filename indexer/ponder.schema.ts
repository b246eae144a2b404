// Tables of the Rigshare indexer. Amounts are token base units (numeric bigints); addresses are lowercase hex
// as Ponder stores them; `*Block`/`*At` columns are block numbers and block timestamps (Unix seconds).
// Current-state tables (rig, position, balance, listing, …) mirror the contracts' storage so that the
// API can answer what the views would; history tables (event, transfer, fill, claim, …) keep every change.
import { index, onchainTable, primaryKey, relations } from "ponder";

// ───────────────────────────── every event ─────────────────────────────

/** Every event of every indexed contract, decoded (bigints as decimal strings): the complete history. */
export const event = onchainTable(
  "event",
  (t) => ({
    /** Ponder's event id (a checkpoint: sorts in chain order). */
    id: t.text().primaryKey(),
    contract: t.text().notNull(),
    name: t.text().notNull(),
    args: t.jsonb().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
    logIndex: t.integer().notNull(),
    /** The rig the event concerns when it names one (directly or through a position id). */
    rigId: t.bigint(),
  }),
  (table) => ({
    nameIdx: index().on(table.contract, table.name),
    rigIdx: index().on(table.rigId, table.blockNumber),
    blockIdx: index().on(table.blockNumber),
  }),
);

// ───────────────────────────── rigs ─────────────────────────────

/** A rig: RigShares' `rig()` terms and sale, the distributor's stream, the epoch funder's terms and bond. */
export const rig = onchainTable(
  "rig",
  (t) => ({
    id: t.bigint().primaryKey(),
    operator: t.hex().notNull(),
    name: t.text().notNull(),
    /** IRigShares.Algorithm (0 SHA256, 1 Scrypt, 2 RandomX, 3 Ethash, 4 KHeavyHash). */
    algorithm: t.integer().notNull(),
    /** IRigShares.RigStatus (1 Active, 2 Retired, 3 Suspended). */
    status: t.integer().notNull(),
    saleOpen: t.boolean().notNull(),
    hashrate: t.bigint().notNull(),
    powerWatts: t.integer().notNull(),
    totalShares: t.bigint().notNull(),
    pricePerShare: t.bigint().notNull(),
    paymentToken: t.hex().notNull(),
    payoutToken: t.hex().notNull(),
    epochLength: t.integer().notNull(),
    maxEpochPayout: t.bigint().notNull(),
    royaltyBps: t.integer().notNull(),
    /** Serial of the last position minted or split off (`rig().nextSerial`). */
    lastSerial: t.bigint().notNull(),
    /** Shares held by live positions (the distributor's `totalShares`; available = totalShares − this). */
    sharesOutstanding: t.bigint().notNull(),
    positionCount: t.integer().notNull(),
    registeredBlock: t.bigint().notNull(),
    registeredAt: t.bigint().notNull(),
    // Distributor stream (RigInitialized, EpochPushed).
    firstEpoch: t.bigint().notNull(),
    nextEpoch: t.bigint().notNull(),
    rateX18: t.bigint().notNull(),
    streamStart: t.bigint().notNull(),
    periodEnd: t.bigint().notNull(),
    /** Sum of every epoch's funded amount. */
    totalFunded: t.bigint().notNull(),
    // Epoch funder terms (TermsConfigured, TermsProposed, TermsApplied).
    termsConfigured: t.boolean().notNull(),
    tariffPerKWh: t.bigint().notNull(),
    serviceFeeBps: t.integer().notNull(),
    slaThresholdBps: t.integer().notNull(),
    requiredBond: t.bigint().notNull(),
    pendingTariffPerKWh: t.bigint().notNull(),
    pendingServiceFeeBps: t.integer().notNull(),
    pendingEffectiveAt: t.bigint().notNull(),
    // Bond, backup, debt and default (BondChanged, BondWithdrawalRequested, BackupDeclared, FailoverSwitched,
    // EpochSettled, RigDefaulted, DefaultCured, RigSuspendedFor*).
    bond: t.bigint().notNull(),
    withdrawalAmount: t.bigint().notNull(),
    withdrawalReadyAt: t.bigint().notNull(),
    backupHashrate: t.bigint().notNull(),
    onBackup: t.boolean().notNull(),
    feeDebt: t.bigint().notNull(),
    /** Consecutive negative epochs: read from `terms()` after each settled epoch (no event carries it). */
    negativeRun: t.integer().notNull(),
    started: t.boolean().notNull(),
    inDefault: t.boolean().notNull(),
    /** Why the rig was suspended, when it was: "debt" or "default"; null otherwise. */
    suspendedFor: t.text(),
    retiredAt: t.bigint(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    operatorIdx: index().on(table.operator),
    statusIdx: index().on(table.status),
  }),
);

// ───────────────────────────── positions ─────────────────────────────

/** A share position (ERC-721 token): owner, shares, rental and lineage. Burned positions stay, flagged. */
export const position = onchainTable(
  "position",
  (t) => ({
    id: t.bigint().primaryKey(),
    rigId: t.bigint().notNull(),
    /** Current owner (the zero address once burned). */
    owner: t.hex().notNull(),
    shares: t.bigint().notNull(),
    /** The distributor's position version (changes on transfer, split, merge): read, no event carries it. */
    version: t.integer().notNull(),
    /** Latest ERC-4907 user and its expiry (UpdateUser); active while the chain time is ≤ rentalExpires. */
    renter: t.hex(),
    rentalExpires: t.bigint(),
    burned: t.boolean().notNull(),
    /** The market's current (last) sale listing and rental listing of the position (ids of those tables). */
    listingId: t.text(),
    rentalListingId: t.text(),
    /** The position this one was split off (null for a mint). */
    parentId: t.bigint(),
    /** The position this one was merged into (it is then burned). */
    mergedInto: t.bigint(),
    mintedBy: t.hex(),
    /** Price paid at mint, in the rig's payment token (zero for a split-off position). */
    mintCost: t.bigint().notNull(),
    createdBlock: t.bigint().notNull(),
    createdAt: t.bigint().notNull(),
    burnedBlock: t.bigint(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({
    ownerIdx: index().on(table.owner, table.rigId),
    rigIdx: index().on(table.rigId),
    renterIdx: index().on(table.renter),
    parentIdx: index().on(table.parentId),
  }),
);

/** Splits and merges: `parentId` → `childId` ("split": shares moved to the new child; "merge": child merged into parent). */
export const lineage = onchainTable(
  "lineage",
  (t) => ({
    id: t.text().primaryKey(),
    kind: t.text().notNull(),
    parentId: t.bigint().notNull(),
    childId: t.bigint().notNull(),
    shares: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
  }),
  (table) => ({ parentIdx: index().on(table.parentId), childIdx: index().on(table.childId) }),
);

/** ERC-721 transfers, mints (from zero) and burns (to zero). */
export const transfer = onchainTable(
  "transfer",
  (t) => ({
    id: t.text().primaryKey(),
    positionId: t.bigint().notNull(),
    from: t.hex().notNull(),
    to: t.hex().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({
    positionIdx: index().on(table.positionId),
    fromIdx: index().on(table.from),
    toIdx: index().on(table.to),
  }),
);

// ───────────────────────────── epochs ─────────────────────────────

/** One epoch of a rig: the accepted report, the funder's breakdown and the stream it started. */
export const epoch = onchainTable(
  "epoch",
  (t) => ({
    rigId: t.bigint().notNull(),
    epoch: t.bigint().notNull(),
    // The signed report (ReportAccepted). The reporters' signatures are not emitted, so signers are not indexed.
    reportHash: t.hex(),
    deliveredHashrate: t.bigint(),
    uptimeBps: t.integer(),
    grossReward: t.bigint(),
    energyWh: t.bigint(),
    reportedBlock: t.bigint(),
    consumed: t.boolean().notNull(),
    // The breakdown (EpochSettled).
    gross: t.bigint(),
    electricity: t.bigint(),
    serviceFee: t.bigint(),
    debtIn: t.bigint(),
    debtOut: t.bigint(),
    slaRefund: t.bigint(),
    net: t.bigint(),
    // An unfunded epoch pushed from the bond (UnfundedEpochPushed).
    unfunded: t.boolean().notNull(),
    netOwed: t.bigint(),
    paidFromBond: t.bigint(),
    shortfall: t.bigint(),
    // The stream (EpochPushed): amount funded, rate and the stream's start (the push) and end.
    amount: t.bigint(),
    rateX18: t.bigint(),
    streamStart: t.bigint(),
    streamEnd: t.bigint(),
    pushedBlock: t.bigint(),
    transactionHash: t.hex(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.rigId, table.epoch] }) }),
);

// ───────────────────────────── rewards ─────────────────────────────

/** An account's settled, claimable balance of one payout token (= `claimableBalance(account, token)`). */
export const balance = onchainTable(
  "balance",
  (t) => ({
    account: t.hex().notNull(),
    token: t.hex().notNull(),
    settled: t.bigint().notNull(),
    totalSettled: t.bigint().notNull(),
    totalClaimed: t.bigint().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.account, table.token] }) }),
);

/** A position's accrued reward credited to an account (PositionSettled). */
export const settlement = onchainTable(
  "settlement",
  (t) => ({
    id: t.text().primaryKey(),
    positionId: t.bigint().notNull(),
    account: t.hex().notNull(),
    token: t.hex().notNull(),
    amount: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ accountIdx: index().on(table.account), positionIdx: index().on(table.positionId) }),
);

/** A payment of claimable rewards (RewardsClaimed), with the positions the claim settled in the same transaction. */
export const claim = onchainTable(
  "claim",
  (t) => ({
    id: t.text().primaryKey(),
    account: t.hex().notNull(),
    token: t.hex().notNull(),
    amount: t.bigint().notNull(),
    /** Positions settled to `account` in `token` earlier in the same transaction (the claim's `positionIds`). */
    positionIds: t.bigint().array().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({ accountIdx: index().on(table.account, table.blockNumber) }),
);

// ───────────────────────────── market ─────────────────────────────

/** An on-chain sale listing (Listed); the market keys listings by position, so a re-listing replaces it. */
export const listing = onchainTable(
  "listing",
  (t) => ({
    id: t.text().primaryKey(),
    positionId: t.bigint().notNull(),
    rigId: t.bigint().notNull(),
    seller: t.hex().notNull(),
    /** Shares still listed (`listing().shares`); partial fills lower it. */
    shares: t.bigint().notNull(),
    listedShares: t.bigint().notNull(),
    /** Position version the listing is valid for (`listing().version`; updated after a partial fill). */
    version: t.integer().notNull(),
    paymentToken: t.hex().notNull(),
    pricePerShare: t.bigint().notNull(),
    minFill: t.bigint().notNull(),
    expiry: t.bigint().notNull(),
    /** "active" (in the market's storage), "filled", "cancelled" or "replaced" (by a newer listing). */
    status: t.text().notNull(),
    fills: t.integer().notNull(),
    createdBlock: t.bigint().notNull(),
    createdAt: t.bigint().notNull(),
    closedBlock: t.bigint(),
  }),
  (table) => ({
    positionIdx: index().on(table.positionId, table.status),
    rigIdx: index().on(table.rigId, table.status),
    sellerIdx: index().on(table.seller),
  }),
);

/** A fill (Sold): of an on-chain listing ("listing"), a signed listing ("signedListing") or an offer ("offer"). */
export const fill = onchainTable(
  "fill",
  (t) => ({
    id: t.text().primaryKey(),
    kind: t.text().notNull(),
    /** The on-chain listing filled (kind "listing"). */
    listingId: t.text(),
    /** EIP-712 struct hash of the signed order filled (kinds "signedListing", "offer"). */
    orderHash: t.hex(),
    positionId: t.bigint().notNull(),
    boughtId: t.bigint().notNull(),
    rigId: t.bigint().notNull(),
    seller: t.hex().notNull(),
    buyer: t.hex().notNull(),
    shares: t.bigint().notNull(),
    price: t.bigint().notNull(),
    royalty: t.bigint().notNull(),
    fee: t.bigint().notNull(),
    /** Part of the position only (the market split `boughtId` off `positionId`). */
    partial: t.boolean().notNull(),
    blockNumber: t.bigint().notNull(),
    timestamp: t.bigint().notNull(),
    transactionHash: t.hex().notNull(),
  }),
  (table) => ({
    positionIdx: index().on(table.positionId),
    rigIdx: index().on(table.rigId, table.blockNumber),
    sellerIdx: index().on(table.seller),
    buyerIdx: index().on(table.buyer),
  }),
);

/** A signed order seen on chain (filled or cancelled): the market's `orderState(hash)`. */
export const signedOrder = onchainTable(
  "signed_order",
  (t) => ({
    hash: t.hex().primaryKey(),
    /** "listing" or "offer"; null when only a cancel by hash was seen and the call could not be decoded. */
    kind: t.text(),
    signer: t.hex(),
    positionId: t.bigint(),
    rigId: t.bigint(),
    filled: t.bigint().notNull(),
    version: t.integer().notNull(),
    cancelled: t.boolean().notNull(),
    updatedBlock: t.bigint().notNull(),
  }),
  (table) => ({ signerIdx: index().on(table.signer) }),
);

/** A market account's order counter (CounterIncremented; `counterOf`). */
export const orderCounter = onchainTable("order_counter", (t) => ({
  account: t.hex().primaryKey(),
  counter: t.bigint().notNull(),
  updatedBlock: t.bigint().notNull(),
}));

/** A rental listing (ListedForRent); it stays listed after a rental, until cancelled or replaced. */
export const rentalListing = onchainTable(
  "rental_listing",
  (t) => ({
    id: t.text().primaryKey(),
    positionId: t.bigint().notNull(),
    rigId: t.bigint().notNull(),
    owner: t.hex().notNull(),
    version: t.integer().notNull(),
    expiry: t.bigint().notNull(),
    paymentToken: t.hex().notNull(),
    minDays: t.integer().notNull(),
    maxDays: t.integer().notNull(),
    pricePerDay: t.bigint().notNull(),
    /** "active", "cancelled" or "replaced". */
    status: t.text().notNull(),
    rentals: t.integer().notNull(),
    createdBlock: t.bigint().notNull(),
    closedBlock: t.bigint(),
  }),
  (table) => ({ positionIdx: index().on(table.positionId, table.status), rigIdx: index().on(table.rigId) }),
);

/** A rental: through the market (Rented + UpdateUser, with its price) or a direct ERC-4907 `setUser`. */
export const rental = onchainTable(
  "rental",
  (t) => ({
    /** `<transaction hash>:<position id>`: a market rental's Rented and UpdateUser share it. */
    id: t.text().primaryKey(),
    positionId: t.bigint().notNull(),
    rigId: t.bigint().notNull(),
    owner: t.hex().notNull(),
    renter: t.hex().notNull(),
    /** Last second of the rental. */
    expires: t.bigint().notNull(),
    /** "market" or "direct". */
    source: t.text().notNull(),
    rentalListingId: t.text(),
    price: t.bigint(),
    fee: t.bigint(),
    blockNumber: t.bigint().notNull(),
    startedAt: t.bigint().notNull(),
  }),
  (table) => ({
    positionIdx: index().on(table.positionId),
    renterIdx: index().on(table.renter, table.expires),
    rigIdx: index().on(table.rigId, table.expires),
  }),
);

// ───────────────────────────── oracle and parameters ─────────────────────────────

/** An oracle reporter (ReporterSet). */
export const reporter = onchainTable("reporter", (t) => ({
  address: t.hex().primaryKey(),
  active: t.boolean().notNull(),
  updatedBlock: t.bigint().notNull(),
}));

/** Network parameters of a payout token's coin (NetworkSet) and its tariff ceiling (MaxTariffSet). */
export const network = onchainTable("network", (t) => ({
  payoutToken: t.hex().primaryKey(),
  difficulty: t.bigint(),
  blockReward: t.bigint(),
  style: t.integer(),
  maxTariffPerKWh: t.bigint(),
  updatedBlock: t.bigint().notNull(),
}));

/**
 * Protocol-wide parameters, one row per key: "oracle.threshold", "oracle.bounds", "oracle.consumer",
 * "shares.protocolFee", "shares.renderer", "shares.distributor", "distributor.funder", "market.fee",
 * "market.pendingFee", "<contract>.paused". `value` is the event's decoded arguments.
 */
export const parameter = onchainTable("parameter", (t) => ({
  key: t.text().primaryKey(),
  value: t.jsonb().notNull(),
  updatedBlock: t.bigint().notNull(),
}));

// ───────────────────────────── relations (GraphQL / relational queries) ─────────────────────────────

export const rigRelations = relations(rig, ({ many }) => ({ positions: many(position), epochs: many(epoch) }));
export const positionRelations = relations(position, ({ one }) => ({
  rig: one(rig, { fields: [position.rigId], references: [rig.id] }),
}));
export const epochRelations = relations(epoch, ({ one }) => ({
  rig: one(rig, { fields: [epoch.rigId], references: [rig.id] }),
}));
