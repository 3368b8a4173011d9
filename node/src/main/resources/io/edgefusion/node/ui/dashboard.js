// The node's dashboard: everything comes from the node's own API on the page's origin (/v1/...).
// State (deployments, workloads, breakers, revisions, evidence) is re-read whenever the event stream reports a
// change, and every few seconds in case the stream is down; stats are read once a second for the charts.
// All text is set with textContent: names and reasons come from deployment files and must never become markup.

import { LineChart } from './charts.js';

const STATS_EVERY_MS = 1000;
const STATE_EVERY_MS = 5000;
const RECONNECT_MS = 2000;
const EVIDENCE_LIMIT = 100;
const EVENTS_KEPT = 50;
const CHART_SAMPLES = 60;
const MiB = 1024 * 1024;

const $ = (id) => document.getElementById(id);

async function getJson(path) {
  const r = await fetch(path, { cache: 'no-store', headers: { Accept: 'application/json' } });
  if (!r.ok) {
    let msg = `HTTP ${r.status}`;
    try {
      msg = (await r.json()).error || msg;
    } catch (e) {
      // not the API's error shape: keep the status
    }
    throw new Error(`${path}: ${msg}`);
  }
  return r.json();
}

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined) continue;
    if (k === 'class') e.className = v;
    else if (k === 'title') e.title = v;
    else if (k.startsWith('data-')) e.setAttribute(k, String(v));
    else e.setAttribute(k, String(v));
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

function badge(text, tone, extra = {}) {
  return el('span', { class: `badge ${tone}`, ...extra }, text);
}

function clock(iso) {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString([], { hour12: false });
}

function when(iso) {
  return el('span', { class: 'time', title: iso || '' }, clock(iso));
}

const WORKLOAD_TONE = { healthy: 'good', running: 'good', starting: 'warn', backoff: 'warn', unhealthy: 'bad',
  exited: 'bad', stopped: 'idle' };
const REVISION_TONE = { 'rolled-out': 'good', failed: 'bad', pending: 'warn', 'rolling-out': 'warn',
  superseded: 'idle', 'rolled-back': 'idle' };
const BREAKER_TONE = { closed: 'good', open: 'bad', 'half-open': 'warn' };

function evidenceTone(kind) {
  if (/failed|opened|isolated|refused/.test(kind)) return 'bad';
  if (/recovered|closed/.test(kind)) return 'good';
  return 'warn';
}

function replaceRows(tbody, rows) {
  tbody.replaceChildren(...rows);
}

function showEmpty(id, empty) {
  $(id).hidden = !empty;
}

// ---- rendering -----------------------------------------------------------------------------------------------

function renderNode(node) {
  $('node-root').textContent = node.root;
  $('node-version').textContent = node.version;
  $('node-started').textContent = clock(node.started);
  $('node-started').title = node.started;
}

function renderDeployments(list) {
  const rows = list.deployments.map((d) => el('tr', { 'data-deployment': d.name },
    el('td', { class: 'name' }, d.name),
    el('td', { class: 'state' }, badge(d.state, d.state === 'active' ? 'good' : 'idle')),
    el('td', { class: 'revision' }, d.revision === null ? '–' : `r${d.revision}`),
    el('td', { class: 'latest', 'data-status': d.latest ? d.latest.status : null },
      d.latest ? badge(`r${d.latest.revision} ${d.latest.status}`, REVISION_TONE[d.latest.status] || 'idle') : '–'),
    el('td', { class: 'reason' }, d.latest && d.latest.reason ? d.latest.reason : ''),
    el('td', {}, when(d.updatedAt))));
  replaceRows($('deployments').tBodies[0], rows);
  showEmpty('deployments-empty', rows.length === 0);
}

function breakerCell(b) {
  if (!b) return el('td', { class: 'breaker', 'data-breaker-state': 'none' }, '–');
  const detail = [b.failures !== undefined && b.failures !== null ? `${b.failures} failures` : null,
    b.openedAt ? `opened ${clock(b.openedAt)}` : null, b.reason].filter(Boolean).join(' · ');
  return el('td', { class: 'breaker', 'data-breaker-state': b.state },
    badge(b.state, BREAKER_TONE[b.state] || 'idle', { title: b.reason || '' }),
    detail ? el('div', { class: 'reason' }, detail) : null);
}

