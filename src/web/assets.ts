/**
 * The one stylesheet and the one script, served from memory. The pages work without the script: it only asks before
 * destructive actions, ticks "select all", and refreshes queue counts while the queue drains.
 */
export const APP_CSS = `
:root { --fg:#1d2330; --muted:#5b6474; --bg:#f6f7f9; --card:#fff; --line:#d9dde4; --accent:#0b6bcb; --good:#17663a; --goodbg:#e3f4e8;
  --bad:#a32020; --badbg:#fde8e8; --busy:#7a5200; --busybg:#fff3d6; --focus:#ffbf47; font-size:16px; }
* { box-sizing:border-box; }
body { margin:0; font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; color:var(--fg); background:var(--bg); line-height:1.45; }
a { color:var(--accent); }
:focus-visible { outline:3px solid var(--focus); outline-offset:2px; }
.skip { position:absolute; left:-999px; } .skip:focus { left:8px; top:8px; background:#fff; padding:8px; z-index:10; }
.sr { position:absolute; width:1px; height:1px; overflow:hidden; clip:rect(0 0 0 0); white-space:nowrap; }
header.top { display:flex; flex-wrap:wrap; align-items:center; gap:8px 16px; padding:8px 16px; background:#14213d; color:#fff; }
header.top a { color:#fff; text-decoration:none; } header.top .brand { font-weight:700; }
header.top nav ul { display:flex; flex-wrap:wrap; gap:4px 12px; list-style:none; margin:0; padding:0; }
header.top nav a { padding:4px 2px; border-bottom:2px solid transparent; } header.top nav a[aria-current="page"] { border-bottom-color:var(--focus); }
header.top .account { margin-left:auto; padding:4px 2px; border-bottom:2px solid transparent; } header.top .account[aria-current="page"] { border-bottom-color:var(--focus); }
header.top .logout button { color:#fff; }
main { max-width:1200px; margin:0 auto; padding:16px; } main.narrow { max-width:420px; margin-top:8vh; }
h1 { font-size:1.6rem; margin:0.2em 0 0.6em; } h2 { font-size:1.2rem; margin:1.4em 0 0.5em; }
section.card, .card { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:16px; margin-bottom:16px; overflow-wrap:break-word; min-width:0; }
.grid { display:grid; gap:16px; grid-template-columns:repeat(auto-fit,minmax(260px,1fr)); margin-bottom:16px; } .grid > .card { margin-bottom:0; }
.muted { color:var(--muted); } .empty { color:var(--muted); font-style:italic; }
.flash { padding:10px 14px; border-radius:6px; margin:0 0 16px; } .flash.notice { background:var(--goodbg); color:var(--good); }
.flash.error, .banner { background:var(--badbg); color:var(--bad); } .banner { padding:10px 14px; border-radius:6px; margin-bottom:8px; font-weight:600; }
.banner a { color:inherit; text-decoration:underline; margin-left:6px; } .wait { background:var(--busybg); color:var(--busy); padding:8px 14px; border-radius:6px; margin-bottom:8px; }
.flash ul { margin:4px 0 0; padding-left:20px; } .flash p { margin:0; }
.badge { display:inline-block; padding:1px 8px; border-radius:999px; font-size:0.85em; white-space:nowrap; background:#eceff3; }
.badge.good { background:var(--goodbg); color:var(--good); } .badge.bad { background:var(--badbg); color:var(--bad); } .badge.busy { background:var(--busybg); color:var(--busy); }
.table-wrap { position:relative; overflow-x:auto; background:var(--card); border:1px solid var(--line); border-radius:8px; }
table { border-collapse:collapse; width:100%; } th, td { text-align:left; padding:8px 10px; border-bottom:1px solid var(--line); vertical-align:top; }
th { font-size:0.85rem; color:var(--muted); font-weight:600; white-space:nowrap; }
td.name { max-width:24ch; overflow:hidden; text-overflow:ellipsis; white-space:nowrap; } td.name > span { display:block; overflow:hidden; text-overflow:ellipsis; }
td.message { min-width:24ch; max-width:60ch; white-space:pre-wrap; overflow-wrap:anywhere; }
td.num { text-align:right; white-space:nowrap; } td.day { white-space:nowrap; } td.actions { white-space:nowrap; } td.xero { min-width:10ch; max-width:28ch; overflow-wrap:anywhere; } td.actions button { padding:3px 9px; font-size:0.9rem; }
td.message { min-width:16ch; } td, th { overflow-wrap:break-word; } th { white-space:normal; }
@media (max-width:1400px) { td.actions { white-space:normal; } td.actions button { display:block; width:100%; margin:0 0 4px; } td.name { max-width:18ch; } }
.card > h2:first-child, .card > h2:first-of-type { margin-top:0; } td.check, th.check { width:2.5em; }
form.inline { display:inline; }
.toolbar { display:flex; flex-wrap:wrap; gap:8px; align-items:flex-end; margin:0 0 12px; }
.toolbar .field { margin:0; }
.field { margin:0 0 12px; display:flex; flex-direction:column; gap:4px; min-width:0; }
.field label { font-weight:600; font-size:0.9rem; } .help { margin:0; font-size:0.85rem; color:var(--muted); }
input[type=text], input[type=password], input[type=search], input[type=number], input[type=date], select {
  font:inherit; padding:7px 9px; border:1px solid #9aa3b1; border-radius:6px; background:#fff; max-width:100%; min-width:0; }
button { font:inherit; padding:7px 14px; border-radius:6px; border:1px solid #9aa3b1; background:#fff; cursor:pointer; color:var(--fg); }
button.primary { background:var(--accent); border-color:var(--accent); color:#fff; } button.danger { border-color:var(--bad); color:var(--bad); }
button.link { border:none; background:none; padding:4px; text-decoration:underline; color:var(--accent); }
.fields { display:grid; gap:0 16px; grid-template-columns:repeat(auto-fit,minmax(200px,1fr)); }
fieldset { border:1px solid var(--line); border-radius:6px; margin:0 0 12px; padding:8px 12px; } legend { font-weight:600; }
.check-label { display:flex; gap:6px; align-items:center; font-weight:600; }
.pager { display:flex; flex-wrap:wrap; gap:12px; align-items:center; justify-content:space-between; margin:12px 0; }
.stat { font-size:1.6rem; font-weight:700; } dl.facts { display:grid; grid-template-columns:max-content 1fr; gap:4px 12px; margin:0; } dl.facts dt { color:var(--muted); }
progress { width:100%; height:14px; }
details.exchange { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:8px 12px; margin:0 0 8px; min-width:0; }
details.exchange summary { cursor:pointer; overflow-wrap:anywhere; } .exchange .sides { display:grid; gap:12px; grid-template-columns:repeat(auto-fit,minmax(260px,1fr)); margin-top:8px; }
.exchange pre { margin:4px 0 0; padding:8px; background:var(--bg); border-radius:6px; overflow:auto; max-height:28em; font-size:0.8rem; white-space:pre-wrap; overflow-wrap:anywhere; }
svg.chart { width:100%; height:auto; background:var(--card); border:1px solid var(--line); border-radius:8px; }
svg.chart .bar { fill:#5b8fd6; } svg.chart .err { fill:var(--bad); } svg.chart .limit { stroke:var(--bad); stroke-dasharray:4 3; }
svg.chart text { font-size:11px; fill:var(--muted); }
@media (max-width:640px) { main { padding:10px; } header.top nav ul { gap:2px 10px; font-size:0.95rem; }
  .table-wrap { overflow-x:visible; background:none; border:none; }
  table, thead, tbody, tr, td { display:block; width:100%; } thead { position:absolute; left:-9999px; }
  tr { background:var(--card); border:1px solid var(--line); border-radius:8px; margin:0 0 10px; padding:6px 0; }
  td { border:none; padding:4px 10px; max-width:none !important; min-width:0 !important; white-space:normal !important; display:grid; grid-template-columns:9em 1fr; gap:8px; }
  td::before { content:attr(data-label); color:var(--muted); font-size:0.85rem; font-weight:600; }
  td.num { text-align:left; } td.actions button { display:inline-block; width:auto; margin:0 4px 4px 0; }
  dl.facts { grid-template-columns:1fr; } dl.facts dd { margin:0 0 6px; }
  h1 { font-size:1.35rem; } }
`;

