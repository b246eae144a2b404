// Small presentational pieces shared by the views.
import type { ReactNode } from "react";

import { useProtocol } from "../protocol/ProtocolContext.js";
import { describeError } from "../tx/describeError.js";

export function Card({ title, children, testId }: { title?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <section className="card" data-testid={testId}>
      {title && <h2>{title}</h2>}
      {children}
    </section>
  );
}

export function Stat({ label, value, testId }: { label: string; value: ReactNode; testId?: string }) {
  return (
    <div className="stat">
      <span className="stat-label">{label}</span>
      <span className="stat-value" data-testid={testId}>
        {value}
      </span>
    </div>
  );
}

export function Field({
  label,
  value,
  onChange,
  suffix,
  testId,
  placeholder,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  suffix?: string;
  testId?: string;
  placeholder?: string;
}) {
  return (
    <label className="field">
      <span>{label}</span>
      <span className="field-input">
        <input
          value={value}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
          data-testid={testId}
          inputMode="decimal"
        />
        {suffix && <span className="suffix">{suffix}</span>}
      </span>
    </label>
  );
}

/** A read that failed, in one line. */
export function ReadError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      {describeError(error).message}
    </p>
  );
}

/**
 * A table that may be wider than the screen (a phone): it scrolls sideways inside this box, so the page
 * itself never does (test/app/phone.test.ts).
 */
export function TableScroll({ children }: { children: ReactNode }) {
  return <div className="table-scroll">{children}</div>;
}

export function Loading({ what }: { what: string }) {
  return <p className="muted">Loading {what}…</p>;
}

/** Children only when a wallet is connected on the app's chain; otherwise why not. */
export function NeedsWallet({ children, what }: { children: ReactNode; what: string }) {
  const { walletClient, wrongNetwork } = useProtocol();
  if (walletClient) return <>{children}</>;
  return (
    <p className="muted" data-testid="needs-wallet">
      {wrongNetwork ? `Switch your wallet's network to ${what}.` : `Connect a wallet to ${what}.`}
    </p>
  );
}

export type BadgeTone = "good" | "warn" | "bad" | "info";

export function Badge({ tone, children }: { tone: BadgeTone; children: ReactNode }) {
  return (
    <span className={`badge badge-${tone}`} data-testid="badge">
      {children}
    </span>
  );
}
