/** Fenced-div names the Markdown stage understands, and which editions see them by default. */
export const DIV_NAMES = ['trainer', 'participant', 'answer', 'exercise', 'keypoint', 'handout'] as const;
/** Callouts shown in every edition. */
export const ALWAYS_SHOWN_DIVS: readonly string[] = ['exercise', 'keypoint'];
/** Blocks no edition shows unless its `includes` names them (handouts are printed apart: edition/handouts.ts). */
export const OPT_IN_DIVS: readonly string[] = ['handout'];
