/**
 * A pure function of a long text, remembered for the texts it was last
 * given. A build prepares every chapter again, and `coursebook dev` or a
 * script calling build() again gives the same chapter texts and HTML as the
 * build before, but as new strings: a lookup hashes the string once, where
 * the function runs regular expressions over it several times. The texts
 * kept are bounded by their total length, least recently used dropped first.
 */
/**
 * The default budget of a memo, in UTF-16 units (up to 16 MB of keys): the
 * HTML of the 24 parts of a 40-chapter edition is about 3.3 million, so two
 * editions of the course being edited stay, and a process building many does
 * not keep every text it saw.
 */
export const TEXT_MEMO_CHARS = 8_000_000;

export function memoizeByText<T>(compute: (text: string) => T, maxChars: number): (text: string) => T {
  const known = new Map<string, T>();
  let chars = 0;
  return (text: string): T => {
    if (known.has(text)) {
      const value = known.get(text) as T;
      known.delete(text); // re-inserted below: the map's order is least recently used first
      known.set(text, value);
      return value;
    }
    const value = compute(text);
    if (text.length > maxChars) return value;
    known.set(text, value);
    chars += text.length;
    for (const old of known.keys()) {
      if (chars <= maxChars) break;
      known.delete(old);
      chars -= old.length;
    }
    return value;
  };
}
