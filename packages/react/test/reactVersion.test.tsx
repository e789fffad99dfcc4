import { version } from 'react';
import { describe, expect, it } from 'vitest';

describe('the React these tests run on', () => {
  it('is the major version the test project asked for (19, or 18 in the react18 project)', () => {
    expect(version.split('.')[0]).toBe(process.env.EXPECTED_REACT_MAJOR ?? '19');
  });
});
