/** PDF user space is in points: 72 per inch, 25.4 mm per inch. */
export const mm = (value: number): number => (value * 72) / 25.4;
