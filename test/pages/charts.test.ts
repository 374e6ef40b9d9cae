/**
 * The SVG chart components, rendered to markup with no app: bars scale to the largest value
 * (or the given maximum), text is escaped, no data reads 暂无数据, and every chart is an
 * image with a text alternative.
 */
import { jsx } from 'hono/jsx';
import { describe, expect, it } from 'vitest';
import { BAR_MAX, BarChart, TargetChart, type Bar } from '../../functions/http/pages/charts.js';

const render = async (component: (props: any) => unknown, props: Record<string, unknown>) => String(await jsx(component as any, props).toString());
const t = (zh: string, en = zh) => ({ zh, en });
const widths = (svg: string) => [...svg.matchAll(/<rect[^>]* width="([\d.]+)"/g)].map((m) => Number(m[1]));

describe('BarChart', () => {
  it('draws the largest value at full length and the others in proportion', async () => {
    const bars: Bar[] = [{ label: t('定海路'), value: 4 }, { label: t('五角场'), value: 2 }, { label: t('殷行'), value: 1 }];
    const svg = await render(BarChart, { label: 'x', bars });
    expect(widths(svg)).toEqual([BAR_MAX, BAR_MAX / 2, BAR_MAX / 4]);
  });

  it('scales to a given maximum above every value', async () => {
    const svg = await render(BarChart, { label: 'x', bars: [{ label: t('a'), value: 5 }], max: 20 });
    expect(widths(svg)).toEqual([BAR_MAX / 4]);
  });

  it('is an image named by its label, with a title', async () => {
    const svg = await render(BarChart, { label: '各街道待审 3 件', bars: [{ label: t('a'), value: 3 }] });
    expect(svg).toMatch(/<svg[^>]* role="img" aria-label="各街道待审 3 件"/);
    expect(svg).toContain('<title>各街道待审 3 件</title>');
    expect(svg).toMatch(/viewBox="0 0 320 \d+" width="100%"/);
  });

  it('escapes labels in the text and in the name', async () => {
    const svg = await render(BarChart, { label: '"><script>alert(1)</script>', bars: [{ label: t('<img src=x onerror=alert(1)>&'), value: 1 }] });
    expect(svg).not.toContain('<script>');
    expect(svg).not.toContain('<img');
    expect(svg).toContain('&lt;img src=x onerror=alert(1)&gt;&amp;');
    expect(svg).toContain('aria-label="&quot;&gt;&lt;script&gt;');
  });

  it.each([[[]], [[{ label: t('a'), value: 0 }]]])('says 暂无数据 instead of drawing no data (%j)', async (bars) => {
    const html = await render(BarChart, { label: 'x', bars });
    expect(html).toContain('暂无数据');
    expect(html).not.toContain('<svg');
  });
});

describe('TargetChart', () => {
  const byMonth = [1, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0];

  it('draws the running total up to the given month, scaled to the target', async () => {
    const svg = await render(TargetChart, { label: 'x', byMonth, target: 24, through: 4 });
    const heights = [...svg.matchAll(/<rect[^>]* height="([\d.]+)"/g)].map((m) => Number(m[1]));
    // Running totals 1, 1, 3, 3 of 24 over the 156-unit plot.
    expect(heights).toEqual([6.5, 6.5, 19.5, 19.5]);
    expect(svg).toContain('目标 24');
    expect(svg).toMatch(/stroke-dasharray/);
  });

  it('draws no month after `through`, and none for a year not yet begun', async () => {
    expect(widths(await render(TargetChart, { label: 'x', byMonth, target: 5, through: 0 }))).toEqual([]);
    expect(widths(await render(TargetChart, { label: 'x', byMonth, target: 5, through: 12 }))).toHaveLength(12);
  });

  it('grows its scale when the target is passed', async () => {
    const svg = await render(TargetChart, { label: 'x', byMonth: [30, ...Array(11).fill(0)], target: 10, through: 1 });
    const heights = [...svg.matchAll(/<rect[^>]* height="([\d.]+)"/g)].map((m) => Number(m[1]));
    expect(heights).toEqual([156]);
  });
});
