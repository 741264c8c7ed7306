import 'reflect-metadata';
import { SpanKind, trace } from '@opentelemetry/api';
import { ForbiddenException, Get, NotFoundException, ServiceUnavailableException, SetMetadata } from '@nestjs/common';
import { firstValueFrom, lastValueFrom, Observable, of, throwError, timer } from 'rxjs';
import { map } from 'rxjs/operators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DevAgentSpan } from '@dd-otel/dev-agent';
import { startTestTracing } from './testing/harness.test-support.js';
import type { TestTracing } from './testing/harness.test-support.js';
import { Traced } from './traced.decorator.js';

let tracing: TestTracing;

beforeAll(async () => {
  tracing = await startTestTracing();
});

afterAll(async () => {
  await tracing.close();
});

/** Runs `work` under a parent span and returns the parent's trace once it reached the agent. */
async function traceOf(work: () => Promise<void>): Promise<{ parent: DevAgentSpan; spans: DevAgentSpan[] }> {
  const tracer = trace.getTracer('traced-test');
  let parentId = '';
  await tracer.startActiveSpan('test.parent', async (parent) => {
    parentId = parent.spanContext().spanId;
    try {
      await work();
    } finally {
      parent.end();
    }
  });
  const parent = await tracing.agent.waitFor((spans) => spans.find((span) => span.spanId === parentId));
  return { parent, spans: tracing.agent.spans().filter((span) => span.traceId === parent.traceId) };
}

function named(spans: DevAgentSpan[], name: string): DevAgentSpan {
  const span = spans.find((candidate) => candidate.name === name);
  if (span === undefined) throw new Error(`no ${name} among ${spans.map((s) => s.name).join(', ')}`);
  return span;
}

class Catalog {
  seen: string[] = [];

  @Traced()
  price(sku: string, quantity: number): number {
    this.seen.push(trace.getActiveSpan()?.spanContext().spanId ?? '');
    return sku.length * quantity;
  }

  @Traced('catalog.fetch', { kind: SpanKind.CLIENT, attributes: { 'catalog.region': 'eu' }, resource: 'GET catalog' })
  async fetch(sku: string): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, 2));
    this.seen.push(trace.getActiveSpan()?.spanContext().spanId ?? '');
    return sku.toUpperCase();
  }

  @Traced()
  stream(count: number): Observable<number> {
    return timer(2).pipe(
      map(() => {
        this.seen.push(trace.getActiveSpan()?.spanContext().spanId ?? '');
        return count;
      }),
    );
  }

  @Traced()
  broken(): number {
    throw new TypeError('sync failure');
  }

  @Traced()
  async rejected(): Promise<number> {
    throw new ServiceUnavailableException('try later');
  }

  @Traced()
  failingStream(): Observable<number> {
    return throwError(() => new RangeError('stream failure'));
  }

  @Traced()
  notFound(): never {
    throw new NotFoundException('no such sku');
  }

  @Traced()
  async forbidden(): Promise<never> {
    throw new ForbiddenException();
  }

  @Traced()
  static create(): Catalog {
    return new Catalog();
  }
}

