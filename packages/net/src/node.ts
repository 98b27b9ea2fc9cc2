/** @slv/net/node: the Node-only parts (UDP sockets, the browser relay). */
export { UdpTransport } from './transport/udp-transport.ts';
export * from './relay/index.ts';
