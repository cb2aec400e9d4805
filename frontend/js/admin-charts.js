// Charts of the operator pages, drawn with uPlot from the sampler's series: [times (s), figure, figure, …].
import uPlot from '/webjars/uplot/dist/uPlot.esm.js';
import { chartWidth } from './page.js';

const COLOURS = ['#2f5bd3', '#c0392b', '#1f8a4c', '#8a5a00', '#7d3c98', '#117a8b', '#a04000', '#34495e'];

function draw(el, series, data, empty) {
  if (!data.length || !data[0].length) {
    el.textContent = empty;
    el.classList.add('empty');
    return;
  }
  const opts = {
    width: chartWidth(el, 280, 1120),
    height: 240,
    series: [{}, ...series],
    axes: [{}, { size: 60 }, ...(series.some((s) => s.scale === 'seconds') ? [{ scale: 'seconds', side: 1, grid: { show: false }, size: 60 }] : [])],
    scales: { x: { time: true } },
  };
  el.dataset.points = String(data[0].length);
  new uPlot(opts, data, el);
}

async function chart(el) {
  const response = await fetch(el.dataset.url, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    el.textContent = `Could not load the chart (${response.status}).`;
    return;
  }
  const body = await response.json();
  const kind = el.dataset.kind;
  if (kind === 'throughput') {
    const series = [
      { label: 'matches/s', stroke: COLOURS[0] },
      { label: 'dead letters/s', stroke: COLOURS[1] },
      ...body.series.map((s, i) => ({ label: `${s} alerts/s`, stroke: COLOURS[(i + 2) % COLOURS.length] })),
    ];
    draw(el, series, body.data, 'No sample yet: the first comes within a sampling interval.');
  } else if (kind === 'lag') {
    draw(el, [
      { label: 'lag (messages)', stroke: COLOURS[0] },
      { label: 'lag (seconds)', stroke: COLOURS[1], scale: 'seconds' },
    ], body, 'No sample of this group yet.');
  } else if (kind === 'rate') {
    draw(el, [{ label: 'messages/s in', stroke: COLOURS[0] }], body, 'No rate yet: it takes two samples.');
  }
}

document.querySelectorAll('.chart[data-url]').forEach((el) => {
  chart(el).catch((e) => { el.textContent = `Could not load the chart (${e.message}).`; });
});
