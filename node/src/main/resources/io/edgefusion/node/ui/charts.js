// A small line chart on a <canvas>: the last `capacity` samples of one series, redrawn on each push.
// No library: the node must work offline and the page loads nothing but its own files.

export class LineChart {
  /**
   * @param canvas  the element drawn on; it carries data-points (samples held) and data-last (newest value)
   * @param options {capacity, unit, fixedMax (a ceiling such as 100 %, or null to follow the data), format}
   */
  constructor(canvas, options) {
    this.canvas = canvas;
    this.capacity = options.capacity || 60;
    this.unit = options.unit || '';
    this.fixedMax = options.fixedMax ?? null;
    this.format = options.format || ((v) => v.toFixed(1));
    this.limit = null;
    this.values = [];
    this.canvas.dataset.points = '0';
  }

  /** Adds one sample (a finite number); anything else is skipped, so a gap in readings leaves no fake zero. */
  push(value) {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      return;
    }
    this.values.push(value);
    if (this.values.length > this.capacity) {
      this.values.shift();
    }
    this.canvas.dataset.points = String(this.values.length);
    this.canvas.dataset.last = String(value);
    this.draw();
  }

  /** A horizontal line the series should stay under (a memory limit); null for none. */
  setLimit(value) {
    this.limit = typeof value === 'number' && Number.isFinite(value) ? value : null;
  }

  draw() {
    const c = this.canvas;
    const dpr = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round((c.clientWidth || 240) * dpr));
    const h = Math.max(1, Math.round((c.clientHeight || 80) * dpr));
    if (c.width !== w || c.height !== h) {
      c.width = w;
      c.height = h;
    }
    const g = c.getContext('2d');
    const css = getComputedStyle(c);
    const ink = css.getPropertyValue('--chart-line').trim() || '#2f6fd0';
    const grid = css.getPropertyValue('--chart-grid').trim() || '#ddd';
    const text = css.getPropertyValue('--chart-text').trim() || '#555';
    const warn = css.getPropertyValue('--chart-limit').trim() || '#c0392b';
    g.clearRect(0, 0, w, h);

    const pad = 4 * dpr;
    const top = 14 * dpr;
    const plotH = h - top - pad;
    // The scale follows the data (a 0.2 MiB process under a 32 MiB limit must still show a line); the limit is
    // drawn when it fits and named in the label either way.
    const peak = Math.max(...this.values, 0);
    const max = this.fixedMax ?? niceCeiling(peak);
    const y = (v) => top + plotH - (Math.min(v, max) / max) * plotH;
    const x = (i) => pad + (i / Math.max(1, this.capacity - 1)) * (w - 2 * pad);

    g.strokeStyle = grid;
    g.lineWidth = 1;
    g.beginPath();
    for (const f of [0, 0.5, 1]) {
      const yy = Math.round(top + plotH * f) + 0.5;
      g.moveTo(pad, yy);
      g.lineTo(w - pad, yy);
    }
    g.stroke();

    if (this.limit !== null && this.limit <= max) {
      g.strokeStyle = warn;
      g.setLineDash([4 * dpr, 3 * dpr]);
      g.beginPath();
      g.moveTo(pad, y(this.limit));
      g.lineTo(w - pad, y(this.limit));
      g.stroke();
      g.setLineDash([]);
    }

    if (this.values.length > 0) {
      // Newest sample at the right edge; older ones to its left.
      const offset = this.capacity - this.values.length;
      g.strokeStyle = ink;
      g.lineWidth = 1.5 * dpr;
      g.beginPath();
      this.values.forEach((v, i) => (i === 0 ? g.moveTo(x(offset + i), y(v)) : g.lineTo(x(offset + i), y(v))));
      if (this.values.length === 1) {
        g.lineTo(x(offset) + 2 * dpr, y(this.values[0]));
      }
      g.stroke();
    }

    g.fillStyle = text;
    g.font = `${10 * dpr}px sans-serif`;
    g.textBaseline = 'top';
    const last = this.values.length ? this.format(this.values[this.values.length - 1]) : '–';
    const limit = this.limit === null ? '' : ` of ${this.format(this.limit)}`;
    g.fillText(`${last}${limit} ${this.unit}`, pad, 1 * dpr);
    const scale = `max ${this.format(max)}`;
    g.fillText(scale, w - pad - g.measureText(scale).width, 1 * dpr);
  }
}

/** 1, 2 or 5 times a power of ten, at least v: a y-axis ceiling that reads well and does not jitter. */
export function niceCeiling(v) {
  if (!(v > 0)) {
    return 1;
  }
  const p = Math.pow(10, Math.floor(Math.log10(v)));
  for (const m of [1, 2, 5, 10]) {
    if (m * p >= v) {
      return m * p;
    }
  }
  return 10 * p;
}
