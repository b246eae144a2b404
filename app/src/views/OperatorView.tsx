// The operator's page: with RigShares' OPERATOR_ROLE, a form to register a rig; without it, who grants
// the role and where. Then the rigs the connected account operates: their epochs (last paid, awaiting a
// report, and as charts), their terms (set before the first mint, proposed after), the SLA bond against its
// required minimum, the failover switch to declared backup capacity, the primary sale and its proceeds.
import { useState } from "react";

import { declareBackup } from "../../../sdk/actions/declareBackup.js";
import { depositBond } from "../../../sdk/actions/depositBond.js";
import { getEpochHistory } from "../../../sdk/actions/getEpochHistory.js";
import { getOperatorRole } from "../../../sdk/actions/getOperatorRole.js";
import { getProceeds } from "../../../sdk/actions/getProceeds.js";
import { setOnBackup } from "../../../sdk/actions/setOnBackup.js";
import { setSaleOpen } from "../../../sdk/actions/setSaleOpen.js";
import { withdrawProceeds } from "../../../sdk/actions/withdrawProceeds.js";
import { parseDecimal } from "../../../sdk/decimal.js";
import { RigCharts } from "../components/charts/RigCharts.js";
import { OperatorRoleNotice, RegisterRigForm, TermsForm } from "../components/OperatorForms.js";
import { RigStates } from "../components/RigStates.js";
import { Card, Field, Loading, NeedsWallet, ReadError, Stat } from "../components/ui.js";
import { formatHashrate, formatTime, formatToken } from "../format.js";
import { useProtocol } from "../protocol/ProtocolContext.js";
import { useChainQuery } from "../protocol/useChainQuery.js";
import { type RigOverview, useRigOverviews } from "../protocol/useRigOverview.js";
import { useToken } from "../protocol/useToken.js";
import { useTx } from "../tx/TxContext.js";

function parseHashrateTh(text: string): bigint {
  return parseDecimal(text, 12); // TH/s → H/s
}

