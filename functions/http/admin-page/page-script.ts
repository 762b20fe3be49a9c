/**
 * The admin page's script, served as /admin/admin.js (so scripts need no 'unsafe-inline'). Plain
 * browser JavaScript without a build step. The bearer token lives only in a variable of this closure:
 * never in storage, a cookie or the URL. Data goes into the page as text nodes only, never as HTML.
 */
export const ADMIN_SCRIPT = `'use strict';
(function () {
  var token = null;
  var searchCursor = null;
  var lastFilter = null;
  var $ = function (id) { return document.getElementById(id); };

  function say(text) { $('message').textContent = text; }

  function tokenEndpoint() {
    var configured = new URL(document.querySelector('meta[name="token-url"]').content, location.href);
    // The local issuer answers on this same server; a remote identity provider cannot be called from here (CSP).
    return configured.origin === location.origin || /^(127\\.0\\.0\\.1|localhost|\\[::1\\])$/.test(configured.hostname)
      ? configured.pathname : null;
  }

  async function api(path, init) {
    init = init || {};
    var headers = new Headers(init.headers || {});
    headers.set('Authorization', 'Bearer ' + token);
    if (init.body) headers.set('Content-Type', 'application/json');
    var response = await fetch(path, Object.assign({}, init, { headers: headers }));
    if (response.status === 401) { signOut('Die Anmeldung ist abgelaufen; bitte erneut anmelden.'); throw new Error('401'); }
    if (!response.ok) {
      var problem = await response.json().catch(function () { return {}; });
      throw new Error((problem.title || 'Fehler') + ' (' + response.status + ')' + (problem.detail ? ': ' + problem.detail : ''));
    }
    return response;
  }

  function signedIn(newToken, who) {
    token = newToken;
    $('client-secret').value = '';
    $('token-input').value = '';
    $('signin').hidden = true;
    $('app').hidden = false;
    $('who').textContent = 'Angemeldet als ' + who;
    say('Angemeldet.');
    loadStatus();
    $('status-refresh').focus();
  }

  function signOut(text) {
    token = null;
    $('app').hidden = true;
    $('signin').hidden = false;
    $('who').textContent = 'Nicht angemeldet';
    say(text || 'Abgemeldet.');
    $('client-id').focus();
  }

  async function signIn(event) {
    event.preventDefault();
    var endpoint = tokenEndpoint();
    if (!endpoint) { say('Anmeldung mit Client-Secret nur im lokalen Betrieb; bitte ein Zugriffstoken einfügen.'); return; }
    var body = new URLSearchParams({ grant_type: 'client_credentials', client_id: $('client-id').value, client_secret: $('client-secret').value });
    try {
      var response = await fetch(endpoint, { method: 'POST', body: body });
      var answer = await response.json();
      if (!response.ok || !answer.access_token) { say('Anmeldung fehlgeschlagen: Client-ID oder Secret falsch.'); return; }
      signedIn(answer.access_token, $('client-id').value);
    } catch (error) { say('Anmeldung fehlgeschlagen: ' + error.message); }
  }

  function cell(row, text) { var td = document.createElement('td'); td.textContent = text === undefined || text === null ? '' : String(text); row.appendChild(td); return td; }

  async function loadStatus() {
    try {
      var status = await (await api('/v1/admin/status')).json();
      var body = $('status-table').tBodies[0];
      body.replaceChildren();
      Object.keys(status.centres).forEach(function (centre) {
        var s = status.centres[centre];
        var row = document.createElement('tr');
        var th = document.createElement('th'); th.scope = 'row'; th.textContent = centre === 'osnabrueck' ? 'Osnabrück' : 'Braunschweig'; row.appendChild(th);
        [s.queued, s.leased, s.deadLettered, s.oldestWaitingAgeSeconds, s.oldestPendingOutboxAgeSeconds].forEach(function (v) { cell(row, v); });
        var button = document.createElement('button');
        button.type = 'button';
        button.textContent = 'Zurückgestellte erneut einstellen';
        button.setAttribute('aria-label', 'Zurückgestellte Arbeit von ' + th.textContent + ' erneut einstellen (Redrive)');
        button.addEventListener('click', function () { redrive(centre, th.textContent); });
        cell(row, '').appendChild(button);
        body.appendChild(row);
      });
    } catch (error) { say('Status nicht lesbar: ' + error.message); }
  }

  async function redrive(centre, name) {
    try {
      var result = await (await api('/v1/admin/redrive', { method: 'POST', body: JSON.stringify({ centre: centre }) })).json();
      say(name + ': ' + result.moved + ' Arbeitselement(e) erneut eingestellt.');
      loadStatus();
    } catch (error) { say('Redrive fehlgeschlagen: ' + error.message); }
  }

  function describeActor(actor) { return actor ? actor.clientId + ' (' + actor.role + ')' : (actor === undefined ? 'System / unbekannt' : ''); }

  function renderEntries(table, entries, append) {
    var body = table.tBodies[0];
    if (!append) body.replaceChildren();
    entries.forEach(function (e) {
      var row = document.createElement('tr');
      [e.seq, e.at, describeActor(e.actor), e.action, e.subject ? e.subject.type + ' ' + e.subject.id : '', e.outcome, e.reason, e.count || 1, e.requestId]
        .forEach(function (v) { cell(row, v); });
      body.appendChild(row);
    });
    return body.rows.length;
  }

  function isoOrEmpty(value) { return value ? new Date(value).toISOString() : ''; }

  function filterQuery(filter) {
    var query = new URLSearchParams();
    Object.keys(filter).forEach(function (k) { if (filter[k]) query.set(k, filter[k]); });
    return query;
  }

  async function search(event, more) {
    if (event) event.preventDefault();
    if (!more) {
      lastFilter = { from: isoOrEmpty($('f-from').value), to: isoOrEmpty($('f-to').value), action: $('f-action').value.trim(), actor: $('f-actor').value.trim(), subject: $('f-subject').value.trim() };
      searchCursor = null;
    }
    var query = filterQuery(lastFilter);
    query.set('limit', '25');
    if (more && searchCursor) query.set('cursor', searchCursor);
    try {
      var page = await (await api('/v1/audit?' + query)).json();
      var shown = renderEntries($('log-table'), page.items, more);
      searchCursor = page.nextCursor;
      $('log-more').hidden = !searchCursor;
      $('log-summary').textContent = shown + ' Einträge angezeigt' + (searchCursor ? ', weitere vorhanden' : '');
      say(shown === 0 ? 'Keine Einträge gefunden.' : '');
    } catch (error) { say('Suche fehlgeschlagen: ' + error.message); }
  }

  async function history(event) {
    event.preventDefault();
    var id = $('history-id').value.trim();
    var entries = [];
    var cursor = null;
    try {
      do {
        var query = filterQuery({ subject: id, limit: '100', cursor: cursor });
        var page = await (await api('/v1/audit?' + query)).json();
        entries = entries.concat(page.items);
        cursor = page.nextCursor;
      } while (cursor && entries.length < 1000);
      entries.sort(function (a, b) { return a.seq - b.seq; });
      var shown = renderEntries($('history-table'), entries, false);
      $('history-summary').textContent = 'Verlauf von ' + id + ': ' + shown + ' Einträge, älteste zuerst';
    } catch (error) { say('Verlauf nicht lesbar: ' + error.message); }
  }

  async function verify() {
    var out = $('verify-result');
    out.textContent = 'Prüfe …';
    out.className = '';
    try {
      var r = await (await api('/v1/audit/verify')).json();
      out.className = r.ok ? 'ok' : 'broken';
      out.textContent = r.ok
        ? 'Protokoll unversehrt: ' + r.checked + ' Einträge geprüft, ' + r.checkpointsMatched + ' signierte Prüfpunkte bestätigt.'
        : 'Protokoll verändert ab Eintrag Nr. ' + r.firstBrokenSeq + ' (' + r.problem + '); ' + r.checked + ' Einträge davor sind unversehrt.';
    } catch (error) { out.textContent = 'Prüfung fehlgeschlagen: ' + error.message; }
  }

  async function exportLog(event) {
    event.preventDefault();
    var from = new Date($('e-from').value + 'T00:00:00Z');
    var to = new Date($('e-to').value + 'T00:00:00Z');
    to.setUTCDate(to.getUTCDate() + 1);
    try {
      var response = await api('/v1/audit/export?' + new URLSearchParams({ from: from.toISOString(), to: to.toISOString() }));
      var url = URL.createObjectURL(await response.blob());
      var link = document.createElement('a');
      link.href = url;
      link.download = 'austauschprotokoll-' + $('e-from').value + '-bis-' + $('e-to').value + '.ndjson';
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      say('Export heruntergeladen.');
    } catch (error) { say('Export fehlgeschlagen: ' + error.message); }
  }

  document.addEventListener('DOMContentLoaded', function () {
    var today = new Date().toISOString().slice(0, 10);
    $('e-from').value = today;
    $('e-to').value = today;
    $('signin-form').addEventListener('submit', signIn);
    $('token-form').addEventListener('submit', function (event) { event.preventDefault(); signedIn($('token-input').value.trim(), 'Token-Inhaber'); });
    $('signout').addEventListener('click', function () { signOut(); });
    $('status-refresh').addEventListener('click', loadStatus);
    $('search-form').addEventListener('submit', function (event) { search(event, false); });
    $('log-more').addEventListener('click', function () { search(null, true); });
    $('history-form').addEventListener('submit', history);
    $('verify').addEventListener('click', verify);
    $('export-form').addEventListener('submit', exportLog);
  });
})();
`;
