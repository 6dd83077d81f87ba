/**
 * A TaskManager's data plane to its peers: one TCP connection per peer TaskManager,
 * carrying every channel between the two. The TaskManager whose resource id sorts lower
 * opens it; the other waits for it, so a pair never ends up with two. Messages for a
 * peer wait in order until its connection is up. With internal TLS on, the data
 * connections are mutually authenticated TLS with the same key and CA as the RPC ones,
 * as Flink's `security.ssl.internal.*` covers both.
 * What is sent to a peer in one turn of the event loop leaves in one writev at the end of
 * the turn: a write per frame made the sending thread run the loopback TCP path once per
 * buffer and once per credit.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';
import tls from 'node:tls';
import { tlsCredentials, type TcpRpcTlsOptions } from '../../rpc/index.js';
import type { NetworkMessage } from './messages.js';
import { encodeHello, encodeMessage, FrameDecoder } from './data-frames.js';

export interface NetworkStackOptions {
  readonly resourceId: string;
  readonly bindHost: string;
  /** The host peers should connect to. */
  readonly advertisedHost: string;
  readonly port: number;
  /** Mutual TLS for every data connection; undefined for plain TCP. */
  readonly tls?: TcpRpcTlsOptions | undefined;
  readonly onMessage: (message: NetworkMessage) => void;
  /** A peer's connection broke: the tasks that talk to it cannot go on. */
  readonly onPeerLost: (peerId: string, reason: string) => void;
}

interface Peer {
  readonly id: string;
  address: string | undefined;
  socket: Socket | undefined;
  readonly queue: Uint8Array[];
  connecting: boolean;
  /** The socket corked until the end of this turn of the event loop, if any. */
  corked: Socket | undefined;
}

export class NetworkStack {
  private readonly peers = new Map<string, Peer>();
  private server: Server | undefined;
  private closed = false;
  private boundPort = 0;

  constructor(private readonly options: NetworkStackOptions) {}

  /** Starts listening; resolves with the host:port peers connect to. */
  async start(): Promise<string> {
    const accept = (socket: Socket): void => this.accept(socket);
    const secure = this.options.tls;
    const server =
      secure === undefined ? createServer(accept) : tls.createServer({ ...tlsCredentials(secure), requestCert: true, rejectUnauthorized: true }, accept);
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.bindHost, () => resolve());
    });
    const address = server.address();
    this.boundPort = typeof address === 'object' && address !== null ? address.port : this.options.port;
    return this.address;
  }

  get address(): string {
    return `${this.options.advertisedHost}:${this.boundPort}`;
  }

  /** Learns where a peer listens; the lower id of the pair connects right away. */
  knowPeer(peerId: string, address: string): void {
    if (peerId === this.options.resourceId) return;
    const peer = this.peer(peerId);
    peer.address = address;
    if (this.dialsTo(peerId)) this.dial(peer);
  }

  send(peerId: string, message: NetworkMessage): void {
    const chunks = encodeMessage(message);
    const peer = this.peer(peerId);
    if (peer.socket !== undefined && peer.queue.length === 0) this.write(peer, peer.socket, chunks);
    else {
      peer.queue.push(...chunks);
      if (this.dialsTo(peerId)) this.dial(peer);
    }
  }

  private write(peer: Peer, socket: Socket, chunks: readonly Uint8Array[]): void {
    if (peer.corked !== socket) {
      socket.cork();
      peer.corked = socket;
      setImmediate(() => {
        if (peer.corked === socket) peer.corked = undefined;
        socket.uncork();
      });
    }
    for (const chunk of chunks) socket.write(chunk);
  }

  /** Forgets a peer that is gone, dropping what was queued for it. */
  forgetPeer(peerId: string): void {
    const peer = this.peers.get(peerId);
    if (peer === undefined) return;
    this.peers.delete(peerId);
    peer.socket?.destroy();
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const peer of this.peers.values()) peer.socket?.destroy();
    this.peers.clear();
    const server = this.server;
    if (server !== undefined) await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private dialsTo(peerId: string): boolean {
    return this.options.resourceId < peerId;
  }

  private peer(peerId: string): Peer {
    let peer = this.peers.get(peerId);
    if (peer === undefined) {
      peer = { id: peerId, address: undefined, socket: undefined, queue: [], connecting: false, corked: undefined };
      this.peers.set(peerId, peer);
    }
    return peer;
  }

  private dial(peer: Peer): void {
    if (peer.socket !== undefined || peer.connecting || peer.address === undefined || this.closed) return;
    const separator = peer.address.lastIndexOf(':');
    const host = peer.address.slice(0, separator);
    const port = Number(peer.address.slice(separator + 1));
    peer.connecting = true;
    const secure = this.options.tls;
    const onConnected = (): void => {
      peer.connecting = false;
      socket.setNoDelay(true);
      this.write(peer, socket, encodeHello(this.options.resourceId));
      this.attach(peer, socket);
    };
    const socket =
      secure === undefined
        ? createConnection({ host, port }, onConnected)
        : tls.connect(
            // As for RPC, trust comes from the cluster's CA; one certificate usually serves every host.
            { host, port, ...tlsCredentials(secure), rejectUnauthorized: true, checkServerIdentity: () => undefined },
            onConnected,
          );
    socket.on('error', (error) => {
      if (peer.connecting) {
        peer.connecting = false;
        this.lost(peer, `could not connect to TaskManager ${peer.id} at ${peer.address ?? '?'}: ${error.message}`);
      }
    });
  }

  private accept(socket: Socket): void {
    socket.setNoDelay(true);
    const decoder = new FrameDecoder(this.options.resourceId);
    let peer: Peer | undefined;
    const onData = (chunk: Buffer): void => {
      try {
        for (const frame of decoder.push(chunk)) {
          if (frame.kind === 'hello' && peer === undefined) {
            peer = this.peer(frame.resourceId);
            socket.off('data', onData);
            this.attach(peer, socket, decoder);
          } else if (frame.kind === 'message' && peer !== undefined) {
            this.options.onMessage(frame.message);
          } else {
            throw new Error('a data connection must start with a HELLO frame');
          }
        }
      } catch (error) {
        socket.destroy(error as Error);
      }
    };
    socket.on('data', onData);
    socket.on('error', () => socket.destroy());
  }

  /** Makes `socket` the peer's connection: flushes the queue and reads its frames. */
  private attach(peer: Peer, socket: Socket, decoder = new FrameDecoder(this.options.resourceId)): void {
    if (peer.socket !== undefined && peer.socket !== socket) peer.socket.destroy();
    peer.socket = socket;
    this.write(peer, socket, peer.queue.splice(0));
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const frame of decoder.push(chunk)) if (frame.kind === 'message') this.options.onMessage(frame.message);
      } catch (error) {
        socket.destroy(error as Error);
      }
    });
    socket.on('close', () => {
      if (peer.socket === socket) {
        peer.socket = undefined;
        this.lost(peer, `the data connection to TaskManager ${peer.id} closed`);
      }
    });
    socket.on('error', () => undefined);
  }

  private lost(peer: Peer, reason: string): void {
    if (this.closed) return;
    peer.queue.length = 0;
    this.options.onPeerLost(peer.id, reason);
  }
}
