// Read-only commands: rigs, rig <id>, positions [account], roi <rigId> (from the chain's terms and network
// parameters, or from market inputs), deploy info.
import { formatDecimal, parseDecimal } from "../../sdk/decimal.js";
import { formatEfficiency } from "../../sdk/display.js";
import { getClaimable } from "../../sdk/actions/getClaimable.js";
import { getPositions, type PositionsCursor } from "../../sdk/actions/getPositions.js";
import { getRig, type RigInfo } from "../../sdk/actions/getRig.js";
import { getDifficultyHistory } from "../../sdk/actions/getDifficultyHistory.js";
import { getRigRoi } from "../../sdk/actions/getRigRoi.js";
import { difficultyForecast } from "../../sdk/difficultyForecast.js";
import { forecastPaybacks, formatPaybackDays } from "../../sdk/forecast.js";
import { getRigs } from "../../sdk/actions/getRigs.js";
import { ABI_VERSION } from "../../sdk/abis.js";
import { SCALE, undistributedAt } from "../../sdk/accrual.js";
import { MissingContractError, OracleNetworkUnsetError } from "../../sdk/errors.js";
import { addressBookPath } from "../../sdk/loadAddressBook.js";
import { type DifficultyModel, RoiInputError, computeRoi } from "../../sdk/roi.js";
import { ALGORITHM_LABELS } from "../../sdk/types.js";
import { parseAddress, parseBps, parseId, required } from "../args.js";
import { loadCursor, saveCursor } from "../cache.js";
import type { Command, Options, Output } from "../command.js";
import type { Context, TokenMeta } from "../context.js";
import { CliError, UsageError } from "../errors.js";
import { amount, details, hashrate, isoTime, table } from "../format.js";

async function rigTokens(ctx: Context, rig: RigInfo): Promise<{ payment: TokenMeta; payout: TokenMeta }> {
  const [payment, payout] = await Promise.all([ctx.token(rig.paymentToken), ctx.token(rig.payoutToken)]);
  return { payment, payout };
}

function status(rig: RigInfo): string {
  if (rig.status === "Retired") return "retired";
  if (rig.status === "Suspended") return "suspended";
  return rig.saleOpen ? "on sale" : "active";
}

export const rigs: Command = {
  path: ["rigs"],
  usage: "",
  summary: "list every rig: hashrate, power, shares sold, price, status",
  async run(ctx) {
    const list = await getRigs(ctx.client, { contracts: ctx.contracts });
    const tokens = await Promise.all(list.map((r) => rigTokens(ctx, r)));
    const rows = list.map((r, i) => [
      String(r.rigId),
      r.name,
      ALGORITHM_LABELS[r.algorithm],
      hashrate(r.hashrate),
      `${r.powerWatts} W`,
      `${r.sharesSold}/${r.totalShares}`,
      amount(r.pricePerShare, tokens[i].payment.decimals, tokens[i].payment.symbol),
      tokens[i].payout.symbol,
      status(r),
    ]);
    return {
      json: list.map((r, i) => ({
        ...r,
        paymentSymbol: tokens[i].payment.symbol,
        paymentDecimals: tokens[i].payment.decimals,
        payoutSymbol: tokens[i].payout.symbol,
        payoutDecimals: tokens[i].payout.decimals,
      })),
      human:
        list.length === 0
          ? "no rigs registered yet"
          : table(["id", "name", "algorithm", "hashrate", "power", "sold", "price/share", "pays", "status"], rows),
    };
  },
};

