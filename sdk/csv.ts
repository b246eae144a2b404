// CSV as RFC 4180 has it: fields separated by commas, records by CRLF; a field holding a comma, a double
// quote, CR or LF is enclosed in double quotes, with its double quotes doubled. `parseCsv` reads it back
// (the tests parse the export with it); it accepts LF line ends too.

/** One field, quoted when it must be. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Records (the first is usually the header) as CSV text: CRLF after every record. */
export function toCsv(records: readonly (readonly string[])[]): string {
  return records.map((r) => `${r.map(csvField).join(",")}\r\n`).join("");
}

export class CsvParseError extends Error {
  override readonly name = "CsvParseError" as const;
}

/** CSV text as records of fields (no type conversion). A final line end is optional. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  let fieldStarted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i += 1;
        if (i < text.length && !/[,\r\n]/.test(text[i]!)) throw new CsvParseError(`text after a closing quote at ${i}`);
        continue;
      }
      field += c;
      i += 1;
      continue;
    }
    if (c === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      i += 1;
    } else if (c === ",") {
      record.push(field);
      field = "";
      fieldStarted = false;
      i += 1;
    } else if (c === "\r" || c === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      fieldStarted = false;
      i += c === "\r" && text[i + 1] === "\n" ? 2 : 1;
    } else {
      if (c === '"') throw new CsvParseError(`a quote inside an unquoted field at ${i}`);
      field += c;
      fieldStarted = true;
      i += 1;
    }
  }
  if (quoted) throw new CsvParseError("unterminated quoted field");
  if (fieldStarted || record.length > 0) {
    record.push(field);
    records.push(record);
  }
  return records;
}

/** Parsed CSV (first record the header) as objects keyed by the header's names. */
export function parseCsvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.map((name, i) => [name, r[i] ?? ""])));
}
