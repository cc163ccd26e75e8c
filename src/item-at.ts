/**
 * The item at `index` of a list the caller knows to hold it: an index that
 * a loop bounds, or a position two lists share (a part and its layout). A
 * wrong index is a bug; it is reported here, naming the index, rather than as
 * an `undefined` met further on.
 */
export function itemAt<T>(list: readonly T[], index: number): T {
  const item = list[index];
  if (item === undefined) throw new RangeError(`no item at index ${index} of a list of ${list.length}`);
  return item;
}
