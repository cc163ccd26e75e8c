/**
 * Colour operators of one content stream rewritten for print:
 *
 * - `gray`: every colour becomes DeviceGray (`g`/`G`), by luminance; black
 *   stays gray 0, so text is printed with black ink only.
 * - `cmyk` (a CMYK output intent): neutral colours (gray, or RGB with r = g = b)
 *   become black ink only (`0 0 0 k k`), so black text is `0 0 0 1 k` and
 *   never a four-colour mix; any other RGB colour is kept but put into an
 *   ICC-based sRGB colour space (`/<icc> cs r g b sc`), which PDF/X-4 allows
 *   and the printer's RIP converts with the output intent. Converting RGB to
 *   CMYK here would need a colour engine and would fix one press condition
 *   into the file; managed RGB leaves that to the printer.
 *
 * The original stream's notion of the current colour space is tracked (with
 * q/Q) to read `sc`/`scn` operands, and what was actually emitted is tracked
 * apart, so replacing `rg` by `k` never leaves a later `sc` in the wrong space.
 */
import { num, parseContent, rewriteContent, type Operand, type Operation } from './content-stream.ts';

export type ColorMode = 'gray' | 'cmyk';

/**
 * Neutral colours darker than this (lightness 0–1) print as solid black: body
 * text set in #111 would otherwise be screened at 93 % and print fuzzy.
 */
export const NEAR_BLACK = 0.1;
const solid = (lightness: number): number => (lightness < NEAR_BLACK ? 0 : lightness);

/** The family of a colour space, as far as conversion cares. */
export type SpaceFamily = 'gray' | 'rgb' | 'cmyk' | 'pattern' | 'other';

export interface RewriteOptions {
  mode: ColorMode;
  /** The family of a colour space named in a `cs`/`CS` operator (a device name or a resource name). */
  familyOf: (name: string) => SpaceFamily;
  /** In cmyk mode: the resource name of the ICC-based sRGB colour space (the caller adds it to the resources). */
  iccRgbName?: string;
}

export interface RewriteResult {
  text: string;
  /** Colour operators replaced. */
  converted: number;
  /** Whether the ICC-based sRGB colour space was used (the caller must then add it). */
  usedIccRgb: boolean;
  /** Colour operators left as they were because their space cannot be converted here (Separation, Lab, inline images…). */
  unconverted: string[];
}

interface SideState {
  /** The colour space the original stream has set. */
  original: SpaceFamily;
  /** What the rewritten stream has set: a family, or 'icc-rgb' for the managed sRGB space. */
  emitted: SpaceFamily | 'icc-rgb';
}

const COMPONENTS: Record<string, number> = { gray: 1, rgb: 3, cmyk: 4 };
const DEVICE_FAMILIES: Record<string, SpaceFamily> = {
  DeviceGray: 'gray',
  G: 'gray',
  DeviceRGB: 'rgb',
  RGB: 'rgb',
  DeviceCMYK: 'cmyk',
  CMYK: 'cmyk',
  Pattern: 'pattern',
};

export function deviceFamily(name: string): SpaceFamily | null {
  return DEVICE_FAMILIES[name] ?? null;
}

/** Luminance (Rec. 601 weights) of a colour in a device family, 0 = black, 1 = white. */
export function grayOf(family: 'gray' | 'rgb' | 'cmyk', values: number[]): number {
  const clamp = (v: number): number => Math.min(1, Math.max(0, v));
  // A missing component counts as 0 (callers pass as many as the family has).
  const [first = 0, second = 0, third = 0, fourth = 0] = values;
  if (family === 'gray') return clamp(first);
  if (family === 'rgb') return clamp(0.299 * first + 0.587 * second + 0.114 * third);
  return clamp(1 - Math.min(1, 0.3 * first + 0.59 * second + 0.11 * third + fourth));
}

