// 3-digit ZIP prefixes whose areas hold 20,000 people or fewer: Safe Harbor replaces them
// with 000 (45 CFR 164.514(b)(2)(i)(B)). The list is the one HHS published from the 2000
// Census in its de-identification guidance (2012); fact list, written down here.
export const RESTRICTED_ZIP3: ReadonlySet<string> = new Set([
  '036', '059', '063', '102', '203', '556', '692', '790', '821', '823', '830', '831', '878', '879', '884', '890', '893',
]);

/** A 5- or 9-digit ZIP reduced to what Safe Harbor lets stay. */
export function safeZip(zip: string): string {
  const three = zip.slice(0, 3);
  return RESTRICTED_ZIP3.has(three) ? '000' : three;
}
