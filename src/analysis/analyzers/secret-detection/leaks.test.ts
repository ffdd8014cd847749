import { describe, expect, it } from 'vitest';
import { leakedFragments } from './leaks.js';

describe('leakedFragments', () => {
  it('finds the whole secret, a prefix, a suffix, a middle part and the base64 form', () => {
    expect(leakedFragments('value is hunter2', ['hunter2'])).toEqual(['hunter', 'unter2']);
    expect(leakedFragments('starts with hunter...', ['hunter2'])).toEqual(['hunter']);
    expect(leakedFragments('ends with ...unter2', ['hunter2'])).toEqual(['unter2']);
    expect(leakedFragments('middle: 9c2e1b', ['demo-7f3a9c2e1b5d4a60'])).toEqual(['9c2e1b']);
    expect(leakedFragments('data: aHVudGVyMg==', ['hunter2'])).toEqual(expect.arrayContaining(['aHVudG', 'GVyMg=']));
  });

  it('short secrets count whole; clean text gives nothing', () => {
    expect(leakedFragments('pin 1234', ['1234'])).toEqual(['1234']);
    expect(leakedFragments('a literal password', ['hunter2', '1234'])).toEqual([]);
  });
});
