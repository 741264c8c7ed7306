'use server';

import { trace } from '@opentelemetry/api';

/** A server action, submitted by the form on /actions (works without JavaScript). */
export async function saveNote(formData: FormData): Promise<void> {
  const note = String(formData.get('note') ?? '');
  trace.getActiveSpan()?.setAttribute('note.length', note.length);
  await trace.getTracer('next-demo').startActiveSpan('note.save', async (span) => {
    span.setAttribute('note.text', note);
    span.end();
  });
}
