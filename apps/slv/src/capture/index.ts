export {
  CaptureFormatError,
  type CaptureEntry, type CaptureError, type CaptureFormat, type CaptureReadResult, type CapturedDatagram, type Endpoint,
} from './capture-types.ts';
export { parseCapture, type CaptureHint } from './parse-capture.ts';
export { readCapture } from './read-capture.ts';
export { parsePcap, readPcapMagic, type PcapMagic } from './pcap-reader.ts';
export { isPcapng, parsePcapng } from './pcapng-reader.ts';
export { parseJsonLines } from './jsonl-reader.ts';
export {
  writePcap, buildLinkFrame, buildIPv4Packet, buildIPv6Packet, buildUdpIPv4Frame, buildUdpIPv6Frame, pcapngBlock, DEFAULT_SNAPLEN,
  type PcapRecord, type PcapWriteOptions, type LinkFrameOptions, type IPv4PacketOptions, type UdpIPv4FrameOptions,
} from './pcap-writer.ts';
export { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './ip-address.ts';
export {
  LINKTYPE_NULL, LINKTYPE_ETHERNET, LINKTYPE_RAW_DLT, LINKTYPE_RAW_DLT_OPENBSD, LINKTYPE_RAW, LINKTYPE_LOOP,
  LINKTYPE_LINUX_SLL, LINKTYPE_IPV4, LINKTYPE_IPV6, LINKTYPE_LINUX_SLL2, SUPPORTED_LINK_TYPES,
  ETHERTYPE_IPV4, ETHERTYPE_IPV6, ETHERTYPE_ARP, ETHERTYPE_VLAN, ETHERTYPE_QINQ,
} from './link-layer.ts';
