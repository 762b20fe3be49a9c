/** The admin page's style sheet: served as a file, so the Content-Security-Policy needs no inline styles. */
export const ADMIN_CSS = `
:root { font-family: system-ui, sans-serif; color: #1b1b1b; background: #fff; }
body { margin: 0 auto; max-width: 78rem; padding: 0 1rem 3rem; line-height: 1.4; }
header { border-bottom: 3px solid #004b87; margin-bottom: 1rem; }
h1 { font-size: 1.5rem; margin: 1rem 0 0.25rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; }
label { display: block; font-weight: 600; margin-top: 0.5rem; }
input, textarea { font: inherit; padding: 0.3rem; border: 1px solid #555; min-width: 14rem; }
button { font: inherit; margin-top: 0.5rem; padding: 0.35rem 0.9rem; border: 1px solid #004b87; background: #004b87; color: #fff; cursor: pointer; }
button:hover { background: #003362; }
:focus-visible { outline: 3px solid #f5a300; outline-offset: 2px; }
.filters { display: flex; flex-wrap: wrap; gap: 0 1rem; align-items: flex-end; }
.field input { display: block; }
table { border-collapse: collapse; width: 100%; margin-top: 0.75rem; font-size: 0.9rem; }
caption { text-align: left; font-style: italic; padding-bottom: 0.25rem; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.4rem; text-align: left; vertical-align: top; word-break: break-all; }
th { background: #e8eef5; }
.ok { color: #0b6e0b; font-weight: 700; }
.broken { color: #b00020; font-weight: 700; }
.hint { color: #555; font-size: 0.9rem; }
.skip { position: absolute; left: -999px; }
.skip:focus { left: 1rem; top: 0.5rem; background: #fff; padding: 0.25rem; }
#message:empty { display: none; }
#message { border-left: 4px solid #004b87; padding: 0.4rem 0.6rem; background: #f1f5fa; }
`;
