import * as fs from 'fs';
import * as path from 'path';
import { renderReadme } from '../scripts/readme';

describe('README.md', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

  test('is up to date with docs/*.md and the examples (run `npx projen readme`)', () => {
    expect(readme).toEqual(renderReadme());
  });

  test('starts with exactly the two commands for a fresh machine', () => {
    const firstBlock = /```sh\n([\s\S]*?)```/.exec(readme)![1].trim().split('\n');
    expect(firstBlock.map(l => l.replace(/\s+#.*$/, '').trim())).toEqual(['npm ci && npm run synth:examples', 'npm test']);
  });
});
