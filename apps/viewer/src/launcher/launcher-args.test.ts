import { describe, expect, it } from 'vitest';
import { DEFAULT_PORT, DEMO_SCENE, LauncherArgsError, parseLauncherArgs } from './launcher-args.ts';

describe('launcher arguments', () => {
  it('defaults to the demo region on the default port', () => {
    expect(parseLauncherArgs([])).toEqual({ port: DEFAULT_PORT, loginUri: null, ...DEMO_SCENE, hostName: null, open: false, help: false });
    expect(DEMO_SCENE.objects).toBeGreaterThanOrEqual(1000);
    expect(DEMO_SCENE.lights).toBeGreaterThanOrEqual(100);
  });

  it('reads every option', () => {
    expect(parseLauncherArgs(['--port', '0', '--objects', '50', '--lights=3', '--movers', '2', '--seed', '7', '--open'])).toMatchObject({
      port: 0, objects: 50, lights: 3, movers: 2, seed: 7, open: true, loginUri: null,
    });
    expect(parseLauncherArgs(['--login-uri', 'https://login.agni.lindenlab.com/cgi-bin/login.cgi']).loginUri).toBe('https://login.agni.lindenlab.com/cgi-bin/login.cgi');
    expect(parseLauncherArgs(['-h']).help).toBe(true);
    expect(parseLauncherArgs(['--host-name', 'Viewer.Example']).hostName).toBe('viewer.example');
  });

  it.each([
    [['--port', '70000'], /--port must be an integer in 0..65535, got "70000"/],
    [['--port=-1'], /--port must be an integer in 0..65535, got "-1"/],
    [['--objects', '1e3'], /--objects must be an integer in 0..100000/],
    [['--lights', 'many'], /--lights must be an integer/],
    [['--movers', '200000'], /--movers must be an integer in 0..100000/],
    [['--login-uri', 'not a url'], /--login-uri must be an absolute http\(s\) URL/],
    [['--login-uri', 'ftp://grid.example/'], /--login-uri must be an http\(s\) URL, got ftp:/],
    [['--login-uri', 'http://user:pw@grid.example/'], /must not carry credentials/],
    [['--host-name', 'http://evil.example/'], /--host-name must be a host name .*, got "http:\/\/evil.example\/"/],
    [['--host-name', 'a..b'], /--host-name must be a host name/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
    [['stray'], /Unexpected argument 'stray'/],
  ])('refuses %j with a clear reason', (argv, reason) => {
    expect(() => parseLauncherArgs(argv)).toThrow(LauncherArgsError);
    expect(() => parseLauncherArgs(argv)).toThrow(reason);
  });
});