export const rig: Command = {
  path: ["rig"],
  usage: "<rigId>",
  summary: "one rig in detail, with its reward stream",
  async run(ctx, [id]) {
    const rigId = parseId(id, "rig id");
    const r = await getRig(ctx.client, { contracts: ctx.contracts, rigId });
    const { payment, payout } = await rigTokens(ctx, r);
    const block = await ctx.client.getBlock();
    const streaming = block.timestamp < r.stream.periodEnd;
    const perDay = (r.stream.rateX18 * 86_400n) / SCALE;
    const undistributed = undistributedAt(r.stream, block.timestamp);
    const nextPushAt = (r.nextEpoch + 1n) * r.epochLength;
    return {
      json: {
        ...r,
        paymentSymbol: payment.symbol,
        paymentDecimals: payment.decimals,
        payoutSymbol: payout.symbol,
        payoutDecimals: payout.decimals,
        undistributed,
        nextPushAt,
      },
      human: details([
        ["rig", `${r.rigId}  ${r.name}`],
        ["status", status(r)],
        ["operator", r.operator],
        ["algorithm", ALGORITHM_LABELS[r.algorithm]],
        ["hashrate", hashrate(r.hashrate)],
        ["power", `${r.powerWatts} W (${formatEfficiency(r.powerWatts, r.hashrate)})`],
        ["shares", `${r.sharesSold} sold of ${r.totalShares} (${r.sharesAvailable} available)`],
        ["price", `${amount(r.pricePerShare, payment.decimals, payment.symbol)} per share`],
        ["royalty", `${formatDecimal(r.royaltyBps, 2)}%`],
        ["payout token", `${payout.symbol} ${payout.address}`],
        ["epoch", `${r.epochLength} s; next to push: ${r.nextEpoch} (from ${isoTime(nextPushAt)})`],
        ["max per epoch", amount(r.maxEpochPayout, payout.decimals, payout.symbol)],
        ["funded", amount(r.funded, payout.decimals, payout.symbol)],
        [
          "stream",
          streaming
            ? `${amount(perDay, payout.decimals, payout.symbol)} per day until ${isoTime(r.stream.periodEnd)}`
            : "idle",
        ],
        ["undistributed", amount(undistributed, payout.decimals, payout.symbol)],
      ]),
    };
  },
};

export const positions: Command = {
  path: ["positions"],
  usage: "[account]",
  summary: "positions of an account (default: yours) with pending rewards and claimable balances",
  options: ["no-cache"],
  async run(ctx, [who], options) {
    const account = who !== undefined ? parseAddress(who, "account") : (await ctx.wallet()).account.address;
    const cached = options["no-cache"] ? undefined : await loadCursor(ctx, account);
    const result = await getPositions(ctx.client, {
      contracts: ctx.contracts,
      account,
      ...(cached ? { cursor: cached } : {}),
      confirmations: ctx.local ? 0n : 12n,
      indexer: ctx.indexer,
    });
    if (!options["no-cache"]) await saveCursor(ctx, result.cursor as PositionsCursor);
    // Settled balances can exist in any rig's payout token, even with no position of that rig left.
    const allRigs = await getRigs(ctx.client, { contracts: ctx.contracts, blockNumber: result.blockNumber });
    const tokenList = [
      ...new Set([...result.positions.map((p) => p.payoutToken), ...allRigs.map((r) => r.payoutToken)]),
    ];
    const metas = new Map(await Promise.all(tokenList.map(async (t) => [t, await ctx.token(t)] as const)));
    const balances = await Promise.all(
      tokenList.map(async (token) => ({
        token,
        ...(await getClaimable(ctx.client, {
          contracts: ctx.contracts,
          account,
          token,
          blockNumber: result.blockNumber,
        })),
      })),
    );
    const settled = balances
      .filter((b) => b.settled > 0n)
      .map((b) => ({ token: b.token, symbol: metas.get(b.token)!.symbol, settled: b.settled }));
    const rows = result.positions.map((p) => {
      const meta = metas.get(p.payoutToken)!;
      return [
        String(p.positionId),
        String(p.rigId),
        String(p.shares),
        amount(p.pendingReward, meta.decimals, meta.symbol),
      ];
    });
    const lines = [
      result.positions.length === 0
        ? `${account} holds no positions`
        : table(["position", "rig", "shares", "pending"], rows),
      ...settled.map(
        (s) =>
          `settled, claimable with \`claim --balance ${s.symbol}\`: ${amount(s.settled, metas.get(s.token)!.decimals, s.symbol)}`,
      ),
    ];
    return {
      json: {
        account,
        blockNumber: result.blockNumber,
        positions: result.positions.map((p) => ({
          ...p,
          payoutSymbol: metas.get(p.payoutToken)!.symbol,
          payoutDecimals: metas.get(p.payoutToken)!.decimals,
        })),
        settled,
        logRequests: result.logRequests,
      },
      human: lines.join("\n"),
    };
  },
};