describe('@Traced()', () => {
  it('wraps a sync method in a child span named Class.method, active while it runs', async () => {
    const catalog = new Catalog();
    let result = 0;
    const { parent, spans } = await traceOf(async () => {
      result = catalog.price('abc', 2);
    });
    expect(result).toBe(6);
    const span = named(spans, 'Catalog.price');
    expect(span).toMatchObject({ parentId: parent.spanId, resource: 'Catalog.price', error: 0 });
    expect(span.meta).toMatchObject({ 'span.kind': 'internal', 'code.function.name': 'Catalog.price' });
    expect(catalog.seen).toEqual([span.spanId]);
  });

  it('ends the span of an async method when its Promise settles, with the given name and options', async () => {
    const catalog = new Catalog();
    let result = '';
    const { spans } = await traceOf(async () => {
      result = await catalog.fetch('ab');
    });
    expect(result).toBe('AB');
    const span = named(spans, 'catalog.fetch');
    expect(span).toMatchObject({ resource: 'GET catalog' });
    expect(span.meta).toMatchObject({ 'span.kind': 'client', 'catalog.region': 'eu' });
    expect(span.duration).toBeGreaterThan(1_000_000);
    expect(catalog.seen).toEqual([span.spanId]);
  });

  it('runs an Observable in the span and ends it when the Observable completes', async () => {
    const catalog = new Catalog();
    let value = 0;
    const { spans } = await traceOf(async () => {
      value = await lastValueFrom(catalog.stream(4));
    });
    expect(value).toBe(4);
    const span = named(spans, 'Catalog.stream');
    expect(catalog.seen).toEqual([span.spanId]);
    expect(span.duration).toBeGreaterThan(1_000_000);
  });

  it('ends the span of an Observable unsubscribed before it completed', async () => {
    const catalog = new Catalog();
    const { spans } = await traceOf(async () => {
      await firstValueFrom(of(1));
      catalog.stream(1).subscribe().unsubscribe();
    });
    expect(named(spans, 'Catalog.stream')).toMatchObject({ error: 0 });
    expect(catalog.seen).toEqual([]);
  });

  it('marks the span on a thrown error, a rejection or an Observable error, and passes the error on', async () => {
    const catalog = new Catalog();
    const { spans } = await traceOf(async () => {
      expect(() => catalog.broken()).toThrow('sync failure');
      await expect(catalog.rejected()).rejects.toThrow('try later');
      await expect(lastValueFrom(catalog.failingStream())).rejects.toThrow('stream failure');
    });
    expect(named(spans, 'Catalog.broken')).toMatchObject({ error: 1, meta: expect.objectContaining({ 'error.type': 'TypeError', 'error.message': 'sync failure' }) });
    expect(named(spans, 'Catalog.rejected')).toMatchObject({
      error: 1,
      meta: expect.objectContaining({ 'error.type': 'ServiceUnavailableException' }),
    });
    const stream = named(spans, 'Catalog.failingStream');
    expect(stream).toMatchObject({ error: 1, meta: expect.objectContaining({ 'error.type': 'RangeError' }) });
    expect(stream.spanEvents?.map((event) => event.name)).toEqual(['exception']);
  });

  it('does not mark HttpExceptions below 500: they are answers', async () => {
    const catalog = new Catalog();
    const { spans } = await traceOf(async () => {
      expect(() => catalog.notFound()).toThrow(NotFoundException);
      await expect(catalog.forbidden()).rejects.toBeInstanceOf(ForbiddenException);
    });
    for (const name of ['Catalog.notFound', 'Catalog.forbidden']) {
      const span = named(spans, name);
      expect(span.error, name).toBe(0);
      expect(span.meta['error.type'], name).toBeUndefined();
    }
  });

  it('traces static methods as Class.method', async () => {
    const { spans } = await traceOf(async () => {
      expect(Catalog.create()).toBeInstanceOf(Catalog);
    });
    expect(named(spans, 'Catalog.create').error).toBe(0);
  });

  it('keeps the method name, length and the metadata of decorators applied before and after it', () => {
    class Controller {
      @SetMetadata('roles', ['admin'])
      @Traced()
      @Get('before')
      first(_a: string, _b: number): string {
        return 'first';
      }

      @Traced()
      @SetMetadata('roles', ['user'])
      second(): string {
        return 'second';
      }
    }
    const first = Controller.prototype.first;
    expect(first.name).toBe('first');
    expect(first.length).toBe(2);
    expect(Reflect.getMetadata('path', first)).toBe('before');
    expect(Reflect.getMetadata('roles', first)).toEqual(['admin']);
    expect(Reflect.getMetadata('roles', Controller.prototype.second)).toEqual(['user']);
    expect(new Controller().second()).toBe('second');
  });

  it.each([
    [[''], /the span name must be a non-empty string/],
    [[42], /the span name must be a non-empty string/],
    [[undefined, 'fast'], /options must be an object/],
    [[undefined, { kindd: 1 }], /unknown option "kindd"/],
    [[undefined, { kind: 9 }], /invalid option "kind"/],
    [[undefined, { attributes: [] }], /invalid option "attributes"/],
    [[undefined, { resource: '' }], /invalid option "resource"/],
  ])('rejects the arguments %j with a TypeError', (args, message) => {
    expect(() => (Traced as (...a: unknown[]) => unknown)(...args)).toThrow(message);
  });

  it('throws a TypeError when applied to something that is not a method', () => {
    const decorate = Traced();
    const descriptor: PropertyDescriptor = { get: () => 1 };
    expect(() => decorate(Catalog.prototype, 'total', descriptor as TypedPropertyDescriptor<unknown>)).toThrow(/Catalog\.total is not one/);
  });
});
