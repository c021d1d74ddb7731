import { useState, type FormEvent } from 'react';
import { client, unwrap } from '../api';
import { ErrorBanner, useAction } from '../components/common';
import { useSession } from '../session';

/** Sign in, or create an account (and join an organization with an invitation token). */
export function SignIn() {
  const { adopt } = useSession();
  const [mode, setMode] = useState<'signin' | 'signup'>('signin');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const submit = useAction(async () => {
    const session =
      mode === 'signin'
        ? unwrap(await client.POST('/account/v1/login', { body: { email, password } }))
        : unwrap(await client.POST('/account/v1/signup', { body: { email, password, ...(name ? { name } : {}) } }));
    adopt(session);
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    void submit.run();
  };
  return (
    <main className="auth" id="main">
      <h1>Whetstone</h1>
      <form onSubmit={onSubmit} aria-label={mode === 'signin' ? 'Sign in' : 'Create account'}>
        <h2>{mode === 'signin' ? 'Sign in' : 'Create an account'}</h2>
        {mode === 'signup' && (
          <label>
            Name
            <input value={name} onChange={(e) => setName(e.target.value)} autoComplete="name" />
          </label>
        )}
        <label>
          Email
          <input type="email" required value={email} onChange={(e) => setEmail(e.target.value)} autoComplete="email" />
        </label>
        <label>
          Password
          <input
            type="password"
            required
            minLength={mode === 'signup' ? 10 : 1}
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            autoComplete={mode === 'signin' ? 'current-password' : 'new-password'}
          />
        </label>
        <ErrorBanner error={submit.error} />
        <button type="submit" disabled={submit.pending}>
          {mode === 'signin' ? 'Sign in' : 'Create account'}
        </button>
        <button type="button" className="link" onClick={() => setMode(mode === 'signin' ? 'signup' : 'signin')}>
          {mode === 'signin' ? 'New here? Create an account' : 'Have an account? Sign in'}
        </button>
      </form>
    </main>
  );
}
