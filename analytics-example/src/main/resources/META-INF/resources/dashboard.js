// Polls /v1/analytics and draws it. Amounts arrive as decimal strings of wei; they are shown
// exactly (BigInt), never through floating point, except as chart heights.
'use strict';

const WEI = 10n ** 18n;
const COLOURS = ['#3366cc', '#dc3912', '#ff9900', '#109618', '#990099', '#0099c6', '#dd4477', '#66aa00', '#b82e2e', '#316395'];

function soa(wei) {
  const v = BigInt(wei);
  const neg = v < 0n;
  const a = neg ? -v : v;
  const frac = (a % WEI).toString().padStart(18, '0').replace(/0+$/, '');
  return (neg ? '-' : '') + (a / WEI).toString() + (frac ? '.' + frac : '') + ' $SOA';
}

function seconds(s) {
  if (s === null || s === undefined) return '–';
  if (s < 1) return '< 1 s'; // block times have whole seconds
  return s < 120 ? s.toFixed(1) + ' s' : (s / 60).toFixed(1) + ' min';
}

function text(id, value) {
  document.getElementById(id).textContent = value;
}

function rows(tableId, items, cells) {
  const body = document.querySelector('#' + tableId + ' tbody');
  body.replaceChildren(...items.map(item => {
    const tr = document.createElement('tr');
    for (const [cls, value] of cells(item)) {
      const td = document.createElement('td');
      td.className = cls;
      td.textContent = value;
      tr.appendChild(td);
    }
    return tr;
  }));
  return body;
}

function chart(id, type) {
  return new Chart(document.getElementById(id), {
    type,
    data: { labels: [], datasets: [] },
    options: {
      animation: false, responsive: true, maintainAspectRatio: false,
      scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } },
      plugins: { legend: { position: 'bottom' } },
    },
  });
}

const revenueChart = chart('revenue-chart', 'bar');
const accessChart = chart('access-chart', 'bar');

function minuteLabel(iso) {
  return iso.substring(11, 16);
}

// series: points [{minute, key, value}] into labels (minutes) and one dataset per key
function series(target, points, unit, tooltip) {
  const minutes = [...new Set(points.map(p => p.minute))].sort();
  const keys = [...new Set(points.map(p => p.key))].sort();
  target.data.labels = minutes.map(minuteLabel);
  target.data.datasets = keys.map((key, i) => ({
    label: key,
    backgroundColor: COLOURS[i % COLOURS.length],
    data: minutes.map(m => {
      const p = points.find(q => q.minute === m && q.key === key);
      return p ? unit(p.value) : 0;
    }),
    raw: minutes.map(m => (points.find(q => q.minute === m && q.key === key) || {}).value),
  }));
  target.options.plugins.tooltip = {
    callbacks: { label: ctx => ctx.dataset.label + ': ' + tooltip(ctx.dataset.raw[ctx.dataIndex]) },
  };
  target.update();
}

function draw(s) {
  text('as-of', 'as of ' + s.asOf);
  const names = Object.fromEntries(s.models.map(m => [m.modelId, m.name || 'model ' + m.modelId]));
  const total = s.models.reduce((sum, m) => sum + BigInt(m.revenue), 0n);
  text('revenue-total', soa(total));
  text('revenue-total-wei', total.toString() + ' wei');
  text('granted', s.access.granted);
  text('denied', s.access.denied);
  text('refunded', s.access.refunded);
  text('unsettled', soa(s.settlement.unsettled));
  text('at-risk', soa(s.settlement.valueAtRisk) + ' on ' + s.settlement.channelsAtRisk
    + ' channel(s) expiring within ' + s.settlement.horizon);
  text('lag', seconds(s.settlement.lastLagSeconds));
  text('oldest', seconds(s.settlement.oldestUnsettledSeconds));

  const body = rows('models', s.models, m => [
    ['model', m.modelId], ['name', m.name || ''], ['revenue', m.revenue], ['granted', m.granted], ['denied', m.denied],
    ['unsettled', m.unsettled], ['at-risk', m.valueAtRisk], ['licences', m.licences],
    ['licence-volume', m.licenceVolume], ['resales', m.resales], ['resale-volume', m.resaleVolume],
    ['model-sales', m.modelSales], ['royalties', m.royalties]]);
  [...body.children].forEach((tr, i) => { tr.dataset.model = s.models[i].modelId; });
  rows('reasons', Object.entries(s.access.deniedByReason), ([reason, calls]) =>
    [['reason', reason], ['calls', calls]]);
  rows('batches', Object.entries(s.settlement.batches), ([outcome, b]) =>
    [['outcome', outcome], ['count', b.count], ['amount', b.amount], ['fees', b.fees]]);

  series(revenueChart,
    s.revenue.map(p => ({ minute: p.minute, key: (names[p.modelId] || 'model ' + p.modelId) + ' · ' + p.feature, value: p.amount })),
    wei => Number(BigInt(wei)) / 1e18, wei => wei === undefined ? '0' : soa(wei));
  series(accessChart,
    s.access.perMinute.map(p => ({ minute: p.minute, key: p.outcome, value: p.calls })),
    calls => calls, calls => (calls || 0) + ' calls');
  document.body.dataset.loaded = s.asOf;
}

async function poll() {
  try {
    const r = await fetch('v1/analytics?minutes=60');
    if (r.ok) draw(await r.json());
  } catch (e) {
    console.warn('analytics poll failed', e);
  } finally {
    setTimeout(poll, 2000);
  }
}

poll();
