import Link from 'next/link';

/** Static: prerendered at build time, served from Next's cache. */
export default function HomePage() {
  return (
    <main>
      <h1>dd-otel Next.js demo</h1>
      <ul>
        <li><Link href="/blog/hello-world">Dynamic page /blog/[slug]</Link></li>
        <li><a href="/api/users/42">Route handler /api/users/[id]</a></li>
        <li><a href="/api/boom">Route handler that throws</a></li>
        <li><Link href="/actions">Server action</Link></li>
        <li><Link href="/chain">Page that fetches another route</Link></li>
        <li><Link href="/broken">Server component that throws</Link></li>
        <li><a href="/legacy">Pages Router page</a></li>
        <li><a href="/api/legacy">Pages Router API route</a></li>
        <li><a href="/api/edge">Edge route handler</a></li>
        <li><a href="/does-not-exist">404</a></li>
      </ul>
    </main>
  );
}