function renderWorkloads(workloads, breakers) {
  const byKey = new Map(breakers.breakers.map((b) => [`${b.deployment}/${b.workload}`, b]));
  const rows = workloads.workloads.map((w) => {
    const key = `${w.deployment}/${w.workload}`;
    const health = w.healthy === true ? badge('healthy', 'good') : w.healthy === false ? badge('unhealthy', 'bad')
      : badge('–', 'idle');
    return el('tr', { 'data-workload': key, 'data-revision': w.revision, 'data-state': w.state,
      class: w.desired === 'stopped' ? 'stopped-row' : null },
    el('td', { class: 'name' }, key),
    el('td', {}, `r${w.revision}`),
    el('td', { class: 'mono', title: w.sandbox.id || '' }, w.sandbox.name),
    el('td', { class: 'state' }, badge(w.state, WORKLOAD_TONE[w.state] || 'idle')),
    el('td', { class: 'health' }, health),
    el('td', { class: 'restarts' }, w.restarts),
    breakerCell(byKey.get(key)));
  });
  replaceRows($('workloads').tBodies[0], rows);
  showEmpty('workloads-empty', rows.length === 0);
}

function renderRevisions(histories) {
  const blocks = histories.map((h) => {
    const rows = h.revisions.slice().reverse().map((r) => el('tr',
      { 'data-history': h.deployment, 'data-revision': r.revision, 'data-status': r.status },
      el('td', {}, `r${r.revision}`),
      el('td', { class: 'status' }, badge(r.status, REVISION_TONE[r.status] || 'idle')),
      el('td', { class: 'detail' }, [r.rollbackOf !== null ? `rollback of r${r.rollbackOf}` : null, r.reason]
        .filter(Boolean).join(' · ')),
      el('td', {}, r.workloads.join(', ')),
      el('td', {}, when(r.createdAt))));
    return el('div', { class: 'history', 'data-deployment': h.deployment },
      el('h3', {}, h.deployment, el('span', { class: 'sub' }, h.revision === null ? '' : `  running r${h.revision}`)),
      el('table', {}, el('thead', {}, el('tr', {}, ...['revision', 'status', 'detail', 'workloads', 'created']
        .map((t) => el('th', {}, t)))), el('tbody', {}, ...rows)));
  });
  $('revisions').replaceChildren(...blocks);
}

function payloadSummary(p) {
  if (p === null || typeof p !== 'object') return String(p);
  if (typeof p.reason === 'string') {
    const rest = Object.entries(p).filter(([k]) => k !== 'reason' && k !== 'snapshot')
      .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`);
    return [p.reason, ...rest].join(' · ');
  }
  return JSON.stringify(p);
}

function renderEvidence(doc) {
  const items = doc.records.slice().reverse().map((r) => el('li', { 'data-seq': r.seq, 'data-kind': r.kind },
    el('span', { class: 'mono', title: r.hash }, `#${r.seq}`),
    when(r.time),
    el('span', {}, badge(r.kind, evidenceTone(r.kind))),
    el('span', { class: 'detail' }, el('b', {}, r.subject), ' ', payloadSummary(r.payload))));
  $('evidence').replaceChildren(...items);
  showEmpty('evidence-empty', items.length === 0);
}

// ---- state refresh -------------------------------------------------------------------------------------------

let refreshing = null;
let refreshAgain = false;
let refreshes = 0;
let workloadIndex = { byId: new Map(), byName: new Map() };

function error(message) {
  const e = $('error');
  e.hidden = !message;
  e.textContent = message || '';
}

async function refreshState() {
  const [node, deployments, workloads, breakers, evidence] = await Promise.all([
    getJson('/v1/node'), getJson('/v1/deployments'), getJson('/v1/workloads'), getJson('/v1/breakers'),
    getJson(`/v1/evidence?limit=${EVIDENCE_LIMIT}`)]);
  const histories = await Promise.all(deployments.deployments.map(
    (d) => getJson(`/v1/deployments/${encodeURIComponent(d.name)}/history`)));
  renderNode(node);
  renderDeployments(deployments);
  renderWorkloads(workloads, breakers);
  renderRevisions(histories);
  renderEvidence(evidence);
  workloadIndex = {
    byId: new Map(workloads.workloads.filter((w) => w.sandbox.id).map((w) => [w.sandbox.id, w])),
    byName: new Map(workloads.workloads.map((w) => [w.sandbox.name, w])),
  };
  refreshes += 1;
  document.body.dataset.refreshes = String(refreshes);
}

/** Runs one refresh at a time; a request during one runs once more after it, so no change is missed. */
function refresh() {
  if (refreshing) {
    refreshAgain = true;
    return refreshing;
  }
  refreshing = refreshState().then(() => error(null), (e) => error(`cannot read the node: ${e.message}`))
    .finally(() => {
      refreshing = null;
      if (refreshAgain) {
        refreshAgain = false;
        refresh();
      }
    });
  return refreshing;
}

// ---- charts --------------------------------------------------------------------------------------------------

const cards = new Map(); // sandbox id -> {card, cpu, mem, thr, prev}

function chartRow(label, series) {
  const canvas = el('canvas', { class: 'chart', 'data-series': series, 'aria-label': label });
  return { row: el('div', { class: 'chart-row' }, el('span', {}, label), canvas), canvas };
}

