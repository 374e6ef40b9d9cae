/**
 * Charts as plain SVG drawn on the server: readable without JavaScript, scaled by their
 * viewBox to any width (360 px phones included), each an image with a text alternative
 * (`role="img"`, `aria-label` and `<title>`) and the same numbers as a table beside it in a
 * `<details>`, for screen readers and for anyone who wants the figures. Text in the SVG is
 * escaped like any JSX text. Colours are the stylesheet's: dark blue bars and a red target
 * line, both well over 3:1 against white.
 */
import type { Child } from 'hono/jsx';
import type { Text } from '../../../forms/language.js';
import { Bi, both, useLang } from './layout.js';

export const CHART_WIDTH = 320;
/** The longest bar; the rest is room for the value written after it. */
export const BAR_MAX = 260;
const ROW = 40;
const BAR_COLOUR = '#1d4f91';
const TARGET_COLOUR = '#a4161a';
const INK = '#0b0c0c';
const AXIS = '#505a5f';

export const NO_DATA: Text = { zh: '暂无数据', en: 'No data' };

export type Bar = { label: Text; value: number };

const pick = (t: Text, lang: 'zh' | 'en') => (lang === 'en' ? t.en : t.zh);
/** A length for the SVG, rounded so the markup stays short and stable. */
const r1 = (n: number) => Math.round(n * 10) / 10;

/** The chart and, under it, its numbers in a table the reader may open. */
export function Figure({ id, title, label, chart, table }: { id: string; title: Text; label: string; chart: Child; table: Child }) {
  const lang = useLang();
  return (
    <figure class="chart" aria-labelledby={`${id}-caption`}>
      <figcaption id={`${id}-caption`}><Bi t={title} /></figcaption>
      {chart}
      <details>
        <summary><Bi t={{ zh: '查看数据表', en: 'Show the figures' }} /></summary>
        <div class="scroll" tabindex={0} role="region" aria-label={both({ zh: `${title.zh}：数据表`, en: `${title.en}: figures` }, lang)}>
          {table}
        </div>
      </details>
    </figure>
  );
}

/**
 * Horizontal bars, one row per item: its name above the bar, the value after it. Bars are
 * scaled to `max` (the largest value when not given, or when a value exceeds it), so the
 * longest is BAR_MAX units long. No items, or nothing but zeros, reads "暂无数据".
 */
export function BarChart({ label, bars, max }: { label: string; bars: Bar[]; max?: number }) {
  const lang = useLang();
  const top = Math.max(max ?? 0, ...bars.map((b) => b.value));
  if (bars.length === 0 || top <= 0) return <p class="empty"><Bi t={NO_DATA} /></p>;
  const height = bars.length * ROW + 4;
  return (
    <svg class="chart-svg" viewBox={`0 0 ${CHART_WIDTH} ${height}`} width="100%" role="img" aria-label={label} xmlns="http://www.w3.org/2000/svg">
      <title>{label}</title>
      {bars.map((b, i) => {
        const y = i * ROW;
        const w = r1((Math.max(0, b.value) / top) * BAR_MAX);
        return (
          <g>
            <text x="0" y={y + 13} font-size="12" fill={INK}>{pick(b.label, lang)}</text>
            <rect x="0" y={y + 18} width={w} height="16" fill={BAR_COLOUR} />
            <text x={r1(w + 6)} y={y + 31} font-size="12" font-weight="700" fill={INK}>{b.value}</text>
          </g>
        );
      })}
    </svg>
  );
}

const PLOT = { left: 34, right: 312, top: 14, bottom: 170 };
const MONTHS_HEIGHT = 190;

/**
 * Monthly progress towards a yearly target: a bar per month for the running total, up to
 * month `through` (later months are not drawn), and the target as a dashed red line.
 */
export function TargetChart({ label, byMonth, target, through = 12 }: { label: string; byMonth: number[]; target: number; through?: number }) {
  const lang = useLang();
  const running = byMonth.slice(0, 12).reduce<number[]>((acc, n) => [...acc, (acc[acc.length - 1] ?? 0) + n], []);
  const top = Math.max(target, ...running, 1);
  const slot = (PLOT.right - PLOT.left) / 12;
  const yOf = (v: number) => r1(PLOT.bottom - (v / top) * (PLOT.bottom - PLOT.top));
  const targetText = lang === 'en' ? `Target ${target}` : `目标 ${target}`;
  return (
    <svg class="chart-svg" viewBox={`0 0 ${CHART_WIDTH} ${MONTHS_HEIGHT}`} width="100%" role="img" aria-label={label} xmlns="http://www.w3.org/2000/svg">
      <title>{label}</title>
      <line x1={PLOT.left} y1={PLOT.bottom} x2={PLOT.right} y2={PLOT.bottom} stroke={AXIS} stroke-width="1" />
      <text x={PLOT.left - 4} y={PLOT.bottom + 4} font-size="11" text-anchor="end" fill={INK}>0</text>
      {running.slice(0, Math.max(0, Math.min(12, through))).map((v, i) => {
        const x = r1(PLOT.left + i * slot + 3);
        return v > 0 ? <rect x={x} y={yOf(v)} width={r1(slot - 6)} height={r1(PLOT.bottom - yOf(v))} fill={BAR_COLOUR} /> : null;
      })}
      {running.map((_, i) => (
        <text x={r1(PLOT.left + (i + 0.5) * slot)} y={PLOT.bottom + 15} font-size="11" text-anchor="middle" fill={INK}>{i + 1}</text>
      ))}
      <line x1={PLOT.left} y1={yOf(target)} x2={PLOT.right} y2={yOf(target)} stroke={TARGET_COLOUR} stroke-width="2" stroke-dasharray="6 4" />
      <text x={PLOT.left - 4} y={yOf(target) + 4} font-size="11" text-anchor="end" fill={TARGET_COLOUR} font-weight="700">{target}</text>
      <text x={PLOT.right} y={yOf(target) - 5} font-size="12" text-anchor="end" fill={TARGET_COLOUR} font-weight="700">{targetText}</text>
      <text x={PLOT.left - 4} y={PLOT.bottom + 15} font-size="11" text-anchor="end" fill={AXIS}>{lang === 'en' ? 'M' : '月'}</text>
    </svg>
  );
}
