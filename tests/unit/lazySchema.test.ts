/**
 * Validators built when first used (shared/lazySchema.ts): importing the
 * document layer and the board JSON schema builds none (zod builds a schema's
 * objects when it is declared: ~15–25 ms of every page's start), and a lazy
 * schema behaves as the schema itself, for parsing, deriving, nesting,
 * `instanceof` and JSON Schema.
 */
import { describe, expect, it, vi } from 'vitest';
import type * as Zod from 'zod';

const built = vi.hoisted(() => ({ calls: [] as string[] }));
vi.mock('zod', async (importOriginal) => {
  const zod = await importOriginal<typeof Zod>();
  // Every call that declares a schema goes through `z.<something>(...)`: record which.
  const counted = new Proxy(zod.z, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver) as unknown;
      // The factories (z.string, z.strictObject…), not the classes (z.ZodObject for instanceof).
      if (typeof value !== 'function' || !/^[a-z]/.test(String(key))) return value;
      return (...args: unknown[]) => {
        built.calls.push(String(key));
        if (process.env.WHERE) console.log(String(key), new Error().stack?.split('\n').slice(2, 4).join(' | '));
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { ...zod, z: counted };
});

describe('validators built when first used', () => {
  it('are not built when the document layer and the board JSON schema are imported', async () => {
    const schema = await import('../../shared/schema.ts');
    await import('../../shared/doc/index.ts');
    expect(built.calls).toEqual([]);
    // First use builds them.
    expect(schema.createBoardBody.safeParse({ title: 'A board' }).success).toBe(true);
    expect(built.calls.length).toBeGreaterThan(0);
  });

  it('behave as the schema itself', async () => {
    const { z } = await import('zod');
    const { lazySchema } = await import('../../shared/lazySchema.ts');
    let builds = 0;
    const direct = () => z.strictObject({ id: z.string().min(2), n: z.number().optional() });
    const lazy = lazySchema(() => {
      builds++;
      return direct();
    });
    expect(builds).toBe(0);
    expect(lazy.safeParse({ id: 'ab' }).success).toBe(true);
    const refused = lazy.safeParse({ id: 'a', extra: 1 });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((i) => i.code).sort()).toEqual(['too_small', 'unrecognized_keys']);
    expect(builds).toBe(1);
    expect(lazy instanceof z.ZodObject).toBe(true);
    expect(lazy.extend({ more: z.boolean() }).safeParse({ id: 'ab', more: true }).success).toBe(true);
    expect(z.array(lazy).safeParse([{ id: 'ab' }, { id: 'x' }]).success).toBe(false);
    expect({ ...lazySchema(() => ({ a: 1 })) }).toEqual({ a: 1 });
    expect(z.toJSONSchema(z.strictObject({ item: lazy }))).toEqual(z.toJSONSchema(z.strictObject({ item: direct() })));
    expect(builds).toBe(1);
  });
});
