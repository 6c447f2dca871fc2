import { whoami, token } from '../api.js';
import { h, clear, errorBox } from '../dom.js';
import { app, refreshMe, navigate } from '../main.js';

// signinPage asks for a token. It is its own page (/signin?next=…) and is
// also shown in place of any page an anonymous visitor may not see, with
// next set to come back to it.
export async function signinPage(main, { query, next, needed } = {}) {
  const back = next || (query && query.get('next')) || '';
  const safeBack = back.startsWith('/') && !back.startsWith('//') && !back.startsWith('/signin') ? back : '';
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false', 'aria-describedby': 'token-hint token-err' });
  const err = h('div', { id: 'token-err', role: 'alert' });
  const me = app.me;
  const anonymous = !me || me.anonymous;
  clear(main, h('h1', {}, 'Sign in'),
    me && !me.anonymous && !me.noAuth ? h('p', {}, `You are signed in as ${me.name} (${me.role}). Another token replaces it in this tab.`) : null,
    me && me.noAuth ? h('p', {}, 'This server does not ask for tokens: everything it offers is open to read.') : null,
    needed && anonymous ? h('p', { class: 'notice' }, 'This server is private: sign in with an access token to see this page.') : null,
    me && me.no_tokens
      ? h('p', { class: 'notice', id: 'no-tokens' }, 'This server has no valid token yet, so nobody can sign in. Whoever runs it creates one on the machine that holds the store: ',
        h('code', {}, 'truce token create --name NAME --role viewer'), ' (or --role monitor to submit reports, analyst to check claims), then pastes the token it prints here.')
      : h('p', {}, 'Paste the access token you were given. To get one, ask whoever runs this server; they create it with ',
        h('code', {}, 'truce token create --name NAME --role viewer'), ' (monitor to submit reports, analyst to check claims).'),
    h('form', { class: 'stack narrow', onsubmit: async (e) => {
      e.preventDefault();
      clear(err);
      const t = input.value.trim();
      try {
        const who = await whoami(t);
        if (who.noAuth) throw new Error('This server does not use tokens.');
        token.set(t);
        sessionStorage.removeItem('truce-latest');
        await refreshMe();
        navigate(safeBack || (app.can('submit') && !app.can('read') ? '/submit' : '/'), true);
      } catch (x) {
        clear(err, errorBox(x.status === 401 ? new Error('That token is not valid (unknown, expired or revoked).') : x));
      }
    } },
    h('div', { class: 'field' }, h('label', { for: 'token' }, 'Access token'), input,
      h('span', { class: 'hint', id: 'token-hint' }, 'A token starts with truce_. It is kept in this browser tab only, until you sign out or close it.')),
    err, h('button', { type: 'submit' }, 'Sign in')));
}
