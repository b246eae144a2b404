// sdk/csv.ts (RFC 4180 writing and reading) and the export's value column and file name (sdk/export.ts).
import { expect } from "chai";

import { csvField, parseCsv, parseCsvObjects, toCsv } from "../../sdk/csv.js";
import { exportFileName, historyCsv, valueColumn } from "../../sdk/export.js";

describe("CSV (RFC 4180) and the rewards export's formatting", function () {
  it("quotes fields with commas, quotes and line ends, and reads them back", function () {
    expect(csvField("plain")).to.equal("plain");
    expect(csvField("a,b")).to.equal('"a,b"');
    expect(csvField('say "hi"')).to.equal('"say ""hi"""');
    expect(csvField("two\nlines")).to.equal('"two\nlines"');
    const records = [
      ["date", "note"],
      ["2025-01-01T00:00:00.000Z", 'a, "b"\r\nc'],
      ["", ""],
    ];
    const text = toCsv(records);
    expect(text).to.equal('date,note\r\n2025-01-01T00:00:00.000Z,"a, ""b""\r\nc"\r\n,\r\n');
    expect(parseCsv(text)).to.deep.equal(records);
    expect(parseCsv("a,b\nc,d")).to.deep.equal([
      ["a", "b"],
      ["c", "d"],
    ]);
    expect(() => parseCsv('"open')).to.throw(/unterminated/);
  });

  it("writes amounts as exact decimals and values them at the entered price without rounding", function () {
    const token = "0x0000000000000000000000000000000000000001" as const;
    const account = "0x00000000000000000000000000000000000000Aa" as const;
    const csv = historyCsv(
      {
        account,
        blockNumber: 10n,
        totals: [],
        entries: [
          {
            kind: "settled",
            positionId: 1_000_000_000_002n,
            rigId: 1n,
            amount: 123_456_789n,
            blockNumber: 5n,
            timestamp: 1_735_689_600n,
            transactionHash: `0x${"ab".repeat(32)}`,
            token,
          },
          {
            kind: "claim",
            positionIds: [1_000_000_000_002n, 1_000_000_000_003n],
            amount: 1n,
            blockNumber: 6n,
            timestamp: 1_735_689_601n,
            transactionHash: `0x${"cd".repeat(32)}`,
            token,
          },
        ],
      },
      { [token]: { symbol: "WBTC", decimals: 8 } },
      "97000.5",
      "USD",
    );
    const rows = parseCsvObjects(csv);
    expect(rows).to.have.length(2);
    expect(rows[0]).to.include({
      "date (UTC)": "2025-01-01T00:00:00.000Z",
      type: "settled",
      position: "1000000000002",
      rig: "1",
      "credited (exact)": "1.23456789",
      "claimed (exact)": "",
      token: "WBTC",
      // 1.23456789 × 97,000.5 = 119,753.702613945 exactly
      [valueColumn("97000.5")]: "119753.702613945",
    });
    expect(rows[1]).to.include({
      type: "claim",
      position: "1000000000002 1000000000003",
      "claimed (exact)": "0.00000001",
    });
    expect(rows[1]![valueColumn("97000.5")]).to.equal("");
    expect(exportFileName(account, new Date("2025-03-04T23:59:00Z"))).to.equal(
      "rigshare-0x00000000000000000000000000000000000000aa-2025-03-04.csv",
    );
  });
});