function OperatedRig({ overview }: { overview: RigOverview }) {
  const { walletClient, contracts } = useProtocol();
  const { run } = useTx();
  const { rig, terms, oracle } = overview;
  const payout = useToken(rig.payoutToken);
  const payment = useToken(rig.paymentToken);
  const [bondText, setBondText] = useState("");
  const [backupText, setBackupText] = useState("");
  const [charts, setCharts] = useState(false);
  const { data } = useChainQuery(
    async ({ publicClient, indexer }) => ({
      history: contracts.funder
        ? await getEpochHistory(publicClient, { contracts, rigId: rig.rigId, limit: 1, indexer })
        : [],
      proceeds: await getProceeds(publicClient, { contracts, account: rig.operator, token: rig.paymentToken }),
    }),
    [rig.rigId],
  );
  const last = data?.history[0];
  const id = rig.rigId;
  return (
    <Card
      title={
        <>
          {rig.name} <RigStates overview={overview} />
        </>
      }
      testId={`operated-rig-${id}`}
    >
      <div className="stats">
        <Stat label="Next epoch to push" value={rig.nextEpoch.toString()} testId="next-epoch" />
        <Stat
          label="Last epoch paid"
          value={last ? `${last.epoch} (net ${formatToken(last.net, payout)})` : "none yet"}
        />
        {oracle && <Stat label="Epochs awaiting a report" value={oracle.epochsBehind.toString()} />}
        {oracle && <Stat label="Next report possible" value={formatTime(oracle.nextReportableAt)} />}
        <Stat label="Shares sold" value={`${rig.sharesSold} of ${rig.totalShares}`} />
        <Stat label="Sale proceeds to withdraw" value={formatToken(data?.proceeds ?? 0n, payment)} />
      </div>
      <div className="actions">
        <button
          className="secondary"
          data-testid="toggle-sale"
          onClick={() =>
            run(rig.saleOpen ? "Close the sale" : "Open the sale", (o) =>
              setSaleOpen(walletClient!, { contracts, rigId: id, open: !rig.saleOpen, ...o }),
            )
          }
        >
          {rig.saleOpen ? "Close the sale" : "Open the sale"}
        </button>
        {(data?.proceeds ?? 0n) > 0n && (
          <button
            onClick={() =>
              run("Withdraw sale proceeds", (o) =>
                withdrawProceeds(walletClient!, { contracts, token: rig.paymentToken, ...o }),
              )
            }
          >
            Withdraw proceeds
          </button>
        )}
      </div>
      {terms && <TermsForm rig={rig} terms={terms} payout={payout} />}
      {terms && (
        <>
          <h3>SLA bond</h3>
          <p data-testid="bond">
            {formatToken(terms.bond, payout)} posted, {formatToken(terms.requiredBond, payout)} required
            {terms.inDefault ? " — in default until the bond is topped up" : ""}.
          </p>
          <div className="action-form">
            <Field
              label="Deposit"
              value={bondText}
              onChange={setBondText}
              suffix={payout?.symbol}
              testId="bond-amount"
            />
            <button
              disabled={!payout || !bondText}
              data-testid="bond-submit"
              onClick={() =>
                run(`Deposit ${bondText} ${payout!.symbol} bond`, (o) =>
                  depositBond(walletClient!, {
                    contracts,
                    rigId: id,
                    amount: parseDecimal(bondText, payout!.decimals),
                    ...o,
                  }),
                )
              }
            >
              Deposit bond
            </button>
          </div>
          <h3>Failover</h3>
          <p data-testid="failover">
            Backup capacity: {terms.backupHashrate > 0n ? formatHashrate(terms.backupHashrate) : "none declared"} ·{" "}
            {terms.onBackup ? "running on backup" : "running on the primary rig"}
          </p>
          <div className="action-form">
            <Field
              label="Declare backup capacity"
              value={backupText}
              onChange={setBackupText}
              suffix="TH/s"
              testId="backup-th"
            />
            <button
              className="secondary"
              disabled={!backupText}
              onClick={() =>
                run(`Declare ${backupText} TH/s backup`, (o) =>
                  declareBackup(walletClient!, {
                    contracts,
                    rigId: id,
                    backupHashrate: parseHashrateTh(backupText),
                    ...o,
                  }),
                )
              }
            >
              Declare
            </button>
            <button
              data-testid="failover-switch"
              onClick={() =>
                run(terms.onBackup ? "Switch back to the primary rig" : "Fail over to backup", (o) =>
                  setOnBackup(walletClient!, { contracts, rigId: id, onBackup: !terms.onBackup, ...o }),
                )
              }
            >
              {terms.onBackup ? "Switch back to primary" : "Fail over to backup"}
            </button>
          </div>
        </>
      )}
      <h3>Epochs</h3>
      <div className="actions">
        <button className="secondary" data-testid="toggle-charts" onClick={() => setCharts((c) => !c)}>
          {charts ? "Hide the charts" : "Show the epochs as charts"}
        </button>
        <a href={`#/rigs/${id}`} data-testid="rig-page-link">
          Rig page
        </a>
      </div>
      {charts && <RigCharts rigId={id} rig={rig} payout={payout} />}
    </Card>
  );
}

function OperatedRigs() {
  const { walletClient } = useProtocol();
  const { data, error } = useRigOverviews();
  if (!data) return error ? <ReadError error={error} /> : <Loading what="rigs" />;
  const mine = data.filter((o) => o.rig.operator === walletClient?.account.address);
  if (mine.length === 0)
    return (
      <p className="muted" data-testid="no-operated-rigs">
        This account operates no rig.
      </p>
    );
  return (
    <>
      {mine.map((o) => (
        <OperatedRig key={o.rig.rigId.toString()} overview={o} />
      ))}
    </>
  );
}

/** The registration form with OPERATOR_ROLE; without it, how to get the role. Then the rigs operated. */
function OperatorPage() {
  const { walletClient } = useProtocol();
  const account = walletClient!.account.address;
  const { data: role, error } = useChainQuery(
    ({ publicClient, contracts }) => getOperatorRole(publicClient, { contracts, account }),
    [account],
  );
  return (
    <>
      {!role && (error ? <ReadError error={error} /> : <Loading what="the operator role" />)}
      {role &&
        (role.hasRole ? <RegisterRigForm key={account} /> : <OperatorRoleNotice account={account} role={role} />)}
      <OperatedRigs />
    </>
  );
}

export function OperatorView() {
  return (
    <>
      <h1>Operator</h1>
      <NeedsWallet what="manage your rigs">
        <OperatorPage />
      </NeedsWallet>
    </>
  );
}
