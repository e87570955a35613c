/**
 * CSV as every export of the console and the CLI writes it: RFC 4180 quoting, and cells made inert
 * for spreadsheets. A cell that begins with = + - @, a tab or a carriage return would be read as a
 * formula by Excel, LibreOffice or Sheets, so it gets a leading apostrophe (OWASP, "CSV
 * injection"); names and policy text in a review are chosen by whoever wrote the account.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/** One cell, quoted when it holds a quote, comma or line break, and never a formula. */
export function csvCell(value: string): string {
  const inert = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(inert) ? `"${inert.replace(/"/g, '""')}"` : inert;
}

/** One line: the cells joined with commas, ending with a newline. */
export function csvRow(values: readonly string[]): string {
  return `${values.map(csvCell).join(",")}\n`;
}
