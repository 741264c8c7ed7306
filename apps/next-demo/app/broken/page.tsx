export const dynamic = 'force-dynamic';

/** A server component that throws while rendering. */
export default async function BrokenPage(): Promise<never> {
  throw new Error('server component failed');
}
