import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { exportKindOf } from '../shared/trace/export-kinds';
import { sendExport, type ExportSource } from './export-download';
import { RECORDING_PATH, serveRecording, type RecordingSource } from './recording-route';
import type { LabEndpoint } from './replay-endpoint';
import { parseRequestTarget } from './request-target';
import { allowedHosts, downloadAllowed, hostAllowed, originAllowed, SECURITY_HEADERS, tokensMatch } from './security';
import { ASSETS_PREFIX, createStaticFiles, send } from './static-files';
import { bridgeSocket } from './ws-bridge';

export interface LabServerOptions {
  /** The lab, or a replay's stand-in (replay-endpoint.ts). */
  readonly lab: LabEndpoint;
  /** What GET /recording downloads: the live lab's recording, or the file a replay serves. */
  readonly recording: RecordingSource;
  /** What the exports (Perfetto trace, CSV) read: the live lab's recording; null in a replay. */
  readonly exports: ExportSource | null;
  /** The built renderer (out/renderer). */
  readonly rendererRoot: string;
  readonly host: string;
  readonly port: number;
  /** Fixed token for tests; a random one by default. */
  readonly token?: string;
}

export interface LabServer {
  /** The full URL to open, token included. */
  readonly url: string;
  readonly port: number;
  readonly token: string;
  close(): Promise<void>;
}

/** Browser mode: the renderer's files over HTTP and the lab over one WebSocket per page, on 127.0.0.1. */
export async function startLabServer(options: LabServerOptions): Promise<LabServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  let hosts = new Set<string>();
  const sockets = new WebSocketServer({ noServer: true, maxPayload: 256 * 1024 });

  const files = createStaticFiles(options.rendererRoot);

  const answer = (request: IncomingMessage, response: ServerResponse) => {
    // On every response, whoever writes it: ours, the static-file library's, a 304.
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.setHeader(name, value);
    if (!hostAllowed(request, hosts)) return send(response, 421, 'unknown host');
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'method not allowed');
    const target = parseRequestTarget(request.url);
    if (target === null) return send(response, 400, 'bad request: the path is not a valid URL path');
    if (target.rawPath.startsWith(ASSETS_PREFIX)) return files.asset(request, response, target.rawPath);
    const exportKind = exportKindOf(target.path);
    if (exportKind !== null) {
      if (!tokensMatch(token, target.query.get('token'))) return send(response, 401, 'Concurrency Lab: an export needs the token of the lab\'s URL.');
      if (!downloadAllowed(request, hosts)) return send(response, 403, 'Concurrency Lab: exports are given only to the lab\'s own page.');
      if (options.exports === null) return send(response, 409, 'Concurrency Lab: this server replays a recording; the page\'s File menu exports the recording it shows.');
      return sendExport(request, response, exportKind, options.exports);
    }
    const isRecording = target.path === RECORDING_PATH;
    if (target.path !== '/' && target.path !== '/index.html' && !isRecording) return send(response, 404, 'not found');
    if (!tokensMatch(token, target.query.get('token'))) {
      return send(response, 401, 'Concurrency Lab: open the full URL that the lab printed when it started (it ends in ?token=...).');
    }
    if (isRecording) {
      if (!downloadAllowed(request, hosts)) return send(response, 403, 'Concurrency Lab: a recording is given only to the lab\'s own page.');
      return serveRecording(request, response, options.recording);
    }
    files.page(request, response);
  };
  const server = createServer((request, response) => {
    try {
      answer(request, response);
    } catch (error) {
      // Only a bug gets here: this one request fails, the lab and every other connection carry on.
      console.error('concurrency-lab: a request could not be answered:', error);
      send(response, 500, 'the lab could not answer that request');
    }
  });

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    // Node takes its own error listener off a socket it hands over for an upgrade; without one, a peer
    // that resets the connection while it is refused would be an uncaught error.
    socket.on('error', () => socket.destroy());
    const refuse = (status: string) => {
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    };
    try {
      const target = parseRequestTarget(request.url);
      if (target === null) return refuse('400 Bad Request');
      if (target.path !== '/ws') return refuse('404 Not Found');
      if (!hostAllowed(request, hosts)) return refuse('421 Misdirected Request');
      if (!originAllowed(request, hosts)) return refuse('403 Forbidden');
      if (!tokensMatch(token, target.query.get('token'))) return refuse('401 Unauthorized');
      sockets.handleUpgrade(request, socket, head, (ws) => bridgeSocket(ws, options.lab));
    } catch (error) {
      console.error('concurrency-lab: a WebSocket upgrade could not be handled:', error);
      socket.destroy();
    }
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(options.host, port);
  const shownHost = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${shownHost}:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        // A close frame goes out after what is already queued, so the last events reach the page.
        for (const client of sockets.clients) client.close(1001, 'the lab stopped');
        sockets.close();
        server.close(() => resolve());
        server.closeIdleConnections();
        setTimeout(() => server.closeAllConnections(), 200).unref();
      }),
  };
}