function cardFor(s) {
  let c = cards.get(s.id);
  if (!c) {
    const cpu = chartRow('CPU %', 'cpu');
    const mem = chartRow('memory MiB', 'memory');
    const thr = chartRow('throttled %', 'throttling');
    const title = el('h3', {});
    const card = el('div', { class: 'chart-card', 'data-sandbox': s.id }, title, cpu.row, mem.row, thr.row);
    c = {
      card, title,
      cpu: new LineChart(cpu.canvas, { capacity: CHART_SAMPLES, unit: '%', format: (v) => v.toFixed(1) }),
      mem: new LineChart(mem.canvas, { capacity: CHART_SAMPLES, unit: 'MiB', format: (v) => v.toFixed(1) }),
      thr: new LineChart(thr.canvas, { capacity: CHART_SAMPLES, unit: '%', fixedMax: 100,
        format: (v) => v.toFixed(0) }),
      prev: null,
    };
    cards.set(s.id, c);
    $('charts').append(card);
  }
  const w = workloadIndex.byId.get(s.id) || workloadIndex.byName.get(s.name);
  const label = w ? `${w.deployment}/${w.workload}` : (s.name || s.id.slice(0, 12));
  c.card.dataset.workload = w ? label : '';
  c.title.replaceChildren(label, el('span', { class: 'sub' }, w ? `  r${w.revision} · ${s.name}` : `  ${s.id.slice(0, 12)}`));
  return c;
}

function plot(stats) {
  const seen = new Set();
  for (const s of stats.sandboxes) {
    if (!s.running) continue;
    seen.add(s.id);
    const c = cardFor(s);
    c.cpu.push(s.cpu.percent);
    if (s.memory.usageBytes !== null) {
      c.mem.setLimit(s.memory.limitBytes === null ? null : s.memory.limitBytes / MiB);
      c.mem.push(s.memory.usageBytes / MiB);
    }
    const now = { periods: s.cpu.periods, throttled: s.cpu.throttledPeriods };
    if (c.prev && now.periods !== null && now.throttled !== null && c.prev.periods !== null) {
      const dp = now.periods - c.prev.periods;
      const dt = now.throttled - c.prev.throttled;
      c.thr.push(dp > 0 ? Math.min(100, (100 * dt) / dp) : 0);
    }
    c.prev = now;
  }
  for (const [id, c] of cards) {
    if (!seen.has(id)) {
      c.card.remove();
      cards.delete(id);
    }
  }
  showEmpty('charts-empty', cards.size === 0);
}

async function pollStats() {
  try {
    plot(await getJson('/v1/stats'));
  } catch (e) {
    error(`cannot read stats: ${e.message}`);
  }
  setTimeout(pollStats, STATS_EVERY_MS);
}

// ---- the event stream ----------------------------------------------------------------------------------------

let lastEventId = 0;
const recent = [];

function setLive(on) {
  const l = $('live');
  l.className = `live ${on ? 'on' : 'off'}`;
  l.textContent = on ? 'live' : 'reconnecting';
}

/** A sandbox id (64 hex) as docker abbreviates it; anything else as it is. */
function shortId(v) {
  return /^[0-9a-f]{64}$/.test(v) ? v.slice(0, 12) : v;
}

function onEvent(ev) {
  if (ev.id <= lastEventId) return; // a reconnect's overlap
  lastEventId = ev.id;
  recent.unshift(ev);
  recent.length = Math.min(recent.length, EVENTS_KEPT);
  $('events').replaceChildren(...recent.map((e) => el('li', { 'data-event': e.type },
    when(e.time), el('span', {}, badge(e.type, /unhealthy|failed|exited|opened/.test(e.type) ? 'bad' : 'idle')),
    el('span', { class: 'detail' }, el('b', {}, e.subject), ' ',
      Object.entries(e.attributes || {}).map(([k, v]) => `${k}=${shortId(v)}`).join(' ')))));
  showEmpty('events-empty', recent.length === 0);
  refresh();
}

async function follow() {
  for (;;) {
    try {
      const r = await fetch('/v1/events?follow=1&since=1s', { cache: 'no-store' });
      if (!r.ok || !r.body) throw new Error(`HTTP ${r.status}`);
      setLive(true);
      const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
      let buf = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buf += value;
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl).trim();
          buf = buf.slice(nl + 1);
          if (line) onEvent(JSON.parse(line));
        }
      }
    } catch (e) {
      // the node restarted or went away: show it, then try again
    }
    setLive(false);
    await new Promise((res) => setTimeout(res, RECONNECT_MS));
  }
}

// ---- start ---------------------------------------------------------------------------------------------------

refresh().then(() => pollStats());
setInterval(refresh, STATE_EVERY_MS);
follow();
