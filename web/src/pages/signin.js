import { whoami, token } from '../api.js';
import { h, clear, errorBox } from '../dom.js';
import { app, refreshMe, navigate } from '../main.js';

export async function signinPage(main) {
  const input = h('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', required: true, spellcheck: 'false', 'aria-describedby': 'token-hint token-err' });
  const err = h('div', { id: 'token-err', role: 'alert' });
  clear(main, h('h1', {}, 'Sign in'),
    app.me && !app.me.anonymous && !app.me.noAuth ? h('p', {}, `You are signed in as ${app.me.name} (${app.me.role}).`) : null,
    app.me && app.me.noAuth ? h('p', {}, 'This server does not ask for tokens: everything it offers is open to read.') : null,
    h('form', { class: 'stack narrow', onsubmit: async (e) => {
      e.preventDefault();
      clear(err);
      const t = input.value.trim();
      try {
        const me = await whoami(t);
        if (me.noAuth) throw new Error('This server does not use tokens.');
        token.set(t);
        sessionStorage.removeItem('truce-latest');
        await refreshMe();
        navigate(app.can('submit') && !app.can('read') ? '/submit' : '/');
      } catch (x) {
        clear(err, errorBox(x.status === 401 ? new Error('That token is not valid (unknown, expired or revoked).') : x));
      }
    } },
    h('div', { class: 'field' }, h('label', { for: 'token' }, 'Access token'), input,
      h('span', { class: 'hint', id: 'token-hint' }, 'A token starts with truce_. It is kept in this browser tab only, until you sign out or close it.')),
    err, h('button', { type: 'submit' }, 'Sign in')));
}
