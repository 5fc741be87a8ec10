import { compareL4Keys } from '../src/model/order';

test('compareL4Keys orders like a numeric locale compare', () => {
  const keys = ['TCP/15008', 'UDP/53', 'TCP/8080', 'TCP/443', 'SCTP/9', 'TCP/80'];
  const expected = [...keys].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  expect([...keys].sort(compareL4Keys)).toEqual(expected);
  expect(expected).toEqual(['SCTP/9', 'TCP/80', 'TCP/443', 'TCP/8080', 'TCP/15008', 'UDP/53']);
});
