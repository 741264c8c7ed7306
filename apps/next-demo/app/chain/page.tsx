import { headers } from 'next/headers';

/** Calls another route of this app over HTTP: the trace continues in the second request. */
export default async function ChainPage() {
  const host = (await headers()).get('host') ?? '127.0.0.1:3000';
  const response = await fetch(`http://${host}/api/users/7?token=secret-value`, { cache: 'no-store' });
  const user = (await response.json()) as { id: string; name: string };
  return (
    <main>
      <h1>Chained call</h1>
      <p>{user.name}</p>
    </main>
  );
}
