import { trace } from '@opentelemetry/api';

const tracer = trace.getTracer('next-demo');

/** Dynamic page: rendered per request, with a custom span nested under Next's render span. */
export default async function BlogPostPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const title = await tracer.startActiveSpan('blog.load_post', async (span) => {
    span.setAttribute('blog.slug', slug);
    span.end();
    return slug.replace(/-/g, ' ');
  });
  return (
    <main>
      <h1>{title}</h1>
      <p>Post {slug}</p>
    </main>
  );
}
