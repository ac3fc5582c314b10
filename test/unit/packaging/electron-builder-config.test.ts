import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Configuration } from 'app-builder-lib';
import { describe, expect, it } from 'vitest';
import { loadBuilderConfig, PROJECT, resourceCopies, validateBuilderConfig } from '../../support/builder-config';

/**
 * electron-builder.yml as electron-builder itself reads and checks it before a build (test/support/builder-config.ts),
 * and the files it names. Building an installer needs Electron's binaries and electron-builder's tools (NSIS,
 * appimagetool, fpm, macOS's hdiutil), none of which our machines can fetch: test/integration/packaging packs the app
 * with electron-builder's `dir` target instead.
 */
const targetsOf = (platform: { target?: unknown } | null | undefined): string[] =>
  ((platform?.target ?? []) as Array<string | { target: string }>).map((target) => (typeof target === 'string' ? target : target.target));

/** Width and height of a PNG, from its IHDR chunk. */
function pngSize(png: Buffer): [number, number] {
  expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
  return [png.readUInt32BE(16), png.readUInt32BE(20)];
}

describe('electron-builder.yml', () => {
  it('loads and passes electron-builder\'s own validation', async () => {
    const config = await loadBuilderConfig();
    await expect(validateBuilderConfig(config)).resolves.toBeUndefined();
    expect(config.appId).toBe('org.concurrencylab.app');
    expect(config.productName).toBe('Concurrency Lab');
  });

  it('is refused by that validation when an option is misspelt, with where to read about it', async () => {
    const config = await loadBuilderConfig();
    // extraResource for extraResources would ship an app without its shim: the build stops instead.
    const { extraResources, ...rest } = config;
    await expect(validateBuilderConfig({ ...rest, extraResource: extraResources } as Configuration)).rejects.toThrow(/configuration has an unknown property 'extraResource'/);
    // Inside a platform's options its schema says less (the option or null), but still stops, and says where to look.
    const misspelt = { ...config, linux: { ...config.linux, categroy: 'Education' } } as Configuration;
    await expect(validateBuilderConfig(misspelt)).rejects.toThrow(/configuration\.linux should be one of these[\s\S]*https:\/\/www\.electron\.build\/linux/);
  });

  it('packages for Windows (nsis), macOS (dmg, with entitlements) and Linux (AppImage and deb, in Education)', async () => {
    const config = await loadBuilderConfig();
    expect(targetsOf(config.win)).toEqual(['nsis']);
    expect(targetsOf(config.mac)).toEqual(['dmg']);
    expect(targetsOf(config.linux)).toEqual(['AppImage', 'deb']);
    expect(config.linux?.category).toBe('Education');
    expect(config.linux?.maintainer).toMatch(/\S+ <\S+@\S+>/);
    expect(config.mac?.hardenedRuntime).toBe(true);
    for (const plist of [config.mac?.entitlements, config.mac?.entitlementsInherit]) {
      const text = readFileSync(join(PROJECT, plist!), 'utf8');
      expect(text).toContain('<key>com.apple.security.cs.allow-jit</key>');
    }
    // The deb names what the lab runs on besides Electron's own libraries.
    expect(config.deb?.depends).toEqual(expect.arrayContaining(['libgtk-3-0', 'libnss3', 'python3', 'util-linux']));
  });

  it('ships only the build from the project, and the shim, lessons, examples and scenarios beside it', async () => {
    const config = await loadBuilderConfig();
    const files = (config.files as Array<{ filter?: string[] }>).flatMap((set) => set.filter ?? []);
    expect(files).toContain('out/**');
    expect(files.some((pattern) => pattern.startsWith('src') || pattern === '**/*')).toBe(false);
    const copies = resourceCopies(config);
    expect(copies.map(({ from, to }) => [from, to])).toEqual([
      ['resources/python', 'python'],
      ['resources/scenarios', 'scenarios'],
    ]);
    for (const part of ['boot', 'concurrency_lab', 'lessons', 'examples']) expect(existsSync(join(PROJECT, 'resources', 'python', part))).toBe(true);
  });

  it('names icons that exist at the sizes each platform wants', async () => {
    const config = await loadBuilderConfig();
    const [width, height] = pngSize(readFileSync(join(PROJECT, 'build', 'icon.png')));
    expect(width).toBeGreaterThanOrEqual(512);
    expect(height).toBe(width);
    const linuxIcons = join(PROJECT, config.linux!.icon!);
    for (const size of [16, 32, 48, 64, 128, 256, 512]) expect(pngSize(readFileSync(join(linuxIcons, `${size}x${size}.png`)))).toEqual([size, size]);
    // An .ico: reserved 0, type 1 (icon), then a directory whose first image's data is a PNG.
    const ico = readFileSync(join(PROJECT, config.win!.icon!));
    expect([ico.readUInt16LE(0), ico.readUInt16LE(2)]).toEqual([0, 1]);
    expect(ico.readUInt16LE(4)).toBeGreaterThanOrEqual(5);
    const largest = ico.readUInt32LE(6 + 16 * (ico.readUInt16LE(4) - 1) + 12);
    expect(pngSize(ico.subarray(largest))).toEqual([256, 256]);
    // An .icns: its magic and its own length, and a 1024 px image (ic10) among its types.
    const icns = readFileSync(join(PROJECT, config.mac!.icon!));
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(statSync(join(PROJECT, config.mac!.icon!)).size);
    const at = icns.indexOf('ic10');
    expect(at).toBeGreaterThan(0);
    expect(pngSize(icns.subarray(at + 8))).toEqual([1024, 1024]);
  });
});