export const APP_JS = `
(function () {
  'use strict';
  var token = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';
  document.addEventListener('submit', function (e) {
    var form = e.target;
    var button = e.submitter;
    var message = (button && button.getAttribute('data-confirm-button')) || (form.getAttribute && form.getAttribute('data-confirm'));
    if (message && !window.confirm(message)) e.preventDefault();
  });
  document.addEventListener('change', function (e) {
    var box = e.target;
    if (!box.hasAttribute || !box.hasAttribute('data-select-all')) return;
    var scope = box.form || document;
    scope.querySelectorAll('input[type=checkbox][name=ids]').forEach(function (c) { c.checked = box.checked; });
  });
  var live = document.querySelector('[data-live-queue]');
  if (live) {
    var busy = false;
    var tick = function () {
      if (busy || document.hidden) return;
      busy = true;
      fetch('/api/queue/summary', { headers: { accept: 'application/json', 'x-csrf-token': token }, credentials: 'same-origin' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (s) {
          if (!s) return;
          Object.keys(s.byState).forEach(function (state) {
            document.querySelectorAll('[data-count="' + state + '"]').forEach(function (el) { el.textContent = String(s.byState[state]); });
          });
          var bar = document.querySelector('[data-progress]');
          if (bar) { bar.max = Math.max(1, s.total); bar.value = s.byState.done || 0; }
          var left = document.querySelector('[data-outstanding]');
          if (left) left.textContent = s.estimate || (s.outstanding === 0 ? 'Queue is drained.' : s.outstanding + ' still to go.');
        })
        .catch(function () {})
        .finally(function () { busy = false; });
    };
    setInterval(tick, 1000);
  }
})();
`;