const MARKET_FLAGS = ["difficulty", "reward", "tariff", "model"] as const;

export const roi: Command = {
  path: ["roi"],
  usage:
    "<rigId> [--coin-price <p>] [--pool-fee-bps <bps>]   (the rig's on-chain terms and the oracle's network)\n      rigshare roi <rigId> --coin-price <p> --difficulty <d> --reward <coins/block> --tariff <per kWh> [--pool-fee-bps <bps>] [--model bitcoin|monero]   (market inputs)",
  summary: "expected daily gross, costs, net per share and payback of a rig",
  options: ["coin-price", "difficulty", "reward", "tariff", "pool-fee-bps", "model"],
  async run(ctx, [id], options) {
    const rigId = parseId(id, "rig id");
    const poolFeeBps =
      options["pool-fee-bps"] === undefined ? 0 : parseBps(options["pool-fee-bps"] as string, "--pool-fee-bps");
    const coinPrice = options["coin-price"] as string | undefined;
    if (coinPrice !== undefined) checkDecimal("--coin-price", coinPrice);
    if (MARKET_FLAGS.some((flag) => options[flag] !== undefined)) return marketRoi(ctx, rigId, options, poolFeeBps);

    const r = await getRig(ctx.client, { contracts: ctx.contracts, rigId });
    const { payment, payout } = await rigTokens(ctx, r);
    let result;
    try {
      result = await getRigRoi(ctx.client, {
        contracts: ctx.contracts,
        rigId,
        poolFeeBps,
        ...(coinPrice === undefined ? {} : { coinPrice }),
      });
    } catch (e) {
      if (e instanceof RoiInputError) throw new UsageError(e.message);
      if (e instanceof OracleNetworkUnsetError || e instanceof MissingContractError)
        throw new CliError(
          `${e.shortMessage.replace(/^./, (c) => c.toLowerCase())}: pass --coin-price, --difficulty, --reward and --tariff instead`,
        );
      throw e;
    }
    const c = (v: bigint) => amount(v, payout.decimals, payout.symbol);
    const q = payment.symbol;
    const money = (v: bigint) => amount(v, 18, q, 4);
    // The difficulty forecast band (sdk/forecast.ts): the oracle's NetworkSet history, or the labelled dataset.
    const history = await getDifficultyHistory(ctx.client, { contracts: ctx.contracts, payoutToken: r.payoutToken });
    const forecast = difficultyForecast(history, { algorithm: r.algorithm });
    const paybacks =
      forecast.trend && coinPrice !== undefined
        ? forecastPaybacks(
            {
              hashrate: r.hashrate,
              powerWatts: r.powerWatts,
              totalShares: r.totalShares,
              pricePerShare: r.pricePerShare,
              paymentDecimals: payment.decimals,
              payoutDecimals: payout.decimals,
              tariffPerKWh: result.tariffPerKWh,
              serviceFeeBps: result.serviceFeeBps,
              network: { ...result.network, style: result.model },
              coinPrice,
              poolFeeBps,
            },
            forecast.trend,
          )
        : undefined;
    const forecastLines: [string, string][] = [
      ...(forecast.shortfall
        ? ([["forecast history", `${forecast.shortfall}${forecast.trend ? ": using the real dataset below" : ""}`]] as [
            string,
            string,
          ][])
        : []),
      ...(forecast.trend ? ([["difficulty forecast", forecast.description]] as [string, string][]) : []),
      ...(paybacks
        ? ([
            [
              "payback band",
              `expected ${formatPaybackDays(paybacks.expected)}, pessimistic ${formatPaybackDays(paybacks.pessimistic)}, optimistic ${formatPaybackDays(paybacks.optimistic)}`,
            ],
          ] as [string, string][])
        : []),
    ];
    return {
      json: {
        source: "chain",
        quote: q,
        payoutSymbol: payout.symbol,
        coinPrice: coinPrice ?? null,
        ...result,
        forecast: forecast.trend
          ? {
              source: forecast.source,
              dataset: forecast.dataset,
              shortfall: forecast.shortfall ?? null,
              description: forecast.description,
              per14Days: forecast.trend.per14Days,
              mape30: forecast.mape30,
              mape90: forecast.mape90,
              paybackDaysX18: paybacks
                ? {
                    expected: paybacks.expected.paybackDaysX18,
                    pessimistic: paybacks.pessimistic.paybackDaysX18,
                    optimistic: paybacks.optimistic.paybackDaysX18,
                  }
                : null,
            }
          : { shortfall: forecast.shortfall ?? null },
      },
      human: details([
        ["rig", `${r.rigId}  ${r.name} (${ALGORITHM_LABELS[r.algorithm]}, ${hashrate(r.hashrate)}, ${r.powerWatts} W)`],
        [
          "on-chain terms",
          `tariff ${c(result.tariffPerKWh)} per kWh, service fee ${formatDecimal(result.serviceFeeBps, 2)}%`,
        ],
        [
          `network (${payout.symbol})`,
          `difficulty ${result.network.difficulty}, block reward ${c(result.network.blockReward)}, ${result.model}-style`,
        ],
        ["expected per day", `${c(result.dailyExpectedReward)} (the oracle's expectedDailyRevenue)`],
        ...(result.dailyPoolFee > 0n ? ([["pool fee per day", c(result.dailyPoolFee)]] as [string, string][]) : []),
        ["gross per day", c(result.dailyGross)],
        ["energy per day", `${formatDecimal(result.dailyEnergyWh, 3)} kWh`],
        ["electricity per day", c(result.dailyElectricity)],
        ["service fee per day", c(result.dailyServiceFee)],
        [
          "net per day",
          `${c(result.dailyNet)}${result.dailyShortfall > 0n ? ` (costs exceed gross by ${c(result.dailyShortfall)}: fee debt)` : ""}`,
        ],
        ["net per share/day", c(result.dailyNetPerShare)],
        ...(result.dailyNetPerShareQuoteX18 === null
          ? ([["in " + q, "pass --coin-price for values and payback in " + q]] as [string, string][])
          : ([
              [
                `net per share/day in ${q}`,
                `${money(result.dailyNetPerShareQuoteX18)} at ${coinPrice} ${q}/${payout.symbol}`,
              ],
              ["share price", money(result.sharePriceX18)],
              [
                "payback",
                result.paybackDaysX18 === null
                  ? "never (net ≤ 0)"
                  : `${formatDecimal(result.paybackDaysX18, 18, 1)} days`,
              ],
            ] as [string, string][])),
        ...forecastLines,
      ]),
    };
  },
};

