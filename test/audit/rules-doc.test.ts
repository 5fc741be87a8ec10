import * as fs from 'fs';
import * as path from 'path';
import { RulesDoc } from '../../src/audit';

const RULES_MD = path.join(__dirname, '..', '..', 'RULES.md');

test('RULES.md is up to date (regenerate: UPDATE_RULES_MD=1 npx jest test/audit/rules-doc)', () => {
  const expected = RulesDoc.render();
  if (process.env.UPDATE_RULES_MD === '1') fs.writeFileSync(RULES_MD, expected);
  const actual = fs.existsSync(RULES_MD) ? fs.readFileSync(RULES_MD, 'utf8') : '';
  expect(actual).toBe(expected);
});
