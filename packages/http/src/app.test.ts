import { describe, expect, it } from 'vitest';
import packageJson from '../package.json' with { type: 'json' };
import { createApp } from './index.js';

describe('GET /health', () => {
  it('answers ok with the package version in body and header', async () => {
    const response = await createApp().request('/health');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-cchc-version')).toBe(packageJson.version);
    expect(await response.json()).toMatchObject({ status: 'ok', version: packageJson.version });
  });
});