function checkDecimal(flag: string, value: string): void {
  try {
    parseDecimal(value, 18, "floor");
  } catch (e) {
    throw new UsageError(`${flag}: ${(e as Error).message}`);
  }
}

/** `roi` with market inputs instead of the chain's terms and network parameters. */
async function marketRoi(ctx: Context, rigId: bigint, options: Options, poolFeeBps: number): Promise<Output> {
  const model = options.model as string | undefined;
  if (model !== undefined && model !== "bitcoin" && model !== "monero")
    throw new UsageError(`--model must be bitcoin or monero, not "${model}"`);
  const inputs = {
    coinPrice: required(options["coin-price"] as string | undefined, "--coin-price"),
    difficulty: required(options.difficulty as string | undefined, "--difficulty"),
    blockReward: required(options.reward as string | undefined, "--reward"),
    tariff: required(options.tariff as string | undefined, "--tariff"),
    poolFeeBps,
  };
  for (const [flag, value] of Object.entries({
    "--difficulty": inputs.difficulty,
    "--reward": inputs.blockReward,
    "--tariff": inputs.tariff,
  }))
    checkDecimal(flag, value);
  const r = await getRig(ctx.client, { contracts: ctx.contracts, rigId });
  const { payment } = await rigTokens(ctx, r);
  let result;
  try {
    result = computeRoi(
      {
        algorithm: r.algorithm,
        hashrate: r.hashrate,
        powerWatts: r.powerWatts,
        totalShares: r.totalShares,
        pricePerShare: r.pricePerShare,
        paymentDecimals: payment.decimals,
      },
      { ...inputs, ...(model ? { model: model as DifficultyModel } : {}) },
    );
  } catch (e) {
    if (e instanceof RoiInputError) throw new UsageError(e.message);
    throw e;
  }
  const q = payment.symbol;
  const money = (v: bigint) => `${v < 0n ? "-" : ""}${amount(v < 0n ? -v : v, 18, q, 4)}`;
  return {
    json: { rigId, source: "market", quote: q, inputs, ...result },
    human: details([
      ["rig", `${r.rigId}  ${r.name} (${ALGORITHM_LABELS[r.algorithm]}, ${hashrate(r.hashrate)}, ${r.powerWatts} W)`],
      ["difficulty model", result.model === "bitcoin" ? "H × 86400 × reward / (D × 2^32)" : "H × 86400 × reward / D"],
      [
        "coins per day",
        `${formatDecimal(result.dailyCoinsX18, 18, 10)} (per share ${formatDecimal(result.dailyCoinsPerShareX18, 18, 12)})`,
      ],
      ["gross per day", money(result.dailyGrossX18)],
      ["pool fee per day", money(result.dailyPoolFeeX18)],
      ["energy per day", `${formatDecimal(result.dailyEnergyKwhX18, 18, 3)} kWh`],
      ["electricity per day", money(result.dailyElectricityX18)],
      ["net per day", money(result.dailyNetX18)],
      ["net per share/day", money(result.dailyNetPerShareX18)],
      ["share price", money(result.sharePriceX18)],
      [
        "payback",
        result.paybackDaysX18 === null ? "never (net ≤ 0)" : `${formatDecimal(result.paybackDaysX18, 18, 1)} days`,
      ],
    ]),
  };
}

