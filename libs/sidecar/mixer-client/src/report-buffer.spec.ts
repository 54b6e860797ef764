import { Attr, AttributeBag } from '@tsmesh/shared-attributes';
import { ReportBuffer } from './report-buffer';

const bag = (n: number): AttributeBag => AttributeBag.of({ n: Attr.int64(n) });
const numbers = (bags: AttributeBag[]): unknown[] => bags.map((b) => b.get('n')?.value);

describe('ReportBuffer', () => {
  it('keeps order and drops the oldest beyond capacity', () => {
    const buffer = new ReportBuffer<AttributeBag>(3);
    expect([1, 2, 3].map((n) => buffer.push(bag(n)))).toEqual([0, 0, 0]);
    expect(buffer.push(bag(4))).toBe(1);
    expect(numbers(buffer.take(2))).toEqual([2n, 3n]);
    expect(buffer.length).toBe(1);
  });

  it('puts unsent entries back in front, where they are the first to go when full', () => {
    const buffer = new ReportBuffer<AttributeBag>(4);
    [1, 2, 3].forEach((n) => buffer.push(bag(n)));
    const sending = buffer.take(2);
    buffer.push(bag(4));
    buffer.push(bag(5));
    expect(buffer.requeue(sending)).toBe(1);
    expect(numbers(buffer.take(10))).toEqual([2n, 3n, 4n, 5n]);
  });
});
