/**
 * The interactive docs page: a small page of the app's own that reads /openapi.json, lists every route
 * and sends requests from the browser. Its script and style are served by the app: it works offline.
 */
export const DOCS_HTML = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cchc API</title>
<link rel="stylesheet" href="/docs/docs.css">
</head>
<body>
<header><h1>cchc API</h1><p id="description"></p><p><a href="/openapi.json">openapi.json</a></p></header>
<main id="routes"></main>
<script src="/docs/docs.js"></script>
</body>
</html>
`;

export const DOCS_CSS = `
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d2433; }
h1 { margin-bottom: 0.25rem; }
section { border: 1px solid #d5dae3; border-radius: 6px; margin: 1rem 0; padding: 0.75rem 1rem; }
.method { display: inline-block; min-width: 3.5rem; font-weight: 600; color: #fff; background: #3c6e47; border-radius: 4px; padding: 0 0.4rem; text-align: center; }
.method.post { background: #2f5d8a; }
code { font-size: 0.95em; }
textarea { width: 100%; min-height: 8rem; font-family: ui-monospace, monospace; font-size: 0.9rem; }
pre { background: #f4f6f9; padding: 0.5rem; overflow: auto; max-height: 24rem; }
button { margin-top: 0.5rem; }
`;

export const DOCS_JS = `
(async () => {
  const spec = await (await fetch('/openapi.json')).json();
  document.getElementById('description').textContent = spec.info.description;
  const main = document.getElementById('routes');
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      const section = document.createElement('section');
      const title = document.createElement('h2');
      title.innerHTML = '<span class="method ' + method + '">' + method.toUpperCase() + '</span> <code></code>';
      title.querySelector('code').textContent = path;
      const summary = document.createElement('p');
      summary.textContent = operation.summary || '';
      const url = document.createElement('input');
      url.value = path.replace('{id}', 'kon-tum-2021-huyen') + (path === '/v1/report' ? '?format=md' : '');
      url.size = 50;
      const bodyField = document.createElement('textarea');
      bodyField.placeholder = 'JSON or YAML body';
      const send = document.createElement('button');
      send.textContent = 'Send';
      const output = document.createElement('pre');
      send.onclick = async () => {
        const init = { method: method.toUpperCase(), headers: {} };
        if (method !== 'get') {
          const text = bodyField.value;
          init.body = text;
          init.headers['content-type'] = /^\\s*[{[]/.test(text) ? 'application/json' : 'application/yaml';
        }
        const response = await fetch(url.value, init);
        const type = response.headers.get('content-type') || '';
        const shown = type.includes('json') || type.startsWith('text/') ? await response.text() : '(' + type + ', ' + (await response.arrayBuffer()).byteLength + ' bytes)';
        output.textContent = response.status + ' ' + response.statusText + '\\n' + shown;
      };
      section.append(title, summary, url);
      if (method !== 'get') section.append(bodyField);
      section.append(send, output);
      main.append(section);
    }
  }
})();
`;