export const deployInfo: Command = {
  path: ["deploy", "info"],
  usage: "",
  summary: "the address book of the network, checked against the chain",
  async run(ctx) {
    const b = ctx.book;
    const head = await ctx.client.getBlockNumber();
    return {
      json: {
        ...b,
        rpcUrl: ctx.rpcUrl,
        headBlock: head,
        sdkAbiVersion: ABI_VERSION,
        abiVersionMatches: b.abiVersion === ABI_VERSION,
      },
      human: details([
        ["network", `${ctx.network} (chain ${ctx.chainId}) via ${ctx.rpcUrl}`],
        ["address book", addressBookPath(ctx.chainId)],
        ["deployment", `${b.deploymentId}, from block ${b.deploymentBlock} (head ${head})`],
        [
          "ABI version",
          `${b.abiVersion}${b.abiVersion === ABI_VERSION ? " (matches the SDK)" : ` (SDK has ${ABI_VERSION}: run \`npm run abi\` or redeploy)`}`,
        ],
        ...Object.entries(b.contracts).map(
          ([name, c]) => [name, `${c.address} (block ${c.blockNumber})`] as [string, string],
        ),
        ...Object.entries(b.tokens ?? {}).map(
          ([symbol, t]) => [symbol, `${t.address} (test token, ${t.decimals} decimals)`] as [string, string],
        ),
        ...(b.seed ? [["demo rig", String(b.seed.rigId)] as [string, string]] : []),
      ]),
    };
  },
};
