import { request, download, latestDay, addDays } from '../api.js';
import { h, clear, errorBox } from '../dom.js';
import { navigate } from '../main.js';

export async function bulletinsPage(main, { params, query, signal }) {
  const latest = await latestDay();
  const day = params[0] || latest;
  const days = [];
  const end = query.get('to') || latest;
  for (let i = 0; i < 14; i++) days.push(addDays(end, -i));
  const view = h('article', { class: 'bulletin', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
  const pick = h('input', { type: 'text', id: 'b-date', value: day, inputmode: 'numeric', pattern: '\\d{4}-\\d{2}-\\d{2}', placeholder: 'YYYY-MM-DD', autocomplete: 'off', size: 10 });
  clear(main,
    h('h1', {}, `Bulletin of ${day}`),
    h('div', { class: 'bulletins' },
      h('nav', { class: 'panel', 'aria-label': 'Bulletin days' },
        h('h2', {}, 'Days'),
        h('ul', { class: 'days' }, days.map((d) => h('li', {}, h('a', { href: `/bulletins/${d}`, 'aria-current': d === day ? 'page' : null }, d)))),
        h('form', { onsubmit: (e) => { e.preventDefault(); if (pick.value) navigate(`/bulletins/${pick.value}`); } },
          h('label', { for: 'b-date' }, 'Another day'), pick, h('button', { type: 'submit' }, 'Open')),
        h('h2', {}, 'Download'),
        h('p', {},
          h('button', { type: 'button', onclick: () => download(`/api/v1/bulletins/${day}.md`, `truce-bulletin-${day}.md`).catch((e) => view.prepend(errorBox(e))) }, 'Markdown'), ' ',
          h('button', { type: 'button', onclick: () => download(`/api/v1/bulletins/${day}.html`, `truce-bulletin-${day}.html`).catch((e) => view.prepend(errorBox(e))) }, 'HTML'))),
      view));
  let html = await (await request(`/api/v1/bulletins/${day}.html`, { signal })).text();
  // Show the bulletin's own HTML without its styles or any script: parsed,
  // never executed, and inserted as nodes.
  // Styles go before parsing: the parser would report them against the CSP.
  // The bulletin's status colours come back through the dashboard's own
  // stylesheet (.bulletin rules in style.css); its colour swatches' inline
  // backgrounds become data-bg attributes that stylesheet knows.
  html = html.replace(/<style[\s\S]*?<\/style>/gi, '')
    .replace(/\sstyle="background:\s*(#[0-9a-fA-F]{6})"/g, ' data-bg="$1"')
    .replace(/\sstyle=("[^"]*"|'[^']*')/gi, '');
  const doc = new DOMParser().parseFromString(html, 'text/html');
  doc.querySelectorAll('script, style, link, meta, iframe, object, embed').forEach((n) => n.remove());
  doc.querySelectorAll('*').forEach((n) => {
    for (const a of [...n.attributes]) {
      if (a.name === 'style' || a.name.startsWith('on') || ((a.name === 'href' || a.name === 'src') && /^\s*javascript:/i.test(a.value))) n.removeAttribute(a.name);
    }
  });
  clear(view, ...[...doc.body.childNodes].map((n) => document.importNode(n, true)));
}
