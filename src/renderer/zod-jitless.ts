import { z } from 'zod';

/**
 * Imported first by main.tsx, before any schema is built. Building an object schema, zod probes whether it
 * may compile a fast parser with `new Function`; the page's policy forbids eval, so the probe is refused and
 * reported as a CSP violation, and zod parses without compiling. Jitless, it parses the same way and does
 * not probe, so a violation report always means something is wrong.
 */
z.config({ jitless: true });
