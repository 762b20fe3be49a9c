/** Escapes text for an HTML attribute or element. */
const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch] ?? ch);

const logColumns = ['Nr.', 'Zeit (UTC)', 'Akteur', 'Aktion', 'Betreff', 'Ergebnis', 'Grund', 'Anzahl', 'Request-ID'];
const header = (columns: string[]) => columns.map((c) => `<th scope="col">${c}</th>`).join('');

/**
 * The administrators' page: static HTML (no data in it; the script fills it over the API), German
 * labels, native form controls so that everything works with the keyboard, live regions for results.
 */
export function adminPageHtml(tokenUrl: string): string {
  return `<!doctype html>
<html lang="de">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <meta name="token-url" content="${escapeHtml(tokenUrl)}">
  <title>Rückkehr-Exchange – Verwaltung</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/admin/admin.css">
  <script src="/admin/admin.js" defer></script>
</head>
<body>
  <a class="skip" href="#main">Zum Inhalt springen</a>
  <header><h1>Rückkehr-Exchange – Verwaltung</h1><p id="who" aria-live="polite">Nicht angemeldet</p></header>
  <main id="main">
    <p id="message" role="status" aria-live="polite"></p>

    <section id="signin" aria-labelledby="signin-title">
      <h2 id="signin-title">Anmeldung</h2>
      <form id="signin-form">
        <label for="client-id">Client-ID</label>
        <input id="client-id" name="client_id" autocomplete="username" value="admin" required>
        <label for="client-secret">Client-Secret</label>
        <input id="client-secret" name="client_secret" type="password" autocomplete="current-password" required>
        <button type="submit">Anmelden</button>
      </form>
      <details>
        <summary>Stattdessen ein Zugriffstoken einfügen</summary>
        <form id="token-form">
          <label for="token-input">Zugriffstoken (JWT des Identitätsanbieters)</label>
          <textarea id="token-input" rows="3" required></textarea>
          <button type="submit">Mit Token anmelden</button>
        </form>
      </details>
      <p class="hint">Das Token bleibt nur im Arbeitsspeicher dieser Seite; Neuladen meldet ab.</p>
    </section>

    <div id="app" hidden>
      <p><button type="button" id="signout">Abmelden</button></p>

      <section aria-labelledby="status-title">
        <h2 id="status-title">Betriebsstatus je Beratungsstelle</h2>
        <button type="button" id="status-refresh">Status aktualisieren</button>
        <table id="status-table">
          <caption>Warteschlangen der Beratungsstellen (SQS-Werte ungefähr)</caption>
          <thead><tr>${header(['Beratungsstelle', 'Wartend', 'Geleast', 'Zurückgestellt (DLQ)', 'Älteste Wartezeit (s)', 'Ältester Outbox-Eintrag (s)', 'Aktion'])}</tr></thead>
          <tbody></tbody>
        </table>
      </section>

      <section aria-labelledby="search-title">
        <h2 id="search-title">Protokoll durchsuchen</h2>
        <form id="search-form" class="filters">
          <div class="field"><label for="f-from">Von</label><input id="f-from" type="datetime-local" step="1"></div>
          <div class="field"><label for="f-to">Bis (ausschließlich)</label><input id="f-to" type="datetime-local" step="1"></div>
          <div class="field"><label for="f-action">Aktion</label><input id="f-action" placeholder="z. B. cases.create"></div>
          <div class="field"><label for="f-actor">Akteur (Client-ID)</label><input id="f-actor" placeholder="z. B. abh-03101"></div>
          <div class="field"><label for="f-subject">Betreff-ID (Fall, Anfrage)</label><input id="f-subject"></div>
          <button type="submit">Suchen</button>
        </form>
        <table id="log-table" aria-describedby="log-summary">
          <caption id="log-summary">Noch keine Suche</caption>
          <thead><tr>${header(logColumns)}</tr></thead>
          <tbody></tbody>
        </table>
        <button type="button" id="log-more" hidden>Weitere Einträge laden</button>
      </section>

      <section aria-labelledby="history-title">
        <h2 id="history-title">Verlauf eines Falls</h2>
        <form id="history-form">
          <label for="history-id">Fall- oder Anfrage-ID</label>
          <input id="history-id" required>
          <button type="submit">Verlauf anzeigen</button>
        </form>
        <table id="history-table">
          <caption id="history-summary">Kein Fall gewählt</caption>
          <thead><tr>${header(logColumns)}</tr></thead>
          <tbody></tbody>
        </table>
      </section>

      <section aria-labelledby="verify-title">
        <h2 id="verify-title">Integrität des Protokolls</h2>
        <button type="button" id="verify">Protokoll prüfen</button>
        <p id="verify-result" role="status" aria-live="polite">Noch nicht geprüft</p>
      </section>

      <section aria-labelledby="export-title">
        <h2 id="export-title">Export (NDJSON)</h2>
        <form id="export-form" class="filters">
          <div class="field"><label for="e-from">Von</label><input id="e-from" type="date" required></div>
          <div class="field"><label for="e-to">Bis (einschließlich)</label><input id="e-to" type="date" required></div>
          <button type="submit">Export herunterladen</button>
        </form>
      </section>
    </div>
  </main>
</body>
</html>`;
}
