import { describe, expect, it } from 'vitest';
import { parseWorkerArgs, UsageError } from '../../../tools/centre-worker/worker-args.ts';

const settings = { port: 3000, clientSecret: 'dev-secret' };

function usageErrorOf(argv: string[]): string {
  try {
    parseWorkerArgs(argv, settings);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).message;
  }
  throw new Error('the arguments were accepted');
}

describe('parseWorkerArgs', () => {
  it('needs only the centre, and then polls the local stack as the centre’s demo client', () => {
    expect(parseWorkerArgs(['--centre', 'braunschweig'], settings)).toEqual({
      centre: 'braunschweig',
      once: false,
      showPersonalData: false,
      max: 10,
      leaseSeconds: 60,
      waitSeconds: 20,
      clientId: 'centre-braunschweig',
      clientSecret: 'dev-secret',
      baseUrl: 'http://127.0.0.1:3000',
      tokenUrl: 'http://127.0.0.1:3000/oauth/token',
    });
  });

  it('follows PORT', () => {
    expect(parseWorkerArgs(['--centre=osnabrueck'], { ...settings, port: 4123 })).toMatchObject({
      baseUrl: 'http://127.0.0.1:4123',
      tokenUrl: 'http://127.0.0.1:4123/oauth/token',
      clientId: 'centre-osnabrueck',
    });
  });

  it('drains without long polling with --once, unless a wait is given', () => {
    expect(parseWorkerArgs(['--centre', 'osnabrueck', '--once'], settings)).toMatchObject({ once: true, waitSeconds: 0 });
    expect(parseWorkerArgs(['--centre', 'osnabrueck', '--once', '--wait-seconds', '5'], settings)).toMatchObject({ waitSeconds: 5 });
  });

  it('takes every option', () => {
    const argv = [
      '--centre=osnabrueck',
      '--show-personal-data',
      '--max=3',
      '--lease-seconds=900',
      '--wait-seconds=0',
      '--client-id=vendor-client',
      '--base-url=https://api.example.org/',
      '--token-url=https://idp.example.org/oauth2/token',
    ];
    expect(parseWorkerArgs(argv, settings)).toMatchObject({
      showPersonalData: true,
      max: 3,
      leaseSeconds: 900,
      waitSeconds: 0,
      clientId: 'vendor-client',
      baseUrl: 'https://api.example.org',
      tokenUrl: 'https://idp.example.org/oauth2/token',
    });
  });

  it('returns nothing for --help', () => {
    expect(parseWorkerArgs(['--help'], settings)).toBeUndefined();
  });

  it('refuses a missing or unknown centre', () => {
    expect(usageErrorOf([])).toBe('--centre is required');
    expect(usageErrorOf(['--centre', 'hannover'])).toBe('--centre: must be one of braunschweig, osnabrueck');
  });

  it('refuses values outside the bounds of the lease contract', () => {
    expect(usageErrorOf(['--centre', 'osnabrueck', '--max', '11'])).toMatch(/^--max: /);
    expect(usageErrorOf(['--centre', 'osnabrueck', '--max', 'ten'])).toMatch(/^--max: /);
    expect(usageErrorOf(['--centre', 'osnabrueck', '--lease-seconds', '29'])).toMatch(/^--lease-seconds: /);
    expect(usageErrorOf(['--centre', 'osnabrueck', '--wait-seconds', '21'])).toMatch(/^--wait-seconds: /);
    expect(usageErrorOf(['--centre', 'osnabrueck', '--base-url', 'not a url'])).toMatch(/^--base-url: /);
  });

  it('refuses unknown options and stray arguments', () => {
    expect(usageErrorOf(['--centre', 'osnabrueck', '--shw-personal-data'])).toMatch(/shw-personal-data/);
    expect(usageErrorOf(['--centre', 'osnabrueck', 'extra'])).toMatch(/extra/);
  });
});
