import { describe, expect, it } from 'vitest';
import { pageFrom } from './page-param';

describe('pageFrom', () => {
  it.each([
    ['page=4', 4],
    ['', 1],
    ['page=0', 1],
    ['page=-3', 1],
    ['page=2.7', 2],
    ['page=two', 1],
  ])('reads ?%s as page %i', (search, page) => {
    expect(pageFrom(new URLSearchParams(search))).toBe(page);
  });
});
