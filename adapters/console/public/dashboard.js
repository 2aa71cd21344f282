// @ts-check
// 驾驶舱: the unit's figures as five Apache ECharts charts, each with its numbers in a table beside it
// (under it on a narrow screen). Opened as dashboard.html#as=<personId>; the figures and every word come
// from GET /console/api/dashboard (the words live in bot/replies/dashboard-words.ts); a refusal shows
// the server's Chinese text. ECharts is the package's own build, loaded by dashboard.html before this
// module (window.echarts); nothing comes from the internet. Everything from the server goes in as text.
import { api } from './api.js';
import { clear, h } from './card/dom.js';

/** @typedef {import('./api.js').DashboardView} DashboardView */
/** @typedef {DashboardView['words']} Words */
/** @typedef {import('echarts').EChartsOption} ChartOption */
/** @typedef {'execution' | 'lights' | 'alerts' | 'suppliers' | 'threePublic'} ChartName */

/** ECharts as its UMD build leaves it on window */
const echarts = /** @type {typeof import('echarts') | undefined} */ (/** @type {{ echarts?: unknown }} */ (window).echarts);

/** the console's colours (style.css :root) */
const COLOURS = { primary: '#1f6bff', yellow: '#f7ba1e', red: '#f53f3f', orange: '#ff7d00', grey: '#c9cdd4', green: '#00b42a', text: '#1f2329', text3: '#5c636d' };
const FONT = "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', sans-serif";

const STORAGE_KEY = 'guanjia.console.as';
const app = /** @type {HTMLElement} */ (document.getElementById('app'));
const main = /** @type {HTMLElement} */ (document.getElementById('dash-main'));
const title = /** @type {HTMLElement} */ (document.getElementById('dash-title'));
const sub = /** @type {HTMLElement} */ (document.getElementById('dash-sub'));
const back = /** @type {HTMLAnchorElement} */ (document.getElementById('dash-back'));

// ------------------------------------------------------------------ numbers

/**
 * 分 (a decimal string) as 元 with thousands separators and two decimals: "120000" → "1,200.00".
 * @param {string} fen
 */
