// The light curve of the alert page and the object page (data-api names the JSON): magnitude (inverted: bright at the top) against MJD, one colour per band; detections
// with error bars, forced photometry as squares, upper limits as open downward triangles; the alert's own point ringed.
import uPlot from '/webjars/uplot/dist/uPlot.esm.js';
import { chartWidth } from './page.js';

const page = document.querySelector('.alert-page');
const COLOURS = { u: '#7b3fb8', g: '#1f8a4c', r: '#c0392b', i: '#b8860b', z: '#6b4226', y: '#333333', '?': '#555555' };

function markers(u, seriesIdx, points, kind) {
  const { ctx } = u;
  const colour = u.series[seriesIdx].stroke();
  ctx.save();
  ctx.strokeStyle = colour;
  ctx.fillStyle = colour;
  ctx.lineWidth = 1.5;
  for (const p of points) {
    const x = u.valToPos(p.mjd, 'x', true);
    const y = u.valToPos(p.magnitude, 'y', true);
    const r = 4 * devicePixelRatio;
    if (p.kind === 'limit' || p.kind === 'forced-limit') {
      ctx.beginPath(); // open triangle pointing down: fainter than this
      ctx.moveTo(x - r, y - r * 0.6);
      ctx.lineTo(x + r, y - r * 0.6);
      ctx.lineTo(x, y + r);
      ctx.closePath();
      ctx.stroke();
      continue;
    }
    if (p.error != null) {
      ctx.beginPath();
      ctx.moveTo(x, u.valToPos(p.magnitude - p.error, 'y', true));
      ctx.lineTo(x, u.valToPos(p.magnitude + p.error, 'y', true));
      ctx.stroke();
    }
    ctx.beginPath();
    if (p.kind === 'forced') ctx.rect(x - r * 0.7, y - r * 0.7, r * 1.4, r * 1.4);
    else ctx.arc(x, y, r, 0, 2 * Math.PI);
    ctx.fill();
    if (p.current) {
      ctx.beginPath();
      ctx.arc(x, y, r * 2, 0, 2 * Math.PI);
      ctx.stroke();
    }
  }
  ctx.restore();
}

async function draw() {
  const response = await fetch(page.dataset.api, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
  if (!response.ok) return;
  const points = (await response.json()).lightCurve;
  const reference = Number(page.dataset.referenceMjd);
  const target = document.getElementById('light-curve');
  if (!target) return;
  if (points.length <= 1) document.getElementById('light-curve-empty').hidden = false;
  const bands = [...new Set(points.map((p) => p.band))];
  const xs = [...new Set(points.map((p) => p.mjd))].sort((a, b) => a - b);
  const mags = points.map((p) => p.magnitude);
  const errors = points.map((p) => p.magnitude + (p.error || 0));
  const [lo, hi] = [Math.min(...mags.concat(errors)) - 0.3, Math.max(...mags.concat(errors)) + 0.3];
  const data = [xs];
  const series = [{ label: 'MJD' }];
  for (const band of bands) {
    data.push(xs.map(() => null)); // drawn by the hook below, not as lines
    series.push({ label: band, stroke: COLOURS[band] || COLOURS['?'], points: { show: false }, width: 0 });
  }
  const opts = {
    width: chartWidth(target, 0, 1000),
    height: 360,
    scales: {
      x: { time: false, range: (u, min, max) => [min - 1, max + 1] },
      y: { dir: -1, range: () => [lo, hi] },
    },
    axes: [
      { label: 'MJD', values: (u, vals) => vals.map((v) => v.toFixed(1)) },
      { label: 'magnitude', values: (u, vals) => vals.map((v) => v.toFixed(1)) },
      {
        side: 0, scale: 'x', label: page.dataset.referenceLabel || 'days before this alert', grid: { show: false },
        values: (u, vals) => vals.map((v) => (reference - v).toFixed(1)),
      },
    ],
    series,
    hooks: {
      draw: [(u) => bands.forEach((band, i) => markers(u, i + 1, points.filter((p) => p.band === band)))],
    },
  };
  new uPlot(opts, data, target);
}

// the fields table: rows whose name, value or meaning hold every word typed
const search = document.getElementById('field-search');
const fieldRows = [...document.querySelectorAll('#fields tbody tr')];
const fieldCount = document.getElementById('field-count');
function filterFields() {
  const words = (search.value || '').toLowerCase().split(/\s+/).filter(Boolean);
  let shown = 0;
  for (const row of fieldRows) {
    const text = row.textContent.toLowerCase();
    row.hidden = !words.every((w) => text.includes(w));
    if (!row.hidden) shown += 1;
  }
  fieldCount.textContent = `${shown} of ${fieldRows.length} fields`;
}
if (search) {
  search.addEventListener('input', filterFields);
  filterFields();
}

// the cutouts' stretch: linear or asinh, drawn by the server from the same zscale limits
for (const choice of document.querySelectorAll('input[name=stretch]')) {
  choice.addEventListener('change', () => {
    for (const img of document.querySelectorAll('#cutouts img')) {
      const url = new URL(img.src);
      url.searchParams.set('stretch', choice.value);
      img.src = url.toString();
    }
  });
}

draw();
