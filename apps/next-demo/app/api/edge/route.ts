// Edge runtime: instrumentation.ts is compiled for Edge too, where registerDatadog is a no-op.
export const runtime = 'edge';

export function GET(): Response {
  return Response.json({ runtime: 'edge' });
}
