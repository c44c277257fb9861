import { useCallback, useEffect, useId, useState, type FormEvent } from 'react';
import { api, type Token } from './api';
import { ErrorNote } from './ErrorNote';

/** Personal API tokens: create (shown once), list, revoke. */
export function Tokens() {
  const [tokens, setTokens] = useState<Token[]>([]);
  const [created, setCreated] = useState<Token>();
  const [error, setError] = useState<unknown>();
  const [name, setName] = useState('');
  const [read, setRead] = useState(true);
  const [write, setWrite] = useState(true);
  const [days, setDays] = useState(30);
  const [copied, setCopied] = useState(false);
  const ids = { name: useId(), days: useId() };

  const load = useCallback(() => {
    api.tokens().then(
      (answer) => setTokens(Array.isArray(answer) ? answer : answer.items),
      setError,
    );
  }, []);
  useEffect(load, [load]);

  async function create(e: FormEvent) {
    e.preventDefault();
    const scopes = [read && 'jobs:read', write && 'jobs:write'].filter((s): s is string => Boolean(s));
    try {
      const token = await api.createToken({ name: name.trim(), scopes, expiresInDays: days });
      setCreated(token);
      setCopied(false);
      setName('');
      setError(undefined);
      load();
    } catch (err) {
      setError(err);
    }
  }

  async function revoke(token: Token) {
    try {
      await api.revokeToken(token.id);
      load();
    } catch (err) {
      setError(err);
    }
  }

  return (
    <section aria-labelledby="tokens-title" className="card">
      <h1 id="tokens-title">API tokens</h1>
      <p className="muted">Programs send a token as <code>Authorization: Bearer …</code>.</p>
      <form onSubmit={(e) => void create(e)} className="token-form">
        <label htmlFor={ids.name}>Name</label>
        <input id={ids.name} value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        <fieldset>
          <legend>Scopes</legend>
          <label><input type="checkbox" checked={read} onChange={(e) => setRead(e.target.checked)} /> jobs:read</label>
          <label><input type="checkbox" checked={write} onChange={(e) => setWrite(e.target.checked)} /> jobs:write</label>
        </fieldset>
        <label htmlFor={ids.days}>Expires in (days)</label>
        <input id={ids.days} type="number" min={1} max={365} value={days} onChange={(e) => setDays(Number(e.target.value))} required />
        <button type="submit" disabled={!read && !write}>Create token</button>
      </form>
      <ErrorNote error={error} />
      {created?.token && (
        <div className="created" role="status">
          <p>Token <strong>{created.name}</strong> created. Copy it now: it is not shown again.</p>
          <code className="secret" data-testid="new-token">{created.token}</code>{' '}
          <button
            type="button"
            onClick={() => void navigator.clipboard?.writeText(created.token ?? '').then(() => setCopied(true), () => setCopied(false))}
          >
            {copied ? 'Copied' : 'Copy token'}
          </button>
        </div>
      )}
      {/* a narrow screen scrolls the table, not the page */}
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">Your tokens</caption>
          <thead>
            <tr><th scope="col">Name</th><th scope="col">Scopes</th><th scope="col">Expires</th><th scope="col">Last used</th><th scope="col"><span className="visually-hidden">Actions</span></th></tr>
          </thead>
          <tbody>
            {tokens.map((token) => (
              <tr key={token.id}>
                <td>{token.name}</td>
                <td>{token.scopes.join(', ')}</td>
                <td>{token.expired ? 'expired' : new Date(token.expiresAt).toLocaleDateString()}</td>
                <td>{token.lastUsedAt ? new Date(token.lastUsedAt).toLocaleString() : 'never'}</td>
                <td><button type="button" onClick={() => void revoke(token)} aria-label={`Revoke ${token.name}`}>Revoke</button></td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
