import { BinaryWriter } from '@bufbuild/protobuf/wire';
import { varint32Size, WireWriter, zigzag32 } from './wire-writer';

// @bufbuild/protobuf's writer is the reference: the same calls must give the same bytes.
describe('WireWriter', () => {
  const varints = [0, 1, 127, 128, 16_383, 16_384, 2_097_151, 2_097_152, 268_435_455, 268_435_456, 4_294_967_295];

  it('writes varints, zigzag sint32, int64 (negative ones as 10 bytes), bools, doubles and strings as protobuf does', () => {
    const ours = new WireWriter(8);
    const reference = new BinaryWriter();
    for (const v of varints) {
      ours.varint32(v);
      reference.uint32(v);
    }
    for (const v of [0, -1, 1, -64, 64, -2_147_483_648, 2_147_483_647]) {
      ours.sint32(v);
      reference.sint32(v);
    }
    for (const v of [0, 300, 2 ** 53 - 1, -1, -300, 2n ** 63n - 1n, -(2n ** 63n)]) {
      ours.int64(v);
      reference.int64(v);
    }
    ours.bool(true).bool(false).double(-0.125).string('héllo, wörld ✓').lengthDelimited(Uint8Array.of(1, 2, 3));
    reference.bool(true).bool(false).double(-0.125).string('héllo, wörld ✓').bytes(Uint8Array.of(1, 2, 3));
    expect(Buffer.from(ours.bytes()).toString('hex')).toBe(Buffer.from(reference.finish()).toString('hex'));
  });

  it('knows the size of each varint it writes', () => {
    for (const v of varints) {
      const w = new WireWriter(1);
      w.varint32(v);
      expect(varint32Size(v)).toBe(w.pos);
    }
    expect(zigzag32(-1)).toBe(1);
    expect(zigzag32(-2_147_483_648)).toBe(4_294_967_295);
  });
});
