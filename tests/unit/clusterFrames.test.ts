/**
 * The frame tracking of a forwarded websocket (server/cluster/wsPipe.ts): a
 * forwarder may put its own close frame only between two of the owner's
 * frames, so it must find every boundary however the bytes are cut.
 */
import { describe, expect, it } from 'vitest';
import { closeFrame, FrameBoundaries } from '../../server/cluster/wsPipe.ts';

/** A server frame (unmasked) with `length` payload bytes: 7-bit, 16-bit and 64-bit lengths. */
function frame(opcode: number, length: number): Buffer {
  const head = length < 126 ? [0x80 | opcode, length] : length < 65_536 ? [0x80 | opcode, 126, length >> 8, length & 0xff] : [0x80 | opcode, 127, 0, 0, 0, 0, (length >>> 24) & 0xff, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff];
  return Buffer.concat([Buffer.from(head), Buffer.alloc(length, 7)]);
}

describe('FrameBoundaries', () => {
  const frames = [frame(2, 0), frame(2, 5), frame(2, 125), frame(2, 126), frame(2, 300), frame(2, 70_000), frame(9, 3), frame(2, 1)];
  const stream = Buffer.concat(frames);
  const boundaries = new Set<number>([0]);
  let at = 0;
  for (const f of frames) boundaries.add((at += f.length));

  it('is at a boundary exactly between frames, whatever the chunks', () => {
    for (const size of [1, 2, 3, 7, 64, 1000, 65_537, stream.length]) {
      const t = new FrameBoundaries();
      const wrong: string[] = [];
      for (let offset = 0; offset < stream.length; offset += size) {
        const chunk = stream.subarray(offset, offset + size);
        if (t.feed(chunk) !== chunk.length) wrong.push(`chunk at ${offset} not consumed`);
        const end = offset + chunk.length;
        if (t.atBoundary !== boundaries.has(end)) wrong.push(`at ${end}: atBoundary ${t.atBoundary}`);
      }
      expect(wrong, `${size}-byte chunks`).toEqual([]);
    }
  });

  it('stops at the end of the frame in flight, and notes a close frame going by', () => {
    const t = new FrameBoundaries();
    const bytes = Buffer.concat([frame(2, 10), frame(2, 4)]);
    expect(t.feed(bytes.subarray(0, 5))).toBe(5);
    expect(t.atBoundary).toBe(false);
    expect(t.feed(bytes, 5, true)).toBe(12); // the first frame's last byte, then the boundary
    expect(t.atBoundary).toBe(true);
    expect(t.sawClose).toBe(false);
    t.feed(closeFrame(1012, 'reconnect'));
    expect(t.sawClose).toBe(true);
    expect(t.atBoundary).toBe(true);
  });

  it('builds a close frame a client reads as code and reason', () => {
    const f = closeFrame(1012, 'the board moved');
    expect(f[0]).toBe(0x88);
    expect(f[1]).toBe(2 + 'the board moved'.length);
    expect(f.readUInt16BE(2)).toBe(1012);
    expect(f.subarray(4).toString()).toBe('the board moved');
  });
});