function yuanText(fen) {
  const value = BigInt(fen);
  const abs = value < 0n ? -value : value;
  const whole = (abs / 100n).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${value < 0n ? '-' : ''}${whole}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/** 分 as a number of 元 for a chart's axis @param {string} fen */
const yuan = (fen) => Number(BigInt(fen)) / 100;

/** basis points as a percentage: 240 → "2.40%" @param {number} bp */
const percentText = (bp) => `${(bp / 100).toFixed(2)}%`;

/** a number of 元 on an axis: 1200 → "1,200", 1500000 → "150万" @param {number} value */
const axisYuan = (value) => (Math.abs(value) >= 10_000 ? `${(value / 10_000).toLocaleString('zh-CN', { maximumFractionDigits: 1 })}万` : value.toLocaleString('zh-CN'));

// ------------------------------------------------------------------ the page

/** the person the link names, else the one the console last acted as */
function personOfLink() {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('as');
  if (fromHash) return fromHash;
  try {
    return localStorage.getItem(STORAGE_KEY) ?? '';
  } catch {
    return '';
  }
}

/** @type {import('echarts').ECharts[]} */
let charts = [];

async function boot() {
  const as = personOfLink();
  back.href = as ? `./#as=${encodeURIComponent(as)}` : './';
  for (const chart of charts) chart.dispose();
  charts = [];
  /** @type {DashboardView} */
  let data;
  try {
    data = await api.dashboard(as);
  } catch (err) {
    showRefusal(err instanceof Error ? err.message : String(err), err instanceof Error && 'code' in err ? String(err.code) : 'error');
    return;
  }
  if (!echarts) {
    // the package's build did not load (an installation without node_modules/echarts)
    showRefusal('图表组件未能加载，请确认管家安装完整（node_modules/echarts）后刷新页面。', 'no_echarts');
    return;
  }
  render(data, echarts);
}

/**
 * What the server said instead of figures (the refusal in Chinese), in place of the charts. The page
 * is then ready too (data-state), showing a refusal (data-view).
 * @param {string} message
 * @param {string} code
 */
function showRefusal(message, code) {
  clear(main);
  main.append(h('div', { class: 'dash-refusal', role: 'alert', dataset: { code } }, h('p', { class: 'dash-refusal-text' }, message)));
  app.dataset.view = 'refused';
  app.dataset.state = 'ready';
}

/**
 * @param {DashboardView} data
 * @param {typeof import('echarts')} lib
 */
function render(data, lib) {
  const w = data.words;
  document.title = `${data.unitName} · ${w.title}`;
  title.textContent = `${data.unitName} · ${w.title}`;
  sub.textContent = `${w.heading.fiscalYear} · ${w.heading.asOf} · ${w.heading.timeProgress} ${percentText(data.timeProgressBp)} · ${w.yuanUnit}`;
  back.textContent = w.back;
  clear(main);
  /** @type {[ChartName, { title: string, table: string }, ChartOption, HTMLTableElement, number][]} */
  const panels = [
    ['execution', w.execution, executionChart(data), executionTable(data), 320],
    ['lights', w.lights, lightsChart(data), lightsTable(data), lightsHeight(data)],
    ['alerts', w.alerts, alertsChart(data), alertsTable(data), 300],
    ['suppliers', w.suppliers, suppliersChart(data), suppliersTable(data), Math.max(240, 60 + 32 * data.suppliers.length)],
    ['threePublic', w.threePublic, threePublicChart(data), threePublicTable(data), 300],
  ];
  const drawn = panels.map(([name, words, option, table, height]) => {
    const chartEl = h('div', { class: 'dash-chart', dataset: { chart: name }, role: 'img', 'aria-label': words.title, style: { height: `${height}px` } });
    table.dataset.table = name;
    table.prepend(h('caption', { class: 'sr-only' }, words.table));
    main.append(
      h(
        'section',
        { class: 'dash-panel', dataset: { panel: name }, 'aria-label': words.title },
        h('h2', { class: 'dash-panel-title' }, words.title),
        h('div', { class: 'dash-panel-body' }, chartEl, h('div', { class: 'dash-table-wrap' }, table)),
      ),
    );
    const chart = lib.init(chartEl, null, { renderer: 'canvas' });
    charts.push(chart);
    return new Promise((resolve) => {
      chart.on('finished', () => {
        chartEl.dataset.rendered = 'true';
        resolve(undefined);
      });
      chart.setOption({ animationDuration: 400, textStyle: { fontFamily: FONT }, ...option });
    });
  });
  app.dataset.view = 'charts';
  // ready once every chart has drawn (after its animation)
  Promise.all(drawn).then(() => (app.dataset.state = 'ready'));
}

window.addEventListener('resize', () => {
  for (const chart of charts) chart.resize();
});
window.addEventListener('hashchange', boot);

// ------------------------------------------------------------------ tables

/**
 * A table: header words, rows of cells; numbers right-aligned. Each row carries its key (data-key)
 * and each cell its column (data-col), so a figure can be found by what it is.
 * @param {Record<string, string>} columns column key → header
 * @param {{ key: string, cells: Record<string, string> }[]} rows
 * @param {string[]} numeric the columns that hold numbers
 * @param {string} empty
 * @returns {HTMLTableElement}
 */
function table(columns, rows, numeric, empty) {
  const keys = Object.keys(columns);
  const numberClass = (/** @type {string} */ key) => (numeric.includes(key) ? 'num' : undefined);
  return h(
    'table',
    { class: 'dash-table' },
    h(
      'thead',
      null,
      h(
        'tr',
        null,
        keys.map((k) => h('th', { scope: 'col', class: numberClass(k) }, columns[k] ?? k)),
      ),
    ),
    h(
      'tbody',
      null,
      rows.length === 0
        ? h('tr', null, h('td', { class: 'dash-empty', colspan: String(keys.length) }, empty))
        : rows.map((r) =>
            h(
              'tr',
              { dataset: { key: r.key } },
              keys.map((k, i) => h(i === 0 ? 'th' : 'td', { scope: i === 0 ? 'row' : undefined, class: numberClass(k), dataset: { col: k } }, r.cells[k] ?? '')),
            ),
          ),
    ),
  );
}

/** @param {DashboardView} d */
function executionTable(d) {
  const c = d.words.execution.columns;
  const rows = d.departments.map((x) => ({
    key: x.department,
    cells: {
      department: x.department,
      budget: yuanText(x.budget),
      spent: yuanText(x.spent),
      execution: percentText(x.executionBp),
      timeProgress: percentText(d.timeProgressBp),
      variance: percentText(x.executionBp - d.timeProgressBp),
    },
  }));
  return table(c, rows, ['budget', 'spent', 'execution', 'timeProgress', 'variance'], d.words.empty);
}

/** @param {DashboardView} d */
function lightsTable(d) {
  const c = d.words.lights.columns;
  const rows = d.lights.map((x) => ({ key: `${x.department} ${x.month}`, cells: { department: x.department, month: x.month, yellow: String(x.yellow), red: String(x.red) } }));
  return table(c, rows, ['yellow', 'red'], d.words.empty);
}

/** @param {DashboardView} d */
function alertsTable(d) {
  const rows = d.alerts.map((x) => ({ key: x.rule, cells: { rule: x.label, total: String(x.total), open: String(x.open) } }));
  return table(d.words.alerts.columns, rows, ['total', 'open'], d.words.empty);
}

/** @param {DashboardView} d */
function suppliersTable(d) {
  const rows = d.suppliers.map((x) => ({ key: x.supplier, cells: { supplier: x.supplier, amount: yuanText(x.amount), count: String(x.count) } }));
  return table(d.words.suppliers.columns, rows, ['amount', 'count'], d.words.empty);
}

/** @param {DashboardView} d */
function threePublicTable(d) {
  const rows = d.threePublic.map((x) => ({
    key: x.category,
    cells: {
      category: x.category,
      cap: yuanText(x.cap),
      spent: yuanText(x.spent),
      frozen: yuanText(x.frozen),
      committed: yuanText(x.committed),
      used: x.usedBp === null ? '—' : percentText(x.usedBp),
    },
  }));
  return table(d.words.threePublic.columns, rows, ['cap', 'spent', 'frozen', 'committed', 'used'], d.words.threePublic.nothingTagged);
}

// ------------------------------------------------------------------ charts

/** what a chart shows when it has nothing to show @param {string} text @returns {ChartOption} */
function emptyChart(text) {
  return { title: { text, left: 'center', top: 'middle', textStyle: { color: COLOURS.text3, fontSize: 14, fontWeight: 'normal' } } };
}

/** the tooltip's and the table's way of writing 元 @param {unknown} value */
const tooltipYuan = (value) => (typeof value === 'number' ? yuanText(String(Math.round(value * 100))) : String(value));

/** @type {ChartOption} */
const BASE = { grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true }, legend: { top: 0 }, tooltip: { trigger: 'axis', confine: true } };