export function rewriteColors(text: string, options: RewriteOptions): RewriteResult {
  const ops = parseContent(text);
  const result: RewriteResult = { text, converted: 0, usedIccRgb: false, unconverted: [] };
  const initial = (): SideState => ({ original: 'gray', emitted: 'gray' });
  let state = { fill: initial(), stroke: initial() };
  const stack: (typeof state)[] = [];

  const emitColor = (stroke: boolean, family: 'gray' | 'rgb' | 'cmyk', values: number[]): string => {
    const side = stroke ? state.stroke : state.fill;
    result.converted++;
    const op = (name: string): string => (stroke ? name.toUpperCase() : name);
    if (options.mode === 'gray') {
      side.emitted = 'gray';
      return `${num(solid(grayOf(family, values)))} ${op('g')}`;
    }
    // Callers pass as many components as the family has.
    const [first = 0, second = 0, third = 0] = values;
    const neutral = family === 'gray' || (family === 'rgb' && Math.abs(first - second) < 1e-4 && Math.abs(second - third) < 1e-4);
    if (neutral) {
      side.emitted = 'cmyk';
      return `0 0 0 ${num(1 - solid(first))} ${op('k')}`;
    }
    if (family === 'cmyk') {
      side.emitted = 'cmyk';
      return `${values.map(num).join(' ')} ${op('k')}`;
    }
    result.usedIccRgb = true;
    const select = side.emitted === 'icc-rgb' ? '' : `/${options.iccRgbName ?? 'CBsRGB'} ${op('cs')} `;
    side.emitted = 'icc-rgb';
    return `${select}${values.map(num).join(' ')} ${op('sc')}`;
  };

  const numbers = (operands: Operand[]): number[] | null =>
    operands.every((o) => o.kind === 'number') ? operands.map((o) => (o as { value: number }).value) : null;

  const replace = (op: Operation): string | null => {
    const { operator, operands } = op;
    switch (operator) {
      case 'q':
        stack.push({ fill: { ...state.fill }, stroke: { ...state.stroke } });
        return null;
      case 'Q':
        state = stack.pop() ?? { fill: initial(), stroke: initial() };
        return null;
      case 'g':
      case 'G':
      case 'rg':
      case 'RG':
      case 'k':
      case 'K': {
        const stroke = operator === operator.toUpperCase();
        const family = ({ g: 'gray', rg: 'rgb', k: 'cmyk' } as const)[operator.toLowerCase() as 'g' | 'rg' | 'k'];
        const side = stroke ? state.stroke : state.fill;
        side.original = family;
        const values = numbers(operands);
        if (!values || values.length !== COMPONENTS[family]) return null;
        // Already what the mode wants: gray in a gray book (unless near black).
        const [level] = values;
        if (options.mode === 'gray' && family === 'gray' && level !== undefined && solid(level) === level) {
          side.emitted = 'gray';
          return null;
        }
        return emitColor(stroke, family, values);
      }
      case 'cs':
      case 'CS': {
        const stroke = operator === 'CS';
        const side = stroke ? state.stroke : state.fill;
        const name = operands[0]?.kind === 'name' ? operands[0].value : '';
        const family = deviceFamily(name) ?? options.familyOf(name);
        side.original = family;
        if (family === 'pattern' || family === 'other') {
          side.emitted = family;
          if (family === 'other') result.unconverted.push(`${operator} /${name}`);
          return null;
        }
        // Selecting a space sets its initial colour, black in every device space.
        return emitColor(stroke, family, family === 'cmyk' ? [0, 0, 0, 1] : family === 'rgb' ? [0, 0, 0] : [0]);
      }
      case 'sc':
      case 'scn':
      case 'SC':
      case 'SCN': {
        const stroke = operator.startsWith('S');
        const side = stroke ? state.stroke : state.fill;
        const family = side.original;
        if (family === 'pattern' || family === 'other') return null;
        const values = numbers(operands);
        if (!values || values.length !== COMPONENTS[family]) {
          result.unconverted.push(operator);
          return null;
        }
        return emitColor(stroke, family, values);
      }
      case 'BI':
        // The parser gives an inline image its dictionary as the one operand.
        if (/\/(CS|ColorSpace)\s*\/(RGB|DeviceRGB|CMYK|DeviceCMYK)\b/.test(operands[0]?.text ?? ''))
          result.unconverted.push('inline image');
        return null;
      default:
        return null;
    }
  };
  result.text = rewriteContent(text, ops, (op) => replace(op));
  return result;
}

/** Colour operators that set an RGB or CMYK colour (or space), as `operator` strings: what preflight looks for in a gray book. */
export function findColorOperators(text: string, familyOf: (name: string) => SpaceFamily): string[] {
  const found: string[] = [];
  let fill: SpaceFamily = 'gray';
  let stroke: SpaceFamily = 'gray';
  const stack: [SpaceFamily, SpaceFamily][] = [];
  for (const op of parseContent(text)) {
    switch (op.operator) {
      case 'q':
        stack.push([fill, stroke]);
        break;
      case 'Q':
        [fill, stroke] = stack.pop() ?? ['gray', 'gray'];
        break;
      case 'rg':
      case 'RG':
      case 'k':
      case 'K':
        found.push(`${op.operands.map((o) => o.text).join(' ')} ${op.operator}`);
        break;
      case 'g':
        fill = 'gray';
        break;
      case 'G':
        stroke = 'gray';
        break;
      case 'cs':
      case 'CS': {
        const name = op.operands[0]?.kind === 'name' ? op.operands[0].value : '';
        const family = deviceFamily(name) ?? familyOf(name);
        if (op.operator === 'cs') fill = family;
        else stroke = family;
        if (family !== 'gray' && family !== 'pattern') found.push(`/${name} ${op.operator}`);
        break;
      }
      case 'sc':
      case 'scn':
      case 'SC':
      case 'SCN': {
        const family = op.operator.startsWith('S') ? stroke : fill;
        if (family !== 'gray' && family !== 'pattern') found.push(`${op.operands.map((o) => o.text).join(' ')} ${op.operator}`);
        break;
      }
      case 'BI': {
        const dict = op.operands[0]?.text ?? '';
        if (!/\/(CS|ColorSpace)\s*\/(G|DeviceGray)\b/.test(dict) && !/\/(IM|ImageMask)\s+true/.test(dict)) {
          found.push('inline image not in DeviceGray');
        }
        break;
      }
      default:
        break;
    }
  }
  return found;
}
