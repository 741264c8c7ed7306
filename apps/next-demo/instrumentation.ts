import { registerDatadog } from '@dd-otel/next';

export async function register(): Promise<void> {
  await registerDatadog();
}

export { onRequestError } from '@dd-otel/next';