/** 执行率 per department as bars, 序时进度 as a line across them @param {DashboardView} d @returns {ChartOption} */
function executionChart(d) {
  const c = d.words.execution.columns;
  if (d.departments.length === 0) return emptyChart(d.words.empty);
  const time = d.timeProgressBp / 100;
  return {
    ...BASE,
    tooltip: { trigger: 'axis', confine: true, valueFormatter: (v) => `${Number(v).toFixed(2)}%` },
    xAxis: { type: 'category', data: d.departments.map((x) => x.department), axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: { type: 'value', min: 0, max: (v) => Math.max(100, Math.ceil(v.max / 10) * 10), axisLabel: { formatter: '{value}%' } },
    series: [
      {
        name: c.execution,
        type: 'bar',
        barMaxWidth: 40,
        // behind 序时进度 in orange
        itemStyle: { color: COLOURS.primary },
        data: d.departments.map((x) => ({ value: x.executionBp / 100, itemStyle: { color: x.executionBp < d.timeProgressBp ? COLOURS.orange : COLOURS.primary } })),
        label: { show: true, position: 'top', formatter: (p) => `${Number(p.value).toFixed(2)}%` },
      },
      {
        // no points of its own: the legend's entry, and the line across the whole chart at 序时进度
        name: c.timeProgress,
        type: 'line',
        data: [],
        itemStyle: { color: COLOURS.green },
        markLine: {
          silent: true,
          symbol: 'none',
          data: [{ yAxis: time }],
          lineStyle: { color: COLOURS.green, type: 'dashed', width: 2 },
          label: { formatter: `${c.timeProgress} ${time.toFixed(2)}%`, position: 'insideEndTop', color: COLOURS.text },
        },
      },
    ],
  };
}

/** rows of the lights chart: one small chart per department, months across @param {DashboardView} d */
function lightDepartments(d) {
  return [...new Set(d.lights.map((x) => x.department))];
}

const LIGHT_ROW = 110;

/** @param {DashboardView} d */
function lightsHeight(d) {
  const rows = lightDepartments(d).length;
  return rows === 0 ? 240 : 40 + LIGHT_ROW * rows;
}

/** yellow and red stacked per month, one grid per department @param {DashboardView} d @returns {ChartOption} */
function lightsChart(d) {
  const c = d.words.lights.columns;
  const departments = lightDepartments(d);
  if (departments.length === 0) return emptyChart(d.words.empty);
  const count = (/** @type {string} */ department, /** @type {string} */ month, /** @type {'yellow' | 'red'} */ light) =>
    d.lights.find((x) => x.department === department && x.month === month)?.[light] ?? 0;
  const labels = d.months.map((m) => d.words.lights.months[m] ?? m);
  return {
    legend: { top: 0, data: [c.yellow, c.red] },
    tooltip: { trigger: 'axis', confine: true },
    title: departments.map((name, i) => ({ text: name, left: 8, top: 34 + i * LIGHT_ROW, textStyle: { fontSize: 12, fontWeight: 'normal', color: COLOURS.text3 } })),
    grid: departments.map((_, i) => ({ left: 8, right: 16, top: 54 + i * LIGHT_ROW, height: LIGHT_ROW - 44, containLabel: true })),
    xAxis: departments.map((_, i) => ({ type: 'category', gridIndex: i, data: labels, axisLabel: { interval: 0, hideOverlap: true, fontSize: 11 } })),
    yAxis: departments.map((_, i) => ({ type: 'value', gridIndex: i, minInterval: 1, splitNumber: 2, axisLabel: { fontSize: 11 } })),
    series: departments.flatMap((name, i) =>
      /** @type {const} */ (['yellow', 'red']).map((light) => ({
        name: c[light],
        type: /** @type {const} */ ('bar'),
        stack: name,
        xAxisIndex: i,
        yAxisIndex: i,
        barMaxWidth: 18,
        itemStyle: { color: COLOURS[light] },
        data: d.months.map((m) => count(name, m, light)),
      })),
    ),
  };
}

/** all alerts and those still open, by rule @param {DashboardView} d @returns {ChartOption} */
function alertsChart(d) {
  const c = d.words.alerts.columns;
  if (d.alerts.length === 0) return emptyChart(d.words.empty);
  return {
    ...BASE,
    xAxis: { type: 'category', data: d.alerts.map((x) => x.label), axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [
      { name: c.total, type: 'bar', barMaxWidth: 36, itemStyle: { color: COLOURS.primary }, data: d.alerts.map((x) => x.total), label: { show: true, position: 'top' } },
      { name: c.open, type: 'bar', barMaxWidth: 36, itemStyle: { color: COLOURS.red }, data: d.alerts.map((x) => x.open), label: { show: true, position: 'top' } },
    ],
  };
}

/** the largest supplier on top, as horizontal bars @param {DashboardView} d @returns {ChartOption} */
function suppliersChart(d) {
  const c = d.words.suppliers.columns;
  if (d.suppliers.length === 0) return emptyChart(d.words.empty);
  return {
    grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
    tooltip: { trigger: 'axis', confine: true, valueFormatter: tooltipYuan },
    xAxis: { type: 'value', axisLabel: { formatter: axisYuan, hideOverlap: true } },
    yAxis: { type: 'category', inverse: true, data: d.suppliers.map((x) => x.supplier), axisLabel: { width: 110, overflow: 'truncate' } },
    series: [{ name: c.amount, type: 'bar', barMaxWidth: 22, itemStyle: { color: COLOURS.primary }, data: d.suppliers.map((x) => yuan(x.amount)) }],
  };
}

/** the cap beside what is spent, frozen and committed against it @param {DashboardView} d @returns {ChartOption} */
function threePublicChart(d) {
  const c = d.words.threePublic.columns;
  if (d.threePublic.length === 0) return emptyChart(d.words.threePublic.nothingTagged);
  const used = /** @type {const} */ ([
    ['spent', COLOURS.primary],
    ['frozen', COLOURS.yellow],
    ['committed', COLOURS.orange],
  ]);
  return {
    ...BASE,
    tooltip: { trigger: 'axis', confine: true, valueFormatter: tooltipYuan },
    xAxis: { type: 'category', data: d.threePublic.map((x) => x.category), axisLabel: { interval: 0, hideOverlap: true } },
    yAxis: { type: 'value', axisLabel: { formatter: axisYuan } },
    series: [
      { name: c.cap, type: 'bar', barMaxWidth: 36, itemStyle: { color: COLOURS.grey }, data: d.threePublic.map((x) => yuan(x.cap)) },
      ...used.map(([key, colour]) => ({
        name: c[key],
        type: /** @type {const} */ ('bar'),
        stack: 'used',
        barMaxWidth: 36,
        itemStyle: { color: colour },
        data: d.threePublic.map((x) => yuan(x[key])),
      })),
    ],
  };
}

boot();
